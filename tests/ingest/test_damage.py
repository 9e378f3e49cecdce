"""Damage in scraped text: furniture, mid-sentence starts, cut-off ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.ingest import find_damage
from onrecord.ingest.damage import is_furniture

# The founding sample, as the repository ships it (the same text as ../shared/data/samples/).
SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "russians-fighting-for-ukraine.txt"

# Every flag expected in the founding sample, checked paragraph by paragraph by eye:
# (code, the flagged text starts with, ... and ends with). Anything else flagged is a false flag.
SAMPLE_EXPECTED = [
    ("site-furniture", "Connect with us", "Connect with us"),
    ("site-furniture", "General News", "General News"),
    ("site-furniture", "\u201cCaesar\u201d is one of dozens", "| Vasco Sousa Cotovio/CNN"),  # photo caption
    ("cut-off", "Many of the structures have been", "captured by Russia earlier in the"),
    ("starts-mid-sentence", "ideological drive is not", "Ukrainians on the battlefield."),
    ("cut-off", "For many the motivation", "lies closer to the"),
    ("starts-mid-sentence", "the call-sign of another Russian soldier", "on February 24."),
    ("starts-mid-sentence", "came to Ukraine at the beginning", "here and war started,\u201d"),
    ("starts-mid-sentence", "says he joined the Ukrainian military", "the Ukrainian capital, Kyiv."),
    ("starts-mid-sentence", "has previously denied allegations", "international media in multiple"),
    ("cut-off", "has previously denied allegations", "international media in multiple"),
    ("cut-off", "Nuzhin is a", "Nuzhin is a"),
    ("cut-off", "But pain and death are", "face overwhelming odds in"),
    ("cut-off", "\u201cAnd when we have defended Ukraine", "I will liberate my"),
    ("site-furniture", "Source link", "Source link"),
]

# Intact paragraphs that look a little like damage and must not be flagged.
SAMPLE_INTACT = [
    "Why some Russians have vowed to resist Putin\u2019s invasion of Ukraine",  # title, no full stop
    "The long arm of the Kremlin",  # section heading
    "\u2022 The soldier goes by the call-sign",  # bullet summary
    "\u201cThey told me to stay safe.\u201d",  # closes a quote opened in the paragraph before
    "Another soldier, who goes by the call-sign",
]


@pytest.fixture(scope="module")
def sample():
    with open(SAMPLE, encoding="utf-8") as fh:
        text = fh.read()
    return text, find_damage(text)


def test_sample_flags_exactly_the_damage(sample):
    text, report = sample
    found = []
    for warning in report.warnings:
        [(start, end)] = warning.spans
        found.append((warning.code, text[start:end]))
    assert len(found) == len(SAMPLE_EXPECTED), found
    for (code, flagged), (want_code, head, tail) in zip(found, SAMPLE_EXPECTED):
        assert code == want_code
        assert flagged.startswith(head) and flagged.endswith(tail), (code, flagged)


def test_sample_intact_paragraphs_are_not_flagged(sample):
    text, report = sample
    for head in SAMPLE_INTACT:
        start = text.index(head)
        assert not any(s <= start < e for w in report.warnings for s, e in w.spans), head


def test_furniture_is_excluded_and_every_span_is_in_the_text(sample):
    text, report = sample
    furniture = [w.spans[0] for w in report.warnings if w.code == "site-furniture"]
    assert report.excluded == furniture
    for warning in report.warnings:
        assert warning.message and "\n" not in warning.message
        for start, end in warning.spans:
            assert 0 <= start < end <= len(text)
            assert text[start:end] == text[start:end].strip()


def test_quotes_touching_damage_are_found(sample):
    text, report = sample
    lost_start = text.index("came to Ukraine")
    quote = (lost_start, text.index("war started,\u201d") + len("war started,\u201d"))
    assert [w.code for w in report.touching([quote])] == ["starts-mid-sentence"]
    intact = text.index("\u201cThe fighting is very brutal now,\u201d")
    assert report.touching([(intact, intact + 30)]) == []


@pytest.mark.parametrize(
    "paragraph",
    [
        "The long arm of the Kremlin",
        "Why some Russians have vowed to resist Putin\u2019s invasion of Ukraine",
        "By Vasco Sousa Cotovio, CNN",
        "Updated 8:00 AM ET, Fri December 2, 2022",
        "iPhone sales rose 5% last year, the company said.",
        "de Blasio said the city would act.",
        "\u201cWe were at 3 and 4 and 5 and 6.''",
        "Christie roused the crowd to chants of ''Lock her up!''",
        "He added: \u201cIt will just be more painful.\u201d",
    ],
)
def test_intact_paragraphs(paragraph):
    assert find_damage(paragraph).warnings == []


@pytest.mark.parametrize(
    ("paragraph", "codes"),
    [
        ("reminiscent of the battered city of Mariupol, captured by Russia earlier in the", ["starts-mid-sentence", "cut-off"]),
        ("Prigozhin said: \u201cNuzhin betrayed his people. Nuzhin is a", ["cut-off"]),
        ("The strikes continued through the night, officials said, and", ["cut-off"]),
        ("The strikes continued through the night, officials said,", ["cut-off"]),
        ("Many of the structures have been completely destroyed and others left uninhabitable across the whole town centre", ["cut-off"]),
        ("says he joined the Ukrainian military shortly after.", ["starts-mid-sentence"]),
        ("here and war started,\u201d Silent says.", ["starts-mid-sentence"]),
        ("War started here,\u201d Silent says.", ["starts-mid-sentence"]),
    ],
)
def test_damaged_paragraphs(paragraph, codes):
    assert [w.code for w in find_damage(paragraph).warnings] == codes


def test_a_quote_running_on_from_the_paragraph_before_is_not_a_lost_opening():
    text = "\u201cWe went there to help people.\n\nWe saw what they had done,\u201d Silent says."
    assert find_damage(text).warnings == []


def test_hard_line_breaks_inside_a_paragraph_are_normal():
    text = "A soldier in a Ukrainian\nuniform contemplates the ruins of a\nmonastery."
    assert find_damage(text).warnings == []


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Connect with us", True),
        ("  SHARE THIS ARTICLE  ", True),
        ("Source link", True),
        ("Read more: Ten things to know about Bakhmut", True),
        ("General News", True),
        ("--additional reporting by Linh Tat.", True),
        ("Share this article with a friend who fought in Bakhmut, he said.", False),
        ("Source: the Ukrainian defence ministry said 15 soldiers died.", False),
    ],
)
def test_furniture_lexicon(line, furniture):
    assert is_furniture(line) is furniture


def test_furniture_line_inside_a_paragraph_is_cut_out_of_it():
    text = "The town was shelled again on Friday.\nShare this article\nOfficials said two people died."
    report = find_damage(text)
    assert [w.code for w in report.warnings] == ["site-furniture"]
    assert [text[s:e] for s, e in report.excluded] == ["Share this article"]


def test_a_wrapped_line_that_happens_to_be_a_section_label_is_not_furniture():
    text = "It was the biggest story in the\nworld\nthat year, editors said."
    assert find_damage(text).warnings == []


@pytest.mark.parametrize(
    ("paragraph", "caption"),
    [
        ("\u201cCaesar\u201d is one of dozens of Russians fighting for Ukraine. | Vasco Sousa Cotovio/CNN", True),
        ("Soldiers walk through Bakhmut on Friday. (AP Photo/Libkos)", True),
        ("Soldiers walk through Bakhmut on Friday. Photo: Getty Images", True),
        ("Officials showed reporters the photos by the river and said nothing.", False),
        ("Why some Russians resist | Example News", False),
    ],
)
def test_photo_captions_are_furniture(paragraph, caption):
    codes = [w.code for w in find_damage(paragraph).warnings]
    assert codes == (["site-furniture"] if caption else [])
