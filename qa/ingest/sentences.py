"""Split text into sentence spans without losing a character's offset.

Sentences end at . ! ? (optionally followed by closing quotes or brackets)
before whitespace and a capital, digit, quote or bullet, except after common
abbreviations ("U.S.", "e.g.", "Hon.", "No.") and initials; a line break
always ends one.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "hon", "st", "no", "nos",
    "fig", "figs", "al", "inc", "ltd", "co", "corp", "jr", "sr", "gen", "gov", "sen", "rep", "dept", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "p", "pp", "para", "vol",
    "art", "sec", "ch", "ca", "cf",
}
# a sentence's end: its stop, closing quotes or brackets, and the reference marks after it ("... taxonomists. [ 5 ]
# Some base ...", as Wikipedia pages read): the marks belong to the sentence they cite
_END = re.compile(r"(?P<stop>[.!?]+)[\"'”’)\]]*(?:\s*\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\])*"
                  r"(?=\s+[\"'“‘(\[•\-–*]?[A-Z0-9À-Ý])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the '.' at ``dot`` closes an abbreviation or an initial."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, trimmed of surrounding whitespace.

    >>> t = "The U.S. agreed. Canada did too! Fine"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['The U.S. agreed.', 'Canada did too!', 'Fine']
    >>> t = "Ducks are split into tribes. [ 5 ] Some disagree. [6][7] Others agree."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Ducks are split into tribes. [ 5 ]', 'Some disagree. [6][7]', 'Others agree.']
    """
    end = len(text) if end is None else end
    spans = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        line_start = start + line.start()
        piece = line.group()
        cut = 0
        for m in _END.finditer(piece):
            closed = piece[m.end("stop"):m.end("stop") + 1] in ("\"", "'", "”", "’", ")", "]")
            if m.group("stop") == "." and not closed and _is_abbreviation(piece, m.start()):
                continue
            _add(spans, text, line_start + cut, line_start + m.end())
            cut = m.end()
        _add(spans, text, line_start + cut, line_start + len(piece))
    return spans


def _add(spans: list, text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
