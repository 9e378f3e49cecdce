"""The plain install works: the wheel, in a new ``python -m venv`` with the pip it ships, no extras.

A user who has never seen onrecord makes a virtual environment and runs ``pip install onrecord``
without upgrading pip and without any extra. This test does exactly that with a wheel built from
the working tree's tracked files, then analyzes the bundled sample (.txt), an HTML page and a
WARC archive made here, and checks that a corpus command, which needs the [corpus] extra, says
so in one line. It takes a few minutes (the install resolves spaCy and the model); it runs in CI.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "russians-fighting-for-ukraine.txt"
MINUTES = 15

# A page of our own: a headline, navigation, four paragraphs, one direct quote with a named speaker.
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Harbour wall to be rebuilt before winter</title>
<meta property="og:site_name" content="The Coastal Courier"></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<article><h1>Harbour wall to be rebuilt before winter</h1>
<p>The town council voted on Monday to pay for a new sea wall at the old harbour, after storms in March left
a gap of forty metres in the stonework.</p>
<p>"We will rebuild the harbour wall before the first winter storm arrives," the mayor, Elena Marsh, told
reporters outside the town hall.</p>
<p>Fishermen who moor at the harbour said the work could not come soon enough, and several of them attended
the meeting to ask for a start date.</p>
<p>Engineers estimate the repairs will take about eleven weeks, the council said in a statement, and the quay
will stay closed to cars until then.</p>
</article><footer>Contact us</footer></body></html>
"""

# An archived page of our own, for the WARC reader.
ARCHIVED = """<html><head><title>Ferry back in service</title></head><body><article>
<p>The island ferry will sail again on Friday after a week of repairs to its engine, the operator said.</p>
<p>"Every crossing on the timetable will run from the first morning sailing," said Tomas Berg, the operator's
head of services, speaking at the terminal on Wednesday.</p>
<p>Passengers who bought tickets for cancelled crossings can use them on any sailing until the end of the month.</p>
</article></body></html>
"""


def _run(args: list, cwd: Path, timeout: float = MINUTES * 60) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _checked(args: list, cwd: Path) -> str:
    done = _run(args, cwd)
    assert done.returncode == 0, f"{' '.join(map(str, args))} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done.stdout


def _build_wheel(tmp_path: Path) -> Path:
    """A wheel of the tracked files as they are now (what a fresh clone holds), built outside the repo."""
    source = tmp_path / "source"
    tracked = _checked(["git", "ls-files", "-z"], ROOT).split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    _checked([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", tmp_path / "dist", source], tmp_path)
    (wheel,) = (tmp_path / "dist").glob("onrecord-*.whl")
    return wheel


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/ferry", "response",
                                                      payload=BytesIO(ARCHIVED.encode()), http_headers=headers))


def _analysis(onrecord: Path, path: Path, cwd: Path) -> dict:
    (article,) = json.loads(_checked([onrecord, "analyze", "--format", "json", path], cwd))
    return article


def _speaker_of(article: dict, words: str) -> str:
    """The name of the speaker of the quote whose content contains ``words``."""
    (quote,) = [q for q in article["quotes"] if words in q["content"]["text"]]
    return {s["id"]: s["name"] for s in article["speakers"]}[quote["speaker_id"]]


@pytest.mark.slow
def test_the_wheel_in_a_new_venv_without_extras_analyzes_text_html_and_warc(tmp_path: Path):
    started = time.monotonic()
    wheel = _build_wheel(tmp_path)
    venv = tmp_path / "venv"
    _checked([sys.executable, "-m", "venv", venv], tmp_path)
    pip_version = _checked([venv / "bin" / "python", "-m", "pip", "--version"], tmp_path).split()[1]
    _checked([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], tmp_path)
    installed = time.monotonic()
    onrecord = venv / "bin" / "onrecord"

    sample = _analysis(onrecord, SAMPLE, tmp_path)
    here = _analysis(Path(sys.executable).parent / "onrecord", SAMPLE, tmp_path)  # this (full) install's
    assert len(sample["quotes"]) == len(here["quotes"]) >= 30, "the same analysis as the full install"
    assert "Caesar" in {s["name"] for s in sample["speakers"]}

    page = tmp_path / "harbour.html"
    page.write_text(PAGE)
    html = _analysis(onrecord, page, tmp_path)
    assert html["site_name"] == "The Coastal Courier"
    assert _speaker_of(html, "rebuild the harbour wall") == "Elena Marsh"

    archive = tmp_path / "ferry.warc.gz"
    _write_warc(archive)
    warc = _analysis(onrecord, archive, tmp_path)
    assert warc["url"] == "https://example.org/ferry"
    assert _speaker_of(warc, "Every crossing on the timetable") == "Tomas Berg"

    # The extras are not there, and the commands that need them say which one to install.
    for module in ("duckdb", "pyarrow", "fastapi", "uvicorn", "distributed", "sklearn"):
        assert _run([venv / "bin" / "python", "-c", f"import {module}"], tmp_path).returncode != 0, module
    database = ["--db", tmp_path / "c.duckdb"]
    for args, extra in ((["quotes", *database], "corpus"), (["ingest", page, *database], "corpus"),
                        (["serve", *database], "web"), (["train"], "train")):
        done = _run([onrecord, *args], tmp_path)
        (line,) = done.stderr.strip().splitlines()
        assert done.returncode == 2 and line.startswith(f"error: E600 onrecord {args[0]}: "), done.stderr
        assert line.endswith(f"pip install 'onrecord[{extra}]'"), line
    assert not (tmp_path / "c.duckdb").exists()
    elapsed = time.monotonic() - started
    print(f"\nplain install (pip {pip_version}): wheel and install {installed - started:.0f} s, "
          f"whole test {elapsed:.0f} s")
