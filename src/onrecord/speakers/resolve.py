"""Speakers: group the sources of the drafts into the people and bodies who speak.

Names are clustered by shared words (``Yevgeny Prigozhin`` and
``Prigozhin``); pronouns and definite nominals (``he says``, ``the soldier
said``) go to the most salient earlier person: a named subject introduced
since the last attribution (``Another soldier, who goes by the call-sign
“Vinnie,” ... “My family is not here,” he explains.``), else the speaker of
the last attribution, else the nearest named person. A pronoun that finds no
one stays unresolved: the output never names a speaker "he".

Only a person of a compatible gender is an antecedent (``speakers.gender``):
"she said" never goes to a man the article calls "Mr." or whose own sentence
ties him to "he". Where no compatible person is near, the quote stays
unresolved rather than guessed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from onrecord.attribution.draft import Draft
from onrecord import lexicons
from onrecord.spans import DisjointSpans, doc_text, paragraph_spans
from onrecord.attribution.quotes import Quotation
from onrecord.speakers.gender import (
    Evidence, bound_pronoun_evidence, compatible, gender_of, head_evidence, name_evidence, pronoun_gender,
)
from onrecord.speakers.mentions import NameMention, clean_name, find_name_mentions, proper_name_at

_PERSON_PRONOUNS = lexicons.words("person_pronouns")
_DEFINITE = lexicons.words("definite_determiners")
_LOOKBACK = 200  # name mentions looked at for an antecedent: pronouns refer back a few paragraphs at most
_MAX_PARAGRAPH_GAP = 3  # an attribution further back than this is no longer the topic


@dataclass
class Cluster:
    """One speaker being built: its names and mentions."""

    key: int
    kind: str
    names: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)  # what the text says of the gender

    @property
    def gender(self) -> str:
        return gender_of(self.evidence) if self.kind == "person" else "unknown"

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (len(n.split()), len(n)))

    def words(self) -> set[str]:
        return {w.lower() for n in self.names for w in n.split()}


class SpeakerIndex:
    """Clusters of names in one article, looked up by name or by shared words."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self._by_name: dict[tuple[str, str], Cluster] = {}
        self._people_by_word: dict[str, list[Cluster]] = {}

    def add(self, name: str, kind: str, span: tuple[int, int], evidence: list[Evidence] = ()) -> Cluster:
        cluster = self.find(name, kind) or self._new(kind)
        cluster.evidence += [e for e in evidence if e not in cluster.evidence]
        if name not in cluster.names:
            cluster.names.append(name)
            self._by_name[(kind, name)] = cluster
            if kind == "person":
                for word in name.lower().split():
                    self._people_by_word.setdefault(word, []).append(cluster)
        cluster.mentions.append(span)
        return cluster

    def find(self, name: str, kind: str) -> Cluster | None:
        exact = self._by_name.get((kind, name))
        if exact is not None or kind != "person" or not name.split():
            return exact
        # "Prigozhin" joins "Yevgeny Prigozhin": every word of the name is in the cluster's names.
        words = set(name.lower().split())
        for cluster in self._people_by_word.get(next(iter(words)), []):
            if words <= cluster.words():
                return cluster
        return None

    def _new(self, kind: str) -> Cluster:
        cluster = Cluster(key=len(self.clusters), kind=kind)
        self.clusters.append(cluster)
        return cluster


class Mentions(list):
    """Name mentions in text order, with range look-ups by bisection."""

    def __init__(self, mentions: list[NameMention]):
        super().__init__(mentions)
        self._starts = [m.start for m in self]

    def between(self, start: int, end: int) -> list[NameMention]:
        return self[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def before(self, offset: int, limit: int) -> list[NameMention]:
        stop = bisect_left(self._starts, offset)
        return self[max(0, stop - limit) : stop]



def resolve_speakers(doc: Doc, drafts: list[Draft], names: list[Quotation]) -> list[Cluster]:
    """Set ``speaker_key`` on every draft that has a resolvable source; return the clusters."""
    quoted = DisjointSpans(span for d in drafts if d.type == "direct" for span in d.content)
    mentions = Mentions(find_name_mentions(doc, quoted, names))
    # A call-sign is a person wherever the NER calls the same word an ORG, and so is
    # a lone surname of a named person: "Pat Caddell ... “...,” said Caddell."
    people = {m.name for m in mentions if m.kind == "person"}
    surnames = {n.split()[-1] for n in people if len(n.split()) > 1}
    for mention in mentions:
        if mention.name in people or (mention.kind == "organization" and mention.name in surnames):
            mention.kind = "person"
    index = SpeakerIndex()
    # Longest names first, so that ``Prigozhin`` joins ``Yevgeny Prigozhin`` wherever it comes.
    blocked = _blocker(mentions, quoted)
    for mention in sorted(mentions, key=lambda m: -len(m.name.split())):
        index.add(mention.name, mention.kind, (mention.start, mention.end),
                  _gender_evidence(doc, mention, blocked) if mention.kind == "person" else ())
    paragraph_of = _paragraph_locator(doc_text(doc))
    last: Draft | None = None
    for draft in sorted(drafts, key=lambda d: d.start):
        if draft.continues is not None and draft.continues.speaker_key is not None:
            draft.speaker_key = draft.continues.speaker_key
        elif draft.source_head is not None:
            draft.speaker_key = _resolve_source(doc, draft, index, mentions, last, paragraph_of)
        if draft.speaker_key is not None:
            last = draft
    return index.clusters


def _resolve_source(doc, draft, index, mentions, last, paragraph_of) -> int | None:
    head = doc[draft.source_head]
    start, end = draft.source[0]
    # A nationality that only modifies the head is not the speaker: "the Ukrainian military",
    # "A French diplomat, Anne Dupont, said".
    # A mention that runs past the source is not in it: the entity head can read
    # "PENCE: And that's why Donald Trump is on his way to the White" as one name.
    inside = [m for m in mentions.between(start, end) if m.end <= end and not _modifier_only(doc, m, head)]
    inside = inside or _named_in_apposition(head, mentions)
    if inside:
        # "Russian oligarch Yevgeny Prigozhin": the name in the source phrase.
        best = min(inside, key=lambda m: abs(m.start - head.idx))
        cluster = index.find(best.name, best.kind)
        return cluster.key if cluster else None
    lower = head.lower_
    if lower in _PERSON_PRONOUNS:
        cluster = _antecedent(head, index, mentions, last, paragraph_of, draft.content)
        if cluster is not None:
            cluster.mentions.append((head.idx, head.idx + len(head.text)))
            return cluster.key
        return None
    if head.pos_ == "PRON":
        return None
    proper = proper_name_at(head)
    if proper is not None and (head.pos_ == "PROPN" or _is_capitalised_mid_sentence(head)):
        s, e, name = proper
        kind = "organization" if head.ent_type_ in ("ORG", "GPE", "NORP") else "person"
        return index.add(name, kind, (s, e), name_evidence(doc, s, e) if kind == "person" else ()).key
    organisation = head.lemma_.lower() in lexicons.words("organisation_nouns")
    determiner = next((c.lower_ for c in head.children if c.dep_ == "det"), None)
    if determiner in _DEFINITE and head.tag_ == "NN" and not organisation:
        # "the soldier says": the person the article is talking about.
        cluster = _antecedent(head, index, mentions, last, paragraph_of, draft.content)
        if cluster is not None:
            cluster.mentions.append((start, end))
            cluster.evidence += head_evidence(head)
            return cluster.key
    # "a senior official", "two people familiar with the talks": a speaker of its own.
    kind = "group" if head.tag_ in ("NNS", "NNPS") else "person"
    if organisation or head.ent_type_ in ("ORG", "GPE"):
        kind = "organization"
    evidence = head_evidence(head) if kind == "person" else []
    return index.add(clean_name(doc_text(doc)[start:end]) or head.text, kind, (start, end), evidence).key


def _blocker(mentions: "Mentions", quoted: DisjointSpans):
    """Offset -> whether a person is named there or it is inside a quotation: what ends the
    search for a pronoun bound to a subject."""
    people = {offset for m in mentions if m.kind == "person" for offset in range(m.start, m.end)}
    return lambda offset: offset in people or quoted.overlapping(offset, offset + 1)


def _gender_evidence(doc: Doc, mention: NameMention, blocked) -> list[Evidence]:
    """What the article's words say of a named person's gender, around this mention."""
    found = name_evidence(doc, mention.start, mention.end)
    if mention.subject and not mention.quoted:
        found += bound_pronoun_evidence(doc, mention.start, mention.end, blocked)
    return found


def _modifier_only(doc: Doc, mention: NameMention, head: Token) -> bool:
    """A group or place name used as an adjective or compound of another head noun."""
    if head.idx <= mention.start < head.idx + len(head.text):
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("amod", "compound", "nmod") and mention.kind != "person"


def _named_in_apposition(head: Token, mentions: list[NameMention]) -> list[NameMention]:
    """``Another soldier, who goes by the call-sign “Vinnie,” insists``: the name in the clause.

    Only appositions and naming relative clauses count: in ``a spokesman for
    Hillary Clinton`` the name is someone else.
    """
    found = []
    for child in head.children:
        if child.dep_ not in ("appos", "relcl"):
            continue
        lo = min(t.idx for t in child.subtree)
        hi = max(t.idx + len(t.text) for t in child.subtree)
        found += [m for m in mentions.between(lo, hi) if child.dep_ == "appos" or m.quoted]
    return found


def _antecedent(head: Token, index, mentions: list[NameMention], last: Draft | None, paragraph_of,
                own: list[tuple[int, int]] = ()) -> "Cluster | None":
    """The person a pronoun or a definite nominal refers to; never one named inside its own quote,
    never one whose gender the article shows to be other than the word asks.

    "Putin’s war has cost Russia dearly, the analyst said.": not Putin.
    """
    here = head.idx
    wanted = pronoun_gender(head)
    paragraph = paragraph_of(here)
    recent_last = last if last is not None and paragraph - paragraph_of(last.start) <= _MAX_PARAGRAPH_GAP else None
    floor = recent_last.start if recent_last is not None else -1
    people = []
    for m in mentions.before(here, _LOOKBACK):
        if m.kind != "person" or any(s <= m.start < e for s, e in own):
            continue
        cluster = index.find(m.name, "person")  # None: the mention leads to no speaker
        if cluster is None or compatible(cluster.gender, wanted):
            people.append((m, cluster))
    introduced = [c for m, c in people if m.start > floor and m.subject]
    if introduced:
        return introduced[-1]
    if recent_last is not None and recent_last.speaker_key is not None:
        cluster = index.clusters[recent_last.speaker_key]
        if cluster.kind == "person" and compatible(cluster.gender, wanted):
            return cluster
    subjects = [c for m, c in people if m.subject] or [c for _, c in people]
    return subjects[-1] if subjects else None


def _is_capitalised_mid_sentence(token: Token) -> bool:
    return token.i > token.sent.start and token.text[:1].isupper()


def _paragraph_locator(text: str):
    """Offset -> paragraph number, by the one paragraph definition (``draft.paragraph_spans``)."""
    starts = [start for start, _ in paragraph_spans(text)]

    def paragraph_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    return paragraph_of
