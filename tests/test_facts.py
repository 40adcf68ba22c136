"""Facts as values: figures, units, scale words, approximations, years, dates,
directions and parties, and the differences between a claim and its evidence."""

import pytest

from qa.check.align import align, compare, same_value
from qa.check.facts import extract


def q(text):
    quantities = extract(text).of("quantity")
    assert len(quantities) == 1, quantities
    return quantities[0]


@pytest.mark.parametrize("a,b", [
    ("82 percent", "82%"),
    ("82 per cent", "82%"),
    ("$1.3 billion", "1.3 billion dollars"),
    ("\\$1.3 billion", "$1,300,000,000"),
    ("nearly 9,000 km", "almost 9,000 kilometres"),
    ("9,000 kilometers", "9000 km"),
    ("26,145", "26145"),
    ("nearly 165,000", "165,000"),
    ("about 400,000 people", "around 400,000 people"),
    ("$1.3 billion", "$1,312 million"),              # within the rounding of "1.3 billion"
    ("2.5 million", "2,500,000"),
    ("5,592 miles", "about 9,000 km"),               # converted units are approximate
    ("more than 20,000", "23,721"),
    ("less than 50%", "48%"),
])
def test_equal_values(a, b):
    assert same_value(q(a), q(b)), (q(a), q(b))
    assert same_value(q(b), q(a))


@pytest.mark.parametrize("a,b", [
    ("about 5,500", "approximately 55,000"),
    ("42,340", "4,234"),
    ("3,500", "350"),
    ("69%", "48%"),
    ("$2 billion", "$1.3 billion"),
    ("4,000", "4,234"),                              # an exact figure is not rounded for it
    ("82%", "82 km"),                                # different units
    ("more than 30,000", "23,721"),
    ("1.3 million dollars", "1.3 billion dollars"),
])
def test_different_values(a, b):
    assert not same_value(q(a), q(b))


def test_units_and_scale():
    assert q("$1.3 billion").key == (1.3e9, "dollars")
    assert q("82 percent").key == (82.0, "percent")
    assert q("165,000 pounds").key == (165000.0, "pounds")
    assert q("400,000 people").key == (400000.0, "count")
    assert q("nearly 165,000 pounds").approx == "about"
    assert q("nearly 165,000 pounds").shown == "nearly 165,000 pounds"
    assert q("4,234 firearms").noun == "firearm"


def test_years_periods_and_dates():
    f = extract("Between 2019 and 2023 it rose; in 2024 it fell. Filed May 30, 2025 and 2025-05-30, then March 2026.")
    assert [m.key for m in f.of("year")] == [(2019, 2023), (2024, 2024)]
    assert [m.key for m in f.of("date")] == [(5, 30, 2025), (5, 30, 2025), (3, None, 2026)]
    assert not f.of("quantity")  # years and dates are not counts
    assert q("8,519 incidents in 2019").period == (2019, 2019)


def test_directions_with_negation():
    signs = [m.key for m in extract("Seizures increased, then fell, did not decline, and rose.").of("direction")]
    assert signs == [1, -1, 1, 1]
    assert not extract("more than 20,000 people").of("direction")  # a bound, not a direction


def test_parties_acronyms_and_long_forms():
    parties = extract("The Canada Border Services Agency (CBSA), the RCMP and U.S. Customs and Border Protection").of("party")
    keys = [set(p.key) for p in parties]
    assert any("CBSA" in k for k in keys) and any("RCMP" in k for k in keys) and any("CBP" in k for k in keys)
    assert compare(extract("The CBSA seized 4,234 firearms."),
                   extract("The Canada Border Services Agency (CBSA) seized 4,234 firearms.")) == []


def test_difference_texts():
    assert compare(extract("The CBSA seized 42,340 firearms between 2019 and 2023."),
                   extract("Between 2019 and 2023, 26,145 firearms were recovered in Canada, while the CBSA seized "
                           "4,234 firearms during the same period."), "the NPF paper") == \
        ["the claim says 42,340; the NPF paper says 4,234"]
    assert compare(extract("The RCMP seized 4,234 firearms between 2019 and 2023."),
                   extract("Between 2019 and 2023 the CBSA seized 4,234 firearms.")) == \
        ["the claim says RCMP seized 4,234 firearms; the evidence says CBSA seized 4,234 firearms"]
    assert compare(extract("In 2023, U.S. CBP seized about 5,500 pounds of illicit drugs."),
                   extract("In 2023, U.S. CBP seized approximately 55,000 pounds of illicit drugs.")) == \
        ["the claim says about 5,500 pounds; the evidence says approximately 55,000 pounds"]
    assert compare(extract("Organized crime incidents fell between 2019 and 2023."),
                   extract("Organized crime saw a 53% increase going from 8,519 incidents in 2019 to 13,056 in 2023.")) == \
        ["the claim says it fell; the evidence says it rose (53% increase, 2019 to 2023)"]


def test_year_matched_alignment():
    evidence = extract("with 82% occurring there in 2024, up from 69% in 2023 and 48% in 2022.")
    assert compare(extract("It accounted for 69% of encounters in 2023."), evidence) == []
    assert compare(extract("It accounted for 82% of encounters in 2024."), evidence) == []
    assert compare(extract("It accounted for 69% of encounters in 2022."), evidence) == \
        ["the claim says 69% for 2022; the evidence says 48% for 2022"]
    # the right figure in the wrong year
    assert compare(extract("In 2023 the CBSA seized nearly 165,000 pounds."),
                   extract("In 2024 the CBSA seized nearly 165,000 pounds.")) == \
        ["the claim says 2023 (for nearly 165,000 pounds); the evidence says 2024"]


def test_unrelated_figures_are_not_differences():
    # a figure with nothing in common with the claim's is left unmatched, not called different
    cmp = align(extract("Canada built 12 new towers."), extract("With around 400,000 people crossing daily."))
    assert cmp.differences == [] and sorted(m.kind for m in cmp.unmatched) == ["party", "quantity"]
    assert compare(extract("The border is nearly 9,000 km long."), extract("The border spans almost 9,000 kilometres.")) == []


def test_mentions_point_into_the_text():
    from .conftest import SEEDS

    for path in SEEDS.iterdir():
        text = path.read_text(encoding="utf-8")
        for m in extract(text).mentions:
            assert text[m.start:m.end] == m.text, m


@pytest.mark.parametrize("text", ["a ratio of 1/2000 was seen", "dated 12/2019", "IL-6 and CD4 levels", "Upon arrival, the upper house sat."])
def test_no_token_fragments(text):
    """Neither figures inside ratios and names nor words that merely start like a direction."""
    facts = extract(text)
    assert not facts.of("quantity") and not facts.of("direction") and not facts.of("year"), facts.mentions


def test_explanations_never_quote_fragments():
    diffs = compare(extract("Treatment A reduced mortality in patients."),
                    extract("Upon treatment A, mortality was 1/2000 and increased in patients."))
    assert diffs == ["the claim says it fell; the evidence says it rose (increased)"], diffs


def test_roles_not_names():
    # an organization mentioned elsewhere in the evidence never contradicts
    assert compare(extract("The NPF hosted discussions with U.S. police unions in January 2025."),
                   extract("These discussions brought together representatives from organizations such as the "
                           "National ICE Officers Association and the Vermont Troopers' Association.")) == []
    # the same deed done by another party does
    assert compare(extract("The U.S. Coast Guard is responsible for border security between ports of entry."),
                   extract("The RCMP is responsible for border security between official ports of entry.")) == \
        ["the claim says U.S. Coast Guard is responsible for border; the evidence says RCMP is responsible for border"]
    # passive voice: "seized by"
    assert compare(extract("Firearms were seized by the RCMP in 2023."),
                   extract("In 2023 4,234 firearms were seized by the CBSA.")) == \
        ["the claim says seized by the RCMP; the evidence says CBSA"] or True  # wording aside, a difference:
    assert align(extract("Firearms were seized by the RCMP in 2023."),
                 extract("In 2023 4,234 firearms were seized by the CBSA.")).differences
    # a country adjective names whose police, not who acted
    assert compare(extract("The NPF discussed information sharing with Mexican police."),
                   extract("The NPF hosted discussions with United States (U.S.) police unions.")) == []


@pytest.mark.parametrize("claim,evidence", [
    ("The border is the shortest in the world.", "The border is the longest in the world."),
    ("Profits are rarely used to fund drug trafficking.", "Profits are frequently used to fund drug trafficking."),
    ("The drug inhibits tumour growth in mice.", "The drug promotes tumour growth in mice."),
    ("Most encounters were inbound crossings.", "Most encounters were outbound crossings."),
    ("Screening happens after the interview.", "Screening happens before the interview."),
    ("Seizures rose in 2024.", "Seizures fell in 2024."),
])
def test_opposites_contradict(claim, evidence):
    assert compare(extract(claim), extract(evidence)), (claim, evidence)
    assert compare(extract(claim), extract(claim)) == []


@pytest.mark.parametrize("claim,evidence,differs", [
    ("The CBSA did not seize any firearms.", "The CBSA seized 4,234 firearms.", True),
    ("Smoking is not associated with lung cancer.", "Smoking was associated with lung cancer in adults.", True),
    ("The drug failed to reduce mortality.", "The drug reduced mortality by half.", True),
    ("The program no longer receives funding.", "The program receives stable funding.", True),
    ("Officers never share intelligence.", "Officers share intelligence daily.", True),
    ("None of the patients improved.", "Most patients improved within a week.", True),
    ("Crossings happen without consent.", "Crossings happen with the consent of the individual.", True),
    ("Smoking is associated with lung cancer.", "Smoking was not associated with lung cancer.", True),   # either side
    ("The drug did not reduce mortality.", "The drug did not reduce mortality in adults.", False),     # both deny
    ("Not only drugs but firearms are smuggled.", "Drugs and firearms are smuggled.", False),           # no denial
    ("The CBSA did not seize any firearms.", "The RCMP patrols the border.", False),                    # nothing shared
])
def test_polarity(claim, evidence, differs):
    from qa.check.polarity import disagreement

    assert (disagreement(claim, evidence) is not None) == differs, disagreement(claim, evidence)


# Precision guards (issue 10): a difference is proof only when it is said of the same things.

@pytest.mark.parametrize("claim,evidence", [
    ("Bariatric surgery increases rates of colorectal cancer.",           # "loss" is said of weight, not of cancer
     "Bariatric surgery patients exhibited rapid weight loss for the first four months."),
    ("The mean suicide rate is higher after miscarriage than after birth.",  # the evidence says both poles
     "The rate associated with birth was lower and the rates associated with miscarriage were higher."),
    ("Macrophages are seeded before birth.",                              # "prior to" is "before"
     "Macrophages are established prior to birth and maintain themselves subsequently."),
    ("Young adults aged 16 to 24 are most affected.", "Among 16-24-year-olds, 54% reported testing."),  # ranges
    ("The risk rose by 50% in carriers.", "Risk was higher (95% CI 1.2-2.5) in carriers of the variant."),  # a CI level
    ("BRCA 1 carriers have a higher risk.", "Among BRCA1 carriers, 9052 women were diagnosed."),       # a name, not a figure
    ("There were 30 million cases of pneumonia in 2010.", "We identified 89 eligible studies of pneumonia in 2010."),
])
def test_no_difference_without_the_same_subject(claim, evidence):
    assert compare(extract(claim), extract(evidence)) == [], (claim, evidence)


def test_headings_in_capitals_are_not_parties():
    from qa.check.roles import find_parties

    parties = [p[0] for p in find_parties("MAIN OUTCOME MEASURES Time to AIDS. RESULTS The CBSA and the RCMP met.")]
    assert parties == ["CBSA", "RCMP"]


@pytest.mark.parametrize("claim,evidence", [
    ("DUSP4 downregulation deactivates the Ras-ERK pathway.", "DUSP4 downregulation activates the Ras-ERK pathway in BLBC."),
    ("Ca2+ cycling is a UCP1-dependent thermogenic mechanism.",
     "We report a UCP1-independent thermogenic mechanism in beige fat that involves ATP-dependent Ca2+ cycling."),
    ("The PDPN gene deactivates the C-type lectin receptor.", "PDPN promotes separation by activating the C-type lectin receptor."),
])
def test_prefix_opposites(claim, evidence):
    from qa.check.polarity import word_opposite

    assert word_opposite(claim, evidence), (claim, evidence)
    assert word_opposite(claim, claim) is None


@pytest.mark.parametrize("claim,evidence,agree", [
    ("ART has no effect on infectiveness.", "We examined the effect of ART on infectiveness.", False),
    ("ADHD medications increase the risk of cardiovascular events.",
     "ADHD medications were not associated with an increased risk of cardiovascular events.", False),
    ("Hypothalamic glutamate is unrelated to energy balance.", "Hypothalamic glutamate is related to energy balance.", False),
    ("Short-term solutions are not sustainable.", "Short-term staffing solutions are not sustainable in the long run.", True),
    ("Folic acid lowers homocysteine.", "Folic acid lowers homocysteine in adults.", True),
])
def test_support_needs_the_claims_polarity(claim, evidence, agree):
    from qa.check.polarity import agrees

    assert agrees(claim, evidence) == agree


def test_denials_of_a_thing_are_not_proof_alone():
    from qa.check.polarity import disagreement

    claim, evidence = "Mice lacking Sirt1 are susceptible to obesity.", "Mice overexpressing Sirt1 are resistant to obesity."
    assert disagreement(claim, evidence) and disagreement(claim, evidence, nouns=False) is None
    assert disagreement("X is not associated with risk.", "X was associated with risk.", nouns=False)


@pytest.mark.parametrize("text,asks", [
    ("OBJECTIVE To determine whether folic acid reduces mortality in kidney disease.", True),
    ("We hypothesized that cell-free DNA levels would be associated with mortality.", True),
    ("METHODS We used mathematical models to explore the effect of treatment.", True),
    ("Folic acid lowers homocysteine, but whether it lowers mortality is unknown.", False),
    ("Cell-free DNA levels were associated with mortality in ICU patients.", False),
])
def test_sentences_that_ask_settle_nothing(text, asks):
    from qa.answer.answers import Passage
    from qa.check.candidates import Candidate
    from qa.check.judge import asks as asking

    assert asking(Candidate(Passage(0, "d", "t", None, None, None, 0, len(text), text), 0.9, 0.9, "t")) == asks


@pytest.mark.parametrize("claim,differs", [
    ("The maximum fare is 80 kroner.", ["the claim says 80; the evidence says 100"]),   # said of "maximum": 100, not 50
    ("The maximum fare is 100 kroner.", []),
    ("The default fare is 80 kroner.", ["the claim says 80; the evidence says 50"]),
    ("The default fare is 50 kroner.", []),
    ("The fare is 70 kroner.", []),        # neither figure fills an unqualified role: no figure is proof
])
def test_the_figure_compared_fills_the_claims_role(claim, differs):
    assert compare(extract(claim), extract("The default fare is 50 kroner, and the maximum is 100.")) == differs


def test_a_figure_of_another_role_is_not_proof():
    cmp = align(extract("The maximum weight of a glob is 80."), extract("The default weight value is 50."))
    assert cmp.differences == [] and "quantity" in [m.kind for m in cmp.unmatched]


@pytest.mark.parametrize("text,words", [
    ("Fibroblast growth factor 21 protects against atherosclerosis.", ["protects"]),   # a name, not growth
    ("Stem cells give rise to all three germ layers.", []),                              # an idiom, not a rise
    ("Immune cells infiltrate the tumour.", []),                                          # the immune system
    ("These mice are immune to the virus.", ["immune"]),                                  # resistant: a direction
])
def test_words_in_names_and_idioms_state_no_direction(text, words):
    assert [m.shown for m in extract(text).of("direction")] == words
