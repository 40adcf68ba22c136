"""Comparative claims across years or places: "Seizures were higher in 2024
than in 2023", "More migrants crossed in Quebec than in Ontario", "Firearms
recovered in Canada outnumbered those seized by the CBSA". Such a claim states
no figure of its own; it is settled by a document giving a figure for each side
(``qa.check.compare_figures``).

``parse`` reads the comparison: its direction (+1 "more", -1 "fewer"), and its
two sides, each a year or a name (a place, an organization), the first being
the side said to be more (or fewer):

>>> c = parse("Seizures were higher in 2024 than in 2023.")
>>> c.sign, c.sides[0].text, c.sides[1].text
(1, '2024', '2023')
>>> c = parse("Fewer migrants crossed in Québec than in Ontario in 2024.")
>>> c.sign, c.word, [s.text for s in c.sides]
(-1, 'Fewer', ['Québec', 'Ontario'])
>>> parse("The CBSA seized more than 4,000 firearms."), parse("Seizures were not higher in 2024 than in 2023.")
(None, None)
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from qa.check import opposites
from qa.check.facts import NUMBER, PERIOD, STOP, YEAR
from qa.check.roles import COUNTRY_KEYS, find_parties

MORE = r"more|higher|greater|larger|bigger"
FEWER = r"fewer|less|lower|smaller"
WORD = re.compile(rf"\b(?:(?P<more>{MORE})|(?P<fewer>{FEWER}))\b(?=.{{0,120}}?\bthan\b)", re.I)
VERB = re.compile(r"\b(?:(?P<more>exceed(?:ed|s)?|surpass(?:ed|es)?|outnumber(?:ed|s)?|outpac(?:ed|es))"
                  r"|(?P<fewer>trail(?:ed|s)?))\b", re.I)
THAN = re.compile(r"\bthan\b", re.I)
NEGATED = re.compile(r"\b(?:not|no|never|neither|nor|n't)\s+(?:\w+\s+)?$", re.I)
# words between "than" (or the verb) and the other side: "than in", "than those seized by the", "than that of"
LEAD = re.compile(r"(?:\s+(?:in|at|for|during|by|from|of|among|within|across|on|the|those|that|ones?|[a-z]+ed|was|were|did|had))*\s+",
                  re.I)
_CAP = r"[A-Z](?:[\w.-]|['’](?!s\b))*\w"   # a capitalized word, not its possessive "'s"
NAME = re.compile(rf"(?<![\w.])(?:{_CAP}|[A-Z])(?:\s+(?:of\s+|and\s+)?{_CAP})*")


def fold(name: str) -> str:
    """A name as compared: without accents, so "Quebec" is "Québec".

    >>> fold("Québec") == fold("Quebec"), fold("Montréal")
    (True, 'Montreal')
    """
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


class Side(NamedTuple):
    kind: str       # "year" or "name"
    key: object     # a year span (2024, 2024), or the name's words as written ("Québec")
    text: str       # as written in the claim
    start: int
    end: int


class Comparative(NamedTuple):
    sign: int                  # +1: the first side is more; -1: fewer
    word: str                  # the comparative word as written ("higher", "outnumbered")
    sides: tuple[Side, Side]   # (the side said to be more or fewer, the side it is compared with)
    kind: str = "than"         # "than", or "change": a rise or fall said of one year, against the year before


def _years(text: str) -> list[Side]:
    spans = [m.span() for m in PERIOD.finditer(text)]
    out = [Side("year", (int(m.group(1)), int(m.group(1))), m.group(1), m.start(), m.end()) for m in YEAR.finditer(text)]
    return [y for y in out if not any(a <= y.start < b for a, b in spans)] + [Side("span", s, text[s[0]:s[1]], *s) for s in spans]


def _names(text: str) -> list[Side]:
    """Organizations and countries (keyed as ``roles.find_parties`` keys them:
    "CBSA" ~ "Canada Border Services Agency"; "U.S. CBP" is CBP), then other
    capitalized names; a sentence's first word is a name only if nothing else is."""
    out = []
    for name, start, end, keys in find_parties(text):
        last = out[-1] if out else None
        if last and set(last.key) & COUNTRY_KEYS and re.fullmatch(r"\s+", text[last.end:start]):
            out[-1] = Side("name", frozenset(keys), text[last.start:end], last.start, end)   # "U.S. CBP"
        else:
            out.append(Side("name", frozenset(keys), name, start, end))
    taken = [(s.start, s.end) for s in out]
    for m in NAME.finditer(text):
        if YEAR.fullmatch(m.group()) or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if m.start() == 0 and (m.group().split()[0].lower() in STOP or WORD.match(m.group()) or VERB.match(m.group())):
            continue
        name = re.sub(r"['’]s$", "", m.group())   # "Montréal's" is Montréal
        out.append(Side("name", fold(name), name, m.start(), m.start() + len(name)))
    return sorted(out, key=lambda s: s.start)


def change(claim: str) -> Comparative | None:
    """A change said of one year ("Seizures fell in 2024") compares it with the year before.

    >>> c = change("Illicit drug seizures by the CBSA fell in 2024.")
    >>> c.sign, c.word, [s.text for s in c.sides]
    (-1, 'fell', ['2024', '2023'])
    >>> change("Seizures have risen since 2019."), change("Seizures rose to 165,000 pounds in 2024.")
    (None, None)
    """
    years, words = _years(claim), [o for o in opposites.find(claim) if o.scale == "change"]
    if len(years) != 1 or years[0].kind != "year" or len(words) != 1 or NEGATED.search(claim[:words[0].start]):
        return None
    y, o = years[0], words[0]
    if re.search(r"\b(?:since|from|after|before|until|till|through|to|between)\s+$", claim[:y.start], re.I) \
            or NUMBER.search(YEAR.sub(" ", claim)):
        return None   # "since 2019" is no one year; "rose to 165,000" is a figure, compared as one
    before = Side("year", (y.key[0] - 1, y.key[0] - 1), str(y.key[0] - 1), y.start, y.start)
    return Comparative(o.sign, opposites.reads(o), (y, before), "change")


def parse(claim: str) -> Comparative | None:
    """The comparison a claim states between two years or two names, or None."""
    m = WORD.search(claim) or VERB.search(claim)
    if not m:
        return change(claim)
    if NEGATED.search(claim[:m.start()]):
        return None
    sign = 1 if m.group("more") else -1
    after = THAN.search(claim, m.end()).end() if m.re is WORD else m.end()
    lead = LEAD.match(claim, after)
    at = lead.end() if lead else after
    window = claim[at:at + 60]
    if re.match(r"(?:about|approximately|around|nearly|almost|some|\$|€|£)?\s*\d", window) and not YEAR.match(window):
        return None   # "more than 4,000": a bound, not a comparison
    years, names = _years(claim), _names(claim)
    other = next((s for s in years + names if s.start == at), None)
    if other is None or other.kind == "span" or NUMBER.search(claim[m.end():at]) and not YEAR.search(claim[m.end():at]):
        return None
    pool = [s for s in (years if other.kind == "year" else names) if s.start != at and s.kind == other.kind and s.key != other.key]
    if other.kind == "year" and any(s.kind == "span" for s in years):
        return None   # "between 2019 and 2023": which year is compared is unclear
    if other.kind == "name":   # the side before the comparison, said with the same word as the other ("in Québec" / "in Ontario")
        prep = re.search(r"(\w+)\s+(?:the\s+)?$", claim[:at])
        pool = [s for s in pool if s.start < at and s.start > 0] or [s for s in pool if s.start < at] or pool
        parallel = [s for s in pool if prep and re.search(rf"\b{prep.group(1)}\s+(?:the\s+)?$", claim[:s.start])]
        pool = parallel or pool[:1]
    if len({s.key for s in pool}) != 1:
        return None
    return Comparative(sign, m.group(), (pool[0], other))
