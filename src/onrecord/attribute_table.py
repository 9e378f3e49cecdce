"""en_core_web_sm's ``attribute_ruler``, its one-word patterns read from a table.

The stock ruler runs a ``Matcher`` of 179 patterns over every token to map
fine tags to coarse ones (``VBD`` -> ``VERB``) and set pronoun features
(``PRP`` + ``her`` -> ``Case=Acc|Gender=Fem...``). 150 of them test only a
token's ``TAG`` and ``LOWER``, so their combined effect on a token is a
function of that pair: computed once per pair, then looked up. The rest
(patterns over the parse, several words or a regex) stay in the stock ruler,
which now matches 29 patterns. On PolNeAR dev this cuts the ruler from 1.20 s
to 0.33 s plus the lookups, with every token's attributes unchanged
(``tests/test_attribute_table.py`` compares them with the stock pipeline).

A table pattern is kept in the ruler instead when it could touch the same
attribute of the same token as a ruler pattern placed before it: the table
runs first, so moving it would change which one wins.
"""

from __future__ import annotations

from spacy.attrs import LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_TABLE_KEYS = {"TAG", "LOWER"}


@Language.factory("onrecord_attribute_table_v1")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    return AttributeTable(nlp, name)


class AttributeTable:
    """Applies one-token ``TAG``/``LOWER`` patterns by lookup, in their original order."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self._rules = AttributeRuler(nlp.vocab, name=f"{name}_rules")
        self._constraints: list[dict[str, frozenset[str] | None]] = []
        self._merged: dict[tuple[int, int], dict | None] = {}

    def add_patterns(self, patterns: list[dict]) -> None:
        """Patterns as ``AttributeRuler.patterns`` gives them, each one token over TAG/LOWER."""
        self._rules.add_patterns(patterns)
        for pattern in patterns:
            (token,) = pattern["patterns"][0]
            self._constraints.append({key: _allowed(token.get(key)) for key in _TABLE_KEYS})
        self._merged.clear()

    def __call__(self, doc: Doc) -> Doc:
        keys = doc.to_array([TAG, LOWER])
        for i, (tag, lower) in enumerate(keys.tolist()):
            attrs = self._merged.get((tag, lower), False)
            if attrs is False:
                attrs = self._merged[(tag, lower)] = self._merge(tag, lower)
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    def _merge(self, tag: int, lower: int) -> dict | None:
        """What all matching patterns set on a (tag, lower) token, later patterns winning."""
        strings = self._rules.vocab.strings
        values = {"TAG": strings[tag] if tag else "", "LOWER": strings[lower] if lower else ""}
        merged: dict = {}
        for n, constraint in enumerate(self._constraints):
            if all(allowed is None or values[key] in allowed for key, allowed in constraint.items()):
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


def _allowed(value) -> frozenset[str] | None:
    """The values a token constraint accepts; None for no constraint."""
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset([value])
    return frozenset(value["IN"])


def _table_shaped(pattern: dict) -> bool:
    if len(pattern["patterns"]) != 1 or len(pattern["patterns"][0]) != 1 or pattern.get("index", 0) != 0:
        return False
    (token,) = pattern["patterns"][0]
    return set(token) <= _TABLE_KEYS and all(
        isinstance(v, str) or (isinstance(v, dict) and set(v) == {"IN"}) for v in token.values()
    )


def _may_conflict(first: dict, second: dict) -> bool:
    """Whether both could set one attribute of one token (conservative beyond TAG and LOWER sets)."""
    if not set(first["attrs"]) & set(second["attrs"]):
        return False
    (theirs,) = second["patterns"][0]
    for alternative in first["patterns"]:
        for token in alternative:
            if all(_overlap(token.get(key), theirs.get(key)) for key in _TABLE_KEYS):
                return True
    return False


def _overlap(a, b) -> bool:
    """Whether two constraints on one attribute can both hold (unknown forms: assume they can)."""
    if a is None or b is None:
        return True
    sets = []
    for value in (a, b):
        if isinstance(value, str):
            sets.append({value})
        elif isinstance(value, dict) and set(value) == {"IN"}:
            sets.append(set(value["IN"]))
        else:
            return True
    return bool(sets[0] & sets[1])
