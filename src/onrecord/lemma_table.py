"""en_core_web_sm's rule lemmatizer, its answers kept in a table.

The stock ``lemmatizer`` (``Lemmatizer.rule_lemmatize``) asks its rules about
every token. A token's lemma depends only on its word, its coarse tag and its
morphological features, but the stock cache skips the commonest case (a base
form), each lookup builds a Token, and each new word is checked against the
tag's word list with ``in`` on a Python list of thousands of words (270 us a
word). On PolNeAR dev, in a fresh process, it took half as long as the parser.

This component works out each (word, tag, features) once, by the same steps as
``rule_lemmatize`` with the word lists as sets, and reads the rest from a
table over the Doc's arrays. Every lemma is the stock one:
``tests/test_lemma_table.py`` compares them.
"""

from __future__ import annotations

import warnings

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Warnings
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

_ARRAY_ATTRS = [ORTH, POS, MORPH, LEMMA]


@Language.factory("onrecord_lemma_table_v1")
def make_lemma_table(nlp: Language, name: str) -> LemmaTable:
    return LemmaTable(name)


class LemmaTable:
    """Sets each token's lemma as ``lemmatizer`` would, asking it once per (word, tag, features)."""

    def __init__(self, name: str):
        self.name = name
        self._lemmatizer: Lemmatizer | None = None
        self._table: dict[tuple[int, int, int], int] = {}  # (ORTH, POS, MORPH) -> lemma hash
        self._by_tag: dict[str, tuple[frozenset, dict, list] | None] = {}

    def use(self, lemmatizer: Lemmatizer) -> None:
        self._lemmatizer = lemmatizer
        self._table.clear()
        self._by_tag.clear()

    def _tables(self, univ_pos: str) -> tuple[frozenset, dict, list] | None:
        """The tag's word list (as a set), exceptions and suffix rules; None when it has none of them
        (``rule_lemmatize``'s ``not any(...)``). The lookups tables are keyed by the tag's hash."""
        if univ_pos not in self._by_tag:
            lookups = self._lemmatizer.lookups
            index, exceptions, rules = (lookups.get_table(name, {}).get(univ_pos)
                                        for name in ("lemma_index", "lemma_exc", "lemma_rules"))
            covered = any((index, exceptions, rules))
            self._by_tag[univ_pos] = (frozenset(index or ()), exceptions or {}, rules or []) if covered else None
        return self._by_tag[univ_pos]

    def rule_lemma(self, token: Token) -> str:
        """``Lemmatizer.rule_lemmatize(token)[0]``, step for step, the word list a set."""
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            if univ_pos == "":
                warnings.warn(Warnings.W108)
            return string.lower()
        if self._lemmatizer.is_base_form(token):
            return string.lower()
        tables = self._tables(univ_pos)
        if tables is None:
            return string if univ_pos == "propn" else string.lower()
        index, exceptions, rules = tables
        orig, string = string, string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [orig])[0]

    def __call__(self, doc: Doc) -> Doc:
        if self._lemmatizer is None or not len(doc):
            return doc
        overwrite, table, strings = self._lemmatizer.overwrite, self._table, doc.vocab.strings
        rows = doc.to_array(_ARRAY_ATTRS)
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue  # set before, by the attribute ruler: the stock lemmatizer keeps it too
            key = (orth, pos, morph)
            found = table.get(key)
            if found is None:
                found = table[key] = strings.add(self.rule_lemma(doc[i]))
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(np.uint64))
        return doc


def install(nlp: Language) -> None:
    """Put the table in the place of the pipeline's rule ``lemmatizer``, under the same name."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return  # a lookup or a trained lemmatizer: its answers may not depend on the key alone
    at = nlp.pipe_names.index("lemmatizer")
    nlp.remove_pipe("lemmatizer")
    table = nlp.add_pipe("onrecord_lemma_table_v1", name="lemmatizer",
                         before=nlp.pipe_names[at] if at < len(nlp.pipe_names) else None)
    table.use(lemmatizer)
