"""The page's HTML and exports without a browser: the answer line with its
inline citation, Copy answer and the downloaded conversation (the answer and
what supports it, numbered for the conversation), notes as Markdown and Word."""

from __future__ import annotations

import io
import json
import re

from qa.web import conversation_text, notes, render, verdicts, views


def passage(rank, anchor, text, title="Border Paper", highlights=None, **kw):
    start = kw.pop("start", 100 * rank)
    p = {"rank": rank, "doc": "paper.txt", "title": title, "section": "Intro", "paragraph": rank, "page": None,
         "start": start, "end": start + len(text), "text": text, "highlights": highlights or [],
         "anchor": anchor, "meta": {"organization": "NPF"}, "citation": f'"{text}" ({title})',
         "citation_markdown": f"> {text}"}
    p.update(kw)
    return p


def turn(question, passages, line=None, answered=True, reading=None):
    ans = {"question": question, "answered": answered, "passages": passages}
    if line is not None:
        ans["answer"] = line
    return {"question": question, "answer": ans, "note": "", "reading": reading}


DATELINE = "Ottawa, January 28, 2025"
T1 = turn("How many firearms were seized?", [
    passage(1, "a", "The CBSA seized 4,234 firearms <b>in</b> 2023.", highlights=[[100, 130]]),
    passage(2, "b", DATELINE, highlights=[[200, 206]]),
    passage(3, "c", "References: [1] Canada Border Services Agency statistics [online]")],
    line={"text": "The CBSA seized 4,234 firearms <b>in</b> 2023.", "doc": "paper.txt", "start": 100, "end": 146, "passage": 1})
T2 = turn("And in 2024?", [passage(1, "d", "In 2024 it seized 5,000."), passage(2, "a", "The CBSA seized 4,234 firearms <b>in</b> 2023.")],
          line={"text": "In 2024 it seized 5,000.", "doc": "paper.txt", "start": 100, "end": 124, "passage": 1},
          reading="How many firearms were seized? And in 2024?")


def test_answer_line_has_an_inline_citation_with_its_quote_and_source():
    html = render.transcript([T1, T2])
    assert html.count('class="qa-answer"') == 2
    assert "&lt;b&gt;in&lt;/b&gt;" in html and "<b>in</b>" not in html  # escaped everywhere
    second = html.split('class="qa-turn"')[2]
    ref = re.search(r'<button class="qa-ref"[^>]*>\[(\d+)\]</button><span class="qa-pop" role="tooltip">(.*?)</span></span>', second)
    assert ref.group(1) == "4"  # "d" is the fourth passage the conversation shows
    assert "In 2024 it seized 5,000." in ref.group(2) and "Border Paper, NPF, Intro, para. 1" in ref.group(2)
    assert 'data-n="1" data-anchor="a"' in second  # "a" keeps its number from the first answer
    assert "Read as: “How many firearms were seized? And in 2024?”" in second
    assert 'data-ask="And in 2024?"' in second
    note = json.loads(render.html.unescape(re.search(r'class="qa-add-note" data-note="([^"]*)"', second).group(1)))
    assert note == {"text": "In 2024 it seized 5,000.", "title": "Border Paper", "where": "NPF, Intro, para. 1", "doc": "paper.txt",
                    "start": 100, "end": 124, "anchor": "d", "kind": "answer", "context": "And in 2024?"}


def test_closest_sentence_is_marked_as_not_an_answer():
    """A line lacking what the question names shows as the closest sentence, saying what it lacks."""
    line = {"text": "In 2023, it seized 140,000 pounds.", "doc": "paper.txt", "start": 100, "end": 134, "passage": 1,
            "closest": True, "lacks": ["2024"]}
    html = render.transcript([turn("How much in 2024?", [passage(1, "e", "In 2023, it seized 140,000 pounds.")], line=line)])
    block = re.search(r'<div class="qa-answer qa-closest"><div class="qa-answer-label">([^<]*)</div>', html)
    assert block and block.group(1) == "Closest sentence, not an answer (it does not mention 2024)"
    assert 'class="qa-answer"' not in html  # not labelled an answer
    plain = render.transcript([T1])
    assert '<div class="qa-answer"><div class="qa-answer-label">Answer</div>' in plain


def test_copy_answer_is_the_answer_and_its_passage_not_the_list():
    numbers = conversation_text.numbering([T1])
    plain, md = conversation_text.copy_answer(T1["answer"], numbers)
    assert plain == ('The CBSA seized 4,234 firearms <b>in</b> 2023. [1]\n\n"The CBSA seized 4,234 firearms <b>in</b> 2023." [1]\n\n'
                     "[1] Border Paper, NPF, Intro, para. 1")
    assert DATELINE not in plain and "References" not in md and md.endswith("[^1]: *Border Paper*, NPF, Intro, para. 1")
    unanswered = turn("Who is the mayor?", T1["answer"]["passages"], answered=False)
    assert conversation_text.supporting(unanswered["answer"]) == [] and "qa-copy-answer" not in render.transcript([unanswered])


def test_downloaded_conversation_holds_answers_and_their_support_only():
    md = conversation_text.conversation_markdown([T1, T2])
    assert "Answer sentence" not in md and DATELINE not in md and "References" not in md
    assert "**Answer:** The CBSA seized 4,234 firearms \\<b\\>in\\</b\\> 2023.[^1]" in md
    assert "**Answer:** In 2024 it seized 5,000.[^4]" in md and "*Read as: How many firearms were seized? And in 2024?*" in md
    assert md.count("[^1]: *Border Paper*") == 1 and "[^4]: *Border Paper*, NPF, Intro, para. 1 (d)" in md


def test_notes_export_checks_what_the_browser_sends():
    sent = [{"text": "Quote <one> & “two”.", "title": "Paper", "where": "NPF, p. 3", "comment": "use in §2"},
            {"text": "   "}, {"text": "x" * 30_000, "title": "Long"}, 7, None]
    kept = notes.clean(sent)
    assert [n.title for n in kept] == ["Paper", "Long"] and len(kept[1].text) == notes.MAX_FIELD
    data = notes.to_docx(kept)
    from docx import Document

    body = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert body[1] == "“Quote <one> & “two”.”" and body[2] == "Note: use in §2"
    assert notes.read_footnotes(data) == ["Paper, NPF, p. 3", "Long"]
    assert "[^1]: *Paper*, NPF, p. 3" in notes.to_markdown(kept)
    import pytest

    from qa.errors import QAError
    with pytest.raises(QAError, match="reload the page"):
        notes.clean({"text": "not a list"})


def test_documents_table_labels_each_cell_for_the_narrow_layout():
    html = views.documents_table([{"doc": "a.pdf", "title": "<A>", "meta": {"date": "2024"}, "kind": "pdf", "chunks": 3}], {"a.pdf"})
    assert '<td data-label="Title">&lt;A&gt;</td>' in html and '<td data-label="Origin">uploaded</td>' in html


def test_a_verdict_shows_its_badge_quote_and_what_differs_escaped():
    ev = passage(1, "c1", "Seizures rose 53% <b>from</b> 2019 to 2023.", relation="contradicts",
                 differences=["the claim says it fell; the document says it rose"])
    html = verdicts.claim_result({"claim": "Seizures fell <i>sharply</i>.", "verdict": "contradicted", "evidence": [ev]})
    assert 'data-verdict="contradicted"' in html and ">Contradicted</span>" in html
    assert "Differs: the claim says it fell; the document says it rose" in html
    assert "&lt;i&gt;sharply&lt;/i&gt;" in html and "&lt;b&gt;from&lt;/b&gt;" in html and "<i>" not in html


def test_a_claim_nothing_settles_shows_the_closest_passages_as_not_answering():
    closest = [passage(i, f"c{i}", f"Unrelated passage {i} é.") for i in (1, 2, 3)]
    html = verdicts.claim_results([{"claim": "Ghost guns doubled.", "verdict": "not_found", "closest": closest}])
    assert "No passage in the searched documents settles this" in html and ">Not found</span>" in html
    assert "Unrelated passage 2 é." in html and "Unrelated passage 3" not in html


def test_a_draft_sentence_not_checked_says_why_and_claims_no_search():
    html = verdicts.claim_result({"claim": "Who patrols the border?", "verdict": "not_checked",
                                  "note": "not checked: this is a question, not a claim"})
    assert ">Not checked</span>" in html and "this is a question, not a claim" in html
    assert "settles this" not in html
