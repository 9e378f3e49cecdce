"""Checks shared by the hostile-input tests: the one error shape, inert HTML, the route table.

``assert_error_answer`` takes status, headers and body (from TestClient, a raw
socket or a direct ASGI call alike) and checks the one error shape: JSON under
``/api``, the HTML error page elsewhere, with the security headers.
``assert_inert_html`` parses a page and fails on anything a visitor-given or
stored value could have turned into markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from onrecord.web.errors import SECURITY_HEADERS

WEB = Path(__file__).resolve().parents[2] / "src" / "onrecord" / "web"

CSP = SECURITY_HEADERS["Content-Security-Policy"]

# Every tag the templates and charts can write; anything else in a page came from data.
TEMPLATE_TAGS = frozenset(
    tag
    for source in [*(WEB / "templates").glob("*.html"), WEB / "charts.py"]
    for tag in re.findall(r"<([a-z][a-z0-9]*)", source.read_text())
)
ALLOWED_SCRIPTS = (
    re.compile(r"^\[\('src', '/static/app\.js\?v=[0-9a-f]+'\), \('defer', None\)\]$"),
    re.compile(r"^\[\('type', 'application/json'\), \('id', 'quote-data'\)\]$"),
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


@dataclass
class Route:
    """One route to throw requests at: ``kind`` is ``api`` or ``page``; ``query`` maps each
    parameter the route takes to its schema (OpenAPI's, or the page's own)."""

    method: str
    template: str
    kind: str
    query: dict[str, dict] = field(default_factory=dict)
    body: bool = False

    def path(self, values: dict[str, str]) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], self.template)


# The HTML routes (not in the OpenAPI schema); test_every_route_is_covered keeps this list whole.
DATE = {"type": "string", "date": True}
PAGES = [
    Route("GET", "/", "page"),
    Route("POST", "/analyze", "page", body=True),
    Route("GET", "/analyze/sample", "page"),
    Route("GET", "/articles/{article_id}", "page"),
    Route("GET", "/speakers/{speaker_id}", "page"),
    Route("GET", "/corpus", "page", {"outlet": {"type": "string", "maxLength": 200}, "since": DATE, "until": DATE,
                                     "q": {"type": "string", "maxLength": 200}}),
    Route("GET", "/static/{name}", "page"),
]


def api_routes(schema: dict) -> list[Route]:
    routes = []
    for template, item in schema["paths"].items():
        for method, operation in item.items():
            query = {}
            for param in operation.get("parameters", []):
                if param["in"] == "query":
                    found = param["schema"]
                    for option in found.get("anyOf", []):  # `str | None`: the string's schema
                        if option.get("type") != "null":
                            found = option
                    query[param["name"]] = found
            routes.append(Route(method.upper(), template, "api", query, body="requestBody" in operation))
    return routes


def header(headers, name: str) -> str | None:
    """A header from a dict (any case) or an httpx Headers."""
    if hasattr(headers, "get") and headers.get(name) is not None:
        return headers.get(name)
    for key, value in dict(headers).items():
        if key.lower() == name.lower():
            return value
    return None


def assert_security_headers(headers) -> None:
    assert header(headers, "content-security-policy") == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert header(headers, "x-content-type-options") == "nosniff"


def assert_error_answer(status: int, headers, body: bytes | str, path: str, expected: int | None = None) -> dict:
    """The one error shape; returns the error's fields (parsed from the HTML page for a page)."""
    text = body if isinstance(body, str) else body.decode("utf-8")
    if expected is not None:
        assert status == expected, (path[:200], status, text[:300])
    assert 400 <= status < 500, (path[:200], status, text[:300])
    assert_security_headers(headers)
    content_type = header(headers, "content-type") or ""
    if path.startswith("/api"):
        assert content_type.startswith("application/json"), (path[:200], content_type)
        parsed = json.loads(text)
        assert list(parsed) == ["error"], parsed
        error = parsed["error"]
        assert set(error) == {"status", "code", "message", "details"}, error
        assert error["status"] == status
        assert isinstance(error["code"], str) and error["code"]
        assert isinstance(error["message"], str) and error["message"]
        assert isinstance(error["details"], list)
        return error
    assert content_type.startswith("text/html"), (path[:200], content_type)
    heading = re.search(r"<h1>(\d{3}) · ([\w-]+)</h1>", text)
    assert heading, text[:500]
    assert int(heading.group(1)) == status
    message = re.search(r'<p class="error-message">(.*?)</p>', text, re.S)
    assert message and message.group(1).strip(), text[:500]
    assert_inert_html(text)
    return {"status": status, "code": heading.group(2), "message": message.group(1)}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.scripts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script = []

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


def assert_inert_html(body: str) -> None:
    """No markup a value could have brought: only the templates' tags, no event handler attributes,
    no ``javascript:`` URL, only the page's own two scripts, and quote data with no ``<``."""
    parser = _Tags()
    parser.feed(body)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in TEMPLATE_TAGS, f"<{tag}> is not one the templates write: {attrs}"
        for name, value in attrs:
            assert not name.startswith("on"), f"<{tag} {name}={value!r}>"
            if name in URL_ATTRIBUTES and value:
                assert re.match(r"^(/|#)", value), f"<{tag} {name}={value!r}>"
        if tag == "script":
            assert any(p.match(repr(attrs)) for p in ALLOWED_SCRIPTS), f"<script {attrs}>"
    assert len(parser.scripts) <= 2, parser.scripts
    for content in parser.scripts:
        if content.strip():
            assert "<" not in content
            json.loads(content)
