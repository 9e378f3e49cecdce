"""Fixtures for the ingest tests; the inputs themselves are built in ``ingest_inputs``."""

from __future__ import annotations

import pytest

from ingest_inputs import news_page


@pytest.fixture
def page() -> str:
    return news_page()
