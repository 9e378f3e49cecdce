"""``onrecord train``: rebuild the attribution tagger from PolNeAR train, print the dev table."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from onrecord.errors import OnrecordError
from onrecord.extras import require

_DATA = Path("../shared/data/polnear")


@click.command()
@click.option("--train", "train_dir", type=click.Path(path_type=Path), default=_DATA / "train",
              show_default=True, help="PolNeAR-layout folder to train on.")
@click.option("--dev", "dev_dir", type=click.Path(path_type=Path), default=_DATA / "dev",
              show_default=True, help="PolNeAR-layout folder for checkpoint selection and the table (never trained on).")
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the model [default: the package's models/attribution_tagger].")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--max-epochs", type=int, default=None, help="Override the config's epoch count.")
@click.option("--max-steps", type=int, default=None, help="Stop after this many updates.")
@click.option("--eval-frequency", type=int, default=None,
              help="Score a checkpoint on dev every N updates [default: the config's].")
@click.option("--limit", type=int, default=None, help="Use only the first N articles of each folder.")
def train(train_dir: Path, dev_dir: Path, output: Path | None, seed: int, max_epochs: int | None,
          max_steps: int | None, eval_frequency: int | None, limit: int | None) -> None:
    """Train the attribution tagger with a fixed seed; print the dev table at the end."""
    try:
        require("train", "train")
    except OnrecordError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    from onrecord.model import packaged_model
    from onrecord.evaluation import format_table
    from onrecord.training.record import dev_figures_record, write_record
    from onrecord.training.train import dev_table, train_tagger

    try:
        result = train_tagger(train_dir, dev_dir, output or packaged_model(), seed=seed,
                              max_epochs=max_epochs, max_steps=max_steps, eval_frequency=eval_frequency,
                              limit=limit, command=command_line())
        table = dev_table(dev_dir, result.output)
        write_record(result.output, dev_figures_record(dev_dir, table.to_dict()))
    except OnrecordError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"trained on {result.train_paragraphs} paragraphs in {result.seconds / 60:.1f} min; "
               f"model {result.size_bytes / 1e6:.1f} MB at {result.output}")
    click.echo(f"dev ({dev_dir}):")
    click.echo(format_table(table))


def command_line() -> str:
    """The command as typed (``onrecord train --output /tmp/m``), for the model's meta.json."""
    return shlex.join(["onrecord", *sys.argv[1:]])


def register(group: click.Group) -> None:
    group.add_command(train)
