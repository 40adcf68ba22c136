"""A name and its initials: "CBP" is "Customs and Border Protection", "United
States" is "U.S.". A question may name a body one way and the document the
other; either way the sentence names it. And a name's siblings: "SHA224" is
not "SHA-256", though it is written alike.
"""

from __future__ import annotations

import re
import unicodedata

from qa.store import lexical

_SMALL = {"of", "and", "for", "the", "on", "in", "&"}
_STROKES = {"Ø": "O", "Æ": "A", "Œ": "O", "Ł": "L", "Đ": "D", "Þ": "T"}
_UP = "A-ZÀ-ÖØ-Þ"   # capitals, Latin-1's too ("Øresund Harbour Forum" is "OHF")
_CAPS = re.compile(rf"[{_UP}][\w'’-]*(?:\s+(?:(?:of|and|for|the|on|in|&)\s+)*[{_UP}][\w'’-]*)*")


def _plain(letter: str) -> str:
    """A capital without its accent or stroke: "Å" -> "A", "Ø" -> "O"."""
    return _STROKES.get(letter) or unicodedata.normalize("NFKD", letter)[0]


def abbreviated(name: str, text: str) -> bool:
    """Whether ``text`` names ``name`` by its initials, or spells out the
    initials ``name`` is: "CBP" is "Customs and Border Protection", "United
    States" is "U.S.".

    >>> abbreviated("CBP", "U.S. Customs and Border Protection seized it."), abbreviated("United States", "the U.S. border")
    (True, True)
    >>> abbreviated("CBP", "Canada Border Services"), abbreviated("United States", "Help us.")
    (False, False)
    >>> abbreviated("CBCF", "Who chairs the Cross-Border Crime Forum?"), abbreviated("OHF", "the Øresund Harbour Forum")
    (True, True)
    """
    letters = name.replace(".", "")
    if re.fullmatch(r"[A-Z]{2,6}", letters):   # an acronym: spelled out in the text ("Cross-Border" gives "CB" too)?
        for m in _CAPS.finditer(text):
            words = [x for x in m.group().split() if x not in _SMALL]
            parts = [p for x in words for p in x.split("-") if p[:1].isupper()]
            for spelled in (words, parts):
                if letters in "".join(_plain(x[0]) for x in spelled) and len(spelled) >= len(letters):
                    return True
        return False
    words = [x for x in name.split() if x not in _SMALL]
    if len(words) < 2 or not all(x[:1].isupper() for x in words):
        return False
    initials = "".join(x[0] for x in words)   # "United States": "US", "U.S." or "U. S."
    return bool(re.search(r"(?<![\w.])" + r"\.?\s?".join(initials) + r"\.?(?![\w])", text))


def spelled_terms(name_terms: dict, text: str, present: set) -> set:
    """The terms of the question's names (``name_terms``: name -> its index
    terms) that ``text`` names the other way (by initials or spelled out)
    while not holding them: "National Hockey League" holds the question's "NHL".

    >>> sorted(spelled_terms({"NHL": ["nhl"], "Ducks": ["duck"]}, "the National Hockey League team", {"team"}))
    ['nhl']
    """
    out: set = set()
    for name, terms in name_terms.items():
        terms = set(terms)
        if terms and not terms <= present and abbreviated(name, text):
            out |= terms
    return out


def sibling(name: str, text: str) -> bool:
    """Whether ``text`` names another of the family ``name`` belongs to, and
    not ``name`` itself: "SHA224" for "SHA-256", "Flight 303" for "Flight 302".

    >>> sibling("SHA-256", "The size of a SHA224 digest."), sibling("SHA-256", "SHA224 and SHA256 digests.")
    (True, False)
    >>> sibling("Flight 302", "Flight 303 landed."), sibling("CBSA", "The CBSA seized it.")
    (True, False)
    """
    m = re.fullmatch(r"(.*?[a-z])[-‐‑ ]?(\d+)", lexical.normalize(name))
    if not m:
        return False
    found = {d for d in re.findall(rf"\b{re.escape(m.group(1))}[-‐‑ ]?(\d+)\b", lexical.normalize(text))}
    return bool(found) and m.group(2) not in found
