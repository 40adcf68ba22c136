"""The names a question gives, and whether a text names them: the years,
figures and names a sentence lacks (``missing``), through a parenthesis,
without hyphens, by initials or by the place an adjective is of; the names
no document mentions at all (``unmentioned``); the lower-case identifiers,
which no other wording stands for (``identifiers``); and the name doing what a
"how many" question counts (``agent``).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from qa.answer import evidence
from qa.answer.countries import ADJECTIVE, adjective_named
from qa.answer.initials import abbreviated, sibling
from qa.store import lexical

_ASIDE = re.compile(r"\s*\([^()]*\)")   # a parenthesis with what it holds
_HYPHEN = re.compile(r"[-‐‑]")

# "how many firearms did U.S. Customs and Border Protection seize": the name doing what is counted
_AGENT = re.compile(r"^\W*(?i:(?:and\s+)?how\s+(?:many|much)\b[^?]*?\b(?:did|does|do|has|have|had|will|would)\s+(?:the\s+)?)"
                    r"([A-Z][\w'’.&-]*(?:\s+(?:(?:of|and|for|the)\s+)?[A-Z][\w'’.&-]*)*)\s+[a-z]")


def agent(question: str) -> str | None:
    """The name doing what a "how many/how much" question counts, or None.

    >>> agent("How many firearms did U.S. Customs and Border Protection seize in 2023?")
    'U.S. Customs and Border Protection'
    >>> agent("How much did the CBSA seize?"), agent("How many firearms were seized?"), agent("How many did they seize?")
    ('CBSA', None, None)
    >>> agent("How much did American border officers seize?")
    """
    m = _AGENT.match(question.strip())
    if not m or ADJECTIVE.fullmatch(m.group(1)):   # "did American border officers seize": a place's adjective, no name
        return None
    return m.group(1).rstrip(".")


def unmentioned(names, unseen) -> list[str]:
    """The names no document mentions: each of their terms, and each term's
    letter and digit runs ("covid19": "covid", "19"), is ``unseen`` (a
    function from terms to those no chunk holds).

    >>> unmentioned(["Pacific", "COVID19", "Shiprider", "American"], lambda ts: [t for t in ts if t in {"pacif", "covid19", "american"}])
    ['Pacific']
    """
    asked = {}
    for n in names:
        if ADJECTIVE.fullmatch(n):
            continue   # "American": a place's adjective, which the documents may say as "U.S."
        terms = lexical.tokenize([n])[0]
        if terms:
            asked[n] = set(terms) | {r for t in terms for r in re.findall(r"[^\W\d_]+|\d+", t)}
    never = set(unseen(sorted(set().union(*asked.values())))) if asked else set()   # one look-up for all
    return [n for n, terms in asked.items() if terms <= never]


def shown(name: str, text: str) -> bool:
    """Whether ``text`` (the passages shown) names ``name`` one of the ways
    ``missing`` allows, or holds a word spelled nearly as it is.

    >>> shown("NHL", "the National Hockey League team"), shown("Bacilius", "Bacillus subtilis"), shown("Pacific", "the coast")
    (True, True, False)
    """
    return _named(name, text, lexical.normalize(text)) or spelled_like(name, text)


def spelled_like(name: str, text: str, ratio: float = 0.8) -> bool:
    """Whether ``text`` holds a word spelled nearly as ``name`` (or each of
    its long words) is: a question's typo ("Bacilius") for the text's
    "Bacillus" is no name the documents lack.

    >>> spelled_like("Bacilius", "Bacillus subtilis spores"), spelled_like("Pacific", "the Atlantic coast")
    (True, False)
    """
    words = {w.casefold() for w in re.findall(r"[^\W\d_]{4,}", text)}
    wanted = [w.casefold() for w in re.findall(r"[^\W\d_]{5,}", name)]
    return bool(wanted) and all(any(SequenceMatcher(None, w, v).ratio() >= ratio for v in words if abs(len(v) - len(w)) <= 2)
                                for w in wanted)


def missing(w: evidence.Wants, text: str, context: str = "") -> list[str]:
    """The named years and figures ``text`` lacks, and the names neither it
    nor ``context`` (its passage, title and section) mentions.

    >>> missing(evidence.wants("How much did CBSA seize in 2024?"), "In 2023, the CBSA seized 140,000 pounds.")
    ['2024']
    >>> missing(evidence.wants("What did CBP report along the United States border?"), "U.S. Customs and Border Protection reported it.")
    []
    >>> missing(evidence.wants("What triggers the IAS DISAGREE alert?"), "The ‘‘IAS (indicated airspeed) DISAGREE’’ alert shows.")
    []
    >>> missing(evidence.wants("How long is a SHA-256 digest?"), "The size of a SHA256 digest, i.e. 32.")
    []
    >>> missing(evidence.wants("Which Quebec union took part?"), "The Association des policiers du Québec took part.")
    []
    """
    out = []
    if w.years or w.figures:   # (most questions name none: the figures of every sentence scored are not read then)
        digits = {evidence._digits(m.group()) for m in evidence._FIGURE.finditer(text)}
        out = [y for y in w.years if y not in digits] + [f for f in w.figures if f not in digits]
    if w.names:
        both = f"{text} {context}"
        folded = lexical.normalize(both)
        out += [n for n in w.names if sibling(n, text) or not _named(n, both, folded)]
    return out


def _named(name: str, both: str, folded: str) -> bool:
    """Whether ``folded`` (``both`` normalized) names ``name``:
    as written, through a parenthesis ("IAS (indicated airspeed) DISAGREE"),
    without hyphens ("SHA-256" is "SHA256"), by initials or by the place an
    adjective is of ("Canadian": "Canada"). The rarer readings
    are made only when the plain one fails (this runs for every sentence scored)."""
    plain = lexical.normalize(name)
    if plain in folded:
        return True
    if "(" in both and plain in lexical.normalize(_ASIDE.sub("", both)):
        return True
    return _HYPHEN.sub("", plain) in _HYPHEN.sub("", folded) or abbreviated(name, both) or adjective_named(name, both)


def identifiers(names) -> tuple:
    """The names written as identifiers in lower case, which no other wording stands for.

    >>> identifiers(("Python", "libtasn1", "pm2.5", "CBSA"))
    ('libtasn1', 'pm2.5')
    """
    return tuple(n for n in names if evidence._LOWER_ID.fullmatch(n))
