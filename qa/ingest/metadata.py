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


def first_title_line(text: str) -> str | None:
    """The first short non-empty line that is not a dateline, stripped of '#'.

    >>> first_title_line("\\n\\nOttawa, January 28, 2025\\n\\nRecommendations for Border Security\\n\\nBody.")
    'Recommendations for Border Security'
    """
    for line in text[:3000].splitlines():
        line = line.strip().lstrip("#").strip()
        if not line or DATELINE_RE.match(line):
            continue
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


def extract_metadata(text: str, props: dict | None = None, fmt: str | None = None) -> dict:
    """Title, organization, date and reference number where the text states them.

    ``props`` are the file's own properties (PDF info, DOCX core properties),
    used when the text has no labelled value.
    """
    props = {k: v for k, v in (props or {}).items() if v and str(v).strip()}
    fields = labelled_fields(text)
    meta = {}
    for key, labels in FIELDS.items():
        value = next((fields[label] for label in labels if label in fields), None)
        if value:
            meta[key] = value
    if "date" not in meta:
        for line in text[:1500].splitlines():
            m = DATELINE_RE.match(line.strip())
            if m:
                meta["date"] = m.group(1)
                break
    if "date" not in meta and props.get("date"):
        meta["date"] = str(props["date"])
    if "organization" not in meta:
        org = defining_organization(text) or props.get("author")
        if org:
            meta["organization"] = str(org).strip()
    title = props.get("title") or first_title_line(text)
    if title:
        meta["title"] = " ".join(str(title).split())
    return meta
