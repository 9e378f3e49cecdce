"""Interview transcripts: "SORENSEN: Well, look, ..." is a turn of the speaker the label names."""

from __future__ import annotations

import pytest

INTERVIEW = (
    "Mark Sorensen spoke to Fox News about the budget.\n\n"
    '"HALE: Will the council vote on the budget next week?\n\n'
    '"SORENSEN: The council will not be voting on any budget before the spring.\n\n'
    '"HALE: Are the two plans really the same?\n\n'
    '"SORENSEN: And that\'s why our mayor is going to win a second term."\n'
)


def test_each_labelled_paragraph_is_a_turn_of_the_labelled_speaker(analyze, speaker):
    article = analyze(INTERVIEW)
    turns = [q for q in article.quotes if q.cue is not None and q.cue.text == ":"]
    assert [(q.source.text, q.content.text) for q in turns] == [
        ("HALE", "Will the council vote on the budget next week?"),
        ("SORENSEN", "The council will not be voting on any budget before the spring."),
        ("HALE", "Are the two plans really the same?"),
        ("SORENSEN", "And that's why our mayor is going to win a second term.\""),
    ]
    assert all(q.type == "direct" for q in turns)
    # The label names Mark Sorensen, named in the first paragraph; HALE is known by the label only.
    assert [speaker(article, q).name for q in turns] == ["HALE", "Mark Sorensen", "HALE", "Mark Sorensen"]
    # The interview's quotation marks no longer make one quote of the turns.
    assert not any(q.content.text.startswith('"HALE') for q in article.quotes)


def test_a_rubric_in_capitals_is_not_a_speaker(analyze):
    article = analyze(
        "UPDATE: The website that listed the weapons has been taken down.\n\n"
        "The company said it would review its policies."
    )
    assert [q.content.text for q in article.quotes] == ["it would review its policies"]


def test_one_label_counts_when_it_names_someone_in_the_article(analyze, speaker):
    article = analyze(
        "Mary Holt pressed the governor on the campaign.\n\n"
        "HOLT: Would you say the governor has governed as a unifier?\n"
    )
    turn = next(q for q in article.quotes if q.cue is not None and q.cue.text == ":")
    assert turn.content.text == "Would you say the governor has governed as a unifier?"
    assert speaker(article, turn).name == "Mary Holt"


def test_a_headline_label_is_its_source(analyze):
    article = analyze("Sorensen: Budget Vote Won't Come Before Spring.\n\nThe deputy mayor spoke on Sunday.")
    assert [(q.content.text, q.source.text, q.cue.text) for q in article.quotes] == [
        ("Budget Vote Won't Come Before Spring", "Sorensen", ":"),
    ]


def test_a_headline_label_speaks_the_line_around_a_quoted_phrase_of_it(analyze):
    # the quoted words alone have no speaker; the label is the source of the whole line
    article = analyze("Dan Porter: Mayor Asking Council To Rewrite Budget \u2018Smells of Panic.\u2019\n\n"
                      "The host spoke on his radio show.")
    assert [(q.content.text, q.source.text) for q in article.quotes] == [
        ("Mayor Asking Council To Rewrite Budget \u2018Smells of Panic.\u2019", "Dan Porter"),
    ]


def test_a_headline_group_label_is_its_source(analyze):
    article = analyze("Clinton camp: Trump's rhetoric threatens national security.\n\nMore on Monday.")
    assert [(q.content.text, q.source.text) for q in article.quotes] == [
        ("Trump's rhetoric threatens national security", "Clinton camp"),
    ]


@pytest.mark.parametrize("rubric", ["Breaking", "The Latest", "Delegate Update"])
def test_a_headline_rubric_is_not_a_source(analyze, rubric):
    # the same line under a person's name is that person's
    named = analyze("Governor Ruiz: Storm hits the coast.\n\nThe storm arrived overnight.")
    assert [(q.content.text, q.source.text) for q in named.quotes] == [("Storm hits the coast", "Governor Ruiz")]
    article = analyze(f"{rubric}: Storm hits the coast.\n\nThe storm arrived overnight.")
    assert article.quotes == [], rubric
