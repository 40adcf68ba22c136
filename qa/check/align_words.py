"""How a claim's words, not its figures, fare against one piece of evidence:
its direction words ("fell" against "rose", "shortest" against "longest"),
said of the same things, and its parties ("the RCMP seized ..." against
another party that did the same deed). ``qa.check.align`` pairs the figures,
years and dates, then asks ``align_directions`` and ``align_parties`` here.

Both the figures and the words are tied to the evidence by the words around
them (``overlap``), stems compared so that "seizures" and "seized" count as one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.check import opposites, roles
from qa.check.facts import STOP, Facts, Mention
from qa.check.facts import _words as _fwords
from qa.check.polarity import _phrase
from qa.check.roles import COUNTRY_KEYS
from qa.store.lexical import _stemmer

if TYPE_CHECKING:
    from qa.check.align import Comparison

# scales that state the same direction in other words: "increased risk" is a "higher risk", "decreases" a "lower" one
KIN = {"change": "amount", "amount": "change"}
WIDE = 15   # words each side (twice before) in which the evidence says the same direction of the claim's things
LINKS = set("between since until through within among against across via".split())


def overlap(a: Mention, b: Mention, context: frozenset | None = None) -> int:
    """Words shared by two facts' surroundings (``a``'s, or ``context`` in its
    stead); "seizures" and "seized" count as one."""
    return _shared(a.context if context is None else context, b.context)


def _shared(a: frozenset, b: frozenset) -> int:
    """Stems of ``a`` in ``b``; "seizures" and "seized" count as one.

    >>> _shared(frozenset({"seizur", "cbsa", "drug"}), frozenset({"seiz", "cbsa", "gun"}))  # stems
    2
    """
    return sum(w in b or any(len(w) >= 4 and len(v) >= 4 and (w.startswith(v) or v.startswith(w)) for v in b) for w in a)


def _summary(evidence: Facts, e: Mention) -> str:
    """What the evidence says around a direction word: its figure and years ("53% increase, 2019 to 2023")."""
    near = [q for q in evidence.of("quantity") if 0 <= e.start - q.end <= 3 or 0 <= q.start - e.end <= 3]
    head = f"{near[0].shown} {e.shown}" if near else e.shown
    years = sorted({y for m in evidence.of("year") for y in m.key if abs(m.start - e.start) < 120})
    return head + (f", {years[0]} to {years[-1]}" if len(years) > 1 else f", {years[0]}" if years else "")



def _sides(text: str, start: int, end: int, width: int = 3) -> tuple[frozenset, frozenset]:
    """Stems of the meaningful words before (twice ``width``: a subject's head
    comes before its modifiers) and just after a word: what it is said of.

    >>> [sorted(s) for s in _sides("Bariatric surgery increases rates of colorectal cancer.", 18, 27)]
    [['bariatr', 'surgeri'], ['cancer', 'colorect', 'rate']]
    """
    words = _fwords(text)
    stems = [s if w not in STOP and w not in LINKS else "" for (_, w), s in zip(words, _stemmer().stemWords([w for _, w in words]))]
    before = [s for (p, _), s in zip(words, stems) if p < start and len(s) > 1][-2 * width:]
    after = [s for (p, _), s in zip(words, stems) if p >= end and len(s) > 1][:width]
    return frozenset(before), frozenset(after)


def _said_of_same(claim: Facts, d: Mention, evidence: Facts, e: Mention, width: int = 8) -> bool:
    """Whether an opposite word in the evidence is said of what the claim's is:
    two of the three words just after the claim's (its object: "increases *rates*
    of *cancer*" is not "weight *loss*"; one if that is all), or before it when
    nothing follows, are among the evidence word's surroundings."""
    before, after = _sides(claim.text, d.start, d.end)
    if not (before or after):
        return True
    theirs = e.context.union(*_sides(evidence.text, e.start, e.end, width=width))
    ours = after or before
    return _shared(ours, theirs) >= min(2, len(ours))


def align_directions(claim: Facts, evidence: Facts, out: Comparison, says: str) -> None:
    """Each direction word of the claim into ``out``: a difference when the evidence
    says the opposite of the same things, matched when it says the same."""
    directions = claim.of("direction")
    for d in directions:
        # a claim stating one direction says it of its whole subject ("drug seizures by CBP ... increased")
        around = frozenset().union(*(m.context for m in claim.mentions)) if len(directions) == 1 else d.context
        same_scale = [e for e in evidence.of("direction") if e.scale == d.scale or KIN.get(d.scale) == e.scale]
        ours = _sides(claim.text, d.start, d.end)
        # the evidence word said of the same things: its neighbours on each side, then its surroundings
        e = max(same_scale, default=None,
                key=lambda e: 2 * sum(_shared(a, b) for a, b in zip(ours, _sides(evidence.text, e.start, e.end)))
                + overlap(d, e, around) + 0.1 * (e.key == d.key))
        wide = e is not None and e.key == d.key and _shared(around, e.context.union(*_sides(evidence.text, e.start, e.end, width=WIDE)))
        if e is None or (overlap(d, e, around) < 1 and not wide if e.key == d.key else
                         overlap(d, e, around) < min(3, len(around)) and overlap(d, e) < min(2, len(d.context))):
            out.unmatched.append(d)   # an opposite word is a difference only when two words around it say of what
        elif not _said_of_same(claim, d, evidence, e, WIDE if e.key == d.key else 8) or e.key != d.key and any(
                o.key == d.key and _shared(ours[0] | ours[1], frozenset().union(*_sides(evidence.text, o.start, o.end)))
                for o in same_scale):
            out.unmatched.append(d)   # said of other things, or the evidence says both ("lower ... higher")
        elif e.key != d.key and e.scale != d.scale:
            out.unmatched.append(d)   # "lower" against "increased": kin scales state the same, never proof of the opposite
        elif e.key != d.key:
            negated = d.text != d.shown
            ours = d.text if negated else opposites.reads(opposites.find(d.shown)[0], d.key) if d.scale == "change" else d.shown
            theirs = opposites.reads(opposites.find(e.shown)[0], e.key) if d.scale == "change" and e.text == e.shown else e.text
            if d.scale == "change":
                out.differences.append(f"the claim says it {ours}; {says} it {theirs} ({_summary(evidence, e)})")
            else:
                out.differences.append(f"the claim says “{ours}”; {says} “{theirs}”: “{_phrase(evidence.text, e.start, 3, 6)}”")
        else:
            out.matched.append(d)


def _words_after(text: str, start: int, word: str, more: int = 2) -> str:
    """``text`` from ``start`` through ``word`` and ``more`` words after it."""
    m = re.search(rf"\b{re.escape(word)}\b((?:\W+[\w,.%$-]+){{0,{more}}})", text[start:])
    end = start + m.end() if m else min(len(text), start + 60)
    return text[start:end].strip(" ,;.")


def align_parties(claim: Facts, evidence: Facts, out: Comparison, says: str) -> None:
    """A party differs only when the evidence gives the claim party's deed to another party."""
    claim_keys = set().union(*(set(p.key) for p in claim.of("party"))) if claim.of("party") else set()
    ev_parties = evidence.of("party")
    for p in claim.of("party"):
        if any(set(p.key) & set(e.key) for e in ev_parties):
            out.matched.append(p)
            continue
        deed = roles.doer(claim.text, p.start, p.end)
        span = roles.who_did(evidence.text, deed, [(e.start, e.end) for e in ev_parties]) if deed else None
        if span is None:
            out.unmatched.append(p)
            continue
        inside = [e for e in ev_parties if span[0] <= e.start < span[1]]
        keys = set().union(*(set(e.key) for e in inside)) if inside else set()
        country = bool(set(p.key) & COUNTRY_KEYS)
        if keys and not keys & claim_keys and bool(keys & COUNTRY_KEYS) == country:
            ev_deed = next((w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", evidence.text[span[1]:])
                            if roles._stem(w) == roles._stem(deed)), deed)
            out.differences.append(f"the claim says {_words_after(claim.text, p.start, deed)}; "
                                   f"{says} {_words_after(evidence.text, span[0], ev_deed)}")
        else:
            out.unmatched.append(p)

