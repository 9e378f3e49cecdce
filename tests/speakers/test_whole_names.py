"""Whole names: a name written with a hyphen or an apostrophe inside it is one name, never its last part.

Every sentence here is written for the test. Each case has a twin where the
hyphen is not inside a name (spaces around it, or a lower-case word), so the
name stays as written.
"""

from __future__ import annotations

import pytest

LDQ, RDQ = "\u201c", "\u201d"


def _speaker_names(analyze, text: str) -> set[str]:
    """Every name (and alias) of every speaker of a quote."""
    article = analyze(text)
    speakers = [article.speaker(q.speaker_id) for q in article.quotes if q.speaker_id]
    return {name for s in speakers for name in (s.name, *s.aliases)}


@pytest.mark.parametrize("name", ["Karim Al-Masri", "Helen Ward-Pryce", "Sean O'Dwyer"])
def test_a_name_joined_by_a_hyphen_or_apostrophe_is_kept_whole(analyze, name):
    text = f"{name}, who runs the bakery on the corner, said the flour price had doubled since spring."
    names = _speaker_names(analyze, text)
    assert name in names
    assert not names & {name.split()[-1].split("-")[-1], name.split()[-1].split("'")[-1]}


def test_a_repeated_hyphenated_surname_stays_whole(analyze):
    text = (f"Karim Al-Masri, a baker, said the flour price had doubled.\n\n"
            f"{LDQ}We cannot raise our prices again,{RDQ} Al-Masri said.")
    names = _speaker_names(analyze, text)
    assert "Al-Masri" in names or names == {"Karim Al-Masri"}
    assert "Masri" not in names and "Al" not in names


def test_twin_a_hyphen_in_a_common_word_joins_nothing(analyze):
    text = "Karim Masri, a well-known baker, said the flour price had doubled since spring."
    assert "Karim Masri" in _speaker_names(analyze, text)


@pytest.mark.parametrize("written, name", [("Dr Okafor", "Okafor"), ("Supt Lindqvist", "Lindqvist"),
                                           ("Dr Amara Okafor", "Amara Okafor")])
def test_a_title_without_its_full_stop_is_not_the_name(analyze, written, name):
    # British house style drops the full stop ("Dr", "Supt"); the tagger may stop on the title.
    names = _speaker_names(analyze, f"{LDQ}We will reopen the ward on Monday,{RDQ} {written} said.")
    assert name in names
    assert not names & {"Dr", "Supt"}


def test_twin_a_title_with_its_full_stop_names_the_same_person(analyze):
    assert "Okafor" in _speaker_names(analyze, f"{LDQ}We will reopen the ward on Monday,{RDQ} Dr. Okafor said.")
