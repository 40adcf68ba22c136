"""Find a document's title, organization, date and reference number in its text.

Only what the text (or the file's own properties) states: labelled fields such
as "Organization:" followed by a value, a dateline such as "Ottawa, January 28,
2025", a first title line, an organization that the opening defines and the
document then keeps naming ("the National Police Federation (NPF) ... NPF").
"""

from __future__ import annotations

import re

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_RE = re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b")
DATELINE_RE = re.compile(rf"^[A-Z][\w .'-]{{1,40}},\s+((?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}})\s*$")
FIELDS = {
    "organization": ("organization", "organisation", "department", "author", "authors", "prepared by", "issued by"),
    "date": ("date", "date received", "date issued", "published", "date published", "dated"),
    "reference": ("reference number", "reference", "ref", "reference no", "file number", "number"),
}
ORG_WORDS = re.compile(
    r"Federation|Association|Agency|Department|Ministry|Police|Union|Council|Office|Commission|Institute|"
    r"Committee|Service|Bureau|Government|Canada|Secretariat|Board|Authority|Centre|Center|Foundation|Society"
)
ACRONYM_DEF = re.compile(r"\b((?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,6}[A-Z][\w'’-]*)\s+\(([A-Z]{2,6})\)")


def labelled_fields(text: str, limit: int = 4000) -> dict:
    """Values of "Label:" lines in the opening, whether the value follows on
    the same line or the next one.

    >>> labelled_fields("About\\n\\nReference number:\\nPS-1\\nDate: May 30, 2025\\n")
    {'reference number': 'PS-1', 'date': 'May 30, 2025'}
    """
    lines = text[:limit].splitlines()
    found = {}
    for i, line in enumerate(lines):
        m = re.match(r"^\s*([A-Za-z][A-Za-z /]{1,30}):\s*(.*)$", line)
        if not m:
            continue
        label, value = m.group(1).strip().lower(), m.group(2).strip()
        if not value and i + 1 < len(lines):
            value = lines[i + 1].strip()
        if value and len(value) < 120 and label not in found:
            found[label] = value
    return found


INLINE_FIELD = re.compile(r"\s(?:" + "|".join(sorted({re.escape(label) for labels in FIELDS.values() for label in labels},
                                                      key=len, reverse=True)) + r")\s?:\s", re.I)


def first_title_line(text: str) -> str | None:
    """The first short non-empty line that is not a dateline, stripped of '#',
    and cut before a labelled field run into it.

    >>> first_title_line("\\n\\nOttawa, January 28, 2025\\n\\nRecommendations for Border Security\\n\\nBody.")
    'Recommendations for Border Security'
    >>> first_title_line("Lighthouse Maintenance Memo Organization: Coastal Beacon Office Date: March 3, 2024")
    'Lighthouse Maintenance Memo'
    """
    for line in text[:3000].splitlines():
        line = line.strip().lstrip("#").strip()
        if not line or DATELINE_RE.match(line):
            continue
        field = INLINE_FIELD.search(line)
        if field and field.start() >= 3:
            line = line[:field.start()].rstrip()  # "Memo Organization: X Date: Y" (lines joined by a reader): the title ends there
        if len(line) <= 150 and not line.endswith((",", ";")):
            return line
        return None
    return None


def defining_organization(text: str) -> str | None:
    """The organization the opening defines with an acronym and then names most.

    >>> defining_organization("The National Police Federation (NPF) met. NPF said. NPF agreed. The RCMP too.")
    'National Police Federation'
    """
    best, best_count = None, 2
    for m in ACRONYM_DEF.finditer(text[:2500]):
        name, acronym = re.sub(r"^the\s+", "", m.group(1), flags=re.I), m.group(2)
        count = len(re.findall(rf"\b{acronym}\b", text))
        if ORG_WORDS.search(name) and count > best_count:
            best, best_count = name, count
    return best


SEC_FORM = re.compile(r"\bFORM\s+(10-K|10-Q|8-K|20-F|40-F|S-1|DEF 14A)\b", re.I)
SEC_NAME = re.compile(r"([A-Z][^\n()|]{2,80}?)\s*\n*\s*\(Exact name of (?:the )?(?:small business issuer|registrant|issuer)", re.I)
FISCAL = re.compile(rf"fiscal year ended\s+((?:{MONTHS})\s+\d{{1,2}},\s+(\d{{4}}))", re.I)
SHORT_DATE = re.compile(rf"\b(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}\b|\b\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}\b|\b(?:{MONTHS})\s+\d{{4}}\b")
REF_RE = re.compile(r"\b(?:Docket|File|Reference|Ref\.?|Report|Document)\s+(?:No\.?|Number|#)\s*:?\s*([A-Z0-9][\w–./-]*\d[\w–./-]*)", re.I)


def plausible_title(value) -> str | None:
    """A property title worth showing, or None (file names, "untitled", "Microsoft Word - x.doc").

    >>> plausible_title("Microsoft Word - memo.docx"), plausible_title("AMT General Handbook")
    (None, 'AMT General Handbook')
    """
    t = " ".join(str(value or "").split())
    if len(t) < 3 or len(t) > 200 or not re.search(r"[A-Za-z]{2}", t):
        return None
    if re.search(r"^(?:untitled|microsoft word|document\d*|slide \d+|title|presentation\d*)\b", t, re.I):
        return None
    if re.fullmatch(r"[\w.-]+\.(?:docx?|pdf|html?|txt|indd|qxd|tex|dvi|rtf)", t, re.I) or re.fullmatch(r"[\w-]*_[\w.-]*", t):
        return None
    return t


def _fold(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def cover_heading(candidates, running=()) -> str | None:
    """The first plausible title among a cover's headings (most prominent first),
    passing over one that is only a part of a running header or footer: the
    name of a publication's section ("Proposed Rules" in "Federal Register /
    Vol. 85 / Proposed Rules") heads every page, not this document.
    ``running`` holds those lines lower-cased with digits as "#".

    >>> cover_heading(["Proposed Rules", "Airworthiness Directives; The Boeing Company Airplanes"],
    ...               ["federal register / vol. #, no. # / thursday, august #, # / proposed rules"])
    'Airworthiness Directives; The Boeing Company Airplanes'
    >>> cover_heading(["Attention Is All You Need"], ["attention is all you need"])
    'Attention Is All You Need'
    """
    for value in candidates or ():
        title = plausible_title(value)
        if not title:
            continue
        key = _fold(title)
        if any(key != line and re.search(rf"(?:^|[/|•·:–—-]\s*){re.escape(key)}(?:\s*[/|•·:–—-]|$)", line) for line in running):
            continue
        return title
    return None


def sec_filing(text: str) -> dict:
    r"""Company, form and fiscal year of an SEC filing's cover page.

    >>> sec_filing("FORM 10-K\nFor the fiscal year ended December 31, 2021\nGalaxy Gaming, Inc.\n(Exact name of registrant as specified in its charter)")
    {'title': 'Galaxy Gaming, Inc. Form 10-K 2021', 'organization': 'Galaxy Gaming, Inc.', 'date': 'December 31, 2021'}
    """
    head = text[:6000]
    form = SEC_FORM.search(head)
    name = SEC_NAME.search(head) if form and "exact name of" in head.lower() else None  # (a slow search: only on a cover)
    if not form or not name:
        return {}
    company = " ".join(name.group(1).split())
    company = re.sub(r"^.*?(?:Commission file number\s*:?\s*[\d-]+\s*)", "", company, flags=re.I).strip(" :")
    fiscal = FISCAL.search(head)
    title = f"{company} Form {form.group(1).upper()}" + (f" {fiscal.group(2)}" if fiscal else "")
    out = {"title": title, "organization": company}
    if fiscal:
        out["date"] = fiscal.group(1)
    return out


def opening_date(text: str) -> str | None:
    r"""A date on a short line of the opening (a dateline, a running header).

    >>> opening_date("Federal Register / Vol. 85 / Thursday, August 6, 2020 / Proposed Rules\n\nOn May 1, 2019 the FAA met.")
    'August 6, 2020'
    """
    for line in text.splitlines():
        if len(line.strip()) <= 100:
            m = SHORT_DATE.search(line)
            if m:
                return m.group(0)
    return None


def extract_metadata(text: str, props: dict | None = None, fmt: str | None = None, opening: str | None = None) -> dict:
    """Title, organization, author, date and reference number, from the text
    (labelled fields, a dateline, the cover of an SEC filing, the opening's
    short lines) or the file's own properties, whichever is more plausible.

    ``props`` are the file's properties (PDF info, DOCX core properties,
    HTML meta tags); ``opening`` is the first page (PDF), else the start of
    the text. A date in the text wins over a file's creation date.
    """
    props = {k: v for k, v in (props or {}).items() if v and str(v).strip()}
    opening = opening if opening is not None else text[:5000]
    fields = labelled_fields(text)
    meta = {}
    for key, labels in FIELDS.items():
        value = next((fields[label] for label in labels if label in fields), None)
        if value:
            meta[key] = value
    sec = sec_filing(text)
    for k, v in sec.items():
        if k != "title":
            meta.setdefault(k, v)
    if "date" not in meta:
        for line in text[:1500].splitlines():
            m = DATELINE_RE.match(line.strip())
            if m:
                meta["date"] = m.group(1)
                break
    if "date" not in meta:
        found = opening_date(opening)
        if found:
            meta["date"] = found
    if "date" not in meta and props.get("date"):
        meta["date"] = str(props["date"])
    if "reference" not in meta:
        m = REF_RE.search(opening)
        if m:
            meta["reference"] = m.group(1).rstrip(".;,")
    if props.get("author"):
        meta["author"] = " ".join(str(props["author"]).split())
    if "organization" not in meta:
        org = defining_organization(text) or _org_line(opening)
        if org:
            meta["organization"] = org
    title = sec.get("title") or plausible_title(props.get("title")) \
        or cover_heading(props.get("headings") or [props.get("heading")], props.get("running", ())) or first_title_line(text)
    if title:
        title = " ".join(str(title).split())
        if not sec:
            title = re.sub(r"(?<=[A-Za-z])\s+\d{1,3}$", "", title)  # a running header's page number
        meta["title"] = title
    return meta


def _org_line(opening: str) -> str | None:
    r"""An organization's name standing alone on a short line of the opening.

    >>> _org_line("Proposed Rules\n\nDEPARTMENT OF TRANSPORTATION\n\nFederal Aviation Administration")
    'Department of Transportation'
    """
    for line in opening.splitlines()[:60]:
        t = line.strip()
        if 6 <= len(t) <= 70 and not t.endswith((".", ",", ";")) and len(t.split()) <= 8 and ORG_WORDS.search(t.title()):
            if re.fullmatch(r"(?:[A-Z][\w'’&-]*|of|the|and|for|on|de|du|des|la|le)(?:\s+(?:[A-Z][\w'’&-]*|of|the|and|for|on|de|du|des|la|le))*", t.title()):
                if t.isupper():
                    t = re.sub(r"\b(Of|The|And|For|On)\b", lambda m: m.group(1).lower(), t.title())
                return t
    return None
