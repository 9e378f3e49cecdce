"""py3langid's model, unpacked once into a cache folder and read from there afterwards.

py3langid ships its model as an LZMA-compressed ``.npz`` (4.6 MB; 68 MB
unpacked) and unpacks it in every process that classifies a text: 0.6-0.9 s
on the project machine, more than loading spaCy's parser. The arrays are
written once, uncompressed, as ``.npy`` files under the cache folder
(``$ONRECORD_CACHE``, else ``$XDG_CACHE_HOME/onrecord``, else
``~/.cache/onrecord``), one folder per model file (named by py3langid's
version and the file's size and modification time), and later processes map
them from disk. The identifier is built from the same arrays py3langid's own
loader reads, so it gives the same answers; when the cache cannot be written
(a read-only home), the model is loaded the usual way.
"""

from __future__ import annotations

import lzma
import os
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path

import numpy as np

_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def cache_root() -> Path:
    if os.environ.get("ONRECORD_CACHE"):
        return Path(os.environ["ONRECORD_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "onrecord"


def model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return MODEL_DIR / MODEL_FILE


def load_identifier():
    """A ``LanguageIdentifier`` with normalised probabilities, from the cache when it can be."""
    from py3langid.langid import LanguageIdentifier
    from py3langid.modelio import _to_array

    folder = unpacked_model(model_file())
    if folder is None:
        return LanguageIdentifier.from_model_file(model_file(), norm_probs=True)
    data = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
    # What py3langid.modelio.load_model returns, from the same arrays; but the 39 MB transition
    # table is read in place: a memoryview of the mapped file indexes to the same Python ints as
    # load_model's array copy, and only the pages a text visits are read.
    return LanguageIdentifier(
        np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
        memoryview(data["nextmove"]), data["out_feat"].tolist(),
        norm_probs=True, tk_row=_to_array(data["nextmove_row"]),
    )


def unpacked_model(source: Path) -> Path | None:
    """The folder of ``source``'s arrays as ``.npy`` files, unpacking them first if need be;
    None when the cache folder cannot be written."""
    stat = source.stat()
    folder = cache_root() / f"langid-{version('py3langid')}-{stat.st_size}-{stat.st_mtime_ns}"
    if all((folder / f"{name}.npy").is_file() for name in _ARRAYS):
        return folder
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".langid-", dir=folder.parent))
        try:
            unpacked = staging / "model.npz"  # a plain file: the zip's index is read from its end
            with lzma.open(source) as packed, unpacked.open("wb") as out:
                shutil.copyfileobj(packed, out, length=1 << 20)
            with np.load(unpacked, allow_pickle=False) as arrays:
                for name in _ARRAYS:
                    np.save(staging / f"{name}.npy", arrays[name], allow_pickle=False)
            unpacked.unlink()
            os.replace(staging, folder)  # whole or not at all: another process may be reading
        except OSError:
            if not folder.is_dir():
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError:
        return None
    return folder
