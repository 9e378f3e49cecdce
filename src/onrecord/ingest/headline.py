"""The headline block at the top of an extracted page: the title line and its stand-firsts.

Extraction often keeps the page's headline and its stand-first (dek) as the
first paragraphs of the text. They are the article's, so they stay in the text,
but they are not its sentences: a headline has no reporting verb ("Prison chief:
'Anyone' could escape"), its label is a rubric, not a speaker ("Wildfires:
County orders ..."), and a stand-first without a full stop is not a paragraph
cut off. The block is found from the page's title, so a text with no title
(a ``.txt`` file) has none.
"""

from __future__ import annotations

import re

Offsets = tuple[int, int]

SAME_WORDS = 0.7
"""A paragraph is the title when this share of the two's distinct words are shared (Jaccard)."""

FIRST_PARAGRAPHS = 4
"""The title is looked for among this many first paragraphs; further down it is a quotation of it."""

STAND_FIRST_MAX_WORDS = 45
STAND_FIRSTS_AFTER = 2

_WORD = re.compile(r"\w+")
_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)\]]*$")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _title_forms(title: str) -> list[set[str]]:
    """The whole title and each part between site separators ("Headline | Outlet")."""
    parts = [title, *_SITE_SEPARATOR.split(title)]
    return [_words(part) for part in parts if len(_words(part)) >= 3]


def _is_title(paragraph: str, forms: list[set[str]]) -> bool:
    words = _words(paragraph)
    return any(words and len(words & form) / len(words | form) >= SAME_WORDS for form in forms)


def _is_stand_first(paragraph: str) -> bool:
    """Words without a sentence's final full stop: a dek, a kicker, a quoted line under the headline."""
    return len(_WORD.findall(paragraph)) <= STAND_FIRST_MAX_WORDS and not _SENTENCE_END.search(paragraph.strip())


def _paragraphs(text: str) -> list[Offsets]:
    return [match.span() for match in _PARAGRAPH.finditer(text)][:FIRST_PARAGRAPHS + STAND_FIRSTS_AFTER]


def find_headline(text: str, title: str | None) -> list[Offsets]:
    """Spans of the headline block: the paragraph that repeats ``title`` and the stand-firsts around it."""
    forms = _title_forms(title or "")
    if not forms:
        return []
    paragraphs = _paragraphs(text)
    at = next((i for i, (s, e) in enumerate(paragraphs[:FIRST_PARAGRAPHS]) if _is_title(text[s:e], forms)), None)
    if at is None:
        return []
    block = [paragraphs[at]]
    for s, e in reversed(paragraphs[:at]):  # a kicker or dek above the headline
        if not _is_stand_first(text[s:e]):
            break
        block.insert(0, (s, e))
    for s, e in paragraphs[at + 1:at + 1 + STAND_FIRSTS_AFTER]:
        if not _is_stand_first(text[s:e]):
            break
        block.append((s, e))
    return block
