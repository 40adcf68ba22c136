"""Whether a candidate sentence finds something the claim can rest on: it
does not ask, aim or suppose (``asks``), and it names the claim's identifiers
(``missing_names``). Used by the rule judge (``qa.check.judge``)."""

from __future__ import annotations

import re

from qa.check.candidates import Candidate
from qa.ingest.sentences import split_sentences

# a sentence that asks, aims, supposes or tells the method ("to determine whether", "we hypothesized that") states no finding
OPEN_QUESTION = re.compile(r"\b(?:whether|hypothes[ie][sz]e?d?|to (?:determine|investigate|examine|assess|evaluate|test|explore|establish)"
                           r"|we (?:asked|sought|aimed)|(?:the|our|study) aims? (?:of|to|was)|purpose of|(?:remains?|is|are) (?:unclear|unknown|uncertain))\b"
                           r"|\b(?:OBJECTIVES?|PURPOSE|AIMS?|QUESTION|METHODS?|DESIGN|SETTING|PARTICIPANTS)\b")


def asks(c: Candidate) -> bool:
    """Whether a sentence asks, aims or supposes rather than finds: the open
    question leads it (in its first third); a pair of sentences, if either does
    (the other is judged on its own).

    >>> from qa.answer.answers import Passage
    >>> cand = lambda t, pair=False: Candidate(Passage(0, "d", "t", None, None, None, 0, len(t), t), 0.9, 0.9, "t", pair=pair)
    >>> asks(cand("OBJECTIVE To determine whether folic acid lowers mortality.")), asks(cand("Folic acid lowers homocysteine but whether it lowers mortality is unknown."))
    (True, False)
    """
    text = c.passage.text
    if c.pair:
        return any(OPEN_QUESTION.search(text[s:e]) for s, e in split_sentences(text))
    m = OPEN_QUESTION.search(text)
    return bool(m) and m.start() < len(text) / 3


# a name with a digit or a capital inside ("NR5A2", "IL-6", "MeCP2", "GlcNAc"); acronyms are parties (qa.check.roles)
NAME = re.compile(r"(?<![\w(-])(?:[A-Za-z]+[-/]?\d[\w-]*|\d+[-/]?[A-Za-z][\w-]*|[A-Z]?[a-z]+[A-Z][A-Za-z]*)(?![\w)])")


def missing_names(claim: str, c: Candidate) -> list[str]:
    """The claim's identifiers (gene, protein, model or product names: "NR5A2",
    "IL-6", "MeCP2"; not an abbreviation in brackets) that neither the
    sentence nor its passage names: a sentence about another thing does not support it.

    >>> from qa.answer.answers import Passage
    >>> cand = Candidate(Passage(0, "d", "t", None, None, None, 0, 9, "ApoE affects transport."), 0.9, 0.9, "t", context="ApoE")
    >>> missing_names("NR5A2 is important in reverse cholesterol transport (RCT).", cand)
    ['NR5A2']
    """
    have = re.sub(r"[-/]", "", f"{c.passage.text} {c.context}").lower()
    return [n for n in dict.fromkeys(NAME.findall(claim)) if re.sub(r"[-/]", "", n).lower() not in have]
