"""What the ``qa`` command reads: a question or claim as an argument, or one
per line of stdin (``-``), each line checked for UTF-8 on its own so one bad
line cannot end the stream."""

from __future__ import annotations

import json
import sys

from qa.errors import QAError


def each_input(arg: str, field: str, run, show) -> int:
    """Run ``arg``, or each non-empty stdin line when ``arg`` is "-". On stdin a
    bad line prints {field: line, "error": ...} and the exit status becomes 2;
    a single bad input raises (one line, exit 2, from ``main``)."""
    stream, status = arg == "-", 0
    for n, line in enumerate(_stdin_lines() if stream else [arg], 1):
        text = line if isinstance(line, str) else line.decode("utf-8", "replace")
        text = text.rstrip("\r\n") if stream else text
        if stream and not text.strip():
            continue
        try:
            if not isinstance(line, str):
                _strict(line, n)
            result = run(text)
        except QAError as e:
            if not stream:
                raise
            print(json.dumps({field: text, "error": str(e)}, ensure_ascii=False), flush=True)
            status = 2
            continue
        show(result)
    return status


def _stdin_lines():
    """stdin as lines of bytes, so one line that is not UTF-8 cannot end the stream."""
    buffer = getattr(sys.stdin, "buffer", None)
    return iter(buffer.readline, b"") if buffer is not None else sys.stdin


def _strict(line: bytes, n: int) -> None:
    """A one-line error for a line of stdin that is not UTF-8.

    >>> _strict(b"caf\\xe9?", 3)
    Traceback (most recent call last):
    ...
    qa.errors.QAError: line 3 of stdin is not valid UTF-8 (byte 0xe9 at position 3); save the input as UTF-8
    """
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as e:
        raise QAError(f"line {n} of stdin is not valid UTF-8 (byte 0x{line[e.start]:02x} at position {e.start}); "
                      "save the input as UTF-8") from None


def decode_args(args) -> None:
    """Text arguments the shell passed as bytes that are not UTF-8 (Python keeps
    them as lone surrogates) are decoded with replacement, and a note says so."""
    for name in ("question", "claim"):
        value = getattr(args, name, None)
        if isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value):
            try:
                fixed = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            except UnicodeEncodeError:  # not from undecodable bytes: a lone surrogate as such
                fixed = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
            setattr(args, name, fixed)
            print(f"qa: note: the {name} had bytes that are not UTF-8; they were replaced by \ufffd", file=sys.stderr)
