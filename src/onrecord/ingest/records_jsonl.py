"""onrecord's own record JSONL (``onrecord analyze --format jsonl``) read back as ``Article`` records.

This is how analyses made elsewhere (a cluster, a colleague, an earlier run)
become a corpus without analyzing again. Each line is validated against the
record model (``onrecord.records.Article``, extra fields refused) and checked
for what the model cannot say alone: ids unique within the article, every
quote's ``speaker_id`` naming one of its speakers, every offset inside the
text. A bad line is a ``BadRecordLine`` naming the file and line, and the
lines after it are still read. Files are read line by line, never whole.

A record file is told apart from an input-article JSONL file (which has
``text`` too) by its shape: its first JSON object has ``quotes`` or
``speakers``. ``--input-format records`` says so explicitly instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from onrecord.errors import InputError
from onrecord.ingest.jsonl import decoded_line
from onrecord.records import Article

RECORD_KEYS = ("quotes", "speakers")
_LOOK_AHEAD_LINES = 20


class BadRecordLine(InputError):
    """One line of a record JSONL file that is not a valid onrecord record."""

    code = "E115"

    def __init__(self, path: str, line: int, reason: str):
        self.line = line
        super().__init__(f"{path}:{line}", reason)


def looks_like_records(path: Path) -> bool:
    """Whether the first JSON object among the first lines of ``path`` is a record (has quotes or speakers)."""
    try:
        with path.open("rb") as fh:
            for _, line in zip(range(_LOOK_AHEAD_LINES), fh):
                try:
                    obj = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if isinstance(obj, dict):
                    return any(key in obj for key in RECORD_KEYS)
    except OSError:
        return False  # the ordinary reader reports it
    return False


def _first_error(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"])
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"is not an onrecord record: {where + ': ' if where else ''}{first['msg']}{more}"


def _inconsistency(article: Article) -> str | None:
    """What makes a well-formed record wrong: duplicate ids, a dangling speaker_id, an offset outside the text."""
    size = len(article.text)
    for name, items in (("quotes", article.quotes), ("speakers", article.speakers), ("caveats", article.caveats)):
        ids = [item.id for item in items]
        if len(ids) != len(set(ids)):
            return f"has two {name} with the same id"
    speaker_ids = {s.id for s in article.speakers}
    for quote in article.quotes:
        if quote.speaker_id is not None and quote.speaker_id not in speaker_ids:
            return f"quote {quote.id} names speaker {quote.speaker_id!r}, which the record does not have"
        for part, spans in (("content", quote.content), ("cue", quote.cue), ("source", quote.source)):
            if spans is not None and any(not 0 <= s <= e <= size for s, e in spans.spans):
                return f"quote {quote.id} has a {part} offset outside the text ({size} characters)"
    for speaker in article.speakers:
        if any(not 0 <= s <= e <= size for s, e in speaker.mentions):
            return f"speaker {speaker.id} has a mention offset outside the text ({size} characters)"
    return None


def parse_record_line(line: bytes | str, where: str, number: int) -> Article | None:
    """The record on one line, ``None`` for a blank line, or ``BadRecordLine`` saying why not."""
    line = decoded_line(line, where, number, BadRecordLine)
    if line is None:
        return None
    try:
        article = Article.model_validate_json(line)
    except ValidationError as exc:
        raise BadRecordLine(where, number, _first_error(exc)) from exc
    except (ValueError, RecursionError) as exc:
        raise BadRecordLine(where, number, "cannot be read as JSON") from exc
    problem = _inconsistency(article)
    if problem:
        raise BadRecordLine(where, number, problem)
    return article


def iter_records(lines: Iterable[bytes | str], where: str) -> Iterator[Article | InputError]:
    """Every record of a record JSONL stream in order, with a ``BadRecordLine`` for each bad line."""
    for number, line in enumerate(lines, start=1):
        try:
            article = parse_record_line(line, where, number)
        except BadRecordLine as exc:
            yield exc
            continue
        if article is not None:
            yield article
