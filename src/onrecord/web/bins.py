"""Time bins for the corpus page's time chart, chosen from the span of the corpus's dates.

A corpus of three months is read by week, one of a few years by month, one of a
decade by year: a fixed monthly axis would show a decade as 120 bars of about one
article each. Every bin between the first and the last date is kept, empty ones
too, so the axis is a real time axis (gaps are gaps). A bin with fewer than
``FEW_ARTICLES`` articles is marked ``few``: its share rests on too little to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from onrecord.store.intervals import wilson

WEEK_SPAN_DAYS = 120
"""Up to about four months of dates: weekly bins (at most ~18)."""
MONTH_SPAN_DAYS = 4 * 366
"""Up to about four years: monthly bins (at most ~49); longer spans get yearly bins."""
FEW_ARTICLES = 3
"""A bin with fewer articles than this is marked as too thin to read a share from."""

_PRECISION = {"week": 10, "month": 7, "year": 4}
"""How many characters of an ISO date a unit needs: a week needs the day, a year only the year."""


@dataclass
class DatedArticle:
    """One article's date (ISO, whole or cut) and its quote counts; or ``articles`` articles of that date, summed."""

    published: str
    quotes: int
    anonymous: int
    unnamed: int
    """Quotes of unnamed persons: speakers of kind person, anonymous or pseudonymous."""
    articles: int = 1
    """How many articles the counts are of (a day's counts read from ``onrecord.web.counted``)."""


def choose_unit(first: date, last: date) -> str:
    """``week``, ``month`` or ``year``: the finest unit that keeps the bins few enough to read."""
    span = (last - first).days
    if span <= WEEK_SPAN_DAYS:
        return "week"
    if span <= MONTH_SPAN_DAYS:
        return "month"
    return "year"


def bin_start(day: date, unit: str) -> date:
    """The first day of the bin holding ``day``: the Monday of its ISO week, the 1st of its month or year."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_start(start: date, unit: str) -> date:
    """The first day of the bin after the one starting on ``start``."""
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def label(start: date, unit: str) -> str:
    """How the axis names a bin: ``2023``, ``2023-05``, or the Monday of the week ``2023-05-15``."""
    if unit == "year":
        return f"{start.year}"
    if unit == "month":
        return f"{start.year}-{start.month:02d}"
    return start.isoformat()


def _parse(published: str) -> date:
    parts = [int(p) for p in published[:10].split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def time_bins(articles: list[DatedArticle]) -> dict:
    """The time chart's bins, each with its articles, quotes, shares and the anonymous share's 95% interval.

    Returns ``{"unit", "bins", "unplaced_articles", "unplaced_quotes"}``; an article whose date is
    coarser than the unit (``2023`` on a monthly axis) cannot be placed and is counted as unplaced.
    """
    dated = [a for a in articles if len(a.published) >= 4]
    if not dated:
        return {"unit": None, "bins": [], "unplaced_articles": 0, "unplaced_quotes": 0}
    days = [_parse(a.published) for a in dated]
    unit = choose_unit(min(days), max(days))
    placed = [(bin_start(d, unit), a) for d, a in zip(days, dated) if len(a.published) >= _PRECISION[unit]]
    unplaced = [a for a in dated if len(a.published) < _PRECISION[unit]]
    bins: list[dict] = []
    if placed:
        members: dict[date, list[DatedArticle]] = {}
        for start, article in placed:  # one pass: a bin per start day, not a scan of all articles per bin
            members.setdefault(start, []).append(article)
        start, last = min(members), max(members)
        while start <= last:
            bins.append(_bin(start, unit, members.get(start, [])))
            start = next_start(start, unit)
    return {"unit": unit, "bins": bins, "unplaced_articles": sum(a.articles for a in unplaced),
            "unplaced_quotes": sum(a.quotes for a in unplaced)}


def _bin(start: date, unit: str, members: list[DatedArticle]) -> dict:
    quotes = sum(a.quotes for a in members)
    anonymous = sum(a.anonymous for a in members)
    unnamed = sum(a.unnamed for a in members)
    low, high = wilson(anonymous, quotes)
    return {
        "start": start.isoformat(), "end": next_start(start, unit).isoformat(), "label": label(start, unit),
        "articles": sum(a.articles for a in members), "quotes": quotes, "anonymous": anonymous, "unnamed": unnamed,
        "anonymous_share": anonymous / quotes if quotes else None,
        "unnamed_share": unnamed / quotes if quotes else None,
        "anonymous_low": low, "anonymous_high": high,
        "few": sum(a.articles for a in members) < FEW_ARTICLES,
    }
