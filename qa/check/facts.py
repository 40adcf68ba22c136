"""Facts a sentence states — figures, years, dates, directions, named parties —
and how a claim's facts differ from the evidence's.

Figures are compared as values: "82 percent" = "82%", "$1.3 billion" =
"1.3 billion dollars", "nearly 9,000 km" = "almost 9,000 kilometres",
"26,145" = "26145". Each claim fact is compared with the evidence fact of the
same kind that shares its context (the same year, the noun it counts, nearby
words), never with any number in the passage:

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

from qa.store.lexical import _stemmer

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATE = re.compile(rf"\b(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?"
                  rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MON})(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?"
                  r"|\b(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b"
                  rf"|\b(?P<m4>{_MON})\s+(?P<y4>(?:19|20)\d\d)\b")
PERIOD = re.compile(r"\b(?:(?:between|from)\s+)?((?:19|20)\d\d)\s*(?:and|to|until|through|-|–|—)\s*((?:19|20)\d\d)\b(?![,.]?\d)", re.I)
YEAR = re.compile(r"(?<![\d$.,])\b((?:19|20)\d\d)\b(?![,.]?\d|\s*(?:%|percent|per cent))")
NUMBER = re.compile(
    r"(?P<cur>(?:US|CA|C|A)?\\?\$|€|£|(?:USD|CAD)\s?)?(?<![\w.,])(?P<num>\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)"
    r"(?:\s*-?\s*(?P<scale>thousand|million|billion|trillion|bn|mn|[mbk])\b)?"
    r"(?:\s*(?P<unit>%|percent\b|per\s?cent\b|percentage points?\b|dollars?\b|USD\b|CAD\b|euros?\b|km\b|kms\b|kilomet(?:re|er)s?\b"
    r"|miles?\b|pounds?\b|lbs?\b|kg\b|kilos?\b|kilograms?\b|tonnes?\b|people\b|persons?\b|individuals\b"
    r"|years?\b|months?\b|weeks?\b|days?\b|hours?\b))?", re.I)
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12}
UNITS = [  # (pattern, unit, factor, converted)
    (r"%|percent|per\s?cent|percentage points?", "percent", 1, False), (r"dollars?|usd|cad|.*\$", "dollars", 1, False),
    (r"euros?|€", "euros", 1, False), (r"£", "pounds sterling", 1, False), (r"km|kms|kilomet.*", "km", 1, False),
    (r"miles?", "km", 1.609344, True), (r"pounds?|lbs?", "pounds", 1, False), (r"kg|kilos?|kilograms?", "pounds", 2.20462, True),
    (r"tonnes?", "pounds", 2204.62, True), (r"people|persons?|individuals", "count", 1, False),
    (r"years?|months?|weeks?|days?|hours?", None, 1, False),
]
APPROX = re.compile(r"(?:\b(?:about|approximately|approx\.?|around|roughly|nearly|almost|close to|some|circa|an estimated|estimated)|~)\s*$", re.I)
AT_LEAST = re.compile(r"(?:\b(?:more than|over|at least|above|exceeding|in excess of|upwards of|greater than)|>|≥)\s*$", re.I)
AT_MOST = re.compile(r"(?:\b(?:less than|fewer than|under|below|up to|at most)|<|≤)\s*$", re.I)
UP = ("increas", "rise", "rose", "risen", "rising", "grew", "grow", "up", "more", "higher", "gain", "climb", "doubl", "tripl",
      "surg", "soar", "expand", "boost", "rais", "bolster", "greater", "larger", "jump", "promot", "activ", "induc", "stimul", "upregul", "enhanc")
DOWN = ("decreas", "declin", "fell", "fall", "fallen", "drop", "down", "less", "fewer", "lower", "reduc", "cut", "shrank", "shrink",
        "plummet", "diminish", "halv", "smaller", "inhibit", "suppress", "attenu", "impair", "downregul", "block")
DIRECTION = re.compile(r"\b(?:" + "|".join(UP + DOWN) + r")\w*", re.I)
NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|cannot|fail(?:s|ed)? to)\s+(?:\w+\s+)?$|n't\s+(?:\w+\s+)?$", re.I)
COUNTRIES = {"canada": "Canada", "canadian": "Canada", "u.s.": "U.S.", "us": "U.S.", "usa": "U.S.", "united states": "U.S.",
             "america": "U.S.", "american": "U.S.", "mexico": "Mexico", "u.k.": "U.K.", "uk": "U.K.", "united kingdom": "U.K.",
             "britain": "U.K.", "france": "France", "germany": "Germany", "china": "China", "india": "India", "japan": "Japan"}
COUNTRY = re.compile(r"(?<![\w.])(?:U\.S\.|U\.K\.|US|USA|UK|United States|United Kingdom|Canada|Canadian|America|American|Mexico|Britain|France|Germany|China|India|Japan)(?![\w])")
ORG_WORDS = {"agency", "police", "service", "services", "protection", "department", "ministry", "union", "association",
             "federation", "force", "guard", "sector", "bureau", "office", "commission", "council", "committee", "forum",
             "patrol", "administration", "authority", "institute", "organization", "court", "government", "security"}
ORG = re.compile(r"(?:(?:U\.S\.|U\.K\.)\s+)?[A-Z][a-z][\w'’.-]*(?:\s+(?:of|and|for|the|&|de|des)?\s*[A-Z][a-z][\w'’.-]*)+")
ORG_HEADS = {"minister", "ministry", "department", "office", "bureau", "bank", "university", "government", "house", "senate"}
ACRONYM = re.compile(r"\b(?!(?:[IVXL]+|UK|USA?|OK|TV)\b)[A-Z][A-Z&-]*[A-Z](?:s\b|\b)")
STOP = set("a an the of in on at to for from by with and or as is are was were be been being that this these those it its "
           "their there which who whom what when where while than then also into about during per each all any both "
           "has have had do does did will would can could should may might over under up down more less same about nearly almost "
           "approximately around roughly some close than".split())


@dataclass(frozen=True)
class Mention:
    """One fact: ``kind`` is quantity, year, date, direction or party; ``key``
    what is compared (a value with its unit, a year span, a sign, party keys)."""
    kind: str
    text: str
    start: int
    end: int
    key: object
    context: frozenset = frozenset()
    approx: str = ""             # "", "about", "at least", "at most"
    noun: str = ""               # stemmed word counted by a figure ("firearm")
    period: tuple | None = None  # the year (span) a figure is stated for
    tol: float = 0.0             # half the last written digit: "1.3 billion" is 1.25-1.35 billion
    shown: str = ""              # as written with its qualifier: "nearly 165,000 pounds"


@dataclass
class Facts:
    text: str
    mentions: list = field(default_factory=list)

    def of(self, kind: str) -> list:
        return [m for m in self.mentions if m.kind == kind]


def _words(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group().lower()) for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*", text)]


def _context(words, stems, start: int, end: int, width: int = 6) -> frozenset:
    before = [s for (p, _), s in zip(words, stems) if p < start][-width:]
    after = [s for (p, _), s in zip(words, stems) if p >= end][:width]
    return frozenset(s for s in before + after if len(s) > 1)


def _value(m) -> tuple[float, str | None, bool, float]:
    num = re.sub(r"[,\u202f\u00a0]", "", m.group("num"))
    value, tol = float(num), 0.5 * 10 ** -(len(num.split(".")[1]) if "." in num else 0)
    scale = (m.group("scale") or "").lower()
    if scale in ("m", "b", "k") and not m.group("cur"):
        scale = ""  # "5 m" is metres, "3 b" a label: only "$5m" is a scale
    value, tol = value * SCALES.get(scale, 1), tol * SCALES.get(scale, 1)
    unit_text = (m.group("unit") or m.group("cur") or "").strip().lower()
    for pattern, unit, factor, converted in UNITS:
        if unit_text and re.fullmatch(pattern, unit_text):
            return value * factor, unit or unit_text.rstrip("s"), converted, tol * factor
    return value, "count", False, tol


def extract(text: str) -> Facts:
    """The facts of ``text``, each with its offsets and nearby words.

    >>> [(m.kind, m.key) for m in extract("Canada's $1.3 billion plan, 82 percent of 2024").mentions]
    [('party', ('Canada',)), ('quantity', (1300000000.0, 'dollars')), ('quantity', (82.0, 'percent')), ('year', (2024, 2024))]
    """
    words = _words(text)
    stems = [s if w not in STOP else "" for (_, w), s in zip(words, _stemmer().stemWords([w for _, w in words]))]
    ctx = lambda s, e: _context(words, stems, s, e)
    out, taken = [], []
    free = lambda s, e: not any(s < b and a < e for a, b in taken)
    for m in DATE.finditer(text):
        month = (m.group("m1") or m.group("m2") or m.group("m4") or "")[:3].lower()
        mon = next((i for i, n in enumerate(MONTHS, 1) if n.startswith(month)), None) if month else int(m.group("m3"))
        day = int(m.group("d1") or m.group("d2") or m.group("d3") or 0) or None
        year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
        if mon and (day is None or 1 <= day <= 31):
            out.append(Mention("date", m.group(), m.start(), m.end(), (mon, day, int(year) if year else None), ctx(m.start(), m.end())))
            taken.append(m.span())
    for m in PERIOD.finditer(text):
        if free(*m.span()):
            out.append(Mention("year", m.group(), m.start(), m.end(), (int(m.group(1)), int(m.group(2))), ctx(m.start(), m.end())))
            taken.append(m.span())
    for m in YEAR.finditer(text):
        if free(*m.span()) and not re.match(r"\s*(?:%|thousand|million|billion|people|dollars|pounds|km)", text[m.end():], re.I):
            y = int(m.group(1))
            out.append(Mention("year", m.group(), m.start(), m.end(), (y, y), ctx(m.start(), m.end())))
            taken.append(m.span())
    years = [y for y in out if y.kind == "year"]
    for m in NUMBER.finditer(text):
        if not free(*m.span("num")) or re.match(r"[-.]\d|\)", text[m.end("num"):m.end("num") + 2]) and not m.group("unit"):
            continue
        value, unit, converted, tol = _value(m)
        if unit in ("year", "month", "week", "day", "hour") and m.group("unit"):
            unit = unit + "s"
        lead = text[max(0, m.start() - 24):m.start()]
        qual = APPROX.search(lead) or AT_LEAST.search(lead) or AT_MOST.search(lead)
        approx = ("about" if qual and qual.re is APPROX else "at least" if qual and qual.re is AT_LEAST else "at most" if qual else "")
        approx = approx or ("about" if converted else "")
        after = [s for (p, w), s in zip(words, stems) if p >= m.end()][:1]
        noun = after[0] if unit == "count" and after and after[0] else ""
        dist = lambda y: (min(abs(y.start - m.end()), abs(m.start() - y.end)), y.start < m.start())
        period = min(years, key=dist).key if years else None
        out.append(Mention("quantity", m.group().strip(), m.start(), m.end(), (value, unit), ctx(m.start(), m.end()),
                           approx, noun, period, tol, (qual.group() if qual else "") + m.group().strip()))
        taken.append(m.span())
    for m in DIRECTION.finditer(text):
        word = m.group().lower()
        sign = 1 if word.startswith(UP) else -1
        if word in ("more", "less", "fewer") and re.match(r"\s+than\s+[$\d]", text[m.end():]) or word in ("up", "down") and re.match(r"\s+to\b", text[m.end():]):
            continue
        neg = NEGATION.search(text[max(0, m.start() - 30):m.start()])
        start = m.start() - len(neg.group()) if neg else m.start()
        out.append(Mention("direction", text[start:m.end()], start, m.end(), -sign if neg else sign, ctx(m.start(), m.end())))
    out += _parties(text, ctx)
    return Facts(text, sorted(out, key=lambda x: x.start))


def _parties(text: str, ctx) -> list[Mention]:
    """Organizations (acronyms, capitalized names with an organization word) and countries."""
    found, spans = [], []
    for m in ORG.finditer(text):
        name, start = m.group(), m.start()
        while (first := re.match(r"(\S+)\s+", name)) and first.group(1).lower() in STOP:
            name, start = name[first.end():], start + first.end()   # "The Swanton Sector" -> "Swanton Sector"
        words = name.split()
        if len(words) < 2 or (words[-1].lower().strip(".,") not in ORG_WORDS and words[0].lower() not in ORG_HEADS):
            continue
        initial = lambda w: w.replace(".", "") if w.lower() in COUNTRIES and "." in w else w[0]
        caps = [w for w in words if w[:1].isupper()]
        keys = {"".join(initial(w) for w in caps).upper(), " ".join(words).lower()}
        while caps and caps[0].lower() in COUNTRIES:
            caps.pop(0)
        keys.add("".join(w[0] for w in caps).upper())
        found.append(Mention("party", name, start, m.end(), tuple(sorted(keys)), ctx(start, m.end())))
        spans.append((start, m.end()))
    for m in ACRONYM.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            key = m.group().rstrip("s") if m.group().endswith("s") and len(m.group()) > 3 else m.group()
            found.append(Mention("party", m.group(), m.start(), m.end(), (key,), ctx(m.start(), m.end())))
    for m in COUNTRY.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            found.append(Mention("party", m.group(), m.start(), m.end(), (COUNTRIES[m.group().lower()],), ctx(m.start(), m.end())))
    return found


COUNTRY_KEYS = set(COUNTRIES.values())


@dataclass
class Comparison:
    """How a claim's facts fare against one piece of evidence."""
    differences: list = field(default_factory=list)   # human-readable
    matched: list = field(default_factory=list)       # claim facts the evidence states alike
    unmatched: list = field(default_factory=list)     # claim facts the evidence does not state
    conflicts: list = field(default_factory=list)     # another year or party, untied to the claim's figures:
                                                      # the evidence is about something else


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


def _overlap(a: Mention, b: Mention, context: frozenset | None = None) -> int:
    """Words shared by two facts' surroundings; "seizures" and "seized" count as one."""
    ours = a.context if context is None else context
    return sum(w in b.context or any(len(w) >= 4 and len(v) >= 4 and (w.startswith(v) or v.startswith(w))
                                     for v in b.context) for w in ours)


def _best(m: Mention, candidates: list, score) -> Mention | None:
    return max(candidates, key=score) if candidates else None


def align(claim: Facts, evidence: Facts, source: str = "the evidence") -> Comparison:
    """Pair each claim fact with the evidence fact of the same kind and context;
    list what differs, what agrees and what the evidence does not state."""
    out = Comparison()
    says = f"{source} says"
    used_periods = set()
    for q in claim.of("quantity"):
        cands = [e for e in evidence.of("quantity") if e.key[1] == q.key[1]]
        def score(e):
            period = 0 if not (q.period and e.period) else (1.5 if q.period == e.period else -1.0)
            return 2.0 * bool(q.noun and q.noun == e.noun) + period + 0.5 * min(4, _overlap(q, e)) + 0.25 * same_value(q, e)
        e = _best(q, cands, score)
        if e is not None and score(e) - 0.25 * same_value(q, e) <= 0 and not same_value(q, e):
            e = None  # nothing ties the two figures together: not a difference, just unstated
        if e is None:
            out.unmatched.append(q)
            continue
        used_periods.add(q.period)
        if not same_value(q, e):
            by_year = q.period and q.period == e.period and any(c.period != e.period for c in cands)
            when = f" for {_years(q.period)}" if by_year else ""
            out.differences.append(f"the claim says {q.shown}{when}; {says} {e.shown}{when}")
        elif q.period and e.period and q.period != e.period:
            out.differences.append(f"the claim says {_years(q.period)} (for {q.shown}); {says} {_years(e.period)}")
        else:
            out.matched.append(q)
    scope = claim.of("direction") or claim.of("quantity")  # a year or party then says whose or when, not what
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
        e = _best(y, ev_years, lambda e: _overlap(y, e))
        if e is not None and _overlap(y, e) >= 1:
            (out.conflicts if scope else out.differences).append(f"the claim says {y.text}; {says} {e.text}")
        else:
            out.unmatched.append(y)
    fits = lambda a, b: a == b or None in (a, b)
    for d in claim.of("date"):
        same = [e for e in evidence.of("date") if e.key[0] == d.key[0] and fits(e.key[1], d.key[1]) and fits(e.key[2], d.key[2])]
        e = _best(d, evidence.of("date"), lambda e: _overlap(d, e))
        if same:
            out.matched.append(d)
        elif e is not None and _overlap(d, e) >= 1:
            out.differences.append(f"the claim says {d.text}; {says} {e.text}")
        else:
            out.unmatched.append(d)
    directions = claim.of("direction")
    for d in directions:
        # a claim stating one direction says it of its whole subject ("drug seizures by CBP ... increased")
        around = frozenset().union(*(m.context for m in claim.mentions)) if len(directions) == 1 else d.context
        e = _best(d, evidence.of("direction"), lambda e: _overlap(d, e, around) + 0.1 * (e.key == d.key))
        if e is None or _overlap(d, e, around) < 1:
            out.unmatched.append(d)
        elif e.key != d.key:
            out.differences.append(f"the claim says {d.text!r}; {says} {e.text!r}")
        else:
            out.matched.append(d)
    for p in claim.of("party"):
        keys = set(p.key)
        if any(keys & set(e.key) for e in evidence.of("party")):
            out.matched.append(p)
            continue
        country = bool(keys & COUNTRY_KEYS)
        cands = [e for e in evidence.of("party") if bool(set(e.key) & COUNTRY_KEYS) == country
                 and not any(set(e.key) & set(c.key) for c in claim.of("party"))]
        e = _best(p, cands, lambda e: _overlap(p, e))
        tied = any(m.kind == "quantity" for m in out.matched) or not scope
        if e is not None and _overlap(p, e) >= 1:
            (out.differences if tied else out.conflicts).append(f"the claim names {p.text}; {source} names {e.text}")
        elif e is not None:
            out.conflicts.append(f"the claim names {p.text}; {source} names {e.text}")
        else:
            out.unmatched.append(p)
    return out


def compare(claim_facts: Facts, evidence_facts: Facts, source: str = "the evidence") -> list[str]:
    """What the evidence states differently from the claim, in words.

    >>> compare(extract("The Swanton Sector accounted for 69% of encounters in 2022."),
    ...         extract("with 82% occurring there in 2024, up from 69% in 2023 and 48% in 2022."))
    ['the claim says 69% for 2022; the evidence says 48% for 2022']
    >>> compare(extract("Drug seizures rose in 2024."), extract("Drug seizures fell in 2024."))
    ["the claim says 'rose'; the evidence says 'fell'"]
    """
    return align(claim_facts, evidence_facts, source).differences
