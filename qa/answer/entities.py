"""Who or what a question asks to be named, and whether a sentence names it.

"Who is the Minister of Public Safety?" wants a person or body the question
does not already name; "Which company builds the towers?" wants a company.
A sentence that names none answers something else, however like the question
it reads; a sentence whose words are all the question's ("Title of Minister:
Minister of Public Safety") only restates it and answers nothing.

* ``asked`` (``qa.answer.asking``): the kind of entity a question asks for;
* ``names_asked``: whether a sentence names an entity of that kind that the
  question does not name (a company: a capitalized name with "Inc.", "Ltd.",
  "LLP", "Technologies" ..., or beside the word "company");
* ``restates``: whether a sentence, bar a leading label ("Title of X:") and
  label words, holds no word the question does not hold.
"""

from __future__ import annotations

import re

from qa.answer import evidence
from qa.answer.asking import ROLES, asked, individual, kind_words
from qa.answer.countries import ADJECTIVE, is_country
from qa.answer.features import content_terms
from qa.answer.initials import abbreviated
from qa.store.lexical import QUESTION_WORDS

HONORIFICS = set("hon honourable honorable mr mrs ms miss dr prof sir dame rev mp mla".split())   # "(Hon.)" is no one
_TITLE = re.compile(r"(?:" + "|".join(sorted(ROLES)) + r")\s+of\b", re.I)   # "Minister of Public Safety": a post, not who holds it
# a question asking for something (not a yes/no question): a wh-word among its first words
_WH = re.compile(r"^\W*(?:[\w'’-]+\s+){0,3}?(?:who|whom|whose|what|which|where|when|how|why)\b", re.I)
# what a company's name ends with, or is followed by ("Moss Adams LLP", "Acme, Inc.")
COMPANY_MARKS = set("""inc incorporated ltd limited llc llp lp plc corp corporation co company companies gmbh ag sa spa
srl sarl sas bv nv pty kk ab asa oy se technologies technology systems group holdings industries enterprises solutions
labs laboratories pharmaceuticals pharma aerospace dynamics networks software electronics motors airlines airways
partners associates consulting ventures capital""".split())
# what an organization's name ends with ("Canada Border Services Agency", "National Police Federation")
ORGANIZATION_MARKS = set("""agency service services department ministry office bureau commission council committee authority
institute institution organization organisation association federation foundation union society centre center board
police force forces administration network coalition alliance secretariat court parliament government university
college team unit corps guard patrol""".split()) | COMPANY_MARKS
# what a document's or a law's name holds ("United States Code", "Border Plan", "Title 49"): no one who acts
DOCUMENT_MARKS = set("""act acts code codes register regulation regulations rule rules directive directives section
sections part chapter title article bulletin bulletins report reports plan plans program programs programme strategy
standard standards treaty convention agreement manual handbook guide""".split())
# words that label a value without saying anything of their own ("Title of Minister: ...", "Name: ...")
LABEL_WORDS = {"titl", "title", "name", "label", "head", "heading", "caption", "subject"}
_LABEL = re.compile(r"^\W*(?:[\w'’()-]+\s+){0,5}?[\w'’()-]+\s*:\s*")
# a capitalized name, words joined by spaces, "of", "and", "&" ("Bank of Canada", "Procter & Gamble")
_CAP = "A-ZÀ-ÖØ-ÞΑ-ΩА-Я"   # capitals: Latin, Latin-1, Greek, Cyrillic
_NAME = re.compile(rf"[{_CAP}][\w'’.&-]*[\w](?:\s+(?:(?:of|and|&|de|du|la|von|van)\s+)?[{_CAP}][\w'’.&-]*[\w])*")
_ACRONYM = re.compile(rf"[{_CAP}][{_CAP}.&-]*[{_CAP}]\w*")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|out of|to|near|across|throughout|outside|inside|within|into|via|between)\s+(?:the\s+)?$", re.I)
_TIMES = set("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday""".split())
_START = re.compile(r"^[\W\d]*(?:[\w'’()-]+\s+){0,5}?[\w'’()-]+\s*:\s*|^[\W\d]*")   # a bullet, number or label


def names(text: str) -> list[str]:
    """The capitalized names in ``text``, without a sentence's first word
    when it stands alone (a capital there says nothing) unless it is an
    acronym, and without leading function words.

    >>> names("The contract went to Nordvik Systems AB of Malmö, and the CBSA agreed.")
    ['Nordvik Systems AB of Malmö', 'CBSA']
    >>> names("Funding was approved by Parliament.")
    ['Parliament']
    >>> names("Organization:\\nPublic Safety Canada"), names("Name of Minister:\\nAnandasangaree, Gary (Hon.)")
    (['Public Safety Canada'], ['Gary', 'Hon'])
    """
    start = _START.match(text).end()
    out = []
    for m in _NAME.finditer(text):
        if m.end() <= start:
            continue  # a leading label ("Organization:", "Name of Minister:") names what follows, not itself
        words = m.group().split()
        while words and words[0].lower() in QUESTION_WORDS:
            words.pop(0)
        if not words:
            continue
        if m.start() == start and len(words) == len(m.group().split()) == 1 and not _ACRONYM.fullmatch(words[0]):
            continue
        out.append(" ".join(words).rstrip(".'’"))
    return out


def names_asked(question: str, sentence: str, kind: str | None = None) -> bool:
    """Whether ``sentence`` names an entity of the kind ``question`` asks for
    (``asked``) that the question does not name (True when it asks for none).

    >>> q = "Which company builds the border’s surveillance towers?"
    >>> names_asked(q, "The towers are built by Nordvik Systems AB of Malmö.")
    True
    >>> names_asked(q, "The RCMP deploys mobile surveillance towers under Canada’s Border Plan.")
    False
    >>> names_asked(q, "The towers come from Hørsholm, a company that also makes radar.")
    True
    >>> names_asked("Which city hosted the talks?", "The Police Federation hosted talks with U.S. unions in January.")
    False
    >>> names_asked("Which city hosted the talks?", "The talks were held in Tromsø.")
    True
    >>> names_asked("Which province gets most guns?", "Most guns in Canada come from the U.S."), names_asked("Which province?", "It is in Ontario.")
    (False, True)
    >>> names_asked("Which countries do migrants come from?", "Migration is an issue at the Canada-U.S. border.")
    False
    >>> q = "Which official prepared the note?"
    >>> names_asked(q, "It builds on the Royal Canadian Mounted Police’s work."), names_asked(q, "Minister of Public Safety"), names_asked(q, "Jo Tremblay wrote it.")
    (False, False, True)
    >>> q = "Which Indigenous communities does the RCMP work with?"
    >>> names_asked(q, "The RCMP works with Canadian and Indigenous partners."), names_asked(q, "The RCMP works with the Mohawk Council of Akwesasne.")
    (False, True)
    >>> names_asked("Who is at risk?", "Data out of China in March show that some people are at risk of COVID-19.")
    False
    >>> names_asked("Who signed the letter?", "It met Canadian and United States police."), names_asked("Who was it before Jo Li?", "Jo Li (Hon.)")
    (False, False)
    >>> names_asked("Who leads the Federation?", "It is led by Zoë Lefèvre."), names_asked("Who leads the Federation?", "The Federation has a leader.")
    (True, False)
    >>> names_asked("Who is the Minister of Public Safety?", "The note went to Public Safety Canada.")
    False
    >>> names_asked("Who signed the rule?", "This section of the FEDERAL REGISTER contains notices.")
    False
    >>> names_asked("Who signed the rule?", "Title 49 of the United States Code gives the authority.")
    False
    >>> names_asked("Which accounting firm audits it?", "We are a firm registered with the Public Company Accounting Oversight Board.")
    False
    >>> names_asked("Which accounting firm audits it?", "We are a public accounting firm registered with the PCAOB in the United States.")
    False
    """
    kind = kind or asked(question)
    if kind is None:
        return True
    asked_terms = content_terms(question)
    # a name the question gives, or its initials ("CBCF" for the question's "Cross-Border Crime Forum"), is not new
    found = names(sentence)
    new = [n for n in found if content_terms(n) - asked_terms and not abbreviated(n, question)]
    # a name listed beside one the question gives ("Shiprider, IBET, and Border Technology Program have shown ...")
    # is its sibling, not who runs it
    given = [n for n in found if n not in new]
    listed = {n for n in new if any(_listed_together(sentence, n, g) for g in given)}
    # ... with its aside ("Integrated Border Enforcement Teams (IBET)")
    listed |= {n for n in new if re.search(rf"(?:{'|'.join(map(re.escape, listed | set(given)))})\s*\(\s*{re.escape(n)}\s*\)", sentence)} \
        if listed or given else set()
    new = [n for n in new if n not in listed]
    placed = lambda n: bool(_PLACE_BEFORE.search(sentence, 0, sentence.find(n)))
    if kind == "named":   # "which Indigenous communities": a name the question does not give, no place's adjective nor country
        # each of "X and Y" apart; a word the question holds, a place's adjective or a country adds nothing
        # ("Norwegian Harbour Police" for "which communities does the harbour police ...")
        parts = [[w for w in p.split() if content_terms(w) - asked_terms and not ADJECTIVE.fullmatch(w) and not is_country(w)]
                 for n in new for p in re.split(r"\s+and\s+|\s*&\s*", n) if p.split()[0].lower() not in _TIMES]
        return any(p and not re.search(r"\d", " ".join(p)) and not {w.lower() for w in p} & DOCUMENT_MARKS for p in parts)
    # "which official", "the name of the director": a person, not a body ("the RCMP") nor a title ("Minister of Public Safety")
    if individual(question):
        new = [n for n in new if not _marked(n, sentence, ORGANIZATION_MARKS) and not _TITLE.match(n) and not _ACRONYM.fullmatch(n)]
    if kind == "person":   # someone: a name that is neither a place ("out of China"), a month nor a code ("COVID-19"),
        # mostly of words the question does not hold ("Public Safety Canada" only adds to "Minister of Public Safety")
        # nor set in capitals throughout ("the FEDERAL REGISTER": a heading's words, not a signature)
        return any(n.split()[0].lower() not in _TIMES and not placed(n) and not re.search(r"\d", n) and not _place_words(n)
                   and n.lower().strip(".") not in HONORIFICS
                   and not (" " in n and n.isupper()) and not {w.lower() for w in n.split()} & DOCUMENT_MARKS
                   and 2 * len(content_terms(n) - asked_terms) > len(content_terms(n)) for n in new)
    # the word asked for beside the name: "Hørsholm, a company that ...", "the firm Moss Adams", "Tromsø, the northern city"
    beside = lambda n: bool({w.lower() for w in re.findall(r"\w+", _around(sentence, n))} & kind_words(kind))
    if kind in ("country", "city", "region"):
        # a place: a name that is no organization nor month, after "in", "from", "at" ... ("in Ålesund")
        # or beside the word asked for ("Tromsø, the northern city")
        new = [n for n in new if n.split()[0].lower() not in _TIMES and not _marked(n, sentence, ORGANIZATION_MARKS)
               and (placed(n) or not _ACRONYM.fullmatch(n))   # "in the U.S." is a place, "the CBSA" is not
               and (kind == "country" or not _ACRONYM.fullmatch(n) or len(n.replace(".", "")) <= 2)   # "in BC", not "between POE"
               and (kind == "country" or not is_country(n))   # "in Canada" names no province nor city
               and not (is_country(n) and re.search(r"\w[-–/]\w", n))   # "the Canada-U.S. border": a border, no answer
               and not {w.lower() for w in n.split()} & DOCUMENT_MARKS]   # "from Canada's Border Plan": a plan, no place
        return any(placed(n) or beside(n) for n in new)
    marks = COMPANY_MARKS if kind == "company" else ORGANIZATION_MARKS
    if kind == "company":   # a name ending as a public body's does ("Public Company Accounting Oversight Board") is no company
        new = [n for n in new if n.split(" of ")[0].split()[-1].lower() not in ORGANIZATION_MARKS - COMPANY_MARKS]
    for n in new:
        if _marked(n, sentence, marks):
            return True
        if kind == "organization" and _ACRONYM.fullmatch(n):
            return True  # "the CBSA": an organization named by its initials
    return any(beside(n) for n in new)   # "X, a company that ..."


def _listed_together(sentence: str, a: str, b: str) -> bool:
    """Whether names ``a`` and ``b`` stand in one list of ``sentence``: only
    commas, "and", "or" and asides in parentheses between them.

    >>> s = "Initiatives like the Marine Teams, Shiprider (ICMLEO), and the Border Program have shown promise."
    >>> _listed_together(s, "Marine Teams", "Border Program"), _listed_together("Jo Li runs the Border Program.", "Jo Li", "Border Program")
    (True, False)
    """
    i, j = sentence.find(a), sentence.find(b)
    if i < 0 or j < 0:
        return False
    first, second = (a, b) if i < j else (b, a)
    between = sentence[min(i, j) + len(first):max(i, j)]
    between = re.sub(r"\([^()]*\)", " ", between)
    between = _NAME.sub(" ", between)
    return "," in sentence[min(i, j):max(i, j) + len(second)] and not re.sub(r"[\s,]|\b(?:and|or|the)\b", "", between)


def _place_words(name: str) -> bool:
    """Whether ``name`` is only countries or places' adjectives ("Canadian and United States").

    >>> _place_words("Canadian and United States"), _place_words("Canada"), _place_words("Jo Li and Canada")
    (True, True, False)
    """
    return all(is_country(p) or ADJECTIVE.fullmatch(p) for p in re.split(r"\s+and\s+|\s*&\s*", name))


def _around(sentence: str, name: str, before: int = 2, after: int = 4) -> str:
    """The few words just before and just after ``name`` in ``sentence``.

    >>> _around("The towers come from Hørsholm, a company that also makes radar.", "Hørsholm")
    'come from , a company that'
    """
    at = sentence.find(name)
    head = sentence[:at].split()[-before:] if at > 0 else []
    tail = sentence[at + len(name):].split()[:after] if at >= 0 else []
    return " ".join(head + tail)


def _marked(name: str, sentence: str, marks: set) -> bool:
    """Whether ``name`` bears one of ``marks`` after its first word or just
    after it ("Nordvik Systems AB of Malmö", "Acme, Inc.").

    >>> _marked("Acme", "Acme, Inc. makes radar.", COMPANY_MARKS), _marked("Acme", "Acme makes radar.", COMPANY_MARKS)
    (True, False)
    """
    if any(re.sub(r"['’]s$", "", w.lower().strip(".")) in marks for w in name.split()[1:]):   # "Police’s" too
        return True
    tail = re.match(r",?\s*([A-Za-z.]+)", sentence[sentence.find(name) + len(name):][:12])
    return bool(tail and tail.group(1).lower().replace(".", "") in marks)


def restates(question: str, sentence: str) -> bool:
    """Whether ``sentence`` only restates a question that asks for something:
    bar a leading label ("Title of Minister:") and label words, it holds no
    word the question does not. A yes/no question, or a choice between the
    question's own words, is never only restated.

    >>> q = "Who is the current Minister of Public Safety?"
    >>> restates(q, "Title of Minister:\\nMinister of Public Safety"), restates(q, "Name of Minister:\\nAnandasangaree, Gary (Hon.)")
    (True, False)
    >>> restates("Is the RCMP deploying drones?", "The RCMP is deploying drones.")
    False
    >>> restates("Which is more common, fog or rain?", "Fog is more common than rain.")
    False
    """
    if not _WH.search(question) or re.search(r"\bor\b", question, re.I):
        return False   # a yes/no question, or one offering alternatives ("A or B?"), is answered in its own words
    value = _LABEL.sub("", sentence, count=1) or sentence
    return not evidence.subject_terms(content_terms(value) - content_terms(question)) - LABEL_WORDS
