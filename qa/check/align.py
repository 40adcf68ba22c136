"""How a claim's facts fare against one piece of evidence: each claim fact is
paired with the evidence fact of the same kind that shares its context (the same
year, the noun it counts, nearby words), never with any number in the passage.

>>> claim = extract("The CBSA seized 42,340 firearms between 2019 and 2023.")
>>> evidence = extract("Between 2019 and 2023, 26,145 firearms were recovered in Canada, "
...                    "while the CBSA seized 4,234 firearms during the same period.")
>>> compare(claim, evidence)
['the claim says 42,340; the evidence says 4,234']
>>> compare(extract("In 2024 the CBSA seized nearly 165,000 pounds of drugs."),
...         extract("In 2024 the CBSA seized 165,000 pounds of drugs."))
[]

The words around each fact tie it to the evidence (``align_words.overlap``);
the claim's direction words and parties are compared in ``qa.check.align_words``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.check.align_words import align_directions, align_parties, overlap
from qa.check.facts import Facts, Mention, extract
from qa.check.figure_roles import named_role, same_role


@dataclass
class Comparison:
    """How a claim's facts fare against one piece of evidence."""
    differences: list = field(default_factory=list)   # human-readable
    matched: list = field(default_factory=list)       # claim facts the evidence states alike
    unmatched: list = field(default_factory=list)     # claim facts the evidence does not state
    conflicts: list = field(default_factory=list)     # another year, untied to the claim's figures:
                                                      # the evidence is about something else
    figures: int = 0                                  # how many of the differences are figures, years or dates


def interval(m: Mention) -> tuple[float, float]:
    """The values a figure allows: its rounding, widened by "about" (10%) or a bound.

    >>> interval(extract("$1.3 billion").of("quantity")[0])
    (1250000000.0, 1350000000.0)
    >>> interval(extract("nearly 165,000").of("quantity")[0])
    (148500.0, 181500.0)
    """
    v, tol = m.key[0], m.tol
    if m.approx == "about":
        tol = max(tol, 0.1 * abs(v))
    lo, hi = v - tol, v + tol
    return (lo, float("inf")) if m.approx == "at least" else (float("-inf"), hi) if m.approx == "at most" else (lo, hi)


def same_value(a: Mention, b: Mention) -> bool:
    """Whether two figures of one unit can be the same value.

    >>> q = lambda t: extract(t).of("quantity")[0]
    >>> same_value(q("82 percent"), q("82%")), same_value(q("about 5,500"), q("approximately 55,000"))
    (True, False)
    """
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return a.key[1] == b.key[1] and alo <= bhi + 1e-9 and blo <= ahi + 1e-9


def _years(period) -> str:
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


def _within(a: tuple, b: tuple) -> bool:
    """Whether one year span holds the other ("2019" is within "2019-2023")."""
    return a[0] <= b[0] and b[1] <= a[1] or b[0] <= a[0] and a[1] <= b[1]


def _tied(q: Mention, e: Mention, role: bool = False) -> bool:
    """Whether two figures are about the same thing: they count the same noun,
    or, within a hundredfold of each other, are stated for the same year, share
    two words around them, or fill the same named role (``role``: "the maximum")."""
    if q.noun and q.noun == e.noun:
        return True
    near = max(abs(q.key[0]), abs(e.key[0])) <= 100 * max(1e-9, min(abs(q.key[0]), abs(e.key[0])))
    return near and (role or bool(q.period and e.period and _within(q.period, e.period)) or overlap(q, e) >= 2)


def _best(candidates: list, score) -> Mention | None:
    return max(candidates, key=score) if candidates else None


def align(claim: Facts, evidence: Facts, source: str = "the evidence") -> Comparison:
    """Pair each claim fact with the evidence fact of the same kind and context;
    list what differs, what agrees and what the evidence does not state."""
    out = Comparison()
    says = f"{source} says"
    used_periods = set()
    for q in claim.of("quantity"):
        cands = [e for e in evidence.of("quantity")   # of the same unit and role ("the maximum", not "the default")
                 if e.key[1] == q.key[1] and same_role(claim.text, q, evidence.text, e, same_value(q, e))]

        def score(e):
            period = 0 if not (q.period and e.period) else (1.5 if _within(q.period, e.period) else -1.0)
            return 2.0 * bool(q.noun and q.noun == e.noun) + period + 0.5 * min(4, overlap(q, e)) + 0.25 * same_value(q, e)
        e = _best(cands, score)
        if e is not None and not same_value(q, e) and not _tied(q, e, named_role(claim.text, q, evidence.text, e)):
            e = None  # nothing ties the two figures together: not a difference, just unstated
        if e is None:
            out.unmatched.append(q)
            continue
        used_periods.add(q.period)
        if not same_value(q, e):
            by_year = q.period and q.period == e.period and any(c.period != e.period for c in cands)
            when = f" for {_years(q.period)}" if by_year else ""
            out.differences.append(f"the claim says {q.shown}{when}; {says} {e.shown}{when}")
        elif q.period and e.period and not _within(q.period, e.period):
            out.differences.append(f"the claim says {_years(q.period)} (for {q.shown}); {says} {_years(e.period)}")
        else:
            out.matched.append(q)
    scope = claim.of("direction") or claim.of("quantity")  # a year then says when, not what
    ev_years = evidence.of("year") + [d for d in evidence.of("date") if d.key[2]]
    used_periods |= {(d.key[2], d.key[2]) for d in claim.of("date") if d.key[2]}
    span = lambda m: m.key if m.kind == "year" else (m.key[2], m.key[2])
    for y in claim.of("year"):
        if y.key in used_periods:
            continue
        inside = lambda year: any(span(e)[0] <= year <= span(e)[1] for e in ev_years)
        if any(span(e)[0] <= y.key[0] and y.key[1] <= span(e)[1] for e in ev_years) or inside(y.key[0]) and inside(y.key[1]):
            out.matched.append(y)
            continue
        e = _best(ev_years, lambda e: overlap(y, e))
        if e is not None and overlap(y, e) >= 1:
            (out.conflicts if scope else out.differences).append(f"the claim says {y.text}; {says} {e.text}")
        else:
            out.unmatched.append(y)
    fits = lambda a, b: a == b or None in (a, b)
    for d in claim.of("date"):
        same = [e for e in evidence.of("date") if e.key[0] == d.key[0] and fits(e.key[1], d.key[1]) and fits(e.key[2], d.key[2])]
        e = _best(evidence.of("date"), lambda e: overlap(d, e))
        if same:
            out.matched.append(d)
        elif e is not None and overlap(d, e) >= 1:
            out.differences.append(f"the claim says {d.text}; {says} {e.text}")
        else:
            out.unmatched.append(d)
    out.figures = len(out.differences)
    align_directions(claim, evidence, out, says)
    align_parties(claim, evidence, out, source + " says")
    return out


def compare(claim_facts: Facts, evidence_facts: Facts, source: str = "the evidence") -> list[str]:
    """What the evidence states differently from the claim, in words.

    >>> compare(extract("The Swanton Sector accounted for 69% of encounters in 2022."),
    ...         extract("with 82% occurring there in 2024, up from 69% in 2023 and 48% in 2022."))
    ['the claim says 69% for 2022; the evidence says 48% for 2022']
    >>> compare(extract("Organized crime incidents fell between 2019 and 2023."),
    ...         extract("Organized crime saw a 53% increase going from 8,519 incidents in 2019 to 13,056 in 2023."))
    ['the claim says it fell; the evidence says it rose (53% increase, 2019 to 2023)']
    >>> compare(extract("It is the shortest border in the world."), extract("It is the longest border in the world."))
    ['the claim says “shortest”; the evidence says “longest”: “It is the longest border in the world”']
    """
    return align(claim_facts, evidence_facts, source).differences
