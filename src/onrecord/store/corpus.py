"""Corpus speakers: the same person across articles becomes one ``corpus_speakers`` row.

Conservative by design; a wrong merge puts words in someone's mouth, a missed
one only splits a count. The rules, applied to every speaker of the corpus at
once (so the result does not depend on ingest order):

1. Anonymous speakers, groups, speakers of unknown kind and speakers without a
   name are never merged: each is its own corpus speaker.
2. Pseudonyms (``identity == "pseudonym"`` once the records carry identity)
   merge by name within one outlet only, never across outlets.
3. People with a first and last name merge when those match after dropping
   initials, titles and case: ``Yevgeny Prigozhin`` = ``Yevgeny V. Prigozhin``.
   When two variants carry different middle names or initials (``George W.
   Bush``, ``George H. W. Bush``) they stay apart, and the bare ``George Bush``
   is left on its own rather than guessed.
4. A single name (``Prigozhin``) joins the one full-name person in the corpus
   whose last name it is; when there are none or several (``Joe Biden`` and
   ``Hunter Biden``), it merges only with the same single name in the same
   outlet. Single names are also how call-signs look, hence the outlet bound.
5. Organizations merge by name (without a leading "the") across outlets.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from onrecord.lexicons import words
from onrecord.store.db import Store

_TITLES = words("corpus_name_titles")
_SPLIT = re.compile(r"[^\w'’-]+", re.UNICODE)


def name_tokens(name: str) -> list[str]:
    """Lower-cased name tokens without titles, possessives or punctuation; initials kept as one letter."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    tokens = []
    for token in _SPLIT.split(text):
        token = token.strip("'-").removesuffix("'s")
        if token and token not in _TITLES:
            tokens.append(token)
    return tokens


@dataclass
class _Member:
    article_id: str
    speaker_id: str
    name: str
    kind: str
    identity: str | None
    outlet: str | None


@dataclass
class _Group:
    key: tuple
    members: list[_Member] = field(default_factory=list)
    outlet: str | None = None


def assign(members: list[_Member]) -> dict[tuple, _Group]:
    """Group speakers into corpus speakers by the rules of this module."""
    groups: dict[tuple, _Group] = {}

    def put(key: tuple, member: _Member, outlet: str | None = None) -> None:
        groups.setdefault(key, _Group(key, outlet=outlet)).members.append(member)

    full: dict[tuple[str, str], dict[tuple[str, ...], list[_Member]]] = defaultdict(lambda: defaultdict(list))
    singles: list[tuple[str, _Member]] = []
    for m in members:
        tokens = name_tokens(m.name or "")
        if m.identity == "anonymous" or not tokens or m.kind not in ("person", "organization"):
            put(("article", m.article_id, m.speaker_id), m)
        elif m.identity == "pseudonym":
            put(("pseudonym", " ".join(tokens), m.outlet or ""), m, m.outlet)
        elif m.kind == "organization":
            put(("organization", " ".join(tokens[1:] if tokens[0] == "the" and len(tokens) > 1 else tokens)), m)
        elif len(tokens) == 1:
            singles.append((tokens[0], m))
        else:
            middle = tuple(t for t in tokens[1:-1])
            full[(tokens[0], tokens[-1])][middle].append(m)

    people_by_last: dict[str, list[tuple]] = defaultdict(list)
    for (first, last), variants in full.items():
        with_middle = [mid for mid in variants if mid]
        initials = {tuple(t[0] for t in mid) for mid in with_middle}
        if len(initials) <= 1:
            key = ("person", first, last)
            for ms in variants.values():
                for m in ms:
                    put(key, m)
            people_by_last[last].append(key)
        else:  # different middles: different people; the bare name stays apart
            for mid, ms in variants.items():
                key = ("person", first, *mid, last)
                for m in ms:
                    put(key, m)
                if mid:
                    people_by_last[last].append(key)
    for token, m in singles:
        candidates = people_by_last.get(token, [])
        if len(candidates) == 1:
            put(candidates[0], m)
        else:
            put(("single", token, m.outlet or ""), m, m.outlet)
    return groups


def corpus_speaker_id(key: tuple) -> str:
    return "c" + hashlib.blake2b(json.dumps(key).encode("utf-8"), digest_size=6).hexdigest()


def _display_name(members: list[_Member]) -> str:
    counts = Counter(m.name for m in members)
    # A full name over a single one, then the most used, then the plainest (no middle initial).
    return max(counts, key=lambda n: (len(name_tokens(n)) >= 2, counts[n], -len(name_tokens(n)), -len(n), n))


def merge_speakers(store: Store) -> int:
    """Recompute ``corpus_speakers`` and ``speakers.corpus_speaker_id`` over the whole corpus.

    One transaction; returns the number of corpus speakers.
    """
    with store.coded_errors():
        return _merge_speakers(store)


def _merge_speakers(store: Store) -> int:
    con = store.con
    identity = "s.identity" if store.has_column("speakers", "identity") else "NULL"
    rows = con.execute(
        f"SELECT s.article_id, s.id, s.name, s.kind, {identity}, {store.outlet_sql('a')} "
        "FROM speakers s JOIN articles a ON a.id = s.article_id ORDER BY s.article_id, s.id"
    ).fetchall()
    members = [_Member(*row) for row in rows]
    groups = assign(members)
    corpus_rows = {"id": [], "name": [], "kind": [], "identity": [], "outlet": [], "names": [], "n_speakers": []}
    links = {"article_id": [], "speaker_id": [], "corpus_speaker_id": []}
    for key, group in sorted(groups.items(), key=lambda kv: json.dumps(kv[0])):
        cid = corpus_speaker_id(key)
        ms = group.members
        identities = Counter(m.identity for m in ms if m.identity)
        corpus_rows["id"].append(cid)
        corpus_rows["name"].append(_display_name(ms))
        corpus_rows["kind"].append(Counter(m.kind for m in ms).most_common(1)[0][0])
        corpus_rows["identity"].append(identities.most_common(1)[0][0] if identities else None)
        corpus_rows["outlet"].append(group.outlet)
        corpus_rows["names"].append(json.dumps(sorted({m.name for m in ms}), ensure_ascii=False))
        corpus_rows["n_speakers"].append(len(ms))
        for m in ms:
            links["article_id"].append(m.article_id)
            links["speaker_id"].append(m.speaker_id)
            links["corpus_speaker_id"].append(cid)
    con.register("_corpus_rows", pa.table(corpus_rows))
    con.register("_corpus_links", pa.table(links))
    con.begin()
    try:
        con.execute("DELETE FROM corpus_speakers")
        con.execute(
            "INSERT INTO corpus_speakers (id, name, kind, identity, outlet, names, n_speakers) "
            "SELECT id, name, kind, identity, outlet, names, n_speakers FROM _corpus_rows"
        )
        con.execute(
            "UPDATE speakers SET corpus_speaker_id = l.corpus_speaker_id FROM _corpus_links l "
            "WHERE speakers.article_id = l.article_id AND speakers.id = l.speaker_id"
        )
        con.commit()
    except BaseException:
        store.rollback()
        raise
    finally:
        for view in ("_corpus_rows", "_corpus_links"):
            try:
                con.unregister(view)
            except duckdb.Error:  # the connection is unusable after a fatal error; the error says why
                pass
    return len(groups)
