"""Does a rebuilt model reproduce the shipped one's figures? Both on PolNeAR dev, with bootstrap intervals.

    python scripts/check_rebuild.py REBUILT_DIR [--shipped DIR] [--dev DIR] [--resamples N] [--json]

REBUILT_DIR is what ``onrecord train --output REBUILT_DIR`` wrote. Each model
runs the whole analysis on dev (``training.train.dev_table``, which points it
at a model folder with ``onrecord.model.using_model``); the figures of
``docs/evaluation.md`` are then resampled over documents (the articles drawn
with replacement, ``--resamples`` times, seed 0), which gives a 95% interval
for each shipped figure and for the paired difference rebuilt - shipped (the
same draws of articles for both). A rebuilt figure "reproduces" the shipped
one when it falls within the shipped figure's interval. It also prints what
each model's meta.json records of its training (seed, versions, data hashes)
beside today's hash of the dev data. Exit status 1 when a figure falls
outside its interval, 2 on an unusable argument.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from onrecord.evaluation import EvalResult
from onrecord.model import model_available, packaged_model
from onrecord.training.record import data_hash, read_record
from onrecord.training.train import dev_table

FIGURES = ("content", "attribution", "exact", "direct_recall")
# Per figure: the per-document count fields summed for (numerator, first denominator, second denominator);
# an F1 is 2 tp / (predicted + gold), a recall tp / gold.
_COUNTS = {
    "content": ("content_tp", "predicted", "gold"),
    "attribution": ("attribution_tp", "predicted", "gold"),
    "exact": ("exact_tp", "predicted", "gold"),
    "direct_recall": ("direct_tp", None, "direct_gold"),
}


def figure_samples(result: EvalResult, draws: np.ndarray) -> dict[str, np.ndarray]:
    """Each figure on every row of ``draws`` (document indices drawn with replacement); row -1 of
    the output is the figure on all documents once."""
    out = {}
    for name, (tp, predicted, gold) in _COUNTS.items():
        def column(field: str | None) -> np.ndarray:
            return np.array([getattr(d, field) if field else 0 for d in result.documents], dtype=np.float64)

        tps, others = column(tp), column(predicted) + column(gold)
        factor = 2.0 if predicted else 1.0
        sampled_tp = np.append(tps[draws].sum(axis=1), tps.sum())
        sampled_other = np.append(others[draws].sum(axis=1), others.sum())
        out[name] = np.divide(factor * sampled_tp, sampled_other, out=np.zeros_like(sampled_tp),
                              where=sampled_other > 0)
    return out


def compare(shipped: EvalResult, rebuilt: EvalResult, resamples: int, seed: int = 0) -> dict:
    """Per figure: both values, the shipped figure's 95% interval, the paired difference's, and
    whether the rebuilt figure lies within the shipped interval."""
    names = [d.name for d in shipped.documents]
    if names != [d.name for d in rebuilt.documents]:
        raise ValueError("the two results are not over the same documents in the same order")
    draws = np.random.default_rng(seed).integers(0, len(names), size=(resamples, len(names)))
    ours, theirs = figure_samples(shipped, draws), figure_samples(rebuilt, draws)
    out = {}
    for name in FIGURES:
        low, high = np.percentile(ours[name][:-1], [2.5, 97.5])
        d_low, d_high = np.percentile(theirs[name][:-1] - ours[name][:-1], [2.5, 97.5])
        value = float(theirs[name][-1])
        out[name] = {"shipped": float(ours[name][-1]), "shipped_interval": [float(low), float(high)],
                     "rebuilt": value, "difference_interval": [float(d_low), float(d_high)],
                     "within": bool(low <= value <= high)}
    return out


def format_comparison(figures: dict, shipped: EvalResult, rebuilt: EvalResult) -> str:
    lines = [f"{'figure':<14}{'shipped':>9}{'95% interval':>18}{'rebuilt':>9}{'diff 95% interval':>22}  within",]
    for name, row in figures.items():
        low, high = row["shipped_interval"]
        d_low, d_high = row["difference_interval"]
        lines.append(f"{name:<14}{row['shipped']:>9.3f}{f'[{low:.3f}, {high:.3f}]':>18}{row['rebuilt']:>9.3f}"
                     f"{f'[{d_low:+.3f}, {d_high:+.3f}]':>22}  {'yes' if row['within'] else 'NO'}")
    for label, result in (("shipped", shipped), ("rebuilt", rebuilt)):
        d = result.to_dict()
        lines.append(f"{label}: content {d['content']['tp']}, attribution {d['attribution']['tp']}, exact "
                     f"{d['exact']['tp']} right of {d['content']['predicted']} predicted, {d['content']['gold']} "
                     f"gold; direct {d['direct_recall']['tp']} of {d['direct_recall']['gold']}")
    return "\n".join(lines)


def provenance(model_dir: Path, dev_dir: Path) -> dict:
    """What the model's meta.json says of its training, and whether its dev hash is today's."""
    record = read_record(model_dir)
    recorded_dev = (record.get("dev_figures") or {}).get("dev_sha256")
    return {"model": str(model_dir), "seed": record.get("seed"), "packages": record.get("packages"),
            "onrecord": record.get("onrecord"), "data": record.get("data"),
            "dev_hash_matches_today": None if recorded_dev is None else recorded_dev == data_hash(dev_dir)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rebuilt", type=Path, help="the model folder `onrecord train --output` wrote")
    parser.add_argument("--shipped", type=Path, default=packaged_model(), help="[default: the packaged model]")
    parser.add_argument("--dev", type=Path, default=Path("../shared/data/polnear/dev"))
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    args = parser.parse_args(argv)
    for folder in (args.rebuilt, args.shipped):
        if not model_available(folder):
            print(f"check_rebuild: {folder}: no model there (no config.cfg)", file=sys.stderr)
            return 2
    if not (args.dev / "text").is_dir():
        print(f"check_rebuild: {args.dev}: no text/ folder (expected PolNeAR layout)", file=sys.stderr)
        return 2
    shipped, rebuilt = dev_table(args.dev, args.shipped), dev_table(args.dev, args.rebuilt)
    figures = compare(shipped, rebuilt, args.resamples)
    report = {"dev": str(args.dev), "dev_sha256": data_hash(args.dev), "resamples": args.resamples,
              "figures": figures, "shipped": provenance(args.shipped, args.dev),
              "rebuilt": provenance(args.rebuilt, args.dev)}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"dev {args.dev} (sha256 {report['dev_sha256'][:16]}...), {len(shipped.documents)} documents, "
              f"{args.resamples} resamples over documents")
        print(format_comparison(figures, shipped, rebuilt))
        for label in ("shipped", "rebuilt"):
            print(f"{label}: {json.dumps(report[label])}")
    return 0 if all(row["within"] for row in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
