"""The answer line: the one sentence of the first passages that best answers
the question, verbatim, and what it lacks.

``choose_line`` picks it among the scored sentences of the first three
passages (``answers.score_sentences``): a higher passage wins near-ties, the
numbered item asked for ("the first recommendation") wins outright, a line
that only restates the question or announces what follows ("Here are ...:")
loses to any other, one naming the kind of entity asked for is lifted
(``entities``), and one of the best passage holding the asked-for kind (a
figure, a date) wins when it is close. It then says
what the line lacks (a count, the thing counted, a yearly figure, a company,
someone's name, a named year, the event a "when" question dates): a line lacking any is only the closest
sentence, and the question is not answered. The answerability features come
with it (``features``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.answer import asking, counted, entities, events, evidence, focus, naming, periods, steer
from qa.answer.features import features, table_header

KIND_WORDS = {"count": "a count", "share": "a share", "number": "a figure", "date": "a date", "reason": "a reason"}   # what an answer line lacks, in words
ENTITY_WEIGHT = 0.15      # the answer line: + this for a sentence naming the kind of entity asked for (qa.answer.entities)
PASSAGE_WEIGHT = 0.1      # the answer line: a sentence's score + this * its passage's fused score (a higher passage wins ties).
                          # COVID-QA --seed 1+2, answered lines holding the answer: 0.1 247, 0.3 242, 0.6 253, 1.0 250 of 600 (noise)
LINE_KIND_MARGIN = 0.1    # the answer line: a sentence of its passage holding the asked-for kind, within this, wins
ENTITY_WORDS = {"company": "a company", "organization": "an organization", "country": "a country", "city": "a city",
                "region": "a state or province", "named": "any by name"}

_POINTER = re.compile(r"\b(?:this|these|those|such)\b", re.I)   # a sentence speaking of what the one before said
_ANNOUNCES = re.compile(r"^\W*(?:here|below|these|the following)\s+(?:is|are)\b|\b(?:the following|as follows|below)\W*$", re.I)


def announces(sentence: str) -> bool:
    """Whether ``sentence`` announces what follows it rather than saying it.

    >>> announces("Here are some interesting things a respectful duck could eat:")
    True
    >>> announces("LayoutParser, built upon Detectron2, can detect layouts with four lines of code in Python:")
    False
    """
    text = sentence.rstrip()
    return text.endswith(":") and bool(_ANNOUNCES.search(text[:-1]))


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


def lacking(items: list) -> str:
    """What a line lacks, in words: items joined so that each reads apart.

    >>> lacking(["2024"]), lacking(["Canadian", "a state or province"]), lacking(["a", "b", "c"])
    ('2024', 'Canadian, nor a state or province', 'a, b, nor c')
    """
    items = [str(i) for i in items]
    return ", ".join(items[:-1]) + ", nor " + items[-1] if len(items) > 1 else "".join(items)


_SUPERLATIVE = re.compile(r"\b(largest|biggest|highest|lowest|smallest|fewest|greatest|longest|shortest|oldest|earliest|newest|"
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
    m = _SUPERLATIVE.search(question)
    return m.group(1).lower() if m and not _EXTREME.search(sentence) else None


def sentence_before(sentences: list, start: int):
    """The scored sentence ending last before ``start`` (the one a line
    follows on from), or None."""
    return max((s for s in sentences if s.end <= start), key=lambda s: s.end, default=None)


def sentence_after(sentences: list, end: int):
    """The scored sentence starting first after ``end`` (the one that may go on from a line), or None."""
    return min((s for s in sentences if s.start >= end), key=lambda s: s.start, default=None)


@dataclass
class AnswerLine:
    """The one sentence that best answers, verbatim: ``document[start:end] == text``."""
    text: str
    doc: str
    start: int
    end: int
    passage: int              # rank of the passage it is in ([n])
    citation: str = ""
    closest: bool = False     # it lacks something the question names: the closest, not the answer
    lacks: list = field(default_factory=list)


def choose_line(index, question, passages, scored, wants, idf) -> tuple[AnswerLine | None, dict, bool]:
    """The best-answering sentence of the first passages, the answerability
    features, and whether the sentence lacks the kind of answer asked for or
    never names what is asked about (then it is only the closest)."""
    pool = [(s, p) for p in passages[:3] for s in scored.get(p.chunk, [])]
    if not pool:
        return None, {}, False
    # a sentence of a higher passage wins near-ties: the passage's own rank is evidence too;
    # the numbered item asked for ("the first recommendation") wins outright
    text_of = lambda s, p: index.documents[p.doc].text[s.start:s.end]
    item = lambda sp: evidence.ordinal_item(question, text_of(*sp))
    # a sentence that only restates the question answers nothing: any other is preferred; one naming the kind
    # of entity asked for ("who": someone the question does not name; "which company": a company) is lifted
    restating = {id(s) for s, p in pool if entities.restates(question, text_of(s, p))}
    # a sentence announcing what follows ("Here are some things a duck could eat:") gives no answer itself
    announcing = {id(s) for s, p in pool if announces(text_of(s, p))}
    # "apart from the aerial task force, what else ...": a sentence about the task force is what the reader has
    aside = steer.set_aside(question)
    announcing |= {id(s) for s, p in pool if steer.is_set_aside(aside, text_of(s, p))}
    asked = asking.asked(question)
    extreme_asked = bool(_SUPERLATIVE.search(question))   # "the largest seizure": a line naming an extreme is lifted too
    advice = steer.asks_advice(question)   # "what does the federation want done?": a line recommending is lifted
    changed = events.change(question)   # what a "why" question presumes happened ("stop", "rise")
    names = lambda sp: ENTITY_WEIGHT if asked and entities.names_asked(question, text_of(*sp), asked) else 0.0
    best, bp = max([sp for sp in pool if id(sp[0]) not in restating | announcing]
                   or [sp for sp in pool if id(sp[0]) not in restating] or pool,
                   key=lambda sp: sp[0].score + PASSAGE_WEIGHT * sp[1].score + (1.0 if item(sp) else 0.0) + names(sp)
                   + (ENTITY_WEIGHT if extreme_asked and not unmatched_superlative(question, text_of(*sp)) else 0.0)
                   + (ENTITY_WEIGHT if advice and steer.advises(text_of(*sp)) else 0.0))
    if wants.kind and not best.holds:   # a figure or date is asked for: a sentence of the same passage holding it,
        # scoring close, is the answer ("Convening at least twice annually" over the heading "3. Better utilize ...")
        holding = [s for s in scored.get(bp.chunk, []) if s.holds and id(s) not in restating
                   and s.score >= best.score - LINE_KIND_MARGIN]
        best = max(holding, key=lambda s: s.score, default=best)
    if wants.kind == "reason" and not best.holds:   # the fact asked about, then why: the next sentence, pointing back
        # at it and giving a reason, is the answer ("... up from 69%." / "The rise was driven by ...")
        after = sentence_after(scored.get(bp.chunk, []), best.end)
        if after is not None and after.holds and (_POINTER.search(text_of(after, bp))
                                                  or (changed and events.mentions(changed[1], text_of(after, bp)))):
            best = after
    other = max((s.score for s, p in pool if p.chunk != bp.chunk), default=0.0)
    text = index.documents[bp.doc].text
    lead, after = sentence_before(scored.get(bp.chunk, []), best.start), sentence_after(scored.get(bp.chunk, []), best.end)
    feats = features(index, question, best, bp, passages, wants, idf, other)
    if item((best, bp)):  # the numbered item asked for ("the first recommendation" is "1. Streamline ...")
        feats["item"] = 1.0
    # what a reader checks first: a count for "how many", a date for "when", the thing asked about named
    unasked = [KIND_WORDS[wants.kind]] if wants.kind and not best.holds else []
    if feats["focus"] == 0.0 and focus.counts(question):  # "how many ghost guns": a figure of firearms is not it
        unasked.append(" ".join(wants.focus))
    elif wants.kind == "count" and wants.focus and best.holds and not counted.counts_near(wants.focus, text_of(best, bp)) \
            and not table_header(text, index.chunks[bp.chunk].start, best.start):   # a table row: its header names it
        unasked.append(f"a count of {' '.join(wants.focus)}")   # "personnel by 350, ... and K-9 teams": not a count of teams
    if asked in ENTITY_WORDS and not names(((best, bp))):  # "which company": a line naming no company is not it
        unasked.append(ENTITY_WORDS[asked])
    elif asking.asks_a_name(question) and not names((best, bp)):  # "the name of the director": a line naming no one
        unasked.append("anyone by name")
    given = periods.other_period(question, text_of(best, bp)) if wants.kind in ("count", "share", "number") else None
    if given:  # "each year" asked, "400,000 ... daily" given: not the figure asked for
        asked_over = periods.asked_period(question)
        unasked.append(f"a {periods.ADJECTIVES[asked_over]} figure, only a {periods.ADJECTIVES[given]} one")
    dated = events.event(question) if wants.kind in ("date", "count", "number") else None
    if dated:  # "when was it created?", "how many were charged?": a line (or the sentence it follows on from) never
        # saying so dates or counts something else
        if not events.mentions(dated[1], text_of(best, bp) + (" " + text_of(lead, bp) if lead else "")):
            unasked.append(f"when it was {dated[0]}" if wants.kind == "date" else f"“{dated[0]}” or its like")
    if changed:  # "why did the RCMP stop the program?": a line (or the sentence before or after it) never speaking of
        # a stop gives no reason for one, and the documents may not say it happened at all
        if not events.mentions(changed[1], " ".join(text_of(s, bp) for s in (lead, best, after) if s is not None)):
            unasked.append(f"“{changed[0]}” or its like")
    doer = naming.agent(question) if wants.kind in ("count", "share", "number") else None
    if doer:  # "how many firearms did U.S. CBP seize?": a line (or the sentence before, or the title) naming another seizer is not it
        about = f"{bp.title} {' '.join(map(str, bp.meta.values()))}"   # a 10-K's "We have 36 employees" is its company's
        said = text_of(best, bp) + (" " + text_of(lead, bp) if lead else "") + " " + about
        lacked = naming.missing(evidence.Wants(None, (), (), tuple(n for n in wants.names if n in doer) or (doer,)), said)
        if lacked:
            unasked.append(doer)
    extreme = unmatched_superlative(question, text_of(best, bp))
    if extreme:  # "where did the CBSA make its largest seizure?": a line naming no extreme gives a total, not it
        unasked.append(f"“{extreme}” or its like")
    pole = other_pole(question, text_of(best, bp))
    if pole:  # "which sector had the fewest encounters?": "the majority of encounters" is the other end
        unasked.append(f"“{pole}”")
    if id(best) in restating:  # every candidate only restates the question
        unasked.append("anything the question does not already say")
    named = list(best.lacks) + unasked
    named = [n for n in named if not any(n != m and str(n) in str(m) for m in named)]   # "Customs" is in "U.S. Customs and ..."
    line = AnswerLine(text[best.start:best.end], bp.doc, best.start, best.end, bp.rank, bp.citation,
                      closest=bool(named), lacks=named)
    return line, feats, bool(unasked)
