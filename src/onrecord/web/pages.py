"""The HTML pages: Analyze, Article, Speaker, Corpus.

Each page is one template fed plain data; autoescaping is on for all of them.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from onrecord.records import Article
from onrecord.web import analysis, charts, data
from onrecord.web.errors import WebError, shown, size_text
from onrecord.web.render import TYPE_LABELS, article_view

router = APIRouter(include_in_schema=False)

FILTER_MAX = 200
"""The longest outlet or search text, as the API's ``max_length``."""


def _page(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    app = request.app
    html = app.state.templates.get_template(template).render(
        request=request, static=app.state.static_url, settings=app.state.settings, **context
    )
    return HTMLResponse(html, status_code=status_code)


def _article_page(request: Request, article: Article, **context) -> HTMLResponse:
    return _page(request, "analyzed.html", page="analyze", view=article_view(article), **context)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    limit = request.app.state.settings.upload_limit
    return _page(request, "analyze.html", page="analyze", limit=limit, limit_text=size_text(limit))


@router.post("/analyze", response_class=HTMLResponse)
def analyze(request: Request, text: Annotated[str, Form()] = "",
            file: Annotated[UploadFile | None, File()] = None) -> HTMLResponse:
    if file is not None and file.filename:
        article = analysis.analyze_upload(file.filename, file.file.read())
        origin = f"uploaded file {article.path}"
    else:
        # Browsers send a textarea's line breaks as CRLF (HTML spec); the pasted text had LF.
        article = analysis.analyze_text(text.replace("\r\n", "\n"))
        origin = "pasted text"
    return _article_page(request, article, origin=origin)


@router.get("/analyze/sample", response_class=HTMLResponse)
def sample(request: Request) -> HTMLResponse:
    return _article_page(request, analysis.sample_article(), origin="the founding sample, "
                         "examples/russians-fighting-for-ukraine.txt")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> HTMLResponse:
    with request.app.state.settings.corpus() as store:
        found = data.load_article(store, article_id)
    if found is None:
        raise WebError(404, f"No article {shown(article_id)} in the corpus.")
    record, extras = found
    return _page(request, "article.html", page="corpus", view=article_view(record, extras["corpus_speakers"]),
                 extras=extras)


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker(request: Request, speaker_id: str) -> HTMLResponse:
    with request.app.state.settings.corpus() as store:
        profile = data.speaker_profile(store, speaker_id)
    if profile is None:
        raise WebError(404, f"No speaker {shown(speaker_id)} in the corpus.")
    return _page(request, "speaker.html", page="corpus", speaker=profile, type_labels=TYPE_LABELS)


def view_state(filters: data.Filters) -> dict:
    """What the corpus page says it shows, in words, and the URL that reproduces exactly this view.

    The URL holds only the filters that are set, in a fixed order, so two people
    looking at the same view share the same address.
    """
    given = [("outlet", filters.outlet), ("since", filters.since), ("until", filters.until), ("q", filters.search)]
    url = "/corpus" + ("?" + urlencode([(k, v) for k, v in given if v]) if any(v for _, v in given) else "")
    if filters.since and filters.until:
        dates = f"from {filters.since} to {filters.until}"
    elif filters.since or filters.until:
        dates = f"from {filters.since}" if filters.since else f"up to {filters.until}"
    else:
        dates = "any date"
    parts = [f"outlet {filters.outlet}" if filters.outlet else "all outlets", dates,
             f"quotes containing “{filters.search}”" if filters.search else "no text search"]
    return {"parts": parts, "url": url, "filtered": any(v for _, v in given)}


@router.get("/corpus", response_class=HTMLResponse)
def corpus(request: Request, outlet: str = "", since: str = "", until: str = "", q: str = "") -> HTMLResponse:
    bad = [name for name, value in (("since", since), ("until", until)) if value and not data.is_iso_date(value)]
    if bad:
        raise WebError(422, f"Dates are ISO 8601 (2023, 2023-05 or 2023-05-17): check {', '.join(bad)}.",
                       details=[{"field": f"query.{name}", "message": "not an ISO date"} for name in bad])
    long = [name for name, value in (("outlet", outlet), ("q", q)) if len(value) > FILTER_MAX]
    if long:
        raise WebError(422, f"Keep the outlet and the search under {FILTER_MAX} characters: check {', '.join(long)}.",
                       details=[{"field": f"query.{name}", "message": f"over {FILTER_MAX} characters"}
                                for name in long])
    filters = data.Filters(outlet or None, since or None, until or None, q.strip() or None)
    with request.app.state.settings.corpus() as store:
        stats = data.corpus_stats(store, filters)
        outlets = data.outlets(store)
        articles = data.articles(store, filters, limit=50)
        found = data.search_quotes(store, filters, limit=100) if filters.search else None
    return _page(
        request, "corpus.html", page="corpus", filters=filters, stats=stats, outlets=outlets, articles=articles,
        found=found, state=view_state(filters), identities=charts.IDENTITY_ORDER, identity_labels=charts.IDENTITY_LABELS,
        charts={
            "outlets": charts.outlet_shares(stats["outlet_shares"]),
            "anonymous": charts.anonymous_over_time(stats["time"]),
            "speakers": charts.top_speakers(stats["top_speakers"], lambda i: f"/speakers/{quote(i, safe='')}"),
        },
    )
