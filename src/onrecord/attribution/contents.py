"""The last touches on each content, once the stages that choose attributions are done.

Each rule reads the parse around a finished draft and moves one edge of its content
where PolNeAR's annotators put it: a writer's comment cut off the end, a reason for
praise or blame taken in, the words around a cue set inside a quoted sentence taken
in. They run after the boundary model (``boundaries.py``), whose training reads the
drafts before them, so a change here needs no refit.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from onrecord.attribution.draft import Draft, OtherDrafts, trimmed_range
from onrecord import lexicons
from onrecord.spans import DisjointSpans, doc_text, token_offsets


def shape_contents(doc: Doc, drafts: list[Draft], quoted: DisjointSpans, quotations: DisjointSpans) -> None:
    """Apply the rules below to ``drafts`` in place; ``quoted`` are the direct quotes' contents,
    ``quotations`` every quotation of the text, marks included (``quotes.find_quotations``)."""
    _without_trailing_comment(doc, drafts, quoted)
    _with_the_reason_for_praise_or_blame(doc, drafts)
    _around_a_cue_inside_the_sentence(doc, drafts, quotations)


def _without_trailing_comment(doc: Doc, drafts: list[Draft], quoted: DisjointSpans) -> None:
    """A reported content ends before a relative clause the writer adds after a comma.

    "He acknowledged the reality of climate change, which makes him something of an
    outlier among Republican lawmakers": what he acknowledged is "the reality of
    climate change"; the clause after the comma is the writer's comment (PolNeAR
    leaves it out). Only a clause that runs to the end of the content and hangs
    from a word before the comma, and never inside a quotation. Measured after the
    choice (its training unchanged): dev attribution 1375 -> 1379, exact 1140 -> 1145;
    train 12556 -> 12584, exact 10343 -> 10351. Appositions cut the same way: train
    exact -42, left out.
    """
    for draft in drafts:
        if draft.type == "direct" or len(draft.content) != 1:
            continue
        start, end = draft.content[0]
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        last = span.end - 1 - (1 if span[-1].is_punct and len(span) > 1 else 0)  # before a final stop
        for comma in (t for t in span[1:-1] if t.text == ","):
            clause = next((t for t in doc[comma.i + 1 : span.end]
                           if t.dep_ == "relcl" and span.start <= t.head.i < comma.i), None)
            if clause is None or clause.left_edge.i != comma.i + 1 or clause.right_edge.i < last:
                continue
            if not quoted.shared_chars(comma.idx, comma.idx + 1):
                before = doc[comma.i - 1]
                draft.content = [(start, before.idx + len(before.text))]
            break


def _with_the_reason_for_praise_or_blame(doc: Doc, drafts: list[Draft]) -> None:
    """A content that is the object of a verb of praise or blame takes the reason given after it.

    "Trump was slamming Democratic vice presidential nominee Tim Kaine for his past work
    defending death row inmates": PolNeAR's content runs on to the end of the "for" phrase,
    and the parse hangs it from the cue, so the object alone is taken. Only right after the
    object (a comma stops it) and only for the verbs of ``reason_verbs``: "endorsed Jeb Bush for
    president" gives no reason. Measured: dev content 1511 -> 1513 right (exact 1218 -> 1220),
    train 14088 -> 14090 (exact 11089 -> 11092).
    """
    others = OtherDrafts(drafts)
    for draft in drafts:
        if draft.type == "direct" or len(draft.content) != 1 or draft.cue_head is None:
            continue
        cue = doc[draft.cue_head]
        span = doc.char_span(*draft.content[0], alignment_mode="expand")
        if span is None or span.start <= cue.i or cue.lemma_.lower() not in lexicons.words("reason_verbs"):
            continue
        after = span.end
        while after < len(doc) and doc[after].is_punct and doc[after].text != ",":
            after += 1
        if after >= len(doc) or doc[after].lower_ != "for" or doc[after].head.i != cue.i:
            continue
        start, end = trimmed_range(doc, span.start, doc[after].right_edge.i + 1)
        extended = token_offsets(doc[start:end])
        if not others.overlap(*extended, besides=draft):
            draft.content = [extended]
            others.moved(draft)


_LEADING_CONJUNCTION = re.compile(r"(?:But|And|Yet|So)\s+")
_MAX_LEAD_WORDS = 12


def _around_a_cue_inside_the_sentence(doc: Doc, drafts: list[Draft], quotations: DisjointSpans) -> None:
    """A quotation that ends a sentence whose speaker is named in a parenthesis: the whole sentence.

    "But the economic weapons his country has at its disposal, he added, are like ''nuclear
    bombs that you can't use.''": what he added is "the economic weapons his country has at
    its disposal" and "are like ''nuclear bombs ...''"; the quotation alone is half a sentence.
    Only where ", SOURCE CUE," stands between the sentence's own words (no quotation)
    and at most twelve words leading into the quotation. The content becomes those two pieces,
    a mixed quote. Measured: dev content 1513 -> 1515 right, exact 1220 -> 1223; train content
    14090 -> 14097, exact 11092 -> 11106; direct recall unchanged on both (414, 3,681).
    """
    text = doc_text(doc)
    others = OtherDrafts(drafts)
    for draft in drafts:
        if draft.type != "direct" or len(draft.content) != 1 or not draft.cue or not draft.source:
            continue
        (start, end), (cue_start, cue_end), (source_start, _) = draft.content[0], draft.cue[0], draft.source[0]
        if not source_start < cue_start < start:
            continue
        before, lead = text[:source_start].rstrip(), text[cue_end:start]
        if not before.endswith(",") or not lead.lstrip().startswith(","):
            continue
        lead_words = text[cue_end + lead.index(",") + 1 : start].lstrip()
        if not lead_words.strip() or len(lead_words.split()) > _MAX_LEAD_WORDS:
            continue
        lead_start = start - len(lead_words)
        quotation = doc.char_span(start, end, alignment_mode="expand")
        if quotation is None or not len(quotation):
            continue
        sentence = quotation[0].sent
        opening = sentence.start_char + len(sentence.text) - len(sentence.text.lstrip())
        if match := _LEADING_CONJUNCTION.match(text, opening):
            opening = match.end()
        first_piece = (opening, len(before) - 1)
        if not text[first_piece[0] : first_piece[1]].strip() or quotations.shared_chars(*first_piece):
            continue
        pieces = [first_piece, (lead_start, end)]
        if not any(others.overlap(*piece, besides=draft) for piece in pieces):
            draft.content, draft.type = pieces, "mixed"
            others.moved(draft)
