"""JSON lines: one article per line, as exported by scrapers and datasets.

Each line is an object with ``text`` and optional ``id``, ``url``, ``title``,
``published`` and ``outlet``. A bad line is reported by its number and
skipped; the lines after it are still read, so one broken export row does not
cost the whole file. The file is read line by line, never whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from onrecord.errors import InputError
from onrecord.ingest.errors import BadJsonLine
from onrecord.ingest.text import RawArticle

_OPTIONAL = ("url", "title", "published", "outlet")


def decoded_line(line: bytes | str, where: str, number: int, error=None) -> str | None:
    """One JSONL line as text, ``None`` when blank; not UTF-8 raises ``error`` (``BadJsonLine`` by
    default) with the column of the bad byte."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise (error or BadJsonLine)(where, number, f"is not UTF-8 (bad byte at column {exc.start + 1})") from exc
    return line if line.strip() else None


def parse_jsonl_line(line: bytes | str, where: str, number: int, default_id: str) -> RawArticle | None:
    """The article on one line, ``None`` for a blank line, or ``BadJsonLine`` saying why not."""
    line = decoded_line(line, where, number)
    if line is None:
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadJsonLine(where, number, f"is not valid JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:
        raise BadJsonLine(where, number, "is nested too deeply to read") from exc
    except ValueError as exc:  # an integer of more than 4300 digits
        raise BadJsonLine(where, number, f"cannot be read ({str(exc).split(':')[0]})") from exc
    if not isinstance(obj, dict):
        raise BadJsonLine(where, number, "is not a JSON object; expected {\"text\": ...}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadJsonLine(where, number, "has no \"text\" (a non-empty string is required)")
    fields = {key: str(obj[key]) for key in _OPTIONAL if obj.get(key) not in (None, "")}
    article_id = obj.get("id")
    for key, value in (("text", text), ("id", article_id), *fields.items()):
        _check_unicode(value, key, where, number)
    return RawArticle(
        id=str(article_id) if article_id not in (None, "") else fields.get("url", default_id),
        text=text,
        path=where,
        url=fields.get("url"),
        title=fields.get("title"),
        published=fields.get("published"),
        site_name=fields.get("outlet"),
        source_format="jsonl",
        metadata={k: v for k, v in obj.items() if k not in ("text", "id", *_OPTIONAL)},
    )


def _check_unicode(value, key: str, where: str, number: int) -> None:
    """JSON escapes can spell lone surrogates (``"\\ud800"``), which are not text: nothing could print them."""
    if not isinstance(value, str):
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadJsonLine(
            where, number, f"has an unpaired surrogate \\u{ord(value[exc.start]):04x} in \"{key}\" (not valid Unicode)"
        ) from exc


def iter_jsonl(lines: Iterable[bytes | str], where: str, stem: str) -> Iterator[RawArticle | InputError]:
    """Every article of a JSONL stream in order, with a ``BadJsonLine`` for each bad line.

    A line without ``id`` (and without ``url``) gets ``{stem}:{line number}``.
    """
    for number, line in enumerate(lines, start=1):
        try:
            article = parse_jsonl_line(line, where, number, f"{stem}:{number}")
        except BadJsonLine as exc:
            yield exc
            continue
        if article is not None:
            yield article
