"""en_core_web_sm's ``attribute_ruler``, its one-word patterns read from a table.

The stock ruler runs a ``Matcher`` of 179 patterns over every token to map
fine tags to coarse ones (``VBD`` -> ``VERB``) and set pronoun features
(``PRP`` + ``her`` -> ``Case=Acc|Gender=Fem...``). Most of them test one
token's ``TAG``, ``LOWER``, ``DEP`` and ``IS_SPACE`` against a value or a
set, so their combined effect on a token is a function of those four:
computed once per combination, then looked up. The rest (several words, a
regex) stay in the stock ruler: 157 patterns go to the table, 22 stay. On
PolNeAR dev this cuts the stage from 1.21 s to 0.23 s, with every token's
attributes unchanged (81,742 tokens compared; ``tests/test_attribute_table.py``
compares the sample and a paragraph of the ruler's exceptions).

A table pattern is kept in the ruler instead when it could touch the same
attribute of the same token as a ruler pattern placed before it: the table
runs first, so moving it would change which one wins.
"""

from __future__ import annotations

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token attributes a table pattern may test, read from the Doc in this order.
_TABLE_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]


@Language.factory("onrecord_attribute_table_v1")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    return AttributeTable(nlp, name)


class AttributeTable:
    """Applies one-token patterns over TAG, LOWER, DEP and IS_SPACE by lookup, in their original order."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self._rules = AttributeRuler(nlp.vocab, name=f"{name}_rules")
        self._tests: list[dict] = []  # per pattern: its token constraints
        self._merged: dict[tuple[int, ...], dict | None] = {}
        # Hashes of the words some pattern names: any other word acts the same, so it
        # is looked up as 0 and a new word costs no new computation.
        self._named_words: set[int] = set()

    def add_patterns(self, patterns: list[dict]) -> None:
        """Patterns as ``AttributeRuler.patterns`` gives them, each one token (see ``split_patterns``)."""
        self._rules.add_patterns(patterns)
        self._tests += [pattern["patterns"][0][0] for pattern in patterns]
        strings = self._rules.vocab.strings
        for test in self._tests:
            lower = test.get("LOWER")
            words = [lower] if isinstance(lower, str) else next(iter(lower.values())) if lower else []
            self._named_words.update(strings.add(word) for word in words)
        self._merged.clear()

    def __call__(self, doc: Doc) -> Doc:
        named = self._named_words
        for i, (tag, lower, dep, is_space) in enumerate(doc.to_array(_ARRAY_ATTRS).tolist()):
            key = (tag, lower if lower in named else 0, dep, is_space)
            attrs = self._merged.get(key, False)
            if attrs is False:
                attrs = self._merged[key] = self._merge(key)
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    def _merge(self, key: tuple[int, ...]) -> dict | None:
        """What all matching patterns set on a token with these attributes, later patterns winning."""
        strings = self._rules.vocab.strings
        tag, lower, dep, is_space = key
        values = {"TAG": strings[tag] if tag else "", "LOWER": strings[lower] if lower else None,
                  "DEP": strings[dep] if dep else "", "IS_SPACE": bool(is_space)}
        merged: dict = {}
        for n, test in enumerate(self._tests):
            if all(_holds(constraint, values[name]) for name, constraint in test.items()):
                merged.update(self._rules.attrs[n])
        return merged or None


def split_patterns(patterns: list[dict]) -> tuple[list[dict], list[dict]]:
    """``(table, ruler)``: the patterns the table can apply, and those the ruler must keep, in order."""
    in_ruler = [not _table_shaped(p) for p in patterns]
    changed = True
    while changed:  # a pattern moved to the ruler can oblige a later one to follow it
        changed = False
        for later, pattern in enumerate(patterns):
            if in_ruler[later]:
                continue
            if any(in_ruler[before] and _may_conflict(patterns[before], pattern) for before in range(later)):
                in_ruler[later] = changed = True
    table = [p for p, ruler in zip(patterns, in_ruler) if not ruler]
    ruler = [p for p, ruler in zip(patterns, in_ruler) if ruler]
    return table, ruler


def install(nlp: Language) -> None:
    """Put the table before the pipeline's ``attribute_ruler`` and leave the ruler what it must match."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    table_patterns, ruler_patterns = split_patterns(ruler.patterns)
    if not table_patterns:
        return
    table = nlp.add_pipe("onrecord_attribute_table_v1", before="attribute_ruler")
    table.add_patterns(table_patterns)
    ruler.clear()
    ruler.add_patterns(ruler_patterns)


def _holds(constraint, value) -> bool:
    """A Matcher token constraint of the forms the table takes: a value, ``IN`` or ``NOT_IN``."""
    if isinstance(constraint, dict):
        if "IN" in constraint:
            return value in constraint["IN"]
        return value not in constraint["NOT_IN"]
    return value == constraint


def _simple(constraint) -> bool:
    if isinstance(constraint, (str, bool)):
        return True
    return isinstance(constraint, dict) and len(constraint) == 1 and set(constraint) <= {"IN", "NOT_IN"}


def _table_shaped(pattern: dict) -> bool:
    if len(pattern["patterns"]) != 1 or len(pattern["patterns"][0]) != 1 or pattern.get("index", 0) != 0:
        return False
    (token,) = pattern["patterns"][0]
    return set(token) <= set(_TABLE_KEYS) and all(_simple(c) for c in token.values())


def _may_conflict(first: dict, second: dict) -> bool:
    """Whether both could set one attribute of one token (conservative for forms not understood)."""
    if not set(first["attrs"]) & set(second["attrs"]):
        return False
    (theirs,) = second["patterns"][0]
    for alternative in first["patterns"]:
        for token in alternative:
            if all(_overlap(token.get(key), theirs.get(key)) for key in set(token) | set(theirs)):
                return True
    return False


def _overlap(a, b) -> bool:
    """Whether two constraints on one attribute can both hold (unknown forms: assume they can)."""
    if a is None or b is None or not (_simple(a) and _simple(b)):
        return True
    if isinstance(a, dict) and "NOT_IN" in a:
        a, b = b, a
    if isinstance(a, dict) and "NOT_IN" in a:
        return True  # two exclusions: some value escapes both
    allowed = set(a["IN"]) if isinstance(a, dict) else {a}
    return any(_holds(b, value) for value in allowed)
