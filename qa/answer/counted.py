"""What a figure counts: "How many K-9 teams does the RCMP have?" is not
answered by "increasing federal personnel by 350, alongside investments in
drones, towers, helicopters, and K-9 teams": the sentence names the teams and
holds a count, but the count is of personnel. A count answers "how many X"
when it stands near a word naming X.
"""

from __future__ import annotations

import re

from qa.store import lexical

NEAR = 8   # words between a count and a word naming what is counted, at most (a parenthesis not counted)
_WORD = re.compile(r"[\w'’-]+")
_ASIDE = re.compile(r"\([^()]*\)")
_NUMBER = re.compile(r"\d[\d,.]*|(?:single|both|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundred|thousand|million|billion|dozen)s?$", re.I)


def counts_near(focus_words, sentence: str, near: int = NEAR) -> bool:
    """Whether a number of ``sentence`` stands within ``near`` words of a word
    naming what is counted (``focus_words``, as ``qa.answer.focus`` gives them).

    >>> counts_near(("K-9", "teams"), "The RCMP has 12 K-9 teams at the border.")
    True
    >>> counts_near(("K-9", "teams"), "Canada increased federal personnel by 350, alongside investments in surveillance technology such as drones, towers, helicopters, and K-9 teams.")
    False
    >>> counts_near(("firearms",), "Between 2019 and 2023, 26,145 firearms were recovered in Canada.")
    True
    >>> counts_near(("RASs",), "RASs to NS5A inhibitors (L31M and L31V) were identified in 2 strains out of 25.")
    True
    >>> counts_near(("open", "reading", "frames"), "The genome holds a single open reading frame (ORF).")
    True
    """
    words = _WORD.findall(_ASIDE.sub(" ", sentence))
    if not words:
        return True
    stems = lexical.tokenize(words)
    wanted = {t for toks in lexical.tokenize([w for w in focus_words if not re.search(r"\d", w)] or list(focus_words))
              for t in toks}
    named = [i for i, toks in enumerate(stems) if wanted & set(toks)]
    numbers = [i for i, w in enumerate(words) if _NUMBER.fullmatch(w) and not re.fullmatch(r"(?:1[6-9]|20)\d\d", w)]
    return any(abs(i - j) <= near for i in numbers for j in named)
