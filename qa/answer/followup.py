"""Follow-up questions read by evidence, not by length.

A question is read together with the one before only when

* it cannot stand alone: it is elliptical ("And in 2023?", "What about
  firearms?") or leans on a pronoun with nothing in it to refer to
  ("How many did they seize?"); or
* the combined reading is clearly better supported: the question alone is not
  answered, and the combined one is, with a probability at least ``MARGIN``
  higher.

"What is migrant smuggling?" after a question about crossings stands alone:
it is short, but it names its subject. The answer records the reading used
(``Answer.reading``: "own" or "with previous"; ``Answer.asked`` is the text
searched), so the app can show it and offer to ask the question on its own.
"""

from __future__ import annotations

import re

from qa.answer import evidence
from qa.answer.answers import Answer, answer, content_terms
from qa.errors import QAError

MARGIN = 0.25
_ELLIPTICAL = re.compile(r"^\s*(?:and|but|or|also|so|then|what about|how about|same for|and what about)\b", re.I)
_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|theirs|he|she|his|her|him|this|that|these|those|there|then|one|ones)\b", re.I)
_REFERRING_DET = re.compile(r"\b(?:this|that|these|those|the same|such)\s+\w+", re.I)


def stands_alone(question: str) -> bool:
    """Whether a question can be read without the one before it.

    >>> stands_alone("What is migrant smuggling?")
    True
    >>> stands_alone("And in 2023?"), stands_alone("How many did they seize?"), stands_alone("What about firearms?")
    (False, False, False)
    >>> stands_alone("How many firearms did the CBSA seize in 2023?")
    True
    """
    if _ELLIPTICAL.match(question):
        return False
    subject = evidence.subject_terms(content_terms(question))
    subject = {t for t in subject if not re.fullmatch(r"\d+", t)}
    if not subject:
        return False  # only question words, years and figures: "How many in 2024?"
    if _PRONOUN.search(question) and not _REFERRING_DET.search(question):
        # a pronoun with little else: "How many did they seize?" has one subject word
        return len(subject) >= 3
    return True


def combine(previous: str, question: str) -> str:
    """The two questions read together (the previous one first).

    >>> combine("How many firearms were seized in 2024?", "And in 2023?")
    'How many firearms were seized in 2024? And in 2023?'
    """
    return f"{previous.strip()} {question.strip()}"


def answer_turn(index, embedder, question: str, previous: str | None, k: int = 5, docs=None, mode: str = "hybrid") -> Answer:
    """The answer to ``question`` in a conversation whose last question was
    ``previous``; ``reading`` says whether it was read with it."""
    own = None
    if not previous or stands_alone(question):
        own = answer(index, embedder, question, k=k, docs=docs, mode=mode)
        if not previous or own.answered:
            return own
    try:
        both = answer(index, embedder, combine(previous, question), k=k, docs=docs, mode=mode)
    except QAError:  # the two together are too long
        return own if own is not None else answer(index, embedder, question, k=k, docs=docs, mode=mode)
    if own is not None and not (both.answered and both.confidence >= own.confidence + MARGIN):
        return own
    both.question, both.reading = question, "with previous"
    return both
