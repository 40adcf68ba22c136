"""A build that dies at a chosen step, for tests/test_generations.py.

    python tests/killed_build.py STORE SOURCE [SOURCE...] --die-at N [--after]

runs ``build_index`` with the fake embedder, counting every call that changes
the file tree (rename, replace, unlink, mkdir, rmtree); at call N it exits at
once (``os._exit``, like ``kill -9``: no cleanup, no flush), before the call
or, with ``--after``, right after it. ``--die-at 0`` never dies; ``--loop``
builds the sources in turn forever (for the concurrency test). Prints the
number of calls a complete build made.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qa.encode.embedding import HashEmbedder  # noqa: E402
from qa.store.index import build_index  # noqa: E402

CALLS = 0


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("store")
    p.add_argument("sources", nargs="+")
    p.add_argument("--die-at", type=int, default=0)
    p.add_argument("--after", action="store_true")
    p.add_argument("--loop", action="store_true")
    args = p.parse_args()

    def counted(fn):
        def wrapper(*a, **kw):
            global CALLS
            CALLS += 1
            mine = CALLS  # calls made inside this one (rmtree's unlinks) count too
            if mine == args.die_at and not args.after:
                os._exit(9)
            out = fn(*a, **kw)
            if mine == args.die_at and args.after:
                os._exit(9)
            return out
        return wrapper

    for module, name in ((os, "rename"), (os, "replace"), (os, "unlink"), (os, "mkdir"), (shutil, "rmtree")):
        setattr(module, name, counted(getattr(module, name)))
    embedder = HashEmbedder()
    if args.loop:
        while True:
            for source in args.sources:
                build_index([Path(source)], Path(args.store), embedder)
    build_index([Path(s) for s in args.sources], Path(args.store), embedder)
    print(CALLS)


if __name__ == "__main__":
    main()
