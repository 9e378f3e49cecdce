"""The DuckDB schema is derived from the record classes, never written by hand."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field
from store_records import HAS_CAVEATS, HAS_IDENTITY, NO_CAVEATS, NO_IDENTITY

from onrecord.records import Article, Quote, Speaker, TextSpans, Warning
from onrecord.store.schema import derive_schema, list_item_record, record_columns


def test_every_list_of_records_on_article_is_a_table():
    schema = derive_schema()
    lists = [name for name, info in Article.model_fields.items() if list_item_record(info.annotation)]
    assert {"quotes", "speakers", "warnings"} <= set(lists)
    for name in lists:
        assert name in schema.tables
        assert schema[name].column_names[0] == "article_id"
    assert {"articles", "mentions", "errors", "corpus_speakers"} <= set(schema.tables)


@pytest.mark.parametrize("record, table", [(Quote, "quotes"), (Speaker, "speakers"), (Warning, "warnings")])
def test_every_field_of_a_record_has_its_columns(record, table):
    columns = derive_schema()[table].column_names
    for name, info in record.model_fields.items():
        assert any(c == name or c.startswith(f"{name}_") for c in columns), (name, columns)


def test_articles_has_every_non_list_field():
    columns = derive_schema()["articles"].column_names
    assert columns[:2] == ["id", "input_id"]
    for name, info in Article.model_fields.items():
        if name == "id" or list_item_record(info.annotation):
            continue
        assert any(c == name or c.startswith(f"{name}_") for c in columns), name


def test_derivation_is_generic_over_fields_added_later():
    class Later(BaseModel):
        id: str
        score: float = 0.0
        named: bool = False
        where: TextSpans | None = None
        tags: list[str] = Field(default_factory=list)

    columns = {c.name: c.sql_type for c in record_columns(Later)}
    assert columns == {"id": "VARCHAR", "score": "DOUBLE", "named": "BOOLEAN", "where_text": "VARCHAR",
                       "where_spans": "JSON", "tags": "JSON"}


def test_quote_columns_flatten_text_spans():
    columns = derive_schema()["quotes"].column_names
    assert {"article_id", "id", "speaker_id", "type", "content_text", "content_spans", "cue_text"} <= set(columns)


@pytest.mark.skipif(not HAS_IDENTITY, reason=NO_IDENTITY)
def test_speakers_have_identity():
    assert "identity" in derive_schema()["speakers"].column_names


@pytest.mark.skipif(not HAS_CAVEATS, reason=NO_CAVEATS)
def test_caveats_table():
    columns = derive_schema()["caveats"].column_names
    assert {"article_id", "id", "text", "kind", "quote_ids"} <= set(columns)
