"""Claim checking with the real model over the seed documents."""

import json
import re
import subprocess
import sys

import pytest

from qa.check.claims import Judgement, MAX_DRAFT_CHARS, check_claim, check_draft, split_parts
from qa.errors import QAError

from .conftest import ROOT, shared_eval

WRITTEN = [json.loads(l) for l in (ROOT / "tests/data/seeds_claims_written.jsonl").read_text().splitlines() if l.strip()]
NOT_FOUND = [l for l in (ROOT / "tests/data/claims_not_found.txt").read_text().splitlines() if l and not l.startswith("#")]
NPF = "004_c83899779e2afedb.txt"
PSC = "000_a58a9600d03a047c.txt"


@pytest.fixture(scope="session")
def seeds_claims():
    return shared_eval("seeds_claims.jsonl")


def _settled_by(result):
    return result.documents[0]["doc"] if result.documents else None


def test_seeds_claims_all_right(seeds_index, embedder, seeds_claims):
    wrong = []
    for c in seeds_claims:
        r = check_claim(seeds_index, embedder, c["claim"])
        if (r.verdict, _settled_by(r)) != (c["verdict"], c["source"]):
            wrong.append((c["id"], c["verdict"], r.verdict, _settled_by(r)))
        if c["evidence"]:
            assert any(s.casefold() in p.text.casefold() for p, _, _ in r.evidence for s in c["evidence"]), c["id"]
    assert not wrong, wrong


def test_contradiction_says_what_differs(seeds_index, embedder):
    r = check_claim(seeds_index, embedder, "The CBSA seized 42,340 firearms between 2019 and 2023.")
    assert r.verdict == "contradicted" and r.documents[0] == {"doc": NPF, "title": r.documents[0]["title"], "relation": "contradicts"}
    assert r.evidence[0][2] == ["the claim says 42,340; the National Police Federation document says 4,234"]


@pytest.mark.parametrize("claim", NOT_FOUND)
def test_calibration_not_found_claims(seeds_index, embedder, claim):
    r = check_claim(seeds_index, embedder, claim)
    assert r.verdict == "not_found", (r.verdict, [p.text for p, _, _ in r.evidence])
    assert r.documents == [] and r.evidence == [] and r.closest  # the nearest passages are still listed


@pytest.mark.parametrize("claim", [  # held out: not used to set the threshold
    "The RCMP Musical Ride performed in Ottawa in 2024.",
    "Canada's ports of entry process 50 million trucks a year.",
    "Cocaine prices in Toronto rose by 40% in 2023.",
    "The National Police Federation was founded in 1985.",
    "Migrant smugglers mostly use commercial airlines.",
])
def test_held_out_not_found_claims(seeds_index, embedder, claim):
    assert check_claim(seeds_index, embedder, claim).verdict == "not_found"


@pytest.mark.parametrize("claim,verdict,doc", [  # paraphrases and variants beyond the seeds sample
    ("The Canada-U.S. border is almost 9,000 kilometres long.", "supported", NPF),
    ("Organized crime incidents rose from 8,519 in 2019 to 13,056 in 2023.", "supported", NPF),
    ("Organized crime incidents fell between 2019 and 2023.", "contradicted", NPF),
    ("Canada committed $1.3 billion to enhance border infrastructure.", "supported", NPF),
    ("Canada made a 3.1 billion dollar commitment to improve border infrastructure.", "contradicted", NPF),
    ("The RCMP seized 4,234 firearms between 2019 and 2023.", "contradicted", NPF),
    ("The Swanton Sector accounted for 82 percent of encounters in 2024.", "supported", NPF),
    ("Illicit drug seizures by CBP at the northern border increased in 2024.", "contradicted", NPF),
    ("Profits from migrant smuggling often fund drug trafficking and corruption.", "supported", PSC),
])
def test_variants(seeds_index, embedder, claim, verdict, doc):
    r = check_claim(seeds_index, embedder, claim)
    assert (r.verdict, _settled_by(r)) == (verdict, doc), [(p.text, d) for p, _, d in r.evidence]


def test_multi_part_claim_is_partly_supported(seeds_index, embedder):
    claim = ("The CBSA seized 4,234 firearms between 2019 and 2023, and the RCMP operates a fleet "
             "of armed patrol boats on the Great Lakes.")
    r = check_claim(seeds_index, embedder, claim)
    assert r.verdict == "partly_supported"
    assert [p.verdict for p in r.parts] == ["supported", "not_found"]
    d = r.to_dict()
    assert [p["verdict"] for p in d["parts"]] == ["supported", "not_found"] and d["documents"][0]["doc"] == NPF


def test_split_parts():
    assert split_parts("Encounters doubled in 2024; drug seizures fell by 80% in the same year.") == \
        ["Encounters doubled in 2024", "drug seizures fell by 80% in the same year."]
    assert split_parts("The RCMP and the CBSA work together at the border.") == ["The RCMP and the CBSA work together at the border."]
    assert split_parts("Between 2019 and 2023 the CBSA seized 4,234 firearms.") == ["Between 2019 and 2023 the CBSA seized 4,234 firearms."]


def test_evidence_is_verbatim_with_offsets(seeds_index, embedder):
    for claim in ["In 2024 the CBSA seized nearly 165,000 pounds of illicit drugs.",
                  "Canada increased its federal border personnel by 3,500.",
                  "Migrant smuggling usually happens with the consent of the person being smuggled."]:
        r = check_claim(seeds_index, embedder, claim)
        assert r.evidence
        for p, relation, _ in r.evidence:
            assert seeds_index.documents[p.doc].text[p.start:p.end] == p.text
            assert p.highlights == [[p.start, p.end]] and p.anchor.endswith(f":{p.start}-{p.end}")
        for e in r.to_dict()["evidence"]:
            assert seeds_index.documents[e["doc"]].text[e["start"]:e["end"]] == e["text"]
            assert e["relation"] in ("supports", "contradicts") and isinstance(e["differences"], list)
            assert e["citation"] and e["title"]


@pytest.mark.parametrize("text,why", [
    ("How many firearms did the CBSA seize between 2019 and 2023?", "`qa ask` answers questions"),
    ("Did the CBSA seize firearms", "question"),
    ("Hello!", "greeting"),
    ("Thanks so much", "greeting"),
    ("firearms", "single word"),
    ("x" * 10_000, "10,000 characters"),
])
def test_not_a_claim_is_a_one_line_error(seeds_index, embedder, text, why):
    """Never a verdict on nothing: a question, a greeting, a word, a text too long."""
    with pytest.raises(QAError, match=re.escape(why)) as e:
        check_claim(seeds_index, embedder, text)
    assert "\n" not in str(e.value)


def test_mixed_languages_get_a_note(seeds_index, embedder):
    r = check_claim(seeds_index, embedder, "The RCMP is responsible for la sécurité de la frontière between ports of entry.")
    assert "mixes English and another language" in r.note and r.to_dict()["note"] == r.note


def test_other_language_gets_a_note(seeds_index, embedder):
    r = check_claim(seeds_index, embedder, "La GRC est responsable de la sécurité frontalière entre les points d'entrée.")
    assert "does not look like English" in r.note


@pytest.mark.parametrize("claim", ["", "   \n", "x" * 2001])
def test_bad_claims(seeds_index, embedder, claim):
    with pytest.raises(QAError):
        check_claim(seeds_index, embedder, claim)


def test_draft_sentences_progress_and_limit(seeds_index, embedder):
    draft = ("Border notes\n\nThe Canada-U.S. border is almost 9,000 km long. The Swanton Sector accounted for 69% "
             "of encounters in 2022.\nThe RCMP operates a fleet of armed patrol boats on the Great Lakes.\n")
    calls = []
    results = check_draft(seeds_index, embedder, draft, progress=lambda done, total: calls.append((done, total)))
    assert [r.verdict for r in results] == ["supported", "contradicted", "not_found"]
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert all(draft[r.span[0]:r.span[1]] == r.claim for r in results)
    with pytest.raises(QAError, match="50,000"):
        check_draft(seeds_index, embedder, "The border is long. " * (MAX_DRAFT_CHARS // 20 + 1))
    with pytest.raises(QAError, match="empty"):
        check_draft(seeds_index, embedder, "  \n")


def test_judge_is_pluggable(seeds_index, embedder):
    def always_contradicts(claim, candidates):
        return [Judgement("contradicts", c.similarity, ["made up"]) for c in candidates]

    r = check_claim(seeds_index, embedder, "The RCMP is responsible for border security.", judge=always_contradicts)
    assert r.verdict == "contradicted" and r.evidence[0][2] == ["made up"]


def test_an_nli_model_can_be_the_judge(seeds_index, embedder):
    from qa.check.nli import NLIJudge

    def model(premise, hypothesis):   # stands for a cross-encoder NLI model
        return ("entailment", 0.97) if "responsible for border security" in premise else ("neutral", 0.8)

    r = check_claim(seeds_index, embedder, "The RCMP is responsible for border security.", judge=NLIJudge(model))
    assert r.verdict == "supported" and "responsible for border security" in r.evidence[0][0].text
    r = check_claim(seeds_index, embedder, "Migrant smuggling usually happens with consent.", judge=NLIJudge(model))
    assert r.verdict == "unsettled"


def _qa(index, *args, stdin=None):
    return subprocess.run([sys.executable, "-m", "qa.cli", "--index", str(index.path), *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_cli_check_json_and_errors(seeds_index):
    out = _qa(seeds_index, "check", "--json", "Canada increased its federal border personnel by 3,500.")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["verdict"] == "contradicted" and d["documents"][0]["relation"] == "contradicts"
    assert d["evidence"][0]["differences"] == ["the claim says 3,500; the National Police Federation document says 350"]
    assert {"doc", "title", "start", "end", "text", "citation", "anchor"} <= set(d["evidence"][0])

    out = _qa(seeds_index, "check", "--json", "-", stdin="The RCMP is responsible for border security between ports of entry.\n\n   \nx\n")
    lines = [json.loads(l) for l in out.stdout.splitlines()]
    # a single word gets a one-line error on its own line (never a verdict on nothing); the status says so
    assert [l.get("verdict") for l in lines] == ["supported", None] and out.returncode == 2
    assert lines[1]["claim"] == "x" and "single word" in lines[1]["error"]

    out = _qa(seeds_index, "check", "")
    assert out.returncode == 2 and out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
    assert out.stderr.startswith("qa: error: the claim is empty")
    assert "Traceback" not in out.stderr


def test_cli_draft_limit_and_missing_file(seeds_index, tmp_path):
    big = tmp_path / "draft.txt"
    big.write_text("The border is long. " * 2501)
    for args in (["check", "--draft", str(big)], ["check", "--draft", str(tmp_path / "none.txt")]):
        out = _qa(seeds_index, *args)
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


@pytest.mark.parametrize("c", WRITTEN, ids=[f"{c['kind']}-{c['verdict']}-{i}" for i, c in enumerate(WRITTEN)])
def test_written_claims(seeds_index, embedder, c):
    """Negated, antonym, role-swapped and paraphrased claims over the seeds (tests/data/seeds_claims_written.jsonl)."""
    r = check_claim(seeds_index, embedder, c["claim"])
    assert (r.verdict, _settled_by(r)) == (c["verdict"], c["source"]), [(p.text, d) for p, _, d in r.evidence]
    if r.verdict == "contradicted":   # proof: what differs, on both sides
        assert all(d.startswith("the claim ") and " says " in d.split(";", 1)[1] for _, _, d in r.evidence for d in d)
        assert r.evidence[0][2]


def test_written_claims_cover_each_kind_and_verdict():
    kinds = {k: [c["verdict"] for c in WRITTEN if c["kind"] == k] for k in ("negated", "antonym", "role", "paraphrase")}
    assert all(len(v) >= 4 for v in kinds.values()), kinds
    verdicts = [c["verdict"] for c in WRITTEN]
    assert len(WRITTEN) >= 24 and all(verdicts.count(v) >= len(WRITTEN) // 4 for v in ("supported", "contradicted", "not_found"))


@pytest.mark.parametrize("claim,verdict,says", [
    ("The CBSA did not seize any firearms between 2019 and 2023.", "contradicted",   # negation
     "the claim says “did not seize any firearms”; the National Police Federation document says "
     "“the Canada Border Services Agency (CBSA) seized 4,234 firearms”"),
    ("Organized crime in Canada decreased by 53% from 2019 to 2023.", "contradicted",  # antonym
     "the claim says it fell; the National Police Federation document says it rose (53% increase, 2019 to 2023)"),
    ("The U.S. Coast Guard is responsible for border security between official ports of entry along the Canada-U.S. border.",
     "contradicted", "the claim says U.S. Coast Guard is responsible for border; "  # role
     "the Public Safety Canada document says RCMP is responsible for border"),
    ("The Swanton Sector accounted for most encounters in 2021.", "unsettled",       # related, not settled
     "not the same statement: the claim says 2021; the National Police Federation document says 2024"),
    ("The RCMP is responsible for border security at official ports of entry.", "unsettled",   # another place
     "the claim says “at official ports”; the Public Safety Canada document says “between official ports”"),
    ("Migrant smuggling is also called human trafficking.", "unsettled",   # another name
     "the claim says “called human trafficking”; the Public Safety Canada document says “referred to as human smuggling”"),
])
def test_explanations_a_person_can_read(seeds_index, embedder, claim, verdict, says):
    r = check_claim(seeds_index, embedder, claim)
    assert r.verdict == verdict and r.evidence[0][2][0] == says, r.evidence[0][2]
    d = r.to_dict()
    if verdict == "unsettled":
        assert d["evidence"][0]["relation"] == "related" and d["documents"][0]["relation"] == "related" and d["closest"]


def test_negated_claim_against_negated_evidence_is_supported(seeds_index, embedder):
    r = check_claim(seeds_index, embedder, "Short-term staffing solutions are not sustainable in the long run.")
    assert r.verdict == "supported" and "not sustainable" in r.evidence[0][0].text


def test_draft_questions_are_listed_not_checked(seeds_index, embedder):
    draft = "Who patrols the border between ports of entry? The RCMP is responsible for border security between official ports of entry."
    results = check_draft(seeds_index, embedder, draft)
    assert [r.verdict for r in results] == ["not_checked", "supported"]
    assert results[0].note.startswith("not checked: this is a question") and not results[0].evidence


def test_support_is_the_calibrated_models_call_on_an_eligible_sentence(seeds_index, embedder, monkeypatch):
    from qa.check import support
    from qa.check.claims import RuleJudge, gather

    claim = "In 2024 the CBSA seized nearly 165,000 pounds of illicit drugs."
    cands, _ = gather(seeds_index, embedder, claim, None, 5)
    given = [j for j in RuleJudge(embedder)(claim, cands) if j.probability is not None]
    assert len(given) == 1   # only the most related sentence that states every fact goes to the model
    assert given[0].relation == "supports" and given[0].probability >= support.THRESHOLD
    assert set(given[0].features) == set(support.FEATURES) and given[0].features["predicate"] == 1.0
    monkeypatch.setattr(support, "THRESHOLD", 1.01)   # a model that is never sure enough: related, not settled
    given = [j for j in RuleJudge(embedder)(claim, cands) if j.probability is not None]
    assert given[0].relation == "related" and "states the claim's facts" in given[0].differences[0]
    assert check_claim(seeds_index, embedder, claim).verdict == "unsettled"


def test_draft_cli_labels_a_question_not_checked(seeds_index, tmp_path, capsys):
    from qa.cli import main

    draft = tmp_path / "draft.txt"
    draft.write_text("Is the border long? The RCMP is responsible for border security between ports of entry.", encoding="utf-8")
    assert main(["--index", str(seeds_index.path), "check", "--draft", str(draft)]) == 0
    out = capsys.readouterr().out
    assert "NOT CHECKED  Is the border long?" in out and "NOT FOUND" not in out
    assert "1 not checked" in out and "1 supported" in out
