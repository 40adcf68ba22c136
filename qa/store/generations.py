"""Index generations: readers see one whole build, never a mix of two.

A collection folder holds immutable generations and one pointer::

    default/
      CURRENT            the published generation's id, replaced by rename
      g-<id>/            one complete generation (never changed once published)
      g-<id>.tmp-<pid>/  a generation being written (a leftover if its build died)
      build.lock         held (flock) by the one build running on this folder

A build writes ``g-<id>.tmp-<pid>/``, renames it to ``g-<id>/`` and publishes
it by writing ``CURRENT.tmp-<pid>`` and renaming it over ``CURRENT``: the one
atomic step. A reader reads ``CURRENT`` and opens that folder, whole. After
publishing, generations other than the newest two are deleted (a reader that
started on the previous one can finish); a build deletes the leftovers of killed
builds before it starts. Nothing is ever deleted that ``CURRENT`` names, so
no sequence of kills leaves no index where one existed.

    >>> import tempfile; from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> current(folder) is None
    True
    >>> tmp = begin(folder, "20260101T000000-aaaaaa"); (tmp / "manifest.json").write_text("{}")
    2
    >>> publish(folder, tmp).name, current(folder).name
    ('g-20260101T000000-aaaaaa', 'g-20260101T000000-aaaaaa')
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import time
from pathlib import Path

from qa.errors import QAError

POINTER = "CURRENT"
PREFIX = "g-"
KEEP = 2
_ID = re.compile(r"^\d{8}T\d{6}(\.\d{6})?-[0-9a-f]{6}$")


def new_id() -> str:
    """A build id that sorts by time: UTC microsecond, then 6 random hex digits.

    Two builds in the same second must still sort in the order they ran:
    ``clean`` and ``prune`` tell newer from older by the name alone.
    (Ids without the microseconds, from older builds, sort before any
    newer id of the same second, since ``-`` sorts before ``.``.)
    """
    ns = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(ns // 1_000_000_000))
    return f"{stamp}.{ns // 1000 % 1_000_000:06d}-{secrets.token_hex(3)}"


def generations(folder: Path) -> list[Path]:
    """Published-looking generation folders, oldest first (by id)."""
    try:
        entries = list(Path(folder).iterdir())
    except FileNotFoundError:
        return []
    return sorted((p for p in entries if p.name.startswith(PREFIX) and _ID.match(p.name[len(PREFIX):]) and p.is_dir()),
                  key=lambda p: p.name)


def current(folder: Path) -> Path | None:
    """The published generation, or None if nothing was ever published.

    If ``CURRENT`` is unreadable or names a missing folder (a disk that lost
    the last write), the newest generation with a manifest is used instead.
    """
    folder = Path(folder)
    try:
        gid = (folder / POINTER).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        gid = None
    except (OSError, UnicodeDecodeError) as e:
        if isinstance(e, PermissionError):
            raise QAError(f"cannot read the index at {folder}: permission denied") from None
        gid = None
    if gid and _ID.match(gid) and (folder / (PREFIX + gid) / "manifest.json").is_file():
        return folder / (PREFIX + gid)
    for path in reversed(generations(folder)):
        if (path / "manifest.json").is_file():
            return path
    return None


def build_id(path: Path) -> str:
    """The build id of a generation folder, from its name."""
    return Path(path).name[len(PREFIX):]


@contextlib.contextmanager
def lock(folder: Path):
    """One build at a time on ``folder`` (other processes wait for it)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        f = open(folder / "build.lock", "a+")
    except PermissionError:
        raise QAError(f"cannot write the index at {folder}: permission denied") from None
    except NotADirectoryError:
        raise QAError(f"the index path {folder} is a file, not a folder; choose another path with --store") from None
    with f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def clean(folder: Path) -> list[str]:
    """Remove what killed builds left (call under ``lock``): temporary
    folders, pointer temporaries, generations never published and newer than
    the current one, half-deleted ones, and generations a build killed
    before its ``prune`` left beyond the newest ``KEEP``. Returns the names removed."""
    folder = Path(folder)
    live = current(folder)
    removed = []
    for p in list(folder.iterdir()) if folder.is_dir() else []:
        stale = (".tmp-" in p.name or ".trash-" in p.name) and (p.name.startswith((PREFIX, POINTER)))
        unpublished = p in generations(folder) and live is not None and p.name > live.name
        if stale or unpublished:
            _remove(p)
            removed.append(p.name)
    return removed + prune(folder)


def begin(folder: Path, gid: str) -> Path:
    """A fresh temporary folder for generation ``gid``."""
    tmp = Path(folder) / f"{PREFIX}{gid}.tmp-{os.getpid()}"
    _remove(tmp)
    tmp.mkdir(parents=True)
    return tmp


def publish(folder: Path, tmp: Path, keep: int = KEEP) -> Path:
    """Make the generation in ``tmp`` the current one (rename, then one atomic
    pointer rename), then delete all but the newest ``keep`` generations."""
    folder, tmp = Path(folder), Path(tmp)
    final = folder / tmp.name.split(".tmp-")[0]
    os.rename(tmp, final)
    _fsync_dir(final)
    pointer = folder / f"{POINTER}.tmp-{os.getpid()}"
    with open(pointer, "w", encoding="ascii") as f:
        f.write(build_id(final) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(pointer, folder / POINTER)
    _fsync_dir(folder)
    prune(folder, keep)
    return final


def prune(folder: Path, keep: int = KEEP) -> list[str]:
    """Delete generations older than the newest ``keep`` ones (never the
    current); returns the names removed."""
    live = current(folder)
    older = [g for g in generations(folder) if live is None or g.name <= live.name]
    gone = [g for g in (older[:-keep] if keep else older) if g != live]
    for g in gone:
        _remove(g)
    return [g.name for g in gone]


def _remove(path: Path) -> None:
    """Delete a folder or file; a folder is first renamed to ``*.trash-*`` so
    a kill during the deletion leaves something ``clean`` recognises."""
    if not os.path.lexists(path):
        return
    if path.is_dir() and not path.is_symlink():
        trash = path.with_name(f"{path.name.split('.tmp-')[0]}.trash-{os.getpid()}-{secrets.token_hex(2)}")
        try:
            os.rename(path, trash)
        except OSError:
            trash = path
        shutil.rmtree(trash, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
