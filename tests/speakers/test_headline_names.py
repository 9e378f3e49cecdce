"""A headline's verb is not part of a name (issue 27, item 2: whole names, no more).

Every sentence here is written for the test. The twin keeps a written suffix
("Jr") that is part of the name, in the same title-case shape.
"""

from __future__ import annotations

LDQ, RDQ = "\u201c", "\u201d"


def _names(analyze, text: str) -> set[str]:
    article = analyze(text)
    return {article.speaker(q.speaker_id).name for q in article.quotes if q.speaker_id}


def test_a_headline_verb_run_into_a_name_is_cut(analyze):
    names = _names(analyze, "Mara Quinlan Blasts City Hall Over Bus Fares\n\n"
                            f"Mara Quinlan said on Monday that fares had doubled. {LDQ}Nobody asked us,{RDQ} Quinlan said.")
    assert names == {"Mara Quinlan"}


def test_twin_a_name_suffix_in_a_headline_stays(analyze):
    names = _names(analyze, "Harold Gray Jr Opens A Bakery On Main Street\n\n"
                            f"Harold Gray Jr said on Monday that rents had doubled. {LDQ}Nobody warned us,{RDQ} Gray said.")
    assert names == {"Harold Gray Jr"}
