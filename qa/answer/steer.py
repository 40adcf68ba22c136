"""What a question steers the answer line away from or toward.

* "Apart from the new aerial task force, what else has the RCMP done?": a
  sentence about the aerial task force is what the reader already has
  (``set_aside``);
* "What does the federation want Canada to do about procurement?": a
  sentence recommending ("it is recommended that ...", "should", "calls
  for") answers it rather than one describing the problem (``advises``).
"""

from __future__ import annotations

import re

from qa.answer.features import content_terms

_ASIDE = re.compile(r"\b(?:apart from|aside from|besides|other than|except for|in addition to)\s+(?:the\s+|its\s+|their\s+)?([^,?;]+)",
                    re.I)
_ASKS_ADVICE = re.compile(r"\bwhat\s+(?:does|do|did|would)\b.*\b(?:want|wants|recommend|recommends|propose|proposes|urge|urges|"
                          r"call for|calls for|ask|asks)\b|\bwhat\s+should\b|\bwhat\s+(?:is|was|are|were)\s+(?:being\s+)?recommended\b",
                          re.I)
_ADVICE = re.compile(r"\b(?:recommend\w*|should|urge[sd]?|urging|calls? (?:for|on)|called (?:for|on)|propos\w*|advis\w*|"
                     r"ought to|it is essential|must be|needs? to be)\b", re.I)


def set_aside(question: str) -> set:
    """The terms of what the question sets aside ("apart from X"), or none.

    >>> sorted(set_aside("Apart from the new aerial task force, what else has the RCMP done?"))
    ['aerial', 'forc', 'new', 'task']
    >>> set_aside("What has the RCMP done?")
    set()
    """
    m = _ASIDE.search(question)
    return content_terms(m.group(1)) if m else set()


def is_set_aside(aside: set, sentence: str) -> bool:
    """Whether ``sentence`` speaks of what was set aside (two thirds of its terms).

    >>> is_set_aside({"aerial", "task", "forc"}, "The RCMP deploys a new Aerial Intelligence Task Force."), is_set_aside(set(), "x")
    (True, False)
    """
    return bool(aside) and 3 * len(aside & content_terms(sentence)) >= 2 * len(aside)


def asks_advice(question: str) -> bool:
    """Whether ``question`` asks what someone wants or recommends done.

    >>> asks_advice("What does the police federation want Canada to do about procurement?"), asks_advice("What do the results suggest?")
    (True, False)
    """
    return bool(_ASKS_ADVICE.search(question))


def advises(sentence: str) -> bool:
    """Whether ``sentence`` recommends something.

    >>> advises("It is recommended that a review streamline procurement."), advises("Procurement is slowed by red tape.")
    (True, False)
    """
    return bool(_ADVICE.search(sentence))
