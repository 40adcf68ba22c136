"""The period a rate is asked over, and whether a sentence gives it over another.

"How many people cross the border each year?" asks for a yearly figure;
"With around 400,000 people crossing daily, ..." gives a daily one. Copied into
a draft as the answer, it would be wrong by a factor of 365, so such a
sentence is only the closest, and the note says which period it gives.

* ``asked_period``: "day", "week", "month" or "year" when the question asks
  for a figure per that period ("each year", "per day", "annually", "weekly"), else None;
* ``other_period``: the period a sentence gives its figures over when that is
  not the one asked for (and it never names the one asked for), else None.
"""

from __future__ import annotations

import re

_PER = r"(?:each|every|per|a|an)\s+"
PERIODS = {
    "day": rf"\b(?:daily|{_PER}day|{_PER}24[- ]hours?|/\s?day)\b",
    "week": rf"\b(?:weekly|{_PER}week|/\s?week)\b",
    "month": rf"\b(?:monthly|{_PER}month|/\s?month)\b",
    "year": rf"\b(?:yearly|annually|annual|{_PER}year|/\s?year|per annum|a year)\b",
}
_PATTERNS = {p: re.compile(rx, re.I) for p, rx in PERIODS.items()}
ADJECTIVES = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}


def periods(text: str) -> set[str]:
    """The periods ``text`` gives figures over.

    >>> sorted(periods("With around 400,000 people crossing daily, and 2 million a week"))
    ['day', 'week']
    >>> periods("The forum should convene at least twice annually.")
    {'year'}
    >>> periods("Everyday tools")
    set()
    """
    return {p for p, rx in _PATTERNS.items() if rx.search(text)}


def asked_period(question: str) -> str | None:
    """The one period ``question`` asks a figure over, or None.

    >>> asked_period("How many people cross the Canada-U.S. border each year?")
    'year'
    >>> asked_period("How many people cross the border?"), asked_period("How many cross daily or weekly?")
    (None, None)
    """
    found = periods(question)
    return next(iter(found)) if len(found) == 1 else None


def other_period(question: str, sentence: str) -> str | None:
    """The period ``sentence`` gives instead of the one ``question`` asks for.

    >>> q = "How many people cross the Canada-U.S. border each year?"
    >>> other_period(q, "With around 400,000 people crossing daily, it is a vital corridor.")
    'day'
    >>> other_period(q, "About 146 million people cross it a year, 400,000 daily."), other_period(q, "It is 9,000 km long.")
    (None, None)
    """
    asked = asked_period(question)
    if asked is None:
        return None
    given = periods(sentence)
    if not given or asked in given:
        return None
    return sorted(given)[0]
