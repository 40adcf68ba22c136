"""HTML for claim checks: each draft sentence with its verdict badge, the
quotes that settle it, and what differs ("Differs: the claim says it fell;
the document says it rose").

Everything shown goes through ``render.esc``, as in ``render``; evidence
quotes are ordinary passage cards, so they copy and cite like answers.
"""

from __future__ import annotations

from qa.web.render import esc, passage_card

VERDICT_LABELS = {"supported": "Supported", "contradicted": "Contradicted", "not_found": "Not found",
                  "partly_supported": "Partly supported", "unsettled": "Related, not settled",
                  "not_checked": "Not checked"}


def badge(verdict: str) -> str:
    v = str(verdict)
    return f'<span class="qa-badge {esc(v)}" data-verdict="{esc(v)}">{esc(VERDICT_LABELS.get(v, v.replace("_", " ")))}</span>'


def _differences(ev: dict) -> str:
    diffs = ev.get("differences") or []
    if isinstance(diffs, (str, dict)):
        diffs = [diffs]
    items = []
    for d in diffs:
        if isinstance(d, dict):
            d = d.get("text") or d.get("message") or "; ".join(f"{k}: {v}" for k, v in d.items())
        items.append(f'<div class="qa-diff">Differs: {esc(d)}</div>')
    return "".join(items) + "".join(f'<div class="qa-proof">Shows: {esc(d)}</div>' for d in ev.get("proof") or [])


def claim_result(r: dict) -> str:
    """One sentence of a draft: its verdict badge, then the quotes that settle it."""
    cards = []
    for i, ev in enumerate(r.get("evidence") or [], 1):
        rel = str(ev.get("relation") or "")
        extra = (f'<div><span class="qa-rel {esc(rel)}">{esc(rel.replace("_", " "))}</span></div>' if rel else "") + _differences(ev)
        cards.append(passage_card(i, ev, True, extra, "evidence", r.get("claim") or ""))
    parts = "".join(f'<div class="qa-part">{badge(p.get("verdict"))}{esc(p.get("claim"))}</div>'
                    for p in r.get("parts") or [] if isinstance(p, dict))
    note = f'<div class="qa-note">{esc(r["note"])}</div>' if r.get("note") else ""
    if not cards and r.get("verdict") != "not_checked":  # a question or greeting: its note says why, nothing is searched
        cards.append('<div class="qa-note">No passage in the searched documents settles this. The closest ones:</div>')
        cards += [passage_card(i, p, False, kind="evidence", context=r.get("claim") or "") for i, p in enumerate((r.get("closest") or [])[:2], 1)]
    return (f'<div class="qa-claim" data-verdict="{esc(r.get("verdict"))}">{badge(r.get("verdict"))}'
            f'<span class="qa-claim-text">{esc(r.get("claim"))}</span>{note}'
            + (f'<div class="qa-parts">{parts}</div>' if parts else "") + "".join(cards) + "</div>")


def claim_results(results: list[dict]) -> str:
    return "".join(claim_result(r) for r in results)
