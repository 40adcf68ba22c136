"""Answer a question: ranked passages, the one sentence that best answers it,
and whether the documents answer it at all.

Stages: ``search`` (chunks, their best sentence and BM25 fused) gives
candidates; ``rank`` orders them by fused score plus their best sentence's
score, puts body text before references and boilerplate, folds identical
passages into one, and lifts passages whose sentences hold what the question
asks for; ``score_sentences`` scores each sentence of the passages
shown (stored vectors, no encoding at question time); the best becomes the
answer line; ``answerability`` turns a few features into the probability that
the documents answer.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import numpy as np

from qa.answer import answerability, cues, evidence, highlight, initials, naming, steer
from qa.answer.answer_line import AnswerLine, choose_line, lacking, sentence_before  # noqa: F401  (AnswerLine: callers use it here)
from qa.answer.features import content_terms  # noqa: F401  (callers use it here)
from qa.answer.citations import anchor, cite, cite_markdown, page_shown
from qa.config import LIMITS, check_question
from qa.encode.sentences import sentence_spans  # noqa: F401  (re-exported: callers use it here)
from qa.retrieve.search import search
from qa.store import lexical
from qa.store.shown import resolve

LEXICAL_WEIGHT = 0.25     # a sentence's score: cosine + this * IDF-weighted share of the question's terms it holds
KIND_WEIGHT = 0.15        # + this when it holds the kind of answer asked for (a figure, a date)
NAMED_WEIGHT = 0.10       # - this when it lacks a year or figure the question names
EVIDENCE_BONUS = 0.05     # a passage's lift (fused scale 0-1) when its best sentence holds the asked-for kind
ITEM_BONUS = 0.4          # a passage's lift when it is the numbered item asked for ("the first recommendation")
SENTENCE_RERANK = 0.5     # a passage's order: fused score + this * its best sentence's score (cosine, terms held,
                          # evidence). COVID-QA 300 hit@5 0.727 / 0.733 / 0.723 at 0.25 / 0.5 / 1.0 (held-out 1,080:
                          # 0.746 / 0.756 / 0.763); 1.0 declines one on-topic held-out seed question fewer (9 -> 8 of 10)
RANK_LEXICAL = 0.45       # + this * the largest IDF-weighted share of the question's terms one of its sentences holds
                          # (a passage with a sentence naming what the question names). COVID-QA hit@5 (300 / held-out
                          # 1,080) at SEARCH_DEPTH 120: 0.3 0.797 / 0.791; 0.45 0.800 / 0.796; 0.6 (depth 50) 0.797 /
                          # 0.794 but loses realdocs docx4j-4 from the first five
CANDIDATES = 20           # chunks taken from search before ranking
SEARCH_DEPTH = 120        # candidates per ranking fused by search (its default 50). COVID-QA hit@5 300 / held-out: 50 0.797
                          # / 0.791, 120 0.800 / 0.796; 150-200 0.800 / 0.796-0.797 but realdocs loses docx4j-4 from top 5
PRIMARY_KINDS = ("body", "table", "caption")
SECONDARY_KINDS = ("reference", "boilerplate")   # listed only after every other passage


@dataclass
class Passage:
    rank: int
    doc: str
    title: str
    section: str | None
    paragraph: int | None
    page: int | None
    start: int
    end: int
    text: str
    highlights: list = field(default_factory=list)   # [[start, end], ...] document offsets
    score: float = 0.0
    similarity: float = 0.0
    anchor: str = ""
    citation: str = ""
    citation_markdown: str = ""
    meta: dict = field(default_factory=dict)
    chunk: int = -1                                   # row in the index's chunk table
    kind: str = "body"                                # the chunk's kind of text
    also_in: list = field(default_factory=list)       # anchors of passages with the same text
    page_label: str | None = None                     # the page as printed ("iv"), when the PDF labels its pages
    ocr: bool = False                                 # the text was read by OCR from a scanned page

    def highlighted_text(self) -> str:
        """The quoted words of the highlights, joined."""
        return " ".join(self.text[s - self.start:e - self.start] for s, e in self.highlights)


@dataclass
class Answer:
    question: str
    answered: bool
    passages: list[Passage]
    confidence: float = 0.0   # probability that the documents answer (qa.answer.answerability)
    answer: AnswerLine | None = None
    note: str = ""
    reading: str = "own"      # "own", or "with previous" (qa.answer.followup)
    asked: str = ""           # the text searched: the question, or the previous one with it
    features: dict = field(default_factory=dict)
    ruled_out: bool = False   # the answer line lacks what is asked or named: not answered, whatever the confidence

    def to_dict(self) -> dict:
        return {"question": self.question, "answered": self.answered, "confidence": round(self.confidence, 4),
                "answer": asdict(self.answer) if self.answer and self.answered else None,
                "closest": asdict(self.answer) if self.answer and not self.answered else None,
                "note": self.note, "reading": self.reading, "asked": self.asked or self.question,
                "passages": [asdict(p) for p in self.passages]}


def make_passage(index, hit, rank: int) -> Passage:
    c = index.chunks[hit.chunk]
    doc = index.documents[c.doc]
    label, ocr = getattr(c, "page_label", None), bool(getattr(c, "ocr", False))
    page = page_shown(c.page, label, ocr)
    return Passage(
        rank, c.doc, doc.title, c.section, c.paragraph, c.page, c.start, c.end, c.text,
        score=round(hit.score, 6), similarity=round(hit.similarity, 4),
        anchor=anchor(c.doc, c.text, c.start, c.end),
        citation=cite(c.text, doc.title, doc.meta, c.section, c.paragraph, page),
        citation_markdown=cite_markdown(c.text, doc.title, doc.meta, c.section, c.paragraph, page),
        meta=dict(doc.meta), chunk=hit.chunk, kind=getattr(c, "kind", "body") or "body", page_label=label, ocr=ocr,
    )


class Scored:
    """A sentence of a passage with its score parts."""
    __slots__ = ("passage", "start", "end", "cosine", "score", "holds", "lacks", "share")

    def __init__(self, passage, start, end, cosine, score, holds, lacks, share=0.0):
        self.passage, self.start, self.end, self.cosine = passage, start, end, cosine
        self.score, self.holds, self.lacks, self.share = score, holds, lacks, share


def score_sentences(index, qv: np.ndarray, weights: dict, wants: evidence.Wants, chunks: list[int]) -> dict[int, list[Scored]]:
    """Each sentence of the chunks scored against the question: cosine (stored
    vectors), the question's terms it holds, and the evidence it carries."""
    rows = {c: index.sentence_rows(c) for c in dict.fromkeys(chunks)}
    flat = [r for rs in rows.values() for r in rs]
    if not flat:
        return {c: [] for c in rows}
    cos = np.asarray(index.sentences[flat], dtype=np.float32) @ qv
    spans = [(int(index.sentence_spans[r, 1]), int(index.sentence_spans[r, 2])) for r in flat]
    owner = [c for c, rs in rows.items() for _ in rs]
    texts = [index.documents[index.chunks[c].doc].text[s:e] for c, (s, e) in zip(owner, spans)]
    terms = lexical.tokenize(texts)  # one call for all: tokenizing sentence by sentence is most of the cost
    total = sum(weights.values()) or 1.0
    out: dict[int, list[Scored]] = {c: [] for c in rows}
    name_terms = dict(zip(wants.names, lexical.tokenize(list(wants.names)))) if wants.names else {}
    for c, (s, e), sentence, toks, sim in zip(owner, spans, texts, terms, cos):
        chunk = index.chunks[c]
        present = set(toks)   # with a name the question gives by initials ("NHL": "National Hockey League")
        present |= initials.spelled_terms(name_terms, sentence, present) if name_terms else set()
        share = sum(w for t, w in weights.items() if t in present) / total if weights else 0.0
        holds = evidence.holds_kind(wants, sentence)
        lacks = naming.missing(wants, sentence, f"{index.documents[chunk.doc].title} {chunk.section or ''} {chunk.text}")
        named_lacking = [x for x in lacks if x in wants.years or x in wants.figures]
        score = float(sim) + LEXICAL_WEIGHT * share + (KIND_WEIGHT if wants.kind and holds else 0.0) \
            - (NAMED_WEIGHT if named_lacking else 0.0)
        out[c].append(Scored(c, s, e, float(sim), score, holds, lacks, share))
    return out


def rank(index, hits, scored: dict[int, list[Scored]], wants: evidence.Wants, question: str = ""):
    """Hits in answer order: lifted by sentence evidence, identical texts folded
    into their first, references and boilerplate after everything else."""
    def value(h):
        best = max(scored.get(h.chunk, []), key=lambda s: s.score, default=None)
        lift = EVIDENCE_BONUS if best is not None and wants.kind and best.holds and not any(
            x in wants.years or x in wants.figures for x in best.lacks) else 0.0
        if evidence.ordinal_item(question, index.chunks[h.chunk].text):
            lift += ITEM_BONUS * (1 + SENTENCE_RERANK + RANK_LEXICAL)   # the same lift on the wider scale the sentence adds
        terms_held = max((s.share for s in scored.get(h.chunk, [])), default=0.0)
        return h.score + lift + (SENTENCE_RERANK * best.score if best is not None else 0.0) + RANK_LEXICAL * terms_held

    ordered = sorted(hits, key=lambda h: -value(h))
    kind = lambda h: getattr(index.chunks[h.chunk], "kind", "body") or "body"
    primary = [h for h in ordered if kind(h) not in SECONDARY_KINDS]
    secondary = [h for h in ordered if kind(h) in SECONDARY_KINDS]
    if not any(h.bm25 > 0 for h in primary):  # nothing else holds a word of the question
        ordered = [h for h in secondary if h.bm25 > 0] + primary + [h for h in secondary if h.bm25 <= 0]
    else:
        ordered = primary + secondary
    groups: dict[str, list] = {}
    for h in ordered:
        groups.setdefault(" ".join(index.chunks[h.chunk].text.split()), []).append(h)
    out, dups = [], {}
    for same in groups.values():
        # the group stands where its best-ranked copy does; the copy quoted is the first in that document
        # (a repeated sentence is cited where it first appears), the others are listed with it
        doc = index.chunks[same[0].chunk].doc
        first = min((h for h in same if index.chunks[h.chunk].doc == doc), key=lambda h: index.chunks[h.chunk].start)
        out.append(first)
        dups[first.chunk] = [h for h in same if h is not first]
    return out, dups


def answer(index, embedder, question: str, k: int = 5, docs: list[str] | None = None, mode: str = "hybrid") -> Answer:
    """The ``k`` best passages with highlights, the answer line, and whether they answer."""
    question, k = check_question(question), LIMITS.k(k)
    terms = evidence.subject_terms(content_terms(question))
    if not terms:
        return Answer(question, False, [], 0.0, note="The question has no words to search for (only words like "
                      "“what”, “is”, “it”); name what you are asking about.", asked=question)
    qv = np.asarray(embedder.encode([question])[0], dtype=np.float32)
    hits = search(index, qv, question, k=max(k, CANDIDATES), docs=docs, mode=mode, depth=SEARCH_DEPTH)
    index, hits = resolve(index, hits)  # only the chunks found are fetched from the store
    # what the answer must hold is read from the question without where to look ("In the NPF's letter, ..."); the
    # names there still lift a sentence naming them ("According to the California Code of Regulations, ...")
    core = steer.without_source(question)
    wants = evidence.wants(question)
    if core != question:   # (most questions say nowhere to look: read once)
        names = wants.names
        wants = evidence.wants(core)
        where_only, wants = [n for n in names if n not in wants.names], wants._replace(names=names)
    else:
        where_only = []
    idf = dict(zip(sorted(terms), lexical.idf(index.bm25, sorted(terms))))
    scored = score_sentences(index, qv, idf, wants, [h.chunk for h in hits])
    ordered, dups = rank(index, hits, scored, wants, question)
    passages, cue = [], cues.cue(question)
    for r, h in enumerate(ordered[:k], 1):
        p = make_passage(index, h, r)
        p.also_in = [anchor(index.chunks[d.chunk].doc, p.text, index.chunks[d.chunk].start, index.chunks[d.chunk].end)
                     for d in dups.get(h.chunk, [])]
        sents = scored.get(h.chunk, [])
        doc_text = index.documents[p.doc].text
        p.highlights = highlight.choose(sents, {(s.start, s.end): doc_text[s.start:s.end] for s in sents},
                                        terms, wants, content_terms, cue, cues.yes_no(question))
        passages.append(p)
    line, feats, unasked = choose_line(index, core, passages, scored, wants, idf)
    if line is not None and where_only:   # the letter a question says to look in need not be named by the line
        line.lacks = [x for x in line.lacks if x not in where_only]
        line.closest = bool(line.lacks)
    if line is not None:   # the answer line is highlighted where it stands: a reader never sees two "answers" there
        shown = passages[line.passage - 1]
        shown.highlights = highlight.with_line(shown.highlights, [line.start, line.end])
    confidence = answerability.probability(feats) if feats else 0.0
    # a sentence without the year or figure the question names is the closest, not the answer
    named = False
    if line is not None:
        p = passages[line.passage - 1]
        about = f"{p.title} {' '.join(map(str, p.meta.values()))}"  # its document's title and date
        # a year or figure named must be in the line, the sentence it follows on from, or the title or date
        # ("In 2024, 23,721 encounters, more than double the previous year" does not give 2023's);
        # an identifier ("libtasn1") has no synonym: a passage without it is about something else
        before = sentence_before(scored.get(p.chunk, []), line.start)
        lead = index.documents[p.doc].text[before.start:before.end] if before is not None else ""
        # a line naming a year of its own speaks of that year: the year before it ("... 13,056 in 2023. Almost half
        # of shooting homicides in 2022 ...") does not make it 2023's
        own_year = evidence.other_year(line.text, wants)
        named = bool(naming.missing(evidence.Wants(None, wants.years, wants.figures, ()),
                                    line.text if own_year else f"{lead} {line.text} {about}")
                     or naming.missing(evidence.Wants(None, (), (), naming.identifiers([n for n in wants.names if n not in where_only])),
                                       f"{p.text} {about}")
                     or any(initials.sibling(n, line.text) for n in wants.names))   # "SHA224" when "SHA-256" is asked
    unseen = lambda ts: lexical.unseen(index.bm25, ts)
    # a name no document mentions ("Does Shiprider operate on the Pacific coast?"): nothing here can answer
    unknown = [n for n in naming.unmentioned(wants.names, unseen)
               if not naming.shown(n, " ".join(p.text for p in passages[:3]))]   # "NHL" spelled out, or a typo of a word shown
    # "Is the task force run jointly with U.S. CBP?": a line never naming CBP cannot say yes or no
    # ("First Nations or other Indigenous groups": one of the names a question offers is enough)
    unsettled = line is not None and cues.yes_no(core) and any(
        n not in wants.years and n not in wants.figures and not re.search(rf"{re.escape(str(n))}\W*\s+or\b", core)
        for n in line.lacks)
    ruled_out = named or unasked or bool(unknown) or unsettled
    # the numbered item asked for is an answer a reader sees at once, whatever the model makes of its words
    answered = (confidence >= answerability.THRESHOLD or bool(feats.get("item"))) and not ruled_out
    if unknown:
        note = f"The documents never mention {lacking(unknown)}."
    elif line is not None and line.closest:
        note = f"The closest sentence does not mention {lacking(line.lacks)}."
    else:
        note = ""
    return Answer(question, answered, passages, confidence, line, note, asked=question, features=feats, ruled_out=ruled_out)
