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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.check import opposites, roles
from qa.check.facts import STOP, Facts, Mention, extract
from qa.check.figure_roles import named_role, same_role
from qa.check.facts import _words as _fwords
from qa.check.polarity import _phrase
from qa.check.roles import COUNTRY_KEYS
from qa.store.lexical import _stemmer


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
    return near and (role or bool(q.period and e.period and _within(q.period, e.period)) or _overlap(q, e) >= 2)


def _overlap(a: Mention, b: Mention, context: frozenset | None = None) -> int:
    """Words shared by two facts' surroundings; "seizures" and "seized" count as one."""
    ours = a.context if context is None else context
    return sum(w in b.context or any(len(w) >= 4 and len(v) >= 4 and (w.startswith(v) or v.startswith(w))
                                     for v in b.context) for w in ours)


def _best(candidates: list, score) -> Mention | None:
    return max(candidates, key=score) if candidates else None


def _summary(evidence: Facts, e: Mention) -> str:
    """What the evidence says around a direction word: its figure and years ("53% increase, 2019 to 2023")."""
    near = [q for q in evidence.of("quantity") if 0 <= e.start - q.end <= 3 or 0 <= q.start - e.end <= 3]
    head = f"{near[0].shown} {e.shown}" if near else e.shown
    years = sorted({y for m in evidence.of("year") for y in m.key if abs(m.start - e.start) < 120})
    return head + (f", {years[0]} to {years[-1]}" if len(years) > 1 else f", {years[0]}" if years else "")


LINKS = set("between since until through within among against across via".split())


def _sides(text: str, start: int, end: int, width: int = 3) -> tuple[frozenset, frozenset]:
    """Stems of the meaningful words before (twice ``width``: a subject's head
    comes before its modifiers) and just after a word: what it is said of.

    >>> [sorted(s) for s in _sides("Bariatric surgery increases rates of colorectal cancer.", 18, 27)]
    [['bariatr', 'surgeri'], ['cancer', 'colorect', 'rate']]
    """
    words = _fwords(text)
    stems = [s if w not in STOP and w not in LINKS else "" for (_, w), s in zip(words, _stemmer().stemWords([w for _, w in words]))]
    before = [s for (p, _), s in zip(words, stems) if p < start and len(s) > 1][-2 * width:]
    after = [s for (p, _), s in zip(words, stems) if p >= end and len(s) > 1][:width]
    return frozenset(before), frozenset(after)


def _shared(a: frozenset, b: frozenset) -> int:
    """Stems of ``a`` in ``b``; "seizures" and "seized" count as one."""
    return sum(w in b or any(len(w) >= 4 and len(v) >= 4 and (w.startswith(v) or v.startswith(w)) for v in b) for w in a)


def _said_of_same(claim: Facts, d: Mention, evidence: Facts, e: Mention) -> bool:
    """Whether an opposite word in the evidence is said of what the claim's is:
    two of the three words just after the claim's (its object: "increases *rates*
    of *cancer*" is not "weight *loss*"; one if that is all), or before it when
    nothing follows, are among the evidence word's surroundings."""
    before, after = _sides(claim.text, d.start, d.end)
    if not (before or after):
        return True
    theirs = e.context.union(*_sides(evidence.text, e.start, e.end, width=8))
    ours = after or before
    return _shared(ours, theirs) >= min(2, len(ours))


def _directions(claim: Facts, evidence: Facts, out: Comparison, says: str) -> None:
    directions = claim.of("direction")
    for d in directions:
        # a claim stating one direction says it of its whole subject ("drug seizures by CBP ... increased")
        around = frozenset().union(*(m.context for m in claim.mentions)) if len(directions) == 1 else d.context
        same_scale = [e for e in evidence.of("direction") if e.scale == d.scale]
        ours = _sides(claim.text, d.start, d.end)
        # the evidence word said of the same things: its neighbours on each side, then its surroundings
        e = _best(same_scale, lambda e: 2 * sum(_shared(a, b) for a, b in zip(ours, _sides(evidence.text, e.start, e.end)))
                  + _overlap(d, e, around) + 0.1 * (e.key == d.key))
        if e is None or (_overlap(d, e, around) < 1 if e.key == d.key else
                         _overlap(d, e, around) < min(3, len(around)) and _overlap(d, e) < min(2, len(d.context))):
            out.unmatched.append(d)   # an opposite word is a difference only when two words around it say of what
        elif not _said_of_same(claim, d, evidence, e) or e.key != d.key and any(
                o.key == d.key and _shared(ours[0] | ours[1], frozenset().union(*_sides(evidence.text, o.start, o.end)))
                for o in same_scale):
            out.unmatched.append(d)   # said of other things, or the evidence says both ("lower ... higher")
        elif e.key != d.key:
            negated = d.text != d.shown
            ours = d.text if negated else opposites.reads(opposites.find(d.shown)[0], d.key) if d.scale == "change" else d.shown
            theirs = opposites.reads(opposites.find(e.shown)[0], e.key) if d.scale == "change" and e.text == e.shown else e.text
            if d.scale == "change":
                out.differences.append(f"the claim says it {ours}; {says} it {theirs} ({_summary(evidence, e)})")
            else:
                out.differences.append(f"the claim says “{ours}”; {says} “{theirs}”: “{_phrase(evidence.text, e.start, 3, 6)}”")
        else:
            out.matched.append(d)


def _words_after(text: str, start: int, word: str, more: int = 2) -> str:
    """``text`` from ``start`` through ``word`` and ``more`` words after it."""
    m = re.search(rf"\b{re.escape(word)}\b((?:\W+[\w,.%$-]+){{0,{more}}})", text[start:])
    end = start + m.end() if m else min(len(text), start + 60)
    return text[start:end].strip(" ,;.")


def _parties(claim: Facts, evidence: Facts, out: Comparison, says: str) -> None:
    """A party differs only when the evidence gives the claim party's deed to another party."""
    claim_keys = set().union(*(set(p.key) for p in claim.of("party"))) if claim.of("party") else set()
    ev_parties = evidence.of("party")
    for p in claim.of("party"):
        if any(set(p.key) & set(e.key) for e in ev_parties):
            out.matched.append(p)
            continue
        deed = roles.doer(claim.text, p.start, p.end)
        span = roles.who_did(evidence.text, deed, [(e.start, e.end) for e in ev_parties]) if deed else None
        if span is None:
            out.unmatched.append(p)
            continue
        inside = [e for e in ev_parties if span[0] <= e.start < span[1]]
        keys = set().union(*(set(e.key) for e in inside)) if inside else set()
        country = bool(set(p.key) & COUNTRY_KEYS)
        if keys and not keys & claim_keys and bool(keys & COUNTRY_KEYS) == country:
            ev_deed = next((w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", evidence.text[span[1]:])
                            if roles._stem(w) == roles._stem(deed)), deed)
            out.differences.append(f"the claim says {_words_after(claim.text, p.start, deed)}; "
                                   f"{says} {_words_after(evidence.text, span[0], ev_deed)}")
        else:
            out.unmatched.append(p)


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
            return 2.0 * bool(q.noun and q.noun == e.noun) + period + 0.5 * min(4, _overlap(q, e)) + 0.25 * same_value(q, e)
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
        e = _best(ev_years, lambda e: _overlap(y, e))
        if e is not None and _overlap(y, e) >= 1:
            (out.conflicts if scope else out.differences).append(f"the claim says {y.text}; {says} {e.text}")
        else:
            out.unmatched.append(y)
    fits = lambda a, b: a == b or None in (a, b)
    for d in claim.of("date"):
        same = [e for e in evidence.of("date") if e.key[0] == d.key[0] and fits(e.key[1], d.key[1]) and fits(e.key[2], d.key[2])]
        e = _best(evidence.of("date"), lambda e: _overlap(d, e))
        if same:
            out.matched.append(d)
        elif e is not None and _overlap(d, e) >= 1:
            out.differences.append(f"the claim says {d.text}; {says} {e.text}")
        else:
            out.unmatched.append(d)
    out.figures = len(out.differences)
    _directions(claim, evidence, out, says)
    _parties(claim, evidence, out, source + " says")
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
