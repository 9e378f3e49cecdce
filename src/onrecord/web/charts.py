"""Server-side SVG charts for the corpus page: no script, no library, readable without JavaScript.

Shares, not raw counts: each share carries its n and its 95% Wilson interval, so that an
outlet with two articles does not read like a finding.

Each function takes the figures of ``data.corpus_stats`` and returns
``Markup``; every name from the corpus goes through ``Markup.format``, which
escapes it.
"""

from __future__ import annotations

from datetime import date
from typing import get_args

from markupsafe import Markup

from onrecord.records import Identity
from onrecord.web.bins import FEW_ARTICLES

IDENTITY_ORDER: tuple[str, ...] = get_args(Identity)  # the record model's one list, in its order
IDENTITY_LABELS = {"named": "named", "partial": "partial name", "pseudonym": "pseudonym",
                   "anonymous": "anonymous", "not-applicable": "group / document",
                   "unknown": "unknown / unresolved"}

_WIDTH = 720


def _legend(y: int) -> Markup:
    parts = []
    x = 0
    for kind in IDENTITY_ORDER:
        parts.append(Markup('<rect x="{}" y="{}" width="12" height="12" class="id-{}"/>'
                            '<text x="{}" y="{}" class="legend">{}</text>').format(
            x, y, kind, x + 16, y + 10, IDENTITY_LABELS[kind]))
        x += 16 + 9 * len(IDENTITY_LABELS[kind]) + 18
    return Markup("").join(parts)


FEW_OUTLET_ARTICLES = 5
"""An outlet with fewer articles is drawn faded and says so (``onrecord report`` hides it by default)."""


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def _interval(low: float | None, high: float | None) -> str:
    return "" if low is None else f"{low * 100:.0f}–{high * 100:.0f}%"


def outlet_shares(rows: list[dict]) -> Markup:
    """Per outlet a 100% bar of the quotes' shares by identity, the anonymous share's 95% interval under it,
    and its n (quotes and articles) beside it; outlets with few articles are faded and say so."""
    if not rows:
        return _empty("No articles match these filters.")
    label_w, scale_w, bar_h, row_h, top = 170, 330, 18, 46, 60
    height = top + len(rows) * row_h
    parts = [_legend(0), _interval_key(22), _share_axis(label_w, scale_w, top - 6)]
    for n, row in enumerate(rows):
        y = top + n * row_h
        few = row["articles"] < FEW_OUTLET_ARTICLES
        parts.append(Markup('<g class="outlet{}">').format(" few" if few else ""))
        parts.append(Markup('<text x="{}" y="{}" class="label" text-anchor="end">{}</text>').format(
            label_w - 8, y + bar_h * 0.75, _short(row["outlet"], 22)))
        parts.append(_share_bar(row, label_w, y, scale_w, bar_h))
        anonymous = row["anonymous"]
        parts.append(Markup('<text x="{}" y="{}" class="value">anonymous {} <tspan class="ci">[{}]</tspan></text>'
                            '<text x="{}" y="{}" class="n">n = {} quote{}, {} article{}{}</text></g>').format(
            label_w + scale_w + 10, y + 12, _pct(anonymous["share"]), _interval(anonymous["low"], anonymous["high"]),
            label_w + scale_w + 10, y + 28, row["quotes"], "" if row["quotes"] == 1 else "s", row["articles"],
            "" if row["articles"] == 1 else "s", " (too few)" if few else ""))
    return _svg("Share of quotes by source identity, per outlet, with n and 95% intervals", height, parts,
                "chart-outlets")


def _share_bar(row: dict, x0: int, y: int, scale_w: int, bar_h: int) -> Markup:
    """One outlet's stacked shares and, under them, the anonymous share with its 95% interval."""
    if not row["quotes"]:
        return Markup('<text x="{}" y="{}" class="n">no quotes</text>').format(x0 + 4, y + bar_h * 0.75)
    parts, x = [], float(x0)
    for kind in IDENTITY_ORDER:
        figure = row[kind]
        if not figure["count"]:
            continue
        w = figure["share"] * scale_w
        parts.append(Markup('<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" class="id-{}">'
                            '<title>{}: {} {} of quotes ({} of {}; 95% interval {})</title></rect>').format(
            x, y, w, bar_h, kind, row["outlet"], _pct(figure["share"]), IDENTITY_LABELS[kind], figure["count"],
            row["quotes"], _interval(figure["low"], figure["high"])))
        x += w
    anonymous = row["anonymous"]
    wy = y + bar_h + 8
    parts.append(Markup('<line x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" class="whisker"/>'
                        '<circle cx="{:.1f}" cy="{}" r="3.5" class="whisker-dot"/>').format(
        x0 + anonymous["low"] * scale_w, wy, x0 + anonymous["high"] * scale_w, wy,
        x0 + anonymous["share"] * scale_w, wy))
    return Markup("").join(parts)


def _share_axis(x0: int, scale_w: int, y: int) -> Markup:
    parts = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(Markup('<text x="{:.1f}" y="{}" class="axis" text-anchor="middle">{}%</text>').format(
            x0 + tick * scale_w, y, int(tick * 100)))
    return Markup("").join(parts)


def _interval_key(y: int) -> Markup:
    return Markup('<line x1="0" y1="{}" x2="24" y2="{}" class="whisker"/><circle cx="12" cy="{}" r="3.5" '
                  'class="whisker-dot"/><text x="30" y="{}" class="legend">anonymous share and its 95% '
                  'interval (Wilson)</text>').format(y + 6, y + 6, y + 6, y + 10)


UNIT_NAMES = {"week": "week", "month": "month", "year": "year"}


def anonymous_over_time(time: dict) -> Markup:
    """Share of anonymous quotes per time bin on a real date axis (bars, with 95% intervals), the
    unnamed persons' share (line: anonymous or pseudonymous persons), and the articles in each bin under the axis; thin bins hatched."""
    bins = time["bins"]
    if not bins:
        return _empty("No dated articles match these filters.")
    left, top, plot_h, strip_h = 60, 48, 170, 34
    plot_w = _WIDTH - left - 10
    height = top + plot_h + strip_h + 50
    first, last = _day(bins[0]["start"]), _day(bins[-1]["end"])
    span = max(1, (last - first).days)

    def x_of(iso: str) -> float:
        return left + (_day(iso) - first).days / span * plot_w

    parts = [_time_legend(time["unit"]), _time_grid(left, top, plot_w, plot_h)]
    most = max(b["articles"] for b in bins) or 1
    points = []
    label_every = max(1, -(-len(bins) // 10))
    for n, b in enumerate(bins):
        x0, x1 = x_of(b["start"]), x_of(b["end"])
        w = max(1.0, x1 - x0 - 2)
        cx = x0 + (x1 - x0) / 2
        parts.append(_time_bar(b, x0 + 1, w, cx, top, plot_h))
        if b["unnamed_share"] is not None:
            points.append((cx, top + plot_h * (1 - b["unnamed_share"])))
        strip_y = top + plot_h + 16
        h = strip_h * b["articles"] / most
        parts.append(Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" class="articles-bar">'
                            '<title>{}: {} article(s)</title></rect>').format(
            x0 + 1, strip_y + strip_h - h, w, h, b["label"], b["articles"]))
        if w >= 16:
            parts.append(Markup('<text x="{:.1f}" y="{:.1f}" class="count" text-anchor="middle">{}</text>').format(
                cx, strip_y + strip_h - h - 2, b["articles"]))
        if n % label_every == 0:
            parts.append(Markup('<text x="{:.1f}" y="{}" class="axis tick" text-anchor="start">{}</text>').format(
                x0 + 1, top + plot_h + strip_h + 32, b["label"]))
    if len(points) > 1:
        parts.append(Markup('<polyline points="{}" class="unnamed-line"/>').format(
            " ".join(f"{x:.1f},{y:.1f}" for x, y in points)))
    for x, y in points:
        parts.append(Markup('<circle cx="{:.1f}" cy="{:.1f}" r="3.5" class="unnamed-dot"/>').format(x, y))
    parts.append(Markup('<text x="{}" y="{}" class="axis" text-anchor="end">articles</text>').format(
        left - 6, top + plot_h + strip_h + 14))
    return _svg(f"Share of anonymous sourcing by {UNIT_NAMES[time['unit']]}", height, parts, "chart-anonymous",
                Markup('<defs><pattern id="few-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
                       'patternTransform="rotate(45)"><rect width="6" height="6" class="few-ground"/>'
                       '<line x1="0" y1="0" x2="0" y2="6" class="few-line"/></pattern></defs>'))


def _time_bar(b: dict, x: float, w: float, cx: float, top: int, plot_h: int) -> Markup:
    """One bin's anonymous share bar (hatched when the bin has few articles) and its interval."""
    if b["anonymous_share"] is None:
        return Markup('<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" class="no-quotes"><title>{}: {} '
                      'article(s), no quotes</title></rect>').format(x, top, w, plot_h, b["label"], b["articles"])
    h = plot_h * b["anonymous_share"]
    few = " few" if b["few"] else ""
    return Markup(
        '<g class="bin{}" data-start="{}" data-articles="{}"><rect x="{:.1f}" y="{:.1f}" width="{:.1f}" '
        'height="{:.1f}" class="id-anonymous{}"><title>{}: {} anonymous (95% interval {}), {} unnamed '
        'persons (anonymous or pseudonym), of {} quote(s) in {} article(s){}</title></rect>'
        '<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" class="whisker"/></g>').format(
        few, b["start"], b["articles"], x, top + plot_h - h, w, max(h, 0.5), few, b["label"], _pct(b["anonymous_share"]),
        _interval(b["anonymous_low"], b["anonymous_high"]), _pct(b["unnamed_share"]), b["quotes"], b["articles"],
        " (too few articles to read)" if b["few"] else "",
        cx, top + plot_h * (1 - b["anonymous_high"]), cx, top + plot_h * (1 - b["anonymous_low"]))


def _time_grid(left: int, top: int, plot_w: float, plot_h: int) -> Markup:
    parts = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - tick)
        parts.append(Markup('<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" class="grid"/>'
                            '<text x="{}" y="{:.1f}" class="axis" text-anchor="end">{}%</text>').format(
            left, y, left + plot_w, y, left - 6, y + 4, int(tick * 100)))
    return Markup("").join(parts)


def _time_legend(unit: str) -> Markup:
    return Markup(
        '<rect x="0" y="0" width="12" height="12" class="id-anonymous"/>'
        '<text x="16" y="10" class="legend">anonymous share (95% interval)</text>'
        '<line x1="236" y1="6" x2="256" y2="6" class="unnamed-line"/>'
        '<text x="262" y="10" class="legend">unnamed persons’ share</text>'
        '<rect x="0" y="20" width="12" height="12" fill="url(#few-hatch)" class="few-key"/>'
        '<text x="16" y="30" class="legend">fewer than {} articles in the {}: too few to read</text>'
        '<rect x="420" y="20" width="12" height="12" class="articles-bar"/>'
        '<text x="436" y="30" class="legend">articles per {}</text>').format(FEW_ARTICLES, unit, unit)


def _day(iso: str) -> date:
    return date.fromisoformat(iso)


def top_speakers(rows: list[dict], link) -> Markup:
    """Horizontal bars of the most quoted corpus speakers, each a link to its speaker page."""
    if not rows:
        return _empty("No attributed quotes match these filters.")
    label_w, bar_h, gap, top = 220, 20, 8, 4
    scale_w = _WIDTH - label_w - 60
    most = max(r["quotes"] for r in rows) or 1
    height = top + len(rows) * (bar_h + gap)
    parts = []
    for n, row in enumerate(rows):
        y = top + n * (bar_h + gap)
        w = row["quotes"] / most * scale_w
        identity = row.get("identity") or "unknown"
        parts.append(Markup(
            '<a href="{}"><text x="{}" y="{}" class="label link" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{:.1f}" height="{}" class="id-{}">'
            '<title>{} ({}): {} quote(s) in {} article(s)</title></rect></a>'
            '<text x="{:.1f}" y="{}" class="value">{}</text>').format(
            link(row["id"]), label_w - 8, y + bar_h * 0.72, _short(row["name"], 30), label_w, y, w, bar_h,
            identity, row["name"], identity, row["quotes"], row["articles"], label_w + w + 6, y + bar_h * 0.72,
            row["quotes"]))
    return _svg("Most quoted speakers", height, parts, "chart-speakers", role="group")


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _svg(title: str, height: int, parts: list[Markup], css_id: str, defs: Markup = Markup(""),
         role: str = "img") -> Markup:
    """The chart's ``<svg>``; a chart holding links is a ``group``, not an ``img`` (whose children are hidden)."""
    return Markup('<svg id="{}" class="chart" viewBox="0 0 {} {}" role="{}" aria-label="{}" '
                  'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}{}</svg>').format(
        css_id, _WIDTH, height, role, title, title, defs, Markup("").join(parts))


def _empty(message: str) -> Markup:
    return Markup('<p class="empty">{}</p>').format(message)
