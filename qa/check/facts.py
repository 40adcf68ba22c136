"""Facts a sentence states — figures, years, dates, directions, named parties —
each with its offsets, the words around it and what is compared (``key``).
How a claim's facts differ from the evidence's is ``qa.check.align``.

Figures are values with units: "82 percent" = "82%", "$1.3 billion" =
"1.3 billion dollars", "nearly 9,000 km" = "almost 9,000 kilometres", and
"1/2000" or "IL-6" are not figures:

>>> [(m.kind, m.key) for m in extract("In 2024 the CBSA seized nearly 165,000 pounds of drugs.").mentions]
[('year', (2024, 2024)), ('party', ('CBSA',)), ('quantity', (165000.0, 'pounds'))]
>>> extract("a dose of 1/2000 of IL-6").of("quantity")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.check import opposites, roles
from qa.store.lexical import _stemmer

NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|cannot|fail(?:s|ed)? to)\s+(?:\w+\s+)?$|n't\s+(?:\w+\s+)?$", re.I)
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATE = re.compile(rf"\b(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>(?:19|20)\d\d)\b)?"
                  rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MON})(?:,?\s+(?P<y2>(?:19|20)\d\d)\b)?"
                  r"|\b(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b"
                  rf"|\b(?P<m4>{_MON})\s+(?P<y4>(?:19|20)\d\d)\b"
                  r"|\b(?P<m5>January|February|March|April|June|July|August|September|October|November|December)\b")
PERIOD = re.compile(r"\b(?:(?:between|from)\s+)?((?:19|20)\d\d)\s*(?:and|to|until|through|-|–|—)\s*((?:19|20)\d\d)\b(?![,.]?\d)", re.I)
RANGE = re.compile(r"(?<![\d.,])(?<!from )\d+(?:\.\d+)?\s*(?:-|–|—|\s+to\s+)\s*\d+(?:\.\d+)?(?![\d,])")  # "16-24", "aged 16 to 24"
YEAR = re.compile(r"(?<![\d$.,/])\b((?:19|20)\d\d)\b(?![,.]?\d|\s*(?:%|percent|per cent))")
NUMBER = re.compile(
    r"(?P<cur>(?:US|CA|C|A)?\\?\$|€|£|(?:USD|CAD)\s?)?(?<![\w.,/])(?<![A-Za-z]-)(?P<num>\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?(?![\d,]\d)|\d+(?:\.\d+)?)(?![\d,]\d)(?!\d)(?!\s?/\s?\d)"
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
    scale: str = ""              # a direction's scale (qa.check.opposites): "change", "length"...


@dataclass
class Facts:
    text: str
    mentions: list = field(default_factory=list)

    def of(self, kind: str) -> list:
        return [m for m in self.mentions if m.kind == kind]


def _words(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group().lower()) for m in re.finditer(r"[^\W\d_](?:[^\W\d_]|['’-])*", text)]


def _context(words, stems, start: int, end: int, width: int = 6) -> frozenset:
    before = [s for (p, _), s in zip(words, stems) if p < start][-width:]
    after = [s for (p, _), s in zip(words, stems) if p >= end][:width]
    return frozenset(s for s in before + after if len(s) > 1)


def _value(m) -> tuple[float, str | None, bool, float]:
    num = re.sub(r"[, \u202f\u00a0]", "", m.group("num"))   # "26,145", "1 204", "1\u202f204"
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
        month = (m.group("m1") or m.group("m2") or m.group("m4") or m.group("m5") or "")[:3].lower()
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
    for m in RANGE.finditer(text):   # a range is neither of its ends: "16 to 24" does not say 16 (nor 24)
        if free(*m.span()):
            taken.append(m.span())
    years = [y for y in out if y.kind == "year"]
    for m in NUMBER.finditer(text):
        if not free(*m.span("num")) or re.match(r"[-.]\d|\)", text[m.end("num"):m.end("num") + 2]) and not m.group("unit"):
            continue
        if re.match(r"\s*(?:CI|confidence)\b", text[m.end():]) or not m.group("cur") and re.search(
                r"(?:\b[A-Z][A-Za-z]*[A-Z]|\b(?:type|phase|grade|stage|class|group|arm|day|week|step|chapter|section|figure|table|tier|level))\s*$",
                text[max(0, m.start() - 24):m.start()]):
            continue   # "95% CI" is a confidence level; "BRCA 1", "type 2", "phase 3" are names
            continue   # "95% CI" is a confidence level, not a finding
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
    for o in opposites.find(text):
        if not free(o.start, o.end) or o.word.lower() in ("more", "less", "fewer") and re.match(r"\s+than\s+[$\d]", text[o.end:]):
            continue  # "more than 20,000" is a bound, not a direction
        neg = NEGATION.search(text[max(0, o.start - 30):o.start])
        start = o.start - len(neg.group()) if neg else o.start
        out.append(Mention("direction", text[start:o.end], start, o.end, -o.sign if neg else o.sign, ctx(o.start, o.end),
                           scale=o.scale, shown=o.word))
    for name, start, end, keys in roles.find_parties(text):
        out.append(Mention("party", name, start, end, keys, ctx(start, end)))
    return Facts(text, sorted(out, key=lambda x: x.start))
