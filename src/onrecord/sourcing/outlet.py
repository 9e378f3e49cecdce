"""The reporting outlet: from the page's facts, or from the article's own words.

A page may say who reported it when that is not the site that shows it: a JSON-LD
provider, a wire service in the byline, "This story originally appeared on ...";
that reporter is the outlet. Otherwise a republished copy (an aggregator's page of a
CNN report) carries the aggregator's metadata, but the text still says who reported
it: "whose name CNN agreed not to reveal", "CNN has not been able to confirm". The
text wins when it names one news organisation as the reporter at least twice (and
that name is not the site's own desk: "told Harbor Business" on the Harbor Light's
site), or when there is no metadata; otherwise the site name (or an author that is
a news organisation) is the outlet. ``found_in`` says which page fact or text gave it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from onrecord.records import Offsets, Outlet
from onrecord.lexicons import words
from onrecord.sourcing.lexicon import patterns

_TEXT_WINS_AT = 2  # matches of outlet phrases that outweigh the page's metadata
_LEADING = ("the ",)


def find_outlet(
    text: str,
    site_name: str | None = None,
    author: str | None = None,
    *,
    site_found_in: str | None = None,
    reporter: str | None = None,
    reporter_found_in: str | None = None,
) -> Outlet | None:
    """The organisation whose journalists did the reporting, or None when nothing says."""
    found = _named_in_text(text)
    if reporter and reporter.strip():
        spans = sorted(found.get(_key(reporter), []))
        return Outlet(name=reporter.strip(), source="metadata", spans=spans, found_in=reporter_found_in)
    best = max(found.items(), key=lambda kv: (len(kv[1]), -kv[1][0][0]), default=None)
    meta = site_name.strip() if site_name and site_name.strip() else None
    if meta is None and author and _is_news_organisation(author):
        meta, site_found_in = author.strip(), "author"
    if meta is not None:
        same = found.get(_key(meta), [])
        # Against the page's own metadata, only a news organisation named as the
        # reporter wins: "Getty/Instagram" credits or "Ipsos could not" are not outlets.
        if (
            best is not None
            and _key(meta) != best[0]
            and len(best[1]) >= _TEXT_WINS_AT
            and _is_news_organisation(_display(best[1], text))
            and not _is_desk_of(_display(best[1], text), meta)
        ):
            return Outlet(name=_display(best[1], text), source="text", spans=sorted(best[1]), found_in="text")
        return Outlet(name=meta, source="metadata", spans=sorted(same), found_in=site_found_in)
    if best is None or not _is_news_organisation(_display(best[1], text)):
        # "Warren told Stumpf", "told the FBI": the phrases also name people and other bodies;
        # with no metadata to say otherwise, only a news organisation's name is the outlet.
        return None
    return Outlet(name=_display(best[1], text), source="text", spans=sorted(best[1]), found_in="text")


def _is_desk_of(name: str, site_name: str) -> bool:
    """"Harbor Business" on "The Harbor Light"'s page: a name led by a word of the site's is its desk or edition."""
    head = _key(name).split()[:1]
    return bool(head) and head[0] in _key(site_name).split()


def is_outlet_name(name: str, outlet: Outlet | None) -> bool:
    """Whether a speaker's name is the outlet's ("CNN", "The New York Times" / "New York Times")."""
    return outlet is not None and bool(name) and _key(name) == _key(outlet.name)


_POSSESSIVE = re.compile(r"(?:['\u2019]s?)\s+$")


def is_outlets_journalist(text: str, mentions: list[Offsets], outlet: Outlet | None) -> bool:
    """Whether a person is written as the outlet's own ("the Courier's Ana Ruiz reports:" on the
    Courier's page): their report is the outlet's reporting, not a source of it (issue 27, item 4)."""
    if outlet is None:
        return False
    for start, _ in mentions:
        before = text[max(0, start - len(outlet.name) - 8) : start]
        mark = _POSSESSIVE.search(before)
        if mark is not None and _key(before[: mark.start()]).endswith(_key(outlet.name)):
            return True
    return False


def _named_in_text(text: str) -> dict[str, list[Offsets]]:
    found: dict[str, list[Offsets]] = defaultdict(list)
    folded = text.casefold()
    for phrase in patterns("outlet_phrases"):
        if phrase.anchor not in folded:
            continue
        for match in phrase.regex.finditer(text):
            span = match.span("org")
            if match.group("org").endswith(".") and "." not in match.group("org")[:-1]:
                span = (span[0], span[1] - 1)  # "told Reuters." : the full stop ends the sentence
            if span not in found[_key(text[span[0] : span[1]])]:
                found[_key(text[span[0] : span[1]])].append(span)
    return dict(found)


def _display(spans: list[Offsets], text: str) -> str:
    start, end = min(spans)
    name = text[start:end]
    return name[4:] if name.lower().startswith(_LEADING) else name


def _key(name: str) -> str:
    key = " ".join(name.lower().split())
    for leading in _LEADING:
        if key.startswith(leading):
            key = key[len(leading) :]
    return key


def _is_news_organisation(name: str) -> bool:
    """"Reuters", "Fox News", "POLITICO": a name with a word of ``lexicons/news_organisation_words.txt``."""
    tokens = {w.strip(".,").lower() for w in name.split()}
    return bool(tokens & words("news_organisation_words"))
