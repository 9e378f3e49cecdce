"""HTML pages: the main text and metadata, extracted with trafilatura.

Navigation, share bars, related-article lists, comments and cookie banners are
left out by trafilatura's main-content extraction. Paragraphs are rebuilt from
the extracted tree, one per block, separated by a blank line, because the rest
of onrecord (damage detection, quote continuation) reads blank lines as
paragraph ends. Publication dates come from htmldate (trafilatura calls it,
original date preferred over the last-modified one).
"""

from __future__ import annotations

import re

import trafilatura
from trafilatura.utils import load_html
from lxml import etree

from onrecord.ingest.errors import NoMainText
from onrecord.ingest.lead import Lead, declared_leads, missing_leads
from onrecord.ingest.page_facts import read_page_facts
from onrecord.ingest.text import RawArticle
from onrecord.records import Warning

_BLOCKS = {"p", "head", "quote", "item", "row", "code"}
_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)
_SPACES = re.compile(r"[ \t\r\f\v]+")


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode HTML bytes by the HTTP or ``<meta>`` charset, else UTF-8, never failing."""
    candidates = [declared]
    match = _CHARSET.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for encoding in [c for c in candidates if c] + ["utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, ValueError):  # unknown name, bad bytes, a NUL in the name ("ut\0f-8")
            continue
    return data.decode("utf-8", errors="replace")


def _block_text(element: etree._Element) -> str:
    text = "".join(element.itertext())
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _paragraphs(body: etree._Element) -> list[str]:
    """One string per block element of trafilatura's output tree, in order."""
    paragraphs = []
    for element in body.iter():
        if element.tag not in _BLOCKS:
            continue
        if any(ancestor.tag in _BLOCKS for ancestor in element.iterancestors()):
            continue  # nested block: its text is part of the enclosing one
        text = _block_text(element)
        if text:
            paragraphs.append(text)
    return paragraphs


def extract_html(data: bytes | str, where: str, url: str | None = None, charset: str | None = None) -> RawArticle:
    """The article in one HTML page, or ``NoMainText`` when the page has none.

    ``where`` names the input in errors and becomes the id when no ``url`` is
    given; ``charset`` is the one declared by HTTP, for WARC records. A lead the
    page declares and shows but the text lost is a ``lead-lost`` warning.
    """
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    html = decode_html(raw, charset) if isinstance(data, bytes) else data
    leads = declared_leads(html)
    article = _extract_article(html, raw, where, url, leads)
    lost = missing_leads(article.text, leads)
    if lost:
        article.warnings.append(Warning(
            code="lead-lost",
            message="the page's lead is not in the extracted text: "
            + "; ".join(f"{lead.where} {_shortened(lead.text)!r}" for lead in lost),
        ))
    return article


def _shortened(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


_SOFT_HYPHEN = "\u00ad"


def _extraction(html: str, url: str | None, favor_recall: bool) -> tuple[object, str]:
    """trafilatura's document and its paragraphs joined by blank lines (see docs/html.md for the settings)."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False,
        favor_recall=favor_recall,
    )
    if doc is None or doc.body is None:
        return doc, ""
    # Soft hyphens are hyphenation hints a browser never shows; left in, "al\u00adso" is a word
    # the parser does not know, and a page hyphenated throughout reads as noise to it.
    return doc, "\n\n".join(_paragraphs(doc.body)).replace(_SOFT_HYPHEN, "")


def _extract_article(html: str, raw: bytes, where: str, url: str | None, leads: list[Lead]) -> RawArticle:
    """The article by trafilatura's default settings, or by its recall-oriented ones when only they keep the lead."""
    doc, text = _extraction(html, url, favor_recall=False)
    if leads and missing_leads(text, leads):
        recall_doc, recall_text = _extraction(html, url, favor_recall=True)
        if recall_text.strip() and not missing_leads(recall_text, leads):
            doc, text = recall_doc, recall_text
    if doc is None or doc.body is None or not text.strip():
        raise NoMainText(where, "no article text found in the HTML page")
    lang = _LANG.search(raw[:8192])
    facts = read_page_facts(load_html(html), doc, url)
    return RawArticle(
        id=url or where,
        text=text,
        path=where,
        url=url or doc.url,
        title=facts.title,
        author=facts.author,
        published=facts.published,
        site_name=facts.site_name.value if facts.site_name else None,
        site_name_found_in=facts.site_name.found_in if facts.site_name else None,
        reporter=facts.reporter.value if facts.reporter else None,
        reporter_found_in=facts.reporter.found_in if facts.reporter else None,
        language=lang.group(1).decode("ascii").lower() if lang else None,
        source_format="html",
        metadata={k: v for k, v in {"description": doc.description, "categories": doc.categories,
                                    "tags": doc.tags}.items() if v},
    )
