"""Language detection with the model shipped in the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.ingest import detect_language

# The founding sample, as the repository ships it (the same text as ../shared/data/samples/).
SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "russians-fighting-for-ukraine.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The soldier, whose name CNN agreed not to reveal, goes by the call-sign Caesar.", "en"),
        ("Der Soldat, dessen Namen CNN nicht nennt, kämpft seit dem Sommer für die Ukraine.", "de"),
        ("El soldado, cuyo nombre CNN acordó no revelar, lucha por Ucrania desde el verano.", "es"),
        ("Le soldat, dont CNN a accepté de ne pas révéler le nom, se bat pour l'Ukraine.", "fr"),
        ("Солдат, имя которого CNN согласилась не раскрывать, воюет за Украину.", "ru"),
    ],
)
def test_detects_the_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "OK.", "12 345 678"])
def test_too_little_text_is_unknown(text):
    assert detect_language(text) is None


def test_founding_sample_is_english():
    with open(SAMPLE, encoding="utf-8") as fh:
        assert detect_language(fh.read()) == "en"
