"""Which figure of a sentence a claim's figure is about: the one that fills the
same role. In "The default weight value is 50, and the maximum is 100." the
figure said of "maximum" is 100; a claim about the maximum weight is compared
with 100, never with 50, the first figure of the sentence.

A figure's role is the qualifier words of its own clause ("maximum", "default",
"mean", "total", "initial"...): two figures with different qualifiers are
different quantities, so neither proves nor disproves the other. A claim figure
with no qualifier is compared only with unqualified figures, except to find its
own value stated ("the fare is 50" is stated by "the default fare is 50").

>>> text = "The default weight value is 50, and the maximum is 100."
>>> [(m.shown, sorted(qualifiers(text, m.start, m.end))) for m in extract(text).of("quantity")]
[('50', ['default']), ('100', ['maximum'])]
"""

from __future__ import annotations

import re

from qa.check.facts import Mention, extract

# words that say which value of a thing a figure is (its role), not what the thing is
QUALIFIERS = frozenset(
    "maximum maximal max minimum minimal min default average mean median total overall initial final peak baseline "
    "typical standard nominal cumulative annual daily monthly weekly".split())
# where a figure's clause ends: a comma, a semicolon or colon, brackets, or a joining word
BOUNDARY = re.compile(r"[;:,()\[\]]|\b(?:and|but|while|whereas|or|versus|vs)\b", re.I)


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause holding ``text[start:end]``: from the boundary before it to the one after.

    >>> t = "The default weight value is 50, and the maximum is 100."
    >>> s, e = clause(t, t.index("100"), t.index("100") + 3); t[s:e]
    ' the maximum is 100.'
    """
    lo = max((m.end() for m in BOUNDARY.finditer(text, 0, start)), default=0)
    after = BOUNDARY.search(text, end)
    return lo, after.start() if after else len(text)


def qualifiers(text: str, start: int, end: int) -> frozenset:
    """The qualifier words in the clause of the figure at ``text[start:end]``.

    >>> sorted(qualifiers("Mean age was 61 years (range 40 to 80).", 13, 15))
    ['mean']
    """
    lo, hi = clause(text, start, end)
    return frozenset(w for w in re.findall(r"[a-z]+", text[lo:hi].lower()) if w in QUALIFIERS)


def same_role(claim_text: str, q: Mention, evidence_text: str, e: Mention, same_value: bool) -> bool:
    """Whether evidence figure ``e`` can be compared with claim figure ``q``:
    their clauses name a common qualifier, or neither names one; a qualified
    figure also states an unqualified claim figure of the same value.

    >>> claim, ev = "The maximum weight of a glob is 80.", "The default weight value is 50, and the maximum is 100."
    >>> q, (e50, e100) = extract(claim).of("quantity")[0], extract(ev).of("quantity")
    >>> same_role(claim, q, ev, e50, False), same_role(claim, q, ev, e100, False)
    (False, True)
    """
    ours = qualifiers(claim_text, q.start, q.end)
    theirs = qualifiers(evidence_text, e.start, e.end)
    if ours:
        return bool(ours & theirs)
    return not theirs or same_value


def named_role(claim_text: str, q: Mention, evidence_text: str, e: Mention) -> bool:
    """Whether both figures' clauses name the same qualifier: "the maximum is 100" fills
    the role of "the maximum weight of a glob is 80", whatever other words they share.

    >>> claim, ev = "The maximum weight of a glob is 80.", "The default weight value is 50, and the maximum is 100."
    >>> named_role(claim, extract(claim).of("quantity")[0], ev, extract(ev).of("quantity")[1])
    True
    """
    return bool(qualifiers(claim_text, q.start, q.end) & qualifiers(evidence_text, e.start, e.end))
