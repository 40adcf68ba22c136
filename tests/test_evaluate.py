"""qa eval: metrics against hand-computed values, the seed question set with
the real model, BEIR mechanics with a fake embedder, and bad input."""

import json
import math

import pytest

from qa import evaluate
from qa.cli import main
from qa.errors import QAError

from .conftest import ROOT


def test_metric_library_matches_hand_computed_values():
    qrels = {"q1": {"d1": 1, "d2": 1}, "q2": {"d3": 2, "d4": 1}, "q3": {"d9": 1}}
    run = {
        "q1": {"d0": 3.0, "d1": 2.0, "d2": 1.0},           # relevant at ranks 2 and 3
        "q2": {"d4": 2.0, "d3": 1.0},                      # graded: the less relevant first
        "q3": {f"x{i}": 100.0 - i for i in range(1, 11)} | {"d9": 50.0},  # relevant at rank 11
    }
    log2 = math.log2
    ndcg1 = (1 / log2(3) + 1 / log2(4)) / (1 + 1 / log2(3))
    ndcg2 = (1 + 2 / log2(3)) / (2 + 1 / log2(3))           # trec_eval's linear gain
    got = evaluate.ir_metrics(qrels, run)
    assert got["ndcg@10"] == pytest.approx((ndcg1 + ndcg2 + 0) / 3, abs=1e-4)
    assert got["recall@100"] == pytest.approx(1.0)
    assert got["mrr@10"] == pytest.approx((1 / 2 + 1 / 1 + 0) / 3, abs=1e-4)  # rank 11 is past the cut


def test_a_query_missing_from_the_run_counts_zero():
    got = evaluate.ir_metrics({"q1": {"d1": 1}, "q2": {"d2": 1}}, {"q1": {"d1": 1.0}})
    assert got == {"ndcg@10": 0.5, "recall@100": 0.5, "mrr@10": 0.5}


def _unanswerable():
    lines = (ROOT / "tests/data/unanswerable.txt").read_text().splitlines()
    return [l for l in lines if l.strip() and not l.startswith("#")]


def test_seed_question_set_with_the_real_model(seeds_index, embedder, eval_questions, tmp_path):
    path = tmp_path / "q.jsonl"
    rows = eval_questions + [{"id": f"u{i}", "question": q, "source": None} for i, q in enumerate(_unanswerable())]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    questions = evaluate.load_questions(path)
    results = evaluate.evaluate_questions(seeds_index, embedder, questions)
    assert set(results) == {"bm25", "dense", "hybrid"}
    hybrid = results["hybrid"]
    assert hybrid["hit@5"] == 1.0 and hybrid["hit@1"] >= (len(eval_questions) - 1) / len(eval_questions)
    assert hybrid["hit@1"] <= hybrid["hit@3"] <= hybrid["hit@5"] and hybrid["hit@1"] <= hybrid["mrr"] <= hybrid["hit@5"]
    assert hybrid["answered"] == 1.0 and hybrid["declined"] == 1.0
    assert hybrid["mrr"] >= max(results["bm25"]["mrr"], results["dense"]["mrr"]) - 0.05


def test_source_not_in_the_index_names_the_line(seeds_index, embedder, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "Who?", "source": "nope.txt", "answer": ["x"]}\n')
    with pytest.raises(QAError, match=r"q\.jsonl:1: source 'nope.txt' is not in the index"):
        evaluate.evaluate_questions(seeds_index, embedder, evaluate.load_questions(path))


@pytest.mark.parametrize("content,message", [
    ('{"question": "a?", "source": "x.txt", "answer": ["x"]}\n{"question": "b?", oops}\n', r"q\.jsonl:2: not valid JSON"),
    ('\n\n{"id": 1, "source": null}\n', r"q\.jsonl:3: missing field 'question'"),
    ('["a list"]\n', r"q\.jsonl:1: expected a JSON object"),
    ('{"question": "a?", "source": "x.txt", "answer": "x"}\n', r"q\.jsonl:1: 'answer' must be a list"),
    ('{"question": "a?", "source": "x.txt"}\n', r"q\.jsonl:1: a question with a 'source' needs"),
    ('{"question": "", "source": null}\n', r"q\.jsonl:1: 'question' must be a non-empty string"),
    ('{"id": "a", "question": "a?", "source": null}\n{"id": "a", "question": "b?", "source": null}\n', r"q\.jsonl:2: id 'a' was already used on line 1"),
    ('\n', r"q\.jsonl: no questions"),
])
def test_malformed_question_files(tmp_path, content, message):
    path = tmp_path / "q.jsonl"
    path.write_text(content)
    with pytest.raises(QAError, match=message):
        evaluate.load_questions(path)


def _beir(folder, qrels="query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\ta/b\t1\n"):
    (folder / "qrels").mkdir(parents=True)
    docs = [("d1", "Fire safety", "Smoke alarms save lives in house fires."),
            ("d2", "Gardening", "Tomatoes need sun and water every day."),
            ("a/b", "", "Glaciers in the Alps are melting fast.")]
    (folder / "corpus.jsonl").write_text("".join(json.dumps({"_id": i, "title": t, "text": x}) + "\n" for i, t, x in docs))
    (folder / "queries.jsonl").write_text('{"_id": "q1", "text": "smoke alarms in fires"}\n{"_id": "q2", "text": "melting glaciers alps"}\n{"_id": "q3", "text": "unjudged"}\n')
    (folder / "qrels" / "train.tsv").write_text(qrels)
    return folder


def test_beir_index_is_cached_and_chunks_map_back_to_ids(tmp_path, hash_embedder, monkeypatch):
    monkeypatch.setenv("QA_BENCH_CACHE", str(tmp_path / "cache"))
    beir = evaluate.load_beir(_beir(tmp_path / "tiny"), "train")
    assert set(beir.queries) == {"q1", "q2"} and beir.qrels["q2"] == {"a/b": 1}
    index = evaluate.beir_index(beir, hash_embedder)
    assert len(index.documents) == 3 and hash_embedder.calls > 0
    calls = hash_embedder.calls
    again = evaluate.beir_index(beir, hash_embedder)
    assert hash_embedder.calls == calls and again.path == index.path  # reused, not rebuilt
    assert str(index.path).startswith(str(tmp_path / "cache"))
    results, ms = evaluate.evaluate_beir(beir, index, hash_embedder)
    for mode in ("bm25", "dense", "hybrid"):
        assert results[mode] == {"ndcg@10": 1.0, "recall@100": 1.0, "mrr@10": 1.0}, mode
        assert ms[mode] > 0
    run = evaluate.beir_run(index, hash_embedder, beir.queries, "hybrid")
    assert set(run["q2"]) <= {"d1", "d2", "a/b"} and max(run["q2"], key=run["q2"].get) == "a/b"


@pytest.mark.parametrize("break_it,message", [
    (lambda f: (f / "corpus.jsonl").unlink(), r"corpus\.jsonl: missing"),
    (lambda f: (f / "queries.jsonl").unlink(), r"queries\.jsonl: missing"),
    (lambda f: (f / "qrels" / "train.tsv").rename(f / "qrels" / "dev.tsv"), r"train\.tsv: missing \(splits here: dev\)"),
    (lambda f: (f / "qrels" / "train.tsv").write_text("q1\tnope\t1\n"), r"train\.tsv:1: corpus id 'nope' is not in corpus\.jsonl"),
    (lambda f: (f / "qrels" / "train.tsv").write_text("query-id\tcorpus-id\tscore\nq9\td1\t1\n"), r"train\.tsv:2: query id 'q9' is not in queries\.jsonl"),
    (lambda f: (f / "qrels" / "train.tsv").write_text("q1 d1 1\n"), r"train\.tsv:1: expected 'query-id<TAB>corpus-id<TAB>score'"),
    (lambda f: (f / "corpus.jsonl").write_text('{"_id": "d1", "text": "x"}\n{"_id": "d1", "text": "y"}\n'), r"corpus\.jsonl:2: duplicate _id 'd1'"),
    (lambda f: (f / "queries.jsonl").write_text('{"_id": "q1"}\n'), r"queries\.jsonl:1: missing field 'text'"),
])
def test_broken_beir_folders(tmp_path, break_it, message):
    folder = _beir(tmp_path / "tiny")
    break_it(folder)
    with pytest.raises(QAError, match=message):
        evaluate.load_beir(folder, "train")


def test_cli_eval_errors_are_one_line_with_exit_2(tmp_path, capsys):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"question": "a?", "source": null}\nnot json\n')
    assert main(["eval", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{bad}:2: not valid JSON" in err
    assert main(["eval", "--beir", str(tmp_path / "absent")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["eval", str(bad), "--fusion", "rrf"]) == 2
    assert "--beir only" in capsys.readouterr().err


def test_cli_eval_beir_json_with_the_real_model(tmp_path, capsys, monkeypatch, embedder):
    monkeypatch.setenv("QA_BENCH_CACHE", str(tmp_path / "cache"))
    folder = _beir(tmp_path / "tiny")
    assert main(["eval", "--beir", str(folder), "--split", "train", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"bm25", "dense", "hybrid"}
    assert out["hybrid"] == {"ndcg@10": 1.0, "recall@100": 1.0, "mrr@10": 1.0}
    assert main(["eval", "--beir", str(folder), "--split", "train", "--mode", "hybrid", "--fusion", "rrf"]) == 0
    text = capsys.readouterr().out
    assert "tiny train: 2 queries, 3 documents" in text and "fusion rrf" in text
    assert "ndcg@10" in text and "hybrid" in text and "bm25 " not in text
