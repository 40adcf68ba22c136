"""The qa command: output formats, JSON schema, one-line errors with exit status 2."""

import json
import shutil
import subprocess
import sys

import pytest

from qa.cli import main
from qa.store.index import load_index

from .conftest import ROOT, SEEDS

PASSAGE_KEYS = {"rank", "doc", "title", "section", "paragraph", "page", "start", "end", "text",
                "highlights", "score", "anchor", "citation"}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "index"
    assert main(["--index", str(out), "index", "--quiet", str(SEEDS)]) == 0
    return out


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_schema(index_dir, capsys):
    code, out, _ = run(capsys, "--index", str(index_dir), "ask", "--json",
                       "How many firearms did the CBSA seize between 2019 and 2023?")
    assert code == 0
    data = json.loads(out)
    assert data["answered"] is True and data["question"].startswith("How many firearms")
    assert data["passages"] and PASSAGE_KEYS <= set(data["passages"][0])
    top = data["passages"][0]
    assert "4,234" in top["text"] and top["title"] == "Recommendations for Improved Canada/U.S. Border Security"
    code, text, _ = run(capsys, "--index", str(index_dir), "text", top["doc"])
    assert text[top["start"]:top["end"]] == top["text"]
    for s, e in top["highlights"]:
        assert top["start"] <= s < e <= top["end"]


def test_ask_plain_says_when_not_answered(index_dir, capsys):
    code, out, _ = run(capsys, "--index", str(index_dir), "ask", "What is the recipe for banana bread?")
    assert code == 0 and "do not answer" in out and "Cite:" in out


def test_ask_stdin_json_lines(index_dir, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("Who hosted the January 2025 discussions?\n\nWhat is migrant smuggling also called?\n"))
    code, out, _ = run(capsys, "--index", str(index_dir), "ask", "--json", "-")
    lines = [json.loads(l) for l in out.splitlines()]
    assert code == 0 and len(lines) == 2 and all(l["passages"] for l in lines)


def test_docs_and_text(index_dir, capsys):
    code, out, _ = run(capsys, "--index", str(index_dir), "docs", "--json")
    docs = {d["doc"]: d for d in json.loads(out)}
    assert docs["000_a58a9600d03a047c.txt"]["meta"]["reference"] == "PS-2025-QP-00019"
    code, out, _ = run(capsys, "--index", str(index_dir), "text", "000_a58a9600d03a047c.txt")
    assert out == (SEEDS / "000_a58a9600d03a047c.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("argv,message", [
    (["ask", ""], "empty"),
    (["ask", "   "], "empty"),
    (["ask", "x" * 2001], "limit is 2,000"),
    (["ask", "--doc", "nope.txt", "firearms"], "unknown document"),
    (["text", "nope.txt"], "unknown document"),
])
def test_bad_input_one_line_exit_2(index_dir, capsys, argv, message):
    code, out, err = run(capsys, "--index", str(index_dir), *argv)
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_no_index_says_how_to_build(tmp_path, capsys):
    code, _, err = run(capsys, "--index", str(tmp_path / "none"), "ask", "anything")
    assert code == 2 and "qa index" in err and err.count("\n") == 1


def test_corrupt_index_is_an_error_and_bad_file_is_skipped(index_dir, tmp_path, capsys):
    gen = load_index(index_dir).path.relative_to(index_dir)  # the published generation
    broken = tmp_path / "broken"
    shutil.copytree(index_dir, broken)
    (broken / gen / "manifest.json").write_text("{ not json")
    code, _, err = run(capsys, "--index", str(broken), "docs")
    assert code == 2 and "rebuild" in err and err.count("\n") == 1
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    kept = tmp_path / "kept"
    shutil.copytree(index_dir, kept)
    code, out, err = run(capsys, "--index", str(kept), "index", "--quiet", str(corpus))
    assert code == 0 and "indexed 2 documents" in out  # the bad file is left out, the rest indexed
    assert err.startswith("qa: skipped blob.txt: ") and "binary" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "--index", str(kept), "docs", "--json")
    assert code == 0 and len(json.loads(out)) == 2


def test_unsupported_file_and_real_process_has_no_traceback(index_dir, tmp_path):
    bad = tmp_path / "slides.pptx"
    bad.write_bytes(b"PK")
    proc = subprocess.run([sys.executable, "-m", "qa.cli", "--index", str(index_dir), "index", str(bad)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "unsupported file type" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_help_has_examples(capsys):
    for command in ("index", "ask", "docs", "text"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "example:" in capsys.readouterr().out


def test_ask_prints_the_page_its_citation_gives(tmp_path, capsys):
    """A PDF whose pages are labelled ("iv", "v"): each passage's heading line
    gives the printed page, as its citation does, never the file's page number."""
    import re

    from .files import make_layout_pdf

    (tmp_path / "docs").mkdir()
    pages = [[(72, 700, 11, f"The ferry inspectors counted {n * 40} vessels in the harbour on day {n}.", False)] for n in (1, 2)]
    make_layout_pdf(tmp_path / "docs" / "ferry.pdf", pages, labels=["iv", "v"])
    assert main(["--index", str(tmp_path / "index"), "index", "--quiet", str(tmp_path / "docs")]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "--index", str(tmp_path / "index"), "ask", "How many vessels did the ferry inspectors count?")
    heads = [line for line in out.splitlines() if re.match(r"\[\d\] ", line)]
    assert code == 0 and heads, out
    assert all(re.search(r"p\. (iv|v)  \(ferry\.pdf", h) for h in heads), heads
