"""Files the web app serves, read from the installed package once, at start-up.

No request path ever reaches the file system: static assets are looked up by
name in the ``STATIC`` table built here, templates by names written in the
code, and the sample article is read from the package's own data.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

SAMPLE_NAME = "russians-fighting-for-ukraine.txt"

_MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}


def _package_dir(name: str):
    return resources.files("onrecord.web").joinpath(name)


@lru_cache(maxsize=1)
def static_files() -> dict[str, tuple[bytes, str]]:
    """Every file under ``static/``: name -> (content, media type)."""
    table = {}
    for entry in _package_dir("static").iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
        if entry.is_file() and suffix in _MEDIA_TYPES:
            table[entry.name] = (entry.read_bytes(), _MEDIA_TYPES[suffix])
    return table


@lru_cache(maxsize=1)
def sample_text() -> str:
    """The founding sample (``examples/russians-fighting-for-ukraine.txt``), shipped in the package."""
    return _package_dir("samples").joinpath(SAMPLE_NAME).read_bytes().decode("utf-8")
