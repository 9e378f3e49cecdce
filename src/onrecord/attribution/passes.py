"""The attribution stage as named passes, each ``(doc, drafts, context) -> drafts``, run in a stated order.

Every rule or learned step of the stage is a pass registered here by name
(``@register``); ``passes.toml`` (package data) lists them in the order they
run, each with a line saying why it sits where it does in the data flow, and
with its thresholds. ``run_passes`` runs them in that order, skipping those
``Options.without`` names, so ``onrecord eval --without PASS`` measures what
one pass buys.

A pass reads the article (``doc``) and the drafts so far, and may read or leave
what later passes need in its ``Context``: the tagging, the options, the
quotation scan, the loaded models, the thresholds, and what the earlier passes
found (the direct quotes, the reported speech, the tagger's sources to lend).
The passes themselves live next to the rules they wrap (``assemble.py``, and
``sources.py`` for who speaks); this module knows only their names.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable

from spacy.tokens import Doc

from onrecord.attribution.boundaries import BoundaryModel
from onrecord.attribution.choice import ChoiceModel, choice_model
from onrecord.attribution.direct import DirectResult
from onrecord.attribution.draft import Draft
from onrecord.attribution.quotes import QuotationScan, find_quotations
from onrecord.model import Tagging
from onrecord.options import Options
from onrecord.spans import DisjointSpans, Offsets, doc_text

CONFIG_FILE = "passes.toml"


@dataclass
class Context:
    """What the passes share besides the drafts: their inputs, and what earlier passes leave for later ones."""

    options: Options
    tagging: Tagging | None
    scan: QuotationScan  # every quotation of the text, and the warnings of reading them
    choice: ChoiceModel | None  # the learned choice, when the model is there and the text was tagged
    boundaries: BoundaryModel | None  # the learned reading of contents, likewise
    thresholds: dict[str, dict[str, float]]  # per pass name, as ``passes.toml`` gives them
    direct: DirectResult = field(default_factory=lambda: DirectResult([], [], []))
    direct_drafts: list[Draft] = field(default_factory=list)  # the direct quotes (or interview turns)
    quoted: list[Offsets] = field(default_factory=list)  # their contents as found, before any shaping
    reported: list[Draft] = field(default_factory=list)  # reported speech from the rules, then the choice
    loans: list[Draft] = field(default_factory=list)  # tagger drafts whose words a rule draft claimed
    sourceless: list[Draft] = field(default_factory=list)  # the rule drafts that may borrow a source

    @classmethod
    def start(cls, doc: Doc, options: Options, tagging: Tagging | None,
              boundaries: BoundaryModel | None = None) -> "Context":
        """The context before any pass: the quotations scanned, the choice loaded when there is a tagging."""
        return cls(options, tagging, find_quotations(doc_text(doc)),
                   choice_model() if tagging is not None else None, boundaries, thresholds())

    @property
    def quotations(self) -> DisjointSpans:
        """Every quotation, marks included."""
        return DisjointSpans((q.start, q.end) for q in self.scan.quotations)

    def threshold(self, pass_name: str, key: str) -> float:
        return self.thresholds[pass_name][key]


PassFunction = Callable[[Doc, list[Draft], Context], list[Draft]]


@dataclass(frozen=True)
class Pass:
    name: str
    run: PassFunction
    reported: bool  # finds or picks reported speech: skipped when the options ask for quotations only


_REGISTRY: dict[str, Pass] = {}


def register(name: str, *, reported: bool = False) -> Callable[[PassFunction], PassFunction]:
    """Register the decorated function as the pass ``name`` (it must also be listed in ``passes.toml``)."""
    def add(function: PassFunction) -> PassFunction:
        if name in _REGISTRY:
            raise ValueError(f"attribution pass {name!r} registered twice")
        _REGISTRY[name] = Pass(name, function, reported)
        return function
    return add


def registered() -> dict[str, Pass]:
    """Every registered pass by name (the modules that define them are imported first)."""
    import onrecord.attribution.assemble  # noqa: F401  (registers the passes, sources.py's too)

    return dict(_REGISTRY)


@dataclass(frozen=True)
class PassConfig:
    name: str
    why: str  # why it runs where it does in the data flow
    thresholds: dict[str, float]


@lru_cache(maxsize=1)
def configured() -> tuple[PassConfig, ...]:
    """The passes in the order ``passes.toml`` runs them."""
    text = resources.files("onrecord.attribution").joinpath(CONFIG_FILE).read_text(encoding="utf-8")
    return tuple(PassConfig(entry["name"], entry["why"], dict(entry.get("thresholds", {})))
                 for entry in tomllib.loads(text)["pass"])


def pass_names() -> list[str]:
    return [entry.name for entry in configured()]


def thresholds() -> dict[str, dict[str, float]]:
    return {entry.name: dict(entry.thresholds) for entry in configured()}


def threshold(pass_name: str, key: str) -> float:
    """One pass's threshold as the config gives it (for the rules' functions called outside a run)."""
    return thresholds()[pass_name][key]


class UnknownPass(ValueError):
    """A pass name that the config does not list."""


def check_names(names: Iterable[str]) -> None:
    """Raise UnknownPass, naming the valid passes, for any name that is not a configured pass."""
    unknown = [name for name in names if name not in pass_names()]
    if unknown:
        raise UnknownPass(f"unknown attribution pass {', '.join(map(repr, unknown))}; "
                          f"the passes are: {', '.join(pass_names())}")


def run_passes(doc: Doc, drafts: list[Draft], context: Context, *, until: str | None = None,
               only: Iterable[str] | None = None) -> list[Draft]:
    """Run the configured passes in order, up to (not including) ``until``; only those in ``only`` if given.

    Passes named in ``context.options.without`` are skipped, and the reported-speech passes when
    the options ask for quotations only.
    """
    check_names([*context.options.without, *([until] if until else []), *(only or [])])
    passes, chosen = registered(), set(only) if only is not None else None
    for name in pass_names():
        if name == until:
            break
        step = passes[name]
        if name in context.options.without or (chosen is not None and name not in chosen):
            continue
        if step.reported and not context.options.indirect:
            continue
        drafts = step.run(doc, drafts, context)
    return drafts
