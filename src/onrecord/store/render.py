"""Query results as text: aligned tables, quote cards wrapped to the terminal, report sections; JSON and CSV.

JSON and CSV carry every column as the query gave it (no shortening, no
wrapping, null as null) for other programs; ``table`` is for people reading a
terminal: titles shortened, content wrapped to ``width``, unresolved speakers
named as such.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap

UNRESOLVED = "(unresolved)"
TITLE_CHARS = 60
_MAX_COLUMN = 60


def render(result, fmt: str = "table") -> str:
    """``table``: aligned columns; ``json``: an array of objects; ``csv``: with a header row."""
    if fmt == "json":
        return json.dumps(result.dicts(), ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buffer.getvalue().rstrip("\n")
    return table(result.columns, [[_cell(v) for v in row] for row in result.rows])


def table(headers: list[str], cells: list[list[str]]) -> str:
    """Aligned columns under a header and a rule; cells longer than 60 characters are cut."""
    widths = [min(_MAX_COLUMN, max([len(h)] + [len(r[i]) for r in cells])) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v[:w].ljust(w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def render_quotes(result, fmt: str = "table", width: int = 80) -> str:
    """Quotes as cards for people (``table``), else as ``render`` gives them.

    A card: the key, outlet, date and shortened title on one line; the speaker
    (or ``(unresolved)``), identity, type and cue on the next; then the full
    content, indented and wrapped to ``width`` columns. A blank line between cards.
    """
    if fmt != "table":
        return render(result, fmt)
    cards = []
    for row in result.dicts():
        where = " · ".join(v for v in (row["key"], row.get("outlet"), row.get("published"),
                                       shorten(row.get("title"), TITLE_CHARS)) if v)
        who = row.get("speaker") or UNRESOLVED
        if row.get("identity"):
            who += f" ({row['identity']})"
        how = f"{row['type']}" + (f", cue “{row['cue']}”" if row.get("cue") else "")
        body = textwrap.fill(" ".join(str(row["content"]).split()), width=max(20, width),
                             initial_indent="    ", subsequent_indent="    ", break_long_words=False)
        cards.append(f"{where}\n  {who} · {how}\n{body}")
    return "\n\n".join(cards)


def render_report(report, fmt: str = "table") -> str:
    """The report's sections, each a heading and a table, then its notes (``table``); else every column."""
    if fmt != "table":
        return render(report.result, fmt)
    rows = report.result.dicts()
    parts = []
    for section in report.sections:
        headers = [header for header, _ in section.cells]
        cells = [[" ".join(make(row).split()) for _, make in section.cells] for row in rows]
        parts.append(f"{section.title}\n\n{table(headers, cells)}")
    parts += report.notes()
    return "\n\n".join(parts)


def shorten(text: str | None, chars: int) -> str:
    """``text`` on one line, cut at a word to at most ``chars`` characters with an ellipsis."""
    if not text:
        return ""
    return textwrap.shorten(" ".join(text.split()), width=chars, placeholder="…")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    return " ".join(str(value).split())
