"""Nothing imports upward: each stage uses only the stages before it and the base modules.

The pipeline runs ingest -> nlp -> attribution -> speakers -> sourcing, and the record goes to
output, the store and the interfaces. A stage that imports a later one ties the order in a knot
(attribution could no longer be tested or reused without speakers, say). The table below ranks
every top-level module or package of ``onrecord``; a module may import modules of its own rank
or lower. The test reads the imports with ``ast`` (also those inside functions), so it needs no
import of the package and fails on the line that breaks the order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import onrecord

_PACKAGE = Path(onrecord.__file__).resolve().parent

# Rank of each top-level module or subpackage of onrecord, lowest first.
_RANKS = {
    # Base modules, importable from anywhere: the record model and what every stage shares.
    "errors": 0, "records": 0, "spans": 0, "lexicons": 0, "options": 0, "timing": 0, "compute": 0, "models": 0,
    "extras": 0,
    "ingest": 1,
    "attribute_table": 2, "model": 2, "nlp": 2, "empty_tokenizer": 2, "lemma_table": 2,
    "attribution": 3,
    "speakers": 4,
    "sourcing": 5,
    "pipeline": 6, "output": 6,
    # What reads or stores the records.
    "evaluation": 7, "store": 7,
    "training": 8, "batch": 8, "web": 8, "benchmark": 8, "corpus_api": 8,
    "cli": 9, "cli_corpus": 9, "cli_train": 9, "cli_web": 9,
}
# ``import onrecord`` / ``from onrecord import __version__``: the package's own name, importable
# from anywhere. The package's __init__ offers ``onrecord.analyze`` (it imports the pipeline
# lazily), so as an importer it ranks with the interfaces.
_PACKAGE_ITSELF_RANK = 0
_PACKAGE_INIT_RANK = 9
# (importing module, imported module) pairs allowed against the order, with the reason.
_EXCEPTIONS: dict[tuple[str, str], str] = {}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(_PACKAGE.rglob("*.py")):
        parts = path.relative_to(_PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append((".".join(parts), path))
    return found


def _imported(module: str, path: Path) -> list[tuple[str, int]]:
    """Every onrecord module ``path`` imports, with the line: ``from onrecord import x`` as ``onrecord.x``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            if base == "onrecord":
                names += [(f"onrecord.{alias.name}", node.lineno) for alias in node.names]
            else:
                names.append((base, node.lineno))
    return [(name, line) for name, line in names if name == "onrecord" or name.startswith("onrecord.")]


def _rank(module: str, importing: bool) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return _PACKAGE_INIT_RANK if importing else _PACKAGE_ITSELF_RANK
    is_module = (_PACKAGE / parts[1]).is_dir() or (_PACKAGE / f"{parts[1]}.py").exists()
    if not importing and not is_module:
        return _PACKAGE_ITSELF_RANK  # ``from onrecord import __version__``: an attribute of the package
    assert parts[1] in _RANKS, f"{module} is not in the rank table of tests/test_layers.py: give it a rank"
    return _RANKS[parts[1]]


def test_every_module_has_a_rank():
    for module, _ in _modules():
        _rank(module, importing=True)


def test_the_rank_table_names_only_modules_that_exist():
    for name in _RANKS:
        assert (_PACKAGE / name).is_dir() or (_PACKAGE / f"{name}.py").exists(), name


@pytest.mark.parametrize("module,path", _modules(), ids=lambda value: value if isinstance(value, str) else "")
def test_no_upward_import(module, path):
    rank = _rank(module, importing=True)
    upward = []
    for name, line in _imported(module, path):
        if _rank(name, importing=False) > rank and (module, name) not in _EXCEPTIONS:
            upward.append(f"{path.name}:{line} imports {name}")
    assert not upward, upward


def test_an_upward_import_is_found(tmp_path):
    """The check sees a late stage imported by an early one, at top level or inside a function."""
    early = tmp_path / "early.py"
    early.write_text("def f():\n    from onrecord.sourcing import summary\n", encoding="utf-8")
    imported = _imported("onrecord.attribution.early", early)
    assert imported == [("onrecord.sourcing", 2)]
    assert _rank("onrecord.sourcing", importing=False) > _rank("onrecord.attribution.early", importing=True)
    # Its twin: the same import in a later stage is in order.
    assert _rank("onrecord.sourcing", importing=False) <= _rank("onrecord.web.early", importing=True)
