"""An ``Article`` as the page shows it: the text cut into marked pieces, speakers with colours.

Nothing here builds HTML: it returns plain data that the Jinja templates
render with autoescaping on, so every piece of article text is escaped.

The text is cut at every boundary of a quote's content, cue and source, of a
warning's spans and of a speaker's descriptors; each piece knows which quote
it belongs to (and in which role) and whether it lies in a damaged paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onrecord.records import Article, Quote

PALETTE_SIZE = 24
"""Speakers get colours ``c0`` .. ``c23`` in order (see ``app.css``): twelve hues, plain for the first
twelve speakers and striped for the next twelve, so 24 speakers are told apart; past 24 the colours
repeat, and the speaker's number (shown on the quote and on the side panel's key) still tells them apart."""

UNBALANCED = "unbalanced-quote"

TYPE_LABELS = {"direct": "direct quote", "indirect": "reported speech", "mixed": "mixed: partly quoted"}
"""How the pages name a quote's type; the article view also draws each type differently (see ``app.css``)."""


@dataclass
class Piece:
    text: str
    start: int
    quote: str | None = None
    """Id of the quote whose content this is (the first one when quotes overlap)."""
    colour: str | None = None
    roles: list[str] = field(default_factory=list)
    """``content``, ``cue``, ``source``, ``damaged``, ``unbalanced``."""
    warning: str | None = None
    first: bool = False
    """The first piece of its quote's content: gets the anchor and the keyboard focus."""
    type: str | None = None
    """The owning quote's type (``direct``, ``indirect``, ``mixed``): the page draws each differently."""
    number: int | None = None
    """The owning quote's speaker number on the side panel (1-based), ``None`` when unresolved."""


@dataclass
class SpeakerView:
    id: str | None
    name: str
    colour: str
    kind: str
    identity: str
    aliases: list[str]
    descriptors: list[str]
    anonymity_reason: str | None
    quotes: list[Quote]
    corpus_id: str | None = None
    number: int | None = None
    """The speaker's place on the side panel (1-based), shown in its key and on its quotes."""


@dataclass
class ArticleView:
    article: Article
    paragraphs: list[list[Piece]]
    speakers: list[SpeakerView]
    tips: dict
    """Per quote id, what the hover card shows: speaker, identity, descriptors, caveats, cue, source."""
    damaged: list[dict]
    type_labels: dict = field(default_factory=lambda: dict(TYPE_LABELS))


def _colour(n: int) -> str:
    return f"c{n % PALETTE_SIZE}"


def article_view(article: Article, corpus_speakers: dict[str, str] | None = None) -> ArticleView:
    """What the article page shows: the text cut into coloured pieces, the speakers and the hover cards."""
    colours = {s.id: _colour(n) for n, s in enumerate(article.speakers)}
    numbers = {s.id: n + 1 for n, s in enumerate(article.speakers)}
    speakers = _speaker_views(article, colours, corpus_speakers or {})
    marks, damaged = _marks(article)
    paragraphs = _pieces(article.text, marks, colours, numbers)
    return ArticleView(article, paragraphs, speakers, _tips(article, colours, numbers), damaged)


_Mark = tuple[int, int, str, "Quote | None", "str | None"]  # start, end, role, quote, warning code


def _speaker_views(article: Article, colours: dict[str, str], corpus_speakers: dict[str, str]) -> list[SpeakerView]:
    """One view per speaker, and one for the quotes whose speaker was not resolved (they must show too)."""
    speakers = [
        SpeakerView(
            id=s.id, name=s.name, colour=colours[s.id], kind=s.kind, identity=s.identity,
            aliases=list(s.aliases), descriptors=[d.text for d in s.descriptors],
            anonymity_reason=s.anonymity_reason.text if s.anonymity_reason else None,
            quotes=[q for q in article.quotes if q.speaker_id == s.id],
            corpus_id=corpus_speakers.get(s.id), number=n + 1,
        )
        for n, s in enumerate(article.speakers)
    ]
    unresolved = [q for q in article.quotes if q.speaker_id is None or article.speaker(q.speaker_id) is None]
    if unresolved:
        speakers.append(SpeakerView(None, "Speaker not resolved", "none", "unknown", "unknown", [], [], None,
                                    unresolved))
    return speakers


def _marks(article: Article) -> tuple[list[_Mark], list[dict]]:
    """Every span the page marks (quote parts and warnings), and the damage list shown above the text."""
    marks: list[_Mark] = []
    for quote in article.quotes:
        for role, part in (("content", quote.content), ("cue", quote.cue), ("source", quote.source)):
            for start, end in part.spans if part else []:
                marks.append((start, end, role, quote, None))
    damaged = []
    for warning in article.warnings:
        role = "unbalanced" if warning.code == UNBALANCED else "damaged"
        for start, end in warning.spans:
            marks.append((start, end, role, None, warning.code))
            if role == "damaged":
                damaged.append({"code": warning.code, "message": warning.message, "start": start, "end": end})
    return marks, damaged


def _pieces(text: str, marks: list[_Mark], colours: dict[str, str], numbers: dict[str, int]) -> list[list[Piece]]:
    """The text cut at every mark's boundary, each elementary piece with the roles of the marks over it.

    Pieces, not nested spans, because marks overlap (a cue inside another quote's content) and
    HTML elements cannot.
    """
    bounds = {0, len(text)}
    for start, end, *_ in marks:
        bounds.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    cuts = sorted(bounds)
    seen_first: set[str] = set()
    paragraphs: list[list[Piece]] = [[]]
    for start, end in zip(cuts, cuts[1:]):
        if start == end:
            continue
        covering = [m for m in marks if m[0] <= start and end <= m[1]]
        piece = Piece(text=text[start:end], start=start)
        # A piece inside a quote's content belongs to that quote (the shortest one when quotes nest),
        # even when it is also another quote's cue or source.
        owners = sorted((m for m in covering if m[3] is not None),
                        key=lambda m: (m[2] != "content", _length(m[3].content)))
        if owners:
            owner = owners[0][3]
            piece.quote, piece.type, piece.number = owner.id, owner.type, numbers.get(owner.speaker_id)
            piece.colour = colours.get(owner.speaker_id, "none")
        for m_start, m_end, role, quote, code in covering:
            if role not in piece.roles:
                piece.roles.append(role)
            if code and piece.warning is None:
                piece.warning = code
        if piece.quote and "content" in piece.roles and piece.quote not in seen_first:
            piece.first = True
            seen_first.add(piece.quote)
        _append_split(paragraphs, piece)
    return paragraphs


def _tips(article: Article, colours: dict[str, str], numbers: dict[str, int]) -> dict:
    """Per quote id, what its hover card shows."""
    tips = {}
    for quote in article.quotes:
        speaker = article.speaker(quote.speaker_id)
        tips[quote.id] = {
            "id": quote.id,
            "type": quote.type,
            "type_label": TYPE_LABELS.get(quote.type, quote.type),
            "number": numbers.get(quote.speaker_id),
            "speaker": speaker.name if speaker else "Speaker not resolved",
            "identity": speaker.identity if speaker else "unknown",
            "kind": speaker.kind if speaker else None,
            "descriptors": [d.text for d in speaker.descriptors] if speaker else [],
            "anonymity_reason": speaker.anonymity_reason.text if speaker and speaker.anonymity_reason else None,
            "cue": quote.cue.text if quote.cue else None,
            "source": quote.source.text if quote.source else None,
            "flags": list(quote.flags),
            "caveats": [{"kind": c.kind, "text": c.text} for c in article.caveats if quote.id in c.quote_ids],
            "colour": colours.get(quote.speaker_id, "none"),
        }
    return tips


def _length(part) -> int:
    return sum(e - s for s, e in part.spans)


def _append_split(paragraphs: list[list[Piece]], piece: Piece) -> None:
    """Add ``piece`` to the paragraphs, starting a new paragraph at each blank line it holds."""
    chunks = piece.text.split("\n\n")
    offset = piece.start
    first = piece.first
    for n, chunk in enumerate(chunks):
        if n:
            paragraphs.append([])
            offset += 2
        if chunk:
            part = Piece(chunk, offset, piece.quote, piece.colour, list(piece.roles), piece.warning, first,
                         piece.type, piece.number)
            first = False
            paragraphs[-1].append(part)
        offset += len(chunk)
