"""The filters every corpus query takes (CLI, notebook API), as SQL over quotes, articles and speakers.

One ``Filters`` value is built from the command line or the API call and turned
into ``WHERE`` clauses by ``Filters.clauses``; the queries join ``quotes q``,
``articles a``, ``speakers s`` and ``corpus_speakers cs`` under those aliases.
Text filters match case-insensitively on any part (``--outlet guardian`` finds
"The Guardian"), and their text is literal: ``%`` and ``_`` are not wildcards.
Each clause keeps the option that made it, so that a query finding nothing can
say which filter emptied it (see ``onrecord.store.empty``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from onrecord.store import trigrams
from onrecord.store.db import Store
from onrecord.store.errors import UnknownField


@dataclass(frozen=True)
class Clause:
    """One filter as SQL: the option it came from (``--outlet``), its value, the SQL and its parameters."""

    option: str
    value: str
    sql: str
    params: tuple


@dataclass(frozen=True)
class Filters:
    """What a query keeps; every filter given must hold (they are ANDed). ``None`` means no filter."""

    speaker: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    identity: str | None = None
    search: str | None = None
    keys: tuple[str, ...] = ()

    @classmethod
    def of(cls, **given) -> "Filters":
        """Filters from keyword arguments, ignoring ``None``; ``key`` or ``keys`` may be one string or several."""
        keys = given.pop("keys", None) or given.pop("key", None) or ()
        unknown = set(given) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        return cls(keys=(keys,) if isinstance(keys, str) else tuple(keys), **given)

    def article_only(self) -> "Filters":
        """The filters that select articles (outlet and dates), for figures counted per article."""
        return Filters(outlet=self.outlet, since=self.since, until=self.until)

    def clauses(self, store: Store) -> list[Clause]:
        """One ``Clause`` per filter given, in a fixed order: key, speaker, outlet, dates, identity, search.

        ``why_empty`` applies them in this order, so the order decides which
        filter is named when only their combination is empty.
        """
        found = []
        if self.keys:
            found.append(_keys_clause(self.keys))
        if self.speaker:
            pattern = f"%{like_literal(self.speaker)}%"
            found.append(Clause("--speaker", self.speaker,
                                "(cs.name ILIKE ? ESCAPE '\\' OR CAST(cs.names AS VARCHAR) ILIKE ? ESCAPE '\\' "
                                "OR s.name ILIKE ? ESCAPE '\\')", (pattern,) * 3))
        if self.outlet:
            found.append(Clause("--outlet", self.outlet, f"{store.outlet_sql('a')} ILIKE ? ESCAPE '\\'",
                                (f"%{like_literal(self.outlet)}%",)))
        if self.since:
            found.append(Clause("--since", self.since, "a.published >= ?", (self.since,)))
        if self.until:
            # A prefix compare: --until 2023-05 keeps all of May.
            found.append(Clause("--until", self.until, "substr(a.published, 1, ?) <= ?", (len(self.until), self.until)))
        if self.identity:
            if not store.has_column("speakers", "identity"):
                raise UnknownField("--identity", "the records have no speaker identity yet")
            found.append(Clause("--identity", self.identity, "COALESCE(s.identity, 'unknown') = ?", (self.identity,)))
        if self.search:
            found.append(search_clause(store, self.search))
        return found


def search_clause(store: Store, text: str) -> Clause:
    """``--search``: ``ILIKE`` on the quote text, only for quotes whose trigram signature holds the text's
    (``onrecord.store.trigrams``): the same rows, with ILIKE run on 0.3-8% of the quotes (1M synthetic)."""
    pattern = f"%{like_literal(text)}%"
    like = "q.content_text ILIKE ? ESCAPE '\\'"
    a, b = trigrams.mask(text)
    if not (a or b) or not trigrams.indexed(store):
        return Clause("--search", text, like, (pattern,))
    # CASE, so that ILIKE runs only where the signature passes, whatever order DuckDB gives the terms.
    sig_a, sig_b = (f"q.{c}" for c in trigrams.SIG_COLUMNS)
    return Clause("--search", text, f"(CASE WHEN ({sig_a} & ?) = ? AND ({sig_b} & ?) = ? THEN {like} ELSE false END)",
                  (a, a, b, b, pattern))


def where_sql(clauses: list[Clause]) -> tuple[str, list]:
    """`` WHERE ...`` (or nothing) and its parameters, for the given clauses."""
    if not clauses:
        return "", []
    return " WHERE " + " AND ".join(c.sql for c in clauses), [p for c in clauses for p in c.params]


def _keys_clause(keys: tuple[str, ...]) -> Clause:
    """``ARTICLE:qN`` picks one quote; a bare ``ARTICLE`` all quotes of that article."""
    parts, params = [], []
    for key in keys:
        article, _, quote = key.strip().partition(":")
        if quote:
            parts.append("(q.article_id = ? AND q.id = ?)")
            params += [article, quote]
        else:
            parts.append("q.article_id = ?")
            params.append(article)
    return Clause("--key", ", ".join(keys), "(" + " OR ".join(parts) + ")", tuple(params))


def like_literal(text: str) -> str:
    """``text`` for a LIKE pattern that matches it as written: ``%`` and ``_`` are not wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
