"""Index generations: killed builds and concurrent readers never see a broken or mixed index.

Builds run in a subprocess with the fake embedder (tests/killed_build.py),
killed at every step that changes the file tree, before and after it, and at
random steps; after each kill a load must give the old or the new index
whole, and answer a question only the new one can.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from qa.answer.answers import answer
from qa.errors import QAError
from qa.store import generations
from qa.store.index import build_index, load_index

from .conftest import ROOT, SEEDS
from .legacy import make_legacy

SCRIPT = ROOT / "tests" / "killed_build.py"
EXTRA = "harbour.txt"
QUESTION = "How many gulls did the lighthouse keeper count at Peggy's Cove?"


@pytest.fixture
def corpora(tmp_path):
    """Two versions of a corpus: the seeds, and the seeds plus a note about gulls."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(SEEDS, old)
    shutil.copytree(SEEDS, new)
    (new / EXTRA).write_text("Harbour log\n\nThe lighthouse keeper at Peggy's Cove counted 4,321 gulls in May.\n",
                             encoding="utf-8")
    return old, new


def run_build(store: Path, source: Path, die_at: int = 0, after: bool = False, timeout: float = 60) -> subprocess.CompletedProcess:
    argv = [sys.executable, str(SCRIPT), str(store), str(source), "--die-at", str(die_at)] + (["--after"] if after else [])
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


def check_whole(store: Path, hash_embedder, allowed: list[set[str]]) -> set[str]:
    """Load the store; it must be one of the allowed document sets, and answer
    the gull question from the note exactly when it holds the note."""
    index = load_index(store)
    docs = set(index.documents)
    assert docs in allowed, f"a load gave documents {sorted(docs)}"
    assert index.raw["build"] == index.path.name[len(generations.PREFIX):]
    top = answer(index, hash_embedder, QUESTION, k=3, mode="bm25").passages[0]
    assert (top.doc == EXTRA) == (EXTRA in docs)
    assert index.documents[top.doc].text[top.start:top.end] == top.text
    return docs


@pytest.mark.slow
def test_builds_killed_at_every_step_leave_a_whole_index(tmp_path, corpora, hash_embedder):
    old, new = corpora
    store = tmp_path / "index"
    first = run_build(store, old)
    assert first.returncode == 0, first.stderr
    steps = int(run_build(store, new).stdout)       # an update: how many tree changes it makes
    old_docs, new_docs = {p.name for p in old.iterdir()}, {p.name for p in new.iterdir()}
    kills, current = 0, new_docs
    for step in range(1, steps + 1):   # every step, dying before it or (every other one) right after it
        for after in (False, True) if step % 2 else (False,):
            target = old if current == new_docs else new
            proc = run_build(store, target, die_at=step, after=after)
            assert proc.returncode in (0, 9), proc.stderr  # 0: this build made fewer changes
            kills += proc.returncode == 9
            current = check_whole(store, hash_embedder, [old_docs, new_docs])
    # random steps, each right after the previous crash (no clean build between): the leftovers
    # of one killed build meet the next one. (A kill between two tree changes leaves what a kill
    # just before the next one leaves, so steps cover every moment; no timed kills, no sleeps.)
    rng = random.Random(7)
    for _ in range(6):
        target = old if current == new_docs else new
        proc = run_build(store, target, die_at=rng.randint(1, steps), after=rng.random() < 0.5)
        assert proc.returncode in (0, 9), proc.stderr
        kills += proc.returncode == 9
        current = check_whole(store, hash_embedder, [old_docs, new_docs])
    assert kills >= steps, f"only {kills} kills in {steps} steps"
    # a clean build afterwards removes every leftover and keeps two generations
    assert run_build(store, new).returncode == 0
    folder = store / "default"
    leftovers = [p.name for p in folder.iterdir() if ".tmp-" in p.name or ".trash-" in p.name]
    assert leftovers == [] and len(generations.generations(folder)) <= generations.KEEP
    assert check_whole(store, hash_embedder, [new_docs]) == new_docs


def test_readers_never_see_a_mixed_index_while_builds_swap(tmp_path, corpora, hash_embedder):
    old, new = corpora
    store = tmp_path / "index"
    build_index([old], store, hash_embedder)
    builder = subprocess.Popen([sys.executable, str(SCRIPT), str(store), str(new), str(old), "--loop"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    allowed = [{p.name for p in old.iterdir()}, {p.name for p in new.iterdir()}]
    loads, failures, builds = [0], [], set()
    deadline = time.monotonic() + 120

    def reader():
        while loads[0] < 600 and time.monotonic() < deadline and not failures:
            try:
                check_whole(store, hash_embedder, allowed)
                builds.add(load_index(store).raw["build"])
            except (AssertionError, QAError) as e:
                failures.append(f"{type(e).__name__}: {e}")
            loads[0] += 2
    try:
        threads = [threading.Thread(target=reader) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        builder.kill()
        builder.wait(timeout=30)
    assert not failures, failures[:3]
    assert loads[0] >= 500, f"only {loads[0]} loads in the time allowed"
    assert len(builds) >= 3, f"the builder published only {len(builds)} generations during the loads"


def test_bad_index_paths_are_one_line_errors(tmp_path, corpora, hash_embedder):
    old, _ = corpora
    a_file = tmp_path / "file"
    a_file.write_text("not an index")
    with pytest.raises(QAError, match="is a file"):
        load_index(a_file)
    with pytest.raises(QAError, match="is a file"):
        build_index([old], a_file, hash_embedder)
    store = tmp_path / "index"
    build_index([old], store, hash_embedder)
    gen = load_index(store).path
    import numpy as np
    np.save(gen / "vectors.npy", np.zeros((3, 5), dtype=np.float64))
    with pytest.raises(QAError, match="inconsistent"):
        load_index(store)
    build_index([old], tmp_path / "fresh", hash_embedder)
    legacy = make_legacy(load_index(tmp_path / "fresh"), tmp_path / "legacy")  # no part sizes to catch it
    n = len(load_index(legacy).chunks)
    np.save(legacy / "vectors.npy", np.zeros((n, 5), dtype=np.float32))
    with pytest.raises(QAError, match=r"expected \(n, 64\) float32"):
        load_index(legacy)
    np.save(legacy / "vectors.npy", np.zeros((n, 64), dtype=np.float64))
    with pytest.raises(QAError, match="float64"):
        load_index(legacy)


@pytest.mark.skipif(hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0,
                    reason="root reads folders whatever their permissions")
def test_permission_denied_is_one_line(tmp_path, corpora, hash_embedder):
    old, _ = corpora
    store = tmp_path / "index"
    build_index([old], store, hash_embedder)
    for locked in (store, tmp_path):   # the store itself, then the folder it is in
        locked.chmod(0)
        try:
            with pytest.raises(QAError, match="permission denied"):
                load_index(store)
        finally:
            locked.chmod(0o755)


def test_permission_denied_as_root_too(tmp_path, corpora, hash_embedder, monkeypatch):
    """The same one-line error when the system refuses (simulated: root reads anything)."""
    import os

    old, _ = corpora
    store = tmp_path / "index"
    build_index([old], store, hash_embedder)
    real_stat, real_listdir = os.stat, os.listdir

    def refuse(real):
        def fake(path, *a, **kw):
            if str(path).startswith(str(store)):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *a, **kw)
        return fake
    monkeypatch.setattr(os, "listdir", refuse(real_listdir))
    with pytest.raises(QAError, match="permission denied") as e:
        load_index(store)
    assert "\n" not in str(e.value)
    monkeypatch.setattr(os, "stat", refuse(real_stat))  # the parent refuses: nothing inside can even be looked at
    with pytest.raises(QAError, match="permission denied"):
        load_index(store)
