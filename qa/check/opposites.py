"""Opposite words: rise/fall, longest/shortest, before/after, inbound/outbound,
promotes/inhibits... as (scale, sign) pairs, so that two sentences saying the
opposite thing of the same subject can be told apart.

A curated list, not WordNet: no maintained WordNet on PyPI ships its data for
offline use (``wn`` downloads its lexicons at run time; ``wordnet-lookup``
bundles words without antonym relations), and WordNet's antonyms are between
word senses ("fall" the season) where a fact-checker needs the few scales on
which claims differ. Each scale lists its two poles as whole words with their
inflections; nothing matches inside another word ("Upon" is not "up").

>>> [(o.word, o.scale, o.sign) for o in find("Seizures rose, then fell; the longest border.")]
[('rose', 'change', 1), ('fell', 'change', -1), ('longest', 'length', 1)]
>>> opposed(find("rose")[0], find("declined")[0]), opposed(find("rose")[0], find("longest")[0])
(True, False)
>>> find("Upon arrival, the upper house")
[]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# scale: (words at the + pole, words at the - pole, how the + and - poles read in an explanation)
SCALES: dict[str, tuple[str, str, tuple[str, str]]] = {
    "change": (r"increas(?:e|es|ed|ing)|ris(?:e|es|en|ing)|rose|gr[eo]w(?:s|n|ing)?|growth|climb(?:s|ed|ing)?"
               r"|doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|surg(?:e|es|ed|ing)|soar(?:s|ed|ing)?|jump(?:s|ed|ing)?"
               r"|expand(?:s|ed|ing)?|expansion|boost(?:s|ed|ing)?|elevat(?:e|es|ed|ing|ion)|gain(?:s|ed|ing)?"
               r"|up-?regulat(?:e|es|ed|ing|ion)|upward|heighten(?:s|ed|ing)?|amplif(?:y|ies|ied|ying|ication)"
               r"|accelerat(?:e|es|ed|ing|ion)|augment(?:s|ed|ing|ation)?",
               r"decreas(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|f[ae]ll(?:s|en|ing)?|drop(?:s|ped|ping)?|reduc(?:e|es|ed|ing|tion|tions)"
               r"|cut(?:s|ting)?|shr[aiu]nk(?:s|ing)?|plummet(?:s|ed|ing)?|diminish(?:es|ed|ing)?|halv(?:e|es|ed|ing)"
               r"|down-?regulat(?:e|es|ed|ing|ion)|downward|lessen(?:s|ed|ing)?|attenuat(?:e|es|ed|ing|ion)"
               r"|decelerat(?:e|es|ed|ing|ion)|loss|lost|los(?:e|es|ing)|contract(?:s|ed|ing)?",
               ("rose", "fell")),
    "amount": (r"more|higher|greater|larger|bigger|high|large|big|increased|elevated|most|highest|greatest|largest|maxim(?:um|al)|majority",
               r"less|lower|fewer|smaller|low|small|reduced|decreased|least|lowest|fewest|smallest|minim(?:um|al)|minority",
               ("more", "less")),
    "length": (r"long|longer|longest|lengthen(?:s|ed|ing)?|prolong(?:s|ed|ing)?",
               r"short|shorter|shortest|shorten(?:s|ed|ing)?", ("longer", "shorter")),
    "time": (r"before|earlier|earliest|prior|precede[sd]?|preceding", r"after|later|latest|subsequent(?:ly)?", ("before", "after")),
    "flow": (r"inbound|incoming|northbound|imports?|imported|entr(?:y|ies)|entering",
             r"outbound|outgoing|southbound|exports?|exported|exits?|exiting", ("inbound", "outbound")),
    "effect": (r"promot(?:e|es|ed|ing)|encourag(?:e|es|ed|ing)|foster(?:s|ed|ing)?|activat(?:e|es|ed|ing|ion)|induc(?:e|es|ed|ing|tion)|stimulat(?:e|es|ed|ing|ion)"
               r"|enhanc(?:e|es|ed|ing|ement)|potentiat(?:e|es|ed|ing)|facilitat(?:e|es|ed|ing)|enable[sd]?|enabling",
               r"inhibit(?:s|ed|ing|ion)?|suppress(?:es|ed|ing|ion)?|block(?:s|ed|ing)?|impair(?:s|ed|ing|ment)?"
               r"|prevent(?:s|ed|ing)?|repress(?:es|ed|ing|ion)?|hinder(?:s|ed|ing)?|hamper(?:s|ed|ing)?|abolish(?:es|ed)?",
               ("promotes", "inhibits")),
    "speed": (r"fast|faster|fastest|quick(?:ly|er)?|rapid(?:ly)?|swift(?:ly)?|agile|expedit(?:e|es|ed|ing|ious|iously)",
              r"slow|slower|slowest|slowly|slowed|delayed", ("fast", "slow")),
    "outcome": (r"success(?:ful|fully)?|succeed(?:s|ed)?|effective|efficient|beneficial|benefits?|improv(?:e|es|ed|ing|ement)"
                r"|better|safe|safer|protective|protects?|protected",
                r"fail(?:s|ed|ure|ing)?|ineffective|inefficient|harmful|harms?|worsen(?:s|ed|ing)?|wors[et]|unsafe|detrimental"
                r"|deteriorat(?:e|es|ed|ing|ion)|damag(?:e|es|ed|ing)", ("better", "worse")),
    "association": (r"positive(?:ly)?", r"negative(?:ly)?|invers(?:e|ely)", ("positively", "negatively")),
    "presence": (r"present|presence", r"absent|absence", ("present", "absent")),
    "permission": (r"allow(?:s|ed|ing)?|permit(?:s|ted)?|legal|approv(?:e|es|ed|al)|accept(?:s|ed)?|mandatory|required",
                   r"prohibit(?:s|ed|ing)?|ban(?:s|ned)?|forb[ia]d(?:s|den)?|illegal|reject(?:s|ed|ion)?|voluntary|optional",
                   ("allowed", "prohibited")),
    "frequency": (r"common|frequent(?:ly)?|widespread|abundan(?:t|ce)|plentiful", r"rare(?:ly)?|infrequent(?:ly)?|seldom|uncommon|scarc(?:e|ity)",
                  ("common", "rare")),
    "strength": (r"strong(?:er|est|ly)?|strengthen(?:s|ed|ing)?|robust", r"weak(?:er|est|ly)?|weaken(?:s|ed|ing)?|modest",
                 ("stronger", "weaker")),
    "susceptibility": (r"sensitiv(?:e|ity)|susceptib(?:le|ility)|vulnerab(?:le|ility)", r"resistan(?:t|ce)|immun(?:e|ity)|tolerant",
                       ("sensitive", "resistant")),
    "similarity": (r"same|similar(?:ly)?|identical|consistent|agree(?:s|d)?", r"different|differ(?:s|ed)?|distinct|inconsistent|disagree(?:s|d)?",
                   ("the same", "different")),
}
# words on two scales ("increased" as change and amount) are read on the first that lists them
COMPARATIVE = {"amount", "length", "speed", "strength"}


class Opposite(NamedTuple):
    word: str
    start: int
    end: int
    scale: str
    sign: int


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    alts = [f"(?P<{scale}_{n}>{words})" for scale, (pos, neg, _) in SCALES.items() for n, words in (("p", pos), ("n", neg))]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I)


# a scale's word inside a name or an idiom, where it states no direction: "growth factor", "gives rise to",
# "immune cells" (but "immune to" is the resistant pole)
NOT_A_DIRECTION = re.compile(r"growth\s+factors?\b|immun(?:e|ity)\b(?!\s+(?:to|against)\b)", re.I)
GIVEN = re.compile(r"\b(?:give|gives|gave|given|giving)\s+$", re.I)   # "gives" before "rise"


def find(text: str) -> list[Opposite]:
    """Every word of ``text`` that sits on a scale, in order; not one in a name or idiom.

    >>> [o.word for o in find("Fibroblast growth factor 21 gives rise to immune cells immune to the virus.")]
    ['immune']
    """
    out = []
    for m in _pattern().finditer(text):
        if NOT_A_DIRECTION.match(text, m.start()) or m.group().lower() == "rise" and GIVEN.search(text[max(0, m.start() - 8):m.start()]):
            continue
        scale, pole = m.lastgroup.rsplit("_", 1)
        out.append(Opposite(m.group(), m.start(), m.end(), scale, 1 if pole == "p" else -1))
    return out


def opposed(a: Opposite, b: Opposite) -> bool:
    """Whether two words sit at opposite poles of one scale."""
    return a.scale == b.scale and a.sign != b.sign


def reads(o: Opposite, sign: int | None = None) -> str:
    """How a pole reads in an explanation: "rose"/"fell" for a change, else the word itself.

    >>> reads(find("a 53% increase")[0]), reads(find("shortest")[0])
    ('rose', 'shortest')
    """
    sign = o.sign if sign is None else sign
    words = SCALES[o.scale][2]
    return (words[0] if sign > 0 else words[1]) if o.scale == "change" else o.word.lower()
