"""The README documents every command and option a user can type (datasette-style check)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from onrecord.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "onrecord"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path, command


@pytest.mark.parametrize("path, command", list(_commands(main)), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_and_option_is_in_the_readme(path, command):
    assert path in README, f"{path} is not documented in README.md"
    for param in command.params:
        for option in getattr(param, "opts", []):
            if option.startswith("--") and option != "--help":
                assert option in README, f"{path} {option} is not documented in README.md"


def test_models_load_once_per_process(monkeypatch):
    import spacy

    from onrecord import nlp
    from onrecord.ingest import RawArticle
    from onrecord.pipeline import analyze_many

    from onrecord import model as tagger

    nlp.load_pipeline.cache_clear()
    for cached in vars(tagger).values():
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()
    calls = []
    real_load = spacy.load
    monkeypatch.setattr(spacy, "load", lambda *a, **k: calls.append(a) or real_load(*a, **k))
    texts = ["“Yes,” she said.", "He said no.", "“Maybe,” they said."]
    list(analyze_many(RawArticle(id=str(i), text=t) for i, t in enumerate(texts)))
    list(analyze_many([RawArticle(id="again", text="“Again,” he said.")]))
    # Each model (the pipeline, the attribution tagger) is loaded once, whatever the number of articles.
    assert len(calls) == len(set(map(str, calls)))
