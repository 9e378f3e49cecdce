"""What an analysis of a .txt file loads: none of the libraries only other inputs or commands need.

Each check runs in a fresh interpreter, since this test process has imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "russians-fighting-for-ukraine.txt"
# HTML and WARC readers, the corpus store, the batch runners, the web app, training.
# Libraries of the extras (corpus, dask, web, train): no analysis of any input kind loads one.
EXTRAS_ONLY = ("duckdb", "pyarrow", "dask", "distributed", "fastapi", "starlette", "uvicorn", "h11",
               "sklearn", "scipy", "pandas")
HEAVY = ("trafilatura", "warcio", "lxml", "courlan", "htmldate", "justext", "duckdb", "dask", "distributed",
         "fastapi", "starlette", "uvicorn", "pandas", "sklearn", "scipy", "pyarrow", "h11")

_RUN = """
import json, sys
from onrecord.cli import main
try:
    main([*sys.argv[1:]], standalone_mode=False)
finally:
    sys.stdout.flush()
    print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {heavy})), file=sys.stderr)
"""


def _loaded_by(*args: str) -> tuple[list[str], str]:
    code = _RUN.replace("{heavy}", repr(set(HEAVY)))
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stderr.strip().splitlines()[-1]), done.stdout


def test_a_txt_analysis_imports_no_reader_store_web_or_learning_library():
    loaded, output = _loaded_by("analyze", "--format", "jsonl", str(SAMPLE))
    assert json.loads(output)["quotes"], "the analysis ran"
    assert loaded == []


def test_an_html_analysis_does_import_the_html_reader(tmp_path: Path):
    """The positive twin: the check sees a library when the input needs it."""
    page = tmp_path / "page.html"
    paragraph = "<p>The mayor said on Tuesday that the new bridge would open in the spring of next year.</p>"
    page.write_text(f"<html><head><title>Bridge</title></head><body><article>{paragraph * 8}</article></body></html>")
    loaded, output = _loaded_by("analyze", "--format", "jsonl", str(page))
    assert json.loads(output)["text"]
    assert "trafilatura" in loaded and "warcio" not in loaded
    assert not {m.split(".")[0] for m in loaded} & set(EXTRAS_ONLY)


def test_a_warc_analysis_imports_the_archive_reader_and_nothing_of_the_extras(tmp_path: Path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    paragraph = "<p>A spokesman for the port said the ferry would sail again on Friday after repairs.</p>"
    body = f"<html><head><title>Ferry</title></head><body><article>{paragraph * 8}</article></body></html>"
    archive = tmp_path / "crawl.warc.gz"
    with archive.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/ferry", "response",
                                                      payload=BytesIO(body.encode()), http_headers=headers))
    loaded, output = _loaded_by("analyze", "--format", "jsonl", str(archive))
    assert "ferry would sail again" in json.loads(output)["text"]
    assert "warcio" in loaded and "trafilatura" in loaded
    assert not {m.split(".")[0] for m in loaded} & set(EXTRAS_ONLY)
