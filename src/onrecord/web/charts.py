"""Server-side SVG charts for the corpus page: no script, no library, readable without JavaScript.

Each function takes the figures of ``data.corpus_stats`` and returns
``Markup``; every name from the corpus goes through ``Markup.format``, which
escapes it.
"""

from __future__ import annotations

from typing import get_args

from markupsafe import Markup

from onrecord.records import Identity

IDENTITY_ORDER: tuple[str, ...] = get_args(Identity)  # the record model's one list, in its order
IDENTITY_LABELS = {"named": "named", "pseudonym": "pseudonym", "anonymous": "anonymous",
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


def quotes_by_outlet(rows: list[dict]) -> Markup:
    """Horizontal stacked bars: one per outlet, quotes split by the speaker's identity."""
    if not rows:
        return _empty("No quotes match these filters.")
    label_w, bar_h, gap, top = 180, 22, 10, 28
    scale_w = _WIDTH - label_w - 60
    most = max(r["quotes"] for r in rows) or 1
    height = top + len(rows) * (bar_h + gap) + 4
    parts = [_legend(0)]
    for n, row in enumerate(rows):
        y = top + n * (bar_h + gap)
        parts.append(Markup('<text x="{}" y="{}" class="label" text-anchor="end">{}</text>').format(
            label_w - 8, y + bar_h * 0.7, _short(row["outlet"], 24)))
        x = float(label_w)
        for kind in IDENTITY_ORDER:
            count = row.get(kind) or 0
            if not count:
                continue
            w = count / most * scale_w
            parts.append(Markup('<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" class="id-{}">'
                                '<title>{}: {} {} quote(s)</title></rect>').format(
                x, y, w, bar_h, kind, row["outlet"], count, kind))
            x += w
        parts.append(Markup('<text x="{:.1f}" y="{}" class="value">{}</text>').format(
            x + 6, y + bar_h * 0.7, row["quotes"]))
    return _svg("Quotes per outlet by source identity", height, parts, "chart-outlets")


def anonymous_over_time(rows: list[dict]) -> Markup:
    """Monthly share of quotes from anonymous speakers (bars) and from all unnamed ones (line)."""
    if not rows:
        return _empty("No dated quotes match these filters.")
    left, top, plot_h, bottom = 44, 28, 180, 40
    plot_w = _WIDTH - left - 10
    height = top + plot_h + bottom
    step = plot_w / len(rows)
    bar_w = max(4.0, min(48.0, step * 0.6))
    parts = [Markup('<rect x="0" y="0" width="12" height="12" class="id-anonymous"/>'
                    '<text x="16" y="10" class="legend">anonymous share</text>'
                    '<line x1="150" y1="6" x2="170" y2="6" class="unnamed-line"/>'
                    '<text x="176" y="10" class="legend">anonymous + pseudonym share</text>')]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - tick)
        parts.append(Markup('<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" class="grid"/>'
                            '<text x="{}" y="{:.1f}" class="axis" text-anchor="end">{}%</text>').format(
            left, y, left + plot_w, y, left - 6, y + 4, int(tick * 100)))
    points = []
    label_every = max(1, len(rows) // 12)
    for n, row in enumerate(rows):
        cx = left + step * n + step / 2
        h = plot_h * row["anonymous_share"]
        parts.append(Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" class="id-anonymous">'
                            '<title>{}: {:.0f}% anonymous, {:.0f}% unnamed, of {} quote(s)</title></rect>').format(
            cx - bar_w / 2, top + plot_h - h, bar_w, h, row["month"], row["anonymous_share"] * 100,
            row["unnamed_share"] * 100, row["quotes"]))
        points.append((cx, top + plot_h * (1 - row["unnamed_share"])))
        if n % label_every == 0:
            parts.append(Markup('<text x="{:.1f}" y="{}" class="axis" text-anchor="middle">{}</text>').format(
                cx, top + plot_h + 16, row["month"]))
    if len(points) > 1:
        parts.append(Markup('<polyline points="{}" class="unnamed-line"/>').format(
            " ".join(f"{x:.1f},{y:.1f}" for x, y in points)))
    for x, y in points:
        parts.append(Markup('<circle cx="{:.1f}" cy="{:.1f}" r="3.5" class="unnamed-dot"/>').format(x, y))
    return _svg("Share of anonymous sourcing by month", height, parts, "chart-anonymous")


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
    return _svg("Most quoted speakers", height, parts, "chart-speakers")


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _svg(title: str, height: int, parts: list[Markup], css_id: str) -> Markup:
    return Markup('<svg id="{}" class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
                  'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>').format(
        css_id, _WIDTH, height, title, title, Markup("").join(parts))


def _empty(message: str) -> Markup:
    return Markup('<p class="empty">{}</p>').format(message)
