"""Sourcing on real passages: identity, anonymity reasons, refusals and caveats, scored per field.

The gold is hand-annotated passages, one JSON object a line, in ``*.jsonl`` files
of one folder (``evaluation/sources/``; the format is in
``docs/sourcing-evaluation.md``). Each passage is analysed on its own, as an
article, and what onrecord says about it is compared with the annotation:

* ``identity``: one of the predicted speaker's mentions (or the source span of
  one of its quotes) overlaps the gold mention and the identities are equal.
  Predicted: every speaker with at least one quote that is not flagged
  ``refused`` (a refusal to act, which reports nothing said).
* ``reason``: a predicted anonymity reason overlaps the gold reason, and one of
  its speaker's mentions overlaps the gold source's mention.
* ``reason category``: as ``reason``, with equal categories. Predicted: the
  reasons that carry a category.
* ``non-response``: a predicted non-response overlaps the gold span with the same kind.
* ``caveat``: a predicted caveat overlaps the gold caveat text with the same kind.
* ``caveat link``: as ``caveat``, and its qualified text (its quotes' contents or
  its claim) overlaps what the gold says it qualifies. Gold: caveats whose
  annotation says what they qualify; predicted: caveats linked to anything.

Pairs are 1-1, made in gold order. The record is read as JSON and every field is
looked up defensively: a field the record does not have (``non_responses``, a
reason's ``category`` before they existed) counts as nothing predicted, so the
figures are honest at any commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from onrecord.errors import OnrecordError
from onrecord.records import Identity

Spans = list[tuple[int, int]]
FIELDS = ("identity", "reason", "reason category", "non-response", "caveat", "caveat link")
GROUPS = {"train": "train", "dev": "dev+pages", "pages": "dev+pages", "written": "written"}
"""Passage split -> the group it is reported in: rules are fitted on train and checked on the rest."""

IDENTITIES = frozenset(get_args(Identity))  # the record model's one list
CATEGORIES = {"safety", "not-authorized", "sensitive-matter", "privacy", "policy", "unspecified"}
NON_RESPONSE_KINDS = {"declined", "no-response", "unreachable"}
CAVEAT_KINDS = {"unverified", "unsupported", "disputed", "hedged"}


class SourcesGoldError(OnrecordError):
    """A passage file given to ``onrecord eval --sources`` that cannot be read as annotated passages."""

    code = "E201"


@dataclass
class Passage:
    """One annotated passage: its text, where it came from and what a reader finds in it."""

    id: str
    split: str
    text: str
    sources: list[dict] = field(default_factory=list)
    non_responses: list[dict] = field(default_factory=list)
    caveats: list[dict] = field(default_factory=list)

    @property
    def group(self) -> str:
        return GROUPS[self.split]

    def locate(self, words: str | None) -> Spans:
        """The first occurrence of ``words`` in the passage as one span; none for empty words."""
        if not words:
            return []
        start = self.text.find(words)
        return [(start, start + len(words))] if start >= 0 else []


def load_passages(folder: Path) -> list[Passage]:
    """Every passage of every ``*.jsonl`` file in ``folder``, checked; a bad line is a one-line error."""
    files = sorted(Path(folder).glob("*.jsonl"))
    if not files:
        raise SourcesGoldError(str(folder), "no *.jsonl passage files here")
    passages, seen = [], set()
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            passage = _passage(line, where)
            if passage.id in seen:
                raise SourcesGoldError(where, f"passage id {passage.id} is used twice")
            seen.add(passage.id)
            passages.append(passage)
    return passages


def _passage(line: str, where: str) -> Passage:
    try:
        data = json.loads(line)
        passage = Passage(id=data["id"], split=data["split"], text=data["text"],
                          sources=data.get("sources", []), non_responses=data.get("non_responses", []),
                          caveats=data.get("caveats", []))
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise SourcesGoldError(where, f"not a passage object with id, split and text ({exc})") from None
    if passage.split not in GROUPS:
        raise SourcesGoldError(where, f"split {passage.split!r} is not one of {', '.join(GROUPS)}")
    _check(passage, where)
    return passage


def _check(passage: Passage, where: str) -> None:
    """Every annotated text occurs in the passage and every label is one the format allows."""
    checks = [(s, ("mention", "reason"), "identity", IDENTITIES) for s in passage.sources]
    checks += [(s, ("reason",), "category", CATEGORIES) for s in passage.sources if s.get("reason")]
    checks += [(n, ("text", "who", "about"), "kind", NON_RESPONSE_KINDS) for n in passage.non_responses]
    checks += [(c, ("text", "qualifies"), "kind", CAVEAT_KINDS) for c in passage.caveats]
    for item, texts, label, allowed in checks:
        if item.get(label) not in allowed:
            raise SourcesGoldError(where, f"{passage.id}: {label} {item.get(label)!r} is not one of "
                                          f"{', '.join(sorted(allowed))}")
        if not item.get(texts[0]):
            raise SourcesGoldError(where, f"{passage.id}: an annotation without its {texts[0]}")
        for key in texts:
            if item.get(key) and not passage.locate(item[key]):
                raise SourcesGoldError(where, f"{passage.id}: {key} {item[key]!r} is not in the text")


@dataclass
class Predicted:
    """What the record says about one passage, as spans: read from its JSON, missing fields empty."""

    sources: list[tuple[Spans, str]] = field(default_factory=list)  # (mentions, identity)
    reasons: list[tuple[Spans, Spans, str | None]] = field(default_factory=list)  # (reason, mentions, category)
    non_responses: list[tuple[Spans, str | None]] = field(default_factory=list)  # (span, kind)
    caveats: list[tuple[Spans, str | None, Spans]] = field(default_factory=list)  # (span, kind, qualified)


def predicted_from_record(record: dict) -> Predicted:
    """The sourcing fields of one article record (``Article.model_dump()``), whichever of them it has."""
    quotes = record.get("quotes") or []
    quoted_by: dict[str, Spans] = {}
    for quote in quotes:
        if "refused" in (quote.get("flags") or []):
            continue  # a refusal to act reports nothing said: its doer is no source
        if quote.get("speaker_id"):
            quoted_by.setdefault(quote["speaker_id"], []).extend(_spans(quote.get("source")))
    out = Predicted()
    for speaker in record.get("speakers") or []:
        if speaker.get("id") not in quoted_by:
            continue
        mentions = [tuple(m) for m in speaker.get("mentions") or []] + quoted_by[speaker["id"]]
        out.sources.append((mentions, speaker.get("identity", "unknown")))
        reason = speaker.get("anonymity_reason")
        if reason:
            category = reason.get("category") or speaker.get("reason_category") or speaker.get("anonymity_category")
            out.reasons.append((_spans(reason), mentions, category))
    for item in record.get("non_responses") or []:
        out.non_responses.append((_spans(item.get("span") or item.get("text") or item), item.get("kind")))
    contents = {q.get("id"): _spans(q.get("content")) for q in quotes}
    for caveat in record.get("caveats") or []:
        qualified = [s for q in caveat.get("quote_ids") or [] for s in contents.get(q, [])] + _spans(caveat.get("claim"))
        out.caveats.append((_spans(caveat), caveat.get("kind"), qualified))
    return out


def _spans(item) -> Spans:
    """The ``spans`` of a TextSpans-like dict (or an ``[start, end]`` pair); none when absent."""
    if not item:
        return []
    if isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(v, int) for v in item):
        return [tuple(item)]
    spans = item.get("spans") if isinstance(item, dict) else None
    return [tuple(s) for s in spans or []]


def _overlap(a: Spans, b: Spans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


@dataclass
class PassageCounts:
    """Per field: true positives, predicted, gold, for one passage (figures are sums over passages)."""

    id: str
    group: str
    counts: dict[str, tuple[int, int, int]]


def _pairs(gold: list, predicted: list, same) -> list[tuple[int, int]]:
    """1-1 pairs (gold index, predicted index), in gold order, each gold with its first free match."""
    used, pairs = set(), []
    for g, item in enumerate(gold):
        match = next((p for p, candidate in enumerate(predicted) if p not in used and same(item, candidate)), None)
        if match is not None:
            used.add(match)
            pairs.append((g, match))
    return pairs


def _comparisons(passage: Passage, predicted: Predicted) -> dict[str, tuple[list, list, list[tuple[int, int]]]]:
    """Per field: the gold items, the predicted items and the true-positive pairs between them.

    Items are tuples whose first element is the span a reader would look at, and
    whose last is a short label for error listings.
    """
    where = passage.locate
    sources = [(where(s["mention"]), s["identity"], s["mention"]) for s in passage.sources]
    reasons = [(where(s["reason"]), where(s["mention"]), s["category"], s["reason"])
               for s in passage.sources if s.get("reason")]
    refusals = [(where(n["text"]), n["kind"], n["text"]) for n in passage.non_responses]
    caveats = [(where(c["text"]), c["kind"], where(c.get("qualifies")), c["text"]) for c in passage.caveats]
    rules = {
        "identity": (sources, predicted.sources, lambda g, p: _overlap(g[0], p[0]) and g[1] == p[1]),
        "reason": (reasons, predicted.reasons, lambda g, p: _overlap(g[0], p[0]) and _overlap(g[1], p[1])),
        "reason category": (reasons, [r for r in predicted.reasons if r[2] is not None],
                            lambda g, p: _overlap(g[0], p[0]) and _overlap(g[1], p[1]) and g[2] == p[2]),
        "non-response": (refusals, predicted.non_responses, lambda g, p: _overlap(g[0], p[0]) and g[1] == p[1]),
        "caveat": (caveats, predicted.caveats, lambda g, p: _overlap(g[0], p[0]) and g[1] == p[1]),
        "caveat link": ([c for c in caveats if c[2]], [c for c in predicted.caveats if c[2]],
                        lambda g, p: _overlap(g[0], p[0]) and g[1] == p[1] and _overlap(g[2], p[2])),
    }
    return {name: (gold, guessed, _pairs(gold, guessed, same)) for name, (gold, guessed, same) in rules.items()}


def count_passage(passage: Passage, predicted: Predicted) -> PassageCounts:
    """The true positives, predicted and gold counts of every field on one passage."""
    return PassageCounts(passage.id, passage.group, {
        name: (len(pairs), len(guessed), len(gold))
        for name, (gold, guessed, pairs) in _comparisons(passage, predicted).items()})


def passage_errors(passage: Passage, record: dict) -> list[str]:
    """What onrecord missed and what it found that the annotation does not have, one line each,
    for identity, reason, non-response and caveat."""
    lines = []
    text = record.get("text") or passage.text
    for name, (gold, guessed, pairs) in _comparisons(passage, predicted_from_record(record)).items():
        if name in ("reason category", "caveat link"):
            continue
        hit_gold, hit_guess = {g for g, _ in pairs}, {p for _, p in pairs}
        for g, item in enumerate(gold):
            if g not in hit_gold:
                lines.append(f"{passage.id} {name} missed: {item[-1]!r}" + _detail(name, item))
        for p, item in enumerate(guessed):
            if p not in hit_guess:
                shown = " ".join(text[s:e] for s, e in item[0][:1]) or "?"
                lines.append(f"{passage.id} {name} not in gold: {shown!r}" + _detail(name, item))
    return lines


def _detail(name: str, item: tuple) -> str:
    """The label an item carries: identity or kind (a reason's category)."""
    label = item[2] if name == "reason" else item[1]
    return f" ({label})" if isinstance(label, str) else ""


def score_passages(passages: list[Passage], records: list[dict]) -> list[PassageCounts]:
    """Each passage's counts against the record onrecord made of it (same order)."""
    return [count_passage(p, predicted_from_record(r)) for p, r in zip(passages, records, strict=True)]


def figures(counts: list[PassageCounts]) -> dict[str, dict]:
    """Per field: summed counts, precision and recall with 95% bootstrap intervals over the passages.

    Passages, not sources, are what a resample draws: the sources of one passage
    share a sentence and are found or missed together. A resample with nothing
    predicted (or no gold) leaves precision (recall) undefined and is left out of
    that interval rather than counted as 0; a measure undefined on every resample
    has the interval [0, 0].
    """
    import numpy as np

    from onrecord.evaluation.bootstrap import LEVEL, measure_values, resample_weights

    weights = resample_weights(len(counts))
    tail = (1 - LEVEL) / 2 * 100
    out = {}
    for name in FIELDS:
        table = np.array([c.counts[name] for c in counts], dtype=np.int64).reshape(len(counts), 3)
        tp, predicted, gold = (int(v) for v in table.sum(axis=0))
        point = measure_values(np.array(tp), np.array(predicted), np.array(gold))
        sums = [weights @ table[:, i] for i in range(3)]
        resampled = measure_values(*sums)
        defined = {"precision": sums[1] > 0, "recall": sums[2] > 0}
        out[name] = {"tp": tp, "predicted": predicted, "gold": gold}
        for measure in ("precision", "recall"):
            values = resampled[measure][defined[measure]]
            low, high = np.percentile(values, [tail, 100 - tail]) if values.size else (0.0, 0.0)
            out[name][measure] = {"value": float(point[measure]), "interval": [float(low), float(high)]}
    return out


def by_group(counts: list[PassageCounts]) -> dict[str, list[PassageCounts]]:
    """The passages' counts per reporting group, in the order train, dev+pages, written."""
    order = list(dict.fromkeys(GROUPS.values()))
    groups = {g: [c for c in counts if c.group == g] for g in order}
    return {g: items for g, items in groups.items() if items}


def format_figures(title: str, result: dict[str, dict]) -> str:
    """One group's table: counts, then precision and recall each with its interval."""
    lines = [title, f"{'field':<17}{'gold':>5}{'pred':>6}{'tp':>5}   {'precision':<22}{'recall':<22}"]
    for name, row in result.items():
        cells = "".join(f"{row[m]['value']:.3f} [{row[m]['interval'][0]:.2f}, {row[m]['interval'][1]:.2f}]     "
                        for m in ("precision", "recall"))
        lines.append(f"{name:<17}{row['gold']:>5}{row['predicted']:>6}{row['tp']:>5}   {cells.rstrip()}")
    return "\n".join(lines)


def analyze_passages(texts: list[str]):
    """Each passage analysed alone, as an article of its own, as the scores read it: records as dicts."""
    from onrecord.ingest import RawArticle
    from onrecord.pipeline import analyze_many

    raws = (RawArticle(id=f"passage-{i}", text=t) for i, t in enumerate(texts))
    return (article.model_dump() for article in analyze_many(raws))


def floors(groups: dict[str, dict]) -> dict[str, dict[str, dict[str, float]]]:
    """Per group, field and measure, the figure less one standard error (the 95% interval's width
    over 3.92), rounded down to 3 decimals: what the CI gate holds the sourcing figures to. A change
    that loses one passage stays above it; a change that loses a rule's worth does not. Fields with
    nothing in gold and nothing predicted have no floor."""
    import math

    out: dict[str, dict[str, dict[str, float]]] = {}
    for group, result in groups.items():
        for name, row in result["figures"].items():
            if not row["gold"] and not row["predicted"]:
                continue
            for measure in ("precision", "recall"):
                low, high = row[measure]["interval"]
                floor = max(0.0, row[measure]["value"] - (high - low) / 3.92)
                out.setdefault(group, {}).setdefault(name, {})[measure] = math.floor(floor * 1000) / 1000
    return out


def evaluate(folders: list[Path], analyze) -> tuple[dict[str, dict], list[str]]:
    """Load the passages of ``folders``, analyse each with ``analyze`` (texts -> records) and score per group.

    Returns group -> {"passages": n, "figures": ...}, and every passage's error lines.
    """
    passages = [p for folder in folders for p in load_passages(folder)]
    records = list(analyze([p.text for p in passages]))
    counts = score_passages(passages, records)
    errors = [line for p, r in zip(passages, records) for line in passage_errors(p, r)]
    groups = {group: {"passages": len(items), "figures": figures(items)} for group, items in by_group(counts).items()}
    return groups, errors
