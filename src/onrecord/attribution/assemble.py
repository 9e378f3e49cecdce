"""Combine direct quotes and reported speech into one list of attributions.

Direct quotes win where both stages claim the same words: the parser often
reads ``“X,” he says`` as ``says`` with a clausal complement inside the
quote, which is the same attribution seen twice.

Interview turns ("PENCE: ...", ``transcript.py``) stand in for the quotation
that holds a whole interview; a headline's "Name: words" is added when nothing
else claims its words. The rules' reported speech then goes through the
learned choice (``choice.py``), which keeps the rules' drafts it agrees with
and adds the parse's candidates it scores high.

The learned model's spans (``onrecord.model``, grouped by ``tagger.py``) come last and only add: an attribution
it finds counts when no rule claimed any of its content's characters and it
has both a cue and a source. Measured on PolNeAR dev, the rules' own spans
are as good or better where both find the same attribution (replacing their
contents or their sources with the tagger's lowered attribution F1); what the
tagger brings is recall on what the rules never see (nominal cues, verbs
outside the lexicon, contents without a clausal parse), and a source for a
rule's quote that has none (``“It's about me.”`` with the speaker named in
the sentence before).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from onrecord.attribution.boundaries import BoundaryModel, refine_boundaries
from onrecord.attribution.direct import attach_direct
from onrecord.attribution.choice import choice_model, choose
from onrecord.attribution.contents import shape_contents
from onrecord.attribution.draft import Draft
from onrecord.spans import DisjointSpans, SpanIndex, doc_text, share_inside, within
from onrecord.attribution.indirect import find_indirect
from onrecord.attribution.quotes import Quotation, find_quotations
from onrecord.attribution.subjects import RELATIVE_PRONOUNS, reporter_going_on, subject_offsets
from onrecord.attribution.tagger import tagged_drafts
from onrecord.attribution.transcript import headline_attribution, transcript_turns
from onrecord.model import Tagged, Tagging
from onrecord.options import Options
from onrecord.records import Warning


@dataclass
class Attributions:
    drafts: list[Draft]
    names: list[Quotation]  # quoted names (call-signs), for the speaker stage
    warnings: list[Warning]


def find_attributions(doc: Doc, options: Options, tagging: Tagging | None = None, *,
                      boundaries: BoundaryModel | None = None) -> Attributions:
    """The rules' attributions, then those of the model's spans (``tagging``) that the rules missed;
    with ``boundaries``, the contents read as that model prefers (``boundaries.py``)."""
    gathered = gather_attributions(doc, options, tagging)
    drafts, quoted = gathered.drafts, DisjointSpans(gathered.quoted)
    if boundaries is not None and tagging is not None:
        refine_boundaries(doc, drafts, tagging, boundaries, gathered.quotations)
    shape_contents(doc, drafts, quoted, gathered.quotations)
    drafts = _outermost_reports(drafts)
    _reporters_going_on(doc, drafts)
    _relative_pronoun_sources(doc, drafts)
    drafts = _without_sources_inside(drafts, quoted)
    drafts = _quotes_inside_reports(drafts)
    drafts.sort(key=lambda d: d.start)
    return Attributions(drafts, gathered.names, gathered.warnings)


@dataclass
class Gathered(Attributions):
    """The drafts as the boundary stage receives them (``training/boundaries.py`` learns on these)."""

    quoted: list[tuple[int, int]]  # the direct quotes' contents
    quotations: DisjointSpans  # every quotation, marks included


def gather_attributions(doc: Doc, options: Options, tagging: Tagging | None = None) -> Gathered:
    """Direct quotes, the rules' and the choice's reported speech and the tagger's, one per content."""
    scan = find_quotations(doc_text(doc))
    direct = attach_direct(doc, scan.quotations)
    direct.drafts = _with_transcript_turns(doc, direct.drafts)
    drafts = list(direct.drafts)
    headline = headline_attribution(doc)
    if headline is not None:
        line = DisjointSpans(headline.content)
        # "Obama on Climate Change: The Trends Are 'Terrifying.'": the quoted word alone has no
        # speaker; the label names one for the whole line.
        if all(not d.source and not d.cue for d in drafts if share_inside(d.content, line)):
            drafts = [d for d in drafts if not share_inside(d.content, line)] + [headline]
    if options.indirect:
        fragments = [(f.start, f.end) for f in direct.fragments]
        rules = reported_speech_rules(doc, direct.drafts)
        model = choice_model() if tagging is not None else None
        reported = choose(doc, rules, direct.drafts, tagging, model) if model is not None else rules
        # "The medic is known as “Bird.”": a call-sign being given, not something said.
        names = DisjointSpans((name.start, name.end) for name in direct.names)
        reported = [draft for draft in reported if not share_inside(draft.content, names)]
        for draft in reported:
            if any(_contains(span, fragments) for span in draft.content):
                draft.type = "mixed"
        drafts += reported
        if tagging is not None and tagging.spans:
            drafts += _tagger_drafts(doc, drafts, fragments, tagging.spans)
        # The choice's candidates that name no one (flagged "unsourced") stay, with the source the
        # tagger lends them if it finds one (``_lend_source``). Dropped unless lent one, as before:
        # dev 1439 against 1443 right attributions (content 1501 against 1507).
    quoted = [span for d in direct.drafts for span in d.content]
    _close_over_quotations(drafts, quoted)
    drafts = _first_of_each_content(drafts)
    return Gathered(drafts, direct.names, scan.warnings, quoted,
                    DisjointSpans((q.start, q.end) for q in scan.quotations))


def direct_and_reported_rules(doc: Doc) -> tuple[list[Draft], list[Draft]]:
    """The rules' direct quotes and reported speech, before any learned choice (for training it)."""
    direct = _with_transcript_turns(doc, attach_direct(doc, find_quotations(doc_text(doc)).quotations).drafts)
    return direct, reported_speech_rules(doc, direct)


def _with_transcript_turns(doc: Doc, direct: list[Draft]) -> list[Draft]:
    """"PENCE: Well, look, ..." inside a quotation of the whole interview: the turns, not the quotation."""
    turns = transcript_turns(doc)
    if not turns:
        return direct
    said = DisjointSpans((t.source[0][0], t.end) for t in turns)
    return [d for d in direct if share_inside(d.content, said) == 0] + turns


def reported_speech_rules(doc: Doc, direct: list[Draft]) -> list[Draft]:
    """The rules' reported speech that reports someone and is not mostly a direct quote's words."""
    taken = {d.cue_head for d in direct if d.cue_head is not None}
    quoted = DisjointSpans(span for d in direct for span in d.content)
    return [
        draft for draft in find_indirect(doc, taken)
        # "CNN has not been able to confirm ...": no one is reported
        if (draft.source or "source-lost" in draft.flags) and share_inside(draft.content, quoted) <= 0.5
    ]


def _reporters_going_on(doc: Doc, drafts: list[Draft]) -> None:
    """A participle going on from a reported clause takes the reporter as source (``subjects.reporter_going_on``).

    Only the source changes, after the choice: the choice's features (and its training) read
    ``subject_of``, the clause's own subject.
    """
    for draft in drafts:
        if draft.cue_head is None or draft.source_head is None:
            continue
        cue = doc[draft.cue_head]
        reporter = reporter_going_on(cue)
        # only in place of the reported clause's own subject ("he didn't believe"), never of a speaker found elsewhere
        if reporter is not None and doc[draft.source_head].head.i == cue.head.i:
            draft.source, draft.source_head = [subject_offsets(reporter)], reporter.i


def _relative_pronoun_sources(doc: Doc, drafts: list[Draft]) -> None:
    """The source as the sentence gives it, ``who``, when the speaker is its antecedent.

    "Mr. Obama, who understood that a push would be fruitless": the speaker is
    Mr. Obama (``source`` and ``source_head`` keep him for the speaker stage),
    but the words that name the source in this attribution are "who". PolNeAR
    marks the antecedent about as often for "that" ("another mining company that
    had declared bankruptcy"): the antecedent alone as the source, dev 1415 against
    1413 right attributions, train 12793 against 12806; "that" stays as written.
    """
    for draft in drafts:
        if draft.source_head is None or draft.cue_head is None:
            continue
        for clause in (c for c in doc[draft.source_head].children if c.dep_ == "relcl"):
            pronoun = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            inside = clause.left_edge.i <= draft.cue_head <= clause.right_edge.i
            if inside and pronoun is not None and pronoun.lower_ in RELATIVE_PRONOUNS:
                draft.source_as_written = [(pronoun.idx, pronoun.idx + len(pronoun.text))]
                break


def _without_sources_inside(drafts: list[Draft], quoted: DisjointSpans) -> list[Draft]:
    """No attribution names a source among its own quoted words.

    ``"Immigration is important but in my view, it's education," says Melissa Roloson``:
    "in my view" inside the quotation is not a second attribution of it to "my"; a
    direct quote whose speaker the parse found inside it ("“Dr. Carson invited both Bob
    and me ...”") keeps its words and loses the wrong speaker. Reported speech whose
    content runs over its own source outside quotation marks ("..., according to a copy
    of the letter") is kept: its content is too long, but mostly right (dropping it
    cost 4 right attributions on train).
    """
    kept = []
    for draft in drafts:
        if draft.source and share_inside(draft.source, DisjointSpans(draft.content)) > 0:
            if draft.type == "direct":
                draft.source, draft.source_head = [], None
            elif share_inside(draft.source, quoted) > 0:
                continue
        kept.append(draft)
    return kept


def _first_of_each_content(drafts: list[Draft]) -> list[Draft]:
    """One attribution per content: a direct quote first, then the earliest found.

    "According to her account, ..." gives two cues of one attribution; taking a
    whole quotation can make reported speech the same words as the quotation.
    """
    kept, seen = [], set()
    for draft in sorted(drafts, key=lambda d: d.type != "direct"):  # stable: found order within each
        content = tuple(draft.content)
        if content not in seen:
            seen.add(content)
            kept.append(draft)
    return kept


def _outermost_reports(drafts: list[Draft]) -> list[Draft]:
    """One report per stretch of reported words: a report inside another report's content is dropped.

    "Silent says they've discussed the terrifying fact that ...": the outlet has the
    discussion from Silent, not from "they", so it is part of what Silent says, as
    PolNeAR marks it (no gold content of dev overlaps another). Direct quotes are
    neither dropped here nor looked inside (``reported_speech_rules`` keeps reports out of
    them; ``_quotes_inside_reports`` handles a quote inside a report). Measured: dev
    attribution F1 0.696 -> 0.702 (69 fewer attributions, 12 fewer right), content 0.729 -> 0.734; train 0.698 -> 0.702; dropping the outer
    report instead: dev 0.688. Of the train pairs of rules' reports where only one of
    the two is right, the inner one is in 47 of 229 ("he again refused to pledge ..."
    inside a claim that ran on over "although").
    """
    reports = [d for d in drafts if d.type != "direct"]
    pieces = _pieces_of(reports)

    def nested(inner: Draft) -> bool:
        return inner.type != "direct" and any(
            outer is not inner and outer.content != inner.content and within(inner.content, outer.content)
            for outer in _holding(pieces, reports, inner)
        )

    return [d for d in drafts if not nested(d)]


def _quotes_inside_reports(drafts: list[Draft]) -> list[Draft]:
    """A direct quote that is part of a report's content is not a second attribution of its words.

    "The Security Council pledged to impose further sanctions as a deterrence to what it
    called “a clear threat to international peace and security.”": one mixed quote, as
    PolNeAR marks it, not also a direct quote of the quoted words by "it". Only where the
    report says more than the quote (the quote is under half its characters) or reports it
    with the same cue: a report that is mostly the quote is often the parse's second reading
    of it ("“That makes me smart,” when Clinton blasted him"). A quote that another continues
    stays, since that one takes its speaker from it. Measured: dev content F1 0.744 -> 0.745,
    attribution 0.712 -> 0.713, direct recall 415 -> 414 of 435; train content 0.766 -> 0.768,
    attribution 0.716 -> 0.718, direct recall 3687 -> 3681 of 4018. Dropped in every nesting
    (an earlier session): direct recall -4 on dev.
    """
    reports = [d for d in drafts if d.type != "direct"]
    pieces = _pieces_of(reports)
    continued = {id(d.continues) for d in drafts if d.continues is not None}
    kept = []
    for draft in drafts:
        if draft.type == "direct" and id(draft) not in continued:
            outer = next((r for r in _holding(pieces, reports, draft) if within(draft.content, r.content)), None)
            if outer is not None and (outer.cue == draft.cue or 2 * _size(draft.content) < _size(outer.content)):
                outer.type = "mixed"
                continue
        kept.append(draft)
    return kept


def _pieces_of(reports: list[Draft]) -> SpanIndex:
    """Every piece of the reports' contents, each owned by its report's place in ``reports``."""
    return SpanIndex((start, end, n) for n, report in enumerate(reports) for start, end in report.content)


def _holding(pieces: SpanIndex, reports: list[Draft], draft: Draft) -> list[Draft]:
    """The reports one of whose pieces holds the first piece of ``draft``'s content, in list order:
    the only ones whose content can hold all of it."""
    if not draft.content:
        return reports
    return [reports[n] for n in sorted({n for _, _, n in pieces.containing(*draft.content[0])})]


def _size(spans: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in spans)


def _close_over_quotations(drafts: list[Draft], quoted: list[tuple[int, int]]) -> None:
    """A reported-speech content that ends (or starts) inside a quotation takes the whole quotation.

    She said she appreciated the courage it took in what she calls a “war of
    unpleasant words.” : the parse ends the clause at "words", before the closing
    mark, so the reported speech would cut the quote “war of unpleasant words.”
    in two; with the mark it contains it, as a mixed quote does.
    """
    quoted = sorted(quoted)  # direct quotes never overlap, so their ends are in order too
    starts = [q_start for q_start, _ in quoted]
    for draft in drafts:
        if draft.type == "direct":
            continue
        for n, (start, end) in enumerate(draft.content):
            at = bisect_left(starts, end) - 1  # the last quotation opening before the end
            if at >= 0 and start < quoted[at][0] < end < quoted[at][1]:
                end = quoted[at][1]
            at = bisect_left(starts, start) - 1  # the last quotation opening before the start
            if at >= 0 and quoted[at][0] < start < quoted[at][1] < end:
                start = quoted[at][0]
            draft.content[n] = (start, end)
        draft.content = _merged(draft.content)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces of one content in order, a piece that now reaches into the next one joined to it."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _tagger_drafts(
    doc: Doc, drafts: list[Draft], fragments: list[tuple[int, int]], tagged: list[Tagged]
) -> list[Draft]:
    """The tagger's attributions that no rule found; its sources for rule drafts that have none."""
    claimed = DisjointSpans(span for d in drafts for span in d.content)
    sourceless = [d for d in drafts if not d.source and d.continues is None and "source-lost" not in d.flags]
    added = []
    for draft in tagged_drafts(doc, tagged):
        if not (draft.cue and draft.source):
            continue
        if share_inside(draft.content, claimed) > 0:
            _lend_source(draft, sourceless)
            continue
        if not _says_something(doc, draft):
            continue
        if draft.type == "indirect" and any(_contains(span, fragments) for span in draft.content):
            draft.type = "mixed"
        added.append(draft)
    return added


def _says_something(doc: Doc, draft: Draft) -> bool:
    """A clause or a quotation: ``said the bridge would reopen``, not ``welcomed the news``.

    PolNeAR also counts stances on things (``attacked the defense ministry``,
    ``is known as “Bird.”``); onrecord reports what people said.
    """
    start, end = draft.content[0][0], draft.content[-1][1]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or _tells_how_it_was_said(doc, draft, span):
        return False
    return span[0].is_quote or any(t.pos_ in ("VERB", "AUX") for t in span)


def _tells_how_it_was_said(doc: Doc, draft: Draft, span: Span) -> bool:
    """Whether the content is only an adverbial clause of its cue: "he said, cutting off a reporter
    who asked about finances", "Hollande said Friday as he entered the talks". The clause says when
    or how the words were said, not what they were. Measured: dev 4 fewer predictions, none of
    them right (content 1511 of 1,847); train 32 fewer, 8 right (content F1 0.7684 -> 0.7687).
    The choice's candidates and the rules' drafts are left alone: there the same test drops
    "calling for the United States to step up military efforts" (train 62 fewer, 57 right).
    """
    cue = {t.i for start, end in draft.cue for t in doc.char_span(start, end, alignment_mode="expand") or ()}
    tops = [t for t in span if not span.start <= t.head.i < span.end or t.head is t]
    return (any(t.dep_ == "advcl" for t in tops)
            and all(t.head.i in cue and t.dep_ in ("advcl", "punct") for t in tops))


def _lend_source(tagged: Draft, sourceless: list[Draft]) -> None:
    """Give the tagger's source (and cue) to a rule draft with the same content and no source."""
    spans = DisjointSpans(tagged.content)
    for draft in sourceless:
        if draft.source or share_inside(draft.content, spans) <= 0.5:
            continue
        # '"... that figure. Who told you that?"': a source and cue inside the quote are its words
        if share_inside(tagged.source + tagged.cue, DisjointSpans(draft.content)) > 0:
            continue
        draft.source, draft.source_head = list(tagged.source), tagged.source_head
        draft.flags = [f for f in draft.flags if f != "unsourced"]
        if not draft.cue:
            draft.cue, draft.cue_head = list(tagged.cue), tagged.cue_head
            draft.flags = [f for f in draft.flags if f != "no-cue"]
        return


def _contains(span: tuple[int, int], fragments: list[tuple[int, int]]) -> bool:
    """Whether a quoted fragment lies inside ``span`` (fragments are sorted)."""
    at = bisect_left(fragments, (span[0], span[0]))
    return at < len(fragments) and fragments[at][1] <= span[1]

