"""Direct quotes and their speakers on the 24 real pages, scored against a reading by hand.

The gold (``evaluation/page_speakers/<page>.json``, one file per page in
``../shared/data/pages``) lists every direct quotation in the page's extracted
text with who said it, the speakers' names, aliases and descriptions, the
sources of reported speech, and onrecord speakers judged not to be sources.
This runs ``onrecord analyze --format jsonl`` on the pages (or reads ``--jsonl``),
matches each gold quote to onrecord's quote by text overlap, and writes
``docs/page_speakers.md``: per page, direct quotes in gold, found, speaker right,
kind right, false speakers (onrecord speakers with quotes that are no source
in the gold), then every miss and wrong speaker, and the command and commit.

    .venv/bin/python scripts/page_speakers.py [--jsonl FILE] [--gold DIR] [--out FILE]

It reads only the JSON output, so it runs at any commit of onrecord.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PAGES = REPO.parent / "shared" / "data" / "pages"
GOLD = REPO / "evaluation" / "page_speakers"
OUT = REPO / "docs" / "page_speakers.md"


class GoldError(Exception):
    """The hand reading is malformed or does not fit the page's text: the message names file and problem."""


_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u00ad": None})
_LEADING = {"the", "a", "an"}
KINDS = {"person", "organization", "group", "document"}


def name_tokens(name: str) -> tuple[str, ...]:
    """A name's words, case-folded, without a leading article: "The Court" and "court" are one name."""
    words = re.findall(r"\w+", name.translate(_STRAIGHT).casefold())
    while words and words[0] in _LEADING:
        words = words[1:]
    return tuple(words)


def names_match(predicted: list[str], gold: list[str]) -> bool:
    """Whether a predicted name is a gold name or its last words (a surname); a first name alone is a cut name."""
    for p in filter(None, map(name_tokens, predicted)):
        for g in filter(None, map(name_tokens, gold)):
            if p == g or (len(p) < len(g) and g[-len(p) :] == p):
                return True
    return False


@dataclass
class PageScore:
    page: str
    gold: int = 0
    found: int = 0
    speaker_right: int = 0
    kind_right: int = 0
    false_speakers: list[tuple[str, bool]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _require(condition: bool, where: str, problem: str) -> None:
    if not condition:
        raise GoldError(f"{where}: {problem}")


def check_gold(gold: dict, where: str) -> None:
    """The gold file's shape: speakers with a name and kind, quotes naming a listed speaker or "none"."""
    _require(isinstance(gold.get("page"), str), where, 'no "page" name')
    speakers = gold.get("speakers", [])
    names = set()
    for speaker in speakers:
        _require(isinstance(speaker.get("name"), str), where, f"a speaker without a name: {speaker}")
        _require(speaker.get("kind") in KINDS, where, f"speaker {speaker['name']!r} has kind {speaker.get('kind')!r}, not one of {sorted(KINDS)}")
        names.add(speaker["name"])
    for quote in gold.get("quotes", []):
        _require(isinstance(quote.get("quote"), str) and quote["quote"].strip() != "", where, f"a quote without words: {quote}")
        _require(quote.get("speaker") == "none" or quote.get("speaker") in names, where, f"quote {quote['quote']!r} names speaker {quote.get('speaker')!r}, not in its speakers")


def load_gold(folder: Path) -> dict[str, dict]:
    """Every page's gold reading in ``folder``, keyed by the page's file name."""
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such folder of gold readings")
    golds = {}
    for path in sorted(folder.glob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise GoldError(f"{path}: not JSON: {error}") from None
        check_gold(gold, str(path))
        golds[gold["page"]] = gold
    if not golds:
        raise GoldError(f"{folder}: no gold readings (*.json)")
    return golds


def _plain(text: str) -> tuple[str, list[int]]:
    """The text with curly quote marks straightened and soft hyphens dropped, and each character's offset in the original."""
    kept = [(char.translate(_STRAIGHT), at) for at, char in enumerate(text) if char != "\u00ad"]
    return "".join(c for c, _ in kept), [at for _, at in kept]


def locate(text: str, quote: dict, page: str) -> tuple[int, int]:
    """Where a gold quote's words stand in the text (its n-th occurrence when "occurrence" says so)."""
    plain, offsets = _plain(text)
    words = quote["quote"].translate(_STRAIGHT)
    occurrence, start = quote.get("occurrence", 1), -1
    for _ in range(occurrence):
        start = plain.find(words, start + 1)
        if start < 0:
            raise GoldError(f"{page}: gold quote {quote['quote']!r} (occurrence {occurrence}) is not in the text")
    if "occurrence" not in quote and plain.find(words, start + 1) >= 0:
        raise GoldError(f"{page}: gold quote {quote['quote']!r} occurs more than once: give its \"occurrence\"")
    return offsets[start], offsets[start + len(words) - 1] + 1


def best_quote(record: dict, span: tuple[int, int]) -> dict | None:
    """onrecord's quote whose content overlaps the span most; a direct or mixed one wins a tie."""
    best, best_key = None, (0, False)
    for quote in record.get("quotes", []):
        overlap = sum(max(0, min(e, span[1]) - max(s, span[0])) for s, e in quote["content"]["spans"])
        key = (overlap, quote.get("type") != "indirect")
        if overlap > 0 and key > best_key:
            best, best_key = quote, key
    return best


def speaker_names(speaker: dict) -> list[str]:
    return [speaker.get("name") or "", *(speaker.get("aliases") or [])]


def gold_names(speaker: dict, with_descriptions: bool = False) -> list[str]:
    names = [speaker["name"], *speaker.get("aliases", [])]
    return names + speaker.get("descriptions", []) if with_descriptions else names


def _label(quote: dict) -> str:
    return repr(quote["quote"]) + (f" (occurrence {quote['occurrence']})" if "occurrence" in quote else "")


def score_quote(score: PageScore, quote: dict, record: dict, gold_speakers: dict, speakers: dict) -> None:
    """Count one gold quote: found or missed, its speaker and kind right or wrong (noted in ``problems``)."""
    span = locate(record["text"], quote, score.page)
    score.gold += 1
    found = best_quote(record, span)
    if found is None:
        score.problems.append(f"missed {_label(quote)} ({quote['speaker']})")
        return
    score.found += 1
    predicted = speakers.get(found.get("speaker_id"))
    if quote["speaker"] == "none" or (quote.get("headline") and predicted is None):
        # A headline's quote may be kept without a speaker (issue 27): only a wrong one counts against it.
        right = predicted is None
    else:
        right = predicted is not None and names_match(speaker_names(predicted), gold_names(gold_speakers[quote["speaker"]]))
    if not right:
        said = predicted.get("name") if predicted else "unresolved"
        score.problems.append(f"wrong speaker for {_label(quote)}: {said!r}, gold {quote['speaker']!r}")
        return
    score.speaker_right += 1
    gold_kind = gold_speakers[quote["speaker"]]["kind"] if quote["speaker"] != "none" else None
    if predicted is None or predicted.get("kind") == gold_kind:
        score.kind_right += 1
    else:
        score.problems.append(f"kind of {predicted.get('name')!r} is {predicted.get('kind')!r}, gold {gold_kind!r}")


def score_page(gold: dict, record: dict) -> PageScore:
    """One page's counts: gold direct quotes, found, speaker right, kind right, false speakers."""
    score = PageScore(gold["page"])
    gold_speakers = {s["name"]: s for s in gold.get("speakers", [])}
    speakers = {s["id"]: s for s in record.get("speakers", [])}
    for quote in gold.get("quotes", []):
        score_quote(score, quote, record, gold_speakers, speakers)
    judged = [n["name"] for n in gold.get("not_sources", [])]
    sources = [name for s in gold_speakers.values() for name in gold_names(s, with_descriptions=True)]
    quoted = {q.get("speaker_id") for q in record.get("quotes", [])}
    for speaker in record.get("speakers", []):
        if speaker["id"] in quoted and not names_match(speaker_names(speaker), sources):
            is_judged = any(name_tokens(speaker.get("name") or "") == name_tokens(n) for n in judged)
            score.false_speakers.append((speaker.get("name") or "", is_judged))
    return score


def run_onrecord(pages: list[Path]) -> str:
    """onrecord's JSONL for the pages, from the ``onrecord`` beside this Python (or on PATH)."""
    beside = Path(sys.executable).parent / "onrecord"
    command = str(beside) if beside.exists() else shutil.which("onrecord")
    if command is None:
        raise SystemExit("page_speakers: no onrecord command beside this Python or on PATH")
    done = subprocess.run([command, "analyze", "--format", "jsonl", *map(str, pages)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"page_speakers: onrecord analyze exited {done.returncode}: {done.stderr.strip()[-300:]}")
    return done.stdout


def read_records(jsonl: str) -> dict[str, dict]:
    """onrecord's records keyed by the page's file name."""
    records = {}
    for number, line in enumerate(jsonl.splitlines(), 1):
        if line.strip():
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise SystemExit(f"page_speakers: JSONL line {number} is not JSON: {error}") from None
            records[Path(record.get("path") or "").name] = record
    return records


def commit() -> str:
    """The repository's commit, marked when onrecord's code (src/) has changes not in it."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "--", "src"], capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def _cell(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split()).replace("|", "\\|")


def totals_row(scores: list[PageScore]) -> list[str]:
    gold = sum(s.gold for s in scores)
    found = sum(s.found for s in scores)
    right = sum(s.speaker_right for s in scores)
    kind = sum(s.kind_right for s in scores)
    false = sum(len(s.false_speakers) for s in scores)
    return ["**total**", f"**{gold}**", f"**{found}**", f"**{right}**", f"**{kind}**", f"**{false}**", ""]


def render(scores: list[PageScore], command: str) -> str:
    """The Markdown report: the table, the totals, then every miss, wrong speaker and false speaker."""
    head = ["page", "direct quotes", "found", "speaker right", "kind right", "false speakers", "false speaker names"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in scores:
        names = ", ".join(_cell(n) + ("" if judged else " (not judged)") for n, judged in s.false_speakers)
        cells = [s.page, str(s.gold), str(s.found), str(s.speaker_right), str(s.kind_right), str(len(s.false_speakers)), names or "none"]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("| " + " | ".join(totals_row(scores)) + " |")
    gold = sum(s.gold for s in scores)
    found = sum(s.found for s in scores)
    right = sum(s.speaker_right for s in scores)
    summary = f"Found {found} of {gold} direct quotes; speaker right on {right} of {found} found ({right / max(found, 1):.3f}), {right} of {gold} in all."
    details = []
    for s in scores:
        for problem in s.problems:
            details.append(f"- {s.page}: {_cell(problem)}")
    return "\n".join(
        [
            "# Speakers of direct quotes on real pages",
            "",
            "Made by `scripts/page_speakers.py` (run it to remake this file) against the reading by hand in",
            "`evaluation/page_speakers/` (every direct quotation in each page's extracted text, with its speaker).",
            "\"found\": onrecord has a quote overlapping the gold quote's words. \"speaker right\": that quote's",
            "speaker has the gold speaker's name or an alias (case, a leading article and a surname alone are",
            "lenient; a description such as \"the Director\" is not the name); an unresolved quote is wrong unless",
            "the gold speaker is \"none\" or the quote is a headline or pull quote (issue 27 lets those stand without",
            "a speaker). \"kind right\": of those, onrecord's kind is the gold kind. \"false speakers\":",
            "onrecord speakers with quotes that are no source in the gold; \"(not judged)\" marks one the reading",
            "has not listed, new since the gold was written.",
            "",
            f"Command: `{command}`  ",
            f"Commit: {commit()}",
            "",
            *lines,
            "",
            summary,
            "",
            "## Misses, wrong speakers and kinds",
            "",
            *(details or ["none"]),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", type=Path, help="read onrecord's JSONL output instead of running onrecord")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        golds = load_gold(args.gold)
    except GoldError as error:
        print(f"page_speakers: {error}", file=sys.stderr)
        return 2
    if args.jsonl is not None:
        if not args.jsonl.is_file():
            print(f"page_speakers: {args.jsonl} not found", file=sys.stderr)
            return 2
        jsonl = args.jsonl.read_text(encoding="utf-8")
    else:
        pages = [args.pages / name for name in sorted(golds)]
        missing = [p.name for p in pages if not p.is_file()]
        if missing:
            print(f"page_speakers: {args.pages} lacks {', '.join(missing)}: the shared data sits beside the repository", file=sys.stderr)
            return 2
        jsonl = run_onrecord(pages)
    records = read_records(jsonl)
    absent = [name for name in sorted(golds) if name not in records]
    if absent:
        print(f"page_speakers: onrecord's output has no record for {', '.join(absent)}", file=sys.stderr)
        return 2
    try:
        scores = [score_page(golds[name], records[name]) for name in sorted(golds)]
    except GoldError as error:
        print(f"page_speakers: {error}", file=sys.stderr)
        return 2
    command = "python scripts/page_speakers.py" + (f" --jsonl {args.jsonl}" if args.jsonl else "")
    args.out.write_text(render(scores, command), encoding="utf-8")
    gold = sum(s.gold for s in scores)
    print(
        f"page_speakers: {sum(s.found for s in scores)} of {gold} direct quotes found, "
        f"speaker right {sum(s.speaker_right for s in scores)}, "
        f"false speakers {sum(len(s.false_speakers) for s in scores)}; wrote {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
