"""Find test strings that share a run of 8 words with a PolNeAR train or dev article.

    .venv/bin/python scripts/check_test_sentences.py [--polnear DIR] [--words 8] [TEST_DIR]

Test sentences are our own: a test that repeats a corpus sentence checks that
sentence, not the construction it stands for, and leaks the corpus into the
tests. This lists every string literal in the Python files under ``tests/``
(f-strings with their replacement fields read as spaces) that shares a run of
``--words`` lower-cased word tokens with a PolNeAR train or dev text, and exits
1 when there is one. PolNeAR lives outside the repository, in
``../shared/data/polnear`` (or ``--polnear``); its absence exits 2 with a
one-line message. The test partition is never read.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
PARTS = ("train", "dev")
WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def runs(tokens: list[str], n: int) -> Iterator[tuple[str, ...]]:
    for at in range(len(tokens) - n + 1):
        yield tuple(tokens[at : at + n])


def corpus_runs(polnear: Path, n: int) -> dict[tuple[str, ...], str]:
    """Every run of ``n`` words in PolNeAR train and dev, with the first file it was seen in."""
    seen: dict[tuple[str, ...], str] = {}
    for part in PARTS:
        for path in sorted((polnear / part / "text").glob("*.txt")):
            for run in runs(words(path.read_text(encoding="utf-8")), n):
                seen.setdefault(run, f"{part}/{path.name}")
    return seen


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
    return None


def string_literals(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal in a Python file, f-strings whole, their parts not again."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    inside_fstring: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_fstring.update(id(v) for v in node.values)
    for node in ast.walk(tree):
        if id(node) in inside_fstring:
            continue
        text = _literal_text(node)
        if text is not None:
            yield node.lineno, text


def shared_runs(tests: Path, polnear: Path, n: int = 8) -> list[tuple[str, int, str, str]]:
    """(file, line, the shared words, the corpus file) for every test string that shares a run."""
    corpus = corpus_runs(polnear, n)
    found = []
    for path in sorted(tests.rglob("*.py")):
        for line, text in string_literals(path):
            for run in runs(words(text), n):
                if run in corpus:
                    found.append((str(path.relative_to(tests.parent)), line, " ".join(run), corpus[run]))
                    break
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tests", nargs="?", type=Path, default=ROOT / "tests")
    parser.add_argument("--polnear", type=Path, default=POLNEAR, help="PolNeAR's folder (holds train/ and dev/)")
    parser.add_argument("--words", type=int, default=8, help="length of a shared run (8)")
    args = parser.parse_args(argv)
    missing = [part for part in PARTS if not (args.polnear / part / "text").is_dir()]
    if missing:
        print(f"check_test_sentences: PolNeAR {'/'.join(missing)} not found under {args.polnear}", file=sys.stderr)
        return 2
    found = shared_runs(args.tests, args.polnear, args.words)
    for file, line, run, source in found:
        print(f"{file}:{line}: shares {run!r} with PolNeAR {source}")
    print(f"{len(found)} test strings share a run of {args.words} words with PolNeAR train or dev")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
