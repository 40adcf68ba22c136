"""A claim's separately checkable parts, and one verdict for a claim of several parts."""

from __future__ import annotations

import re

from qa.ingest.sentences import split_sentences

SEPARATOR = re.compile(r"\s*;\s*(?:and|but|while|whereas)?\s*|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|whereas)\s+")


def split_parts(claim: str) -> list[str]:
    """The separately checkable parts of a claim: its sentences, clauses joined
    by ";", ", and", "while", "whereas", ", but", and an "and" between two figures.

    >>> split_parts("The CBSA seized 4,234 firearms between 2019 and 2023; and the RCMP patrols the border.")
    ['The CBSA seized 4,234 firearms between 2019 and 2023', 'the RCMP patrols the border.']
    >>> split_parts("Encounters rose to 23,721 in 2024, while drug seizures fell to 11,000 pounds.")
    ['Encounters rose to 23,721 in 2024', 'drug seizures fell to 11,000 pounds.']
    >>> split_parts("Drones, helicopters, and towers watch the border.")
    ['Drones, helicopters, and towers watch the border.']
    """
    parts = []
    for s, e in split_sentences(claim):
        sentence, last = claim[s:e], 0
        cuts = list(SEPARATOR.finditer(sentence))
        for i, m in enumerate(cuts):
            right_end = cuts[i + 1].start() if i + 1 < len(cuts) else len(sentence)
            if len(sentence[last:m.start()].split()) >= 4 and len(sentence[m.end():right_end].split()) >= 4:
                parts += _split_and(sentence[last:m.start()])
                last = m.end()
        parts += _split_and(sentence[last:])
    return [p.strip(" ,") for p in parts if p.strip(" ,")] or [claim.strip()]


def _split_and(text: str) -> list[str]:
    """Cut at " and " when each side states its own figure and the right side starts a clause."""
    for m in re.finditer(r"\s+and\s+(?=(?:the|a|an|its|their|this|these|those|in|by|during|over|[A-Z]{2,})\b)", text):
        left, right = text[:m.start()], text[m.end():]
        if re.search(r"\d", left) and re.search(r"\d", right) and not re.search(r"\b(?:between|from)\s+\S+$", left):
            return [left] + _split_and(right)
    return [text]


def combine(verdicts: list[str]) -> str:
    """One verdict for a claim of several parts: a contradicted part makes the
    claim contradicted; supported parts beside others make it partly supported.

    >>> combine(["supported", "supported"]), combine(["supported", "not_found"]), combine(["contradicted", "not_found"])
    ('supported', 'partly_supported', 'contradicted')
    >>> combine(["supported", "unsettled"]), combine(["unsettled", "not_found"])
    ('partly_supported', 'unsettled')
    """
    if len(set(verdicts)) == 1:
        return verdicts[0]
    if "contradicted" in verdicts:
        return "contradicted"
    if "supported" in verdicts:
        return "partly_supported"
    return "unsettled" if "unsettled" in verdicts else "not_found"
