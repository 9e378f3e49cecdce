#!/usr/bin/env python
"""Coverage-guided fuzzing of the HTML, WARC and JSONL readers with atheris.

Each input is fed to one reader the two ways the CLI reads it: as a file
(``extract_html`` on the file's bytes, ``iter_jsonl``/``iter_warc`` on a
binary file object) and as standard input (``iter_inputs(["-"], fmt)``).
Every article a reader yields then goes through the checks the pipeline runs
before parsing (``find_damage``, ``detect_language``, ``DuplicateFinder``)
and into an ``Article`` record rendered as JSON, as the CLI would print it.

Expected outcomes: articles, and the readers' coded errors (``InputError``
and its subclasses in ``onrecord.errors`` and ``onrecord.ingest.errors``),
raised or yielded, whose message is one line starting with the code. Any
other exception, or a check failing, is a crash: its first input is saved
under ``--workdir`` and its traceback printed once; fuzzing goes on, so one
run finds every distinct crash. The run ends after ``--seconds`` with the
counts; the exit status is 1 when there was a crash.

    python scripts/fuzz_readers.py --reader html --seconds 420
    python scripts/fuzz_readers.py --reader jsonl --replay /tmp/onrecord-fuzz/jsonl/crashes/*.bin

Seeds are built here (``seeds``), small valid inputs of each format; the
corpus grows in ``--workdir`` (default ``$TMPDIR/onrecord-fuzz/<reader>``),
outside the repository. The harness (``run_one``) needs no atheris: the test
suite drives it with hypothesis (tests/reliability/test_fuzz_readers.py).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import io
import json
import os
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

READERS = ("html", "warc", "jsonl")
WHERE = "<fuzz>"
_ERROR_LINE = re.compile(r"E1\d\d \S.*")

# -- the harness -------------------------------------------------------------------


def run_one(reader: str, data: bytes) -> Counter:
    """Read ``data`` with ``reader`` both ways; counts of outcomes, or the exception of a crash."""
    from onrecord.errors import InputError
    from onrecord.ingest import IngestStats, iter_inputs, sniff_format
    from onrecord.ingest.html import extract_html
    from onrecord.ingest.jsonl import iter_jsonl
    from onrecord.ingest.warc import iter_warc

    assert sniff_format(data[:4096]) in ("txt", "html", "warc", "jsonl")
    items: list = []
    try:
        if reader == "html":
            items.append(extract_html(data, WHERE))
        elif reader == "jsonl":
            items.extend(iter_jsonl(io.BytesIO(data), WHERE, "fuzz"))
        else:
            items.extend(iter_warc(io.BytesIO(data), WHERE, IngestStats()))
    except InputError as exc:
        items.append(exc)
    items.extend(iter_inputs(["-"], input_format=reader, stdin=io.BytesIO(data), stats=IngestStats()))
    outcome: Counter = Counter()
    for item in items:
        if isinstance(item, InputError):
            check_error(item)
            outcome[item.code] += 1
        else:
            check_article(item, reader)
            outcome["article"] += 1
    return outcome


def check_error(error) -> None:
    """A reader's error is one line that starts with its code, as the CLI prints it."""
    message = str(error)
    assert _ERROR_LINE.fullmatch(message), f"not a one-line coded message: {message!r}"
    assert message.startswith(error.code), message


def check_article(raw, reader: str) -> None:
    """What a reader yields can be checked, analysed and printed."""
    from onrecord.ingest import DuplicateFinder, RawArticle, detect_language, find_damage
    from onrecord.records import Article

    assert isinstance(raw, RawArticle), type(raw)
    assert isinstance(raw.text, str) and raw.text.strip(), "an article without text"
    raw.text.encode("utf-8")  # spaCy and the JSON output need text that is valid Unicode
    for name in ("id", "path", "url", "title", "author", "published", "site_name", "language"):
        value = getattr(raw, name)
        assert value is None or isinstance(value, str), (name, value)
        if value is not None:
            value.encode("utf-8")
    damage = find_damage(raw.text)
    for warning in damage.warnings:
        for start, end in warning.spans:
            assert 0 <= start <= end <= len(raw.text), (warning.code, start, end, len(raw.text))
    for start, end in damage.excluded:
        assert 0 <= start <= end <= len(raw.text), ("excluded", start, end)
    detect_language(raw.text)
    finder = DuplicateFinder()
    assert finder.check(raw) is None
    assert finder.check(raw) in (None, raw.id), "a duplicate of an article not seen"
    article = Article(
        id=raw.id, path=raw.path, url=raw.url, title=raw.title, author=raw.author, published=raw.published,
        site_name=raw.site_name, language=raw.language, source_format=raw.source_format, text=raw.text,
        warnings=list(raw.warnings) + damage.warnings,
    )
    assert article.source_format == reader, article.source_format
    json.dumps(article.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")
    article.model_dump_json()


def crash_signature(exc: BaseException) -> str:
    """Type and innermost frame of the project (else the innermost): one crash, one signature."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "onrecord" in f.filename or f.filename == __file__]
    frame = (ours or frames or [None])[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    return f"{type(exc).__name__} at {where}"


# -- seeds -------------------------------------------------------------------------

_PARAGRAPHS = [
    "\u201cThis is a result of Putin\u2019s war,\u201d he says, angrily. \u201cAs a Christian, it offends me.\u201d",
    "The soldier, whose name CNN agreed not to reveal, goes by the call-sign \u201cCaesar.\u201d",
    "According to officials, the bridge will reopen next year, the mayor said.",
]


def _page(charset: str = "utf-8", lang: str = "en", extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in _PARAGRAPHS)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="{charset}">'
        "<title>Russians fight for Ukraine | Example News</title>"
        '<meta property="og:site_name" content="Example News"><meta name="author" content="A. Reporter">'
        '<meta property="article:published_time" content="2022-12-02T08:00:00Z">'
        '<link rel="canonical" href="https://news.example.com/a"></head><body>'
        "<nav><a href='/'>Home</a></nav><article><h1>Russians fight for Ukraine</h1>"
        f"{body}<blockquote>\u201cWe will win,\u201d she said.</blockquote>{extra}</article>"
        "<footer><p>Copyright 2022</p></footer></body></html>"
    )


def _warc(pages: list[tuple[str, str, str, bytes]], compress: bool) -> bytes:
    """A warcinfo record and one response per page; record ids and dates fixed, so seeds never change."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)

    def fixed(number: int) -> dict:
        return {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{number:012d}>",
                "WARC-Date": "2022-12-02T08:00:00Z"}

    info = writer.create_warcinfo_record("fuzz.warc", {"software": "fuzz"})
    for name, value in fixed(0).items():
        info.rec_headers.replace_header(name, value)
    writer.write_record(info)
    for number, (uri, status, content_type, body) in enumerate(pages, start=1):
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict=fixed(number)))
    return out.getvalue()


@functools.lru_cache(maxsize=None)
def seeds(reader: str) -> dict[str, bytes]:
    """Small valid (and a few typical broken) inputs of ``reader``'s format (do not change the dict)."""
    if reader == "html":
        table = "<table><tr><td>a</td><td>\u201cb\u201d</td></tr></table><ul><li>one</li></ul><pre>x = 1</pre>"
        return {
            "page": _page().encode("utf-8"),
            "latin1": _page("iso-8859-1").replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
            .encode("latin-1"),
            "utf16": _page("utf-16").encode("utf-16"),
            "elements": _page(extra=table).encode("utf-8"),
            "fragment": b"<p>He said the bridge would reopen.</p>",
            "empty-body": b"<html><body></body></html>",
        }
    if reader == "jsonl":
        line = {"id": "a1", "url": "https://news.example.com/a", "title": "T", "published": "2022-12-02",
                "outlet": "Example News", "text": "\n\n".join(_PARAGRAPHS), "lang": "en"}
        return {
            "lines": b"\n".join(
                json.dumps(obj, ensure_ascii=asc).encode("utf-8")
                for obj, asc in [(line, False), ({"text": _PARAGRAPHS[0]}, True), ({"text": "x", "id": 7}, False)]
            ) + b"\n",
            "bad-lines": b'{"text": ""}\n[1, 2]\n{"text": "ok \\u201cyes\\u201d"}\n\n{broken\n\xff\xfe\n',
            "one": json.dumps({"text": _PARAGRAPHS[2], "url": "http://example.com/x?y=1#z"}).encode("utf-8"),
        }
    page = _page().encode("utf-8")
    pages = [
        ("https://news.example.com/a", "200 OK", "text/html; charset=utf-8", page),
        ("https://news.example.com/gone", "404 Not Found", "text/html", b"<p>gone</p>"),
        ("https://news.example.com/b", "200 OK", "application/xhtml+xml", _page("iso-8859-1").encode("latin-1", "replace")),
    ]
    plain = _warc(pages, compress=False)
    return {
        "plain": plain,
        "gzip": _warc(pages, compress=True),
        "one-record": _warc(pages[:1], compress=False),
        "cut": plain[: len(plain) - 200],
        "gzip-whole-file": gzip.compress(plain, mtime=0),
    }


# Tokens the mutator may splice in: format keywords and the values that broke readers before.
_DICTIONARY = {
    "html": [
        b"<html>", b"<head>", b"<body>", b"<article>", b"</article>", b"<p>", b"</p>", b"<br>", b"<div>", b"</div>",
        b"<meta charset=\"", b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=", b"utf-7",
        b"utf-16", b"utf-32", b"idna", b"punycode", b"unicode_escape", b"raw_unicode_escape", b"hz",
        b"iso-2022-jp", b"cp1252", b"\\ud800", b"+2AA-", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"&#0;", b"&#xd800;",
        b"&#1114112;", b"&amp;", b"<script>", b"<style>", b"<title>", b"<table>", b"<tr>", b"<td>", b"<li>",
        b"<blockquote>", b"<pre>", b"<code>", b"<h1>", b"<time datetime=\"", b"<html lang=\"", b"\x00",
        b"<meta property=\"og:site_name\" content=\"", b"<link rel=\"canonical\" href=\"", b"http://[",
        b"<meta name=\"author\" content=\"", b"<meta property=\"article:published_time\" content=\"", b"\xef\xbb\xbf",
    ],
    "warc": [
        b"WARC/1.0\r\n", b"WARC/1.1\r\n", b"WARC-Type: response\r\n", b"WARC-Type: revisit\r\n",
        b"WARC-Type: resource\r\n", b"WARC-Target-URI: ", b"WARC-Date: ", b"Content-Length: ", b"\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n", b"HTTP/1.0 200\r\n", b"Content-Type: text/html; charset=",
        b"Content-Type: application/http; msgtype=response\r\n", b"Transfer-Encoding: chunked\r\n",
        b"Content-Encoding: gzip\r\n", b"Content-Encoding: br\r\n", b"Content-Encoding: deflate\r\n",
        b"\x1f\x8b\x08\x00", b"utf-7", b"idna", b"unicode_escape", b"0\r\n\r\n", b"-1", b"99999999999999999999",
        b"<p>", b"</p>", b"<meta charset=\"",
    ],
    "jsonl": [
        b"{\"text\": \"", b"\"}\n", b"\"id\": ", b"\"url\": \"", b"\"title\": ", b"\"published\": ", b"\"outlet\": ",
        b"\\ud800", b"\\udc00", b"\\u0000", b"\\u201c", b"null", b"true", b"1e999", b"NaN", b"-Infinity",
        b"[", b"]", b"{", b"}", b"http://[", b"\r", b"\x0b", b"\x1c", b"\xe2\x80\xa8", b"\xc0\x80", b"\xed\xa0\x80",
    ],
}


def _dictionary_file(reader: str, path: Path) -> Path:
    def escape(token: bytes) -> str:
        return "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else f"\\x{b:02x}" for b in token)

    path.write_text("".join(f'"{escape(t)}"\n' for t in _DICTIONARY[reader]), encoding="ascii")
    return path


# -- the fuzzer ------------------------------------------------------------------------


class Fuzzer:
    """Runs ``run_one`` on each input, keeping counts and the first input of each crash."""

    def __init__(self, reader: str, seconds: float, crashes: Path, stop_on_crash: bool = False):
        self.reader, self.seconds, self.crashes_dir, self.stop = reader, seconds, crashes, stop_on_crash
        self.started = time.monotonic()
        self.last_report = self.started
        self.inputs = 0
        self.crashes = 0
        self.distinct: dict[str, str] = {}  # signature -> saved input
        self.outcomes: Counter = Counter()

    def __call__(self, data: bytes) -> None:
        now = time.monotonic()
        if now - self.started >= self.seconds:
            self.finish()
        if now - self.last_report >= 60:
            self.last_report = now
            print(f"[{self.reader}] {now - self.started:.0f}s: {self.summary()}", flush=True)
        self.inputs += 1
        try:
            self.outcomes.update(run_one(self.reader, data))
        except Exception as exc:  # noqa: BLE001 - anything but a coded error is what we hunt
            self.crashes += 1
            signature = crash_signature(exc)
            if signature not in self.distinct:
                name = f"{self.reader}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
                (self.crashes_dir / name).write_bytes(data)
                self.distinct[signature] = name
                print(f"\n=== CRASH {signature} (input saved as {self.crashes_dir / name})", flush=True)
                traceback.print_exc()
            if self.stop:
                raise

    def summary(self) -> str:
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return (f"inputs tried: {self.inputs}, crashes: {self.crashes}, distinct crashes: {len(self.distinct)}"
                f" (outcomes: {outcomes})")

    def finish(self) -> None:
        elapsed = time.monotonic() - self.started
        print(f"\n[{self.reader}] done after {elapsed:.0f}s: {self.summary()}", flush=True)
        for signature, name in self.distinct.items():
            print(f"  crash {signature}: {self.crashes_dir / name}", flush=True)
        os._exit(1 if self.crashes else 0)  # libFuzzer keeps no Python state worth unwinding


def replay(reader: str, paths: list[str]) -> int:
    """Run saved inputs once each, printing the traceback of each crash."""
    failed = 0
    for name in paths:
        try:
            outcome = run_one(reader, Path(name).read_bytes())
            print(f"{name}: ok {dict(outcome)}")
        except Exception:  # noqa: BLE001
            failed += 1
            print(f"{name}: CRASH")
            traceback.print_exc()
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reader", choices=READERS, required=True)
    parser.add_argument("--seconds", type=float, default=60, help="how long to fuzz (default 60)")
    parser.add_argument("--workdir", type=Path, help="corpus and crashes (default $TMPDIR/onrecord-fuzz/READER)")
    parser.add_argument("--max-len", type=int, help="largest input in bytes (default 16384; jsonl 4096)")
    parser.add_argument("--stop-on-crash", action="store_true", help="stop at the first crash")
    parser.add_argument("--replay", nargs="+", metavar="FILE", help="run these inputs once instead of fuzzing")
    parser.add_argument("libfuzzer", nargs="*", help="extra libFuzzer flags, after --")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.reader, args.replay)

    import atheris

    with atheris.instrument_imports(include=["onrecord", "trafilatura", "htmldate", "courlan", "justext", "warcio"]):
        import onrecord.ingest  # noqa: F401
        import onrecord.ingest.html  # noqa: F401
        import onrecord.ingest.jsonl  # noqa: F401
        import onrecord.ingest.warc  # noqa: F401
        import onrecord.records  # noqa: F401
        import trafilatura  # noqa: F401
        import warcio  # noqa: F401

    workdir = args.workdir or Path(tempfile.gettempdir()) / "onrecord-fuzz" / args.reader
    corpus, crashes = workdir / "corpus", workdir / "crashes"
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    for name, data in seeds(args.reader).items():
        (corpus / f"seed-{name}").write_bytes(data)
    dictionary = _dictionary_file(args.reader, workdir / "tokens.dict")
    max_len = args.max_len or (4096 if args.reader == "jsonl" else 16384)
    fuzzer = Fuzzer(args.reader, args.seconds, crashes, args.stop_on_crash)
    flags = [
        sys.argv[0], str(corpus), f"-dict={dictionary}", f"-max_len={max_len}", "-timeout=60",
        f"-max_total_time={int(args.seconds) + 120}", "-rss_limit_mb=3072", f"-artifact_prefix={crashes}/",
        "-print_final_stats=1", *args.libfuzzer,
    ]
    print(f"fuzzing the {args.reader} reader for {args.seconds:.0f}s: {' '.join(flags[1:])}", flush=True)
    atheris.Setup(flags, fuzzer)
    atheris.Fuzz()
    fuzzer.finish()  # only reached when libFuzzer stops first (-runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
