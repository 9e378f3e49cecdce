"""Phrase lexicons of the sourcing stage, compiled to patterns over the article text.

A lexicon file holds one phrase a line; ``#`` lines are comments naming the
pattern with an example. Inside a phrase ``*`` stands for up to three words,
``{poss}`` for a possessive pronoun and ``{org}`` for a capitalised name
(captured as the group ``org``). Matching ignores case except in ``{org}``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_POSS = r"(?:his|her|their|its|my|our|your)"
_ORG = r"(?-i:(?P<org>[A-Z][\w&.\-]*(?:[ \u00a0](?:[A-Z][\w&.\-]*|of|for))*))"
_ANY_WORDS = r"(?:[^\s]+\s+){0,3}"


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """The phrases of ``lexicons/<name>.txt``, in file order, comments dropped."""
    text = resources.files("onrecord.lexicons").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """A lexicon of single words, lower-cased."""
    return frozenset(e.lower() for e in entries(name))


@lru_cache(maxsize=None)
def pattern(name: str) -> re.Pattern[str]:
    """One pattern matching any phrase of the lexicon, longest phrases first."""
    phrases = sorted(entries(name), key=len, reverse=True)
    return re.compile("|".join(f"(?:{_phrase_regex(p)})" for p in phrases), re.IGNORECASE)


@lru_cache(maxsize=None)
def patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """One pattern per phrase, for lexicons whose phrases capture ``{org}``."""
    return tuple(re.compile(_phrase_regex(p), re.IGNORECASE) for p in entries(name))


_PLACEHOLDERS = {"{poss}": _POSS, "{org}": _ORG}


def _literal(text: str) -> str:
    return re.escape(text).replace("'", "['’]").replace(r"\-", r"[\-‐]")


def _phrase_regex(phrase: str) -> str:
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
    first, last = phrase[0], phrase[-1]
    before = r"(?<![\w\-])" if (first.isalnum() or phrase.startswith("{")) else ""
    after = r"(?![\w\-])" if (last.isalnum() or phrase.endswith("}")) else ""
    return before + out + after
