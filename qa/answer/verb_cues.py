"""Cues from the verb a question asks with (``qa.answer.cues`` reads them
before its agent and reason cues):

* what something does ("What does the semicontaminated area include?", "What
  do ribozymes exhibit?"): a sentence saying it does so, of the thing itself
  or of "it" or "they" ("The semicontaminated area includes ...", "Instead,
  they exhibit ...");
* what is done ("What is assumed for the mean serial interval?"): a sentence
  using that verb ("..., assuming a mean serial interval of 7.5 days");
* a difference ("How does transmission differ between A and B?"): a sentence
  setting them apart ("A spreads more rapidly, while B ...");
* what would have been ("What would the number have been without ...?"): a
  sentence saying it ("... would have been as large as 1373");
* what was found ("What is the conclusion of the surveillance studies?", "What
  was the result of the trial?", "What did the first report conclude?", "the
  effect of X on Y"): a sentence reporting a finding ("Our surveillances
  suggest that ...", "The trial demonstrated SAB-301 to be safe ...").

The sentence most like such a question often names the same things without
saying what the question asks of them ("The contaminated area is connected
...", "One phase 1 trial ... was found in the literature").
"""

from __future__ import annotations

import re
from typing import Callable

from qa.store import lexical

# "what does the semicontaminated area include?", "what do ribozymes exhibit?" (a trailing preposition kept apart;
# after "do" the verb is bare: "what does the analysis show on ... cases?" does not end with one)
_DOES = re.compile(r"^\W*what\s+(?:do|does|did)\s+((?:\S+\s+){0,5}?\S+)\s+([a-z]{3,}(?<!s))(?:\s+(?:for|to|with|about|in|on|of|from|into|at))?"
                   r"\s*\?\s*$", re.I)
# verbs that say nothing of the answer's wording ("what does X mean?" asks for a definition)
_LIGHT = set("""do does did have has had be is are mean means look looks like say says get gets make makes
happen happens involve involves need needs want wants""".split())
# verbs that ask what was found
_FIND = set("""show shows showed find finds found conclude concludes concluded reveal reveals revealed demonstrate
demonstrates demonstrated suggest suggests suggested indicate indicates indicated report reports reported
confirm confirms confirmed observe observes observed""".split())
# "what is assumed for X?", "what CNS functions are changed by Y?": the verb done, right after "is" (what kind of
# thing is done is the kind cue's: qa.answer.thing_cues)
_DONE = re.compile(r"^\W*what\s+(?!(?:kinds?|types?|sorts?)\b)(?:[\w-]+\s+){0,3}?(?:is|are|was|were)\s+(?:(?:often|usually|commonly|currently|generally|also|then)\s+)?"
                   r"([a-z]{3,}ed)\s+(?:for|to|in|by|about|as|with|from|on|at|during)\b", re.I)
# "what is the conclusion of ...?", "what were the main findings ...?", "what was the result of ...?"
_FINDINGS = re.compile(r"^\W*what\s+(?:is|are|was|were)\s+(?:the|their|its)\s+(?:(?:main|key|major|principal|overall|final|primary)\s+)?(?:conclusions?|findings?|results?|"
                       r"outcomes?|effects?)\s+(?:of|from|for|in)\b", re.I)
# a finding reported: "X suggest that", "demonstrated SAB-301 to be safe", "was found to", "we found"
_REPORTS = re.compile(r"\b(?:suggest|show|demonstrat|reveal|indicat|conclud|confirm|found|observ|prov)\w*\s+"
                      r"(?:[\w-]+\s+){0,3}?(?:that|to)\b|\b(?:we|they|authors?|study|studies|trials?)\s+(?:also\s+)?"
                      r"(?:found|showed|observed|demonstrated|concluded|reported)\b", re.I)

# "how does transmission differ between A and B?", "what is a major difference ...?": a sentence setting them apart
_DIFFER = re.compile(r"\b(?:differ|differs|differed|difference|differences|distinguish|distinguishes|contrast)\b", re.I)
_SETS_APART = re.compile(r"\b(?:while|whereas|unlike|in contrast|by contrast|compared (?:to|with)|as opposed to|rather than)\b",
                         re.I)
# "what would the number have been without ...?": a sentence saying what would have been
_WOULD_HAVE = re.compile(r"\bwould\s+(?:\w+\s+){0,6}?have\b", re.I)
_WOULD_HAVE_BEEN = re.compile(r"\b(?:would|could|might)\s+have\b", re.I)


def cue(question: str) -> Callable[[str], bool] | None:
    """The test a sentence saying what the question's verb asks passes, or None.

    >>> includes = cue("What does the semicontaminated area include?")
    >>> includes("The semicontaminated area includes the CT control room."), includes("The contaminated area includes a tent.")
    (True, False)
    >>> cue("What do ribozymes exhibit?")("Instead, they exhibit structural information by hairpin loops.")
    True
    >>> cue("What is assumed for the mean serial interval?")("R was 2.2, assuming a mean serial interval of 7.5 days.")
    True
    >>> cue("What CNS functions are changed by mutations in KATNAL1?")("The mutation is associated with changes in sleep.")
    True
    >>> cue("What does the analysis show on the spread in local cases and in imported cases?") is None
    True
    >>> found = cue("What is the conclusion of the long-term surveillance studies?")
    >>> found("Our surveillances suggest that bats harbor many CoVs."), found("Surveillance will help prevent disease.")
    (True, False)
    >>> differs = cue("How does transmission differ between SARS-CoV and MERS-CoV?")
    >>> differs("SARS-CoV spreads fast between hosts, while MERS-CoV is contained."), differs("There are distinct differences.")
    (True, False)
    >>> cue("What would the number of cases have been without the restriction?")("Without it, 1373 cases would have occurred.")
    True
    >>> cue("What does EGR1 mean?") is None, cue("What is the hallmark finding of the disease?") is None   # a thing named
    (True, True)
    """
    if _DIFFER.search(question):
        return lambda sentence: bool(_SETS_APART.search(sentence))
    if _WOULD_HAVE.search(question):
        return lambda sentence: bool(_WOULD_HAVE_BEEN.search(sentence))
    if _FINDINGS.search(question):
        return _reports
    does = _DOES.search(question)
    if does and does.group(2).lower() not in _LIGHT:
        if does.group(2).lower() in _FIND:
            return _reports
        return _doing(does.group(2), does.group(1))
    done = _DONE.search(question)
    if done:
        terms = {t for toks in lexical.tokenize([question[done.end():]]) for t in toks}
        return _doing(done.group(1), "", terms)
    return None


def _reports(sentence: str) -> bool:
    return bool(_REPORTS.search(sentence))


def _stem(word: str) -> str:
    stem = lexical.tokenize([word])[0]
    stem = stem[0] if stem else word.lower()
    return stem[:max(4, len(stem) - 1)] if len(stem) > 5 else stem   # "assum" for assumed/assuming


def _doing(verb: str, subject: str, others: set = frozenset()) -> Callable[[str], bool]:
    """A sentence using ``verb`` (any form) of ``subject`` (all its terms, or a
    pronoun right before the verb), or, without a subject, with one of ``others``.

    >>> _doing("include", "the buffer zone")("The buffer zone includes access areas."), _doing("include", "the buffer zone")("It includes offices.")
    (True, True)
    """
    verb_at = rf"\b{re.escape(_stem(verb))}\w*"
    pattern = re.compile(verb_at, re.I)
    pronoun = re.compile(rf"\b(?:it|they|these|this)\s+(?:\w+\s+)?{verb_at}", re.I)
    needed = {t for toks in lexical.tokenize([subject]) for t in toks}

    def says(sentence: str) -> bool:
        if not pattern.search(sentence):
            return False
        held = {t for toks in lexical.tokenize([sentence]) for t in toks}
        if subject:
            return needed <= held or bool(pronoun.search(sentence))
        return not others or bool(others & held)
    return says
