"""Polarity: what a sentence denies ("did not seize", "no firearms", "never",
"failed to", "without", "no longer", "not associated with"), so that a denied
claim against an affirming sentence is told apart from one against a denying one.

A negation applies to the words after it in its clause (its scope); its head is
the first word there that carries meaning ("did not *significantly* increase"
-> "increase"). Two sentences disagree in polarity when one denies a head the
other states without denial:

>>> [(n.cue, n.head) for n in negations("The CBSA did not seize any firearms in 2023.")]
[('did not', 'seize')]
>>> disagreement("The CBSA did not seize any firearms.", "The CBSA seized 4,234 firearms.")
('did not seize any firearms', 'The CBSA seized 4,234 firearms')
>>> disagreement("X was not associated with Y.", "X was not associated with Y in adults.") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from qa.store.lexical import _stemmer

CUE = re.compile(
    r"\b(?:(?:do|does|did|is|are|was|were|has|have|had|will|would|could|can|may|might|should|must)\s*n[o']t"
    r"|not|no longer|no|never|none of|none|neither|nor|without|cannot|unable to|fail(?:s|ed|ing)? to|lack(?:s|ed|ing)?(?: of)?"
    r"|absence of|free of)\b", re.I)
NOT_NEGATION = re.compile(r"\s*(?:only|just|merely|necessarily|least|less|more|unlike|doubt|matter|sooner|exception)\b", re.I)
SKIP = set("a an the any be been being is are was were have has had do does did to of at all significantly statistically "
           "substantially markedly clearly directly further also yet ever always more much very such single in on for with by from "
        "between and or this that these those it its their his her our them they he she we there as into".split())
CLAUSE_END = re.compile(r"[;:,.!?()]|\b(?:but|while|whereas|although|though|which|however)\b", re.I)
SCOPE_WORDS = 2
NOUN_CUE = re.compile(r"no|none of|neither|nor|lack(?:s|ed|ing)?(?: of)?|absence of|free of", re.I)


class Negation(NamedTuple):
    cue: str
    start: int        # of the cue
    end: int          # of the scope
    head: str         # first meaningful word in scope, as written
    scope: tuple      # stems of the scope's meaningful words, head first


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def _scope_words(text: str, start: int) -> tuple[list[tuple[str, int, int]], int, int]:
    stop = CLAUSE_END.search(text, start)
    end = stop.start() if stop else len(text)
    words = [(m.group(), start + m.start(), start + m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z'-]*", text[start:end])
             if m.group().lower() not in SKIP][:SCOPE_WORDS]
    return words, start, end


def negations(text: str) -> list[Negation]:
    """The denials of ``text``, each with the words it applies to."""
    out = []
    for m in CUE.finditer(text):
        if NOT_NEGATION.match(text, m.end()) or re.match(r"\s*\.\s*\d", text[m.end():]):  # "not only", "No. 5"
            continue
        words, base, end = _scope_words(text, m.end())
        if words:
            out.append(Negation(m.group(), m.start(), words[-1][2], words[0][0],
                                tuple(_stem(w) for w, _, _ in words)))
    return out


def _occurrences(text: str, stem: str) -> list[int]:
    return [m.start() for m in re.finditer(r"[A-Za-z][A-Za-z'-]*", text) if _stem(m.group()) == stem]


def _near(text: str, start: int, end: int, width: int = 4) -> set:
    """Stems of the meaningful words from ``width`` words before ``start`` to ``width`` after ``end``:
    what a denial or a statement is about."""
    words = [(m.start(), m.group()) for m in re.finditer(r"[A-Za-z][A-Za-z'-]*", text)]
    before = [w for at, w in words if at < start and w.lower() not in SKIP and not CUE.fullmatch(w)][-width:]
    after = [w for at, w in words if at >= end and w.lower() not in SKIP][:width]
    inside = [w for at, w in words if start <= at < end and w.lower() not in SKIP and not CUE.fullmatch(w)]
    return {_stem(w) for w in before + inside + after if len(w) > 2}


def _denied(negs: list[Negation], at: int) -> bool:
    return any(n.start <= at < n.end for n in negs)


def _phrase(text: str, at: int, before: int = 1, after: int = 3) -> str:
    """A few words around position ``at``, within its clause, as written."""
    words = [m for m in re.finditer(r"\S+", text)]
    i = next((k for k, m in enumerate(words) if m.start() <= at < m.end() or m.start() > at), len(words) - 1)
    lo, hi = max(0, i - before), min(len(words), i + after + 1)
    for k in range(i - 1, lo - 1, -1):  # do not reach back over the end of a clause
        if words[k].group()[-1] in ",;:":
            lo = k + 1
            break
    for k in range(i, hi):
        if words[k].group()[-1] in ",;:.":
            hi = k + 1
            break
    phrase = " ".join(m.group() for m in words[lo:hi]).strip(" ,;:.")
    if ")" in phrase and "(" not in phrase.split(")")[0]:
        phrase = phrase.split(")", 1)[1]   # not half a bracket: "CBSA) seized"
    return phrase.strip(" ,;:.()")


def disagreement(claim: str, evidence: str, nouns: bool = True) -> tuple[str, str] | None:
    """(the claim's words, the evidence's words) when one denies what the other
    states of the same head word; None when they agree or share no denied word.
    A text that both denies and states the word is read where it says it of the
    same things as the other text. ``nouns=False`` leaves out denials of a thing
    ("no X", "lacking X", "absence of X"), whose sense depends on more than the words.

    >>> disagreement("X is not associated with cancer risk.",
    ...              "There was no association with 8 other cancers; X use was associated with cancer risk.")
    ('is not associated with cancer', 'X use was associated with cancer')
    >>> disagreement("X use is associated with cancer risk.",
    ...              "There was no association with 8 other cancers; X use was associated with cancer risk.") is None
    True
    """
    for a, b in ((claim, evidence), (evidence, claim)):
        a_negs, b_negs = negations(a), negations(b)
        for n in a_negs:
            if not nouns and NOUN_CUE.fullmatch(n.cue):
                continue
            near = _near(a, n.start, n.end)
            shared = {at: len(near & _near(b, at, at + 1)) for at in _occurrences(b, n.scope[0])}
            top = max(shared.values(), default=0)
            seen = [at for at, k in shared.items() if k == top and k >= 2]   # where the other text says it of the same things
            if not seen or any(_denied(b_negs, at) for at in seen):
                continue
            theirs = _near(b, seen[0], seen[0] + 1)
            if any(not _denied(a_negs, at) and len(theirs & _near(a, at, at + 1)) >= top for at in _occurrences(a, n.scope[0])):
                continue   # ``a`` also states it undenied, of the same things
            phrase_a = a[n.start:n.end].strip(" ,;")
            phrase_b = re.sub(r"^(?:while|whereas|and|but)\s+", "", _phrase(b, seen[0], 6, 2))
            return (phrase_a, phrase_b) if a is claim else (phrase_b, phrase_a)
    return None


def denies(text: str) -> bool:
    """Whether ``text`` denies anything.

    >>> denies("Smuggling no longer happens."), denies("Not only drugs but firearms."), denies("It rose.")
    (True, False, False)
    """
    return bool(negations(text))


NEG_PREFIX = re.compile(r"(?:non-?|un|in|im|ir|il|dis|de)(?=[a-z]{5})")


def _components(text: str) -> list[tuple[str, int]]:
    """Lower-cased words, hyphenated ones whole ("UCP1-independent"), with offsets."""
    return [(m.group().lower(), m.start()) for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9'-]*[A-Za-z0-9]", text)]


def negated_word(a: str, b: str) -> bool:
    """Whether one word is the other with a negating prefix: "deactivates" /
    "activates", "UCP1-independent" / "UCP1-dependent", "unrelated" / "related".

    >>> negated_word("deactivates", "activates"), negated_word("deactivates", "activating"), negated_word("ucp1-independent", "ucp1-dependent")
    (True, True, True)
    >>> negated_word("disease", "ease")
    False
    """
    head_a, _, tail_a = a.rpartition("-")
    head_b, _, tail_b = b.rpartition("-")
    return head_a == head_b and (_prefixed(tail_a, tail_b) or _prefixed(_stem(tail_a), _stem(tail_b), 5))


def _prefixed(a: str, b: str, least: int = 6) -> bool:
    for x, y in ((a, b), (b, a)):
        m = NEG_PREFIX.match(x)
        if m and x[m.end():] == y and len(y) >= least:
            return True
    return False


def word_opposite(claim: str, evidence: str) -> tuple[str, str] | None:
    """(the claim's word, the evidence's words) when a word of one is the other's
    word with a negating prefix, said of the same things (two meaningful words
    around it shared), and the text with the prefixed word does not also hold the bare one.

    >>> word_opposite("DUSP4 downregulation deactivates the Ras-ERK pathway",
    ...               "Thus, DUSP4 downregulation activates the Ras-ERK pathway in BLBC.")
    ('deactivates', 'DUSP4 downregulation activates the Ras-ERK pathway')
    >>> word_opposite("Ca2+ cycling is a UCP1-dependent thermogenic mechanism.",
    ...               "UCP1-independent signaling involving calcium cycling regulates beige fat thermogenesis")
    ('UCP1-dependent', 'UCP1-independent signaling involving calcium')
    """
    ours, theirs = _components(claim), _components(evidence)
    our_words, their_words = {w for w, _ in ours}, {w for w, _ in theirs}
    for w, at in ours:
        for v, bt in theirs:
            if w == v or not negated_word(w, v) or v in our_words or w in their_words:
                continue
            if len(_near(claim, at, at + len(w)) & _near(evidence, bt, bt + len(v))) >= 2:
                word = re.match(r"[A-Za-z0-9][A-Za-z0-9'-]*", claim[claim.rfind(" ", 0, at) + 1:]).group()
                return word, _phrase(evidence, bt, 2, 3)
    return None


def agrees(claim: str, evidence: str) -> bool:
    """Whether nothing the claim denies is stated undenied in the evidence, and
    nothing the evidence denies is in the claim undenied: a supporting sentence
    has the claim's polarity.

    >>> agrees("ART has no effect on infectiveness.", "We examined the effect of ART on infectiveness.")
    False
    >>> agrees("X was not associated with Y.", "X was not associated with Y in adults."), agrees("X rose.", "X rose.")
    (True, True)
    """
    if disagreement(claim, evidence):
        return False
    a_negs, b_negs = negations(claim), negations(evidence)
    a_scopes = {s for n in a_negs for s in n.scope}
    b_scopes = {s for n in b_negs for s in n.scope}
    claim_stems = {_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'-]*", claim)}
    if any(not (set(n.scope) & b_scopes) for n in a_negs):
        return False
    if any(set(n.scope) & claim_stems - a_scopes for n in b_negs):
        return False
    ours, theirs = {w for w, _ in _components(claim)}, {w for w, _ in _components(evidence)}
    return not any(negated_word(w, v) for w in ours - theirs for v in theirs - ours)
