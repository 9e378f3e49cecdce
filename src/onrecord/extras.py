"""The optional parts of onrecord, and the one error a command raises when its part is not installed.

``pip install onrecord`` is the analyzer alone; the corpus store, the Dask runner, the web app and
training come with extras (``pip install 'onrecord[corpus]'``, see pyproject.toml). A command that
needs one calls ``require`` before importing anything of it, so that a user without the extra gets
one line naming what to install instead of a traceback from deep inside an import.
"""

from __future__ import annotations

import importlib.util

from onrecord.errors import OnrecordError

MODULES: dict[str, tuple[str, ...]] = {
    "corpus": ("duckdb", "pyarrow", "pandas"),  # pandas: the notebook API (onrecord.Corpus)
    "dask": ("distributed", "dask"),
    "web": ("fastapi", "starlette", "uvicorn", "h11", "jinja2", "markupsafe", "python_multipart"),
    "train": ("sklearn", "scipy"),
}
"""The top-level modules each extra brings that onrecord imports, by extra name (as in pyproject.toml)."""


class MissingExtra(OnrecordError):
    """A command needs an extra that is not installed: ``E600 onrecord ingest: ... pip install ...``."""

    code = "E600"


def missing_modules(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here (found without importing them)."""
    return [name for name in MODULES[extra] if importlib.util.find_spec(name) is None]


def require(command: str, *extras: str) -> None:
    """Raise ``MissingExtra`` for the first of ``extras`` that ``command`` needs and is not installed."""
    for extra in extras:
        missing = missing_modules(extra)
        if missing:
            raise MissingExtra(
                f"onrecord {command}",
                f"this command needs the [{extra}] extra ({', '.join(missing)} not installed): "
                f"pip install 'onrecord[{extra}]'",
            )
