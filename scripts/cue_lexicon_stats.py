"""Measure, on PolNeAR train, how often each verb lemma is an annotated cue.

The cue lexicon (src/onrecord/lexicons/cue_verbs.txt) keeps the lemmas that
are cues often enough; this script prints the figures it was chosen from:

    python scripts/cue_lexicon_stats.py ../shared/data/polnear/train > cue_stats.tsv
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from onrecord.evaluation import load_gold
from onrecord.nlp import parse_many
from onrecord.options import Options


def main(folder: str) -> None:
    docs = load_gold(Path(folder))
    seen: Counter[str] = Counter()
    as_cue: Counter[str] = Counter()
    for gold, doc in zip(docs, parse_many((d.text for d in docs), Options())):
        cue_chars = {i for a in gold.attributions for s, e in a.cue for i in range(s, e)}
        for token in doc:
            if not token.tag_.startswith("VB"):
                continue
            seen[token.lemma_.lower()] += 1
            if token.idx in cue_chars:
                as_cue[token.lemma_.lower()] += 1
    print("lemma\tseen\tas_cue\trate")
    for lemma, n in sorted(seen.items(), key=lambda kv: -as_cue[kv[0]]):
        if as_cue[lemma]:
            print(f"{lemma}\t{n}\t{as_cue[lemma]}\t{as_cue[lemma] / n:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
