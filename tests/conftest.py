"""Shared fixtures: the real model and a seeds index built once per test run."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QA_SHARED", ROOT.parent / "shared"))  # beside the checkout, or QA_SHARED
SEEDS = ROOT / "seeds"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def fold(text: str) -> str:
    """Case-folded, quotes straightened, whitespace collapsed (the eval README's comparison)."""
    table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
    return " ".join(text.translate(table).casefold().split())


@pytest.fixture(scope="session")
def embedder():
    from qa.encode.embedding import load_embedder

    return load_embedder("all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory, embedder):
    """The seed documents indexed with the real model (built once)."""
    from qa.store.index import build_index, load_index

    out = tmp_path_factory.mktemp("seeds") / "index"
    build_index([SEEDS], out, embedder)
    return load_index(out)


def shared_eval(name: str) -> list[dict]:
    """A file of ../shared/eval, or a skip saying it is absent."""
    path = SHARED / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared eval folder sits beside the project)")
    return read_jsonl(path)


@pytest.fixture(scope="session")
def eval_questions():
    return shared_eval("seeds_questions.jsonl")


@pytest.fixture
def hash_embedder():
    from qa.encode.embedding import HashEmbedder

    return HashEmbedder()


@pytest.fixture
def corpus(tmp_path):
    """A small corpus folder with a copy of the seeds."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def pytest_collection_modifyitems(items):
    """Tests that drive the browser are marked ``browser`` (run the rest with -m "not browser")."""
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
