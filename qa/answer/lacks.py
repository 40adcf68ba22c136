"""What an answer line lacks: the checks a reader makes first, as a table.

Each check reads one ``Line`` (the chosen sentence with the ones around it)
and returns what the line lacks, in words, or None. ``what_it_lacks`` runs
them in order. A line lacking anything is only the closest sentence, and the
question is not answered (``answer_line.choose_line``, ``answers.answer``).

>>> from qa.answer import evidence
>>> q = "How many firearms did the CBSA seize in 2024?"
>>> line = Line(q, evidence.wants(q), "In 2024, the CBSA seized 1,200 firearms.", holds=True)
>>> what_it_lacks(line)
[]
>>> what_it_lacks(line._replace(text="The CBSA works with its partners.", holds=False))
['a count']
"""

from __future__ import annotations

import re
from typing import Callable, NamedTuple

from qa.answer import asking, counted, events, evidence, focus, naming, periods

KIND_WORDS = {"count": "a count", "share": "a share", "number": "a figure", "date": "a date", "reason": "a reason"}
ENTITY_WORDS = {"company": "a company", "organization": "an organization", "country": "a country", "city": "a city",
                "region": "a state or province", "named": "any by name"}


class Line(NamedTuple):
    """A candidate answer line and what a reader sees around it."""
    question: str
    wants: evidence.Wants
    text: str                 # the sentence, verbatim
    holds: bool = False       # it holds the asked-for kind (a figure, a date, a reason)
    lead: str = ""            # the sentence before it in its passage ("" at the start)
    after: str = ""           # the sentence after it
    about: str = ""           # its passage's title and metadata: a 10-K's "We have 36 employees" is its company's
    table_row: bool = False   # a table row, named by its column's header
    focus: float = 1.0        # share of the words naming what is asked about it holds (``features.focus_share``)
    restates: bool = False    # it only restates the question
    names_asked: bool = False # it names the kind of entity asked for (``entities.names_asked``)


def kind(line: Line) -> str | None:
    """A count for "how many", a date for "when", a reason for "why"."""
    return KIND_WORDS[line.wants.kind] if line.wants.kind and not line.holds else None


def thing_counted(line: Line) -> str | None:
    """"How many ghost guns": a figure of firearms is not it; "personnel by 350, ... and K-9 teams" is no count of
    teams."""
    wants = line.wants
    if line.focus == 0.0 and focus.counts(line.question):
        return " ".join(wants.focus)
    if wants.kind == "count" and wants.focus and line.holds and not line.table_row \
            and not counted.counts_near(wants.focus, line.text):
        return f"a count of {' '.join(wants.focus)}"
    return None


def entity(line: Line) -> str | None:
    """"Which company": a line naming no company; "the name of the director": a line naming no one."""
    asked = asking.asked(line.question)
    if asked in ENTITY_WORDS and not line.names_asked:
        return ENTITY_WORDS[asked]
    if asked not in ENTITY_WORDS and asking.asks_a_name(line.question) and not line.names_asked:
        return "anyone by name"
    return None


def period(line: Line) -> str | None:
    """"Each year" asked, "400,000 ... daily" given: not the figure asked for."""
    given = periods.other_period(line.question, line.text) if line.wants.kind in ("count", "share", "number") else None
    if not given:
        return None
    return f"a {periods.ADJECTIVES[periods.asked_period(line.question)]} figure, only a {periods.ADJECTIVES[given]} one"


def event(line: Line) -> str | None:
    """"When was it created?", "how many were charged?", "did any die?": a line (or the sentence it follows on
    from) never saying so dates, counts or tells of something else."""
    dated = events.event(line.question) if line.wants.kind in ("date", "count", "number", None) else None
    if not dated or events.mentions(dated[1], f"{line.text} {line.lead}"):
        return None
    return f"when it was {dated[0]}" if line.wants.kind == "date" else f"“{dated[0]}” or its like"


def change(line: Line) -> str | None:
    """"Why did the RCMP stop the program?": a line (or the sentence before or after it) never speaking of a stop
    gives no reason for one, and the documents may not say it happened at all."""
    changed = events.change(line.question)
    if not changed or events.mentions(changed[1], f"{line.lead} {line.text} {line.after}"):
        return None
    return f"“{changed[0]}” or its like"


def doer(line: Line) -> str | None:
    """"How many firearms did U.S. CBP seize?": a line (or the sentence before, or the title) naming another seizer
    is not it."""
    agent = naming.agent(line.question) if line.wants.kind in ("count", "share", "number") else None
    if not agent:
        return None
    named = tuple(n for n in line.wants.names if n in agent) or (agent,)
    said = f"{line.text} {line.lead} {line.about}"
    return agent if naming.missing(evidence.Wants(None, (), (), named), said) else None


def extreme(line: Line) -> str | None:
    """"Where did the CBSA make its largest seizure?": a line naming no extreme gives a total, not it."""
    asked = unmatched_superlative(line.question, line.text)
    return f"“{asked}” or its like" if asked else None


def pole(line: Line) -> str | None:
    """"Which sector had the fewest encounters?": "the majority of encounters" is the other end."""
    asked = other_pole(line.question, line.text)
    return f"“{asked}”" if asked else None


def restating(line: Line) -> str | None:
    """Every candidate only restates the question."""
    return "anything the question does not already say" if line.restates else None


# a yes/no question whether something was done ("Did Canada complete the review?")
_DONE = re.compile(r"^\W*(?:did|has|have|had|was|were)\b.*\b(?:agreed?|accept(?:ed)?|adopt(?:ed)?|implement(?:ed)?|"
                   r"complet(?:e|ed)|carr(?:y|ied) out|act(?:ed)? on|approv(?:e|ed)|conduct(?:ed)?|finish(?:ed)?|"
                   r"introduc(?:e|ed)|enact(?:ed)?|launch(?:ed)?|deliver(?:ed)?|heed(?:ed)?|done|beg[au]n|start(?:ed)?)\b", re.I)
# a line urging it be done (not ``steer.advises``: its "advisory" and "proposed" name things done)
_URGES = re.compile(r"\b(?:recommend\w*|should|urge[sd]?|urging|calls? (?:for|on)|called (?:for|on)|ought to|it is essential|"
                    r"must be|needs? to be)\b", re.I)
# a sum of money asked for, and said
_MONEY_ASKED = re.compile(r"\b(?:dollars?|costs?|cost of|spend|spent|budget|price|salar(?:y|ies)|wages?|paid|pay|fees?)\b|"
                          r"\bhow much\b.*\bcharges?\b|\bwhat\s+(?:do|does|did)\b.*\bcharge\b|"   # not "how many were charged"
                          r"\bdollar value\b|\bhow much money\b|\bhow much (?:\w+ )?(?:funding|money)\b", re.I)
_MONEY_WHAT = re.compile(r"^\W*what(?:\s+(?:is|was|are|were))?(?:\s+(?:the|an?|its|their))?(?:\s+\w+)?\s+"
                         r"(?:dollar value|cost|price|salary|salaries|wages?)\b", re.I)
_MONEY_SAID = re.compile(r"[$€£¥]|\b(?:dollars?|USD|CAD|EUR|cents?|euros?)\b", re.I)


def outcome(line: Line) -> str | None:
    """"Did Canada complete the review the union asked for?": a line recommending the review does not say it was
    done.

    >>> q = "Did Canada complete the procurement review the union asked for?"
    >>> outcome(Line(q, evidence.wants(q), "It is recommended that a review of procurement is conducted."))
    'whether it was done'
    >>> outcome(Line(q, evidence.wants(q), "Canada completed the review in 2024."))
    """
    return "whether it was done" if _DONE.search(line.question) and _URGES.search(line.text) else None


def money(line: Line) -> str | None:
    """"What was the dollar value of the drugs seized?": a weight in pounds is a figure, not a sum of money.

    >>> q = "What was the dollar value of the drugs the CBSA seized in 2024?"
    >>> money(Line(q, evidence.wants(q), "The CBSA seized 165,000 pounds in 2024.", holds=True))
    'a sum of money'
    >>> money(Line(q, evidence.wants(q), "The drugs seized in 2024 were worth $2 billion.", holds=True))
    >>> q = "How many people were charged with smuggling in 2023?"
    >>> money(Line(q, evidence.wants(q), "In 2023, 12 people were charged with smuggling.", holds=True))
    >>> q = "What salary do RCMP border officers earn?"
    >>> money(Line(q, evidence.wants(q), "RCMP officers earn the respect of their partners."))
    'a sum of money'
    """
    asked = (line.wants.kind in ("count", "number") and _MONEY_ASKED.search(line.question)
             or _MONEY_WHAT.search(line.question))
    return "a sum of money" if asked and not _MONEY_SAID.search(line.text) else None


_RANGE = re.compile(r"\b(?:between\s+(?:the\s+years\s+)?(?:1[6-9]|20)\d\d\s+and\s+|from\s+(?:1[6-9]|20)\d\d\s+(?:to|through|until)\s+|"
                    r"(?:1[6-9]|20)\d\d\s*(?:[-–—/]|to|through)\s*)(?:1[6-9]|20)\d\d\b", re.I)


def year_alone(line: Line) -> str | None:
    """"How many firearms did the CBSA seize in 2023?": "between 2019 and 2023, ... 4,234 firearms" gives five
    years' figure, not 2023's.

    >>> q = "How many firearms did the CBSA seize in 2023 alone?"
    >>> year_alone(Line(q, evidence.wants(q), "Between 2019 and 2023, the CBSA seized 4,234 firearms."))
    'a figure for 2023 alone'
    >>> year_alone(Line(q, evidence.wants(q), "It rose from 8,519 in 2019 to 13,056 in 2023."))
    >>> q = "How many firearms were seized between 2019 and 2023?"
    >>> year_alone(Line(q, evidence.wants(q), "Between 2019 and 2023, the CBSA seized 4,234 firearms."))
    """
    if line.wants.kind not in ("count", "number", "share") or len(line.wants.years) != 1:
        return None   # two years asked: a period ("between November 2002 and July 2003")
    year = line.wants.years[0]
    if not re.search(rf"\b(?:in|during|for)\s+(?:the\s+year\s+)?{year}\b|\b{year}\s+(?:only|alone)\b", line.question, re.I):
        return None   # "the 1918 influenza": the year names the thing, it does not pick out a year's figure
    said = [m.span() for m in _RANGE.finditer(line.text)]
    places = [m.start() for m in re.finditer(rf"\b{year}\b", line.text)]
    if places and all(any(a <= at < b for a, b in said) for at in places):
        return f"a figure for {year} alone"
    return None


CHECKS: tuple[Callable[[Line], str | None], ...] = (kind, thing_counted, entity, period, event, change, doer,
                                                    extreme, pole, restating, outcome, money,
                                                    year_alone)


def what_it_lacks(line: Line) -> list[str]:
    """What ``line`` lacks, by each check of ``CHECKS`` in order."""
    return [lacked for check in CHECKS if (lacked := check(line))]


_POLES = {"most": 1, "majority": 1, "largest": 1, "highest": 1, "biggest": 1, "greatest": 1, "maximum": 1,
          "fewest": -1, "least": -1, "lowest": -1, "smallest": -1, "minority": -1, "minimum": -1}


def other_pole(question: str, sentence: str) -> str | None:
    """The superlative the question asks ("fewest") when ``sentence`` says
    only the other end ("the majority"), else None.

    >>> other_pole("Which sector had the fewest encounters?", "Swanton reports the majority of encounters.")
    'fewest'
    >>> other_pole("Which sector had the fewest encounters?", "Swanton had the most, Houlton the fewest.")
    >>> other_pole("Which sector had the most encounters?", "Swanton reports the majority of encounters.")
    """
    words = lambda t: [w for w in re.findall(r"[a-z]+", t.lower()) if w in _POLES]
    asked = words(question)
    if not asked or len({_POLES[w] for w in asked}) > 1:
        return None
    said = {_POLES[w] for w in words(sentence)}
    return asked[0] if said == {-_POLES[asked[0]]} else None


SUPERLATIVE = re.compile(r"\b(largest|biggest|highest|lowest|smallest|fewest|greatest|longest|shortest|oldest|earliest|newest|"
                         r"strongest|weakest|fastest|slowest)\b", re.I)   # adjectives only: "most" and "best" are also adverbs
# what a sentence naming an extreme says: "the largest", "most", "the majority", "a record", "the main", "peak"
_EXTREME = re.compile(r"\b(?:\w+est|most|least|majority|minority|top|leading|record|main|major|primary|predominant\w*|dominant|"
                      r"principal|chief|maximum|minimum|peak|first|common|frequent\w*|mainly|mostly|largely)\b", re.I)


def unmatched_superlative(question: str, sentence: str) -> str | None:
    """The superlative the question asks ("largest") when ``sentence`` names
    no extreme at all, else None.

    >>> unmatched_superlative("Where did the CBSA make its largest seizure?", "The CBSA seized 165,000 pounds in 2024.")
    'largest'
    >>> unmatched_superlative("Which port had the largest seizure?", "The largest came at Halifax."), unmatched_superlative("Where?", "No.")
    (None, None)
    """
    m = SUPERLATIVE.search(question)
    return m.group(1).lower() if m and not _EXTREME.search(sentence) else None
