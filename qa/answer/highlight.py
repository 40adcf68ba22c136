"""Which sentences of a passage to highlight: the one that best answers, and
the neighbour a reader needs with it.

The best-scored sentence is the one most like the question, and that is often
the sentence that *restates* it ("There are several inhalation devices
available ...") while the answer is the next one ("Metered dose inhalers and
dry powder inhalers ..."). So, beside the best sentence and any near-tie:

* a sentence that starts in lower case, or follows one that lacks its stop
  (a line break taken for a sentence end: "... spread unevenly through the" /
  "United States, ..."), continues the one before it: that one is shown too;
  so is the one before a sentence that opens by pointing back to it ("It is
  produced by the liver ...", "Without such drift, ...", "On the same day,
  ...": what "it" is stands there);
* a sentence that lacks its stop, or is followed by one pointing back to it
  ("Recombinant DNA systems exist ..." / "This in turn enables ..."), is shown
  with its next sentence;
* a sentence that adds few words of its own to the question's, or ends with a
  colon, or lacks the kind of answer asked for (a figure for "how many") while
  its next sentence holds it, is shown with its next sentence;
* a neighbour scoring close to the best (within BEFORE before it, ADJACENT
  after it) is shown with it: an answer is often told over two sentences;
* the sentence after those that goes on with them ("Moreover, ...", "In
  addition, ...", "The first trial ...", "Finally, ...", "The remaining four
  ...") is shown too: the answer is still being told;
* for a yes-or-no question, the sentence after the best one (or after those
  shown around it) that turns against it ("However, in studies of natural infection, it did not ...") is
  shown with it: without it a reader takes the wrong answer;
* when a figure or a date is asked for and none of those holds one, the
  passage's best sentence that does is shown too;
* when the question says how its answer is worded (``qa.answer.cues``: a
  named alternative, "X is a ...", "activated by", a reason, a figure counting
  what is asked ...) and no sentence shown is worded so, the best one that is
  (scoring within CUE_MARGIN of the best) is shown too, first after the best,
  with the sentence before it when it points back ("They act to ...").

At most three sentences, in document order. COVID-QA (benchmarks/covid_qa.py),
answer inside the highlight or the answer line, 300-question sample / held-out
1,080: 0.844 / 0.824 before the cues and neighbour margins, 0.903 / 0.852 with
them, highlighting 1.43 -> 1.58 sentences, 32% -> 36% of the passage's text.
The rules for a sentence going on, turning against a yes-or-no answer or
pointing back by a phrase, and the cues for a kind, the most or main one and
an attribute, were found on other samples (``--seed 1/2/3``: 0.866 / 0.840 /
0.874 -> 0.900 / 0.857 / 0.879): held-out 0.854 -> 0.871, sample 0.900 ->
0.900, highlighting 1.52 -> 1.58 sentences, 35.4% -> 36.7% of the text.
The cues for an n-th item or examples (``qa.answer.item_cues``), a verb, a
finding, a difference (``qa.answer.verb_cues``), a cause, a condition and a
quality asked were found on ``--seed 2/3/6/7`` (0.858 -> 0.889 on average):
sample 0.900 -> 0.905, held-out 0.872 -> 0.894, highlighting 36.7% -> 37.4% of
the text; but on the 395 held-out questions outside those four samples,
0.898 -> 0.898: they mend the misses read, not yet others.
"""

from __future__ import annotations

import re

from qa.answer import evidence

NEAR = 0.03       # a sentence within this of the best score is highlighted too
FEW_NEW = 5       # a best sentence with fewer new subject terms than this restates the question
MOST = 3
# neighbours within these of the best score are shown with it. Each added sentence buys about as much "answer in
# the highlight" as it costs in highlighted text; these stay within a third of the passage (COVID-QA held-out:
# ADJACENT 0.1 / 0.15 / 0.2 -> in highlight 0.833 / 0.847 / 0.853, share 0.33 / 0.35 / 0.37)
BEFORE = 0.1      # the sentence before the best one
ADJACENT = 0.13   # the sentence after it
CUE_MARGIN = 0.3  # a sentence worded as the answer (qa.answer.cues) is shown when it scores within this of the best
# a sentence ends with its stop (and any closing quote, bracket or reference mark); one that does not was cut
# by a line break the sentence finder took for an end ("... spread unevenly through the" / "United States, ...")
_ENDED = re.compile(r"[.!?…:;][\"'”’)\]]*(?:\s*[\[(][\d,;\s–-]*[\])])*\s*$")


def choose(sents: list, texts: dict, question_terms: set, wants: evidence.Wants, terms_of, cue=None,
           yes_no: bool = False) -> list[list[int]]:
    """Highlights ``[[start, end], ...]`` (document offsets, in order) among
    ``sents`` (a passage's scored sentences with ``start``, ``end``, ``score``),
    ``texts`` mapping ``(start, end)`` to each sentence's text, ``terms_of``
    giving a text's stemmed terms; ``yes_no``: the question asks yes or no
    (``qa.answer.cues.yes_no``).

    >>> class S:
    ...     def __init__(self, start, end, score): self.start, self.end, self.score = start, end, score
    >>> t = "Several devices deliver drugs to the lungs. Metered dose inhalers and dry powder inhalers are the most common."
    >>> sents = [S(0, 43, 0.8), S(44, len(t), 0.5)]
    >>> texts = {(s.start, s.end): t[s.start:s.end] for s in sents}
    >>> terms = lambda x: set(x.lower().strip(".").split())
    >>> choose(sents, texts, {"devices", "deliver", "drugs", "lungs"}, evidence.wants("Which devices deliver drugs to the lungs?"), terms)
    [[0, 43], [44, 110]]
    """
    if not sents:
        return []
    order = sorted(sents, key=lambda s: s.start)
    top = max(sents, key=lambda s: s.score)
    # near-ties: the first two in document order (an earlier sentence introduces, a later one details)
    chosen = {id(s): s for s in [s for s in order if s.score >= top.score - NEAR][:2]}
    chosen[id(top)] = top
    i = order.index(top)
    text = texts[(top.start, top.end)]
    if i > 0 and (text[:1].islower() or not _ENDED.search(texts[(order[i - 1].start, order[i - 1].end)])
                  or refers_back(text) or order[i - 1].score >= top.score - BEFORE):
        chosen[id(order[i - 1])] = order[i - 1]
    if i + 1 < len(order):
        nxt = order[i + 1]
        new = terms_of(text) - question_terms
        new = evidence.subject_terms(new)
        nxt_text = texts[(nxt.start, nxt.end)]
        lacks_kind = wants.kind is not None and not evidence.holds_kind(wants, text) \
            and evidence.holds_kind(wants, nxt_text)
        if len(new) < FEW_NEW or text.rstrip().endswith(":") or lacks_kind or nxt.score >= top.score - ADJACENT \
                or not _ENDED.search(text) or refers_back(nxt_text):
            chosen[id(nxt)] = nxt
        elif yes_no and _TURNS.match(nxt_text):   # "... reduced symptoms." / "However, in natural infection it did not"
            chosen[id(nxt)] = nxt
    j = i   # the sentences shown around the best one: the one after them goes on with them ("Moreover, ...")
    while j + 1 < len(order) and id(order[j + 1]) in chosen:
        j += 1
    after = texts[(order[j + 1].start, order[j + 1].end)] if j + 1 < len(order) else ""
    if after and (goes_on(after) or (yes_no and _TURNS.match(after))):   # or turns against a yes-or-no answer
        chosen[id(order[j + 1])] = order[j + 1]
    if wants.kind is not None and not any(evidence.holds_kind(wants, texts[(s.start, s.end)]) for s in chosen.values()):
        # a figure or date was asked for and none is shown yet: the best sentence of the passage holding one
        holders = [s for s in sents if evidence.holds_kind(wants, texts[(s.start, s.end)])]
        if holders:
            best = max(holders, key=lambda s: s.score)
            chosen[id(best)] = best
    cued = None
    if cue is not None and not any(cue(texts[(s.start, s.end)]) for s in chosen.values()):
        # the question says how its answer is worded (qa.answer.cues) and no sentence shown is worded so
        worded = [s for s in sents if s.score >= top.score - CUE_MARGIN and cue(texts[(s.start, s.end)])]
        if worded:
            cued = max(worded, key=lambda s: s.score)
            chosen[id(cued)] = cued
            k = order.index(cued)
            if k > 0 and refers_back(texts[(cued.start, cued.end)]):   # "They act to ...": what "they" are
                chosen[id(order[k - 1])] = order[k - 1]
    picked = sorted(chosen.values(), key=lambda s: (s is not top, s is not cued, s.start))[:MOST]
    return [[s.start, s.end] for s in sorted(picked, key=lambda s: s.start)]


def with_line(highlights: list, line: list, most: int = MOST) -> list[list[int]]:
    """``highlights`` with the answer ``line`` (``[start, end]``) among them, in
    document order: when that makes more than ``most``, the ones farthest from
    the line give way.

    >>> with_line([[0, 40]], [41, 80])
    [[0, 40], [41, 80]]
    >>> with_line([[0, 40], [41, 80]], [41, 80])
    [[0, 40], [41, 80]]
    >>> with_line([[0, 10], [11, 20], [21, 30]], [90, 99])
    [[11, 20], [21, 30], [90, 99]]
    """
    if list(line) in [list(h) for h in highlights]:
        return highlights
    kept = sorted(highlights, key=lambda h: abs(h[0] - line[0]))[:most - 1]
    return sorted([list(h) for h in kept] + [list(line)])


# a sentence that opens by pointing back ("This in turn enables ...", "It could be triggered by ...", "Hence, ...")
_REFERS_BACK = re.compile(r"\s*(?:this|these|that|those|such|it|its|they|their|hence|thus|therefore|consequently|"
                          r"accordingly|as a result|in turn|of (?:which|these|them))\b", re.I)


# or by a phrase pointing back: "Without such drift, ...", "Despite this, ...", "Of these, ...", "On the same day, ..."
_POINTS_BACK = re.compile(r"\s*(?:without|despite|because of|for|in|of|among|with|by|from|after|given|due to|unlike|like|"
                          r"as with|besides|beyond|under|during|at|on|within)\s+(?:all\s+|both\s+|each\s+of\s+)?"
                          r"(?:this|these|those|such|them|which|that|the same)\b", re.I)
# ... but not the writers' own work or the present: "In this study, ...", "At this time, ..."
_OWN_WORK = re.compile(r"\s*\w+(?:\s+\w+)?\s+(?:this|these)\s+(?:study|studies|review|paper|article|work|report|analysis|case|"
                       r"context|setting|way|regard|respect|end|time|model|section|chapter)\b", re.I)
# a sentence going on with the one before: adding to it, or an item of the list it announces
_GOES_ON = re.compile(r"\s*(?:moreover|in addition|additionally|furthermore|also|similarly|likewise|besides|"
                      r"first(?:ly)?|the first|second(?:ly)?|third(?:ly)?|finally|lastly|the (?:second|third|other|remaining|latter)|another|other)\b", re.I)
# a sentence turning against the one before
_TURNS = re.compile(r"\s*(?:however|but|yet|nevertheless|nonetheless|in contrast|on the other hand)\b", re.I)


# "It is known that ...", "It has been shown to ...", "That is, ...": the pronoun points at nothing before
_EXPLETIVE = re.compile(r"\s*(?:it\s+(?:is|was|has|had|may|might|could|can|would|should|seems|appears|remains)\s+"
                        r"(?:\w+\s+){0,3}?(?:that|whether)\b|it\s+(?:is|was)\s+(?:\w+\s+)?(?:important|possible|impossible|"
                        r"likely|unlikely|necessary|difficult|easy|clear|unclear|known|worth|noteworthy|interesting)\s+to\b|"
                        r"that is\b|this (?:study|review|paper|article|work)\b)", re.I)


def refers_back(sentence: str) -> bool:
    """Whether ``sentence`` opens by pointing back to the one before it, which
    it goes on with (its subject or its reason is there).

    >>> refers_back("It is produced by the liver in response to inflammation."), refers_back("Itching is common.")
    (True, False)
    >>> refers_back("Hence, the dose was halved."), refers_back("The dose was halved.")
    (True, False)
    >>> refers_back("It has long been known that phage can form crystals."), refers_back("It is important to note this.")
    (False, False)
    >>> refers_back("Without such drift, the virus would disappear."), refers_back("In this study, we used mice.")
    (True, False)
    >>> refers_back("On the same day, the WHO declared an emergency."), refers_back("On 30 January, the WHO declared it.")
    (True, False)
    """
    if _POINTS_BACK.match(sentence):
        return not _OWN_WORK.match(sentence)
    return bool(_REFERS_BACK.match(sentence)) and not _EXPLETIVE.match(sentence)


def goes_on(sentence: str) -> bool:
    """Whether ``sentence`` goes on with the one before it: adds to it or takes
    an item of the list it announces ("... two clinical failures." / "The first
    trial was ...").

    >>> goes_on("Moreover, the vaccine was well tolerated."), goes_on("The remaining four studies test antivirals.")
    (True, True)
    >>> goes_on("Other risk factors include low birth weight."), goes_on("Otherwise healthy adults recover.")
    (True, False)
    >>> goes_on("The first trial was a gene therapy study."), goes_on("The firstborn child was spared.")
    (True, False)
    """
    return bool(_GOES_ON.match(sentence))
