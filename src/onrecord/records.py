"""The one record model: everything onrecord outputs is one of these classes.

JSON, the checked-in JSON Schema (``schema/article.schema.json``) and the text
listing are all derived from here, so a field is added in exactly one place.

Offsets are Python ``str`` indices into ``Article.text``, end exclusive.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Offsets = tuple[int, int]
"""A ``[start, end)`` pair of character offsets into ``Article.text``."""

QuoteType = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "group", "document", "unknown"]
Resolution = Literal["name", "description", "pronoun", "continuation"]
Gender = Literal["female", "male", "unknown"]
Identity = Literal["named", "partial", "pseudonym", "anonymous", "not-applicable", "unknown"]
CaveatKind = Literal["unverified", "unsupported", "disputed", "hedged"]
NonResponseKind = Literal["declined", "no-response", "unreachable"]
ReasonCategory = Literal["safety", "not-authorized", "sensitive-matter", "privacy", "policy", "unspecified"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextSpans(_Record):
    """A piece of the article, possibly discontinuous.

    A quote interrupted by its attribution (``"X," he said, "Y."``) has one
    content with two spans; ``text`` joins the pieces with a single space.
    """

    text: str
    spans: list[Offsets]

    @classmethod
    def from_spans(cls, article_text: str, spans: list[Offsets]) -> "TextSpans":
        ordered = sorted(spans)
        return cls(text=" ".join(article_text[s:e] for s, e in ordered), spans=ordered)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


class AnonymityReason(TextSpans):
    """Why the article does not name a source, as it says it, and the kind of reason."""

    category: ReasonCategory = Field(
        description="safety: fear for self, family, job, retaliation; not-authorized: not allowed to speak; "
        "sensitive-matter: private deliberations, classified or internal matters, speaking freely; privacy; "
        "policy: rules, protocol, a non-disclosure agreement; unspecified: anonymity with no reason given "
        "('spoke on condition of anonymity'), where the text is the anonymity phrase itself."
    )


class Quote(_Record):
    """One attribution: who (source, speaker) said (cue) what (content)."""

    id: str
    type: QuoteType = Field(
        description="direct: the content is a quotation; indirect: reported speech; "
        "mixed: reported speech containing a quoted fragment"
    )
    content: TextSpans
    cue: TextSpans | None = Field(
        default=None, description="The reporting verb or phrase ('says', 'according to')."
    )
    source: TextSpans | None = Field(
        default=None, description="The mention naming the speaker at this quote ('he', 'Caesar')."
    )
    speaker_id: str | None = Field(default=None, description="Id of the resolved Speaker.")
    flags: list[str] = Field(
        default_factory=list,
        description="Observations about this quote: 'unclosed' (the closing mark is missing), "
        "'opening-lost', 'continued' (the speaker was taken from the quote it continues), "
        "'source-lost' (the sentence lost its subject), 'damaged' (touches a damaged paragraph), "
        "'no-cue' (a quotation nothing in the text introduces), "
        "'unsourced' (a report that names no one: 'questions about what he might be concealing'), "
        "'negated' (reported as not said: 'did not mention Trump by name', 'did not say whether'), "
        "'refused' (a refusal to act or a request turned down, an attribution of intent that reports "
        "nothing said: 'refused to sign the agreement', 'rejected the appeal'; not counted in the "
        "sourcing summary), "
        "'headline' (inside the page's headline or stand-first: kept without a source or speaker; "
        "a title-case first line's own report keeps its source, without a speaker).",
    )


class Speaker(_Record):
    """A distinct speaker in one article with every mention of them."""

    id: str
    name: str = Field(description="The fullest name the article gives.")
    kind: SpeakerKind = Field(
        description="person; organization; group: a collective speaking as one ('Republicans', 'voters'); "
        "document: a report, affidavit, poll, video, records, legislation, letter or statement that says "
        "something in the article; unknown.")
    resolution: Resolution = Field(
        default="name",
        description="How its quotes were tied to it, the surest way among them: name (the source names it), "
        "description (the source is a description: 'a senior official', 'the nurse'), pronoun ('she said', "
        "resolved to an earlier mention), continuation (a quotation following one of its own, with no "
        "source of its own).")
    resolutions: list[Resolution] = Field(
        default_factory=list,
        description="Every way its quotes were tied to it, surest first: a speaker named in one quote and "
        "followed by a continuation lists name and continuation.")
    aliases: list[str] = Field(default_factory=list, description="Other names used: surname, call-sign.")
    mentions: list[Offsets] = Field(default_factory=list)
    identity: Identity = Field(
        default="unknown",
        description="named: a full personal name, or an organisation by its name; partial: a first name or a "
        "surname only, the full name never given ('Olena, a nurse in the city'), or initials; pseudonym: a "
        "call-sign, nickname or a name the article says is not real ('Maria (not her real name)'); anonymous: "
        "identity withheld, a description instead of a name ('a senior official', 'two people familiar with "
        "the talks'); not-applicable: groups and documents, which have no name to withhold; unknown: none "
        "of these can be told.",
    )
    anonymity_reason: AnonymityReason | None = Field(
        default=None,
        description="Where the article says why it does not name the source, the justification alone "
        "('to protect his identity' of 'whose name CNN agreed not to reveal to protect his identity'), or that it "
        "grants anonymity without a reason (category unspecified); None when it says neither.",
    )
    descriptors: list[TextSpans] = Field(
        default_factory=list,
        description="How the article describes the speaker: appositions, roles, affiliations, nationality "
        "('Russian oligarch', 'head of the group').",
    )
    gender: Gender = Field(
        default="unknown",
        description="female or male only where the article's own words show it (an honorific such as "
        "'Ms.', a noun such as 'his wife' or 'spokesman', a pronoun tied to the person) and agree; never "
        "inferred from a first name; unknown otherwise and for every speaker that is not a person.",
    )
    gender_evidence: list[TextSpans] = Field(
        default_factory=list, description="The words that show the gender, one entry each.")


class Caveat(_Record):
    """A statement by which the outlet qualifies what it reports."""

    id: str
    text: str = Field(description="The qualifying words: a sentence, or a hedging verb or adverb.")
    spans: list[Offsets]
    kind: CaveatKind = Field(
        description="unverified: the outlet could not confirm it; unsupported: the outlet notes the absence "
        "of evidence ('without offering proof', 'there is no evidence that'); disputed: a denial or rebuttal; "
        "hedged: a reporting verb or adverb that distances the outlet ('claims', 'reportedly')."
    )
    quote_ids: list[str] = Field(default_factory=list, description="The quotes whose claims it qualifies.")
    claim: TextSpans | None = Field(
        default=None, description="The narrated statement it qualifies when that is not a quote."
    )


class NonResponse(_Record):
    """A source who declined to answer, did not answer, or could not be reached: not a quote.

    "The ministry declined to comment on the letter" says nothing the reader can
    quote; researchers count these refusals and silences per outlet.
    """

    id: str
    kind: NonResponseKind = Field(
        description="declined: 'declined to comment', 'declined to be interviewed', 'would not say'; "
        "no-response: 'did not respond to requests for comment', 'did not return calls'; "
        "unreachable: 'could not be reached for comment'."
    )
    text: TextSpans = Field(description="The phrase: 'declined to comment on the letter'.")
    cue: TextSpans = Field(description="Its verb: 'declined', 'did not respond', 'could not be reached'.")
    source: TextSpans | None = Field(default=None, description="The mention of who did not answer ('The ministry').")
    speaker_id: str | None = Field(default=None, description="Id of the resolved Speaker.")
    about: TextSpans | None = Field(
        default=None, description="What it was about, when the sentence says ('the letter'); None otherwise."
    )


class Outlet(_Record):
    """The organisation whose journalists did the reporting."""

    name: str
    source: Literal["metadata", "text"] = Field(
        description="metadata: the page's site name or author; text: the article's own words "
        "('CNN agreed not to reveal'), e.g. for a republished copy."
    )
    spans: list[Offsets] = Field(default_factory=list, description="Where the text shows the outlet reporting.")
    found_in: str | None = Field(
        default=None,
        description="The page fact or text that named it: 'json-ld publisher', 'json-ld isPartOf', 'og:site_name', "
        "'application-name', 'trafilatura', 'title' (the <title>'s suffix), 'page text' (the name the domain "
        "spells), 'domain', 'json-ld provider', 'byline' (a news organisation as author), 'republication note' "
        "('originally appeared on'), 'author', 'text' (the article's own words).",
    )


class IdentityCounts(_Record):
    """Quotes by their speaker's identity (``not_applicable``: ``not-applicable``); quotes flagged
    ``headline`` (no speaker by design) or ``refused`` (nothing said) are not counted."""

    named: int = 0
    partial: int = 0
    pseudonym: int = 0
    anonymous: int = 0
    not_applicable: int = 0
    unknown: int = 0
    unresolved: int = Field(default=0, description="Quotes with no resolved speaker.")


class CaveatCounts(_Record):
    unverified: int = 0
    unsupported: int = 0
    disputed: int = 0
    hedged: int = 0


class SourcingSummary(_Record):
    """Article-level counts of who is quoted and what the outlet qualifies."""

    quotes_by_identity: IdentityCounts = Field(default_factory=IdentityCounts)
    unnamed_share: float = Field(
        default=0.0,
        description="Share of all quote text (characters of content) from unnamed persons: speakers of "
        "kind person whose identity is anonymous or pseudonym (groups, documents and organisations never "
        "count), 0 to 1.",
    )
    caveats_by_kind: CaveatCounts = Field(default_factory=CaveatCounts)


class Warning(_Record):  # noqa: A001 - the record is a warning about the input, by name
    """Something about the input a reader should know: damage, unbalanced marks.

    Codes include ``site-furniture`` (a furniture phrase from the lexicon), ``furniture``
    (a page line found by its shape; the message names the rule: promotion, related-article
    link, date line, byline, contact, copyright footer, bare link), ``starts-mid-sentence``,
    ``cut-off``, ``unbalanced-quote`` and ``lead-lost`` (the page's declared lead is not in
    the extracted text).
    """

    code: str = Field(description="What kind of finding: site-furniture, furniture, starts-mid-sentence, "
                      "cut-off, lead-lost, ...")
    message: str
    spans: list[Offsets] = Field(default_factory=list)


class Article(_Record):
    """Everything onrecord says about one input article."""

    id: str
    path: str | None = None
    url: str | None = Field(default=None, description="Canonical URL, WARC-Target-URI or JSONL url.")
    title: str | None = None
    author: str | None = None
    published: str | None = Field(default=None, description="Publication date, ISO 8601, as the source gives it.")
    site_name: str | None = Field(
        default=None,
        description="Where the article was published: the HTML page's publisher or JSONL 'outlet'; the reporting "
        "organisation, when another (an aggregator's copy, a wire story), is in 'outlet'.",
    )
    site_name_found_in: str | None = Field(
        default=None, description="The page fact that gave site_name, named as in Outlet.found_in."
    )
    language: str | None = Field(default=None, description="ISO 639-1 code detected from the text; None when unsure.")
    source_format: Literal["txt", "html", "warc", "jsonl"] = "txt"
    duplicate_of: str | None = Field(
        default=None, description="Id of an earlier article in the same run with the same URL or text."
    )
    text: str = Field(description="The analyzed text; for .txt input exactly the file's content.")
    quotes: list[Quote] = Field(default_factory=list)
    speakers: list[Speaker] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)
    non_responses: list[NonResponse] = Field(
        default_factory=list, description="Refusals and silences: sources who did not answer. Never quotes."
    )
    outlet: Outlet | None = Field(default=None, description="The reporting organisation, when it can be told.")
    summary: SourcingSummary = Field(default_factory=SourcingSummary)
    warnings: list[Warning] = Field(default_factory=list)

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)


def article_json_schema() -> dict:
    """The JSON Schema of one Article record, as checked in under ``schema/``."""
    return Article.model_json_schema()
