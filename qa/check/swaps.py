"""A place said with another preposition: the claim's "at official ports of
entry" against the evidence's "between official ports of entry".

The judge compares a claim's content words with the sentence's; prepositions
are stopwords there, so "The RCMP is responsible for border security at
official ports of entry" passed as stated by "The RCMP is responsible for
border security between official ports of entry". A few prepositions put a
thing in places that exclude each other (``CONTRASTS``); when the claim puts
two words after one of them and the sentence puts the same two words after
its contrasting one, the sentence says something else, and the reader is
shown both phrases.

The same for another name: "X is also called human trafficking" against
"X, also referred to as human smuggling": both give X a second name, and the
names differ (``_ALIAS``).

Tried and left out: the same test on any pair of adjacent words ("human
trafficking" against "human smuggling"). Without syntax it fired on SciFact
paraphrases ("embryonic stem cells" / "embryonic germ layers" in one
abstract) and cost 28 of 112 supported claims found (benchmarks/scifact_claims.py).
"""

from __future__ import annotations

import re

from qa.check.facts import STOP
from qa.check.polarity import _stem

# prepositions that put a thing in different places: "at the ports" / "between the ports"
CONTRASTS = {frozenset(p.split("/")) for p in "at/between inside/outside within/outside within/beyond at/outside above/below".split()}
_PREPOSITIONS = {w for pair in CONTRASTS for w in pair}
# "also called / known as / referred to as / termed" and the name given, up to a comma, a bracket or the end
_ALIAS = re.compile(r"\b(?:also\s+|otherwise\s+|commonly\s+|often\s+)?(?:called|known\s+as|referred\s+to\s+as|termed|named|dubbed)\s+"
                    r"((?:the\s+|a\s+|an\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?)(?=\s*(?:[,.;:()]|$|\s+(?:and|or|is|are|was|were|involves?|that|which)\b))", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def _tokens(text: str) -> list[tuple[str, str, bool]]:
    """(word, stem, meaningful) for each word of ``text``, in order; a
    punctuation mark between two words is an empty entry (a break)."""
    out: list[tuple[str, str, bool]] = []
    last = 0
    for m in _WORD.finditer(text):
        if re.search(r"[,;:.()\[\]—–]", text[last:m.start()]):
            out.append(("", "", False))
        w = m.group()
        out.append((w, _stem(w), len(w) >= 3 and w.lower() not in STOP))
        last = m.end()
    return out


def _places(tokens: list) -> dict:
    """{(stem, stem) of the two meaningful words after a contrasting preposition: [(preposition, phrase)]}."""
    out: dict = {}
    for i, (w, _, _) in enumerate(tokens[:-2]):
        if w.lower() in _PREPOSITIONS:
            following = []
            for t in tokens[i + 1:i + 4]:
                if not t[0]:
                    break   # a comma or a bracket ends the phrase
                if t[2]:
                    following.append(t)
            if len(following) >= 2:
                following = following[:2]
                out.setdefault((following[0][1], following[1][1]), []).append((w, " ".join([w, *[t[0] for t in following]])))
    return out


def swapped(claim: str, evidence: str) -> tuple[str, str] | None:
    """(the claim's phrase, the evidence's phrase) when the evidence puts the
    claim's place after a contrasting preposition; else None.

    >>> swapped("The RCMP secures the border at official ports of entry.",
    ...         "The RCMP is responsible for border security between official ports of entry (POE).")
    ('at official ports', 'between official ports')
    >>> swapped("The RCMP secures the border between official ports of entry.",
    ...         "The RCMP is responsible for border security between official ports of entry (POE).")
    >>> swapped("Cells outside the tumour core were hypoxic.", "Cells within the tumour core were hypoxic.")
    ('outside tumour core', 'within tumour core')
    >>> swapped("Migrant smuggling is also called human trafficking.",
    ...         "Migrant smuggling, also referred to as human smuggling, involves the illegal entry of people.")
    ('called human trafficking', 'referred to as human smuggling')
    >>> swapped("Migrant smuggling is also known as human smuggling.",
    ...         "Migrant smuggling, also referred to as human smuggling, involves the illegal entry of people.")
    """
    alias = _alias_swapped(claim, evidence)
    if alias:
        return alias
    theirs = _places(_tokens(evidence))
    for key, said in _places(_tokens(claim)).items():
        for p, phrase in said:
            for q, other in theirs.get(key, []):
                if frozenset((p.lower(), q.lower())) in CONTRASTS:
                    return phrase, other
    return None


def _alias_swapped(claim: str, evidence: str) -> tuple[str, str] | None:
    """Both give a second name ("also called ...") and the claim's holds a word the evidence's lacks."""
    ours, theirs = _ALIAS.search(claim), _ALIAS.search(evidence)
    if not ours or not theirs:
        return None
    ours_stems = {s for _, s, ok in _tokens(ours.group(1)) if ok}
    their_stems = {s for _, s, ok in _tokens(theirs.group(1)) if ok}
    if ours_stems and their_stems and ours_stems - their_stems:
        return ours.group().strip().removeprefix("also ").strip(), theirs.group().strip().removeprefix("also ").strip()
    return None
