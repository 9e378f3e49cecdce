"""Plain-text articles: files and folders of ``*.txt``.

The text is returned exactly as decoded from UTF-8, never normalised, so that
every offset in the record points into the original file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from onrecord.errors import EmptyInput, InputError, MissingInput, NoArticlesInFolder, UndecodableInput

_BINARY_SNIFF_BYTES = 8192


@dataclass
class RawArticle:
    """An article before analysis: its id, where it came from and its text."""

    id: str
    text: str
    path: str | None = None
    metadata: dict = field(default_factory=dict)


def read_text_file(path: Path) -> RawArticle:
    """Read one UTF-8 article, or raise an ``InputError`` saying why not."""
    where = str(path)
    if not path.exists():
        raise MissingInput(where, "no such file or folder")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror or exc})") from exc
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise UndecodableInput(where, "looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableInput(where, f"is not UTF-8 text (bad byte at offset {exc.start})") from exc
    if not text.strip():
        raise EmptyInput(where, "file is empty")
    return RawArticle(id=path.stem, text=text, path=where)


def expand_path(path: Path) -> list[Path]:
    """A folder means every ``*.txt`` directly in it, sorted by name."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.txt") if p.is_file())
        if not files:
            raise NoArticlesInFolder(str(path), "folder has no .txt files")
        return files
    return [path]


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[RawArticle | InputError]:
    """Yield each article of ``paths`` in order, or the error that skipped it."""
    for raw in paths:
        try:
            files = expand_path(Path(raw))
        except InputError as exc:
            yield exc
            continue
        for file in files:
            try:
                yield read_text_file(file)
            except InputError as exc:
                yield exc
