"""Adding documents to the library and removing them, as the app's users do:
each upload is checked before it is stored (a supported type, under the size
limit, readable, not already in the library under another name), stored under
a safe name that never overwrites another document, and indexed with the
others, one library change at a time. When indexing fails nothing is added;
a removed file is restored if the index cannot be updated without it.

``Uploads`` is the upload half of ``qa.web.library.Library``: it works through
the library's lock, folders, collections and ``rebuild``.
"""

import os
import re
import shutil
import unicodedata
from pathlib import Path

from qa.config import LIMITS
from qa.ingest.documents import SUPPORTED, read_document
from qa.errors import QAError

MAX_UPLOAD_MB = LIMITS.upload_mb
UPLOAD_TYPES = list(SUPPORTED)


def safe_name(name: str) -> str:
    """A file name safe to store: no folders, no leading dot, plain characters.

    >>> safe_name("../../etc/passwd.TXT"), safe_name(".hidden notes (v2).md"), safe_name("C:\\\\x\\\\<b>.html")
    ('passwd.txt', 'hidden_notes_v2.md', 'b.html')
    """
    base = unicodedata.normalize("NFKC", re.split(r"[\\/]", str(name))[-1])
    stem, _, ext = base.rpartition(".")
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._-")[:100] or "document"
    return f"{stem}.{ext.lower()}"


class Uploads:
    """Adding and removing uploaded documents of a ``Library`` (its ``lock``,
    ``folder``, ``documents``, ``get``, ``rebuild``, ``name`` and ``indexing``)."""

    def uploaded(self, collection: str | None = None) -> set[str]:
        folder = self.folder(collection)
        return {d for d in self.documents(collection) if (folder / d).is_file()}

    def add_files(self, paths, progress=None, collection: str | None = None) -> tuple[list[tuple[str, str]], list[str]]:
        """Store and index uploaded files into ``collection`` (None: the served
        one). Returns ([(kind, message)], added doc names). A file that can't
        be read is reported and not stored."""
        msgs, staged = [], []
        LIMITS.upload(len(paths or []))
        with self.lock:
            folder, documents = self.folder(collection), self.documents(collection)
            folder.mkdir(parents=True, exist_ok=True)
            known = {info.sha256: d for d, info in documents.items()}
            for path in map(Path, paths or []):
                name = safe_name(path.name)
                ext = Path(name).suffix
                if ext not in UPLOAD_TYPES:
                    msgs.append(("error", f"{path.name}: {ext or 'no extension'} files are not supported; upload {', '.join(UPLOAD_TYPES)}"))
                    continue
                size = path.stat().st_size
                if size > MAX_UPLOAD_MB * 2**20:
                    msgs.append(("error", f"{path.name}: {size / 2**20:.1f} MB is over the {MAX_UPLOAD_MB} MB upload limit"))
                    continue
                try:
                    doc = read_document(path, name)
                except QAError as e:
                    msgs.append(("error", f"{path.name} was not added: {str(e).replace(str(path), '').lstrip(': ')}"))
                    continue
                if doc.sha256 in known:
                    msgs.append(("info", f"{path.name} is already in the library as {known[doc.sha256]}; nothing changed"))
                    continue
                final, n = name, 1
                while final in documents or (folder / final).exists() or final in staged:
                    n += 1
                    final = f"{Path(name).stem}-{n}{ext}"
                if final != name:
                    msgs.append(("warn", f"a different document called {name} already exists, so this one is stored as {final}"))
                tmp = folder / f".{final}.part"
                shutil.copyfile(path, tmp)
                os.replace(tmp, folder / final)
                staged.append(final)
                known[doc.sha256] = final
            if staged:
                self.indexing = "indexing " + ", ".join(staged)
                try:
                    report = self._update(collection, progress)
                    msgs += [("warn", f"{name} in the library could not be read and is left out: {why}")
                             for name, why in report.skipped]
                except Exception as e:
                    for name in staged:
                        (folder / name).unlink(missing_ok=True)
                    msgs.append(("error", f"indexing failed, nothing was added and the index is as it was: {e}"))
                    staged = []
                finally:
                    self.indexing = None
                for name in staged:
                    msgs.append(("ok", f"added {name} ({self.documents(collection)[name].chunks} chunks); it is searchable now"))
        return msgs, staged

    def _update(self, collection: str | None, progress=None):
        """Index what changed in the served collection's sources, or the
        upload folder of another collection into it (beside what it holds)."""
        if not collection or collection == self.name:
            return self.rebuild(progress)
        return self.get(collection).add([self.folder(collection)], progress)

    def remove(self, doc: str, progress=None, collection: str | None = None) -> str:
        with self.lock:
            folder = self.folder(collection)
            path = folder / str(doc)
            if doc not in self.uploaded(collection) or path.resolve().parent != folder.resolve():
                raise QAError(f"{doc!r} is not an uploaded document; seed documents can be left out of searches on this tab instead")
            keep = path.with_name(f".{path.name}.removed")
            os.replace(path, keep)
            self.indexing = f"removing {doc}"
            try:
                if not collection or collection == self.name:
                    self.rebuild(progress)
                else:
                    self.get(collection).remove([doc])
            except Exception:
                os.replace(keep, path)
                raise
            finally:
                self.indexing = None
            keep.unlink(missing_ok=True)
        return f"removed {doc}"
