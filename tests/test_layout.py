"""The package shows the pipeline as folders, and imports only run downward.

ingest -> encode -> store -> retrieve -> answer -> check -> collection -> web,
with ``config`` and ``errors`` beneath them all and the modules at the top of
the package (cli, evaluate ...) above them all. ``qa/collection.py`` is the one
object callers hold (store + encoder + settings): above every stage it
drives, below the web app and the CLI that hold it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .conftest import ROOT

STAGES = ["ingest", "encode", "store", "retrieve", "answer", "check", "collection", "web"]
FOLDERS = [s for s in STAGES if s != "collection"]
BASE = {"config", "errors"}


def level(module: str) -> int:
    """-1 for the base modules, 0..7 for the stages, 99 for the top."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "qa":
        return -2
    if parts[1] in BASE:
        return -1
    if parts[1] in STAGES:
        return STAGES.index(parts[1])
    return 99


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every qa import in a file, including imports inside functions."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            out += [(node.lineno, n) for n in names if n.startswith("qa")]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("qa")]
    return out


def test_stages_import_only_downward():
    wrong = []
    for path in sorted((ROOT / "qa").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        mine = level(module)
        for line, target in imports(path):
            theirs = level(target)
            # a name imported from a stage package (``from qa.store import lexical``) is that stage
            if theirs > mine and not (mine == 99 and theirs == 99):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not wrong, "a stage imports from a later stage:\n" + "\n".join(wrong)


def test_every_stage_is_a_folder_with_a_docstring():
    for stage in FOLDERS:
        init = ROOT / "qa" / stage / "__init__.py"
        assert init.exists(), f"qa/{stage}/ is missing"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"qa/{stage}/__init__.py says nothing"


def test_readme_names_every_stage_and_only_files_that_exist():
    """The README's "How it works" table can't drift from the package."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## How it works"):].split("\n\n")[1:3]
    rows = [line for part in table for line in part.splitlines() if line.startswith("| `")]
    named = set()
    for row in rows:
        cells = row.split("|")
        where = cells[1].strip().strip("`")
        folder = ROOT / "qa" / where.rstrip("/") if where.endswith("/") else ROOT / "qa"
        for name in re.findall(r"`([a-z_*]+\.py)`", row):
            matches = list(folder.glob(name))
            assert matches, f"README names {name} in {folder.relative_to(ROOT)}, which has no such file"
        named.add(where)
    assert {f"{s}/" for s in FOLDERS} <= named, f"README's table misses {sorted({f'{s}/' for s in FOLDERS} - named)}"
