"""Which sentences a passage highlights (qa.answer.highlight): the best one and
the neighbour a reader needs with it, on tiny real texts."""

import pytest

from qa.answer import cues, evidence, highlight
from qa.answer.answers import answer
from qa.answer.features import content_terms
from qa.encode.sentences import sentence_spans


class Sent:
    def __init__(self, start, end, score):
        self.start, self.end, self.score = start, end, score


def shown(text: str, scores: list[float], question: str, cue=None) -> list[str]:
    """The highlighted sentences of ``text`` when its sentences score ``scores``
    (``cue``: the question's answer cue, qa.answer.cues, given to ``choose``)."""
    spans = sentence_spans(text, 0, len(text))
    assert len(spans) == len(scores), [text[s:e] for s, e in spans]
    sents = [Sent(s, e, x) for (s, e), x in zip(spans, scores)]
    texts = {(s.start, s.end): text[s.start:s.end] for s in sents}
    terms = evidence.subject_terms(content_terms(question))
    return [text[s:e] for s, e in highlight.choose(sents, texts, terms, evidence.wants(question), content_terms, cue,
                                                   cues.yes_no(question))]


def test_a_sentence_cut_by_a_line_break_is_shown_with_its_rest():
    # a PDF line break before a capital is taken for a sentence end: the two parts are one sentence
    text = ("The hallmark of the disease is a set of lesions in the thalami of both hemispheres.\n"
            "In the 1918–1919 pandemic, a first wave began in March 1918 and spread unevenly through the\n"
            "United States, Europe and possibly Asia over the next six months.\n"
            "Illness rates were high, but death rates were not above normal.")
    out = shown(text, [0.2, 0.8, 0.4, 0.3], "Where did the first wave of the 1918 pandemic spread?")
    assert out[0].startswith("In the 1918–1919 pandemic") and out[1].startswith("United States, Europe")


def test_the_sentence_before_a_best_one_that_is_cut_is_shown_too():
    text = ("Influenza gene sequences from specimens of wild birds collected circa 1918 show little difference from avian\n"
            "Viruses isolated today, indicating that avian viruses change little over long periods.\n"
            "The reservoir of the virus remains unknown.")
    out = shown(text, [0.5, 0.9, 0.3], "Do avian flu viruses change over long periods?")
    assert out[0].startswith("Influenza gene sequences") and out[1].startswith("Viruses isolated today")


def test_a_next_sentence_pointing_back_is_shown_with_the_best():
    text = ("Recombinant DNA systems exist that allow ready manipulation and modification of the vector genome. "
            "This in turn enables modification of the vectors to attenuate the virus or enhance immunogenicity. "
            "Many of these vectors have been studied as vaccines against wild type forms of the virus.")
    out = shown(text, [0.7, 0.37, 0.3], "What is the advantage of a recombinant DNA system?")
    assert out == [text[:text.index(" This")], text[text.index("This"):text.index(" Many")]]


def test_the_sentence_a_best_one_points_back_to_is_shown_before_it():
    text = ("Hepcidin is a small peptide hormone first found in human urine. "
            "It is produced by the liver in response to inflammation and high iron levels. "
            "Iron is vital to the cell but can cause oxidative stress.")
    out = shown(text, [0.4, 0.6, 0.2], "What stimulates the release of hepcidin?")
    assert out[0].startswith("Hepcidin is a small") and out[1].startswith("It is produced by the liver")


def test_a_whole_sentence_alone_stays_alone():
    # no cut, nothing pointing back, a next sentence adding much and scoring far lower: one sentence
    text = ("The Diamond Princess cruise ship was quarantined in Yokohama for fourteen days in February. "
            "Weather in Yokohama was mild with temperatures around ten degrees Celsius during most of that month.")
    out = shown(text, [0.8, 0.2], "Where was the Diamond Princess quarantined?")
    assert out == [text[:text.index(" Weather")]]


def test_answer_highlights_the_sentence_pointed_back_to(tmp_path, embedder):
    """End to end over a tiny real corpus: the answer sentence opens with "It";
    the highlight shows what "it" is, and every highlight is verbatim text."""
    from qa.store.index import build_index, load_index

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hepcidine.txt").write_text(
        "Hepcidin and iron\n\n"
        "Hepcidin is a small peptide hormone first found in human urine. "
        "It is produced by the liver in response to inflammation and high iron levels. "
        "Iron is vital to the cell but can cause oxidative stress; l’excès de fer est toxique.\n", encoding="utf-8")
    build_index([docs], tmp_path / "index", embedder)
    index = load_index(tmp_path / "index")
    ans = answer(index, embedder, "Which organ produces hepcidin in response to inflammation?")
    p = ans.passages[0]
    text = index.documents[p.doc].text
    assert "It is produced by the liver" in p.highlighted_text()
    assert "Hepcidin is a small peptide hormone" in p.highlighted_text()
    assert all(text[s:e] in p.text for s, e in p.highlights) and text[p.start:p.end] == p.text


def cued(text: str, scores: list[float], question: str) -> list[str]:
    """Like ``shown``, with the question's answer cue (qa.answer.cues)."""
    return shown(text, scores, question, cues.cue(question))


def test_the_alternative_asked_for_is_shown():
    text = ("Rotavirus belongs to the Reoviridae family and comprises nine species in all. "
            "Rotavirus A is widespread and infects humans, cattle and birds. "
            "They have a double-stranded RNA genome divided into eleven segments.")
    out = cued(text, [0.62, 0.40, 0.50], "Is rotavirus single or double-stranded?")
    assert any("double-stranded RNA genome" in s for s in out) and out[0].startswith("Rotavirus belongs")


@pytest.mark.parametrize("text,scores,question,expected", [
    pytest.param("EGR1 is upregulated in infected cells and localizes to the nucleus. "
                 "Tissue samples were stored at minus eighty degrees before any analysis. "
                 "EGR1 is a transcription factor induced by oxidative stress and growth factors. "
                 "Western blots measured its level over time.", [0.71, 0.20, 0.60, 0.30], "What is EGR1?",
                 "EGR1 is a transcription factor induced by oxidative stress and growth factors.", id="definition"),
    pytest.param("To keep protein folding in balance, the UPR pathway has three classes of sensors: IRE1, PERK and ATF6. "
                 "Viral infection raises protein synthesis in the host cell considerably. "
                 "The UPR pathway is an adaptive response activated by endoplasmic reticulum stress due to protein misfolding.",
                 [0.77, 0.30, 0.70], "What activates the UPR pathway in the cell?",
                 "activated by endoplasmic reticulum stress", id="activated-by"),
    pytest.param("While most cases arose in Wuhan, the disease spread to Thailand, Japan and South Korea. "
                 "As of January 30, there were at least 9,776 persons infected and 213 deaths. "
                 "These numbers are likely underestimates due to the limited information on incubation time.",
                 [0.54, 0.51, 0.47], "Why might we underestimate the spread of COVID-19?",
                 "due to the limited information", id="reason"),
    pytest.param("In the most affected countries, HIV-1 causes one third of deaths among children under the age of five. "
                 "Transmission can occur during pregnancy, delivery or breastfeeding. "
                 "UNAIDS estimates that last year alone, more than 400,000 children were infected worldwide.",
                 [0.86, 0.50, 0.81], "How many children were infected by HIV-1 worldwide?", "400,000 children", id="count"),
    pytest.param("The assay was run on a chip coated with capture reagents. "
                 "Then, the antibodies were screened with a sandwich ELISA on that chip. "
                 "Stored sera were thawed on ice before use. "
                 "We had raised 23 monoclonal antibodies against eight viruses in mice.",
                 [0.50, 0.80, 0.20, 0.55], "What kind of antibodies were used in the ELISA assay?",
                 "23 monoclonal antibodies", id="kind-of"),
    pytest.param("Influenza viruses enter through the respiratory tract and reach the lungs. "
                 "The virus causes severe pneumonia in older adults and in pregnant women. "
                 "Sampling of lung tissue is rarely possible in living patients. "
                 "Alveolar epithelial type II cells are infected first and produce new virions.",
                 [0.66, 0.70, 0.20, 0.55], "Which cells are the main target of influenza in the lungs?",
                 "Alveolar epithelial type II cells", id="which-thing"),
    pytest.param("Children were sampled in Ilorin, Nigeria, during the spring of 2017. "
                 "Nasal swabs were collected from 91 children and tested by PCR. "
                 "Parainfluenza virus 4 and enterovirus were the most common viruses found; rhinovirus was rare.",
                 [0.77, 0.60, 0.55], "What were the most common viruses in nasal swabs in Ilorin, Nigeria?",
                 "the most common viruses", id="superlative"),
    pytest.param("These betacoronaviruses existed in animal reservoirs before they reached people. "
                 "Spill-over events were then reported in Guangdong and in Jeddah. "
                 "Both SARS-CoV and MERS-CoV cause severe lung disease in humans.",
                 [0.47, 0.20, 0.68], "What was the reservoir for SARS-CoV and MERS-CoV?",
                 "animal reservoirs", id="attribute"),
    pytest.param("Mutations of RANBP2 were reported in acute necrotizing encephalopathy, which presents with coma. "
                 "Its incidence is highest in East Asia. "
                 "The hallmark of the disease is a set of symmetric lesions in the thalami of both hemispheres.",
                 [0.70, 0.30, 0.57], "What is the hallmark finding of acute necrotizing encephalopathy?",
                 "symmetric lesions in the thalami", id="attribute-either-word"),
    pytest.param("Several recent studies suggest other compounds could increase host resilience to viral lung infections. "
                 "Corticosteroids are broadly immunosuppressive. "
                 "Another class of drugs that has been suggested is the statins. "
                 "They act to stabilize the innate immune response and prevent excessive inflammation.",
                 [0.80, 0.52, 0.60, 0.62], "What is the role of statins in host resilience to viral lung infections?",
                 "They act to stabilize", id="role-said-of-they"),
    pytest.param("Surveillance ran during a period of low pertussis transmission. "
                 "Pertussis is a cyclical disease, thought to peak every 2 to 4 years. "
                 "Earlier research found various seasonal patterns of peak transmission, or none at all.",
                 [0.68, 0.60, 0.79], "How frequently do pertussis outbreaks peak?", "every 2 to 4 years",
                 id="how-frequently"),
    pytest.param("Koch recognized in 1891 that tying an agent to a disease is complex, so he set guidelines for calling it a pathogen. "
                 "His postulates can be summarized in three points: (1) the microbe occurs in every case of the disease; "
                 "(2) it occurs in no other disease; and (3), grown in pure culture, it induces the disease anew. "
                 "For enteric viruses these postulates are not applicable.",
                 [0.70, 0.52, 0.45], "What is Koch's third postulate?", "(3), grown in pure culture", id="nth-item"),
    pytest.param("Various viral vectors have been tested for their capability to deliver vaccine antigens. "
                 "In the veterinary field, numerous viral vector vaccines are licensed for livestock. "
                 "These vaccines are based on DNA viruses (such as fowlpox virus) and RNA viruses (such as Newcastle disease virus).",
                 [0.80, 0.72, 0.70], "What are examples of viral vectors for delivering vaccines?", "such as fowlpox",
                 id="examples"),
    pytest.param("The radiology department was divided into four areas: contaminated, semicontaminated, buffer and clean. "
                 "The contaminated area is connected to the fever clinic and includes the CT examination room. "
                 "The semicontaminated area includes the fever-CT control room and other access areas.",
                 [0.80, 0.50, 0.74], "What does the semicontaminated area include?", "includes the fever-CT control room",
                 id="what-it-does"),
    pytest.param("The serial interval was not precisely estimated in the first weeks of the outbreak. "
                 "Early on, the basic reproductive number was estimated at 2.2, assuming a mean serial interval of 7.5 days.",
                 [0.80, 0.63], "What is assumed for the mean serial interval?", "assuming a mean serial interval",
                 id="what-is-done"),
    pytest.param("Our long-term surveillance suggests that Rhinolophus bats harbor a wide diversity of coronaviruses. "
                 "Both SARS-CoV and Rh-BatCoV HKU2 originated from Rhinolophus bats. "
                 "Long-term surveillance and pathogenesis studies will help to prevent diseases caused by these bat viruses.",
                 [0.68, 0.55, 0.80], "What is the conclusion of the long-term surveillance studies?",
                 "Our long-term surveillance suggests that", id="finding"),
    pytest.param("An increase of empyema in children followed the 7-valent vaccine, and this was attributed to serotypes "
                 "it does not include, especially 3 and 19A. "
                 "In the United States, the incidence of empyema increased 1.9-fold between 1996 and 2008.",
                 [0.68, 0.80], "What caused the increase in the incidence of empyema in children?",
                 "attributed to serotypes", id="cause"),
    pytest.param("The microtubule severing enzyme Katnal1 is poorly defined in the context of CNS development and neuronal migration. "
                 "Here we show that the mutation is associated with changes in circadian rhythms, sleep and behaviour.",
                 [0.80, 0.58], "What CNS functions are changed by mutations in the KATNAL1 gene?",
                 "changes in circadian rhythms", id="what-thing-is-done"),
    pytest.param("In total, safety data from 1092 patients after intranasal zanamivir were published, with no adverse events. "
                 "Challenge trials showed that treatment up to 36 hours after inoculation prevented confirmed influenza.",
                 [0.80, 0.58], "What is the effect of intranasal zanamivir on laboratory confirmed influenza?",
                 "Challenge trials showed that", id="effect-found"),
    pytest.param("Koch postulated guidelines before an agent can be classified as a pathogen. "
                 "If a microbe has fulfilled these three postulates, the microbe is the cause of the disease. "
                 "For enteric viruses these postulates are not applicable.",
                 [0.80, 0.66, 0.64], "If all 3 of Koch's postulates are met, what does this indicate?",
                 "If a microbe has fulfilled", id="condition"),
    pytest.param("Hepcidin is a small peptide hormone, first discovered in human urine. "
                 "It plays a fundamental role in the regulation of iron metabolism. "
                 "By taking part in redox reactions, iron also causes oxidative stress. "
                 "Therefore, iron has been regarded as a potentially toxic element to cells.",
                 [0.80, 0.78, 0.53, 0.73], "Is hepcidin toxic?", "potentially toxic", id="quality-asked"),
])
def test_a_sentence_worded_as_the_answer_is_shown(text, scores, question, expected):
    """A definition ("EGR1 is a ..."), "activated by", a reason, a figure counting what is asked."""
    assert any(expected in s for s in cued(text, scores, question))


def test_a_neighbour_scoring_close_to_the_best_is_shown_but_a_distant_one_is_not():
    text = ("Illness rates in the first wave were high across Europe and North America. "
            "Death rates in the first wave were not above normal in European cities, towns and rural villages. "
            "The weather in the spring of that year was unusually warm and dry.")
    assert shown(text, [0.60, 0.66, 0.30], "What was the death rate in the first wave?") == \
        [text[:text.index(" Death")], text[text.index("Death"):text.index(" The weather")]]
    assert shown(text, [0.40, 0.66, 0.30], "What was the death rate in the first wave?") == \
        [text[text.index("Death"):text.index(" The weather")]]


def test_an_expletive_it_does_not_bring_the_sentence_before():
    # "It has long been known that ..." points at nothing before it
    text = ("Filamentous phage is a building block for nanomaterials in optics and electronics. "
            "It has long been known that phage can form ordered crystalline suspensions above some concentration. "
            "Zinc sulfide films were grown on engineered phage.")
    out = shown(text, [0.30, 0.80, 0.20], "What structures can phage form?")
    assert out == [text[text.index("It has"):text.index(" Zinc")]]


def test_the_answer_line_is_among_its_passage_highlights(seeds_index, embedder):
    """The line is highlighted where it stands, so a reader never sees a different "answer" highlighted there."""
    for q in ("Who is the current Minister of Public Safety?", "How many people cross the Canada-U.S. border every day?"):
        ans = answer(seeds_index, embedder, q)
        p = ans.passages[ans.answer.passage - 1]
        assert [ans.answer.start, ans.answer.end] in p.highlights and ans.answer.text in p.highlighted_text()
        assert len(p.highlights) <= highlight.MOST


def test_the_answer_line_holds_the_kind_asked_for_when_its_passage_has_it_close(seeds_index, embedder):
    """"How often" wants a figure: the heading "3. Better utilize the Cross-Border Crime Forum ..." scores a
    little higher than "Convening at least twice annually ..." in the same passage, which holds one."""
    ans = answer(seeds_index, embedder, "How often should the Cross-Border Crime Forum meet?")
    assert ans.answer.text.startswith("Convening at least twice annually") and not ans.answer.lacks
    assert ans.answer.text in ans.passages[ans.answer.passage - 1].highlighted_text()


def test_a_sentence_going_on_with_the_shown_ones_is_shown_too():
    # "Moreover, ..." adds to the answer; a sentence that does not go on stays out
    text = ("Replicon particles were tried as a vaccine against cytomegalovirus. "
            "A phase I trial showed the vaccine was immunogenic, inducing neutralizing antibodies and T cell responses. "
            "Moreover, the vaccine was well tolerated and considered safe. "
            "A separate trial tested a replicon expressing a tumour antigen.")
    out = shown(text, [0.52, 0.67, 0.32, 0.45], "What did the trial of the cytomegalovirus replicon vaccine show?")
    assert out == [text[text.index("A phase"):text.index(" Moreover")], text[text.index("Moreover"):text.index(" A separate")]]
    # the next item of a list ("The remaining four ...") after the sentences shown
    text = ("Nine trials were registered for the disease by February. "
            "Five of them, on hydroxychloroquine, lopinavir and stem cells, have started recruiting. "
            "The remaining four test interferon, darunavir and remdesivir (à l’essai).")
    out = shown(text, [0.54, 0.50, 0.17], "What is the status of the nine trials?")
    assert len(out) == 3 and out[2].startswith("The remaining four")
    # the first item of the list the sentence shown announces
    text = ("While trials with adenovirus vectors have mostly succeeded, the vector was set back by two clinical failures. "
            "The first trial was a gene therapy study in which a high intravenous dose killed a young man. "
            "In this study, individuals were vaccinated three times.")
    out = shown(text, [0.58, 0.24, 0.15], "What is an example of a failure of the adenovirus vector?")
    assert out == [text[:text.index(" The first")], text[text.index("The first"):text.index(" In this")]]


def test_a_yes_or_no_answer_turned_by_the_next_sentence_is_shown_with_it():
    text = ("A protease inhibitor, rupintrivir, was tested in a rhinovirus challenge trial. "
            "Rupintrivir was well tolerated and reduced viral loads and respiratory symptoms. "
            "However, in natural infection it did not significantly reduce viral loads or symptom severity. "
            "Zinc lozenges are now widely discredited.")
    scores = [0.66, 0.85, 0.68, 0.56]
    out = shown(text, scores, "Has rupintrivir been shown to reduce the symptoms of a rhinovirus infection?")
    assert any(s.startswith("However, in natural infection") for s in out)
    # a question that is not yes-or-no gets the best sentence alone
    assert shown(text, scores, "What did rupintrivir reduce in the challenge trial?") == \
        [text[text.index("Rupintrivir was"):text.index(" However")]]


def test_a_best_sentence_opening_with_a_phrase_pointing_back_brings_the_one_before():
    text = ("Recurrent annual outbreaks are driven by antigenic drift, a variant virus becoming dominant each season. "
            "Without such drift, circulating human viruses would disappear once herd immunity is reached. "
            "Epidemics in temperate zones peak in winter.")
    out = shown(text, [0.64, 0.86, 0.40], "Why do human influenza viruses not disappear after herd immunity?")
    assert out[0].startswith("Recurrent annual outbreaks") and out[1].startswith("Without such drift")
    # "On the same day" is the day the sentence before gives
    text = ("On January 30, 2020, the first local transmission in the country was reported. "
            "On the same day, the World Health Organization declared a Public Health Emergency of International Concern. "
            "Healthy people may have no symptoms at all.")
    out = shown(text, [0.69, 0.96, 0.45], "What did the World Health Organization declare after the first local transmission?")
    assert out[0].startswith("On January 30, 2020") and out[1].startswith("On the same day")


def test_a_cued_sentence_pointing_back_comes_with_the_one_it_points_to():
    text = ("Several recent studies suggest other compounds could increase host resilience to viral lung infections. "
            "Corticosteroids are broadly immunosuppressive. "
            "Another class of drugs that has been suggested is the statins. "
            "They act to stabilize the innate immune response and prevent excessive inflammation.")
    out = cued(text, [0.80, 0.52, 0.60, 0.62], "What is the role of statins in host resilience to viral lung infections?")
    assert out[1:] == [text[text.index("Another class"):text.index(" They")], text[text.index("They act"):]]


def test_a_yes_or_no_answer_turned_after_the_shown_sentences_is_shown_too():
    # the best sentence and its close neighbour are shown; the turn comes after both
    text = ("Since the new A(H7N9) virus emerged, more than 400 human cases were reported, a third of them fatal. "
            "Most patients had contact with poultry or had visited live animal markets. "
            "However, some sporadic cases seemed to result from human to human transmission. "
            "Seasonal influenza viruses usually cause mild infections of the upper airways.")
    out = shown(text, [0.80, 0.72, 0.66, 0.65], "Can the H7N9 influenza virus be transmitted from human to human?")
    assert len(out) == 3 and out[2].startswith("However, some sporadic cases")
    assert len(shown(text, [0.80, 0.72, 0.66, 0.65], "Which animals did most H7N9 patients have contact with?")) == 2
