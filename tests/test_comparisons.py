"""Comparative claims across years or places ("higher in 2024 than in 2023",
"more in Québec than in Ontario"): settled only by a document giving a figure for
each side, both figures shown as proof; otherwise related, never settled."""

import json
import subprocess
import sys

import pytest

from qa.check.candidates import claim_terms
from qa.check.claims import check_claim
from qa.check.compare_figures import settle, tie
from qa.check.comparatives import parse
from qa.check.facts import extract

from .conftest import ROOT

NPF = "004_c83899779e2afedb.txt"
CROSSINGS = ("# Irregular crossings at the Canada–U.S. border\n\n"
             "In 2024, RCMP officers intercepted 1 204 migrants in Québec and 310 in Ontario. "
             "In 2023 they intercepted 980 migrants in Québec, compared with 412 in Ontario.\n\n"
             "Asylum claims at Montréal's Trudeau airport reached 5,600 in 2024, up from 4,100 a year earlier.\n")
FARES = ("Ferry fares on the Øresund line\n\n"
         "The default fare is 50 kroner, and the maximum is 100. "
         "In 2022 the line carried 2.1 million passengers; in 2023 it carried 1.8 million.\n\n"
         "Freight traffic on the line rose sharply in 2024, after new rail links opened.\n")


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory, embedder):
    """Two tiny real texts (unicode names, a space as thousands separator), indexed with the real model."""
    from qa.store.index import build_index, load_index

    folder = tmp_path_factory.mktemp("comparisons")
    (folder / "crossings.md").write_text(CROSSINGS, encoding="utf-8")
    (folder / "fares.txt").write_text(FARES, encoding="utf-8")
    build_index([folder], folder / "index", embedder)
    return load_index(folder / "index")


@pytest.mark.parametrize("claim,sign,sides", [
    ("Seizures were higher in 2024 than in 2023.", 1, ["2024", "2023"]),
    ("In 2024 the CBSA seized fewer drugs than in 2023.", -1, ["2024", "2023"]),
    ("Fewer migrants crossed in Québec than in Ontario in 2024.", -1, ["Québec", "Ontario"]),
    ("Québec had more crossings than Ontario.", 1, ["Québec", "Ontario"]),
    ("Firearms recovered in Canada outnumbered those seized by the CBSA.", 1, ["Canada", "CBSA"]),
    ("The CBSA seized more drugs than U.S. CBP in 2024.", 1, ["CBSA", "U.S. CBP"]),
])
def test_parse_reads_the_two_sides(claim, sign, sides):
    c = parse(claim)
    assert (c.sign, [s.text for s in c.sides]) == (sign, sides)


@pytest.mark.parametrize("claim", [
    "The CBSA seized more than 4,000 firearms.",            # a bound, not a comparison
    "Seizures were not higher in 2024 than in 2023.",       # denied: not read
    "Cancer risk is higher in smokers than in non-smokers.",  # no year or name on either side
    "Seizures were higher between 2019 and 2023 than in 2018.",  # which year is compared is unclear
])
def test_parse_leaves_other_sentences_alone(claim):
    assert parse(claim) is None


def test_figures_tied_to_their_year_not_the_nearest_number():
    text = "In 2023, U.S. CBP seized approximately 55,000 pounds of drugs (approximately 27,000 pounds of cocaine). " \
           "By 2024, drugs seized fell to approximately 11,000 pounds."
    figures = extract(text).of("quantity")
    tied = {f.text: i for f, i in tie(text, figures, parse("CBP seized more in 2024 than in 2023.").sides).items()}
    assert tied == {"55,000 pounds": 1, "27,000 pounds": 1, "11,000 pounds": 0}
    # "compared with ... the previous year" and "respectively" tie nothing to the year said before
    text = "In 2024 there were 500 seizures, compared with 300 the previous year."
    assert [f.text for f in tie(text, extract(text).of("quantity"), parse("More in 2024 than in 2022.").sides)] == ["500"]
    text = "In 2023 and 2024 there were 500 and 300 seizures respectively."
    assert tie(text, extract(text).of("quantity"), parse("More in 2024 than in 2023.").sides) == {}


def test_two_figures_of_one_sentence_fill_their_own_sides():
    text = "Between 2019 and 2023, 26,145 firearms were recovered in Canada, while the CBSA seized 4,234 firearms."
    s = settle(parse("Firearms recovered in Canada outnumbered those seized by the CBSA."), text, {"firearm"}, "the NPF paper")
    assert s.relation == "supports" and s.lines == ["the NPF paper says 26,145 for Canada and 4,234 for CBSA"]


def test_shares_do_not_settle_amounts_and_mixed_figures_do_not_settle():
    text = "The sector reports the majority of encounters, with 82% in 2024, up from 69% in 2023 and 48% in 2022."
    claim = "Encounters in the sector were higher in 2023 than in 2022."
    assert settle(parse(claim), text, {"encount"}, claim=claim).relation == "related"
    claim = "The share of encounters in the sector was higher in 2023 than in 2022."
    assert settle(parse(claim), text, {"encount"}, claim=claim).relation == "supports"
    text = "In 2023 there were 900 seizures in Québec and 100 in Ontario; in 2024, 500 in Québec."
    claim = "There were more seizures in 2024 than in 2023."
    assert settle(parse(claim), text, {"seizur"}, claim=claim).relation == "related"   # 500 < 900 but 500 > 100


@pytest.mark.parametrize("claim,verdict,shown", [
    ("The CBSA seized more illicit drugs in 2024 than in 2023.", "supported", ["nearly 165,000 pounds for 2024", "close to 140,000 pounds for 2023"]),
    ("The CBSA seized fewer illicit drugs in 2024 than in 2023.", "contradicted", ["nearly 165,000 pounds for 2024", "close to 140,000 pounds for 2023"]),
    ("U.S. CBP seized more illicit drugs in 2024 than in 2023.", "contradicted", ["approximately 11,000 pounds for 2024", "approximately 55,000 pounds for 2023"]),
    ("Organized crime incidents were lower in 2023 than in 2019.", "contradicted", ["13,056 for 2023", "8,519 for 2019"]),
    ("Firearms recovered in Canada outnumbered those seized by the CBSA between 2019 and 2023.", "supported", ["26,145 for Canada", "4,234 for CBSA"]),
])
def test_seed_comparisons_show_both_figures(seeds_index, embedder, claim, verdict, shown):
    r = check_claim(seeds_index, embedder, claim)
    assert r.verdict == verdict and r.documents[0]["doc"] == NPF
    p, relation, lines = r.evidence[0]
    assert all(s in lines[0] for s in shown), lines
    for figure in shown:   # each figure shown is in the quoted passage, verbatim
        assert figure.split(" for ")[0] in p.text
    key = "proof" if verdict == "supported" else "differences"
    assert r.to_dict()["evidence"][0][key] == lines


def test_a_share_is_not_proof_of_more_encounters(seeds_index, embedder):
    r = check_claim(seeds_index, embedder, "Encounters in the Swanton Sector were higher in 2023 than in 2022.")
    assert r.verdict == "unsettled" and "shares" in r.evidence[0][2][0]


@pytest.mark.parametrize("claim,verdict,shown", [
    ("More migrants were intercepted in Québec than in Ontario in 2024.", "supported", "1 204 for Québec and 310 for Ontario"),
    ("Fewer migrants were intercepted in Québec than in Ontario in 2023.", "contradicted", "980 for Québec and 412 for Ontario"),
    ("More migrants were intercepted in Ontario in 2024 than in 2023.", "contradicted", "310 for 2024 and 412 for 2023"),
    ("Asylum claims at Montréal's airport were higher in 2024 than in 2023.", "supported", "5,600 for 2024 and 4,100 for 2023"),
    ("The Øresund line carried more passengers in 2023 than in 2022.", "contradicted", "1.8 million for 2023 and 2.1 million for 2022"),
    ("The Øresund line carried fewer passengers in 2023 than in 2022.", "supported", "1.8 million for 2023 and 2.1 million for 2022"),
])
def test_tiny_texts(tiny_index, embedder, claim, verdict, shown):
    r = check_claim(tiny_index, embedder, claim)
    assert r.verdict == verdict and shown in r.evidence[0][2][0], (r.verdict, r.evidence[:1])


@pytest.mark.parametrize("claim,verdict", [("Freight traffic on the Øresund line rose in 2024.", "supported"),
                                           ("Freight traffic on the Øresund line fell in 2024.", "contradicted")])
def test_a_change_said_in_words_is_still_read(tiny_index, embedder, claim, verdict):
    """No figure for the year before: the sentence's own words ("rose sharply in 2024") settle it, as before."""
    assert check_claim(tiny_index, embedder, claim).verdict == verdict


def test_no_figure_for_a_side_is_not_a_verdict(tiny_index, embedder):
    r = check_claim(tiny_index, embedder, "Ferry fares were higher in 2023 than in 2022.")
    assert r.verdict in ("unsettled", "not_found")


def test_cli_draft_shows_the_figures(tiny_index, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("More migrants were intercepted in Québec than in Ontario in 2024.\n", encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "qa.cli", "--index", str(tiny_index.path), "check", *a],
                                    capture_output=True, text=True, cwd=ROOT, timeout=120)
    out = run("--draft", str(draft))
    assert out.returncode == 0 and "shows: “Irregular crossings at the Canada–U.S. border” says 1 204 for Québec" in out.stdout
    data = json.loads(run("--json", "More migrants were intercepted in Québec than in Ontario in 2024.").stdout)
    assert data["verdict"] == "supported" and "1 204 for Québec" in data["evidence"][0]["proof"][0]


def test_a_change_in_one_year_is_against_the_year_before():
    c = parse("Illicit drug seizures by the CBSA fell in 2024.")
    assert (c.kind, c.sign, [s.text for s in c.sides]) == ("change", -1, ["2024", "2023"])
    assert parse("Seizures have risen since 2019.") is None and parse("Seizures rose to 165,000 pounds in 2024.") is None
    text = "Asylum claims reached 5,600 in 2024, up from 4,100 the previous year."
    assert settle(parse("Asylum claims fell in 2024."), text, {"asylum"}).lines == \
        ["the claim says it fell in 2024; the evidence says 5,600 for 2024 and 4,100 for 2023"]


def test_figures_are_the_named_partys_even_in_the_next_sentence():
    text = ("In 2023, U.S. CBP seized approximately 55,000 pounds of drugs. By 2024, drugs seized fell to approximately 11,000 pounds. "
            "In Canada, the CBSA seized nearly 165,000 pounds of drugs in 2024, up from close to 140,000 pounds in 2023.")
    for claim, shown in (("Drug seizures by the CBSA rose in 2024.", "nearly 165,000 pounds for 2024"),
                         ("Drug seizures by CBP fell in 2024.", "approximately 11,000 pounds for 2024")):
        s = settle(parse(claim), text, {"drug", "seizur"}, claim=claim)
        assert s.relation == "supports" and shown in s.lines[0], s
    claim = "Drug seizures fell in 2024."   # whose? one agency's rose, the other's fell: not settled
    assert settle(parse(claim), text, {"drug", "seizur"}, claim=claim).relation == "related"


def test_the_app_shows_a_supports_proof(seeds_index, embedder):
    from qa.web.verdicts import claim_result

    r = check_claim(seeds_index, embedder, "Illicit drug seizures by the CBSA rose in 2024.").to_dict()
    html = claim_result(r)
    assert r["verdict"] == "supported" and r["evidence"][0]["differences"] == []
    assert "Shows: the National Police Federation document says nearly 165,000 pounds for 2024" in html and "Differs" not in html


@pytest.mark.parametrize("claim,relation,shown", [   # sentences of a real 10-K (../shared/bench/realdocs example-10k.html)
    ("Investing activities used more cash in 2021 than in 2020.", "contradicts", "$233,734 for 2021 and $6,456,714 for 2020"),
    ("Investing activities used less cash in 2021 than in 2020.", "supports", "$233,734 for 2021 and $6,456,714 for 2020"),
    ("Research and development expenses fell in 2021.", "contradicts", "$520,449 for 2021 and $487,679 for 2020"),
])
def test_a_dates_comma_does_not_part_a_figure_from_its_year(claim, relation, shown):
    text = ("Investing activities used cash of $233,734 for the year December 31, 2021, compared to cash used of $6,456,714 "
            "for the year ended December 31, 2020. Research and development expenses were $520,449 in 2021 compared to "
            "$487,679 in 2020, representing an increase of $32,770, or 6.7%.")
    s = settle(parse(claim), text, {t[1] for t in claim_terms(None, claim)}, "the 10-K", claim)
    assert s.relation == relation and shown in s.lines[0], s


def test_a_name_matches_without_its_accents():
    claim = "More migrants were intercepted in Quebec than in Ontario in 2024."
    s = settle(parse(claim), "In 2024, RCMP officers intercepted 1 204 migrants in Québec and 310 in Ontario.", {"migrant"}, claim=claim)
    assert s.relation == "supports" and s.lines == ["the evidence says 1 204 for Quebec and 310 for Ontario"]
