"""Phrase lexicons of the sourcing stage, compiled to patterns over the article text.

A lexicon file holds one phrase a line; ``#`` lines are comments naming the
pattern with an example. Inside a phrase ``*`` stands for up to three words,
``{poss}`` for a possessive pronoun and ``{org}`` for a capitalised name
(captured as the group ``org``). Matching ignores case except in ``{org}``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from onrecord.lexicons import entries

_POSS = r"(?:his|her|their|its|my|our|your)"
_ORG = r"(?-i:(?P<org>[A-Z][\w&.\-]*(?:[ \u00a0](?:[A-Z][\w&.\-]*|of|for))*))"
_ANY_WORDS = r"(?:[^\s]+\s+){0,3}"


@lru_cache(maxsize=None)
def pattern(name: str) -> re.Pattern[str]:
    """One pattern matching any phrase of the lexicon, longest phrases first.

    The word-start check is written once before the alternatives that start
    a word, not once in each: ``re`` can then skip ahead to the letters that
    start a phrase instead of trying every phrase at every character (4-8x
    faster on news text). A phrase that starts a word and one that starts
    with punctuation never match at the same place, so the grouping changes
    no match.
    """
    phrases = sorted(entries(name), key=len, reverse=True)
    words_first = [p for p in phrases if _starts_word(p)]
    others = [p for p in phrases if not _starts_word(p)]
    parts = []
    if words_first:
        parts.append(_WORD_START + "(?:" + "|".join(f"(?:{_phrase_regex(p, lead=False)})" for p in words_first) + ")")
    parts += [f"(?:{_phrase_regex(p)})" for p in others]
    return re.compile("|".join(parts), re.IGNORECASE)


class Phrase(NamedTuple):
    """A phrase's pattern and its longest plain word, case-folded: text without that word cannot match."""

    anchor: str
    regex: re.Pattern[str]


@lru_cache(maxsize=None)
def patterns(name: str) -> tuple[Phrase, ...]:
    """One pattern per phrase, for lexicons whose phrases capture ``{org}``.

    Scan only with the phrases whose anchor is in ``text.casefold()``: a
    pattern that starts with ``{org}`` tries every capitalised word of the
    text, and most phrases are absent from most articles.
    """
    return tuple(Phrase(_anchor(p), re.compile(_phrase_regex(p), re.IGNORECASE)) for p in entries(name))


def _anchor(phrase: str) -> str:
    plain = [w for w in phrase.split() if w.isalnum()]
    return max(plain, key=len).casefold() if plain else ""


_PLACEHOLDERS = {"{poss}": _POSS, "{org}": _ORG}


def _literal(text: str) -> str:
    return re.escape(text).replace("'", "['’]").replace(r"\-", r"[\-‐]")


_WORD_START = r"(?<![\w\-])"


def _starts_word(phrase: str) -> bool:
    return phrase[0].isalnum() or phrase.startswith("{")


def _phrase_regex(phrase: str, lead: bool = True) -> str:
    """``phrase`` as a regex; ``lead=False`` leaves out the word-start check."""
    out = ""
    tokens = phrase.split()
    for n, token in enumerate(tokens):
        if token == "*":
            out += _ANY_WORDS
            continue
        literals = re.split(r"(\{poss\}|\{org\})", token)
        out += "".join(_PLACEHOLDERS.get(piece) or _literal(piece) for piece in literals)
        if n + 1 < len(tokens):
            out += r"\s+"
    last = phrase[-1]
    before = _WORD_START if lead and _starts_word(phrase) else ""
    after = r"(?![\w\-])" if (last.isalnum() or phrase.endswith("}")) else ""
    return before + out + after


NAMING_LEXICONS = ("pseudonym_phrases", "partial_name_phrases")
"""Phrases saying how a source is named instead of by a full name: a call-sign, a first name."""


def names_in_place(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first phrase in ``text[start:end]`` saying a source goes by a call-sign or a part of the name."""
    stop = len(text) if end is None else end
    found = [m for m in (pattern(n).search(text, start, stop) for n in NAMING_LEXICONS) if m is not None]
    return min(found, key=lambda m: m.start()) if found else None
