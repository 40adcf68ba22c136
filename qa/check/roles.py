"""Parties and the roles they fill: who did what.

Named parties are organizations (acronyms, capitalized names ending in an
organization word) and countries. A party in a claim differs from the evidence
only when the evidence gives the same deed to another party: the claim's party
does something (the first meaningful word after it, or the verb before "by"),
and the evidence names another party doing that same thing. An organization
mentioned elsewhere in the evidence never differs.

>>> doer("The RCMP seized 4,234 firearms.", 4, 8)
'seized'
>>> ev = "Between 2019 and 2023 the Canada Border Services Agency (CBSA) seized 4,234 firearms."
>>> [ev[s:e] for s, e in [who_did(ev, "seized", [(p[1], p[2]) for p in find_parties(ev)])]]
['Canada Border Services Agency (CBSA)']
"""

from __future__ import annotations

import re

from qa.store.lexical import _stemmer

COUNTRIES = {"canada": "Canada", "canadian": "Canada", "u.s.": "U.S.", "us": "U.S.", "usa": "U.S.", "united states": "U.S.",
             "america": "U.S.", "american": "U.S.", "mexico": "Mexico", "mexican": "Mexico", "u.k.": "U.K.", "uk": "U.K.", "united kingdom": "U.K.",
             "britain": "U.K.", "france": "France", "germany": "Germany", "china": "China", "india": "India", "japan": "Japan"}
COUNTRY_KEYS = set(COUNTRIES.values())
COUNTRY = re.compile(r"(?<![\w.])(?:U\.S\.|U\.K\.|US|USA|UK|United States|United Kingdom|Canada|Canadian|America|American|Mexico|Mexican|Britain|France|Germany|China|India|Japan)(?![\w])")
ORG_WORDS = {"agency", "police", "service", "services", "protection", "department", "ministry", "union", "association",
             "federation", "force", "guard", "sector", "bureau", "office", "commission", "council", "committee", "forum",
             "patrol", "administration", "authority", "institute", "organization", "court", "government", "security"}
ORG = re.compile(r"(?:(?:U\.S\.|U\.K\.)\s+)?[A-Z][a-z][\w'’.-]*(?:\s+(?:of|and|for|the|&|de|des)?\s*[A-Z][a-z][\w'’.-]*)+")
ORG_HEADS = {"minister", "ministry", "department", "office", "bureau", "bank", "university", "government", "house", "senate"}
ACRONYM = re.compile(r"\b(?!(?:[IVXL]+|UK|USA?|OK|TV)\b)[A-Z][A-Z&-]{0,4}[A-Z](?:s\b|\b)")  # not a heading ("FINDINGS")
LEAD = set("a an the of in on at to for from by with and or as".split())
FILLER = set("a an the of in on at to for from with and or as is are was were be been has have had its their it this that "
             "also still now already reportedly jointly together u.s. s".split())
VERB = re.compile(r"(?i:is|are|was|were|has|have|had|did|does|will|would|can|could|must|may|also|jointly|then|now)"
                  r"|[a-z]+(?:ed|es|[^s]s)")  # where a party is followed by its verb (not "Mexican police")
AUX = re.compile(r"(?i:is|are|was|were|has|have|had|can|could|may|might|will|would|do|does|did)")
CLAUSE = re.compile(r"[;:]|\.\s|,\s*(?:while|whereas|but|and)\b|\b(?:while|whereas|but|which|who)\b", re.I)


def find_parties(text: str) -> list[tuple[str, int, int, tuple]]:
    """(name, start, end, keys) of each organization and country; keys match an
    acronym with its long form ("CBSA" ~ "Canada Border Services Agency")."""
    found, spans = [], []
    for m in ORG.finditer(text):
        name, start = m.group(), m.start()
        while (first := re.match(r"(\S+)\s+", name)) and first.group(1).lower() in LEAD:
            name, start = name[first.end():], start + first.end()   # "The Swanton Sector" -> "Swanton Sector"
        words = name.split()
        if len(words) < 2 or (words[-1].lower().strip(".,") not in ORG_WORDS and words[0].lower() not in ORG_HEADS):
            continue
        initial = lambda w: w.replace(".", "") if w.lower() in COUNTRIES and "." in w else w[0]
        caps = [w for w in words if w[:1].isupper()]
        keys = {"".join(initial(w) for w in caps).upper(), " ".join(words).lower()}
        while caps and caps[0].lower() in COUNTRIES:
            caps.pop(0)
        keys.add("".join(w[0] for w in caps).upper())
        found.append((name, start, m.end(), tuple(sorted(keys))))
        spans.append((start, m.end()))
    for m in ACRONYM.finditer(text):
        heading = re.search(r"[A-Z]{3,}\W*$", text[max(0, m.start() - 20):m.start()]) or re.match(r"\W*[A-Z]{3,}\b", text[m.end():])
        if heading and not re.match(r"\s*\(", text[m.end():]):
            continue   # a heading in capitals ("MAIN OUTCOME MEASURES"), not an organization
        if not any(a <= m.start() < b for a, b in spans):
            key = m.group().rstrip("s") if m.group().endswith("s") and len(m.group()) > 3 else m.group()
            found.append((m.group(), m.start(), m.end(), (key,)))
    for m in COUNTRY.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            found.append((m.group(), m.start(), m.end(), (COUNTRIES[m.group().lower()],)))
    return sorted(found, key=lambda p: p[1])


def _stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def doer(text: str, start: int, end: int) -> str | None:
    """What the party at ``text[start:end]`` does: the first meaningful word after
    it in its clause ("The RCMP *seized*"), or the verb before "by" ("seized by the RCMP")."""
    before = text[:start]
    passive = re.search(r"([A-Za-z]+)\s+by\s+(?:the\s+)?$", before)
    if passive:
        return passive.group(1)
    after = text[end:]
    stop = CLAUSE.search(after)
    after = after[:stop.start()] if stop else after
    after = re.sub(r"^\s*\([^)]*\)", "", after)  # "(CBSA)" after a long name
    first = re.match(r"\s*([A-Za-z][A-Za-z'-]*)(\s+[A-Za-z]+)?", after)
    if not first or not VERB.fullmatch(first.group(1)) or AUX.fullmatch((first.group(2) or "").strip()):
        return None   # "Mexican police": the party names whose police; "DNA levels are": whose levels
    for w in re.findall(r"[A-Za-z][A-Za-z'-]*", after):
        if w.lower() not in FILLER and not w[:1].isupper():
            return w
    return None


def who_did(text: str, deed: str, parties: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of the party that does ``deed`` in ``text`` (the nearest party
    before the word in its clause, or after "<deed> by"), or None."""
    stem = _stem(deed)
    for m in re.finditer(r"[A-Za-z][A-Za-z'-]*", text):
        if _stem(m.group()) != stem:
            continue
        by = re.match(r"\s+by\s+(?:the\s+)?", text[m.end():])
        if by:
            after = [p for p in parties if p[0] == m.end() + by.end()]
            if after:
                return after[0]
        before = [p for p in parties if p[1] <= m.start() and m.start() - p[1] <= 80 and not CLAUSE.search(text[p[1]:m.start()])]
        if before:
            s, e = max(before, key=lambda p: p[1])
            longer = [p for p in parties if p[1] <= s and re.fullmatch(r"\s*\(", text[p[1]:s])]
            if longer and text[e:e + 1] == ")":  # "Canada Border Services Agency (CBSA)" is one party
                s, e = longer[0][0], e + 1
            return s, e
    return None
