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

An unnamed person described as a clause subject ("The nurse asked not to be
named because she could be fired.") is an antecedent too, for pronouns and
for a definite nominal with the same head noun ("the nurse said"). A source
that names no one (``speakers.kinds``: "The focus on ...", "No one") gets no
speaker. Each speaker records how its quotes were tied to it (``RESOLUTIONS``).
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
from onrecord.speakers.kinds import (
    is_document, is_label, is_number, is_place_modifier, names_no_one, place_host, speech_possessor,
)
from onrecord.speakers.titles import Title, acronym_of, description_words, fits, organisation_title, titles_of_name
from onrecord.speakers.mentions import (
    PERSON_NOUNS, NameMention, clean_name, find_description_mentions, find_name_mentions, proper_name_at,
    trim_headline_names,
)

_PERSON_PRONOUNS = lexicons.words("person_pronouns")
_DEFINITE = lexicons.words("definite_determiners")
_INDEFINITE_PERSONS = lexicons.words("indefinite_person_pronouns")
_ROLE_NOUNS = lexicons.words("person_nouns") | lexicons.words("speaker_titles")
# Heads of a definite description that may point back to a person: "the nominee said".
_PERSON_HEADS = PERSON_NOUNS | lexicons.words("speaker_titles")
_PERSON_ENDINGS = lexicons.entries("person_noun_endings")
_JOINERS = "-\u2010\u2011'\u2019"  # inside one written name: "Al-Sayed", "O'Neill"
_LOOKBACK = 200  # name mentions looked at for an antecedent: pronouns refer back a few paragraphs at most
_MAX_PARAGRAPH_GAP = 3  # an attribution further back than this is no longer the topic
# How a quote is tied to its speaker, surest first: the source names it; the source is a
# description ("a senior official", "the soldier"); a pronoun; a following quotation.
RESOLUTIONS = ("name", "description", "pronoun", "continuation")


@dataclass
class Cluster:
    """One speaker being built: its names and mentions."""

    key: int
    kind: str
    names: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)  # what the text says of the gender
    ties: set[str] = field(default_factory=set)  # how its quotes were tied to it: name, pronoun, ...

    @property
    def resolution(self) -> str:
        """The surest way any of its quotes was tied to it (``RESOLUTIONS`` from surest)."""
        return next((how for how in RESOLUTIONS if how in self.ties), "name")

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
        self.titles: list[tuple[Title, Cluster]] = []  # written with a name: "Conservative MP" of Chris Grayling

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

    def link(self, alias: str, cluster: Cluster) -> None:
        """Make ``alias`` a name of ``cluster`` ("ISO" of "California Independent System Operator"),
        moving to it the mentions of a cluster the alias had on its own."""
        other = self._by_name.get((cluster.kind, alias))
        if other is cluster:
            return
        if other is not None:
            cluster.mentions += other.mentions
            other.mentions = []
            for name in other.names:
                self._by_name[(other.kind, name)] = cluster
                cluster.names.append(name)
            other.names = []
        else:
            cluster.names.append(alias)
            self._by_name[(cluster.kind, alias)] = cluster

    def titled(self, words: tuple[str, ...], before: int) -> list[Cluster]:
        """Who bears the title a description repeats ("the Conservative MP" -> Chris Grayling),
        written before ``before``, the one whose title was written last first."""
        latest: dict[int, tuple[int, Cluster]] = {}
        for title, cluster in self.titles:
            if title.offset < before and fits(words, title) and title.offset >= latest.get(cluster.key, (-1, None))[0]:
                latest[cluster.key] = (title.offset, cluster)
        return [c for _, c in sorted(latest.values(), key=lambda pair: -pair[0])]

    def has_title(self, cluster: Cluster) -> bool:
        return any(c is cluster for _, c in self.titles)

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
    names_found = find_name_mentions(doc, quoted, names)
    trim_headline_names(doc, names_found)
    sources = DisjointSpans(span for d in drafts for span in d.source)
    mentions = Mentions(sorted(names_found + find_description_mentions(doc, quoted, sources), key=lambda m: m.start))
    # A call-sign is a person wherever the NER calls the same word an ORG, and so is
    # a lone surname of a named person: "Pat Caddell ... “...,” said Caddell."
    people = {m.name for m in mentions if m.kind == "person" and m.head is None}
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
    _add_titles(doc, mentions, index)
    paragraph_of = _paragraph_locator(doc_text(doc))
    last: Draft | None = None
    for draft in sorted(drafts, key=lambda d: d.start):
        how = "continuation"
        if (draft.continues is not None and draft.continues.speaker_key is not None
                and draft.source_head == draft.continues.source_head):
            # the quotation goes on from the one it continues; one whose source is a report in
            # between (direct.py) is resolved from that source
            draft.speaker_key = draft.continues.speaker_key
        elif draft.source_head is not None:
            draft.speaker_key, how = _resolve_source(doc, draft, index, mentions, last, paragraph_of)
        if draft.speaker_key is not None:
            index.clusters[draft.speaker_key].ties.add(how)
            last = draft
    return index.clusters


def _add_titles(doc: Doc, mentions: Mentions, index: SpeakerIndex) -> None:
    """Record the titles written with each name and join acronyms to the names they shorten
    (``speakers.titles``)."""
    for mention in mentions:
        if mention.head is not None or mention.quoted or mention.kind not in ("person", "organization"):
            continue
        cluster = index.find(mention.name, mention.kind)
        if cluster is None:
            continue
        if mention.kind == "person":
            index.titles += [(title, cluster) for title in titles_of_name(doc, mention.start, mention.end)]
            continue
        if cluster.kind == "organization" and (title := organisation_title(doc, mention.start, mention.end)):
            index.titles.append((title, cluster))
        if (acronym := acronym_of(doc, mention.start, mention.end)) is not None:
            index.link(acronym, cluster)


def _resolve_source(doc, draft, index, mentions, last, paragraph_of) -> tuple[int | None, str]:
    """The speaker cluster of a draft's source and how it was tied (``RESOLUTIONS``);
    (None, ...) when the source names no one the article lets us tell."""
    head = doc[draft.source_head]
    start, end = draft.source[0]
    possessor = speech_possessor(head)
    if names_no_one(head):
        # "The focus on removing carbon sets ...": no speaker, not a guess; but in "Ann Poe's
        # decision not to run" or "his answer" the possessor is the one who acted or spoke.
        possessor = _person_possessor(head, mentions)
        if possessor is None:
            return None, "description"
    if possessor is not None:
        # "Mr Benton used his speech to warn": the speaker is the possessor, not the speech.
        words = [t for t in possessor.subtree if t.dep_ != "case"]
        head, start, end = possessor, words[0].idx, words[-1].idx + len(words[-1].text)
    if (is_label(head, end) and not _names_someone(doc, start, end, index, mentions)) or is_number(head):
        return None, "description"  # "Background: ...", "three of which": no one speaks
    host = place_host(head)
    if host is not None:
        # "noted Maryland-based lawyer Jim Dunham": the source was cut to the place; the
        # speaker is who the place describes, or no one.
        named = _named_at(host, mentions)
        cluster = index.find(named.name, named.kind) if named else None
        return (cluster.key if cluster else None), "name"
    # A nationality that only modifies the head is not the speaker: "the Ukrainian military",
    # "A French diplomat, Anne Dupont, said".
    # A mention that runs past the source is not in it: the entity head can read
    # "PENCE: And that's why Donald Trump is on his way to the White" as one name.
    inside = [m for m in mentions.between(start, end)
              if m.head is None and m.end <= end and not _modifier_only(doc, m, head)
              and not _in_prepositional_phrase(doc, m, head) and not _place_inside(doc, m, head)]
    inside = (_covering(doc, head, start, mentions) or inside or _named_in_apposition(head, mentions)
              or _name_it_describes(head, mentions))
    if inside:
        # "Russian oligarch Yevgeny Prigozhin": the name in the source phrase.
        best = min(inside, key=lambda m: abs(m.start - head.idx))
        cluster = index.find(best.name, best.kind)
        return (cluster.key if cluster else None), "name"
    lower = head.lower_
    if lower in _PERSON_PRONOUNS:
        cluster = _antecedent(head, index, mentions, last, paragraph_of, draft.content)
        if cluster is not None:
            cluster.mentions.append((head.idx, head.idx + len(head.text)))
            return cluster.key, "pronoun"
        return None, "pronoun"
    if head.lower_ in _INDEFINITE_PERSONS and any(c.dep_ in (*_DESCRIBING, "relcl") for c in head.children):
        # "said someone at the meeting", "someone who called in": a described person of their own.
        return _described(doc, head, start, end, draft, index, mentions, last, paragraph_of), "description"
    if head.pos_ == "PRON":
        return None, "pronoun"
    words = description_words(head, start) if head.ent_type_ != "PERSON" else None
    if words and (titled := _title_bearer(head, words, draft, index, mentions, last, paragraph_of)) is not None:
        # "the Conservative MP said" after "Conservative MP Chris Grayling": the title's bearer.
        titled.mentions.append((start, end))
        return titled.key, "description"
    if _capitalised_role(head) and _determiner(head) in _DEFINITE:
        # "Chris Grayling warned ... Speaking in the Commons, the Conservative MP said": a role
        # written with a capital is the same definite nominal as "the senator said", resolved
        # the same way, not a person called "Conservative MP".
        return _described(doc, head, start, end, draft, index, mentions, last, paragraph_of), "description"
    proper = proper_name_at(head)
    if proper is not None and (head.pos_ == "PROPN" or _is_capitalised_mid_sentence(head)):
        s, e, name = proper
        kind = "organization" if head.ent_type_ in ("ORG", "GPE", "NORP") else "person"
        return index.add(name, kind, (s, e), name_evidence(doc, s, e) if kind == "person" else ()).key, "name"
    return _described(doc, head, start, end, draft, index, mentions, last, paragraph_of), "description"


def _title_bearer(head, words, draft, index, mentions, last, paragraph_of) -> Cluster | None:
    """Who a definite description names by a title written with their name ("the Director"
    after "PAHO Director Carissa F. Etienne"). A lower-case description ("the senator") goes to
    the person the antecedent rule finds when the text gives that person the title or no title
    at all (it may be true of them unwritten); to another bearer only when it titles them otherwise."""
    bearers = index.titled(words, head.idx)
    if not bearers:
        return None
    if head.tag_ == "NNP" or bearers[0].kind != "person":
        return bearers[0]
    guess = _antecedent(head, index, mentions, last, paragraph_of, draft.content)
    if guess is not None and (guess in bearers or not index.has_title(guess)):
        return guess
    return bearers[0]


def _capitalised_role(head: Token) -> bool:
    """A role noun written with a capital, so tagged as a name: "the Director", "the Conservative MP"."""
    return head.tag_ == "NNP" and not head.ent_type_ and head.lemma_.lower() in _ROLE_NOUNS


def _determiner(head: Token) -> str | None:
    return next((c.lower_ for c in head.children if c.dep_ == "det"), None)


def _described(doc, head, start, end, draft, index, mentions, last, paragraph_of) -> int | None:
    """The speaker of a source that is a description: the person a definite nominal refers to
    ("the soldier says"), else a speaker of its own ("a senior official", "the affidavit")."""
    organisation = head.lemma_.lower() in lexicons.words("organisation_nouns")
    document = is_document(head)
    definite = _determiner(head) in _DEFINITE and (head.tag_ == "NN" or _capitalised_role(head))
    lemma = head.lemma_.lower()
    person = lemma in _PERSON_HEADS or lemma.endswith(_PERSON_ENDINGS)
    if definite and not (person or organisation or document):
        return None  # "the sky went “really dark”": no person, body or document, no speaker
    if definite and person and not organisation and not document:
        # "the soldier says": the person the article is talking about.
        cluster = _antecedent(head, index, mentions, last, paragraph_of, draft.content)
        if cluster is not None:
            cluster.mentions.append((start, end))
            cluster.evidence += head_evidence(head)
            return cluster.key
    # "a senior official", "two people familiar with the talks": a speaker of its own.
    kind = "group" if head.tag_ in ("NNS", "NNPS") else "person"
    counted = _counted(head)
    if counted is not None:  # "Three of the nurses": the number's phrase, a group unless one
        end = max(end, counted.idx + len(counted.text))
        kind = "person" if head.lower_ == "one" else "group"
    if organisation or head.ent_type_ in ("ORG", "GPE"):
        kind = "organization"
    if document:
        kind = "document"
    evidence = head_evidence(head) if kind == "person" else []
    start = _phrase_start(head, start)
    named_to = _description_end(head, end, draft.cue_head)
    return index.add(clean_name(doc_text(doc)[start:named_to]) or head.text, kind, (start, end), evidence).key


_DESCRIBING = ("acl", "amod", "prep")
_DESCRIPTION_WORDS = 10


def _description_end(head: Token, end: int, cue: int | None) -> int:
    """Where a description's name ends: over what describes the head after it, not only the
    source's words, so "a person briefed on the inquiry said" is named whole, not "A person".
    A relative clause or an apposition ends it, and so does the cue ("two people familiar with
    the talks said"); past ten words it is a clause of its own, and the source's end stands."""
    last = head
    for child in head.rights:
        if child.dep_ not in _DESCRIBING:
            break
        words = [t for t in child.subtree if not t.is_punct]
        if len(words) < len(list(child.subtree)):
            break  # an aside inside it ("officials in Broward County, Florida — who"): the source's end stands
        last = max(words, key=lambda t: t.i)
    if last.i == head.i or last.i - head.i > _DESCRIPTION_WORDS or (cue is not None and head.i < cue <= last.i):
        return end
    return max(end, last.idx + len(last.text))


def _counted(head: Token) -> Token | None:
    """The noun a number counts: "nurses" of "Three of the nurses"; None for no number."""
    if head.pos_ != "NUM":
        return None
    return next((t for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                 for t in c.children if t.dep_ == "pobj" and t.pos_ == "NOUN"), None)


def _phrase_start(head: Token, start: int) -> int:
    """Where the description's own noun phrase opens: at its determiner when two or more
    capitalised words stand before it, page furniture glued on by the extraction
    ("Share WhatsApp Email A senior prison guard" -> "A senior prison guard")."""
    determiner = next((c for c in head.children if c.dep_ == "det" and c.idx > start), None)
    if determiner is None:
        return _after_furniture(head, start)
    before = [t for t in head.doc[determiner.i - 8 if determiner.i >= 8 else 0 : determiner.i] if t.idx >= start]
    if len(before) >= 2 and all(t.text[:1].isupper() for t in before):
        return determiner.idx
    return start


def _after_furniture(head: Token, start: int) -> int:
    """Without a determiner: past two or more capitalised words that are no name, before a
    lower-case head ("Home Issues Prison official" -> "Prison official", a menu glued on)."""
    if not head.text[:1].islower():
        return start
    words = [t for t in head.doc[max(0, head.i - 8) : head.i] if t.idx >= start]
    run = 0
    while (run < len(words) and words[run].text[:1].isupper() and not words[run].ent_type_
           and words[run].pos_ in ("PROPN", "NOUN")):
        run += 1
    return words[run].idx if 2 <= run < len(words) else start


def _person_possessor(head: Token, mentions: Mentions) -> Token | None:
    """The possessor of ``head`` when it is a person: a personal pronoun or a named person."""
    possessor = next((c for c in head.children if c.dep_ == "poss"), None)
    if possessor is None:
        return None
    if possessor.lower_ in _PERSON_PRONOUNS:
        return possessor
    named = [m for m in mentions.before(possessor.idx + len(possessor.text), 3)
             if m.head is None and m.start <= possessor.idx < m.end]
    return possessor if any(m.kind == "person" for m in named) else None


def _blocker(mentions: "Mentions", quoted: DisjointSpans):
    """Offset -> whether a person is named there or it is inside a quotation: what ends the
    search for a pronoun bound to a subject."""
    people = {offset for m in mentions if m.kind == "person" for offset in range(m.start, m.end)}
    return lambda offset: offset in people or quoted.overlapping(offset, offset + 1)


def _gender_evidence(doc: Doc, mention: NameMention, blocked) -> list[Evidence]:
    """What the article's words say of a named person's gender, around this mention."""
    if mention.head is not None:  # a description: its head noun is its evidence ("the woman")
        return head_evidence(doc.char_span(mention.start, mention.end, alignment_mode="expand").root)
    found = name_evidence(doc, mention.start, mention.end)
    if mention.subject and not mention.quoted:
        found += bound_pronoun_evidence(doc, mention.start, mention.end, blocked)
    return found


def _modifier_only(doc: Doc, mention: NameMention, head: Token) -> bool:
    """A group or place name used as an adjective, compound or possessor of another head noun:
    "the Ukrainian military", "Ohio's 2nd District Court" (the court speaks, not Ohio)."""
    if head.idx <= mention.start < head.idx + len(head.text):
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or mention.kind == "person":
        return False
    # The mention may hold the head noun's determiner ("the Liberal" of "the Liberal MP said"),
    # which is not what the name does in the phrase.
    outward = [t for t in span if t.dep_ not in ("det", "case", "punct") and not span.start <= t.head.i < span.end]
    return bool(outward) and outward[-1].dep_ in ("amod", "compound", "nmod", "poss")


def _names_someone(doc: Doc, start: int, end: int, index: SpeakerIndex, mentions: Mentions) -> bool:
    """Whether a label before a colon holds a name the article knows: "TAPPER:" of Jake Tapper,
    "Clinton camp:", "WSJ editorial:" (a speaker turn or a headline's source, not page furniture)."""
    if mentions.between(start, end):
        return True
    text = doc_text(doc)[start:end]
    label = clean_name(text)
    if text.split()[0].lower() in _DEFINITE:
        return False  # "The Prison Papers:" is a series, whatever the tagger made of "Prison Papers" elsewhere
    return bool(label) and index.find(label, "person") is not None


def _named_at(host: Token, mentions: Mentions) -> NameMention | None:
    """The person or organisation named at ``host`` or in a compound on it: "Jim Dunham" at
    "Dunham", "Superior Court" of "state Superior Court ruling"."""
    tokens = [host] + [c for c in host.children if c.dep_ == "compound"]
    for token in tokens:
        found = [m for m in mentions.before(token.idx + 1, 4)
                 if m.head is None and m.start <= token.idx < m.end and m.kind in ("person", "organization")]
        if found:
            return found[-1]
    return None


def _place_inside(doc: Doc, mention: NameMention, head: Token) -> bool:
    """A place in the source that is not its head: "The Chairwoman of Ukraine's Central Bank"."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and not span.start <= head.i < span.end and is_place_modifier(span.root)


def _covering(doc: Doc, head: Token, start: int, mentions: Mentions) -> list[NameMention]:
    """The name the source's head word is part of, where the source phrase was cut at a
    hyphen or apostrophe inside it ("Sayed" of "Dr. Omar Al-Sayed")."""
    if start == 0 or doc_text(doc)[start - 1] not in _JOINERS:
        return []
    return [m for m in mentions.before(head.idx + 1, 4) if m.head is None and m.start <= head.idx < m.end]


def _in_prepositional_phrase(doc: Doc, mention: NameMention, head: Token) -> bool:
    """A name inside a prepositional phrase on the source's head noun is someone else:
    "The chairwoman of Norway's central bank says", "a spokesman for Ann Poe said"."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.start <= head.i < span.end:
        return False
    token = span.root
    while token.i != head.i and token.head.i != token.i:
        if token.dep_ == "prep" and token.head.i == head.i:
            return True
        token = token.head
    return False


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
        # An apposition names the head itself, not who is named in its prepositions:
        # "Dr. Omar Al-Sayed, director of Khaled Al-Amin Hospital" is not Khaled Al-Amin.
        found += [m for m in mentions.between(lo, hi)
                  if m.head is None and (m.quoted or (child.dep_ == "appos" and m.start <= child.idx < m.end))]
    return found


def _name_it_describes(head: Token, mentions: list[NameMention]) -> list[NameMention]:
    """``Alberto Rocha, a Lyon resident who tweeted about the smoke``: a description in apposition
    to a name is that person, for a source that is the description or its relative pronoun."""
    if head.dep_ != "appos":
        return []
    named = head.head
    first = min([named] + [c for c in named.children if c.dep_ == "compound" and c.i < named.i], key=lambda t: t.i)
    return [m for m in mentions.between(first.idx, named.idx + len(named.text))
            if m.head is None and not m.quoted and m.kind == "person" and m.start <= named.idx < m.end]


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
        if m.head is not None and head.pos_ != "PRON" and m.head != head.lemma_.lower():
            continue  # "the nurse said" may refer to "The nurse asked ...", not to "The doctor asked ..."
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
