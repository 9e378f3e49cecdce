"""The founding sample: every quotation of Caesar, Silent, Vinnie and Prigozhin.

Three checks: a hand-written list of the article's quotations with the person
who said each (the bar for "works"); a golden file of the whole record, so that
any change in the output is seen; and, in ``test_golden_review.py``, the hand
review of that file (``review.json``: every quote, speaker and caveat) with the
errors it found (``known_errors.json``), each checked to be still there as
written, so that a fix fails the run until its entry is removed.

``ONRECORD_UPDATE_GOLDEN=1 pytest tests/golden`` rewrites the golden file and
fails: review the change with ``git diff``, bring ``review.json`` and
``known_errors.json`` up to date, then commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from golden_review import compare_or_write

GOLDEN = Path(__file__).with_name("russians-fighting-for-ukraine.json")

# (words that open the quotation, who said it), in article order.
DIRECT_QUOTES = [
    ("“This is a result of", "Caesar"),
    ("“From the first day of the war", "Caesar"),
    ("“After the (Russian)", "Caesar"),
    ("“The fighting is very brutal now", "Caesar"),
    ("“It was a very difficult process", "Caesar"),
    ("“Yes, I kill my countrymen", "Caesar"),
    ("“I have to confront this", "Caesar"),
    ("“I am fighting a noble fight", "Caesar"),
    ("came to Ukraine at the beginning of February", "Silent"),
    ("“I was just outside Kyiv", "Silent"),
    ("“I decided to stay here until the end", "Silent"),
    ("“It’s weird that that could happen", "Silent"),
    ("“They understand what is going on", "Silent"),
    ("“My family is not here with me", "Vinnie"),
    ("“My children, my wife", "Vinnie"),
    ("“If I show my face", "Vinnie"),
    ("“Nuzhin betrayed his", "Yevgeny Prigozhin"),
    ("“There won’t be an exchange", "Vinnie"),
    ("“I am defending the country", "Vinnie"),
    ("“I will stay here while my heart", "Caesar"),
    ("“And when we have defended Ukraine", "Caesar"),
]
# Quotations that continue an utterance above are part of the same quote.
JOINED = {
    "“As a Christian, this is very offensive to me.”": "“This is a result of",
    "“They told me to stay safe.”": "“They understand what is going on",
    "“My conscience is\nabsolutely clear.”": "“I am defending the country",
}
REPORTED = [
    ("he is one of around 200 Russian citizens", "Caesar"),
    ("Moscow’s forces are not true Russians", "Caesar"),
    ("he has had to shoot at least 15 Russian soldiers", "Caesar"),
    ("his best friend has recently been forcibly", "Silent"),
    ("he is fighting for them and for their future", "Vinnie"),
    ("not even the prospect of defeat will make", "Caesar"),
]


def _quote_opening(article, opening):
    found = [q for q in article.quotes if q.content.text.startswith(opening)]
    assert found, f"no quote opens with {opening!r}"
    return found[0]


def _speaker_name(article, quote):
    speaker = article.speaker(quote.speaker_id)
    return speaker.name if speaker else None


@pytest.mark.parametrize("opening, speaker", DIRECT_QUOTES)
def test_every_direct_quote_has_the_right_speaker(article, opening, speaker):
    quote = _quote_opening(article, opening)
    assert quote.type == "direct"
    assert _speaker_name(article, quote) == speaker


@pytest.mark.parametrize("piece, opening", JOINED.items())
def test_continuations_join_their_quote(article, piece, opening):
    quote = _quote_opening(article, opening)
    pieces = [article.text[s:e] for s, e in quote.content.spans]
    assert piece in pieces


@pytest.mark.parametrize("opening, speaker", REPORTED)
def test_reported_speech_has_the_right_speaker(article, opening, speaker):
    quote = next((q for q in article.quotes if opening in q.content.text), None)
    assert quote is not None, f"no attribution contains {opening!r}"
    assert quote.type in ("indirect", "mixed")
    assert _speaker_name(article, quote) == speaker


def test_no_quote_goes_to_the_outlet_a_pronoun_or_someone_quoted_about(article):
    names = {s.name for s in article.speakers}
    assert {"Caesar", "Silent", "Vinnie"} <= names  # the speakers the pronouns stand for
    assert "CNN" not in names
    assert not names & {"he", "He", "she", "they", "I"}
    # Nuzhin is only talked about inside Prigozhin's quote; Putin only inside quotes and narration.
    assert "Nuzhin" not in names and "Yevgeny Nuzhin" not in names


def test_call_signs_are_people(article):
    kinds = {s.name: s.kind for s in article.speakers}
    assert kinds["Caesar"] == kinds["Silent"] == kinds["Vinnie"] == "person"


def test_quoted_phrases_are_not_quotes(article):
    contents = [q.content.text for q in article.quotes]
    # the sentence around the quoted phrase is reported speech that holds it
    assert any("“tyrannical regime”" in content and content != "“tyrannical regime”" for content in contents)
    assert "“tyrannical regime”" not in contents
    assert "“Caesar.”" not in contents and "“Caesar”" not in contents


def test_whole_record_matches_the_golden_file(article):
    produced = json.loads(article.model_dump_json())
    compare_or_write(produced, GOLDEN, update=os.environ.get("ONRECORD_UPDATE_GOLDEN", "") not in ("", "0"))


# Sourcing (issue 4): who is named, why not, and what the outlet qualifies.
def _speaker_named(article, name):
    found = [s for s in article.speakers if s.name == name]
    assert found, f"no speaker {name!r}"
    return found[0]


def _squash(text):
    return " ".join(text.split())


@pytest.mark.parametrize(
    "name, reason",
    [
        ("Caesar", "to protect his identity"),
        ("Silent", "for his safety"),
        ("Vinnie", "fearing that the Kremlin’s long arm might try to reach him"),
    ],
)
def test_call_signs_are_pseudonyms_with_the_articles_reason(article, name, reason):
    speaker = _speaker_named(article, name)
    assert speaker.identity == "pseudonym"
    assert speaker.anonymity_reason is not None
    assert reason in _squash(speaker.anonymity_reason.text)
    assert speaker.anonymity_reason.category == "safety"


@pytest.mark.parametrize(
    "name, withholding",
    [("Caesar", "whose name CNN agreed not to reveal"), ("Silent", "whose full name CNN is not disclosing"),
     ("Vinnie", "covering his face")],
)
def test_the_reason_is_the_justification_not_the_withholding_clause(article, name, withholding):
    assert withholding not in _squash(_speaker_named(article, name).anonymity_reason.text)


def test_prigozhin_is_named_with_his_descriptors(article):
    prigozhin = _speaker_named(article, "Yevgeny Prigozhin")
    assert prigozhin.identity == "named"
    assert prigozhin.anonymity_reason is None
    descriptors = [_squash(d.text) for d in prigozhin.descriptors]
    assert "Russian oligarch" in descriptors
    assert any("head of the group" in d for d in descriptors)


def _caveat(article, kind, words):
    found = [c for c in article.caveats if c.kind == kind and words in _squash(c.text)]
    assert found, f"no {kind} caveat with {words!r}: {[(c.kind, c.text) for c in article.caveats]}"
    return found[0]


def _quote_ids_containing(article, words):
    return {q.id for q in article.quotes if words in _squash(q.content.text)}


def test_unconfirmed_number_is_an_unverified_caveat_on_caesars_claim(article):
    caveat = _caveat(article, "unverified", "CNN has not been able independently to confirm this number")
    assert set(caveat.quote_ids) == _quote_ids_containing(article, "one of around 200 Russian citizens")
    quote = next(q for q in article.quotes if q.id == caveat.quote_ids[0])
    assert _speaker_name(article, quote) == "Caesar"


def test_he_claims_hedges_the_15_soldiers(article):
    caveat = _caveat(article, "hedged", "he claims")
    assert set(caveat.quote_ids) == _quote_ids_containing(article, "at least 15 Russian soldiers")


def test_claimed_hedges_the_claim_beside_the_denial(article):
    caveat = _caveat(article, "hedged", "claimed")
    assert caveat.claim is not None and _squash(caveat.claim.text) == "its forces do not target civilians"


def test_the_moscow_denial_is_disputed(article):
    caveat = _caveat(article, "disputed", "has previously denied allegations of war crimes")
    assert "despite extensive evidence" in _squash(caveat.text)
    assert caveat.quote_ids, "the caveat qualifies a quote of the article"


def test_the_outlet_is_cnn_from_the_text_and_never_a_speaker(article):
    assert article.outlet is not None and (article.outlet.name, article.outlet.source) == ("CNN", "text")
    assert len(article.speakers) >= 4  # the people CNN quotes are speakers; CNN is not
    assert "CNN" not in {s.name for s in article.speakers}


def test_summary_counts_quotes_by_identity_and_caveats_by_kind(article):
    summary = article.summary
    counted = summary.quotes_by_identity.model_dump()
    assert sum(counted.values()) == len(article.quotes)
    assert counted["named"] == 1  # Prigozhin
    # hedged: "he claims" (the 15 soldiers) and "claimed its forces do not target civilians" (Wagner's claim)
    assert summary.caveats_by_kind.model_dump() == {"unverified": 1, "unsupported": 0, "disputed": 1, "hedged": 2}
    assert 0.5 < summary.unnamed_share < 1


def test_text_listing_shows_identity_reason_descriptors_and_caveats(article):
    from onrecord.output import to_text

    listing = to_text(article)
    assert "Caesar (person, pseudonym; " in listing
    assert "why not named (safety): to protect his identity" in listing
    assert "described as: head of the group; Russian oligarch" in listing
    assert "caveat c1 [unverified] CNN has not been able independently to confirm this number." in listing
