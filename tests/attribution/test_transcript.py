"""Interview transcripts: "PENCE: Well, look, ..." is a turn of the speaker the label names."""

from __future__ import annotations

INTERVIEW = (
    "Mike Pence spoke to Fox News Sunday about the debate.\n\n"
    '"WALLACE: Will Gennifer Flowers be there tomorrow night?\n\n'
    '"PENCE: Gennifer Flowers will not be attending the debate tomorrow night.\n\n'
    '"WALLACE: Do you really see those two as equivalent?\n\n'
    '"PENCE: And that\'s why Donald Trump is on his way to the White House."\n'
)


def test_each_labelled_paragraph_is_a_turn_of_the_labelled_speaker(analyze, speaker):
    article = analyze(INTERVIEW)
    turns = [q for q in article.quotes if q.cue is not None and q.cue.text == ":"]
    assert [(q.source.text, q.content.text) for q in turns] == [
        ("WALLACE", "Will Gennifer Flowers be there tomorrow night?"),
        ("PENCE", "Gennifer Flowers will not be attending the debate tomorrow night."),
        ("WALLACE", "Do you really see those two as equivalent?"),
        ("PENCE", "And that's why Donald Trump is on his way to the White House.\""),
    ]
    assert all(q.type == "direct" for q in turns)
    # The label names Mike Pence, named in the first paragraph; WALLACE is known by the label only.
    assert [speaker(article, q).name for q in turns] == ["WALLACE", "Mike Pence", "WALLACE", "Mike Pence"]
    # The interview's quotation marks no longer make one quote of the turns.
    assert not any(q.content.text.startswith('"WALLACE') for q in article.quotes)


def test_a_rubric_in_capitals_is_not_a_speaker(analyze):
    article = analyze(
        "UPDATE: The website that listed the weapons has been taken down.\n\n"
        "The company said it would review its policies."
    )
    assert [q.content.text for q in article.quotes] == ["it would review its policies"]


def test_one_label_counts_when_it_names_someone_in_the_article(analyze, speaker):
    article = analyze(
        "Jake Tapper pressed the governor on the campaign.\n\n"
        "TAPPER: Do you think Donald Trump has campaigned as a racial healer?\n"
    )
    turn = next(q for q in article.quotes if q.cue is not None and q.cue.text == ":")
    assert turn.content.text == "Do you think Donald Trump has campaigned as a racial healer?"
    assert speaker(article, turn).name == "Jake Tapper"


def test_a_headline_label_is_its_source(analyze):
    article = analyze("Pence: Gennifer Flowers Won't Be at Debate.\n\nThe governor spoke on Sunday.")
    assert [(q.content.text, q.source.text, q.cue.text) for q in article.quotes] == [
        ("Gennifer Flowers Won't Be at Debate", "Pence", ":"),
    ]


def test_a_headline_label_speaks_the_line_around_a_quoted_phrase_of_it(analyze):
    # the quoted words alone have no speaker; the label is the source of the whole line
    article = analyze("Rush Limbaugh: Hillary Asking Moderator To Fact Check Trump \u2018Reeks of Fear.\u2019\n\n"
                      "The host spoke on his radio show.")
    assert [(q.content.text, q.source.text) for q in article.quotes] == [
        ("Hillary Asking Moderator To Fact Check Trump \u2018Reeks of Fear.\u2019", "Rush Limbaugh"),
    ]


def test_a_headline_group_label_is_its_source(analyze):
    article = analyze("Clinton camp: Trump's rhetoric threatens national security.\n\nMore on Monday.")
    assert [(q.content.text, q.source.text) for q in article.quotes] == [
        ("Trump's rhetoric threatens national security", "Clinton camp"),
    ]


def test_a_headline_rubric_is_not_a_source(analyze):
    for headline in ("Breaking: Storm hits the coast.", "The Latest: Storm hits the coast.",
                     "Delegate Update: Storm hits the coast."):
        article = analyze(f"{headline}\n\nThe storm arrived overnight.")
        assert article.quotes == [], headline
