"""What a question asks about, as opposed to what kind of answer it wants:
the thing "how many X" counts or "what is the X" names. An answer that never
names X answers something else ("How many ghost guns ...?" answered by a
sentence about firearms), however like the question it reads.
"""

from __future__ import annotations

import re

from qa.answer.events import IRREGULAR
from qa.store.lexical import QUESTION_WORDS

# "how many X", "what is the X (of ...)": X must be named by the answer. Not "which X ...": there X is the
# kind of answer ("Which university ...?" is answered by "Cornell"), which the answer need not repeat.
_SHARE_OF = r"(?:share|percentage|percent|proportion|fraction|portion|number|amount)\s+of\b"
_FOCUS = re.compile(rf"\b(?:how (?:many|much)|(?:who|what|which) (?:is|was|are|were) (?:the|a|an)|what(?=\s+{_SHARE_OF}))\s+(.*)",
                    re.I | re.S)
# words that end the phrase naming what is asked about
_FOCUS_STOP = set("""do does did is are was were be been being has have had can could will would should may might must
the a an this that these those its their his her our your my in on at by for from to with about into during since
between among along across after before over under within without than as per via when where while whose which who
what whom why how if because and or but not""".split())
# words that say how it is measured, not what is measured ("what share of encounters"), and heads
# that name a relation rather than a thing ("what is the role of X": X is what must be named)
_MEASURES = set("""share percentage percent proportion number count amount rate ratio fraction size range level total
main primary major most best first second third last other new
pounds kilograms kilos kg tonnes tons grams ounces dollars litres liters people persons individuals
bytes bits kilobytes megabytes gigabytes seconds minutes hours days weeks months years metres meters kilometres
kilometers km miles feet inches knots degrees times
types type kinds kind sorts forms classes groups categories
role effect effects purpose function cause causes reason definition meaning name term difference relationship
impact importance significance benefit advantage use goal aim result outcome""".split())


_ORDER = set("main primary major most best first second third last other new total".split())   # measures said before a noun


def focus(question: str) -> tuple:
    """The words naming what the question asks about: the phrase after "how
    many" or "what is the", without the words saying how it is measured.
    An answer that never names it answers something else ("How many ghost guns
    ...?" answered by a sentence about firearms).

    >>> focus("How many ghost guns were seized in Canada in 2023?")
    ('ghost', 'guns')
    >>> focus("Which university first disproved the claim?")
    ()
    >>> focus("Who is the president of the National Police Federation?")
    ('president',)
    >>> focus("When was the note received?")
    ()
    >>> focus("What percentage of fentanyl seized at the border came from Canada?")
    ('fentanyl',)
    >>> focus("How many bytes is a SHA-256 digest?"), focus("How many years of prison does smuggling carry?")
    ((), ('prison',))
    >>> focus("Roughly how many people go across the border each day?"), focus("What is the total number of seized guns?")
    ((), ('seized', 'guns'))
    >>> focus("How many guns found in Canada were traced?"), focus("What was the count of reported incidents?")
    (('guns',), ('reported', 'incidents'))
    """
    m = _FOCUS.search(question)
    if not m:
        return ()
    out, measured = [], False
    for word in re.findall(r"[\w'’-]+|[^\w\s]", m.group(1)):
        low = word.lower()
        if low == "of" or low in _MEASURES:
            measured = low not in _ORDER and low != "of"
            continue
        if measured and not out and not re.fullmatch(r"[a-z]{3,}(?:ed|ing)", word):
            break  # "how many people go across": the verb after the measure starts what is said of it
        if low in _FOCUS_STOP or low in QUESTION_WORDS or not re.match(r"\w", word) or len(out) == 3:
            break
        if out and (re.fullmatch(r"[a-z]{3,}ed", word) or word in IRREGULAR):   # "guns found in Canada": what is said of them
            break  # "fentanyl seized at the border": the participle starts what is said of it
        out.append(word)
    return tuple(out)


def counts(question: str) -> bool:
    """Whether the question counts or measures a thing it names ("how many
    X", "how much X"): then an answer that never names X answers something else.

    >>> counts("How many ghost guns were seized?"), counts("What is the role of CCL3L1?")
    (True, False)
    >>> counts("What share of encounters were at Swanton?")
    True
    """
    return bool(re.search(rf"\bhow (?:many|much)\b|\bwhat {_SHARE_OF}", question, re.I))
