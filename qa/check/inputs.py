"""What a claim checker is given: a claim, not a question, a greeting, a single
word, an empty or overlong text; and a note when it is not English."""

from __future__ import annotations

import re

from qa.config import LIMITS
from qa.errors import QAError

EXAMPLE = 'qa check "The CBSA seized 4,234 firearms between 2019 and 2023."'
QUESTION = re.compile(r"\s*(?:who|what|when|where|why|how|which|whose|whom|is|are|was|were|do|does|did|can|could|should|would|will|has|have|had)\b", re.I)
GREETING = re.compile(r"\s*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening|day)|thanks?(?: you)?|thank you|cheers|bye|goodbye|bonjour|salut|hola|merci|ok(?:ay)?|yes|no)\b[\s!.,?:)(-]*(?:there|all|everyone|team|again|so much|very much)?[\s!.,?]*$", re.I)
ENGLISH = set("the of and to in is was for that on with by as are from at be it its has have were which this an or not".split())
FOREIGN = set("le la les des du est et une dans pour que qui sur avec el los las del en y por con para una es "
              "der die das und ist nicht mit ein eine von zu den dem il di che per sono da na em um uma não com".split())


def check_text(text: str, what: str, limit: int, example: str = EXAMPLE) -> str:
    """The text stripped, or a one-line error when it is empty, too long or not valid text."""
    return LIMITS.text(text, what, limit, f"type one, e.g. {example}")


def not_a_claim(text: str) -> str:
    """Why ``text`` states nothing that can be checked, or "" when it is a claim.

    >>> not_a_claim("How many firearms did the CBSA seize?")
    'this is a question, not a claim: `qa ask` answers questions'
    >>> not_a_claim("Hello there!"), not_a_claim("firearms")
    ('this is a greeting, not a claim', 'a single word is not a claim')
    >>> not_a_claim("The CBSA seized 4,234 firearms.")
    ''
    """
    words = re.findall(r"[^\W_]+", text)
    if GREETING.match(text):
        return "this is a greeting, not a claim"
    if len(words) <= 1:
        return "a single word is not a claim"
    if text.rstrip().endswith("?") or QUESTION.match(text) and not re.search(r"[.!]\s*$", text):
        return "this is a question, not a claim: `qa ask` answers questions"
    if not re.search(r"[^\W\d_]{2,}", text):
        return "this has no words to check"
    return ""


def reject(text: str) -> None:
    """A one-line error when ``text`` states nothing to check."""
    why = not_a_claim(text)
    if why:
        raise QAError(f"{why}; a claim states something the documents can confirm, e.g. {EXAMPLE}")


def notes_for(claim: str) -> str:
    """What the user should know about how the claim was read.

    >>> notes_for("La GRC patrouille la frontière avec des drones et des hélicoptères.")[:31]
    'this does not look like English'
    >>> notes_for("The RCMP is responsible for la sécurité de la frontière.")[:24]
    'this mixes English and a'
    >>> notes_for("The CBSA seized 4,234 firearms.")
    ''
    """
    letters = [ch for ch in claim if ch.isalpha()]
    words = re.findall(r"[^\W\d_]+", claim.lower())
    foreign, english = sum(w in FOREIGN for w in words), sum(w in ENGLISH for w in words)
    if letters and (sum(ch.isascii() for ch in letters) < 0.7 * len(letters) or foreign > max(1, english)):
        return ("this does not look like English; the documents and the model are English, so the verdict is "
                "unreliable: translate the claim to check it")
    if foreign >= 2 and english >= 1:
        return ("this mixes English and another language; only the English is understood, so the verdict is "
                "unreliable: translate the claim to check it")
    return ""
