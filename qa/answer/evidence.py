"""What a question asks for, and whether a sentence holds it.

A question may ask for a kind of answer (a figure for "how many", a date for
"when") and may name things the answer must be about: a year ("in 2024"), a
figure ("26,145"), a name ("Swanton Sector"). A sentence that holds the asked-for
kind and every named year and figure is evidence at sentence level; a sentence
that lacks a named one can only be "the closest".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from qa.answer.focus import focus
from qa.store import lexical

# "when was/did" asks for a date; "when does/should ..." for a condition ("when does the nut start to lock?")
_WANTS_DATE = re.compile(r"^\s*(?:and\s+)?when\b(?!\s+(?:does|do|is|are|should|can|could|will|would|must|may|might)\b)|\b(?:what|which|in what|in which) (?:date|day|month|year|time)\b|\bsince when\b"
                         # "when will the task force be operational?": a time to come ("when does the nut lock?" is a condition,
                         # "when should a case be reported?" an obligation: "within one working day")
                         r"|^\s*(?:and\s+)?when\s+(?:will|would)\b.*\b(?:be\s+(?:\w+ly\s+)?(?:\w+ed|operational|ready|complete|"
                         r"available|in place|finished|done|over)|start|begin|end|open|close|launch|expire|take effect|come into force|finish|conclude|"
                         r"complete|resume|arrive|happen|occur|take place)\b", re.I)
_WANTS_NUMBER = re.compile(r"\bhow (?:many|much|long|far|often|frequently|old|big|large|high|tall|fast)\b"
                           r"|\b(?:what|which) (?:share|percentage|percent|proportion|number|amount|rate|ratio|fraction|size|range|dose|length|duration|median|mean|average|version)\b",
                           re.I)
_WANTS_COUNT = re.compile(r"\bhow many\b(?!\s+times\b)|\b(?:what|which) number of\b", re.I)   # "how many times": a frequency
# "what percentage/share/proportion" asks for a share: "82%", "12 percent", "one in five", "half"; a count is not one
_WANTS_SHARE = re.compile(r"\b(?:what|which) (?:share|percentage|percent|proportion|fraction)\b", re.I)
_SHARE = re.compile(r"\d\s*%|\d\s*(?:per\s?cent|percent|pct)\b|\b(?:half|halves|third|thirds|quarter|quarters|fifths?|tenths?)\b"
                    r"|\b(?:one|two|three|\d+) (?:in|out of) (?:every )?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b", re.I)
# "why" asks for a reason; a sentence giving one says so: "because", "due to", "led to", "to reduce" (a purpose),
# "by binding" (a means), "contributed", "as it has", "what this does is" ... Broad on purpose: all 61 of COVID-QA's gold "why"
# sentences hold one (the list was made reading them), 89 of the seeds' 161 sentences do; what it rules out is a bare statement of the fact
# asked about ("82% occurring there in 2024, up from 69%" for "why did crossings rise?")
_WANTS_REASON = re.compile(r"^\W*(?:and\s+|so\s+)?(?:why\b|how come\b|for what reasons?\b|what (?:is|was|are|were) the (?:main )?reasons?\b"
                           r"|what (?:caused|causes|led to|leads to|explains|drove|drives)\b)", re.I)
_REASON = re.compile(
    r"\b(?:because|due to|owing to|as a (?:result|consequence)|a result of|result(?:s|ed|ing)? (?:in|from)|since (?!\d)|caus\w*|so that"
    r"|in order|therefore|thus|hence|lead(?:s|ing)? to|led to|driv(?:en|es|e|ing)|attribut\w*|reasons?|explain\w*|thanks to"
    r"|given (?:that|the)|contribut\w*|responsib\w*|roles?|important|essential|necessary|crucial|critical|key|help(?:s|ed|ing)?"
    r"|prevent\w*|avoid\w*|allow\w*|enabl\w*|facilitat\w*|trigger\w*|induc\w*|promot\w*|mediat\w*|mechanisms?|factors?"
    r"|consequen\w*|underl\w*|stem(?:s|med)? from|aris(?:e|es|ing) from|arose from|aim\w*|purpose|need\w*|confer\w*"
    r"|as (?:it|they|he|she|this|these|we|there)\b|(?:used|designed|intended|meant|needed|able|unable|serves?|aims?|so as) to"
    r"|to (?:help|ensure|reduce|prevent|increase|improve|allow|enable|protect|avoid|make|keep|provide|support|facilitate"
    r"|address|meet|combat|limit|control|maintain|achieve|obtain|produce|induce|block|inhibit|detect|identify|test|determine"
    r"|assess|evaluate|study|understand|explain|overcome|compensate|counter|minimi[sz]e|maximi[sz]e|optimi[sz]e|enhance)"
    r"|by [a-z]+ing|through|via|suggest\w*|indicat\w*|likely|may|might|could|can(?:not)?|unable|lack\w*|fail\w*|risk\w*"
    r"|concern\w*|pressures?|affect\w*|effects?|impacts?|instead|rather|actually|in fact|means|meaning|is that|what (?:this|it) does)\b", re.I)
# a vague quantity or a ratio is not the count "how many" asks for ("almost half of shooting homicides")
_NOT_COUNT = re.compile(r"^(?:half|third|quarter|double|twice|triple)$|%$", re.I)
_CITED = re.compile(r"[\[(][\d,\s–-]*$")   # inside a reference mark: "[1]", "(24,25)"
_NAME_END = re.compile(r"(?:(?<=\w\s)[A-Z]\w*\s+|[A-Za-z]-)$")   # "Flight 302", "COVID-19" (not "In 2023", "2019-2023")
_FRACTION = re.compile(r"[\s-]*(?:halves|thirds?|quarters?|fifths?|tenths?)\b", re.I)
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_DATE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
                   rf"|\b{_MONTH}\s+\d{{4}}\b", re.I)
# an identifier of dash-joined number groups ("AD 2018–23–51", "Bulletin 737–31–1860", "22-10-02"): a name,
# not a date, a year or a figure; an ISO date ("2020-09-21") is a date
_IDENT = re.compile(r"(?<![\w.])\d+(?:\s?[-‐‑–—]\s?\d+){2,}(?![\w.]\d)")
_ISO_DATE = re.compile(r"(?:1[6-9]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
# a bare number that starts a model or product name ("737 MAX", "737-8"): a name, not a figure
_NAME_START = re.compile(r"\d+\s+[A-Z]{2,}\b")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)(?:s|’s|'s)?\b")   # "1940s" counts as the year 1940
_FIGURE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s*%?|\b(?:half|third|quarter|double|twice|triple|(?:dozen|hundred|thousand|million|billion)s?|"
                     r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\b", re.I)
_NAME = re.compile(r"\b[A-Z][\w'’&.-]*[A-Za-z0-9](?:\s+(?:of\s+)?[A-Z][\w'’&.-]*[A-Za-z0-9])*")
# an identifier written in lower case names a thing as surely as a capital does: "libtasn1", "pm2.5", "asn1_encode"
_LOWER_ID = re.compile(r"(?<![\w.-])[a-z][a-z]*(?:\d[\w.]*[a-z0-9]|\d|_[a-z0-9_]*[a-z0-9])(?![\w-])")
QUESTION_WORDS = lexical.QUESTION_WORDS  # words that say nothing about a question's subject


class Wants(NamedTuple):
    kind: str | None       # "count" ("how many"), "share" ("what percentage"), "number", "date", "reason" ("why") or None
    years: tuple           # years the question names, e.g. ("2024",)
    figures: tuple         # figures it names other than years, digits only ("26145",)
    names: tuple           # capitalized names after its first word ("Swanton Sector",)
    focus: tuple = ()      # the words naming what is asked about ("ghost", "guns"): see ``focus``


def wants(question: str) -> Wants:
    """What ``question`` asks for and names.

    >>> wants("How many firearms did the CBSA seize in 2024?")
    Wants(kind='count', years=('2024',), figures=(), names=('CBSA',), focus=('firearms',))
    >>> wants("How many died in the Ethiopian Airlines Flight 302 crash?").figures
    ()
    >>> wants("When was the note received?").kind, wants("When does the nut start to lock?").kind
    ('date', None)
    >>> wants("When will the task force be fully operational?").kind, wants("When will the nut lock?").kind
    ('date', None)
    >>> wants("When will Canada finish its review?").kind
    'date'
    >>> wants("By what date are comments due on the 737 MAX directive?").figures   # a number starting a name
    ()
    >>> wants("What does AD 2018–23–51 require of the 12 airlines?")[1:3]    # an identifier is a name too
    ((), ('12',))
    >>> wants("Which Python version does libtasn1 need for asn1_der_decoding?").names
    ('Python', 'libtasn1', 'asn1_der_decoding')
    >>> wants("How many times a year should the forum meet?").kind, wants("How frequently should it meet?").kind
    ('number', 'number')
    """
    kind = "date" if _WANTS_DATE.search(question) else "count" if _WANTS_COUNT.search(question) \
        else "share" if _WANTS_SHARE.search(question) else "number" if _WANTS_NUMBER.search(question) \
        else "reason" if _WANTS_REASON.search(question) else None
    idents = _identifiers(question)
    years = tuple(dict.fromkeys(m.group(1) for m in _YEAR.finditer(question) if not _inside(idents, m.start())))
    # a number that ends a name ("Flight 302", "ET-302", "COVID-19"), starts one ("737 MAX") or is part of an
    # identifier ("AD 2018–23–51") names a thing, it is not a figure
    figures = tuple(dict.fromkeys(f for f in (_digits(m.group()) for m in _FIGURE.finditer(question)
                                              if not _NAME_END.search(question, 0, m.start())
                                              and not _NAME_START.match(question, m.start())
                                              and not _inside(idents, m.start()))
                                  if f and f not in years))
    body = question.strip()
    first = re.match(r"\W*\w+", body)
    rest = body[first.end():] if first else body
    found = sorted([*_NAME.finditer(rest), *_LOWER_ID.finditer(rest)], key=lambda m: m.start())
    names = tuple(dict.fromkeys(m.group().strip(".") for m in found
                                if m.group().lower() not in QUESTION_WORDS and not _YEAR.fullmatch(m.group())))
    return Wants(kind, years, figures, names, focus(question))


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL = re.compile(r"(?<!\bof )(?<!\bin )(?<!\bfor )(?<!\bfrom )(?<!\bon )(?<!\bby )\bthe (" + "|".join(ORDINALS) + r") (?!time\b|case\b|day\b|year\b)\w+", re.I)
_ITEM = re.compile(r"\s*(\d{1,2})[.)]\s")


def ordinal_item(question: str, text: str) -> bool:
    """Whether the question asks for the n-th item of a list ("the first
    recommendation") and ``text`` is that numbered item ("1. Streamline ...").

    >>> ordinal_item("What is the first recommendation?", "1. Streamline the procurement process.")
    True
    >>> ordinal_item("What is the second recommendation?", "1. Streamline the procurement process.")
    False
    >>> ordinal_item("What is the ISBN of the first edition?", "1. GENERAL INFORMATION")   # the ISBN is asked, not the edition
    False
    """
    m = _ORDINAL.search(question)
    item = _ITEM.match(text)
    return bool(m and item and int(item.group(1)) == ORDINALS.index(m.group(1).lower()) + 1)


def _identifiers(text: str) -> list:
    """Spans of dash-joined number groups that name a thing, not ISO dates.

    >>> t = "AD 2018–23–51 of 2020-09-21 replaces 22-10-02; 2019-2023 is a range."
    >>> [t[s:e] for s, e in _identifiers(t)]
    ['2018–23–51', '22-10-02']
    """
    return [m.span() for m in _IDENT.finditer(text) if not _ISO_DATE.fullmatch(m.group())]


def _inside(spans: list, pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def _digits(text: str) -> str:
    return re.sub(r"[^\d.]", "", text).strip(".")


def other_year(text: str, w: Wants) -> bool:
    """Whether ``text`` names a year of its own that the question does not
    (it then speaks of that year, not of the one asked).

    >>> w = wants("What share of homicides in 2023 were tied to gangs?")
    >>> other_year("Almost half of homicides in 2022 were tied to gangs.", w), other_year("It rose in 2023.", w)
    (True, False)
    >>> other_year("AD 2018–23–51 applies.", w), other_year("Almost half were.", w)
    (False, False)
    """
    idents = _identifiers(text)
    return bool(w.years) and any(m.group(1) not in w.years and not _inside(idents, m.start()) for m in _YEAR.finditer(text))


def holds_kind(w: Wants, text: str) -> bool:
    """Whether ``text`` holds the kind of answer asked for (True when none is asked).

    >>> holds_kind(wants("How many were seized in 2023?"), "In 2023, seizures rose.")
    False
    >>> holds_kind(wants("How many were seized in 2023?"), "In 2023, 140,000 pounds were seized.")
    True
    >>> holds_kind(wants("How many homicides were there in 2022?"), "Almost half of homicides in 2022 were gang-related.")
    False
    >>> holds_kind(wants("How many deaths?"), "It causes one third of all deaths.")
    False
    >>> holds_kind(wants("How many cases were confirmed?"), "An outbreak of COVID-19 occurred on a ship [1].")
    False
    >>> holds_kind(wants("By what date are comments due?"), "Sous réserve des bulletins 737–22–1001, 22–10–02 et AD 2018–23–51.")
    False
    >>> holds_kind(wants("By what date are comments due?"), "Comments are due 2020-09-21 (bulletin 22–10–02).")
    True
    >>> holds_kind(wants("How often should the forum meet?"), "3. Better utilize the forum."), holds_kind(wants("How often?"), "3 times.")
    (False, True)
    >>> holds_kind(wants("How much was the loan?"), "On July 16, 2020, it was forgiven."), holds_kind(wants("How much?"), "On July 16, $835,300.")
    (False, True)
    >>> holds_kind(wants("How much of the $1.3 billion goes to the RCMP?"), "It includes Canada's $1.3 billion commitment.")
    False
    >>> w = wants("What percentage of firearms come from the U.S.?")
    >>> w.kind, holds_kind(w, "In 2023, 26,145 firearms were traced."), holds_kind(w, "About 86 % of them were."), holds_kind(w, "One in five was.")
    ('share', False, True, True)
    >>> w = wants("Why did crossings at the Swanton Sector rise in 2024?")
    >>> w.kind, holds_kind(w, "Swanton reports 82% of encounters in 2024, up from 69% in 2023."), holds_kind(w, "Policy changes have contributed.")
    ('reason', False, True)
    >>> holds_kind(w, "By 2024, seizures fell dramatically to approximately 11,000 pounds."), holds_kind(w, "It was done to reduce delays.")
    (False, True)
    """
    if w.kind is None:
        return True
    if w.kind == "share":
        return bool(_SHARE.search(text))
    if w.kind == "reason":
        return bool(_REASON.search(text))
    idents = _identifiers(text)  # "AD 2018–23–51", "737–31–1860": names, not dates or figures
    if w.kind == "date":
        return any(not _inside(idents, m.start()) for m in _DATE.finditer(text)) or any(
            m.group(1) not in w.years and not _inside(idents, m.start()) for m in _YEAR.finditer(text))
    named = set(w.years) | set(w.figures)
    item = _ITEM.match(text)   # "3. Better utilize the forum": a list item's number, not a figure
    dates = [m.span() for m in _DATE.finditer(text)]   # "On July 16, 2020": a date, not the figure "how much" asks for
    for m in _FIGURE.finditer(text, item.end() if item else 0):
        if _inside(dates, m.start()):
            continue
        if w.kind == "count" and (_NOT_COUNT.search(m.group().strip()) or _FRACTION.match(text, m.end())):
            continue  # "half", "82%", "one third": a share, not the count asked for
        if _NAME_END.search(text, 0, m.start()) or _CITED.search(text, 0, m.start()) or _inside(idents, m.start()):
            continue  # "COVID-19", "Flight 302", "[12]", "22–10–02": a name or a reference, not a figure
        value = _digits(m.group())
        if not value:  # a number word, unless it scales a figure before it ("$1.3 billion": the figure named)
            if not re.search(r"\d\s*$", text[max(0, m.start() - 3):m.start()]):
                return True
            continue
        if value not in named and not (w.years and _YEAR.fullmatch(value)):
            return True
    return False


def subject_terms(terms) -> set:
    """Stemmed terms with the question words taken out.

    >>> sorted(subject_terms({"how", "mani", "firearm", "were"}))
    ['firearm']
    """
    return {t for t in terms if t not in lexical.question_stems()}
