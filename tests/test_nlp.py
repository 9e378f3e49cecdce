"""The spaCy stage: chunked parsing keeps the text exact; blank lines end sentences."""

from __future__ import annotations

import pytest

import onrecord
from onrecord.nlp import parse, split_for_parsing
from onrecord.options import Options

PARAGRAPHS = [
    "The mayor said the bridge would reopen next week.",
    "Officials said the repairs cost $4 million.",
    "\u201cWe are proud of this crew,\u201d the engineer said.",
    "Residents welcomed the news on Friday.",
]
ARTICLE = "\n\n".join(PARAGRAPHS * 6)
ONE_LONG_PARAGRAPH = " ".join(PARAGRAPHS * 6)
LINE_WRAPPED = "\n".join(PARAGRAPHS * 6)


# 1. A text longer than max_chunk_chars is cut into pieces that join back exactly.
@pytest.mark.parametrize(
    "text, max_chars",
    [
        (ARTICLE, 120),
        (ARTICLE, 200),
        (ONE_LONG_PARAGRAPH, 150),
        (LINE_WRAPPED, 90),
        ("x" * 250, 100),
        ("a" * 50 + " " + "b" * 300, 100),
    ],
    ids=["paragraphs-120", "paragraphs-200", "one-paragraph", "line-wrapped", "no-break-at-all",
         "short-word-then-no-break"],
)
def test_split_for_parsing_pieces_are_exact_and_bounded(text, max_chars):
    pieces = split_for_parsing(text, max_chars)
    assert len(pieces) > 1
    assert "".join(pieces) == text
    assert all(0 < len(p) <= max_chars for p in pieces)


def test_split_prefers_paragraph_breaks():
    pieces = split_for_parsing(ARTICLE, 120)
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    assert all(p.lstrip() == p for p in pieces)


def test_short_text_is_one_piece():
    assert split_for_parsing(ARTICLE, len(ARTICLE)) == [ARTICLE]


@pytest.mark.parametrize(
    "text, max_chars",
    [(ARTICLE, 120), (ONE_LONG_PARAGRAPH, 150), (LINE_WRAPPED, 90)],
    ids=["paragraphs", "one-paragraph", "line-wrapped"],
)
def test_chunked_doc_text_equals_input(text, max_chars):
    options = Options(max_chunk_chars=max_chars)
    assert len(split_for_parsing(text, max_chars)) > 2
    doc = parse(text, options)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text


def test_chunked_analysis_equals_whole_analysis():
    chunked = onrecord.analyze(ARTICLE, Options(max_chunk_chars=120))
    whole = onrecord.analyze(ARTICLE)
    assert chunked.text == ARTICLE
    assert len(chunked.quotes) == len(whole.quotes) == 18
    assert [q.model_dump() for q in chunked.quotes] == [q.model_dump() for q in whole.quotes]
    assert sum(q.type == "direct" for q in chunked.quotes) == 6


# 2. A blank line always starts a new sentence.
@pytest.mark.parametrize(
    "first, separator, second",
    [
        ("captured by Russia earlier in the", "\n\n", "after the mobilization Putin threw all his forces"),
        ("Read more", "\n \n", "the soldier said he was tired"),
        ("Photo: Vasco Sousa Cotovio/CNN", " \n\n", "Caesar says he is one of 200 Russians"),
        ("Advertisement", "\n\n\n", "the strike killed 12 fighters, officials said"),
        ("Share this article", "\r\n\r\n", "prices will keep rising, economists warn"),
        ("Updated 10:41 AM EST", "\n\u00a0\n", "the governor told reporters that the state would appeal"),
    ],
    ids=["cut-paragraph", "space-line", "trailing-space", "two-blank-lines", "crlf", "nbsp-line"],
)
def test_blank_line_starts_a_sentence(first, separator, second):
    text = first + separator + second
    doc = parse(text, Options())
    starts = {s.start_char for s in doc.sents}
    assert text.index(second) in starts


def test_blank_line_starts_a_sentence_in_every_chunk():
    doc = parse(ARTICLE, Options(max_chunk_chars=120))
    starts = {s.start_char for s in doc.sents}
    offset = 0
    for paragraph in PARAGRAPHS * 6:
        offset = ARTICLE.index(paragraph, offset)
        assert offset in starts
        offset += len(paragraph)


def test_a_sentence_without_a_full_stop_is_cut_at_the_cap():
    # A scraped list, or reported speech that never ends: one sentence of the whole
    # made the attribution's clause walks quadratic (100 KB: 234 s).
    from onrecord.nlp import MAX_SENTENCE_TOKENS

    doc = parse("the official said that the minister believes that " * 200, Options())
    assert max(len(sent) for sent in doc.sents) <= MAX_SENTENCE_TOKENS + 1


def test_ordinary_sentences_are_not_cut():
    text = "“We are fighting,” Caesar explains, and adds that the town is lost. " * 20
    doc = parse(text, Options())
    assert len(list(doc.sents)) == 20


@pytest.mark.slow
def test_100kb_of_reported_speech_without_a_full_stop_is_analyzed_in_linear_time():
    import time

    started = time.perf_counter()
    article = onrecord.analyze("The official said that the minister believes that " * 2000)
    assert time.perf_counter() - started < 60  # 3 s here; 234 s before the cap
    assert article.quotes


def test_the_parser_sees_no_run_of_500_characters_and_the_record_keeps_the_text():
    from onrecord.pipeline import _masked

    text = "He wrote " + "!" * 1200 + " and “left.”"
    parsed = _masked(text, [])
    assert len(parsed) == len(text) and max(len(w) for w in parsed.split()) < 500
    article = onrecord.analyze(text)
    assert article.text == text


def test_lone_surrogates_become_replacement_characters_with_a_warning():
    article = onrecord.analyze("He said \ud800 “it is fine.”")
    assert article.text == "He said \ufffd “it is fine.”"
    assert [(w.code, w.spans) for w in article.warnings] == [("invalid-unicode", [(8, 9)])]
    assert [q.content.text for q in article.quotes] == ["“it is fine.”"]
    article.model_dump_json()


@pytest.mark.parametrize(
    "text, words",
    [
        # the space before the quotation lost in scraping: the mark and the comma still split off
        ("Ryan said,\u201cLook, they have no place here.\u201d", ["Ryan", "said", ",", "\u201c", "Look"]),
        ('Rep. Dana Whitfield (R-S.C.):"I have not seen that."', ["S.C.)", ":", '"', "I"]),
        ("He is 5'10\" tall.", ["He", "is", "5'10", '"', "tall"]),  # a mark after a digit stays as spaCy reads it
        # "):" is not an emoticon in news text: the colon introduces the quote
        ('Rep. Dana Whitfield (R-S.C.): "I have not seen that."', ["S.C.", ")", ":", '"', "I"]),
    ],
)
def test_a_quotation_mark_after_punctuation_is_a_word_of_its_own(text, words):
    tokens = [t.text for t in parse(text, Options())]
    at = tokens.index(words[0]) if words[0] in tokens else -1
    assert tokens[at : at + len(words)] == words, tokens


@pytest.mark.parametrize(
    "text, cue, source",
    [
        ("Ryan said,\u201cLook, hateful slogans have no place in a campaign.\u201d", "said", "Ryan"),
        ('Rep. Dana Whitfield (R-S.C.): "I have never seen anyone but you use that number."', ":",
         "Rep. Dana Whitfield"),
    ],
)
def test_a_quote_introduced_by_misread_punctuation_keeps_its_cue_and_source(text, cue, source):
    [quote] = onrecord.analyze(text).quotes
    assert (quote.cue.text, quote.source.text) == (cue, source)


def test_the_news_tokenizer_is_the_packages_with_the_two_changes_and_nothing_else():
    """Built in one go from the package's file, it equals the stock tokenizer changed setting by setting."""
    import spacy

    from onrecord.nlp import _MARK_AFTER_PUNCTUATION, load_pipeline

    name = Options().spacy_model
    ours = load_pipeline(name, ner=False).tokenizer
    stock = spacy.load(name, exclude=["ner"]).tokenizer
    stock.infix_finditer = spacy.util.compile_infix_regex(
        list(spacy.util.get_lang_class("en").Defaults.infixes) + list(_MARK_AFTER_PUNCTUATION)).finditer
    stock.rules = {text: tokens for text, tokens in stock.rules.items() if text != "):"}
    assert ours.rules == stock.rules and "):" not in ours.rules
    for setting in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        mine, theirs = getattr(ours, setting), getattr(stock, setting)
        assert (mine is None and theirs is None) or mine.__self__.pattern == theirs.__self__.pattern, setting
    assert ours.faster_heuristics == stock.faster_heuristics
    text = ("Rep. Jo Kim (D-N.Y.): \"We won't wait,\" she said,“not now.” U.S. firms' e-mail "
            "at https://example.org/a?b=1 cost $5.50 -- isn't it? :) (ok)")
    assert [t.text for t in ours(text)] == [t.text for t in stock(text)]
