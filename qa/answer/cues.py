"""The wording an answer takes, read from the question's own form.

The sentence most like a question is often the one that *talks about* what
it asks, not the one that answers it. Some questions say how their answer is
worded, and a sentence worded so is the answer a reader looks for:

* a quality asked of a thing ("Is hepcidin toxic?"): a sentence saying it
  ("... regarded as a potentially toxic element");
* a condition ("If all three are met, what ...?"): a sentence saying what follows
  one ("If a microbe has fulfilled these three postulates ...");
* the n-th item of a list, examples (``qa.answer.item_cues``);
* a choice ("Is rotavirus single or double-stranded?"): a sentence naming
  one of the alternatives ("... a double-stranded RNA genome");
* a definition ("What is EGR1?"): a sentence saying what it is
  ("EGR1 is a transcription factor ...");
* an agent ("What activates the UPR pathway?"): the question's verb followed
  by "by" ("... activated by ER stress");
* a reason ("Why ...?", "What caused ...?"): a sentence giving one ("... due to ...", "because",
  "attributed to");
* what a thing does, what is done, what was found: ``qa.answer.verb_cues``;
* a count of something named ("How many children ...?"): a figure counting it
  ("400,000 children"); a measure ("What is the increase in the risk ...?"): a figure;
* the studies done ("What trials have been done to ...?"): a sentence reporting
  one ("Lee et al. (2002) engineered ...");
* what a thing does ("What is the function of MALAT1?"): a sentence opening with
  it (or "it", "they") and saying what it is or does;
* a kind of thing, the most or main one, an attribute ("What kind of
  antibodies ...?", "What were the most common viruses ...?", "What was the
  reservoir for X?"): ``qa.answer.thing_cues``;
* a thing named ("Germany"): a sentence naming it.

``cue(question)`` gives the test a sentence must pass, or None.
"""

from __future__ import annotations

import re
from typing import Callable

from qa.answer import evidence, item_cues, thing_cues, verb_cues
from qa.store import lexical

_CHOICE = re.compile(r"\b([\w-]+)\s+or\s+([\w-]+)\s*[?.]?\s*$", re.I)
_YES_NO = re.compile(r"^\W*(?:is|are|was|were|do|does|did|can|could|has|have|had|should|will|would)\b", re.I)
_DEFINE = re.compile(r"^\W*what\s+(?:is|are)\s+(?:an?\s+|the\s+)?([\w'’-]+(?:\s+[\w'’-]+){0,3})\s*\??\s*$", re.I)
# "what is the function of X?": a sentence saying what X is or does
_ROLE = re.compile(r"^\W*what\s+(?:is|are|was|were)\s+the\s+(?:main\s+|key\s+|biological\s+)?(?:functions?|roles?|purposes?)\s+"
                   r"of\s+(?:an?\s+|the\s+)?([\w'’-]+(?:\s+[\w'’-]+){0,2}?)\s*(?:in\b.*)?\?\s*$", re.I)
_DOES = (r"(?:also\s+)?(?:plays?|played|acts?|acted|functions?|serves?|regulates?|regulated|mediates?|controls?|"
         r"is\s+(?:involved|required|essential|responsible|needed)|are\s+(?:involved|required|essential|responsible))\b")
# "what activates X?", "what could trigger X?": the verb, then what it acts on
# (a word followed by "are", "is", ... is the thing asked about, not a verb: "what cells are the main target?")
_AGENT = re.compile(rf"^\W*what\s+(?:(?:could|can|may|might|would|will|does|do|did)\s+)?([a-z]+)\s+(?!{thing_cues.AUX}\b)\w", re.I)
_NOT_AGENT = set("""is are was were be been has have had do does did kind kinds type types sort role roles part
percentage proportion number amount rate share factors factor are makes made happens happened""".split())
_REASON = re.compile(r"\b(?:because|due to|owing to|as a result of|results? from|resulted from|caused by|attributed to|"
                     r"explained by|the reasons?|reasons? (?:for|why|is|are)|since the|since it|thanks to)\b", re.I)
_TIMES = set("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday""".split())
# "what is the increase in the risk of ...", "what was the mortality rate ...": a figure, though no "how many" says so
_MEASURE = re.compile(r"^\W*what\s+(?:is|was|are|were)\s+the\s+(?:[\w-]+\s+){0,2}?(?:increase|decrease|reduction|rise|"
                      r"risk|rate|incidence|prevalence|proportion|percentage|ratio|odds|efficacy|sensitivity|"
                      r"specificity|size|duration|period|time|titer|titre|dose|concentration|level|range|number|amount|total|count)s?\b", re.I)
# "how frequently do outbreaks peak?" asks for a figure as "how often" does ("every 2 to 4 years")
_HOW_FREQUENTLY = re.compile(r"\bhow\s+(?:frequently|regularly|soon)\b", re.I)
# "what trials have been done to ...?", "which studies showed ...?": a sentence reporting one ("Lee et al. (2002) ...")
_STUDIES = re.compile(r"^\W*(?:what|which)\s+(?:\w+\s+)?(?:trials|studies|experiments|investigations)\s+(?:have|has|had|were|was)\b", re.I)
_CITES_STUDY = re.compile(r"\bet al\.?,?\s*[(\[]?\d{4}|\b(?:we|they|authors?)\s+(?:found|showed|demonstrated|reported|tested|"
                          r"conducted|performed|engineered)\b", re.I)
# "what caused the increase ...?", "what may be a likely cause of ...?": a reason given ("... was attributed to ...")
_CAUSE = re.compile(r"^\W*what\s+(?:(?:may|might|could|can|would|will)\s+(?:have\s+)?)?(?:caused|causes|cause|led to|leads to|"
                    r"lead to|drives|drove|explains?|explained)\b|^\W*what\s+(?:\w+\s+){1,3}?(?:an?|the)\s+(?:\w+\s+)?"
                    r"(?:causes?|reasons?|explanations?)\s+(?:of|for)\b", re.I)
_CAUSED = re.compile(r"\b(?:caused by|causes? of|responsible for|leads? to|led to|accounts? for|explains?)\b", re.I)
# "Is hepcidin toxic?", "Is Koch's postulate applicable to enteric viruses?": the quality asked of the subject
_PREDICATE = re.compile(r"^\W*(?:is|are|was|were)\s+(?:[\w'’-]+\s+){1,4}?([a-z]+(?:able|ible|ic|ive|ous|ful|ant|ent|ary|less|ile))"
                        r"(?:\s+(?:to|for|in|of|with|by|at|than|from|against|on)\b[^?]*)?\s*\?\s*$", re.I)
_IF = re.compile(r"^\W*(?:if|provided|assuming)\b[^?]*,\s*(?:what|which|how|who|when|where|is|are|does|do|can|will|would)\b", re.I)
_IF_SAID = re.compile(r"\b(?:if|provided that|unless|once)\b", re.I)
_WHY = re.compile(r"^\W*(?:and\s+)?why\b", re.I)



def cue(question: str) -> Callable[[str], bool] | None:
    """The test a sentence worded as the answer passes, or None when the
    question does not say.

    >>> cue("Is rotavirus single or double-stranded?")("They have a double-stranded RNA genome.")
    True
    >>> cue("Is rotavirus single or double-stranded?")("Rotavirus A infects humans and birds.")
    False
    >>> is_it = cue("What is EGR1?")
    >>> is_it("EGR1 is a transcription factor induced by stress."), is_it("EGR1 is upregulated in infected cells.")
    (True, False)
    >>> cue("What activates the UPR pathway in the cell?")("It is a response activated by ER stress.")
    True
    >>> cue("Why might we underestimate the spread?")("These numbers are likely underestimates due to the lack of data.")
    True
    >>> counts = cue("How many children were infected by HIV-1 in 2009?")
    >>> counts("More than 400,000 children were infected."), counts("It kills one in five under the age of five.")
    (True, False)
    >>> cue("What is the status of the nine trials?") is None
    True
    >>> cue("What cells are the main target of the virus?")("Alveolar type II cells are infected first.")   # not a verb
    True
    """
    choice = _CHOICE.search(question)
    if choice and _YES_NO.search(question):
        return _names_one(*choice.groups())
    predicate = _PREDICATE.search(question)
    if predicate and predicate.group(1).lower() not in lexical.QUESTION_WORDS and not predicate.group(1).lower().endswith("ment"):   # "Is hepcidin toxic?": "... potentially toxic"
        said = re.compile(rf"\b{re.escape(predicate.group(1)[:max(4, len(predicate.group(1)) - 2)])}\w*", re.I)
        return lambda sentence: bool(said.search(sentence))
    if _IF.search(question):   # "If all three postulates are met, what does this indicate?": the sentence saying what follows
        return lambda sentence: bool(_IF_SAID.search(sentence))
    items = item_cues.cue(question)
    if items is not None:
        return items
    define = _DEFINE.search(question)
    if define and len(define.group(1)) > 1 and not re.search(r"\b(?:of|for|in|on|to|by)\b", define.group(1), re.I):
        return _defines(define.group(1))
    role = _ROLE.search(question)
    if role:
        return _defines(role.group(1), _DOES)
    if _STUDIES.search(question):
        return lambda sentence: bool(_CITES_STUDY.search(sentence))
    verb = verb_cues.cue(question)
    if verb is not None:
        return verb
    if _CAUSE.search(question):
        return lambda sentence: bool(_REASON.search(sentence) or _CAUSED.search(sentence))
    agent = _AGENT.search(question)
    if agent and agent.group(1).lower() not in _NOT_AGENT | lexical.QUESTION_WORDS:
        return _acted_by(agent.group(1))
    if _WHY.search(question):
        return lambda sentence: bool(_REASON.search(sentence))
    w = evidence.wants(question)
    if w.kind == "count" and w.focus:
        return _counting(w.focus)
    if w.kind is None and (_MEASURE.search(question) or _HOW_FREQUENTLY.search(question)):
        number = evidence.Wants("number", w.years, w.figures, ())
        return lambda sentence: evidence.holds_kind(number, sentence)
    thing = thing_cues.cue(question)
    if thing is not None:
        return thing
    named = [n for n in w.names if n.split()[0].lower() not in _TIMES]
    if named:
        return _naming(named)
    return None


def yes_no(question: str) -> bool:
    """Whether ``question`` asks yes or no.

    >>> yes_no("Has rupintrivir been shown to reduce symptoms?"), yes_no("What has rupintrivir been shown to do?")
    (True, False)
    """
    return bool(_YES_NO.search(question))


def _naming(names) -> Callable[[str], bool]:
    folded = [lexical.normalize(n) for n in names]
    return lambda sentence: all(n in lexical.normalize(sentence) for n in folded)


def _names_one(a: str, b: str) -> Callable[[str], bool]:
    """A sentence naming either alternative ("single" takes "-stranded" from
    "double-stranded": "single-stranded").

    >>> _names_one("single", "double-stranded")("A single-stranded genome.")
    True
    """
    words = {a.lower(), b.lower()}
    for x, y in ((a, b), (b, a)):
        if "-" in y and "-" not in x:
            words.add(f"{x}-{y.split('-', 1)[1]}".lower())
    # a compound ("double-stranded") is the alternative itself; a bare word ("single") only when none is
    words = {w for w in words if "-" in w} or {w for w in words if w not in lexical.QUESTION_WORDS}
    if not words:
        return lambda sentence: False
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(words))) + r")(?![\w-])", re.I)
    return lambda sentence: bool(pattern.search(sentence))


def _defines(thing: str, does: str = "") -> Callable[[str], bool]:
    """A sentence opening with ``thing`` and saying what it is ("X is a ...",
    "X, also known as Y, is an ...") or, with ``does``, what it does.

    >>> _defines("EGR1")("EGR1, also known as Zif268, is a zinc finger protein.")
    True
    >>> _defines("MALAT1", _DOES)("MALAT1 regulates the cell cycle."), _defines("MALAT1", _DOES)("MALAT1 has been studied.")
    (True, False)
    >>> _defines("statins", _DOES)("They act to stabilize the innate immune response."), _defines("statins")("It is a drug.")
    (True, False)
    >>> _defines("dendritic cells")("DCs are the most important antigen-presenting cells.")
    True
    """
    what = r"(?:is|are|was|were|refers to|represents)\s+(?:an?|the|one of)\b" + (f"|{does}" if does else "")
    words = thing.split()
    # a thing of two words or more may go by its initials ("dendritic cells" as "DCs")
    names = re.escape(thing) + (f"|{''.join(w[0] for w in words)}" if len(words) > 1 and all(w.isalpha() for w in words) else "")
    pattern = re.compile(rf"^\W*(?:the\s+)?(?:{names})s?(?:\s*\([^)]*\))?(?:\s*,[^,]{{0,80}},)?\s+(?:{what})",
                         re.I)
    if not does:
        return lambda sentence: bool(pattern.search(sentence))
    # what it does may be said of "it" or "they" once the sentence before has named it ("They act to stabilize ...")
    pronoun = re.compile(rf"^\W*(?:it|they)\s+(?:{does})", re.I)
    return lambda sentence: bool(pattern.search(sentence) or pronoun.search(sentence))


def _acted_by(verb: str) -> Callable[[str], bool]:
    """A sentence with ``verb`` in the passive, then its agent ("triggered by").

    >>> _acted_by("trigger")("It could be triggered by a viral infection.")
    True
    """
    stem = lexical.tokenize([verb])[0]
    stem = stem[0] if stem else verb.lower()
    pattern = re.compile(rf"\b{re.escape(stem)}\w*\s+(?:\w+\s+)?by\b", re.I)
    return lambda sentence: bool(pattern.search(sentence))


def _counting(focus: tuple) -> Callable[[str], bool]:
    """A sentence with a figure counting the thing asked about ("400,000 children").

    >>> _counting(("children",))("About 400,000 young children were infected.")
    True
    """
    stems = {t for toks in lexical.tokenize(list(focus)) for t in toks}
    figure = re.compile(r"(?<![\w.])\d[\d,.]*\s+((?:[\w-]+\s+){0,2}[\w-]+)")

    def counts(sentence: str) -> bool:
        for m in figure.finditer(sentence):
            if set(lexical.tokenize([m.group(1)])[0]) & stems:
                return True
        return False
    return counts

