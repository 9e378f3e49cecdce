"""Titles and names folded into one speaker, only with evidence in the text (issue 27, item 2-3).

Every sentence here is written for the test. Each case has a twin: the same
description where the text gives no such evidence keeps a speaker of its own,
or goes to the other person whose title it repeats.
"""

from __future__ import annotations

LDQ, RDQ = "\u201c", "\u201d"


def _speaker_of(article, words: str):
    quote = next(q for q in article.quotes if words in q.content.text)
    return article.speaker(quote.speaker_id) if quote.speaker_id else None


def test_a_description_repeating_a_title_goes_to_the_bearer(analyze):
    article = analyze(
        "Schools will close early, warns Coastal Flood Agency (CFA) Director Helen Mbeki as she urged families "
        "to prepare.\n\n"
        f"Museum Curator Rob Tanaka said the roof had held. {LDQ}We lost nothing at all,{RDQ} the Director said.")
    assert _speaker_of(article, "We lost nothing").name == "Helen Mbeki"


def test_twin_a_description_repeating_another_title_goes_to_its_own_bearer(analyze):
    article = analyze(
        "Schools will close early, warns Coastal Flood Agency (CFA) Director Helen Mbeki as she urged families "
        "to prepare.\n\n"
        f"Museum Curator Rob Tanaka said the roof had held. {LDQ}We lost nothing at all,{RDQ} the Curator said.")
    assert _speaker_of(article, "We lost nothing").name == "Rob Tanaka"


def test_a_description_with_the_organisation_of_the_title_goes_to_the_bearer(analyze):
    article = analyze(
        "Schools will close early, warns Coastal Flood Agency (CFA) Director Helen Mbeki.\n\n"
        f"Museum Curator Rob Tanaka said the roof had held. The CFA Director also urged towns to keep sandbags "
        f"{LDQ}so we are not caught out again.{RDQ}")
    assert _speaker_of(article, "not caught out").name == "Helen Mbeki"


def test_a_capitalised_role_the_article_gives_a_named_speaker_is_that_speaker(analyze):
    article = analyze(
        f"Tom Reyes, the Liberal MP, warned on Friday that the port faces {LDQ}deep cuts{RDQ} this winter.\n\n"
        f"{LDQ}We can still avoid this,{RDQ} the Liberal MP said.")
    assert _speaker_of(article, "still avoid").name == "Tom Reyes"


def test_a_capitalised_role_after_a_named_speaker_is_read_like_the_lower_case_role(analyze):
    # "the Liberal MP said" is the definite nominal "the senator said" with a capital: it refers
    # back to the person the paragraph before is about, by the same rule.
    article = analyze(
        f"Tom Reyes warned on Friday that the port faces {LDQ}deep cuts{RDQ} this winter.\n\n"
        f"Speaking in the chamber, the Liberal MP said: {LDQ}We can still avoid this.{RDQ}")
    speaker = _speaker_of(article, "still avoid")
    assert speaker.name == "Tom Reyes"
    assert speaker.resolutions == ["name", "description"]


def test_twin_a_capitalised_role_with_no_one_before_it_is_a_speaker_of_its_own(analyze):
    article = analyze(f"Speaking in the chamber, the Liberal MP said: {LDQ}We can still avoid this.{RDQ}")
    assert _speaker_of(article, "still avoid").name == "Liberal MP"


def test_twin_a_capitalised_female_role_does_not_go_back_to_a_man(analyze):
    article = analyze(
        f"Mr. Tom Reyes warned on Friday that the port faces {LDQ}deep cuts{RDQ}, and he asked for help.\n\n"
        f"Speaking in the chamber, the Congresswoman said: {LDQ}We can still avoid this.{RDQ}")
    speaker = _speaker_of(article, "still avoid")
    assert speaker is None or speaker.name != "Tom Reyes"
    assert any("deep cuts" in q.content.text for q in article.quotes)


def test_a_rank_shortened_and_whole_is_one_person(analyze):
    article = analyze(
        "Superintendent Marcia Lewis said the road would stay closed overnight.\n\n"
        f"{LDQ}We are asking drivers to stay away,{RDQ} Supt Lewis said.")
    assert len(article.speakers) == 1 and article.speakers[0].name == "Marcia Lewis"


def test_twin_two_people_sharing_a_surname_stay_two(analyze):
    article = analyze(
        "Superintendent Marcia Lewis said the road would stay closed overnight.\n\n"
        f"{LDQ}We are asking drivers to stay away,{RDQ} Supt Daniel Lewis said.")
    assert {s.name for s in article.speakers} == {"Marcia Lewis", "Daniel Lewis"}


def test_an_acronym_in_brackets_after_a_name_is_that_organisation(analyze):
    article = analyze(
        "The Northern Grid Authority (NGA) said on Monday that supplies were tight.\n\n"
        f"{LDQ}We are asking everyone to save power tonight,{RDQ} the NGA said.")
    assert [s.name for s in article.speakers] == ["Northern Grid Authority"]
    assert "NGA" in article.speakers[0].aliases


def test_twin_a_bracket_that_is_no_acronym_of_the_name_joins_nothing(analyze):
    article = analyze(
        "The Northern Grid Authority (Texas) said on Monday that supplies were tight.\n\n"
        f"{LDQ}We are asking everyone to save power tonight,{RDQ} the PUC said.")
    assert _speaker_of(article, "save power").name == "PUC"


def _oversight_article(body: str) -> str:
    return (f"The Citizens\u2019 Harbour Oversight {body}, which guards the fund, complained in July that the port "
            "had kept it in the dark.\n\n"
            f"The trust then urged the port to ensure that it {LDQ}keeps every promise made to the fishing fleet.{RDQ}")


def test_the_head_noun_of_a_named_organisation_is_that_organisation(analyze):
    article = analyze(_oversight_article("Trust"))
    assert _speaker_of(article, "keeps every promise").name.endswith("Harbour Oversight Trust")


def test_twin_a_head_noun_no_named_organisation_has_stays_itself(analyze):
    article = analyze(_oversight_article("Board"))
    speaker = _speaker_of(article, "keeps every promise")  # "the trust": no body the article names
    assert speaker is None or not speaker.name.endswith("Harbour Oversight Board")
    assert any(q.source is not None and q.source.text == "The trust" for q in article.quotes)


def test_an_unnamed_source_is_named_by_its_whole_description(analyze):
    article = analyze("A person briefed on the harbour inquiry said the report would be published in June.")
    assert _speaker_of(article, "published in June").name == "A person briefed on the harbour inquiry"


def test_twin_a_relative_clause_is_not_part_of_the_unnamed_sources_name(analyze):
    article = analyze("A nurse who works nights on the ward said the beds were all taken.")
    assert _speaker_of(article, "beds were all taken").name == "A nurse"


def test_an_unnamed_source_after_an_inverted_cue_is_named_whole(analyze):
    article = analyze(f"{LDQ}The report comes out in June,{RDQ} said a person briefed on the harbour inquiry.")
    assert _speaker_of(article, "comes out in June").name == "a person briefed on the harbour inquiry"


def test_someone_described_is_a_source_of_their_own(analyze):
    article = analyze(f"{LDQ}This tower is far too tall for the village,{RDQ} said someone at the hearing.")
    speaker = _speaker_of(article, "far too tall")
    assert (speaker.name, speaker.kind, speaker.identity) == ("someone at the hearing", "person", "anonymous")


def test_twin_someone_undescribed_stays_unresolved(analyze):
    article = analyze(f"{LDQ}This tower is far too tall for the village,{RDQ} someone said.")
    assert [q.source.text for q in article.quotes] == ["someone"]
    assert _speaker_of(article, "far too tall") is None
