"""Cues from the thing a question asks about (``qa.answer.cues`` reads them
before the names a question gives):

* a kind of thing ("What kind of antibodies were used?", "Which cells are the
  main target?"): a sentence naming it with a word that sets it apart ("23
  monoclonal antibodies");
* the most or the main one ("What were the most common viruses ...?"): a
  sentence saying it in the question's words ("... were the most common viruses");
* a thing's attribute ("What was the reservoir for SARS-CoV?", "the hallmark
  finding of X"): a sentence naming the attribute ("animal reservoirs").

COVID-QA, 799 distinct questions of ``--seed 1`` to ``5`` (not the sample the
older rules were tuned on): each finds the answer for one to three more, adding
0.002-0.007 sentences to a highlight on average.
"""

from __future__ import annotations

import re
from typing import Callable

from qa.answer import evidence
from qa.store import lexical

# verbs that follow the thing asked about ("what cells ARE the main target?")
AUX = r"(?:is|are|was|were|do|does|did|has|have|had|can|could|may|might|will|would|should|must)"
# "what kind of antibodies were used ...?", "which cells are ...?": the thing whose kind is asked
_KIND = re.compile(rf"^\W*(?:what|which)\s+(?:(?:kinds?|types?|sorts?|forms?|class(?:es)?)\s+of\s+)?((?:[\w-]+\s+){{0,2}}?[\w-]+)"
                   rf"\s+{AUX}\b", re.I)
# words that set nothing apart ("the antibodies", "these cells")
_PLAIN = set("""the a an this these those that its their our his her such of and or in to by with for on all both other some
many most several various different same each any no not""".split())
# "what were the most common viruses ...?", "what is the main target ...?"
_SUPERLATIVE = re.compile(r"\b(?:(?:most|least)\s+(?!of\b)[\w-]+|(?:highest|lowest|largest|smallest|biggest|greatest|commonest|"
                          r"leading|main|major|primary|predominant|dominant)\s+[\w-]+)", re.I)
# "what was the reservoir for X?": the attribute asked of X (functions and roles have their own cue; a status, an
# effect, an advantage is told, not named, by the sentence that gives it: one naming it only announces it)
_ATTRIBUTE = re.compile(r"^\W*what\s+(?:is|are|was|were)\s+(?:the|an?)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s+"
                        r"(?:of|for|in|on|to|between|with|from|behind|among)\b", re.I)
_NOT_ATTRIBUTE = set("""function functions role roles purpose purposes effect effects impact result results type types
kind kinds part name number amount status state nature situation outcome outcomes conclusion conclusions significance
importance advantage advantages disadvantage disadvantages benefit benefits characteristics features""".split())


def cue(question: str) -> Callable[[str], bool] | None:
    """The test a sentence naming the thing asked about passes, or None.

    >>> cue("What kind of antibodies were used?")("We raised 23 monoclonal antibodies.")
    True
    >>> cue("What were the most common viruses in Ilorin?")("Enterovirus was the most common virus found.")
    True
    >>> cue("What is the hallmark finding of the disease?")("Its hallmark is a set of symmetric lesions.")
    True
    >>> cue("What is the status of the nine trials?") is None
    True
    """
    kind = _KIND.search(question)
    if kind and kind.group(1).split()[0].lower() not in lexical.QUESTION_WORDS | _PLAIN:
        return _kind_of(kind.group(1), question)
    most = _SUPERLATIVE.search(question)
    if most:
        return _saying(most.group(0))
    attribute = _ATTRIBUTE.search(question)
    words = [x for x in attribute.group(1).lower().split() if x not in _NOT_ATTRIBUTE | _PLAIN | lexical.QUESTION_WORDS] \
        if attribute else []
    if words and attribute.group(1).split()[-1].lower() not in _NOT_ATTRIBUTE:   # "the hallmark finding of X": either word
        said = [_saying(x) for x in words]
        return lambda sentence: any(say(sentence) for say in said)
    return None


def _stems_pattern(phrase: str) -> str:
    """A pattern for the words of ``phrase`` in a row, each by its stem ("viruses" as "virus", "viral" not)."""
    stems = [(lexical.tokenize([w])[0] or [w.lower()])[0] for w in phrase.split()]
    return r"\s+".join(rf"{re.escape(st[:max(3, len(st) - 1)])}\w*" for st in stems)


def _saying(phrase: str) -> Callable[[str], bool]:
    """A sentence using the question's words ``phrase`` ("the most common viruses"), stemmed.

    >>> _saying("most common viruses")("Parainfluenza virus 4 and enterovirus were the most common viruses found.")
    True
    >>> _saying("reservoir")("These viruses existed in animal reservoirs."), _saying("reservoir")("Both cause lung disease.")
    (True, False)
    """
    pattern = re.compile(r"\b" + _stems_pattern(phrase) + r"\b", re.I)
    return lambda sentence: bool(pattern.search(sentence))


def _kind_of(thing: str, question: str) -> Callable[[str], bool]:
    """A sentence naming ``thing`` with a word that sets it apart, which the
    question does not use (not a count: "six antibodies" says how many, not which).

    >>> is_kind = _kind_of("antibodies", "What kind of antibodies were used in the assay?")
    >>> is_kind("We screened 23 monoclonal antibodies."), is_kind("The antibodies were screened."), is_kind("Six antibodies.")
    (True, False, False)
    """
    asked = {t for toks in lexical.tokenize([question]) for t in toks}
    pattern = re.compile(r"\b([A-Za-z][\w-]*)[)\]]?\s+" + _stems_pattern(thing) + r"\b", re.I)
    plain = lexical.QUESTION_WORDS | _PLAIN

    def names(sentence: str) -> bool:
        for m in pattern.finditer(sentence):
            word = m.group(1)
            stem = lexical.tokenize([word])[0]
            if word.lower() not in plain and stem and stem[0] not in asked \
                    and not evidence.holds_kind(evidence.Wants("number", (), (), ()), word):
                return True
        return False
    return names
