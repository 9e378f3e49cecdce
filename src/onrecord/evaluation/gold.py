"""Reading a gold corpus in PolNeAR layout (brat standoff) into SpanAttributions.

Layout: ``FOLDER/text/NAME.txt`` and ``FOLDER/attributions/NAME.ann``, with
an optional ``FOLDER/../metadata.tsv`` naming each article's publisher.

The .ann quirks handled here (all occur in the real data):

* a span may have several segments: ``Content 752 760;769 800``;
* a span's text may contain line breaks, so a line that does not start with
  an annotation id and a tab continues the previous line;
* ``#1\tAnnotatorNotes ...`` lines (and other brat records) are skipped;
* role names may carry a number (``Content2``): same role, segments unioned;
* event types starting with ``Attribution`` (incl. ``Attribution-no-source``)
  are attributions; ``Discard``/``Discuss`` and anything else are not;
* several events may share one Source span: each event is its own attribution;
* a few events carry no Content (only the trigger): they cannot be paired by
  any figure, so they are left out rather than counted as unrecallable gold.

Texts are decoded as plain UTF-8 with newlines untouched, because brat
offsets count every character of the file (a BOM included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from onrecord.errors import GoldCorpusError
from onrecord.evaluation.spans import SpanAttribution, as_segments

_RECORD_START = re.compile(r"(?:[TERAMN#]\d+|\*)\t")
_ROLE_NUMBER = re.compile(r"\d+$")
_ROLES = {"Content": "content", "Source": "source", "Cue": "cue"}


@dataclass
class GoldDocument:
    """One gold article: its exact text, its attributions and its publisher (if known)."""

    name: str
    text: str
    attributions: list[SpanAttribution]
    publisher: str | None = None


def load_gold(folder: Path) -> list[GoldDocument]:
    """Every article of a PolNeAR-layout folder, sorted by name.

    Raises GoldCorpusError naming the folder, file or ``file:line`` at fault.
    """
    folder = Path(folder)
    layout = "expected PolNeAR layout: text/NAME.txt and attributions/NAME.ann"
    if not folder.is_dir():
        raise GoldCorpusError(str(folder), f"not a folder ({layout})")
    text_dir, ann_dir = folder / "text", folder / "attributions"
    for sub in (text_dir, ann_dir):
        if not sub.is_dir():
            raise GoldCorpusError(str(folder), f"no {sub.name}/ folder ({layout})")
    txt_files = sorted(text_dir.glob("*.txt"))
    if not txt_files:
        raise GoldCorpusError(str(text_dir), f"no .txt files ({layout})")
    publishers = _read_publishers(folder.resolve().parent / "metadata.tsv")
    docs = []
    for txt in txt_files:
        name = txt.stem
        ann = ann_dir / f"{name}.ann"
        if not ann.is_file():
            raise GoldCorpusError(str(ann), "missing: every text/NAME.txt needs attributions/NAME.ann")
        text = _read_utf8(txt)
        attributions = parse_ann(_read_utf8(ann), text, where=str(ann))
        publisher = publishers.get(name) or (name.split("_", 1)[0] if "_" in name else None)
        docs.append(GoldDocument(name=name, text=text, attributions=attributions, publisher=publisher))
    return docs


def _read_utf8(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        raise GoldCorpusError(str(path), f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise GoldCorpusError(str(path), f"cannot read ({exc.strerror})") from exc


def _read_publishers(path: Path) -> dict[str, str]:
    """``filename -> publisher`` from metadata.tsv; empty when absent or without those columns.

    Split on tabs by hand: titles contain quotation marks that would confuse
    csv's quoting rules.
    """
    if not path.is_file():
        return {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    if not lines:
        return {}
    header = lines[0].split("\t")
    if "filename" not in header or "publisher" not in header:
        return {}
    fi, pi = header.index("filename"), header.index("publisher")
    out = {}
    for line in lines[1:]:
        cols = line.split("\t")
        if len(cols) > max(fi, pi) and cols[pi]:
            out[cols[fi].removesuffix(".txt")] = cols[pi]
    return out


def _logical_lines(ann: str, where: str) -> list[tuple[int, str]]:
    """(line number, line) per annotation record, continuation lines glued back on."""
    records: list[tuple[int, str]] = []
    for lineno, line in enumerate(ann.replace("\r\n", "\n").split("\n"), start=1):
        if _RECORD_START.match(line):
            records.append((lineno, line))
        elif records:
            first, previous = records[-1]
            records[-1] = (first, previous + "\n" + line)
        elif line.strip():
            raise GoldCorpusError(f"{where}:{lineno}", "line does not start with an annotation id and a tab")
    return records


def parse_ann(ann: str, text: str, where: str = "<ann>") -> list[SpanAttribution]:
    """The attributions of one brat .ann file, in event order.

    ``text`` is the article, used to check that every span lies inside it.
    """
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[tuple[int, str]] = []
    for lineno, record in _logical_lines(ann, where):
        at = f"{where}:{lineno}"
        if record.startswith("T"):
            tid, label, segs = _parse_span(record, len(text), at)
            spans[tid] = (label, segs)
        elif record.startswith("E"):
            first, _, rest = record.partition("\n")
            if rest.strip():
                raise GoldCorpusError(at, "an event line is followed by text that belongs to no annotation")
            events.append((lineno, first))
    return [a for lineno, line in events if (a := _parse_event(line, spans, f"{where}:{lineno}"))]


def _parse_span(record: str, text_len: int, at: str):
    fields = record.split("\t", 2)
    if len(fields) < 2:
        raise GoldCorpusError(at, "span line needs 'T<n>\\tType START END[;START END]\\ttext'")
    label, _, offsets = fields[1].partition(" ")
    segs = []
    for piece in offsets.split(";"):
        parts = piece.split()
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise GoldCorpusError(at, f"bad offsets {offsets!r} (expected 'START END[;START END]')")
        start, end = int(parts[0]), int(parts[1])
        if not start <= end <= text_len:
            raise GoldCorpusError(at, f"span {start}-{end} lies outside the text ({text_len} characters)")
        segs.append((start, end))
    return fields[0], label, as_segments(segs)


def _parse_event(line: str, spans: dict, at: str) -> SpanAttribution | None:
    fields = line.split("\t")
    if len(fields) < 2 or not fields[1].strip():
        raise GoldCorpusError(at, "event line needs 'E<n>\\tType:T<n> Role:T<n> ...'")
    # Every reference is checked, the trigger (first token) included, even on
    # events that are not attributions: a dangling id means a damaged file.
    pairs = []
    for token in fields[1].split():
        role, sep, target = token.partition(":")
        if not sep or not target:
            raise GoldCorpusError(at, f"bad role {token!r} (expected Role:T<n>)")
        if target not in spans:
            raise GoldCorpusError(at, f"role {token!r} refers to {target}, which is not defined")
        pairs.append((role, target))
    if not pairs[0][0].startswith("Attribution"):
        return None
    roles: dict[str, set[tuple[int, int]]] = {"content": set(), "source": set(), "cue": set()}
    for role, target in pairs[1:]:
        field = _ROLES.get(_ROLE_NUMBER.sub("", role))
        if field:
            roles[field].update(spans[target][1])
    if not roles["content"]:
        return None
    return SpanAttribution(**{k: as_segments(v) for k, v in roles.items()})
