"""Malformed requests on every route: a 4xx in the one error shape, never a 500.

Two layers:

- the app, called directly as ASGI with the exact bytes of the request target
  (httpx would re-encode a broken ``%`` escape), under Hypothesis: for each
  route of the OpenAPI schema and each page, a query string with one defect
  (a broken or non-UTF-8 escape, a control character, a repeated parameter,
  an unknown one for the API, a wrong type, a number out of range, a date that
  is not one, a value over its length, an address over 8 kB) must get that
  defect's status; queries that the schema allows must get a 200; and any
  query string at all, or any path parameter, must get an answer under 500;
- the real server (``onrecord serve`` in a subprocess, uvicorn's own HTTP
  parser): request lines of 8 kB and 64 kB, sent at once and in pieces, on
  every route; bytes that are not HTTP; a body over the cap. The server must
  answer each in the error shape and keep serving, with no traceback in its log.
"""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter
from datetime import date

import pytest
from anyio.from_thread import start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from live import Served, request_bytes
from webcheck import PAGES, Route, api_routes, assert_error_answer

from onrecord.web import create_app
from onrecord.web.errors import MAX_TARGET_BYTES

TALLY: Counter = Counter()  # answers by status and malformed requests sent, over the module (printed at its end)

HYPOTHESIS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.data_too_large])


# -- calling the app as ASGI with exact bytes -----------------------------------------------------------

async def _asgi(app, method: str, target: bytes, body: bytes = b"", content_type: bytes = b"application/json"):
    raw_path, _, query = target.partition(b"?")
    headers = [(b"host", b"testserver")]
    if body:
        headers += [(b"content-length", str(len(body)).encode()), (b"content-type", content_type)]
    scope = {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
        "method": method, "scheme": "http", "root_path": "", "headers": headers,
        # As uvicorn builds them: the path percent-decoded (bad UTF-8 as U+FFFD), the raw bytes kept.
        "path": urllib.parse.unquote(raw_path.decode("ascii")), "raw_path": raw_path, "query_string": query,
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }
    sent = False
    answer = {"status": None, "headers": {}, "body": b""}

    async def receive():
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = {k.decode("latin-1"): v.decode("latin-1") for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return answer["status"], answer["headers"], answer["body"]


@pytest.fixture(scope="module")
def app(corpus_db):
    return create_app(corpus_db)


@pytest.fixture(scope="module")
def call(app, corpus_db):
    """``call(method, target_bytes) -> (status, headers, body)``, counted in TALLY.

    A read-only connection to the corpus stays open meanwhile, as under load, so that each
    request's own connection is cheap (DuckDB shares the open database in the process).
    """
    import duckdb

    holder = duckdb.connect(str(corpus_db), read_only=True)
    with start_blocking_portal() as portal:
        def run(method: str, target: bytes, body: bytes = b""):
            status, headers, content = portal.call(_asgi, app, method, target, body)
            TALLY[status] += 1
            return status, headers, content

        yield run
    holder.close()


@pytest.fixture(scope="module")
def ids(call) -> dict[str, str]:
    import json

    articles = json.loads(call("GET", b"/api/articles")[2])
    speakers = json.loads(call("GET", b"/api/speakers?top=5")[2])
    return {"article_id": articles[0]["id"], "speaker_id": speakers[0]["corpus_speaker_id"], "name": "app.js"}


ROUTES = [r for r in api_routes(create_app(":memory:").openapi()) + PAGES if r.method == "GET"]


# -- what is valid, independently of the app's own code ----------------------------------------------------

def is_date(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(*parts[:3])
    except ValueError:
        return False
    return True


def is_date_schema(schema: dict) -> bool:
    return schema.get("date") or schema.get("pattern", "").startswith("^[0-9]{4}")


def enc(text: str) -> str:
    return urllib.parse.quote(text, safe="")


CLEAN = st.characters(exclude_categories=("Cc", "Cs"))
clean_text = st.text(CLEAN, max_size=40)


def valid_value(schema: dict) -> st.SearchStrategy[str]:
    if schema.get("type") == "integer":
        return st.integers(schema.get("minimum", 0), schema.get("maximum", 10**6)).map(str)
    if is_date_schema(schema):
        return st.dates(date(1900, 1, 1), date(2100, 12, 31)).flatmap(
            lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]]))
    choices = re.fullmatch(r"\^\(([\w|]+)\)\$", schema.get("pattern", ""))
    if choices:  # an enumeration: ^(named|pseudonym|...)$
        return st.sampled_from(choices.group(1).split("|"))
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True)
    return st.text(CLEAN, max_size=schema.get("maxLength", 200))


def invalid_value(schema: dict, page: bool) -> st.SearchStrategy[str] | None:
    """Values the parameter's schema refuses (422), as text; ``None`` when there are none."""
    if schema.get("type") == "integer":
        low, high = schema.get("minimum", 0), schema.get("maximum", 10**6)
        return st.one_of(
            st.integers(max_value=low - 1).map(str), st.integers(min_value=high + 1).map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
            st.sampled_from(["", "ten", "1e3", "+5", " 5", "5 ", "1_0", "0x10", "٣", "５", "true", "[]", "5.0"]),
            st.text(st.characters(categories=("L", "P", "S", "Zs")), min_size=1, max_size=20),
        )
    if is_date_schema(schema):
        odd = st.sampled_from(["yesterday", "2023/05/01", "23-05-01", "2023-5-1", "20230501", "2023-05-01T00:00",
                               "2023-13", "2023-00", "2023-02-30", "2023-04-31", "0000", "0000-01-01",
                               "２０２３", "٢٠٢٣", " 2023", "2023 ", "2023-", "-2023", "99999"])
        return st.one_of(odd, st.text(CLEAN, min_size=1 if page else 0, max_size=20)).filter(
            lambda v: not is_date(v) and (v != "" or not page))
    if "pattern" in schema:
        return st.text(CLEAN, max_size=20).filter(lambda v: not re.fullmatch(schema["pattern"][1:-1], v))
    if "maxLength" in schema:
        return st.text(st.characters(categories=("L", "N")), min_size=schema["maxLength"] + 1,
                       max_size=schema["maxLength"] + 300)
    return None


BAD_ESCAPES = ["%", "%%", "%z1", "%4", "%g0", "a%", "%%41", "%ff", "%fe%ff", "%c3%28", "%e2%82", "%ed%a0%80",
               "%c0%af", "%f8%88%80%80%80", "%80", "%c3"]
CONTROLS = [f"%{i:02x}" for i in range(32)] + ["%7f", "%7F", "%0D%0A", "%09"]


@st.composite
def malformed(draw):
    """(route, query bytes, the status the defect calls for)."""
    route = draw(st.sampled_from(ROUTES))
    api = route.kind == "api"
    pairs = []
    for name, schema in route.query.items():  # a valid query to hide the defect in
        if draw(st.booleans()):
            pairs.append((name, enc(draw(valid_value(schema)))))
    if not api and draw(st.booleans()):  # pages ignore parameters they do not take
        pairs.append((draw(st.sampled_from(["utm_source", "x", "ref"])), enc(draw(clean_text))))
    kinds = ["escape-in-value", "escape-in-name", "control-in-value", "control-in-name", "repeated", "too-long-url"]
    invalid = {n: invalid_value(s, not api) for n, s in route.query.items()}
    if any(v is not None for v in invalid.values()):
        kinds.append("invalid-value")
    if api:
        kinds.append("unknown")
    kind = draw(st.sampled_from(kinds))
    expected = {"repeated": 422, "unknown": 422, "invalid-value": 422, "too-long-url": 414}.get(kind, 400)
    name = draw(st.sampled_from(sorted(route.query))) if route.query else "x"
    bad = draw(st.sampled_from(BAD_ESCAPES if kind.startswith("escape") else CONTROLS))
    where = draw(st.integers(0, len(pairs)))
    text = enc(draw(clean_text))
    # "~" after the defect: "%4" followed by "0" would be the valid escape "%40".
    if kind == "escape-in-value" or kind == "control-in-value":
        defect = [(name, text + bad + "~" + text)]
    elif kind == "escape-in-name" or kind == "control-in-name":
        defect = [(name + bad + "~", text)]
    elif kind == "repeated":
        value = enc(draw(valid_value(route.query[name]))) if route.query else text
        pairs = [p for p in pairs if p[0] != name]
        defect = [(name, value), (name, value)]
    elif kind == "unknown":
        unknown = draw(st.text(st.characters(categories=("L", "N")), min_size=1, max_size=20).filter(
            lambda n: n not in route.query))
        defect = [(enc(unknown), text)]
    elif kind == "invalid-value":
        name = draw(st.sampled_from(sorted(n for n, v in invalid.items() if v is not None)))
        pairs = [p for p in pairs if p[0] != name]
        defect = [(name, enc(draw(invalid[name])))]
    else:
        size = draw(st.sampled_from([MAX_TARGET_BYTES + 1, MAX_TARGET_BYTES + 1000, 30_000]))
        defect = [("pad", "a" * size)]
    pairs[where:where] = defect
    query = "&".join(f"{n}={v}" for n, v in pairs).encode("ascii")
    return route, query, expected


@pytest.fixture(scope="module", autouse=True)
def tally():
    """The figures for the report (run with -s to see them); each test asserts its own answers."""
    yield
    statuses = sorted((k, v) for k, v in TALLY.items() if isinstance(k, int))
    print(f"\n[test_malformed] malformed requests sent: {TALLY['malformed']}; answers by status: {statuses}")


@HYPOTHESIS
@given(case=malformed())
def test_a_malformed_query_gets_its_4xx_in_the_error_shape(call, ids, case):
    route, query, expected = case
    path = route.path(ids)
    target = path.encode("ascii") + b"?" + query
    if len(target) > MAX_TARGET_BYTES:
        expected = 414
    status, headers, body = call("GET", target)
    TALLY["malformed"] += 1
    assert_error_answer(status, headers, body, path, expected)


@st.composite
def valid(draw):
    route = draw(st.sampled_from(ROUTES))
    pairs = [(name, enc(draw(valid_value(schema)))) for name, schema in route.query.items() if draw(st.booleans())]
    if route.kind == "page" and draw(st.booleans()):
        pairs.append(("utm_source", enc(draw(clean_text))))
    return route, "&".join(f"{n}={v}" for n, v in pairs).encode("ascii")


@settings(HYPOTHESIS, max_examples=150)
@given(case=valid())
def test_a_query_the_schema_allows_gets_a_200(call, ids, case):
    route, query = case
    path = route.path(ids)
    status, headers, body = call("GET", path.encode("ascii") + (b"?" + query if query else b""))
    assert status == 200, (path, query[:300], body[:300])


@HYPOTHESIS
@given(route=st.sampled_from(ROUTES), query=st.binary(max_size=300).map(
    lambda b: bytes(c for c in b if 0x21 <= c <= 0x7e and c != 0x23)))  # printable ASCII but '#'
def test_any_query_string_gets_an_answer_under_500(call, ids, route, query):
    path = route.path(ids)
    status, headers, body = call("GET", path.encode("ascii") + b"?" + query)
    TALLY["malformed"] += 1
    assert status < 500, (path, query, body[:300])
    if status >= 400:
        assert_error_answer(status, headers, body, path)


@HYPOTHESIS
@given(route=st.sampled_from([r for r in ROUTES if "{" in r.template]),
       value=st.one_of(st.text(min_size=1, max_size=100).map(enc),
                       st.sampled_from(BAD_ESCAPES + CONTROLS + ["..", ".", "%2e%2e", "%2F", "a%2Fb", "~", "%20"])))
def test_any_path_parameter_gets_a_404_or_a_400(call, route, value):
    path = re.sub(r"\{\w+\}", lambda m: value, route.template)
    status, headers, body = call("GET", path.encode("ascii"))
    TALLY["malformed"] += 1
    try:
        text = urllib.parse.unquote_to_bytes(value).decode("utf-8")
        clean = not re.search(r"%(?![0-9A-Fa-f]{2})", value) and not any(ord(c) < 32 or ord(c) == 127 for c in text)
    except UnicodeDecodeError:
        clean = False
    if clean and route.template == "/static/{name}" and text in ("app.js", "app.css", "favicon.svg"):
        assert status == 200
    elif clean and text.endswith("/") and status == 307:  # %2F decodes to a path separator: Starlette's
        assert headers["location"].startswith("http://testserver/")  # trailing-slash redirect, same host
    else:
        assert_error_answer(status, headers, body, path, 404 if clean else 400)


@pytest.mark.parametrize("body,expected", [
    (b"{", 422), (b"[]", 422), (b'{"text": 5}', 422), (b'{"text": null}', 422), (b'{"text": ""}', 422),
    (b'{"text": "\\ud800"}', 422), (b'{"txt": "x"}', 422), (b"\xff\xfe", 422), (b'{"text": "\xff"}', 400),
    (b"[" * 10_000 + b"]" * 10_000, 400),
    (b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}", 400), (b"null", 422), (b'"text"', 422),
])
def test_a_malformed_analyze_body_is_refused(call, body, expected):
    status, headers, content = call("POST", b"/api/analyze", body)
    TALLY["malformed"] += 1
    error = assert_error_answer(status, headers, content, "/api/analyze", expected)
    if body == b"{":
        assert error["message"] == "The request body is not valid JSON (at character 1)."


# -- the real server: uvicorn's parser, long request lines ------------------------------------------------

@pytest.fixture(scope="module")
def served(corpus_db, tmp_path_factory):
    server = Served(corpus_db, tmp_path_factory.mktemp("served") / "serve.log")
    yield server
    log = server.log()
    server.stop()
    assert "Traceback" not in log and "unexpected error" not in log, log[-3000:]


def assert_serving(served) -> None:
    assert served.alive()
    raw = served.raw(request_bytes("GET", b"/api/status"))
    assert raw.status == 200 and raw.json()["available"] is True


def long_targets(route: Route, ids: dict, size: int) -> list[bytes]:
    """Request targets of about ``size`` bytes: a long query and, where the route takes one, a long path value."""
    path = route.path(ids).encode("ascii")
    targets = [path + b"?q=" + b"a" * (size - len(path) - 3)]
    if "{" in route.template:
        name = re.search(r"\{(\w+)\}", route.template).group(1)
        long_id = "b" * (size - len(route.path({**ids, name: ""})))
        targets.append(route.path({**ids, name: long_id}).encode("ascii"))
    return targets


@pytest.mark.parametrize("size", [MAX_TARGET_BYTES + 1, 8 * 1024 + 100, 64 * 1024])
def test_a_long_url_gets_414_from_the_real_server(served, ids, size):
    """8 kB and 64 kB addresses on every route, sent at once (the app refuses them) and in 1 kB
    pieces (uvicorn's parser gives up past 16 kB; its answer is in the error shape too)."""
    sent = 0
    for route in ROUTES:
        for target in long_targets(route, ids, size):
            assert len(target) >= size
            for chunk in (None, 1024):
                raw = served.raw(request_bytes("GET", target), chunk=chunk)
                path = target.split(b"?")[0].decode("ascii")
                error = assert_error_answer(raw.status, raw.headers, raw.body, path, 414)
                assert error["code"] == "uri-too-long"
                sent += 1
                TALLY["malformed"] += 1
                TALLY[raw.status] += 1
    assert sent >= 2 * len(ROUTES)
    assert_serving(served)


def test_an_address_just_under_the_limit_is_served(served, ids):
    """Long but within the limit: the route answers (a 404 for an unknown id, 422 for a value
    over its length), not 414."""
    for route in ROUTES:
        for target in long_targets(route, ids, MAX_TARGET_BYTES - 10):
            raw = served.raw(request_bytes("GET", target))
            TALLY[raw.status] += 1
            assert raw.status in (200, 404, 422), (route.template, raw.status, raw.body[:200])
            if raw.status != 200:
                assert_error_answer(raw.status, raw.headers, raw.body, target.split(b"?")[0].decode())
    assert_serving(served)


@pytest.mark.parametrize("name,request_,expected", [
    ("raw non-ASCII in the path", request_bytes("GET", "/corpus/é".encode()), 400),
    ("raw 0xff in the query", request_bytes("GET", b"/api/articles?outlet=\xff"), 400),
    ("raw NUL in the path", request_bytes("GET", b"/api/x\x00y"), 400),
    ("a space in the target", b"GET /api/ status HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("%ff in the path", request_bytes("GET", b"/articles/%ff"), 400),
    ("%00 in the query", request_bytes("GET", b"/api/quotes?search=%00"), 400),
    ("a bare % in the query", request_bytes("GET", b"/corpus?q=100%"), 400),
    ("a repeated parameter", request_bytes("GET", b"/api/articles?limit=1&limit=2"), 422),
    ("not HTTP at all", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03hello\r\n\r\n", 400),
    ("no version", b"GET /\r\n\r\n", 400),
    ("a bad Content-Length", request_bytes("POST", b"/api/analyze", {"Content-Length": "abc"}), 400),
    ("a negative Content-Length", request_bytes("POST", b"/api/analyze", {"Content-Length": "-5"}), 400),
    ("two Content-Lengths", request_bytes("POST", b"/api/analyze", {"Content-Length": "1", "content-length": "2"}),
     400),
    ("a header without a colon", b"GET / HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n", 400),
    ("a 20 kB header", request_bytes("GET", b"/corpus", {"X-Long": "a" * 20_000}), 431),
    ("a method that is not one", b"G@T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
])
def test_a_request_the_parser_refuses_gets_the_error_shape(served, name, request_, expected):
    raw = served.raw(request_, chunk=1024 if expected == 431 else None)
    TALLY["malformed"] += 1
    TALLY[raw.status] += 1
    path = request_.split(b" ")[1].split(b"?")[0].decode("ascii", "replace") if b" /" in request_ else "/api"
    if raw.headers.get("content-type", "").startswith("application/json"):
        path = "/api" + path  # uvicorn could not read the path from a request it refused: JSON
    assert_error_answer(raw.status, raw.headers, raw.body, path, expected)
    assert_serving(served)


def test_an_oversized_body_gets_413_from_the_real_server(served):
    import httpx

    big = b'{"text": "' + b"x" * 3_000_000 + b'"}'
    raw = served.raw(request_bytes("POST", b"/api/analyze", {"Content-Type": "application/json"}, big))
    error = assert_error_answer(raw.status, raw.headers, raw.body, "/api/analyze", 413)
    assert error["details"][0]["size_bytes"] == len(big)
    page = served.raw(request_bytes("POST", b"/analyze", {"Content-Type": "application/x-www-form-urlencoded"},
                                    b"text=" + b"x" * 3_000_000))
    assert_error_answer(page.status, page.headers, page.body, "/analyze", 413)
    # Streamed, without a Content-Length: refused when it passes the cap.
    chunks = (b"x" * 65536 for _ in range(160))  # 10 MB: more than the socket buffers hold
    streamed = httpx.post(served.url + "/api/analyze", content=chunks, headers={"content-type": "application/json"},
                          timeout=30)
    assert_error_answer(streamed.status_code, streamed.headers, streamed.content, "/api/analyze", 413)
    TALLY.update([413, 413, 413])
    TALLY["malformed"] += 3
    assert_serving(served)


