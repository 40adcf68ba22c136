"""The event a "when" or "how many" question dates or counts: "When was the
agency created?" asks when it was created, and a sentence dating something
else (seizures "between 2019 and 2023") does not answer it, however much it
says about the agency; "How many people were charged ...?" is not answered
by a count of drugs seized.

A "why" question presumes a change ("Why did the RCMP stop the program?"):
a sentence that never speaks of that change (stopping, ending) gives no
reason for it, and the documents may not say it happened at all.

``event(question)`` gives the stems of the asked verb and its near synonyms;
``mentions(stems, text)`` says whether a text speaks of that event at all.
"""

from __future__ import annotations

import re

from qa.store import lexical

_WHEN_PASSIVE = re.compile(r"^\W*(?:and\s+)?when\s+(?:was|were|is|are|has been|have been|had been)\b(.*)$", re.I)
# "how many people were charged ...": the count is of an event too
_COUNT_PASSIVE = re.compile(r"^\W*(?:and\s+)?how\s+(?:many|much)\b.*?\b(?:was|were|has been|have been|had been)\b(.*)$", re.I)
# "did any migrants die ...?", "were any officers injured?": whether an event happened at all
_ANY = re.compile(r"^\W*(?:and\s+)?(?:did|do|does|has|have|had|was|were|is|are)\s+(?:any|anyone|anybody|someone|somebody)\b(.*)$",
                  re.I)
# "how many people did the RCMP charge ...?": the verb after the doer's name
_COUNT_ACTIVE = re.compile(r"^\W*(?i:(?:and\s+)?how\s+(?:many|much)\b[^?]*?\b(?:did|does|do|has|have|had|will|would)\s+(?:the\s+)?)"
                           r"[A-Z][\w'’.&-]*(?:\s+(?:(?:of|and|for|the)\s+)?[A-Z][\w'’.&-]*)*\s+([a-z]+)\b")
IRREGULAR = set("""built begun founded held made written signed taken given set shown known found seen sold paid won
led met sent spent brought bought chosen drawn done kept left lost""".split())   # participles not ending in -ed
# verbs that date the same kind of event: a document may say "established" where the question says "created"
_SYNONYMS = [
    set("created established founded formed launched introduced started begun opened built set instituted".split()),
    set("identified discovered detected isolated found recognized recognised described reported noticed "
        "confirmed diagnosed".split()),
    set("signed enacted passed adopted approved ratified".split()),
    set("closed dissolved abolished ended disbanded".split()),
    set("killed died die dies deaths dead fatalities fatal".split()),
    set("arrested charged convicted prosecuted detained indicted".split()),
    set("injured wounded hurt injuries".split()),
    set("infected infections infection cases case positive".split()),
]

# what a "why" question may presume happened, each with the words a text may use for it
_WHY = re.compile(r"^\W*(?:and\s+|so\s+)?(why|how)\s+(?:did|does|do|has|have|had|is|are|was|were|would|will)\b(.*)$", re.I)
_CHANGES = [
    "stop stopped stops stopping end ended ends ending halt halted cease ceased suspend suspended terminate terminated "
    "cancel cancelled canceled discontinue discontinued abandon abandoned scrap scrapped abolish abolished shut",
    "rise rose risen rises rising increase increased increases grow grew grown growth climb climbed surge surged jump "
    "jumped soar soared spike spiked double doubled increasing raising up higher more",
    "fall fell fallen falls falling decrease decreased decreases decline declined declines drop dropped drops plunge "
    "plunged shrink shrank reduce reduced reduces reducing reduction cut cuts cutting slash slashed slashing decreasing "
    "lowering down lower fewer less",
    "leave left leaves resign resigned quit withdraw withdrew withdrawn depart departed exit exited",
    "ban banned bans prohibit prohibited forbid forbade outlaw outlawed",
    "delay delayed delays postpone postponed",
    "respond responded responds response responses reply replied react reacted reaction answer answered",
    "oppose opposed opposes opposing opposition reject rejected rejects criticize criticized criticise criticised "
    "object objected objects",
]
_WHY_AGAINST = re.compile(r"^\W*(?i:(?:and\s+)?why\s+(?:is|are|was|were)\s+(?:the\s+)?)(?:[A-Z][\w'’.&-]*\s+){1,6}against\b")
_CHANGE_OF = {w: group for group in _CHANGES for w in group.split()}
# a change named by its gerund counts only as what is urged ("why did the union recommend reducing ...?"): elsewhere
# it is said of something else ("... had the greatest effect in reducing deaths")
_GERUNDS = {"reducing", "slashing", "decreasing", "lowering", "increasing", "raising"}
_URGED = re.compile(r"\b(?:recommend(?:ed|s)?|propos(?:e|ed|es)|suggest(?:ed|s)?|urg(?:e|ed|es)|advocat(?:e|ed|es)|"
                    r"call(?:ed|s)? for|want(?:ed|s)?|support(?:ed|s)?|favou?r(?:ed|s)?)\s+(\w+ing)\b", re.I)


def change(question: str) -> tuple[str, set] | None:
    """The change a "why" (or "how did") question presumes happened ("stop"
    in "Why did the RCMP stop the program?", "respond" in "How did the U.S.
    respond?") and the stems of the words for it, or None.

    >>> verb, stems = change("Why did the RCMP stop the Shiprider program?")
    >>> verb, sorted(stems)[:3]
    ('stop', ['abandon', 'abolish', 'cancel'])
    >>> change("Why did crossings rise in 2024?")[0], change("Why is the RCMP deploying drones?")
    ('rise', None)
    >>> change("Why is the Federation against the border plan?")[0], change("Why is it hard to build cases against smugglers?")
    ('against', None)
    >>> change("How did the U.S. government respond to the letter?")[0], change("How does the RCMP go about stopping threats?")
    ('respond', None)
    >>> change("Why did the union recommend reducing the number of joint units?")[0]
    'reducing'
    >>> change("Why is it impossible to tell which step had the greatest effect in reducing deaths?")
    """
    if _WHY_AGAINST.match(question.strip()):   # "why is the Federation against the plan?" presumes it opposes it
        return "against", set(lexical.tokenize([_CHANGE_OF["oppose"]])[0])
    m = _WHY.match(question.strip())
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", m.group(2))] if m else []
    why = bool(m) and m.group(1).lower() == "why"   # "how does the RCMP go about stopping threats?" presumes no stop,
    urged = {g.lower() for g in _URGED.findall(m.group(2))} if why else set()
    verb = next((w for w in words if w in _CHANGE_OF and w not in ("up", "more", "less", "higher", "lower", "fewer", "down")
                 and (w not in _GERUNDS or w in urged)
                 and (why or w in _CHANGE_OF["respond"].split())), None)   # "how did the U.S. respond?" a response
    if verb is None:
        return None
    return verb, set(lexical.tokenize([_CHANGE_OF[verb]])[0])


def event(question: str) -> tuple[str, set] | None:
    """The participle a passive "when" question dates, a "how many"
    question counts, or a "did any ..." question asks happened, and the stems
    that speak of that event, or None.

    >>> verb, stems = event("When was the Canada Border Services Agency created?")
    >>> verb, sorted(stems)[:4]
    ('created', ['begun', 'built', 'creat', 'establish'])
    >>> event("When did the outbreak begin?"), event("How many crossed?")
    (None, None)
    >>> event("How many people were charged with human smuggling in 2023?")[0]
    'charged'
    >>> event("Did any migrants die crossing the border in 2024?")[0], event("Did any agency report it?")
    ('die', None)
    >>> event("How many people did the RCMP charge with smuggling?")[0], event("How much did the CBSA seize?")
    ('charge', None)
    """
    when, count = _WHEN_PASSIVE.match(question.strip()), _COUNT_PASSIVE.match(question.strip())
    happened = _ANY.match(question.strip())
    active = _COUNT_ACTIVE.match(question.strip()) if not (when or count or happened) else None
    if active:   # "did the RCMP charge": only the events of a group below ("did the CBSA seize" is its own count)
        verb = active.group(1).lower()
        group = next((g for g in _SYNONYMS if {verb, verb + "d", verb + "ed"} & g), None)
        return (verb, set(lexical.tokenize([" ".join(group | {verb})])[0])) if group else None
    if not (when or count or happened):
        return None
    words = re.findall(r"[A-Za-z]+", (when or count or happened).group(1))
    if happened:   # "did any migrants die?": only the events of a group below, so that "did any agency report" is not one
        verbs = [w.lower() for w in words if any(w.lower() in g for g in _SYNONYMS)]
    else:
        verbs = [w.lower() for w in words if re.fullmatch(r"[a-z]{3,}ed", w) or w.lower() in IRREGULAR]
    if not verbs:
        return None
    verb = verbs[-1] if when else verbs[0]   # "how many were charged with smuggling": the first, said of the count
    group = next((g for g in _SYNONYMS if verb in g), {verb})
    return verb, set(lexical.tokenize([" ".join(group | {verb})])[0])


def mentions(stems: set, text: str) -> bool:
    """Whether ``text`` speaks of the event (one of ``stems`` among its terms).

    >>> mentions(event("When was the agency created?")[1], "The agency was established in 2003.")
    True
    >>> mentions(event("When was the agency created?")[1], "Between 2019 and 2023, the agency seized 4,234 firearms.")
    False
    """
    return bool(stems & set(lexical.tokenize([text])[0]))
