"""Sources that are no one: places, labels and numbers get no speaker (issue 27, item 4).

Every sentence here is written for the test. Each case has a twin where the
same kind of word is a real source: a place that is itself the subject, a
person noun before a colon, a number counting people.
"""

from __future__ import annotations

LDQ, RDQ = "\u201c", "\u201d"


def _speaker_names(article) -> set[str]:
    return {article.speaker(q.speaker_id).name for q in article.quotes if q.speaker_id}


def test_a_place_in_a_description_is_not_the_speaker_the_person_is(analyze):
    article = analyze(f"{LDQ}Most lenders have walked away from such claims for years,{RDQ} noted Denver-based "
                      "tax lawyer Maria Quint in an interview with the paper.")
    assert _speaker_names(article) == {"Maria Quint"}


def test_twin_a_place_that_is_the_subject_speaks(analyze):
    article = analyze("Denver says two brothers took $2 million from the pension fund.")
    assert _speaker_names(article) == {"Denver"}


def test_a_place_after_in_is_not_the_body_that_ruled(analyze):
    article = analyze("The appeal also overturned the earlier County Court ruling in Portland, which had found the "
                      f"landlord to be a {LDQ}caretaker{RDQ} rather than an {LDQ}owner,{RDQ} and so not liable.")
    assert "Portland" not in _speaker_names(article)
    assert _speaker_names(article) <= {"County Court"}
    assert article.quotes, "the report is still found: only its speaker goes"


def test_twin_a_body_named_with_its_place_speaks(analyze):
    article = analyze("The Portland City Council said on Monday that the landlord was a caretaker, not an owner.")
    assert _speaker_names(article) == {"Portland City Council"}


def test_a_label_before_a_colon_is_no_speaker(analyze):
    article = analyze("Background: Farmers are planting earlier every year, and the harvest comes in weeks ahead "
                      "of the old calendar.")
    assert "Background" not in _speaker_names(article)
    assert article.quotes, "the report is still found: only its speaker goes"


def test_twin_a_person_noun_before_a_colon_is_a_speaker(analyze):
    article = analyze("Governor: Farmers are planting earlier every year, and the harvest comes in weeks ahead "
                      "of the old calendar.")
    assert _speaker_names(article) == {"Governor"}


def test_a_number_counting_firms_is_no_speaker(analyze):
    article = analyze("The lenders wired the money to six supplier firms, three of which demanded that their "
                      "fees be paid in advance.")
    assert "three" not in _speaker_names(article)
    assert article.quotes, "the report is still found: only its speaker goes"


def test_twin_a_number_counting_people_keeps_them(analyze):
    article = analyze("Three of the nurses said that the ward had been short of staff for months.")
    assert [(s.name, s.kind) for s in article.speakers] == [("Three of the nurses", "group")]


def test_an_act_or_quantity_as_subject_is_no_speaker(analyze):
    article = analyze("In the end, the region\u2019s water use seems to have a logic of its own.")
    assert article.quotes and not _speaker_names(article)


def test_twin_a_body_as_subject_is_a_speaker(analyze):
    article = analyze("In the end, the region\u2019s water board seems to have a logic of its own.")
    assert _speaker_names(article) == {"region\u2019s water board"}


def test_a_span_of_time_as_subject_is_no_speaker(analyze):
    article = analyze("Only time will tell whether the new dam can hold back the spring floods.")
    assert article.quotes and not _speaker_names(article)


def test_twin_people_as_subject_speak(analyze):
    article = analyze("Only the engineers will tell whether the new dam can hold back the spring floods.")
    assert _speaker_names(article) == {"Only the engineers"}


def test_menu_words_glued_before_a_description_are_cut(analyze):
    article = analyze("Home Issues Port official said that \u2018nobody\u2019 could check the cranes at Eastgate.")
    assert _speaker_names(article) == {"Port official"}


def test_twin_a_name_before_a_description_is_kept(analyze):
    article = analyze("The Eastgate Port Authority official said that \u2018nobody\u2019 could check the cranes at night.")
    assert all(name.startswith("Eastgate Port Authority") for name in _speaker_names(article))
    assert _speaker_names(article)
