"""An index folder of the old layout (format 1, no generations), made from a loaded index."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path


def make_legacy(index, dest: Path) -> Path:
    """Write ``index`` (a loaded generation) to ``dest`` as qa wrote indexes before generations."""
    shutil.copytree(index.path, dest)
    raw = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    for key in ("build", "parts", "sentences"):
        raw.pop(key, None)
    raw["format_version"] = 1
    (dest / "manifest.json").write_text(json.dumps(raw), encoding="utf-8")
    with open(dest / "chunks.jsonl", "w", encoding="utf-8") as f:
        for i, c in enumerate(index.chunks):
            f.write(json.dumps({"id": i, **asdict(c)}, ensure_ascii=False) + "\n")
    for part in ("terms.npz", "sentences.npy", "sentence_spans.npy"):
        (dest / part).unlink()
    return dest
