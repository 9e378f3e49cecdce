"""How the article describes a speaker: titles, appositions, roles, what they are.

For every mention of a speaker:
- words before a name in its noun phrase: "Russian oligarch Yevgeny Prigozhin";
- an apposition either side: "the head of the group, Russian oligarch
  Yevgeny Prigozhin", "John Smith, a spokesman for the ministry,";
- a copula: "Caesar is a self-confessed opponent of ...";
- the subject of a naming verb: "The soldier ... goes by the call-sign “Caesar”";
- a source that is a description: "a senior official", "the soldier says";
- the noun a withholding clause describes ("another Russian soldier whose
  full name CNN is not disclosing").
Clauses inside a description are left out; determiners are dropped.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from onrecord import lexicons
from onrecord.attribution.draft import Draft
from onrecord.spans import DisjointSpans, doc_text
from onrecord.records import Offsets
from onrecord.sourcing.common import phrase_without_clauses, tokens_at
from onrecord.sourcing.lexicon import NAMING_LEXICONS, names_in_place, pattern
from onrecord.speakers.resolve import Cluster

_PRE_NAME = ("compound", "amod", "nmod", "npadvmod")
_PRONOUNS = lexicons.words("pronouns")


def describe(doc: Doc, cluster: Cluster, drafts: list[Draft], extra: list[Token], quoted: DisjointSpans) -> list[Offsets]:
    """Spans describing one speaker, in text order, one per distinct wording."""
    text = doc_text(doc)
    found: list[Offsets] = []
    for start, end in sorted(set(cluster.mentions)):
        if quoted.covers(start, end):
            continue
        span = tokens_at(doc, start, end)
        if span is None or not len(span) or span.root.lower_ in _PRONOUNS:
            continue
        root = span.root
        if root.pos_ == "PROPN" or root.text[:1].isupper():
            found += _around_name(doc, span, root)
    for draft in drafts:
        if draft.speaker_key == cluster.key and draft.source_head is not None:
            head = doc[draft.source_head]
            if head.pos_ == "NOUN" and head.lower_ not in _PRONOUNS:
                found += _phrase(head)
    for noun in extra:
        found += _phrase(noun)
    return _distinct(text, found)


def _around_name(doc: Doc, span, root: Token) -> list[Offsets]:
    found: list[Offsets] = []
    # Words before the name in its own phrase: "Russian oligarch Yevgeny Prigozhin".
    chain = {t.i for t in span} | {root.i}
    i, left = span.start - 1, []
    while i >= root.sent.start and doc[i].dep_ in _PRE_NAME and (doc[i].head.i in chain or doc[i].head.i in {t.i for t in left}):
        left.insert(0, doc[i])
        chain.add(doc[i].i)
        i -= 1
    if left and _describes(left):
        found.append((left[0].idx, left[-1].idx + len(left[-1].text)))
    # Apposition: "John Smith, a spokesman for the ministry," / "the head of the group, ... Prigozhin".
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            found += _phrase(child)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        found += _phrase(root.head)
    else:
        found += _apposed_before(doc, left[0] if left else span[0], span[-1])
    # Copula: "Caesar is a self-confessed opponent of ...".
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        for attr in root.head.children:
            if attr.dep_ == "attr" and attr.pos_ == "NOUN":
                found += _phrase(attr)
    # Naming verb: "The soldier ... goes by the call-sign “Caesar.”"
    sentence = doc_text(doc)[root.sent.start_char : root.sent.end_char]
    if names_in_place(sentence):
        verb = next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), None)
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
        if subject is not None and subject.pos_ == "NOUN":
            found += _phrase(subject)
    return found


def _describes(left: list[Token]) -> bool:
    """A title or role before a name, not a naming cue ("the call-sign") or a lone adjective."""
    if names_in_place(" ".join(t.text for t in left).replace(" - ", "-")):
        return False
    return any(t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.ent_type_ != "PERSON") for t in left)


def _apposed_before(doc: Doc, first: Token, last: Token) -> list[Offsets]:
    """``the head of the group, Russian oligarch Yevgeny Prigozhin.``: a noun phrase, a comma, the name.

    Only where the name then closes the apposition (a comma, a dash or the
    sentence end), so that ``After the meeting, Prigozhin said`` is not one.
    """
    before = first.i - 1
    while before >= first.sent.start and doc[before].is_space:
        before -= 1
    after = last.i + 1
    closes = after >= last.sent.end or doc[after].text in (",", ".", "–", "—", ";", ")")
    if before <= first.sent.start or doc[before].text != "," or not closes:
        return []
    end = doc[before - 1]
    head = climb = end
    while climb.head != climb and climb.head.pos_ in ("NOUN", "ADP") and max(t.i for t in climb.head.subtree) == end.i:
        climb = climb.head
        head = climb if climb.pos_ == "NOUN" else head
    if head.pos_ != "NOUN" or end.pos_ not in ("NOUN", "PROPN"):
        return []
    return _phrase(head)


def _phrase(head: Token) -> list[Offsets]:
    span = phrase_without_clauses(head)
    return [span] if span is not None else []


def _distinct(text: str, spans: list[Offsets]) -> list[Offsets]:
    seen: set[str] = set()
    out: list[Offsets] = []
    for start, end in sorted(spans):
        words = " ".join(text[start:end].split()).lower()
        if not words or words in seen or not any(c.islower() for c in text[start:end]):
            continue
        if any(pattern(n).fullmatch(words) for n in NAMING_LEXICONS):  # "the call-sign “Caesar”": how it is named
            continue
        seen.add(words)
        out.append((start, end))
    return out
