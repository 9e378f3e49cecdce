"""The JSON API under ``/api``: the same data as the pages.

Errors: see ``onrecord.web.errors`` (one shape for all). The schema is at
``/api/openapi.json``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from onrecord.records import Article
from onrecord.store import queries
from onrecord.web import analysis, data
from onrecord.web.errors import WebError, shown


def known_query_only(request: Request) -> None:
    """Refuse a query parameter the route's OpenAPI entry does not list: a misspelt filter
    (``?limt=5``) would otherwise be ignored and the answer look like the one asked for."""
    route = request.scope.get("route")
    if route is None or not request.query_params:
        return
    operation = request.app.openapi()["paths"].get(route.path_format, {}).get(request.method.lower(), {})
    known = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise WebError(422, f"Unknown query parameter {', '.join(shown(n, 40) for n in unknown)}; "
                       f"{route.path_format} takes: {takes}.",
                       details=[{"field": f"query.{n[:40]}", "message": "unknown parameter"} for n in unknown])


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(known_query_only)])

DATE = data.ISO_DATE
"""Filters take ISO dates, whole or cut: 2023, 2023-05, 2023-05-17."""


def _digits(value: Any) -> Any:
    """A count in the query string is ASCII digits: not ``+5``, `` 5``, ``5.0``, ``1_0`` (pydantic's lax
    parsing would take them), so that a malformed address is refused rather than guessed at."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{1,9}", value):
        raise ValueError("a whole number, in digits 0-9")
    return value


def _real_date(value: str | None) -> str | None:
    if value is not None and not data.is_iso_date(value):
        raise ValueError("not a date: month 01-12, day within the month, year 0001-9999")
    return value


class ErrorDetail(BaseModel):
    status: int
    code: str = Field(description="not-found, invalid, too-large, unavailable, internal, ... or a library code (E402)")
    message: str
    details: list[Any] = Field(default_factory=list)


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS = {status: {"model": ErrorBody} for status in (400, 404, 413, 414, 415, 422, 500, 503)}


class TextIn(BaseModel):
    text: str = Field(min_length=1, description="The article's text.")


class Status(BaseModel):
    database: str
    available: bool
    articles: int | None = None
    error: ErrorDetail | None = None
    upload_limit_bytes: int


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    input_id: str | None
    published: str | None
    outlet: str
    quotes: int


class StoredArticle(BaseModel):
    article: Article
    input_id: str | None = Field(description="The id the input gave (file stem, URL, JSONL id); "
                                             "article.id is the corpus key.")
    corpus_speakers: dict[str, str] = Field(description="Article speaker id -> corpus speaker id.")


class QuoteRow(BaseModel):
    article_id: str
    quote_id: str
    speaker: str | None
    identity: str | None
    outlet: str | None
    published: str | None
    type: str
    cue: str | None
    content: str


class SpeakerRow(BaseModel):
    speaker: str | None
    kind: str | None
    identity: str | None
    quotes: int
    articles: int
    outlets: int
    corpus_speaker_id: str


class SpeakerQuote(BaseModel):
    id: str
    type: str
    content_text: str
    cue_text: str | None
    source_text: str | None
    flags: list[str]


class SpeakerInArticle(BaseModel):
    article_id: str
    title: str | None
    input_id: str | None
    published: str | None
    outlet: str
    speaker_id: str
    name: str
    aliases: list[str]
    identity: str | None = None
    descriptors: list[str] = Field(default_factory=list)
    anonymity_reason_text: str | None = None
    quotes: list[SpeakerQuote]


class SpeakerProfile(BaseModel):
    id: str
    name: str | None
    kind: str | None
    identity: str | None
    outlet: str | None
    names: list[str]
    n_speakers: int | None
    quotes: int = Field(description="Quotes in all articles, not only those shown.")
    articles_total: int = Field(description="Articles quoting this speaker; ``articles`` holds the most recent of them.")
    articles: list[SpeakerInArticle]


class OutletCounts(BaseModel):
    """Quotes by their speaker's identity (``not_applicable``: groups and documents)."""

    outlet: str
    quotes: int
    named: int
    partial: int
    pseudonym: int
    anonymous: int
    not_applicable: int
    unknown: int


class MonthShare(BaseModel):
    month: str
    quotes: int
    anonymous: int
    pseudonym: int
    unnamed: int = Field(description="quotes of unnamed persons: kind person, anonymous or pseudonym")
    anonymous_share: float
    unnamed_share: float = Field(description="unnamed persons' quotes, as a share of the month's quotes")


class TopSpeaker(BaseModel):
    id: str
    name: str | None
    identity: str | None
    quotes: int
    articles: int


class Totals(BaseModel):
    articles: int
    quotes: int


class OutletSourcing(BaseModel):
    """Per outlet: unnamed sources whose anonymity the articles explain, and non-responses."""

    anonymity_reasons: int | None = None
    anonymity_reasons_by_category: str | None = Field(None, description="e.g. 'safety 3, unspecified 2'")
    non_responses: int | None = None
    non_responses_by_kind: str | None = Field(None, description="e.g. 'declined 3, no-response 2'")


class CorpusStats(BaseModel):
    totals: Totals
    quotes_by_outlet: list[OutletCounts]
    anonymous_by_month: list[MonthShare]
    undated_quotes: int
    top_speakers: list[TopSpeaker]
    sourcing: dict[str, OutletSourcing] = Field(
        default_factory=dict, description="by outlet, then '(all outlets)'")


def _settings(request: Request):
    return request.app.state.settings


Outlet = Annotated[str | None, Query(max_length=200, description="Exact outlet name, case-insensitive.")]
Limit = Annotated[int, Query(ge=1, le=1000), BeforeValidator(_digits)]
Since = Annotated[str | None, Query(pattern=DATE, description="Published on or after (ISO date)."),
                  AfterValidator(_real_date)]
Until = Annotated[str | None, Query(pattern=DATE, description="Published on or before (ISO date, inclusive)."),
                  AfterValidator(_real_date)]


@router.get("/status", response_model=Status)
def status(request: Request) -> Status:
    """Whether the corpus database can be read, and how many articles it holds."""
    from onrecord.errors import OnrecordError
    from onrecord.web.errors import from_library

    settings = _settings(request)
    try:
        with settings.corpus() as store:
            n = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        return Status(database=settings.db_path, available=True, articles=n, upload_limit_bytes=settings.upload_limit)
    except OnrecordError as exc:
        error = from_library(exc)
        return Status(database=settings.db_path, available=False, upload_limit_bytes=settings.upload_limit,
                      error=ErrorDetail(status=error.status, code=error.code, message=error.message))


@router.post("/analyze", response_model=Article, responses=ERRORS)
def analyze_text(body: TextIn) -> Article:
    """Analyze pasted text: the article record, as ``onrecord analyze --format json`` gives it."""
    return analysis.analyze_text(body.text)


@router.post("/analyze/file", response_model=Article, responses=ERRORS)
def analyze_file(file: Annotated[UploadFile, File(description="A .txt (UTF-8) or .html file.")]) -> Article:
    """Analyze an uploaded .txt or .html file (the request is capped; see /api/status)."""
    return analysis.analyze_upload(file.filename, file.file.read())


@router.get("/sample", response_model=Article, responses=ERRORS)
def sample() -> Article:
    """The founding sample (examples/russians-fighting-for-ukraine.txt), analyzed."""
    return analysis.sample_article()


@router.get("/outlets", response_model=list[str], responses=ERRORS)
def outlets(request: Request) -> list[str]:
    with _settings(request).corpus() as store:
        return data.outlets(store)


@router.get("/articles", response_model=list[ArticleSummary], responses=ERRORS)
def articles(request: Request, outlet: Outlet = None, since: Since = None, until: Until = None,
             limit: Limit = 100) -> list[dict]:
    """Stored articles, newest first."""
    with _settings(request).corpus() as store:
        return data.articles(store, data.Filters(outlet, since, until), limit)


@router.get("/articles/{article_id}", response_model=StoredArticle, responses=ERRORS)
def article(request: Request, article_id: str) -> StoredArticle:
    """One stored article's whole record, by corpus key."""
    with _settings(request).corpus() as store:
        found = data.load_article(store, article_id)
    if found is None:
        raise WebError(404, f"No article {shown(article_id)} in the corpus.")
    record, extras = found
    return StoredArticle(article=record, input_id=extras["input_id"], corpus_speakers=extras["corpus_speakers"])


@router.get("/quotes", response_model=list[QuoteRow], responses=ERRORS)
def quotes(request: Request, search: Annotated[str | None, Query(max_length=200)] = None, outlet: Outlet = None,
           since: Since = None, until: Until = None, speaker: Annotated[str | None, Query(max_length=200)] = None,
           identity: Annotated[str | None, Query(pattern="^(named|partial|pseudonym|anonymous|not-applicable|unknown)$")] = None,
           limit: Limit = 100) -> list[dict]:
    """Quotes, filtered; ``search`` is a case-insensitive substring of the quoted text."""
    with _settings(request).corpus() as store:
        return queries.quotes(store, speaker=speaker, outlet=outlet, since=since, until=until, identity=identity,
                              search=search, limit=limit).dicts()


@router.get("/speakers", response_model=list[SpeakerRow], responses=ERRORS)
def speakers(request: Request, top: Limit = 20) -> list[dict]:
    """Corpus speakers by number of quotes."""
    with _settings(request).corpus() as store:
        return queries.speakers(store, top).dicts()


@router.get("/speakers/{speaker_id}", response_model=SpeakerProfile, responses=ERRORS)
def speaker(request: Request, speaker_id: str, articles: Limit = data.SPEAKER_ARTICLES) -> dict:
    """What one corpus speaker said in its ``articles`` most recent articles, in date order, with its totals."""
    with _settings(request).corpus() as store:
        profile = data.speaker_profile(store, speaker_id, articles)
    if profile is None:
        raise WebError(404, f"No speaker {shown(speaker_id)} in the corpus.")
    return profile


@router.get("/corpus/stats", response_model=CorpusStats, responses=ERRORS)
def corpus_stats(request: Request, outlet: Outlet = None, since: Since = None, until: Until = None,
                 top: Annotated[int, Query(ge=1, le=100), BeforeValidator(_digits)] = 10) -> dict:
    """The corpus page's chart figures."""
    with _settings(request).corpus() as store:
        return data.corpus_stats(store, data.Filters(outlet, since, until), top)
