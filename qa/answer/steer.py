"""What a question steers the answer line away from or toward.

* "Apart from the new aerial task force, what else has the RCMP done?": a
  sentence about the aerial task force is what the reader already has
  (``set_aside``);
* "What does the federation want Canada to do about procurement?": a
  sentence recommending ("it is recommended that ...", "should", "calls
  for") answers it rather than one describing the problem (``advises``);
* "In the NPF's letter, how much did the CBSA seize in 2024?": the letter
  is where to look, not what the answer line must name (``without_source``).
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


_SOURCE_WORDS = r"(?:letter|note|report|memo|briefing|brief|document|paper|statement|submission|article|study|page|section)"
# "According to the RCMP note, ...", "In the NPF's letter, ...", "..., according to the police union's January letter?"
_SOURCE = re.compile(r"^\W*(?:according to|as per|per (?:the|its|their)|as stated in)\s+[^,?]{1,80},\s*"
                     r"|^\W*in\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?[^,?]{0,60}?\b" + _SOURCE_WORDS + r"\b[^,?]{0,40},\s*"
                     r"|,?\s*\b(?:according to|as per|per (?:the|its|their)|as stated in|as set out in)\s+[^,?]{1,80}(?=\?|$)",
                     re.I)


def without_source(question: str) -> str:
    """``question`` without the phrase saying where to look: the line must
    answer what is asked, not name the letter it is in.

    >>> without_source("In the NPF's letter, what quantity of drugs did the CBSA seize in 2024?")
    'what quantity of drugs did the CBSA seize in 2024?'
    >>> without_source("How large a commitment did Canada announce, according to the union's January letter?")
    'How large a commitment did Canada announce?'
    >>> without_source("According to the RCMP note, why is southbound migration hard to stop?")
    'why is southbound migration hard to stop?'
    >>> without_source("How many people cross per day?"), without_source("In 2024, how many crossed?")
    ('How many people cross per day?', 'In 2024, how many crossed?')
    """
    core = _SOURCE.sub("", question, count=1).strip()
    return core if re.search(r"\w", core) else question


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
