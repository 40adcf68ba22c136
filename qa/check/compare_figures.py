"""Settling a comparative claim (``qa.check.comparatives``) with the figures a
text gives for each side: "Seizures were higher in 2024 than in 2023" against
"the CBSA seized nearly 165,000 pounds of illicit drugs in 2024, up from close to
140,000 pounds in 2023" is supported, and both figures are the proof.

Each figure of the text is tied to a side by where the side is said: the year
or name right after it in its clause ("140,000 pounds *in 2023*"), else the
nearest one before it in its sentence ("*In 2023*, U.S. CBP seized approximately
55,000 pounds"), never across "compared with", "than", "the previous year" or
"respectively". The figures compared are of one unit, about the claim's words,
and stated for any year the claim names beside its sides; a verdict is given
only when every such pair of figures says the same (more, or fewer).

>>> from qa.check.comparatives import parse
>>> text = "In Canada, the CBSA seized nearly 165,000 pounds of drugs in 2024, up from close to 140,000 pounds in 2023."
>>> settle(parse("The CBSA seized more drugs in 2024 than in 2023."), text, {"drug", "seiz"})
Settled(relation='supports', lines=['the evidence says nearly 165,000 pounds for 2024 and close to 140,000 pounds for 2023'], anchored=True)
>>> settle(parse("The CBSA seized fewer drugs in 2024 than in 2023."), text, {"drug", "seiz"}).lines
['the claim says fewer for 2024 than for 2023; the evidence says nearly 165,000 pounds for 2024 and close to 140,000 pounds for 2023']
"""

from __future__ import annotations

import re
from typing import NamedTuple

from qa.check.align import interval
from qa.check.align_words import _shared
from qa.check.candidates import holds, terms_of
from qa.check.comparatives import Comparative, Side, _names, _years, parse
from qa.check.facts import Mention, extract
from qa.check.figure_roles import BOUNDARY, clause
from qa.ingest.sentences import split_sentences

# what a side said before a figure does not reach across: another time, or another place, is set against it
BLOCK = {"year": re.compile(r"\b(?:previous|prior|preceding|before|earlier|last|next|following|later|after|up from|down from"
                            r"|respectively|since|until)\b", re.I),
         "name": re.compile(r"\b(?:compared|than|versus|vs|relative|whereas|while|unlike|respectively)\b", re.I)}
SHARE = re.compile(r"%|\b(?:share|proportion|percent(?:age)?|per cent|rate|ratio|fraction|majority|minority|portion)s?\b", re.I)
EARLIER = re.compile(r"\b(?:(?:a|one) year (?:earlier|before)|the (?:previous|prior|preceding) year|the year before)\b", re.I)
ABOUT = 0.05   # "about 100" against another figure: 95 to 105
REACH = 80   # characters between a figure and the side said right after it


class Settled(NamedTuple):
    relation: str | None   # "supports", "contradicts", "related", or None: the text gives no figure for a side
    lines: list            # the figures shown as proof, or why it does not settle the claim
    anchored: bool         # the text names both sides


def anchors(side: Side, text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a side: the year, or the name (an organization by any of its keys).

    >>> from qa.check.comparatives import parse
    >>> anchors(parse("Seizures were higher in Canada than in the U.S.").sides[0], "the Canada Border Services Agency (CBSA) in Canada")
    [(44, 50)]
    """
    if side.kind == "year":
        years = [s for s in _years(text) if s.kind == "year"]
        said = [(s.start, s.end) for s in years if s.key == side.key]
        for m in EARLIER.finditer(text):   # "5,600 in 2024, up from 4,100 a year earlier": 2023
            s, _ = _sentence(text, m.start())
            last = [y for y in years if s <= y.start < m.start()]
            if last and last[-1].key[0] - 1 == side.key[0]:
                said.append(m.span())
        return sorted(said)
    if isinstance(side.key, frozenset):
        return [(s.start, s.end) for s in _names(text) if isinstance(s.key, frozenset) and s.key & side.key]
    return [(s.start, s.end) for s in _names(text) if s.key == side.key]


def _sentence(text: str, at: int) -> tuple[int, int]:
    return next(((s, e) for s, e in split_sentences(text) if s <= at < e), (0, len(text)))


def tie(text: str, figures: list[Mention], sides: tuple[Side, ...], carry: bool = False) -> dict:
    """{figure: index of its side} for the figures a side can be read for; with
    ``carry``, a figure whose sentence names no party is the last named party's
    ("In 2023, U.S. CBP seized 55,000 pounds. By 2024, seizures fell to 11,000 pounds.")."""
    marks, block = sorted((a, b, i) for i, side in enumerate(sides) for a, b in anchors(side, text)), BLOCK[sides[0].kind]
    out, taken = {}, set()
    starts = sorted(f.start for f in figures)
    for f in figures:   # the side said right after the figure, in its clause, before any other figure
        s, e = _sentence(text, f.start)
        after = [(a, b, i) for a, b, i in marks if f.end <= a < e and a - f.end <= REACH]
        if after and not re.search(r"\brespectively\b", text[s:e], re.I):
            a, b, i = after[0]
            between = re.sub(r"\b\d{1,2},\s*$", "", text[f.end:a])   # "for the year ended December 31, 2021": a date's comma
            if not BOUNDARY.search(between) and not block.search(between) and not any(f.end < x < a for x in starts):
                out[f] = i
                taken.add((a, b))
    for f in figures:   # else the nearest side said before it in its sentence, not already another figure's
        if f in out:
            continue
        s, e = _sentence(text, f.start)
        before = [(a, b, i) for a, b, i in marks if s <= a and b <= f.start and (a, b) not in taken]
        if before and not re.search(r"\brespectively\b", text[s:e], re.I):
            a, b, i = before[-1]
            rest = text[f.end:clause(text, f.start, f.end)[1]]   # "300 the previous year": said of another time
            if not block.search(text[b:f.start]) and not block.search(rest) and not any(m[0] > b and m[1] <= f.start for m in marks if m[:2] in taken):
                out[f] = i
    parties = [p for p in _names(text) if isinstance(p.key, frozenset)] if carry else []
    for f in figures:
        s, _ = _sentence(text, f.start)
        said = [p for p in parties if p.end <= f.start]
        if f not in out and said and said[-1].end <= s:   # its sentence names none before it: the last one named
            last = said[-1]
            out.update({f: i for a, b, i in marks if (a, b) == (last.start, last.end)})
    return out


def _span(m: Mention) -> tuple[float, float]:
    """The values a figure allows when set against another: "nearly 165,000" is
    within 5% of it (a reader sets it above "close to 140,000"), "more than 500" at least 500."""
    lo, hi = interval(m)
    if m.approx == "about":
        tol = max(m.tol, ABOUT * abs(m.key[0]))
        lo, hi = m.key[0] - tol, m.key[0] + tol
    return lo, hi


def context(comp: Comparative, claim: str) -> list[Side]:
    """The years, places and parties a comparative claim names beside its two sides.

    >>> from qa.check.comparatives import parse
    >>> c = "More migrants were intercepted in Ontario in 2024 than in 2023."
    >>> [s.text for s in context(parse(c), c)]
    ['Ontario']
    """
    ours = [s.key for s in comp.sides]
    years = [y for y in _years(claim) if y.kind == "year" and y.key not in ours]
    places = [n for n in _names(claim) if not any(_same(n, s) for s in comp.sides)
              and (n.start > 0 or isinstance(n.key, frozenset))]   # a first word may be no name ("Asylum claims")
    return list({s.key: s for s in years + places}.values())


def _order(a: Mention, b: Mention) -> int:
    """+1 if ``a`` is surely more than ``b``, -1 if surely fewer, 0 if they may be equal.

    >>> q = lambda t: extract(t).of("quantity")[0]
    >>> _order(q("nearly 165,000"), q("close to 140,000")), _order(q("about 100"), q("96")), _order(q("more than 500"), q("400"))
    (1, 0, 1)
    """
    (alo, ahi), (blo, bhi) = _span(a), _span(b)
    return 1 if alo > bhi else -1 if ahi < blo else 0


def settle(comp: Comparative, text: str, terms: set, source: str = "the evidence", claim: str = "") -> Settled:
    """Whether ``text`` gives figures for both sides of ``comp`` that settle it."""
    named = all(anchors(s, text) for s in comp.sides)
    facts = extract(text)
    about = [(a, b) for a, b in split_sentences(text) if not terms or any(holds(terms_of([text[a:b]])[0], t) for t in terms)]
    figures = [f for f in facts.of("quantity") if any(a <= f.start < b for a, b in about)]   # in a sentence with the claim's words
    for side in context(comp, claim):   # a year, place or party the claim names beside its sides ("... than in Ontario in 2024")
        figures = list(tie(text, figures, (side,), carry=isinstance(side.key, frozenset)))   # the figures compared are said of it
    tied = tie(text, figures, comp.sides)
    if named and not tied:
        return stated(comp, text, source)
    units = {f.key[1] for f in tied if tied[f] == 0} & {f.key[1] for f in tied if tied[f] == 1}
    if not units:
        return stated(comp, text, source) if named else Settled(None, [], named)
    if units == {"percent"} and not SHARE.search(claim):
        a = next(f for f in tied if tied[f] == 0 and f.key[1] == "percent")
        return Settled("related", [f"{source} says shares ({a.shown} for {comp.sides[0].text}), not the amounts the claim compares"], named)
    pairs = [(a, b) for a in tied if tied[a] == 0 for b in tied if tied[b] == 1 and a.key[1] == b.key[1] in units
             and not (a.noun and b.noun and a.noun != b.noun)]
    orders = {_order(a, b) for a, b in pairs}
    if not pairs or len(orders) != 1 or 0 in orders:
        return Settled("related", [f"{source} says figures for {comp.sides[0].text} and {comp.sides[1].text} "
                                   "that do not tell which is more"], named)
    a, b = max(pairs, key=lambda p: _shared(frozenset(terms), p[0].context) + _shared(frozenset(terms), p[1].context))
    gives = f"{source} says {a.shown} for {comp.sides[0].text} and {b.shown} for {comp.sides[1].text}"
    if orders == {comp.sign}:
        return Settled("supports", [gives], named)
    if comp.kind == "change":
        return Settled("contradicts", [f"the claim says it {comp.word} in {comp.sides[0].text}; {gives}"], named)
    word = comp.word.lower() if comp.word.lower() in ("more", "fewer", "less", "higher", "lower", "greater", "smaller", "larger", "bigger") \
        else ("more" if comp.sign > 0 else "fewer")
    return Settled("contradicts", [f"the claim says {word} for {comp.sides[0].text} than for {comp.sides[1].text}; {gives}"], named)


def _same(a: Side, b: Side) -> bool:
    """Whether two sides are one year or one name (an organization by any of its keys)."""
    both = isinstance(a.key, frozenset) and isinstance(b.key, frozenset)
    return a.kind == b.kind and (bool(a.key & b.key) if both else a.key == b.key)


def stated(comp: Comparative, text: str, source: str = "the evidence") -> Settled:
    """A text naming both sides without figures settles the comparison only if
    it states one of its own between the same sides ("fewer in Ontario than in Québec").

    >>> stated(parse("More migrants crossed in Québec than in Ontario."), "Fewer crossed in Ontario than in Québec.").relation
    'supports'
    """
    for a, b in split_sentences(text):
        theirs = parse(text[a:b])
        if theirs is None:
            continue
        ours, (x, y) = comp.sides, theirs.sides
        order = 1 if _same(x, ours[0]) and _same(y, ours[1]) else -1 if _same(x, ours[1]) and _same(y, ours[0]) else 0
        if order:
            relation = "supports" if order * theirs.sign == comp.sign else "contradicts"
            said = f"{source} says “{text[a:b].strip()}”"
            return Settled(relation, [said] if relation == "supports" else [f"the claim says {comp.word.lower()}; {said}"], True)
    return Settled("related", [f"{source} names {comp.sides[0].text} and {comp.sides[1].text} but does not compare them here"], True)
