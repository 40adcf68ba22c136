"""The same answers on every store: the seeds and a small unicode fixture
corpus, built with the real model into the local store and into Qdrant's
local mode, must give the same passages in the same order for ``ask``,
``check`` and ``qa eval`` (scores equal to 1e-4), and behave alike when
documents are added, changed and removed."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict

import pytest

pytest.importorskip("qdrant_client")

from qa.collection import Collection  # noqa: E402
from qa.errors import QAError  # noqa: E402
from qa.store.local import LocalStore  # noqa: E402
from qa.store.qdrant import QdrantStore  # noqa: E402

from tests.conftest import SEEDS, SHARED, read_jsonl  # noqa: E402

STORES = ["local", "qdrant"]
FIXTURE = {
    "housing-fr.md": "# Logement abordable\n\nLe programme a financé 12 500 logements à Montréal en 2024.\n\n"
                     "## Délais\n\nLes délais d’attente ont baissé de 18 % — selon la Société d’habitation du Québec.\n",
    "ports.txt": "Ports of entry\n\nThe Lacolle crossing processed 1,204,337 travellers in 2023.\n\n"
                 "Canine teams screened 48,112 parcels for fentanyl at Pacific Highway.\n",
    "naïve-notes.md": "# Notes\n\nA “café” near the Ambassador Bridge hosts the cross-border working group each spring.\n",
}
QUESTIONS = ["How many travellers did Lacolle process?", "Combien de logements à Montréal?",
             "Who hosts the cross-border working group?", "What is the capital of Australia?"]
CLAIMS = ["Canine teams screened 48,112 parcels for fentanyl.", "The Lacolle crossing processed 2 million travellers in 2023."]


def same(a, b, path="result"):
    """Equal values, floats to 1e-4 (a readable failure names the field)."""
    if isinstance(a, float) or isinstance(b, float):
        assert a == pytest.approx(b, abs=1e-4), path
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parity") / "corpus"
    shutil.copytree(SEEDS, folder)
    for name, text in FIXTURE.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus, embedder):
    """The corpus built once into each store."""
    return {"local": Collection.build([corpus], store=LocalStore(tmp_path_factory.mktemp("local") / "index"), encoder=embedder),
            "qdrant": Collection.build([corpus], store=QdrantStore("qdrant+memory:"), encoder=embedder)}


def questions() -> list[str]:
    path = SHARED / "eval" / "seeds_questions.jsonl"
    return [q["question"] for q in read_jsonl(path)] if path.exists() else []


def test_same_chunks_ids_and_vectors(built):
    local, qdrant = built["local"].store, built["qdrant"].store
    ids = local.chunk_ids()
    assert qdrant.chunk_ids() == ids
    assert qdrant.chunks(ids) == local.chunks(ids)
    assert abs(qdrant.vectors(ids) - local.vectors(ids)).max() < 1e-6
    assert list(qdrant.documents()) == list(local.documents())


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_ask_gives_the_same_passages_on_every_store(built, mode):
    for q in questions() + QUESTIONS:
        a, b = (asdict(built[s].ask(q, mode=mode)) for s in STORES)
        same(a, b, f"ask {q!r}")


def test_check_gives_the_same_verdicts_on_every_store(built):
    path = SHARED / "eval" / "seeds_claims.jsonl"
    claims = [c["claim"] for c in read_jsonl(path)] if path.exists() else []
    for claim in claims + CLAIMS:
        a, b = (built[s].check(claim).to_dict() for s in STORES)
        same(a, b, f"check {claim!r}")


@pytest.mark.parametrize("store", STORES)
def test_passages_are_verbatim_and_cited(built, store):
    c = built[store]
    for q in QUESTIONS:
        for p in c.ask(q).passages:
            assert c.text(p.doc)[p.start:p.end] == p.text
            assert p.citation and p.title
    top = c.ask("How many travellers did Lacolle process?").passages[0]
    assert "1,204,337" in top.text and top.doc == "ports.txt"


def test_eval_is_identical_on_both_stores(tmp_path, corpus, capsys):
    """``qa eval`` on the shared seed questions, through the CLI, local folder vs Qdrant's local mode."""
    path = SHARED / "eval" / "seeds_questions.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    from qa.cli import main

    out = {}
    for kind, location in (("local", str(tmp_path / "index")), ("qdrant", f"qdrant+path:{tmp_path / 'qdrant'}")):
        assert main(["--store", location, "index", "--quiet", str(SEEDS)]) == 0
        capsys.readouterr()
        assert main(["--store", location, "eval", str(path), "--json"]) == 0
        out[kind] = json.loads(capsys.readouterr().out)
    same(out["local"], out["qdrant"], "eval")
    assert out["local"]["hybrid"]


@pytest.mark.parametrize("store", STORES)
def test_updates_and_removals_keep_stores_alike(tmp_path, store, hash_embedder):
    """Mechanics (hash embedder): a changed file replaces its passages, a removed one is gone, unknown names list the known."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Seizures\n\nThe CBSA seized 4,234 firearms in 2023.", encoding="utf-8")
    (folder / "b.md").write_text("# Ports\n\nLacolle processed 1,204,337 travellers.", encoding="utf-8")
    target = LocalStore(tmp_path / "index") if store == "local" else QdrantStore("qdrant+memory:")
    c = Collection.build([folder], store=target, encoder=hash_embedder)
    assert c.ask("firearms seized", mode="bm25").passages[0].text == "The CBSA seized 4,234 firearms in 2023."
    (folder / "a.txt").write_text("Seizures\n\nThe CBSA seized 5,001 firearms in 2024.", encoding="utf-8")
    c = Collection.build([folder], store=target, encoder=hash_embedder)
    assert c.last_build.changed == ["a.txt"]
    assert c.ask("firearms seized", mode="bm25").passages[0].text == "The CBSA seized 5,001 firearms in 2024."
    assert len(c.store.chunk_ids()) == 2
    c.remove(["b.md"])
    assert list(c.documents()) == ["a.txt"] and len(c.store.chunk_ids()) == 1
    with pytest.raises(QAError, match="unknown document 'b.md'; indexed: a.txt"):
        c.ask("travellers", docs=["b.md"])
