"""The DuckDB schema, derived from the record classes in ``onrecord.records``.

Nothing here names a record field by hand (except the mentions table, which
turns ``Speaker.mentions`` offsets into rows): a field added to ``Article``,
``Quote``, ``Speaker``, ``Warning`` or a new list of records on ``Article``
becomes a column or a table the next time a database is opened.

Rules, applied to the fields of ``Article``:

- a scalar (``str``, ``int``, ``float``, ``bool``, a ``Literal``, optional or
  not) becomes a column of the same name;
- a nested record (``Quote.content: TextSpans``) is flattened into
  ``content_text``, ``content_spans``;
- a list of records (``Article.quotes``) becomes a child table named after the
  field, with ``article_id`` first; a record without an ``id`` gets an ordinal
  ``n`` (0, 1, ...) instead;
- anything else (lists of strings, offsets, dicts) is a ``JSON`` column.

``Article.id`` (the id the input gave: file stem, WARC URI, JSONL id) is stored
as ``input_id``; ``articles.id`` is the corpus key (see ``article_key``).
"""

from __future__ import annotations

import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from onrecord.records import Article, Quote, Speaker
from onrecord.store.trigrams import SIG_COLUMNS

SCHEMA_VERSION = 1

_SCALARS = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}


@dataclass
class Column:
    name: str
    sql_type: str
    path: tuple[str, ...]
    """Attribute path into the record (``("content", "text")``); empty for keys the store adds."""
    json: bool = False
    description: str | None = None


@dataclass
class Table:
    name: str
    columns: list[Column]
    record: type[BaseModel] | None = None
    """The record class each row comes from; ``None`` for tables the store owns."""
    parent_field: str | None = None
    """The ``Article`` field holding the list this table's rows come from."""
    ordinal: bool = False
    """Rows carry ``n``, their position in the list, for lack of an ``id``."""
    primary_key: tuple[str, ...] = ()
    description: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        cols = [f'"{c.name}" {c.sql_type}' for c in self.columns]
        if self.primary_key:
            cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in self.primary_key) + ")")
        return f'CREATE TABLE IF NOT EXISTS "{self.name}" (\n  ' + ",\n  ".join(cols) + "\n)"


def _unwrap_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _is_record(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _scalar_type(annotation: Any) -> str | None:
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if typing.get_origin(annotation) is Literal:
        values = typing.get_args(annotation)
        kinds = {type(v) for v in values}
        if len(kinds) == 1 and next(iter(kinds)) in _SCALARS:
            return _SCALARS[next(iter(kinds))]
    return None


def list_item_record(annotation: Any) -> type[BaseModel] | None:
    """The record class of a ``list[Record]`` annotation, else ``None``."""
    annotation = _unwrap_optional(annotation)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation) or (None,)
        if _is_record(item):
            return item
    return None


def record_columns(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[Column]:
    """The columns of one record class: scalars, flattened nested records, JSON for the rest.

    A list of records inside a child record (none today) is stored as JSON.
    """
    columns: list[Column] = []
    for name, info in model.model_fields.items():
        columns.extend(field_columns(name, info, prefix))
    return columns


def field_columns(name: str, info, prefix: tuple[str, ...] = ()) -> list[Column]:
    """The column(s) of one pydantic field (several when it is a nested record)."""
    path = (*prefix, name)
    annotation = _unwrap_optional(info.annotation)
    sql = _scalar_type(annotation)
    column_name = "_".join(path)
    if sql is not None:
        return [Column(column_name, sql, path, description=info.description)]
    if _is_record(annotation):
        return record_columns(annotation, path)
    return [Column(column_name, "JSON", path, json=True, description=info.description)]


def article_key(url: str | None, text: str) -> str:
    """The corpus id of an article: a hash of its normalised URL, else of its exact text.

    The same input ingested twice, or the same page reached through another
    input file, gets the same key and is stored once.
    """
    from onrecord.ingest.duplicates import normalise_url

    basis = f"url:{normalise_url(url)}" if url else f"text:{text}"
    return hashlib.blake2b(basis.encode("utf-8"), digest_size=12).hexdigest()


@dataclass
class Schema:
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def record_tables(self) -> list[Table]:
        """Tables filled from one ``Article`` record: articles, its lists, mentions."""
        return [t for t in self.tables.values() if t.record is not None or t.name == "mentions"]

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]


def derive_schema() -> Schema:
    """The whole store schema, derived from ``Article`` and the records it contains."""
    schema = Schema()
    article_columns = [Column("id", "VARCHAR", (), description="Corpus key: hash of the URL, else of the text.")]
    children: list[Table] = []
    for name, info in Article.model_fields.items():
        item = list_item_record(info.annotation)
        if item is not None:
            columns = [Column("article_id", "VARCHAR", ())]
            has_id = "id" in item.model_fields
            if not has_id:
                columns.append(Column("n", "INTEGER", (), description="Position in the article's list."))
            columns.extend(record_columns(item))
            if item is Speaker:
                columns.append(
                    Column("corpus_speaker_id", "VARCHAR", (), description="Filled by the corpus speaker merge.")
                )
                columns.append(Column("corpus_speaker_key", "BIGINT", (),
                                      description="corpus_speaker_id as an integer (quote_links.key_sql)."))
            if item is Quote:
                columns.append(Column(
                    "corpus_speaker_id", "VARCHAR", (),
                    description="Its speaker's corpus speaker, '' when it has no speaker; filled by the corpus "
                                "speaker merge, so one person's quotes are read without joining every speaker."))
                columns.append(Column(
                    "corpus_speaker_key", "BIGINT", (),
                    description="corpus_speaker_id as an integer (onrecord.store.quote_links.key_sql), which "
                                "quotes --speaker filters on before the id itself."))
                columns += [Column(name, "BIGINT", (), description=f"Half {half} of the quote text's trigram "
                                   "signature (onrecord.store.trigrams), tested before ILIKE by --search.")
                            for half, name in zip("ab", SIG_COLUMNS)]
            children.append(
                Table(name, columns, record=item, parent_field=name, ordinal=not has_id,
                      description=f"One row per {item.__name__} of an article (Article.{name}).")
            )
            continue
        for column in field_columns(name, info):
            if column.name == "id":
                column = Column("input_id", column.sql_type, column.path, description="The id the input gave.")
            article_columns.append(column)
    article_columns.append(Column("ingested_at", "TIMESTAMP", (), description="When the row was written."))
    schema.tables["articles"] = Table(
        "articles", article_columns, record=Article, primary_key=("id",), description="One row per article."
    )
    for child in children:
        schema.tables[child.name] = child
    if "speakers" in schema.tables:
        schema.tables["mentions"] = Table(
            "mentions",
            [
                Column("article_id", "VARCHAR", ()),
                Column("speaker_id", "VARCHAR", ()),
                Column("start_offset", "BIGINT", ()),
                Column("end_offset", "BIGINT", ()),
                Column("text", "VARCHAR", ()),
            ],
            description="One row per mention of a speaker (Speaker.mentions), with its text.",
        )
    schema.tables["errors"] = Table(
        "errors",
        [Column("input", "VARCHAR", ()), Column("code", "VARCHAR", ()), Column("reason", "VARCHAR", ()),
         Column("recorded_at", "TIMESTAMP", ())],
        primary_key=("input", "reason"),
        description="Inputs that could not be analyzed, with the reason.",
    )
    schema.tables["corpus_speakers"] = Table(
        "corpus_speakers",
        [Column("id", "VARCHAR", ()), Column("name", "VARCHAR", ()), Column("kind", "VARCHAR", ()),
         Column("identity", "VARCHAR", ()), Column("outlet", "VARCHAR", ()), Column("names", "JSON", (), json=True),
         Column("n_speakers", "BIGINT", ())],
        primary_key=("id",),
        description="The same person across articles: speakers.corpus_speaker_id points here.",
    )
    schema.tables["corpus_speaker_names"] = Table(
        "corpus_speaker_names",
        [Column("corpus_speaker_id", "VARCHAR", ()), Column("name", "VARCHAR", ()), Column("kind", "VARCHAR", ()),
         Column("identity", "VARCHAR", ()), Column("outlet", "VARCHAR", ()), Column("n", "BIGINT", ())],
        description="Per corpus speaker, how many of its speakers carry each name, kind and identity (and outlet, "
                    "for pseudonyms): the counts an ingest adds to, so it never rereads a corpus speaker's members.",
    )
    from onrecord.store.aggregates import aggregate_tables  # it builds on Column and Table

    for table in aggregate_tables():
        schema.tables[table.name] = table
    return schema
