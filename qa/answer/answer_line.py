"""The answer line: the one sentence of the first passages that best answers
the question, verbatim, and what it lacks.

``choose_line`` picks it among the scored sentences of the first three
passages (``answers.score_sentences``): a higher passage wins near-ties, the
numbered item asked for ("the first recommendation") wins outright, a line
that only restates the question or announces what follows ("Here are ...:")
loses to any other, one naming the kind of entity asked for is lifted
(``entities``), and one of the best passage holding the asked-for kind (a
figure, a date) wins when it is close. It then says what the line lacks, by
the checks of ``lacks`` (a count, the thing counted, a yearly figure, a
company, someone's name, the event a "when" question dates) and the names and
years the question gives that it does not: a line lacking any is only the
closest sentence. The answerability features come
with it (``features``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.answer import asking, entities, events, evidence, lacks, steer
from qa.answer.features import features, table_header

ENTITY_WEIGHT = 0.15      # the answer line: + this for a sentence naming the kind of entity asked for (qa.answer.entities)
PASSAGE_WEIGHT = 0.1      # the answer line: a sentence's score + this * its passage's fused score (a higher passage wins ties).
                          # COVID-QA --seed 1+2, answered lines holding the answer: 0.1 247, 0.3 242, 0.6 253, 1.0 250 of 600 (noise)
LINE_KIND_MARGIN = 0.1    # the answer line: a sentence of its passage holding the asked-for kind, within this, wins

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


def lacking(items: list) -> str:
    """What a line lacks, in words: items joined so that each reads apart.

    >>> lacking(["2024"]), lacking(["Canadian", "a state or province"]), lacking(["a", "b", "c"])
    ('2024', 'Canadian, nor a state or province', 'a, b, nor c')
    """
    items = [str(i) for i in items]
    return ", ".join(items[:-1]) + ", nor " + items[-1] if len(items) > 1 else "".join(items)


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
    extreme_asked = bool(lacks.SUPERLATIVE.search(question))   # "the largest seizure": a line naming an extreme is lifted too
    advice = steer.asks_advice(question)   # "what does the federation want done?": a line recommending is lifted
    changed = events.change(question)   # what a "why" question presumes happened ("stop", "rise")
    names = lambda sp: ENTITY_WEIGHT if asked and entities.names_asked(question, text_of(*sp), asked) else 0.0
    best, bp = max([sp for sp in pool if id(sp[0]) not in restating | announcing]
                   or [sp for sp in pool if id(sp[0]) not in restating] or pool,
                   key=lambda sp: sp[0].score + PASSAGE_WEIGHT * sp[1].score + (1.0 if item(sp) else 0.0) + names(sp)
                   + (ENTITY_WEIGHT if extreme_asked and not lacks.unmatched_superlative(question, text_of(*sp)) else 0.0)
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
    # what a reader checks first: a count for "how many", a date for "when", the thing asked about named (``lacks``)
    chunk = index.chunks[bp.chunk]
    unasked = lacks.what_it_lacks(lacks.Line(
        question, wants, text_of(best, bp), holds=best.holds, lead=text_of(lead, bp) if lead else "",
        after=text_of(after, bp) if after else "", about=f"{bp.title} {' '.join(map(str, bp.meta.values()))}",
        table_row=bool(table_header(text, chunk.start, best.start)), restates=id(best) in restating,
        names_asked=bool(names((best, bp))), focus=feats["focus"]))
    named = list(best.lacks) + unasked
    named = [n for n in named if not any(n != m and str(n) in str(m) for m in named)]   # "Customs" is in "U.S. Customs and ..."
    line = AnswerLine(text[best.start:best.end], bp.doc, best.start, best.end, bp.rank, bp.citation,
                      closest=bool(named), lacks=named)
    return line, feats, bool(unasked)
