"""Answers with the real model over the seeds: the answer line, on-topic
questions the seeds do not answer, follow-ups by evidence, identical passages
once, references after body text, questions with nothing to search for."""

import json

import pytest

from qa.answer.answers import answer
from qa.answer.followup import answer_turn, stands_alone
from qa.cli import main

from .conftest import ROOT, SEEDS, fold


def _on_topic(group: str) -> list[str]:
    out, current = [], "fit"
    for line in (ROOT / "tests/data/unanswerable_on_topic.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = "fit" if "fit" in line else "held"
        elif line.strip() and not line.startswith("#") and current == group:
            out.append(line.strip())
    return out


def test_seed_questions_first_answered_and_answer_line_verbatim(seeds_index, embedder, eval_questions):
    for q in eval_questions:
        ans = answer(seeds_index, embedder, q["question"])
        top = ans.passages[0]
        assert top.doc == q["source"] and all(fold(a) in fold(top.text) for a in q["answer"]), q["id"]
        assert ans.answered, (q["id"], ans.confidence)
        line = ans.answer
        assert line is not None and seeds_index.documents[line.doc].text[line.start:line.end] == line.text
        p = ans.passages[line.passage - 1]
        assert p.doc == line.doc and p.start <= line.start < line.end <= p.end
        assert 0.0 <= ans.confidence <= 1.0


def test_answer_line_holds_the_figure_of_the_year_asked(seeds_index, embedder):
    ans = answer(seeds_index, embedder, "How much illicit drugs did the CBSA seize in 2024?")
    assert ans.answered and "165,000" in ans.answer.text and not ans.answer.closest


def test_held_out_on_topic_unanswerable_questions_are_declined(seeds_index, embedder):
    questions = _on_topic("held")
    assert len(questions) >= 10
    declined = [q for q in questions if not answer(seeds_index, embedder, q).answered]
    # the target: at least 8 of 10, so 80% of a longer list (benchmarks/seeds_answers.py)
    assert len(declined) >= max(8, 0.8 * len(questions)), set(questions) - set(declined)


def test_reworded_seed_questions_are_found_and_answered(seeds_index, embedder):
    """Questions in a reader's own words (tests/data/seeds_reworded.txt, written before they were run):
    the answer is in the first passage for all, and in the answer line of an answered question for 13 of 15
    ("Why is southbound migration hard to prosecute?" is declined; "How often should the forum meet?" has
    the forum's heading as its closest line)."""
    rows = [line.split(" | ") for line in (ROOT / "tests/data/seeds_reworded.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert len(rows) == 15
    first, lined = [], []
    for question, expected in rows:
        ans = answer(seeds_index, embedder, question)
        if expected in ans.passages[0].text:
            first.append(question)
        if ans.answered and expected in ans.answer.text:
            lined.append(question)
    assert len(first) == len(rows), {q for q, _ in rows} - set(first)
    assert len(lined) >= 13, {q for q, _ in rows} - set(lined)


def test_a_year_named_must_be_in_the_line_or_the_sentence_it_follows(seeds_index, embedder):
    """"In 2024, ... 23,721 encounters ..., more than double the previous year" does not give 2023's
    count, though its passage names 2023 elsewhere; "CBP" is named by "Customs and Border Protection"."""
    ans = answer(seeds_index, embedder, "How many encounters did U.S. CBP report on the northern border in 2023?")
    assert not ans.answered and ans.answer.closest and ans.answer.lacks == ["2023"]
    year = answer(seeds_index, embedder, "How many encounters did U.S. CBP report on the northern border in 2024?")
    assert year.answered and "23,721" in year.answer.text and not year.answer.closest


def test_a_figure_over_another_period_is_only_the_closest(seeds_index, embedder):
    """"400,000 people crossing daily" is not how many cross each year."""
    ans = answer(seeds_index, embedder, "How many people cross the Canada-U.S. border each year?")
    assert not ans.answered and "400,000" in ans.answer.text
    assert ans.note == "The closest sentence does not mention a yearly figure, only a daily one."
    daily = answer(seeds_index, embedder, "About how many people cross the Canada-U.S. border every day?")
    assert daily.answered and "400,000" in daily.answer.text


def test_a_name_asked_for_is_a_person_named(seeds_index, embedder):
    """The label lines of the note ("Organization: Public Safety Canada") name no person; "Name of
    Minister: Anandasangaree, Gary (Hon.)" does."""
    ans = answer(seeds_index, embedder, "Who is the current Minister of Public Safety?")
    assert ans.answered and "Anandasangaree" in ans.answer.text
    nobody = answer(seeds_index, embedder, "What is the name of the RCMP Federal Policing Border Integrity team's director?")
    assert not nobody.answered and "anyone by name" in nobody.answer.lacks


def test_a_vague_quantity_is_not_the_count_asked_for(seeds_index, embedder):
    """"almost half of shooting homicides" does not say how many there were."""
    ans = answer(seeds_index, embedder, "How many shooting homicides did Canada record in 2022?")
    assert not ans.answered and ans.ruled_out
    assert ans.answer.closest and "a count" in ans.answer.lacks and "half" in ans.answer.text
    assert ans.note.startswith("The closest sentence does not mention a count")


def test_a_figure_about_something_else_is_not_the_answer(seeds_index, embedder):
    """The drug seizures of 2024 are not the cocaine seized: the sentence never names it."""
    ans = answer(seeds_index, embedder, "How much heroin did the CBSA seize in 2024?")
    assert not ans.answered and ans.answer is not None and "heroin" in ans.answer.lacks
    named = answer(seeds_index, embedder, "How many pounds of illicit drugs did the CBSA seize in 2024?")
    assert named.answered and "165,000" in named.answer.text and not named.answer.closest


def test_the_numbered_item_asked_for_is_the_answer_line(seeds_index, embedder):
    ans = answer(seeds_index, embedder, "What is the second recommendation of the police federation?")
    assert ans.answer is not None and ans.answer.text.lstrip().startswith("2.")


def test_named_year_missing_is_marked_closest(seeds_index, embedder):
    ans = answer(seeds_index, embedder, "What percentage of encounters occurred in the Swanton Sector in 2021?")
    assert ans.answer is not None and ans.answer.closest and "2021" in ans.answer.lacks


@pytest.mark.parametrize("question", ["what is it?", "Why?", "?!", "How is that?"])
def test_question_without_subject_is_not_answered_with_a_note(seeds_index, embedder, question):
    ans = answer(seeds_index, embedder, question)
    assert not ans.answered and ans.note and ans.answer is None
    assert ans.to_dict()["answer"] is None


def test_follow_ups_by_evidence(seeds_index, embedder):
    assert not stands_alone("And in 2024?") and stands_alone("What is migrant smuggling?")
    first = "How much illicit drugs did the CBSA seize in 2023?"
    follow = answer_turn(seeds_index, embedder, "And in 2024?", first)
    assert follow.reading == "with previous" and follow.answered
    assert any("165,000" in p.text for p in follow.passages)
    alone = answer_turn(seeds_index, embedder, "What is migrant smuggling?", "How many people cross the border daily?")
    assert alone.reading == "own" and "human smuggling" in alone.passages[0].text


def test_identical_passages_appear_once(tmp_path, embedder):
    from qa.store.index import build_index, load_index

    src = tmp_path / "docs"
    src.mkdir()
    body = "The harbour authority counted 4,120 container ships in 2023, a record for the port of Halifax.\n"
    (src / "a.txt").write_text("Port report A\n\n" + body, encoding="utf-8")
    (src / "b.txt").write_text("Port report B\n\n" + body, encoding="utf-8")
    (src / "c.txt").write_text("Weather\n\nIt rained in Halifax for most of 2023.\n", encoding="utf-8")
    build_index([src], tmp_path / "index", embedder)
    index = load_index(tmp_path / "index")
    ans = answer(index, embedder, "How many container ships came to Halifax in 2023?")
    texts = [" ".join(p.text.split()) for p in ans.passages]
    assert len(texts) == len(set(texts))
    first = ans.passages[0]
    assert "4,120" in first.text and len(first.also_in) == 1


def test_a_repeated_passage_is_quoted_where_it_first_appears(tmp_path, embedder):
    """The same sentence in a summary and again under a heading that matches the question: one passage,
    quoted from its first place (the summary), the later one listed as also there."""
    from qa.store.index import build_index, load_index

    src = tmp_path / "docs"
    src.mkdir()
    repeated = "Les commentaires sur la directive doivent parvenir à l’autorité avant le 21 septembre 2020."
    (src / "avis.md").write_text(
        f"# Résumé\n\n{repeated}\n\n# Contexte\n\nL’autorité a publié une directive de navigabilité après deux "
        "accidents. Elle exige une mise à jour du logiciel de commande de vol et une formation des équipages.\n\n"
        f"# Date limite des commentaires sur la directive\n\n{repeated}\n", encoding="utf-8")
    build_index([src], tmp_path / "index", embedder)
    index = load_index(tmp_path / "index")
    ans = answer(index, embedder, "Avant quelle date faut-il envoyer les commentaires sur la directive ?")
    copies = [p for p in ans.passages if p.text == repeated]
    text = index.documents["avis.md"].text
    assert len(copies) == 1 and copies[0].rank == 1
    assert copies[0].start == text.index(repeated) and text[copies[0].start:copies[0].end] == repeated
    assert copies[0].section == "Résumé" and len(copies[0].also_in) == 1


def test_json_has_the_answer_line(tmp_path, capsys):
    out = tmp_path / "index"
    assert main(["--index", str(out), "index", "--quiet", str(SEEDS)]) == 0
    capsys.readouterr()
    assert main(["--index", str(out), "ask", "--json", "How many organized crime incidents were there in 2023?"]) == 0
    data = json.loads(capsys.readouterr().out)
    line = data["answer"]
    assert set(line) >= {"text", "doc", "start", "end", "passage"} and "13,056" in line["text"]
    assert data["passages"][line["passage"] - 1]["doc"] == line["doc"]
    assert main(["--index", str(out), "ask", "How many organized crime incidents were there in 2023?"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[1].startswith("A: ") and "13,056" in printed[1] and "[1]" in printed[1]
    assert main(["--index", str(out), "ask", "--json", "What is the recipe for banana bread?"]) == 0
    assert json.loads(capsys.readouterr().out)["answer"] is None


def test_references_never_crowd_out_body_text(seeds_index, embedder):
    """A reference-list chunk (Chunk.kind, from the ingest stage) comes after
    every body passage, but is still found when nothing else matches."""
    question = "What is the name of the U.S. border patrol sector with the most crossings?"
    refs = [i for i, c in enumerate(seeds_index.chunks) if "Available at:" in c.text]
    assert refs
    saved = {i: getattr(seeds_index.chunks[i], "kind", None) for i in refs}
    try:
        for i in refs:
            seeds_index.chunks[i].kind = "reference"
        ans = answer(seeds_index, embedder, question, k=10)
        kinds = [p.kind for p in ans.passages]
        assert "Swanton Sector" in ans.passages[0].text
        if "reference" in kinds:
            assert all(k == "reference" for k in kinds[kinds.index("reference"):]), kinds
        only = answer(seeds_index, embedder, "CBC", k=3)  # a word only the reference list has
        assert only.passages[0].kind == "reference"
    finally:
        for i, kind in saved.items():
            if kind is None:
                del seeds_index.chunks[i].kind
            else:
                seeds_index.chunks[i].kind = kind


def test_highlight_shows_the_answer_after_a_sentence_restating_the_question(tmp_path, embedder):
    """A tiny real corpus: the sentence most like the question restates it and
    the next one answers; a line broken mid-sentence is one sentence."""
    from qa.store.index import build_index, load_index

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "inhalers.txt").write_text(
        "Inhaled delivery of medications\n\n"
        "Several inhalation devices are available for the inhaled delivery of medications to the lungs. "
        "Metered dose inhalers and dry powder inhalers are the most common ones in clinics.\n\n"
        "Nebulisers are used in hospitals; the café near the ward sells\ncoffee to the patients’ families.\n",
        encoding="utf-8")
    out = tmp_path / "index"
    build_index([docs], out, embedder)
    index = load_index(out)
    ans = answer(index, embedder, "Which devices are used for inhaled delivery of medications?")
    shown = " ".join(p.highlighted_text() for p in ans.passages)
    assert "Metered dose inhalers and dry powder inhalers" in shown
    text = index.documents["inhalers.txt"].text
    spans = [text[int(s):int(e)] for _, s, e in index.sentence_spans]
    assert "Nebulisers are used in hospitals; the café near the ward sells\ncoffee to the patients’ families." in spans


def test_a_passage_whose_sentence_names_what_is_asked_ranks_first():
    """rank(): of two passages close on fused score and best-sentence score, the one
    with a sentence holding the question's terms (IDF-weighted) comes first."""
    from types import SimpleNamespace as NS

    from qa.answer import answers, evidence

    chunks = [NS(text="Le virus se transmet surtout par les gouttelettes respiratoires.", kind="body", doc="a.txt", start=0),
              NS(text="La hepcidine est produite par le foie en réponse à l’inflammation.", kind="body", doc="b.txt", start=0)]
    index = NS(chunks=chunks)
    hits = [NS(chunk=0, score=0.80, bm25=1.0), NS(chunk=1, score=0.78, bm25=1.0)]
    sentence = lambda c, share: answers.Scored(c, 0, len(chunks[c].text), 0.5, 0.6, True, [], share)
    scored = {0: [sentence(0, 0.1)], 1: [sentence(1, 0.9)]}
    question = "Quel organe produit la hepcidine ?"
    ordered, _ = answers.rank(index, hits, scored, evidence.wants(question), question)
    assert [h.chunk for h in ordered] == [1, 0]
    scored[1][0].share = 0.1   # without the terms held, fused score decides
    ordered, _ = answers.rank(index, hits, scored, evidence.wants(question), question)
    assert [h.chunk for h in ordered] == [0, 1]


def test_a_share_of_something_the_answer_never_names_is_not_answered(seeds_index, embedder):
    """"What percentage of fentanyl ...": a sentence about cocaine's share of the
    drugs seized answers something else, however like the question it reads."""
    ans = answer(seeds_index, embedder, "What percentage of fentanyl seized at the U.S. northern border came from Canada?")
    assert not ans.answered and ans.answer is not None and "fentanyl" in ans.answer.lacks


def test_a_named_identifier_missing_from_the_passage_is_not_answered(tmp_path, embedder):
    """An identifier in lower case ("tidelib2") has no synonym: a passage of
    another document, without it, does not answer, however near its words."""
    from qa.store.index import build_index, load_index

    src = tmp_path / "docs"
    src.mkdir()
    (src / "policy.txt").write_text("Packaging policy\n\nA program which requires a specific minor version of Python "
                                    "must declare the versioned interpreter, such as python3.11, in its first line.\n",
                                    encoding="utf-8")
    (src / "tide.txt").write_text("Tidelib2 manual\n\nThe tidelib2 library predicts high water at Cádiz and Tromsø "
                                  "from harmonic constants. It is written in C and needs no interpreter.\n", encoding="utf-8")
    build_index([src], tmp_path / "index", embedder)
    index = load_index(tmp_path / "index")
    ans = answer(index, embedder, "What minimum Python version does tidelib2 require?")
    assert not ans.answered
    about = answer(index, embedder, "Which ports does tidelib2 predict high water for?")
    assert about.answered and "Cádiz" in about.answer.text


def _tiny_index(tmp_path, name: str, files: dict, embedder):
    from qa.store.index import build_index, load_index

    src = tmp_path / name
    src.mkdir()
    for file, text in files.items():
        (src / file).write_text(text, encoding="utf-8")
    build_index([src], tmp_path / f"{name}-index", embedder)
    return load_index(tmp_path / f"{name}-index")


def test_a_who_question_is_answered_by_the_line_naming_someone_new(tmp_path, embedder):
    """"Title of Minister: Minister of Coastal Safety" only restates the
    question; the line naming the minister is the answer, and a document that
    holds nothing but the question's own words does not answer."""
    note = ("Reference number:\nCS-2025-QP-00042\nDate received:\nMarch 12, 2025\nOrganization:\nHarbour Authority of "
            "Ålesund\nName of Minister:\nLefèvre, Zoë (Hon.)\nTitle of Minister:\nMinister of Coastal Safety\n")
    index = _tiny_index(tmp_path, "note", {"note.txt": note}, embedder)
    ans = answer(index, embedder, "Who is the current Minister of Coastal Safety?")
    assert ans.answer is not None and "Lefèvre, Zoë" in ans.answer.text and not ans.answer.closest
    bare = _tiny_index(tmp_path, "bare", {"bare.txt": "Minister of Inland Waters\n\nTitle of Minister:\nMinister of "
                                                      "Inland Waters\n"}, embedder)
    ans = answer(bare, embedder, "Who is the Minister of Inland Waters?")
    assert not ans.answered and ans.ruled_out and ans.answer.closest
    assert "anything the question does not already say" in ans.answer.lacks


def test_which_company_wants_a_company_named(tmp_path, embedder):
    """"Which company builds X?" is not answered by a sentence about X that
    names no company; a sentence naming one ("Nordvik Systems AB") is the line."""
    towers = ("Øresund Coast Guard\n\nThe Øresund Coast Guard deploys mobile radar towers along the strait under the "
              "Harbour Safety Plan. The towers watch small boats at night and in fog.\n")
    index = _tiny_index(tmp_path, "towers", {"towers.txt": towers}, embedder)
    ans = answer(index, embedder, "Which company builds the Coast Guard's radar towers?")
    assert not ans.answered and ans.ruled_out and "a company" in ans.answer.lacks
    assert "does not mention a company" in ans.note
    made = towers.replace("in fog.", "in fog. The towers are built by Nordvik Systems AB of Malmö.")
    index = _tiny_index(tmp_path, "made", {"towers.txt": made}, embedder)
    ans = answer(index, embedder, "Which company builds the Coast Guard's radar towers?")
    assert "Nordvik Systems AB" in ans.answer.text and "a company" not in ans.answer.lacks and not ans.ruled_out


def test_which_city_wants_a_place_named(tmp_path, embedder):
    """"Which city hosted X?" is not answered by a sentence about X naming only
    organizations and a month; the same sentence placing it ("in Tromsø") answers."""
    talks = ("Harbour talks\n\nIn March, the Nordic Harbour Police Federation hosted talks with Danish and Swedish "
             "port unions on smuggling through small harbours.\n")
    question = "Which city hosted the Harbour Police Federation's talks with port unions?"
    ans = answer(_tiny_index(tmp_path, "talks", {"talks.txt": talks}, embedder), embedder, question)
    assert not ans.answered and ans.ruled_out and "a city" in ans.answer.lacks
    placed = talks.replace("port unions on", "port unions in Tromsø on")
    ans = answer(_tiny_index(tmp_path, "placed", {"talks.txt": placed}, embedder), embedder, question)
    assert "Tromsø" in ans.answer.text and not ans.ruled_out
