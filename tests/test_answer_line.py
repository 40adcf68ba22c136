"""The answer line on tiny real texts with the real model: a name the
question gives by its initials, a date that is not the figure asked for, a
sentence announcing what follows, a table row under its header, another of a
family of names, and the event a "when" question dates."""

from qa.answer.answers import answer
from qa.store.index import build_index, load_index


def _index(tmp_path, text: str | dict, embedder):
    """An index of one text ("doc.txt"), or of several files ({name: text})."""
    src = tmp_path / "src"
    src.mkdir(parents=True)
    for name, body in (text if isinstance(text, dict) else {"doc.txt": text}).items():
        (src / name).write_text(body, encoding="utf-8")
    build_index([src], tmp_path / "index", embedder)
    return load_index(tmp_path / "index")


def test_a_name_given_by_its_initials_is_held_by_the_sentence_spelling_it_out(tmp_path, embedder):
    """"Which NHL team": the sentence saying "National Hockey League" holds
    the question's "NHL", and names the team; the one about the film does not."""
    text = ("Pike in culture\n\nThe 1994 film Frozen Pike chose the pike as the mascot of the fictional youth hockey "
            "team at the heart of the film, the pike being known as a fierce hunter. This led to the pike becoming "
            "the mascot of the later National Hockey League team of the Tromsø Pikes, founded as the Frozen Pike "
            "of Tromsø. The pike is also the emblem of a minor league baseball team in Jönköping.\n")
    ans = answer(_index(tmp_path, text, embedder), embedder, "Which NHL team got its name from the Frozen Pike film?")
    assert ans.answer is not None and "Tromsø Pikes" in ans.answer.text


def test_a_date_is_not_the_figure_how_much_asks_for(tmp_path, embedder):
    """"How much was the loan?": "On July 16, 2021" holds no amount, so the
    sentence about applying for the loan's forgiveness is at most the closest,
    never an answer giving a date for an amount."""
    text = ("Harbour finances\n\nThe regional bank in Ålesund lent 835,300 kroner, unsecured. On July 16, 2021, the "
            "Harbour Authority applied for forgiveness in full of the harbour loan it took out. The forgiveness was "
            "granted in the autumn.\n")
    ans = answer(_index(tmp_path, text, embedder), embedder, "How much was the harbour loan the authority took out?")
    assert ans.answer is not None
    if "835,300" not in ans.answer.text:
        assert "July 16" in ans.answer.text and ans.answer.closest and "a figure" in ans.answer.lacks
        assert not ans.answered


def test_a_sentence_ending_in_a_colon_announces_the_answer_and_is_not_it(tmp_path, embedder):
    """"Here are some things a heron could eat:" introduces an answer (here
    one the text never gives); another sentence is the line."""
    text = ("Heron diary\n\nAfter we had a good day of wading in the fjord, it’s important to eat something nice\n\n"
            "I like to eat small fish\n\nHere are some interesting things a respectful heron could eat:\n")
    ans = answer(_index(tmp_path, text, embedder), embedder, "What does the heron say it likes to eat?")
    assert ans.answer is not None and "eat" in ans.answer.text and not ans.answer.text.endswith(":")


def test_a_table_row_is_named_by_its_column_header(tmp_path, embedder):
    """"How many calories are in a portion of grain?": the row "Grain | ... |
    200" holds the count and its header row names the calories."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "food.html").write_text(
        "<html><head><title>Heron food</title></head><body><h1>What a heron eats</h1>"
        "<p>Here are some things a respectful heron could eat:</p><table>"
        "<tr><th>Food</th><th>Examples</th><th>Calories per portion</th></tr>"
        "<tr><td>Fish</td><td>Roach, Perch, Bleak</td><td>90</td></tr>"
        "<tr><td>Grain</td><td>Corn, Buckwheat, Barley</td><td>200</td></tr>"
        "<tr><td>Frogs</td><td>Common frog, Moor frog</td><td>60</td></tr></table></body></html>", encoding="utf-8")
    build_index([src], tmp_path / "index", embedder)
    ans = answer(load_index(tmp_path / "index"), embedder, "How many calories are in a portion of grain?")
    assert ans.answered and ans.answer.text.startswith("Grain") and "200" in ans.answer.text and not ans.answer.closest


def test_another_of_the_family_named_is_not_the_answer(tmp_path, embedder):
    """Asked about "SHA-256", a sentence about "SHA224" is not the answer,
    however close; asked about "SHA-224", it is (hyphen or not, and "bytes"
    is a unit, not what the line must name)."""
    text = ("Hash functions\n\nSHA224 is a variant of SHA256 with a different initial state. Constant: "
            "SHA224_DIGEST_SIZE The size of a SHA224 digest, i.e. 28. The output is truncated to 224 bits.\n")
    index = _index(tmp_path, text, embedder)
    ans = answer(index, embedder, "How many bytes is a SHA-256 digest?")
    assert not ans.answered
    ans = answer(index, embedder, "How many bytes is a SHA-224 digest?")
    assert ans.answered and "28" in ans.answer.text and not ans.answer.closest


def test_a_when_question_wants_the_event_it_dates(tmp_path, embedder):
    """"When was the authority created?" is not answered by a sentence dating
    its seizures; a sentence saying it was established (a like verb) answers."""
    seized = ("Harbour Authority\n\nBetween 2019 and 2023, the Ålesund Harbour Authority seized 4,234 smuggled "
              "firearms, and in 2024 it seized 812 more.\n")
    ans = answer(_index(tmp_path / "a", seized, embedder), embedder, "When was the Ålesund Harbour Authority created?")
    assert not ans.answered and "when it was created" in ans.answer.lacks
    founded = seized.replace("more.", "more. The Ålesund Harbour Authority was established in 1998.")
    ans = answer(_index(tmp_path / "b", founded, embedder), embedder, "When was the Ålesund Harbour Authority created?")
    assert ans.answered and "1998" in ans.answer.text


def test_the_other_end_of_a_superlative_and_another_count_are_not_the_answer(tmp_path, embedder):
    """"Which harbour had the fewest seizures?" is not answered by the one
    with the majority; "How many people were charged?" not by a count of
    seizures; "Who chairs the Øresund Harbour Forum?" not by its initials."""
    text = ("Harbour seizures\n\nThe Ålesund harbour consistently reports the majority of seizures, with 82% of them "
            "there in 2024. In 2023, the Øresund Harbour Forum (OHF) counted 1,204 seizures of smuggled goods. "
            "The OHF provides a platform for harbour police cooperation.\n")
    index = _index(tmp_path, text, embedder)
    fewest = answer(index, embedder, "Which harbour had the fewest seizures in 2024?")
    assert not fewest.answered and "“fewest”" in fewest.answer.lacks
    charged = answer(index, embedder, "How many people were charged with smuggling in 2023?")
    assert not charged.answered and "“charged” or its like" in charged.answer.lacks
    chair = answer(index, embedder, "Who chairs the Øresund Harbour Forum?")
    assert not chair.answered and "anyone by name" in chair.answer.lacks
    most = answer(index, embedder, "Which harbour had the most seizures in 2024?")
    assert "“most”" not in (most.answer.lacks if most.answer else [])


def test_a_count_of_something_else_named_beside_the_thing_is_not_the_answer(tmp_path, embedder):
    """"How many dog teams?" is not answered by "personnel by 350, alongside
    ... dog teams": the count is of personnel; "12 dog teams" answers."""
    text = ("Harbour enforcement\n\nNorway has bolstered harbour enforcement by increasing harbour police personnel by "
            "350, alongside investments in surveillance technology such as drones, radar towers, patrol boats, and "
            "dog teams.\n")
    ans = answer(_index(tmp_path / "a", text, embedder), embedder, "How many dog teams does the harbour police have?")
    assert not ans.answered and "a count of dog teams" in ans.answer.lacks
    more = text.replace("dog teams.", "dog teams. The harbour police now has 12 dog teams in Ålesund.")
    ans = answer(_index(tmp_path / "b", more, embedder), embedder, "How many dog teams does the harbour police have?")
    assert ans.answer is not None and "12 dog teams" in ans.answer.text and "a count of dog teams" not in ans.answer.lacks


def test_when_will_it_be_ready_wants_a_date(tmp_path, embedder):
    """"When will the drone unit be fully operational?" asks for a time to
    come: a sentence about the unit with no date is only the closest."""
    text = ("Harbour surveillance\n\nThe Ålesund Harbour Authority is using new funding to deploy a drone unit to "
            "strengthen surveillance of the fjord.\n")
    question = "When will the drone unit be fully operational?"
    ans = answer(_index(tmp_path / "a", text, embedder), embedder, question)
    assert not ans.answered and "a date" in ans.answer.lacks
    dated = text.replace("fjord.", "fjord. The drone unit will be fully operational by March 2026.")
    ans = answer(_index(tmp_path / "b", dated, embedder), embedder, question)
    assert ans.answered and "March 2026" in ans.answer.text


def test_why_wants_a_reason_and_the_change_it_presumes(tmp_path, embedder):
    """"Why did seizures rise?" is not answered by the sentence giving the
    rise alone; a sentence saying what drove it answers. "Why did the
    authority stop the patrols?" is not answered when nothing says they stopped."""
    text = ("Harbour seizures\n\nThe Ålesund harbour reports the majority of seizures, with 82% of them there in 2024, "
            "up from 69% in 2023. The harbour police patrols the fjord jointly with the coast guard.\n")
    index = _index(tmp_path / "a", text, embedder)
    rise = answer(index, embedder, "Why did seizures at the Ålesund harbour rise in 2024?")
    assert not rise.answered and "a reason" in rise.answer.lacks
    stop = answer(index, embedder, "Why did the harbour police stop the joint patrols?")
    assert not stop.answered and "“stop” or its like" in stop.answer.lacks
    driven = text.replace("in 2023.", "in 2023. The rise was driven by new radar towers that detect smuggling boats.")
    rise = answer(_index(tmp_path / "b", driven, embedder), embedder, "Why did seizures at the Ålesund harbour rise in 2024?")
    assert rise.answered and "driven by" in rise.answer.text


def test_a_country_is_no_province_and_a_body_is_no_official(tmp_path, embedder):
    """"Which Norwegian county ...?" is not answered by "Norway"; "Which
    official wrote the note?" not by a police force nor a post's title;
    "Which Sámi communities ...?" not by "Sámi partners"; "How much of the
    1.3 billion kroner ...?" not by the sentence giving the 1.3 billion."""
    text = ("Harbour note\n\nTitle of Minister: Minister of Fisheries\n\nMost smuggled firearms in Norway come from "
            "Sweden, the region's largest maker of small arms. The note builds on the Norwegian Harbour Police’s "
            "existing work with Sámi partners. The government announced a 1.3 billion kroner commitment to harbour "
            "security.\n")
    index = _index(tmp_path, text, embedder)
    county = answer(index, embedder, "Which Norwegian county receives the most smuggled firearms?")
    assert not county.answered and "a state or province" in county.answer.lacks
    official = answer(index, embedder, "Which Fisheries official prepared the harbour note?")
    assert not official.answered
    communities = answer(index, embedder, "Which Sámi communities does the harbour police work with?")
    assert not communities.answered and "any by name" in communities.answer.lacks
    share = answer(index, embedder, "How much of the 1.3 billion kroner commitment goes to the harbour police?")
    assert not share.answered


def test_the_doer_counted_the_post_asked_and_a_name_never_mentioned(tmp_path, embedder):
    """"How many firearms did the Coast Guard seize?" is not answered by the
    harbour police's count; "Who was the Minister of Fisheries before Jo Lind?"
    not by Jo Lind's own line; "What is the name of the operation ...?" not by a
    sentence naming none; "Does the patrol work in the Barents Sea?" is not
    answered when no document mentions the Barents Sea, and says so."""
    text = ("Harbour note\n\nName of Minister: Lind, Jo (Hon.)\n\nBetween 2019 and 2023, the Ålesund Harbour Police "
            "seized 4,234 firearms at the fjord. The harbour police also provided direction to mobilize boats along "
            "the fjord. The joint patrol polices the fjord with the coast guard.\n")
    index = _index(tmp_path, text, embedder)
    doer = answer(index, embedder, "How many firearms did the Norwegian Coast Guard seize between 2019 and 2023?")
    assert not doer.answered and "Norwegian Coast Guard" in doer.answer.lacks
    seized = answer(index, embedder, "How many firearms did the Ålesund Harbour Police seize between 2019 and 2023?")
    assert seized.answered and "4,234" in seized.answer.text
    before = answer(index, embedder, "Who was the Minister of Fisheries before Jo Lind?")
    assert not before.answered
    operation = answer(index, embedder, "What is the name of the harbour police operation that mobilized boats?")
    assert not operation.answered and "any by name" in operation.answer.lacks
    barents = answer(index, embedder, "Does the joint patrol work in the Barents Sea?")
    assert not barents.answered and barents.note == "The documents never mention Barents Sea."


def test_a_superlative_asked_wants_an_extreme_named(tmp_path, embedder):
    """"Where did the authority make its largest seizure?" is not answered by
    the year's total; a sentence naming the largest one answers."""
    text = "Harbour seizures\n\nIn 2024, the Ålesund Harbour Authority seized 812 smuggled firearms at the fjord.\n"
    question = "Where did the Ålesund Harbour Authority make its largest seizure of 2024?"
    ans = answer(_index(tmp_path / "a", text, embedder), embedder, question)
    assert not ans.answered and "“largest” or its like" in ans.answer.lacks
    more = text.replace("fjord.", "fjord. The largest seizure of 2024 came at the Brattvåg ferry quay.")
    ans = answer(_index(tmp_path / "b", more, embedder), embedder, question)
    assert ans.answer is not None and "Brattvåg" in ans.answer.text and "“largest” or its like" not in ans.answer.lacks


def test_what_a_question_sets_aside_is_not_its_answer_and_advice_is_wanted(tmp_path, embedder):
    """"Apart from the drone unit, what else has the authority done?" is not
    answered by the drone unit's sentence; "What does the union want the
    authority to do about slow purchases?" by the sentence recommending."""
    text = ("Harbour note\n\nThe Ålesund Harbour Authority is using new funding to deploy a drone unit over the fjord. "
            "In addition, the authority moved twelve patrol boats to the outer islands, increasing its capacity to "
            "patrol at night. The purchase process, often slowed by paperwork, hampers the authority's work. The "
            "union recommends that the authority streamline its purchase process.\n")
    index = _index(tmp_path, text, embedder)
    other = answer(index, embedder, "Apart from the drone unit, what else has the Ålesund Harbour Authority done at the fjord?")
    assert other.answer is not None and "drone unit" not in other.answer.text
    advice = answer(index, embedder, "What does the union want the harbour authority to do about slow purchases?")
    assert advice.answer is not None and "recommends" in advice.answer.text


def test_a_list_of_siblings_a_response_and_a_time_to_come(tmp_path, embedder):
    """"Who runs the Radar Programme?" is not answered by the programmes
    listed beside it; "How did the ministry respond to the letter?" not by a
    sentence about the letter that says no response; "When will the review
    finish?" not by one without a date."""
    text = ("Harbour letter\n\nExisting initiatives like the Fjord Patrol Teams, Integrated Harbour Operations (Skipsfører), "
            "and the Radar Programme have shown promise. Over the month of January, the Ålesund union wrote a letter to "
            "the ministry. It is recommended that a review streamline the harbour's purchase process.\n")
    index = _index(tmp_path, text, embedder)
    runs = answer(index, embedder, "Who runs the Radar Programme?")
    assert not runs.answered
    respond = answer(index, embedder, "How did the ministry respond to the Ålesund union's letter?")
    assert not respond.answered and "“respond” or its like" in respond.answer.lacks
    finish = answer(index, embedder, "When will the harbour finish its purchase review?")
    assert not finish.answered and "a date" in finish.answer.lacks


def test_a_recommendation_does_not_say_it_was_done(tmp_path, embedder):
    """"Did the ministry complete the review?": a sentence recommending the
    review does not say whether it was carried out, so the question is not
    answered; a sentence saying it was done answers."""
    text = ("Ferry safety\n\nThe Skippers' Union of Tromsø wrote to the ministry in March. It is recommended that a "
            "review of ferry inspection rules is conducted by the ministry. Inspections of the ferries take place "
            "twice a year.\n")
    asked = "Did the ministry complete the review of ferry inspection rules?"
    ans = answer(_index(tmp_path / "a", text, embedder), embedder, asked)
    assert not ans.answered and "whether it was done" in ans.answer.lacks
    done = text.replace("It is recommended that a review of ferry inspection rules is conducted by the ministry.",
                        "The ministry completed the review of ferry inspection rules in May.")
    ans = answer(_index(tmp_path / "b", done, embedder), embedder, asked)
    assert "whether it was done" not in ans.answer.lacks


def test_a_weight_is_not_the_sum_of_money_asked_for(tmp_path, embedder):
    """"What was the dollar value of the seized cod?": the weight seized is a
    figure, not a sum of money."""
    text = ("Fisheries control\n\nIn 2024, inspectors in Bodø seized 12,000 kilograms of illegally caught cod. The "
            "seizures were made at three harbours.\n")
    ans = answer(_index(tmp_path, text, embedder), embedder, "What was the dollar value of the cod seized in 2024?")
    assert not ans.answered and "a sum of money" in ans.answer.lacks


def test_a_line_naming_its_own_year_is_not_the_year_asked(tmp_path, embedder):
    """"What share of ferry accidents in 2023 involved fog?": the sentence
    before names 2023, but the line speaks of 2022."""
    text = ("Ferry accidents\n\nFerry traffic grew from 8,519 crossings in 2019 to 13,056 in 2023. Almost half of "
            "ferry accidents in 2022 involved fog. Radar was upgraded on all ferries.\n")
    ans = answer(_index(tmp_path, text, embedder), embedder, "What share of ferry accidents in 2023 involved fog?")
    assert not ans.answered and "2023" in ans.answer.lacks


def test_a_yes_no_line_must_name_what_the_question_names(tmp_path, embedder):
    """"Is the ministry deploying the fog radar jointly with the Coastal
    Administration?": a line about the radar that never names the Coastal
    Administration (another document does) cannot say yes or no, however
    close its words."""
    radar = ("Ferry radar\n\nThe ministry is deploying a new fog radar network on all ferries between Bodø and "
             "Lofoten, with masts on six islands and a control room in Bodø.\n")
    lights = ("Lighthouses\n\nThe Coastal Administration maintains the 46 lighthouses of the region and their "
              "keepers' houses, some of which are now let to visitors in summer.\n")
    ans = answer(_index(tmp_path, {"radar.txt": radar, "lights.txt": lights}, embedder), embedder,
                 "Is the ministry deploying the new fog radar network on all ferries jointly with the Coastal Administration?")
    assert ans.answer is not None and "fog radar" in ans.answer.text
    assert not ans.answered and ans.answer.closest


def test_did_any_asks_whether_the_event_happened(tmp_path, embedder):
    """"Did any passengers die in the crossing in 2023?": a sentence counting
    the passengers carried never says anyone died, so it does not answer."""
    text = ("Ferry crossings\n\nIn 2023, the Bodø ferry carried 23,721 passengers across the fjord, more than double "
            "the year before. The crossing takes three hours in good weather.\n")
    ans = answer(_index(tmp_path, text, embedder), embedder, "Did any passengers die in the ferry crossing in 2023?")
    assert not ans.answered and ans.answer is not None and "“die” or its like" in ans.answer.lacks


def test_a_range_of_years_is_not_the_year_asked(tmp_path, embedder):
    """"How many salmon did inspectors seize in 2023 alone?": a figure for
    "between 2019 and 2023" is five years', not 2023's."""
    text = ("Fisheries control\n\nBetween 2019 and 2023, inspectors in Bodø seized 4,234 illegally caught salmon. "
            "The seizures were made at three harbours.\n")
    ans = answer(_index(tmp_path, text, embedder), embedder, "How many salmon did inspectors seize in 2023 alone?")
    assert not ans.answered and "a figure for 2023 alone" in ans.answer.lacks


def test_a_count_of_something_else_does_not_count_those_charged(tmp_path, embedder):
    """"How many people did the Bodø police charge with smuggling in 2024?":
    a count of crossings never speaks of charges."""
    text = ("Harbour police\n\nIn 2024, the Bodø police recorded 23,721 crossings at the harbour, more than double "
            "the previous year. Smuggling through the harbour remains a concern for the Bodø police.\n")
    ans = answer(_index(tmp_path, text, embedder), embedder,
                 "How many people did the Bodø Police charge with smuggling in 2024?")
    assert not ans.answered and "“charge” or its like" in ans.answer.lacks


def test_where_to_look_is_not_what_the_line_must_name(tmp_path, embedder):
    """"..., according to the union's January letter?": the letter is where to
    look; the line giving the figure need not name January."""
    text = ("Harbour finances\n\nThe Skippers' Union welcomed the ministry's plan. The ministry committed 835,300 kroner "
            "to repair the harbour walls of Bodø in 2024.\n")
    ans = answer(_index(tmp_path, text, embedder), embedder,
                 "How much did the ministry commit to repair the harbour walls, according to the union's January letter?")
    assert ans.answer is not None and "835,300" in ans.answer.text
    assert "January" not in ans.answer.lacks and not ans.answer.closest
