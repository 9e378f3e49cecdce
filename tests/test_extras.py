"""Declared dependencies and extras: every import is declared, and a missing extra is one line naming it.

A missing extra is simulated in a fresh interpreter by ``sys.modules[name] = None`` (Python then
refuses the import as if the package were not installed), never by uninstalling anything.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from onrecord import extras

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement string (``dask[distributed]>=1`` -> ``dask``)."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)).lower()


def _declared(extra: str | None) -> set[str]:
    """Distributions the core (``extra=None``) or one extra names, following ``onrecord[...]`` references."""
    requirements = PYPROJECT["dependencies"] if extra is None else PYPROJECT["optional-dependencies"][extra]
    names = set()
    for requirement in requirements:
        if _name(requirement) == "onrecord":
            for inner in re.search(r"\[(.*)\]", requirement).group(1).split(","):
                names |= _declared(inner.strip())
        else:
            names.add(_name(requirement))
    return names


def _imported_top_level_modules() -> set[str]:
    """Every top-level module imported anywhere in src/onrecord, at module level or inside functions."""
    found = set()
    for path in (ROOT / "src" / "onrecord").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"onrecord", "__future__"}


def _distributions(module: str) -> set[str]:
    return {_name(d) for d in packages_distributions().get(module, [])}


def test_every_third_party_import_is_declared_in_the_core_or_an_extra():
    declared = _declared(None).union(*(_declared(e) for e in PYPROJECT["optional-dependencies"]))
    modules = _imported_top_level_modules()
    assert {"spacy", "numpy", "duckdb", "fastapi", "sklearn"} <= modules, "the scan sees the imports"
    undeclared = {m: _distributions(m) for m in modules if not _distributions(m) & declared}
    assert undeclared == {}


def test_each_extra_s_modules_are_what_its_requirements_install():
    """``onrecord.extras.MODULES`` (what ``require`` checks) and pyproject's extras name the same packages."""
    for extra, modules in extras.MODULES.items():
        own = {_name(r) for r in PYPROJECT["optional-dependencies"][extra] if _name(r) != "onrecord"}
        provided = set().union(*(_distributions(m) for m in modules))
        assert provided == own, extra


def test_the_analyzer_needs_no_extra():
    core = _declared(None)
    for extra in extras.MODULES:
        assert not _declared(extra) & core - {"onrecord"}, extra
    assert {"spacy", "trafilatura", "warcio", "lxml", "numpy"} <= core


_RUN = """
import sys
for name in {hidden}:
    sys.modules[name] = None
from onrecord.cli import main
sys.exit(main([*sys.argv[1:]]))
"""


def _run(hidden: tuple[str, ...], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    code = _RUN.replace("{hidden}", repr(hidden))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd)


CASES = [
    (("duckdb",), ["quotes", "--db", "c.duckdb"], "corpus"),
    (("pyarrow",), ["ingest", "nothing.txt", "--db", "c.duckdb"], "corpus"),
    (("duckdb", "pyarrow"), ["report", "--db", "c.duckdb"], "corpus"),
    (("distributed",), ["ingest", "nothing.txt", "--db", "c.duckdb", "--scheduler", "tcp://127.0.0.1:1"], "dask"),
    (("fastapi",), ["serve", "--db", "c.duckdb"], "web"),
    (("uvicorn",), ["serve", "--db", "c.duckdb"], "web"),
    (("sklearn",), ["train", "--train", "none", "--dev", "none"], "train"),
]


@pytest.mark.parametrize("hidden,args,extra", CASES, ids=[" ".join(c[1][:1] + list(c[0])) for c in CASES])
def test_a_command_whose_extra_is_missing_says_which_to_install(tmp_path, hidden, args, extra):
    done = _run(hidden, *args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == [f"error: E600 onrecord {args[0]}: this command needs the [{extra}] extra "
                     f"({', '.join(hidden)} not installed): pip install 'onrecord[{extra}]'"]
    assert "Traceback" not in done.stderr and not list(tmp_path.iterdir()), "nothing done, nothing created"


def test_with_the_extra_installed_the_command_goes_on_to_its_own_work(tmp_path):
    """The positive twin: the same commands, nothing hidden, reach their own errors (no E600)."""
    quotes = _run((), "quotes", "--db", "c.duckdb", cwd=tmp_path)
    assert quotes.returncode == 2 and "E402" in quotes.stderr and "E600" not in quotes.stderr
    # Hiding a module of another extra does not stop a command that does not need it.
    unaffected = _run(("sklearn", "fastapi"), "quotes", "--db", "c.duckdb", cwd=tmp_path)
    assert "E402" in unaffected.stderr and "E600" not in unaffected.stderr


def test_require_raises_only_for_a_missing_module(monkeypatch):
    for extra in extras.MODULES:
        extras.require("x", extra)  # all installed in the test environment
    monkeypatch.setitem(sys.modules, "scipy", None)
    with pytest.raises(extras.MissingExtra, match=r"^E600 onrecord train: .*\[train\].*scipy.*'onrecord\[train\]'$"):
        extras.require("train", "corpus", "train")
