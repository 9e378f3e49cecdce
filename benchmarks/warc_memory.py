"""Peak memory of streaming a large WARC through ``onrecord.ingest.iter_inputs``.

Issue 5 asks that reading a 1 GB WARC stay under 300 MB beyond the model.
This script writes a WARC of about ``--size-mb`` megabytes (news pages of
~60 kB with navigation and comments, plus images, 404s and revisits) into a
temporary folder, then reads it in a fresh process and reports that process's
peak resident set size, and its RSS after imports but before reading, as one
JSON line.

    /work/venv/bin/python benchmarks/warc_memory.py --size-mb 1024 [--gzip]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

PARAGRAPH = (
    "\u201cWe are now fighting in the Bakhmut direction, this is the hottest part of the front,\u201d "
    "Caesar explains. Few, if any, buildings of the eastern Ukrainian town have been spared by the "
    "unending artillery barrages fired from side to side, officials said on {n}."
)


def page(n: int, paragraphs: int = 40) -> bytes:
    body = "\n".join(f"<p>{PARAGRAPH.format(n=f'day {n}-{i}')}</p>" for i in range(paragraphs))
    nav = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(150))
    comments = "".join(f"<div class='comment'><p>Reader {i} wrote a comment.</p></div>" for i in range(100))
    script = "<script>" + "var x=1;" * 3000 + "</script>"
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>Story {n}</title>{script}</head><body>"
        f"<nav><ul>{nav}</ul></nav><article><h1>Story {n}</h1>{body}</article>"
        f"<section id='comments'>{comments}</section></body></html>"
    ).encode()


def write(path: Path, size: int, gzip: bool) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = 0
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)

        def response(uri, status, ctype, payload):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            return writer.create_warc_record(uri, "response", payload=BytesIO(payload), http_headers=headers)

        big = page(0, paragraphs=18500)  # one page just under the 5 MB payload bound: the worst case
        writer.write_record(response("https://big.example/0", "200 OK", "text/html", big))
        n = 0
        while fh.tell() < size:
            n += 1
            uri = f"https://news.example.com/{n}"
            if n % 10 == 0:
                record = response(uri + ".jpg", "200 OK", "image/jpeg", b"\xff\xd8" + bytes(30000))
            elif n % 10 == 1:
                record = response(uri, "404 Not Found", "text/html", b"<html>gone</html>")
            else:
                record = response(uri, "200 OK", "text/html; charset=utf-8", page(n))
            writer.write_record(record)
            records += 1
    return records


def read(path: Path) -> None:
    from onrecord.ingest import IngestStats, RawArticle, iter_inputs

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats, articles, errors, start = IngestStats(), 0, 0, time.perf_counter()
    for item in iter_inputs([path], stats=stats):
        if isinstance(item, RawArticle):
            articles += 1
        else:
            errors += 1
    print(json.dumps({
        "articles": articles, "errors": errors, "skipped": stats.total_skipped(),
        "seconds": round(time.perf_counter() - start, 1), "rss_after_imports_mb": round(baseline, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--gzip", action="store_true", help="write .warc.gz instead of .warc")
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)  # the measuring child process
    args = parser.parse_args()
    if args.read:
        read(args.read)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("big.warc.gz" if args.gzip else "big.warc")
        started = time.perf_counter()
        records = write(path, args.size_mb * 1024 * 1024, args.gzip)
        written = time.perf_counter() - started
        out = subprocess.run([sys.executable, __file__, "--read", str(path)], capture_output=True, text=True, check=True)
        result = json.loads(out.stdout)
        result.update(file=path.name, file_mb=round(path.stat().st_size / 2**20), records=records + 1,
                      write_seconds=round(written, 1))
        print(json.dumps(result))


if __name__ == "__main__":
    main()
