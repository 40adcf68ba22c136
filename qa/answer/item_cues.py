"""Cues from a question asking for items of a list (``qa.answer.cues`` reads
them first):

* the n-th one ("What is Koch's second postulate?", "the third criterion"): a
  sentence holding that item, numbered ("(2) the microbe occurs ...", "2. Random
  priming ...", "(ii) engineered phage ...") or told in words ("Secondly, a
  vaccine should be inexpensive ...", "A second or fall wave ...");
* examples ("What are examples of viral vectors ...?", "What are some of the
  other diagnostic methods?"): a sentence giving some ("... methods such as
  RT-LAMP ...", "... including ...", "for example").

The sentence most like such a question is the one announcing the list ("His
postulates can be summarized ...", "Various viral vectors have been tested
..."); the items are what a reader looks for.
"""

from __future__ import annotations

import re
from typing import Callable

from qa.answer.evidence import ORDINALS

_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
# "Koch's second postulate", "the third wave", "its first step": an ordinal before what it counts
# (not "the first time", "for the first case", "first reported": those say when, not which item)
_ORDINAL = re.compile(r"(?:\bthe|\bits|\btheir|'s|’s)\s+(" + "|".join(ORDINALS) + r")\s+(?!time\b|times\b|case\b|cases\b|"
                      r"day\b|days\b|year\b|years\b|reported\b|described\b|identified\b|detected\b|of\b|to\b)[a-z]", re.I)
# "what are examples of X", "what are some (of the) X", "which are some X", "name some X", "give an example"
_EXAMPLES = re.compile(r"\bexamples?\s+of\b|^\W*(?:what|which)\s+(?:are|were|is|was)\s+(?:some|a\s+few)\b|"
                       r"^\W*(?:name|list|give)\s+(?:some|a\s+few|an?\s+example)\b", re.I)
_GIVES_EXAMPLES = re.compile(r"\b(?:such as|e\.\s?g\.|for example|for instance|including|examples? (?:is|are|was|were|include))\b",
                             re.I)


def cue(question: str) -> Callable[[str], bool] | None:
    """The test a sentence holding the items asked for passes, or None.

    >>> second = cue("What is Koch's second postulate?")
    >>> second("His postulates are: (1) the microbe occurs in every case; (2) the microbe occurs in no other disease.")
    True
    >>> second("Koch postulated guidelines to classify an agent as a pathogen (2) .")   # a reference, not an item
    False
    >>> cue("What are examples of viral vectors for vaccines?")("They are based on DNA viruses (such as fowlpox).")
    True
    >>> cue("When was the first case reported?") is None
    True
    """
    ordinal = _ORDINAL.search(question)
    if ordinal:
        return _item(ORDINALS.index(ordinal.group(1).lower()) + 1)
    if _EXAMPLES.search(question):
        return lambda sentence: bool(_GIVES_EXAMPLES.search(sentence))
    return None


def _item(n: int) -> Callable[[str], bool]:
    """A sentence holding the ``n``-th item of a list: numbered after the
    sentence's start, a colon, a semicolon, a comma or "and" ("(3) after being
    isolated", "3. Virus Discovery cDNA", "(iii) a scaffold"), or named by its
    ordinal ("Thirdly, ...", "The third wave ...", "a third wave").

    >>> third = _item(3)
    >>> third("They fall into four categories: (i) a carrier; (ii) a drug; and (iii) a scaffold."), third("3. Virus Discovery cDNA")
    (True, True)
    >>> third("In many nations, a third wave occurred in early 1919."), third("Thirdly, costs must stay low.")
    (True, True)
    >>> third("...; and (3), after being isolated, the microbe can induce the disease anew.")
    True
    >>> third("Cases rose in 3 regions (3) and fell in others."), third("It took a third of the time.")
    (False, False)
    """
    numbers = rf"(?:{n}|{_ROMAN[n - 1]})" if n <= len(_ROMAN) else str(n)
    word = ORDINALS[n - 1]
    pattern = re.compile(rf"(?:^\W*|[:;,]\s*|\band\s+|\bor\s+)(?:\(\s*{numbers}\s*\)|{numbers}[.)]),?\s+[A-Za-z]|"
                         rf"^\W*{word}(?:ly)?\b|\b(?:the|a)\s+{word}\s+(?!of\b)[a-z]", re.I)
    return lambda sentence: bool(pattern.search(sentence))
