"""The facts a page declares about itself: who published it, who reported it, its headline, date, author.

Declared facts come first, in this order: JSON-LD (``publisher``, ``isPartOf``,
``provider``/``sourceOrganization``, ``headline``, ``author``, ``datePublished``),
``og:site_name``, ``application-name``, trafilatura's metadata; then the ``<title>``'s
suffix; then the name the page's text spells from the domain; the domain last. Each
chosen name keeps where it was found ("json-ld publisher", "og:site_name", "title",
"page text", "byline", "domain"), which the record shows.

``site_name`` is where the page was published; ``reporter`` is who did the reporting
when the page says it is someone else: a JSON-LD provider, an organisation in the
byline ("Reuters"), a republication note ("This story originally appeared on ...").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml import etree

from onrecord.ingest import page_names as names
from onrecord.lexicons import entries, words

_BYLINE_BLOCK_CHARS = 160
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NAME = r"[A-Z][\w&'’\-]*(?: (?:of |and |the )?[A-Z][\w&'’\-]*){0,5}"


@dataclass
class Fact:
    """A value and the page fact or text it was read from."""

    value: str
    found_in: str


@dataclass
class PageFacts:
    site_name: Fact | None = None
    reporter: Fact | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass
class _Declared:
    """What the markup says, before choosing."""

    sites: list[Fact] = field(default_factory=list)
    reporters: list[Fact] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


def read_page_facts(tree: etree._Element | None, metadata, url: str | None = None) -> PageFacts:
    """The page facts of a parsed page; ``metadata`` is trafilatura's document (title, sitename, author, date)."""
    declared = _Declared()
    if tree is not None:
        _read_json_ld(tree, declared)
        _read_meta(tree, declared)
    if getattr(metadata, "sitename", None):
        declared.sites.append(Fact(metadata.sitename, "trafilatura"))
    page_text = _page_text(tree) if tree is not None else ""
    host = names.domain_of(url) or names.domain_of(_canonical(tree)) or next(
        (names.domain_of(f.value) for f in declared.sites if names.has_domain(f.value)), None)
    headline_hint = (next(iter(declared.headlines), None) or _meta(tree, "property", "og:title")
                     or _first_heading(tree) or names.title_head(_title_tag(tree)))
    site = _site_name(declared, tree, page_text, host, headline_hint)
    site_names = {f.value for f in declared.sites} | ({site.value} if site else set())
    site_keys = {names.letters(n) for n in site_names} | ({names.domain_label(host)} if host else set())
    title = _title(declared, tree, getattr(metadata, "title", None), site_keys)
    authors, byline_orgs = _authors(declared, tree, getattr(metadata, "author", None), site_names)
    reporter = _reporter(declared, byline_orgs, page_text, site_names)
    published = getattr(metadata, "date", None) or next(
        (d[:10] for d in declared.dates if _ISO_DATE.match(d)), None)
    return PageFacts(site_name=site, reporter=reporter, title=title,
                     author="; ".join(authors) if authors else None, published=published)


def _site_name(declared: _Declared, tree, page_text: str, host: str | None, headline: str | None) -> Fact | None:
    """The publisher's name: a declared name, then the title's suffix, the name the domain spells, the domain."""
    cleaned = [Fact(n, f.found_in) for f in declared.sites if (n := names.publisher_name(f.value))]
    for fact in cleaned:
        if not names.has_domain(fact.value) and names.is_name_shaped(fact.value, headline):
            return _spelled_out(fact, host, page_text)
    suffix = names.title_suffix(_title_tag(tree), headline)
    if suffix is not None and not names.has_domain(suffix):
        return Fact(suffix, "title")
    if host is not None:
        spelled = names.spelled_name(names.domain_label(host), page_text)
        if spelled is not None:
            return Fact(spelled, "page text")
    domains = [f for f in cleaned if names.has_domain(f.value)]
    if domains:
        return domains[0]
    return Fact(host, "domain") if host else None


def _spelled_out(fact: Fact, host: str | None, page_text: str) -> Fact:
    """A one-word name made from the domain ("Harborlight") gives way to the page's own spelling ("Harbor Light")."""
    if host is None or " " in fact.value or names.letters(fact.value) != names.domain_label(host):
        return fact
    spelled = names.spelled_name(names.domain_label(host), page_text)
    return Fact(spelled, "page text") if spelled and " " in spelled else fact


def _title(declared: _Declared, tree, fallback: str | None, site_keys: set[str]) -> str | None:
    """The headline: JSON-LD's, ``og:title``, the first heading, ``<title>``; never a site or CMS name."""
    candidates = list(declared.headlines) + [_meta(tree, "property", "og:title"), _first_heading(tree)]
    candidates += [_title_tag(tree), fallback]
    for candidate in candidates:
        text = names.clean(candidate)
        if text is None:
            continue
        text = names.strip_site_suffix(text, site_keys)
        if names.is_headline_shaped(text, site_keys):
            return text
    return names.clean(fallback)


def _authors(declared: _Declared, tree, fallback: str | None, site_names: set[str]) -> tuple[list[str], list[str]]:
    """The people who wrote it, and any news organisation standing in the author field instead."""
    fields = [fallback, *declared.authors, _meta(tree, "name", "author")]
    for value in fields:
        people = names.person_names(value, site_names)
        if people:
            return people, []
    organisations = [n for v in fields for n in _author_parts(v) if _is_news_organisation(n, site_names)]
    return (_byline(tree, site_names) if tree is not None else []), organisations


def _author_parts(value: str | None) -> list[str]:
    return [p for p in re.split(r"\s*;\s*|\s*,\s*", names.clean(value) or "") if p]


def _is_news_organisation(name: str, site_names: set[str]) -> bool:
    """"Reuters", "Harbor Press" in the author field of a site with another name: a wire or partner's copy."""
    tokens = {t.strip(".,()").casefold() for t in name.split()}
    return bool(tokens & words("news_organisation_words")) and not any(
        names.same_organisation(name, site) for site in site_names)


def _reporter(declared: _Declared, byline_orgs: list[str], page_text: str, site_names: set[str]) -> Fact | None:
    """Who did the reporting when it is not the site: provider, byline organisation, republication note."""
    found = list(declared.reporters) + [Fact(o, "byline") for o in byline_orgs]
    note = _republished_from(page_text)
    if note is not None:
        found.append(Fact(note, "republication note"))
    return next((f for f in found if not any(names.same_organisation(f.value, s) for s in site_names)), None)


def _republished_from(page_text: str) -> str | None:
    """"This story originally appeared on Harbor Light." -> "Harbor Light".

    A phrase written ``^provided by`` counts only as a whole line of the page
    ("Provided by Valley Courier" on an aggregator's copy), not inside a caption.
    """
    for phrase in entries("republication_phrases"):
        whole_line = phrase.startswith("^")
        lead = r"(?m)^[ \t]*" if whole_line else ""
        tail = r"[ \t.]*$" if whole_line else ""
        pattern = lead + "(?i:" + re.escape(phrase.lstrip("^")) + r")\s+(" + _NAME + r")" + tail
        match = re.search(pattern, page_text)
        if match:
            return match.group(1)
    return None


def _byline(tree: etree._Element, site_names: set[str]) -> list[str]:
    """The writers named in a short byline block ("By Ana Ortiz | Staff"), author-marked blocks first."""
    blocks = tree.xpath("//body//*[contains(@class,'author') or contains(@class,'byline') or @rel='author'"
                        " or contains(@itemprop,'author')]") + tree.xpath("//body//p | //body//div | //body//span")
    for block in blocks:
        text = " ".join(t.strip() for t in block.itertext() if t.strip())
        if text and len(text) <= _BYLINE_BLOCK_CHARS:
            people = names.byline_people(text, site_names)
            if people:
                return people
    return []


def _read_meta(tree: etree._Element, declared: _Declared) -> None:
    for attribute, key in (("property", "og:site_name"), ("name", "application-name")):
        value = _meta(tree, attribute, key)
        if value:
            declared.sites.append(Fact(value, key))


def _meta(tree, attribute: str, key: str) -> str | None:
    if tree is None:
        return None
    found = tree.xpath(f"//meta[@{attribute}=$key]/@content", key=key)
    return names.clean(found[0]) if found else None


def _canonical(tree) -> str | None:
    if tree is None:
        return None
    found = tree.xpath("//link[@rel='canonical']/@href") or tree.xpath("//meta[@property='og:url']/@content")
    return found[0] if found else None


def _title_tag(tree) -> str | None:
    return names.clean(tree.findtext(".//title")) if tree is not None else None


def _first_heading(tree) -> str | None:
    if tree is None:
        return None
    return next((t for h in tree.iter("h1") if (t := names.clean(" ".join(h.itertext())))), None)


def _page_text(tree: etree._Element) -> str:
    """The page's visible words and its copyright line, where a publisher's name is spelled out."""
    body = tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
    copyright_meta = tree.xpath("//meta[@name='copyright']/@content")
    return "\n".join([*copyright_meta, *(t.strip() for t in body if t.strip())])


def _read_json_ld(tree: etree._Element, declared: _Declared) -> None:
    """Publisher, site, provider, headline, authors and date from the page's JSON-LD."""
    objects = [o for s in tree.xpath("//script[@type='application/ld+json']/text()") for o in _json_objects(s)]
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and len(o) > 1}

    def resolved(value) -> list[dict]:
        items = value if isinstance(value, list) else [value]
        return [_referenced(i, by_id) if isinstance(i, dict) else {"name": i, "@type": "Thing"} for i in items]

    for obj in objects:
        if not _types(obj) & words("json_ld_article_types"):
            continue
        for key, found_in in (("publisher", "json-ld publisher"), ("isPartOf", "json-ld isPartOf")):
            for part in resolved(obj.get(key, [])):
                _add_site(part, found_in, declared, resolved)
        for key in ("provider", "sourceOrganization"):
            for part in resolved(obj.get(key, [])):
                if isinstance(part.get("name"), str):
                    declared.reporters.append(Fact(part["name"], "json-ld provider"))
        if isinstance(obj.get("headline"), str):
            declared.headlines.append(obj["headline"])
        people = [p["name"] for p in resolved(obj.get("author", []))
                  if isinstance(p.get("name"), str) and not _types(p) & words("json_ld_site_types")]
        if people:
            declared.authors.append("; ".join(people))
        if isinstance(obj.get("datePublished"), str):
            declared.dates.append(obj["datePublished"])


def _referenced(item: dict, by_id: dict[str, dict]) -> dict:
    """The object an ``{"@id": ...}`` reference stands for, or the item itself."""
    ref = item.get("@id")
    return by_id.get(ref, item) if isinstance(ref, str) else item


def _add_site(part: dict, found_in: str, declared: _Declared, resolved) -> None:
    """A publisher or site object's name; a WebPage's own ``isPartOf`` leads to the site."""
    if _types(part) & (words("json_ld_site_types") | {"thing"}) and isinstance(part.get("name"), str):
        declared.sites.append(Fact(part["name"], found_in))
    elif "webpage" in _types(part):
        for site in resolved(part.get("isPartOf", [])):
            if _types(site) & words("json_ld_site_types") and isinstance(site.get("name"), str):
                declared.sites.append(Fact(site["name"], found_in))


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type", [])
    return {k.casefold() for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}


def _json_objects(script: str) -> list[dict]:
    """Every object in one JSON-LD script, ``@graph`` members and lists flattened; none when it is not JSON."""
    try:
        data = json.loads(script)
    except ValueError:
        return []
    found, stack = [], [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            found.append(item)
            stack.extend(v for k, v in item.items() if k == "@graph")
    return found
