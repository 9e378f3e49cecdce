"""Speaker labels: turns of an interview transcript, and a headline's "Name: words".

    "WALLACE: Will Gennifer Flowers be there?
    "PENCE: Gennifer Flowers will not be attending the debate tomorrow night.

News prints broadcast interviews this way. A paragraph that opens with such
a label is one turn: the label is the source, the colon the cue and the rest
of the paragraph the words said. Capitals followed by a colon also open
rubrics ("UPDATE:", "VIDEO:", "BYLINE:"), so a label counts only when its
last word is a name elsewhere in the article ("Mike Pence"), or when it
opens two turns or more of a dialogue in which another label does too.

Headlines attribute the same way: ``Pence: Gennifer Flowers Won't Be at
Debate``. The label counts when it is a noun phrase of names and nouns
(``Clinton camp``, ``Poll``), not a rubric word (``Breaking``, ``Revealed``,
``The Latest``). On PolNeAR train, 73 of the 102 first lines of that shape
are gold attributions, and most of the others are rubrics this test leaves out.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from onrecord.attribution.draft import Draft
from onrecord import lexicons
from onrecord.spans import doc_text, paragraph_spans

_HEADLINE_LABEL = re.compile(r"(?P<label>[A-Z][\w.'’&-]*(?: [\w.'’&-]+){0,3})(?P<colon>:) (?=\S)")
_NAMING = {"PROPN", "NOUN", "PUNCT", "CCONJ", "PART"}  # "Clinton camp", "Netanyahu and Obama", "Trump's"
_LABEL = re.compile(
    r"[\"“‘']?(?P<label>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?P<colon>:)[ \t]+(?=\S)"
)


def transcript_turns(doc: Doc) -> list[Draft]:
    """One direct draft per paragraph that opens with a speaker label naming someone in the article."""
    text = doc_text(doc)
    labelled = []
    for start, end in paragraph_spans(text):
        match = _LABEL.match(text, start)
        if match is not None and match.end() < end:
            labelled.append((match, end))
    if not labelled:
        return []
    label_starts = {match.start("label") for match, _ in labelled}
    names = {
        t.lower_ for t in doc
        if t.idx not in label_starts and t.text[:1].isupper() and not t.text.isupper()
        and (t.ent_type_ == "PERSON" or t.pos_ == "PROPN")
    }
    turns_of = Counter(match.group("label") for match, _ in labelled)
    dialogue = len(turns_of) >= 2 and sum(n >= 2 for n in turns_of.values()) >= 2
    turns = []
    for match, end in labelled:
        last_word = match.group("label").split()[-1].strip(".'’-").lower()
        if last_word not in names and not (dialogue and turns_of[match.group("label")] >= 2):
            continue
        content_end = len(text[:end].rstrip())
        label_start, label_end = match.span("label")
        head = doc.char_span(label_start, label_end, alignment_mode="expand")
        turns.append(Draft(
            "direct", [(match.end(), content_end)], cue=[match.span("colon")], cue_head=None,
            source=[(label_start, label_end)], source_head=head.root.i if head is not None else None,
        ))
    return turns


def headline_attribution(doc: Doc) -> Draft | None:
    """``Pence: Gennifer Flowers Won't Be at Debate``: the first line's label is its source."""
    text = doc_text(doc)
    line_end = text.find("\n") if "\n" in text else len(text)
    match = _HEADLINE_LABEL.match(text)
    if match is None or match.end() >= line_end:
        return None
    label = doc.char_span(*match.span("label"), alignment_mode="expand")
    if label is None or label[0].lower_ in ("the", "a", "an") or match.group("label").isupper():
        return None
    if not all(t.pos_ in _NAMING for t in label) or label[-1].pos_ not in ("PROPN", "NOUN"):
        return None  # "Just Leaked:", "Clinton Wades In:" are headlines of their own
    if label[-1].lower_ in lexicons.words("headline_rubrics"):
        return None  # "Breaking:", "Delegate Update:", "IG report:"
    end = len(text[:line_end].rstrip().rstrip("."))
    if end <= match.end():
        return None
    kind = "direct" if text[match.end()] in "\"“‘'" else "indirect"
    return Draft(kind, [(match.end(), end)], cue=[match.span("colon")], source=[match.span("label")],
                 source_head=label.root.i)
