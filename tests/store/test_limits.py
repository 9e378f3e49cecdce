"""DuckDB's memory and thread limits: applied to every connection the store opens, from options or environment."""

from __future__ import annotations

import duckdb
import pytest
from click.testing import CliRunner
from store_records import three_articles

from onrecord.cli import main
from onrecord.store import Store, StoreError, shard_tables
from onrecord.store.limits import DEFAULT_MEMORY_LIMIT, MEMORY_ENV, THREADS_ENV, Limits


def settings(store) -> tuple[str, int]:
    return store.con.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchall()[0]


def duckdb_reads(memory: str) -> str:
    """How DuckDB shows ``memory`` once set, for comparison (``1GB`` is ``953.6 MiB``)."""
    with duckdb.connect(":memory:") as con:
        con.execute(f"SET memory_limit = '{memory}'")
        return con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.delenv(MEMORY_ENV, raising=False)
    monkeypatch.delenv(THREADS_ENV, raising=False)
    path = tmp_path / "corpus.duckdb"
    with Store.open(path) as store:
        store.write_shard(shard_tables(three_articles()))
    return path


def test_the_limits_given_are_applied_to_reads_and_writes(corpus):
    with Store.open(corpus, limits=Limits("1GB", 1)) as store:
        assert settings(store) == (duckdb_reads("1GB"), 1)
    with Store.open(corpus, read_only=True, limits=Limits("300MB", 2)) as store:
        assert settings(store) == (duckdb_reads("300MB"), 2)


def test_without_limits_a_quarter_of_ram_is_the_default(corpus):
    with Store.open(corpus, read_only=True) as store:
        memory, _ = settings(store)
    assert DEFAULT_MEMORY_LIMIT == "25%"
    assert memory == duckdb_reads("25%")
    assert memory != duckdb_reads("80%")  # not DuckDB's own default


def test_the_environment_sets_the_limits_when_no_option_does(corpus, monkeypatch):
    monkeypatch.setenv(MEMORY_ENV, "512MB")
    monkeypatch.setenv(THREADS_ENV, "1")
    with Store.open(corpus, read_only=True) as store:
        assert settings(store) == (duckdb_reads("512MB"), 1)
    with Store.open(corpus, read_only=True, limits=Limits.from_environment("2GB", 2)) as store:
        assert settings(store) == (duckdb_reads("2GB"), 2)  # an option wins over the environment


@pytest.mark.parametrize("memory", ["abc", "12", "0MB", "150%", "-1GB"])
def test_a_memory_limit_that_is_not_a_size_is_refused_naming_where_it_came_from(corpus, monkeypatch, memory):
    with pytest.raises(StoreError, match="--memory-limit"):
        Limits.from_environment(memory)
    monkeypatch.setenv(MEMORY_ENV, memory)
    with pytest.raises(StoreError, match=MEMORY_ENV):
        Store.open(corpus, read_only=True)


@pytest.mark.parametrize("memory", ["4GB", "512 MB", "2GiB", "40%", "1.5GB"])
def test_a_memory_limit_that_is_a_size_is_taken(memory):
    assert Limits.from_environment(memory).memory_limit == memory


@pytest.mark.parametrize("threads, taken", [("0", False), ("two", False), ("1", True), ("4", True)])
def test_a_thread_count_must_be_a_whole_number_of_at_least_one(threads, taken):
    if taken:
        assert Limits.from_environment(None, threads).threads == int(threads)
    else:
        with pytest.raises(StoreError, match="--threads"):
            Limits.from_environment(None, threads)


def test_the_query_commands_take_the_options_and_refuse_a_bad_one_in_one_line(corpus):
    runner = CliRunner()
    good = runner.invoke(main, ["report", "--db", str(corpus), "--memory-limit", "1GB", "--threads", "1"])
    assert good.exit_code == 0, good.output
    bad = runner.invoke(main, ["quotes", "--db", str(corpus), "--memory-limit", "lots"])
    assert bad.exit_code == 2
    assert bad.output.strip().splitlines() == [
        "error: E400 --memory-limit: 'lots' is not a memory limit: give a size such as 4GB, 512MB or 2GiB, "
        "or a share of RAM such as 25%"]
