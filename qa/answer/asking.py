"""What a question asks to be named: a person ("who is the Minister ...?",
"which official ...?", "the name of the director"), a company ("which
firm ..."), an organization, a country, a city, a state or province, or
just a name ("the name of the operation", "which communities").

* ``asked``: that kind, or None;
* ``asks_a_name``: whether only someone's name answers ("who signed ...?",
  unlike "who is at risk?");
* ``individual``: whether a person is asked for by their post ("which
  official", "the name of the director"): a body is then no answer.
"""

from __future__ import annotations

import re

# the words naming a kind of entity after "which" / "what" (one word may come between: "which accounting firm")
KINDS = {
    "company": "company companies firm firms manufacturer manufacturers maker makers vendor vendors supplier suppliers "
               "contractor contractors corporation corporations",
    "organization": "organization organizations organisation organisations agency agencies department departments "
                    "ministry ministries institution institutions university universities college colleges "
                    "hospital hospitals school schools",
    "country": "country countries nation nations",
    "city": "city cities town towns",
    "region": "state states province provinces territory territories region regions county counties",
    "named": "community communities tribe tribes reservation reservations casino casinos hotel hotels airline airlines "
             "airport airports bank banks court courts newspaper newspapers partner partners ally allies",   # named, of no kind a mark shows
}
_KIND_OF = {w: kind for kind, words in KINDS.items() for w in words.split()}
_ASKS = re.compile(r"\b(?:which|what)\s+(?:[\w.'’-]+\s+)?(" + "|".join(_KIND_OF) + r")\b", re.I)
_WHO = re.compile(r"^\W*(?:and\s+|so\s+)?(?:who|whom)\b", re.I)
# "what is the name of the team's director?": a person, asked for by name
ROLES = set("""director directors head heads chair chairs chairman chairperson chairwoman president presidents minister
ministers commissioner commissioners leader leaders founder founders author authors ceo ceos officer spokesperson
secretary governor mayor premier judge manager managers owner owners inventor discoverer editor coordinator""".split())
PEOPLE = set("official officials person persons individual individuals officers spokesman spokeswoman".split())
_NAME_OF = re.compile(r"\bnames?\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?(?:[\w'’.-]+\s+){0,6}?(" + "|".join(ROLES) + r")\b", re.I)


def asked(question: str) -> str | None:
    """The kind of entity ``question`` asks to be named, or None.

    >>> asked("Which company builds the towers?"), asked("Which accounting firm audits Galaxy Gaming?")
    ('company', 'company')
    >>> asked("Who is the current Minister?"), asked("What countries had cases?"), asked("How many towers?")
    ('person', 'country', None)
    >>> asked("What is the name of the RCMP team's director?"), asked("Which U.S. state has the most crossings?")
    ('person', 'region')
    >>> asked("What is the name of the operation that mobilized resources?"), asked("Which casino installed it first?")
    ('named', 'named')
    """
    if asks_a_name(question):
        return "person"
    if _NAME_OF_THING.search(question):   # "the name of the operation": a name, of whatever kind
        return "named"
    m = _ASKS.search(question)
    if m:
        return _KIND_OF[m.group(1).lower()]
    return "person" if _WHO.search(question) else None


# "who signed / wrote / leads ...": a deed only someone named does
_WHO_DID = re.compile(r"^\W*(?:and\s+|so\s+)?who\s+(?:(?:first|originally|later|personally)\s+)?(?:signed|signs|wrote|writes|authored|"
                      r"founded|invented|discovered|chairs|chaired|leads|led|heads|headed|directs|directed|"
                      r"approved|issued|runs|ran|manages|managed|oversees|oversaw|administers|administered|operates|operated|"
                      r"funds|funded|owns|owned)\b", re.I)


# "who was the Minister of Public Safety before ...?", "who is the current chair?": someone, by name
_WHO_ROLE = re.compile(r"^\W*(?:and\s+)?who\s+(?:is|was|are|were|will be|has been)\s+(?:the\s+)?(?:(?:current|new|former|first|"
                       r"last|previous|next|acting|interim)\s+)?(?:" + "|".join(sorted(ROLES)) + r")\b", re.I)
_NAME_OF_THING = re.compile(r"\bwhat\s+(?:is|was|are|were)\s+(?:the\s+)?names?\s+of\b", re.I)
_AUX = r"(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|must|may|might)\b"
_WHICH_ROLE = re.compile(r"\b(?:which|what)\s+(?:(?!" + _AUX + r")[\w.'’-]+\s+){0,3}?(?:" + "|".join(sorted(ROLES | PEOPLE)) + r")\b", re.I)


def asks_a_name(question: str) -> bool:
    """Whether ``question`` asks for someone by name ("the name of the
    director", "who signed the rule?"): unlike "who is at risk?", only a
    person's (or a body's) name answers it.

    >>> asks_a_name("What is the name of the Border Integrity team's director?"), asks_a_name("Who is at risk?")
    (True, False)
    >>> asks_a_name("What is the name of the sector with the most crossings?"), asks_a_name("Who signed the proposed rule?")
    (False, True)
    >>> asks_a_name("Which Public Safety Canada official prepared the note?"), asks_a_name("Which minister is the note for?")
    (True, True)
    >>> asks_a_name("What role do officers play?"), asks_a_name("Which head of state signed?")
    (False, True)
    >>> asks_a_name("Who was Minister of Public Safety before her?"), asks_a_name("Who is at greatest risk?")
    (True, False)
    """
    return bool(_NAME_OF.search(question) or _WHO_DID.search(question) or _WHICH_ROLE.search(question)
                or _WHO_ROLE.search(question))


# "which official prepared the note?", "which minister is it for?": someone, by name
def individual(question: str) -> bool:
    """Whether ``question`` asks for a person by their post, so that a body
    ("the RCMP") does not answer it.

    >>> individual("Which official prepared the note?"), individual("Who signed the rule?")
    (True, False)
    """
    return bool(_NAME_OF.search(question) or _WHICH_ROLE.search(question))


def kind_words(kind: str) -> set:
    """The words naming ``kind`` ("city": "city", "cities", "town", "towns").

    >>> sorted(kind_words("city"))
    ['cities', 'city', 'town', 'towns']
    """
    return {w for w, k in _KIND_OF.items() if k == kind}
