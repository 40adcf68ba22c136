r"""Test sets, read and checked line by line: question sets and BEIR folders
(the formats are described in ``qa.evaluate``). Any bad line raises a
``QAError`` naming the file and line; ``qa.evaluate`` measures on what these return.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "q.jsonl"
    >>> _ = f.write_text('{"id": "u1", "question": "Capital of Australia?", "source": null}\n', encoding="utf-8")
    >>> [(q.id, q.source) for q in load_questions(f)]
    [('u1', None)]
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from qa.errors import QAError

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


class Question(NamedTuple):
    where: str               # "FILE:LINE", for errors
    id: str
    question: str
    source: str | None       # None: the documents cannot answer it
    answer: list[str]


class Beir(NamedTuple):
    name: str
    corpus: dict[str, tuple[str, str]]   # _id -> (title, text)
    queries: dict[str, str]              # _id -> text, only queries with relevant documents
    qrels: dict[str, dict[str, int]]     # query _id -> {corpus _id: relevance}
    corpus_sha: str


def fold(text: str) -> str:
    """Case-folded, quotes straightened, whitespace collapsed.

    >>> fold("The “Task”  Force")
    'the "task" force'
    """
    return " ".join(text.translate(_FOLD).casefold().split())


def _jsonl(path: Path, required: tuple[str, ...]):
    """(line number, object) of each non-blank line; a bad line is a QAError naming it."""
    if not path.is_file():
        raise QAError(f"{path}: no such file")
    with open(path, encoding="utf-8") as f:
        try:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    raise QAError(f"{path}:{n}: not valid JSON ({e.msg}, column {e.colno})") from None
                if not isinstance(obj, dict):
                    raise QAError(f"{path}:{n}: expected a JSON object, got {type(obj).__name__}")
                for key in required:
                    if key not in obj:
                        raise QAError(f"{path}:{n}: missing field {key!r}")
                yield n, obj
        except UnicodeDecodeError:
            raise QAError(f"{path}: not UTF-8 text") from None


def _text(path, n, obj, key, optional=False) -> str:
    value = obj.get(key)
    if value is None and optional:
        value = ""
    if isinstance(value, int) and key == "_id":
        value = str(value)
    if not isinstance(value, str) or (not optional and not value.strip()):
        raise QAError(f"{path}:{n}: {key!r} must be a non-empty string, got {json.dumps(value)[:40]}")
    return value


def load_questions(path) -> list[Question]:
    """Read a question set; any bad line raises ``QAError("FILE:LINE: ...")``."""
    path, out, seen = Path(path), [], {}
    for n, obj in _jsonl(path, ("question",)):
        qid = str(obj.get("id", n))
        if qid in seen:
            raise QAError(f"{path}:{n}: id {qid!r} was already used on line {seen[qid]}")
        seen[qid] = n
        question, source = _text(path, n, obj, "question"), obj.get("source")
        answer = obj.get("answer") or []
        if source is not None and (not isinstance(source, str) or not source.strip()):
            raise QAError(f"{path}:{n}: 'source' must be a document name or null, got {json.dumps(source)[:40]}")
        if not isinstance(answer, list) or not all(isinstance(a, str) and a.strip() for a in answer):
            raise QAError(f"{path}:{n}: 'answer' must be a list of non-empty strings")
        if source is not None and not answer:
            raise QAError(f"{path}:{n}: a question with a 'source' needs its 'answer' strings")
        out.append(Question(f"{path}:{n}", qid, question, source, answer))
    if not out:
        raise QAError(f"{path}: no questions in it")
    return out


def load_beir(folder, split: str = "test") -> Beir:
    """Read a BEIR folder; a missing part or bad line raises ``QAError``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise QAError(f"{folder}: no such folder (a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/<split>.tsv)")
    qrels_path = folder / "qrels" / f"{split}.tsv"
    for part in (folder / "corpus.jsonl", folder / "queries.jsonl", qrels_path):
        if not part.is_file():
            splits = sorted(p.stem for p in (folder / "qrels").glob("*.tsv")) if part == qrels_path else []
            hint = f" (splits here: {', '.join(splits)})" if splits else " (a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/<split>.tsv)"
            raise QAError(f"{part}: missing{hint}")
    corpus, cpath, qpath = {}, folder / "corpus.jsonl", folder / "queries.jsonl"
    for n, obj in _jsonl(cpath, ("_id", "text")):
        doc_id = _text(cpath, n, obj, "_id")
        if doc_id in corpus:
            raise QAError(f"{cpath}:{n}: duplicate _id {doc_id!r}")
        corpus[doc_id] = (_text(cpath, n, obj, "title", optional=True), _text(cpath, n, obj, "text", optional=True))
    queries = {_text(qpath, n, o, "_id"): _text(qpath, n, o, "text") for n, o in _jsonl(qpath, ("_id", "text"))}
    qrels: dict[str, dict[str, int]] = {}
    with open(qrels_path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            cols = line.rstrip("\r\n").split("\t")
            if not line.strip() or (n == 1 and cols[0] == "query-id"):
                continue
            if len(cols) != 3 or not re.fullmatch(r"-?\d+", cols[2].strip()):
                raise QAError(f"{qrels_path}:{n}: expected 'query-id<TAB>corpus-id<TAB>score' with an integer score")
            qid, doc_id, score = cols[0].strip(), cols[1].strip(), int(cols[2])
            if qid not in queries:
                raise QAError(f"{qrels_path}:{n}: query id {qid!r} is not in queries.jsonl")
            if doc_id not in corpus:
                raise QAError(f"{qrels_path}:{n}: corpus id {doc_id!r} is not in corpus.jsonl")
            qrels.setdefault(qid, {})[doc_id] = score
    qrels = {q: r for q, r in qrels.items() if any(s > 0 for s in r.values())}
    if not qrels:
        raise QAError(f"{qrels_path}: no query has a relevant document")
    sha = hashlib.sha256((folder / "corpus.jsonl").read_bytes()).hexdigest()
    return Beir(folder.resolve().name, corpus, {q: queries[q] for q in qrels}, qrels, sha)


def doc_file(doc_id: str) -> str:
    """File name of a corpus document: its id, percent-quoted if unsafe.

    >>> doc_file("4983"), doc_file("a/b c")
    ('4983.txt', 'a%2Fb%20c.txt')
    """
    return quote(doc_id, safe="-_,") + ".txt"


def write_corpus(corpus: dict[str, tuple[str, str]], folder: Path) -> None:
    """One ``<_id>.txt`` a document: its title, a blank line, its text
    (documents with neither are skipped: there is nothing to find)."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, (title, text) in corpus.items():
        body = "\n\n".join(p.strip() for p in (title, text) if p.strip())
        if body:
            (folder / doc_file(doc_id)).write_text(body + "\n", encoding="utf-8")
