"""Who speaks: the passes that settle each attribution's source once its words are found.

Three levels name a speaker, each with its own job:

* ``subjects.py`` reads the parse: the subject a reporting verb reports (``subject_of``,
  with its detours through ``adding that``, relative clauses, passive agents). The rules,
  the direct quotes and the learned choice ask it while they find drafts, so every draft
  comes with the source its own cue gives.
* this module corrects those sources with what only the whole list of drafts shows: the
  tagger's source lent to a rule draft that has none (``tagger-sources``), the reporter a
  participle goes on from (``reporters-going-on``), the relative pronoun as the words that
  name the source (``relative-pronoun-sources``), and no source among an attribution's own
  quoted words (``no-sources-inside``). The last three run together after every pass that
  changes contents (``passes.toml``); lending runs right after the tagger's drafts,
  because it pairs drafts by their contents as found and ``contents.shape_contents``
  reads the sources it lends.
* ``speakers/resolve.py`` then turns the sources (mentions: "he", "the senator") into
  persons, across the article; it never changes which words are the source.
"""

from __future__ import annotations

from spacy.tokens import Doc

from onrecord.attribution.draft import Draft
from onrecord.attribution.passes import Context, register, threshold
from onrecord.attribution.subjects import (RELATIVE_PRONOUNS, passive_agent, passive_of_saying, reduced_passive,
                                          reporter_going_on, subject_offsets)
from onrecord.spans import DisjointSpans, share_inside


@register("tagger-sources", reported=True)
def lend_tagger_sources(doc: Doc, drafts: list[Draft], context: Context) -> list[Draft]:
    """The tagger's sources for the rule drafts that have none (the loans ``tagger-drafts`` left)."""
    share = context.threshold("tagger-sources", "content_share")
    for tagged in context.loans:
        _lend_source(tagged, context.sourceless, share)
    return drafts


@register("passive-subjects")
def without_passive_subjects(doc: Doc, drafts: list[Draft], context: Context) -> list[Draft]:
    _without_passive_subjects(doc, drafts)
    return drafts


@register("reporters-going-on")
def reporters_going_on(doc: Doc, drafts: list[Draft], context: Context) -> list[Draft]:
    _reporters_going_on(doc, drafts)
    return drafts


@register("relative-pronoun-sources")
def relative_pronoun_sources(doc: Doc, drafts: list[Draft], context: Context) -> list[Draft]:
    _relative_pronoun_sources(doc, drafts)
    return drafts


@register("no-sources-inside")
def no_sources_inside(doc: Doc, drafts: list[Draft], context: Context) -> list[Draft]:
    return _without_sources_inside(drafts, DisjointSpans(context.quoted))


def _lend_source(tagged: Draft, sourceless: list[Draft], share: float | None = None) -> None:
    """Give the tagger's source (and cue) to a rule draft with the same content and no source.

    "The same content": more than ``share`` of the rule draft's content is the tagger's.
    """
    share = threshold("tagger-sources", "content_share") if share is None else share
    spans = DisjointSpans(tagged.content)
    for draft in sourceless:
        if draft.source or share_inside(draft.content, spans) <= share:
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


def _without_passive_subjects(doc: Doc, drafts: list[Draft]) -> None:
    """A reporting verb in the passive has its agent as source, never its subject.

    "The mayor was told that the budget was short", "The actor was accused by her rival of
    lying", the headline's "Senator accused of timing retirement" (``reduced_passive``): the
    mayor is who was told, the actor and the senator who were accused. With an agent ("by her
    rival") the agent speaks; without one the attribution stays, its source not given.
    Only the source changes, after the choice: its features read ``subject_of``, and taking
    the passive subject out there dropped whole attributions PolNeAR marks (train+dev
    attribution tp 14648 -> 14614).
    """
    for draft in drafts:
        if draft.cue_head is None or draft.source_head is None:
            continue
        cue, source = doc[draft.cue_head], doc[draft.source_head]
        if source.head.i == cue.i:
            passive = (source.dep_ == "nsubjpass" and passive_of_saying(cue)) or (
                source.dep_ == "nsubj" and reduced_passive(cue))
        else:  # "Harbour master accused of hiding warnings": the participle on its noun
            passive = cue.dep_ == "acl" and cue.head.i == source.i and reduced_passive(cue)
        if passive:
            agent = passive_agent(cue)
            draft.source, draft.source_head = ([subject_offsets(agent)], agent.i) if agent is not None else ([], None)
            draft.source_as_written = []


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
