"""The lexicon files: each is documented, clean, loaded by some stage, and read by the one loader."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from onrecord import lexicons

_FOLDER = resources.files("onrecord.lexicons")
_NAMES = sorted(p.name[: -len(".txt")] for p in _FOLDER.iterdir() if p.name.endswith(".txt"))
_SOURCE = Path(lexicons.__file__).resolve().parents[1]
# Lexicons whose name a stage builds from a variable instead of writing it out: none today.
_NAMED_INDIRECTLY: set[str] = set()


def _lines(name: str) -> list[str]:
    return _FOLDER.joinpath(f"{name}.txt").read_text(encoding="utf-8").splitlines()


def test_lexicons_exist():
    assert len(_NAMES) > 40


@pytest.mark.parametrize("name", _NAMES)
def test_lexicon_starts_with_its_use_and_an_example(name):
    """A list is read without its code: the opening comment says what it is for and shows it in a sentence."""
    header = []
    for line in _lines(name):
        if not line.startswith("#"):
            break
        header.append(line)
    assert header, f"{name}.txt has no opening comment"
    assert re.search(r"[\"“].+[\"”]", " ".join(header)), f"{name}.txt gives no example in quotation marks"


@pytest.mark.parametrize("name", _NAMES)
def test_lexicon_entries_are_clean(name):
    """No duplicate entries and no stray white space: either would hide a mistake in the list."""
    raw = [line for line in _lines(name) if line.strip() and not line.startswith("#")]
    assert all(line == line.strip() for line in raw), f"{name}.txt has an entry with white space around it"
    folded = [line.casefold() for line in raw]
    duplicates = sorted({w for w in folded if folded.count(w) > 1})
    assert not duplicates, f"{name}.txt lists {duplicates} more than once"


def _source_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in _SOURCE.rglob("*.py"))


@pytest.mark.parametrize("name", _NAMES)
def test_lexicon_is_loaded_by_some_stage(name):
    """A lexicon no module names is dead data that looks alive."""
    if name in _NAMED_INDIRECTLY:
        return
    assert f'"{name}"' in _source_text(), f"no module loads {name}.txt"


def test_words_are_lower_cased_and_entries_keep_their_case():
    """``words`` is for lower-cased membership tests; case-sensitive lists use ``entries``."""
    assert "But" in lexicons.entries("leading_conjunctions")
    assert "but" not in lexicons.entries("leading_conjunctions")
    assert "but" in lexicons.words("leading_conjunctions")
    assert "said" in lexicons.words("say_forms")
    assert "#" not in "".join(lexicons.entries("say_forms"))


# Set literals of words that are no word lists of the language.
_NOT_WORDS = (
    'ingest/html.py: {"p", "head"',  # element names of trafilatura's XML output
)


def test_no_word_lists_left_in_code():
    """Word lists of the language live in lexicon files, not in set literals of five or more words.

    Closed sets that are part of a rule stay in code: dependency labels (recognised by their
    labels) and the sets named in ``_NOT_WORDS``.
    """
    word = re.compile(r'"[a-z’\']+"')
    literal = re.compile(r"(?:\{|frozenset\(\{)((?:\s*\"[^\"]*\",?)+)\s*\}")
    label_sets = {"nsubj", "dobj", "punct", "det", "aux", "prep", "compound", "relcl", "appos", "ccomp", "amod"}
    found = []
    for path in _SOURCE.rglob("*.py"):
        for match in literal.finditer(path.read_text(encoding="utf-8")):
            items = word.findall(match.group(1))
            where = f"{path.relative_to(_SOURCE).as_posix()}: {match.group(0)[:60]}"
            if len(items) >= 5 and not label_sets & {i.strip('"') for i in items} and not where.startswith(_NOT_WORDS):
                found.append(where)
    assert not found, found
