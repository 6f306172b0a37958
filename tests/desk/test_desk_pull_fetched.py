"""A pull's rows are fetched by a thread of their own, one chunk ahead of the sync that takes them in
(``_fetched``): the server computes the next chunk while the client takes in the last. Every row
still arrives, in order, however many chunks; a fetch that fails mid-way is said by the sync as an
offline desk, nothing taken and no thread left behind; a caller that stops early stops the fetch and
leaves the connection usable. Against a real PostgreSQL desk."""

from __future__ import annotations

import threading

import psycopg
import pytest

from desk_testing import local_tables, normalised, server_tables

from workbench.desk import sync as desk_sync
from workbench.desk.connection import connect
from workbench.desk.errors import DeskOffline
from workbench.desk.sync import sync
from workbench.domain.metrics import PLAUSIBLE
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store


def _figure(metric: str, i: float) -> float:
    low, high = PLAUSIBLE[metric]
    return low + (high - low) * (i + 0.25) / 1001


def _fetchers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "workbench-pull-fetch"]


def test_a_first_join_in_many_chunks_takes_the_whole_desk(pair, tmp_path, monkeypatch):
    desk, (a, ca), _ = pair
    monkeypatch.setattr(desk_sync, "_PULL_CHUNK", 7)  # (the demo desk: hundreds of rows, so dozens of chunks)
    c = desk.join(tmp_path / "c.sqlite", desk.user("analyst"))
    try:
        assert normalised(local_tables(c)) == normalised(server_tables(desk.super_url))
        assert normalised(local_tables(c)) == normalised(local_tables(a))
        assert not _fetchers()
    finally:
        c.close()


def test_a_feed_pull_in_many_chunks_takes_each_rows_newest_version(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    monkeypatch.setattr(desk_sync, "_PULL_CHUNK", 3)
    for i, period in enumerate(["2021A", "2022A", "2023A", "2024E", "2025E"]):
        a.set_fact(T, "revenue", period, _figure("revenue", i))
        sync(a, ca)
        a.set_fact(T, "revenue", period, _figure("revenue", 100 + i))  # (a newer version in a later chunk)
    a.add_note("渠道调研：库存回落", tickers=[T])
    sync(a, ca)
    result = sync(b, cb)
    assert result.pulled >= 6
    assert [b.fact(T, "revenue", p) for p in ["2021A", "2022A", "2023A", "2024E", "2025E"]] == [
        _figure("revenue", 100 + i) for i in range(5)]
    assert normalised(local_tables(b)) == normalised(server_tables(desk.super_url))
    assert not _fetchers()


def test_a_fetch_that_fails_midway_is_an_offline_desk_and_takes_nothing(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    monkeypatch.setattr(desk_sync, "_PULL_CHUNK", 2)
    for i in range(6):
        a.set_fact(T, "net_profit", f"20{18 + i}A", _figure("net_profit", i))
    sync(a, ca)
    before = normalised(local_tables(b))
    pulled_mark = sync_state.setting_int(b, sync_state.SETTING_PULLED)
    real = psycopg.ServerCursor.fetchmany
    calls = []

    def cut_on_the_second_chunk(self, size=0):
        calls.append(threading.current_thread().name)
        if len(calls) == 2:
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return real(self, size)

    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", cut_on_the_second_chunk)
    with pytest.raises(DeskOffline):
        sync(b, cb)
    assert calls[:2] == ["workbench-pull-fetch"] * 2  # (fetched by the thread, said by the sync)
    assert normalised(local_tables(b)) == before
    assert sync_state.setting_int(b, sync_state.SETTING_PULLED) == pulled_mark
    assert not _fetchers()
    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", real)
    sync(b, cb)  # the next sync completes it
    assert [b.fact(T, "net_profit", f"20{18 + i}A") for i in range(6)] == [_figure("net_profit", i) for i in range(6)]
    assert normalised(local_tables(b)) == normalised(server_tables(desk.super_url))


def test_a_first_join_cut_midway_is_an_offline_desk_and_the_next_sync_completes_it(pair, tmp_path, monkeypatch):
    desk, (a, ca), _ = pair
    monkeypatch.setattr(desk_sync, "_PULL_CHUNK", 5)
    real = psycopg.ServerCursor.fetchmany
    calls = []

    def cut_on_the_third_chunk(self, size=0):
        calls.append(1)
        if len(calls) == 3:
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return real(self, size)

    user = desk.user("analyst")
    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", cut_on_the_third_chunk)
    from desk_testing import Desk  # noqa: F401  (the pair's desk joins the store)

    with pytest.raises(DeskOffline):
        desk.join(tmp_path / "c.sqlite", user)
    assert not _fetchers()
    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", real)
    from workbench.store import Store

    with Store(tmp_path / "c.sqlite") as c:
        assert sync_state.setting_int(c, sync_state.SETTING_PULLED) == 0  # nothing taken as pulled
        sync(c, user)  # the next sync completes the join
        assert normalised(local_tables(c)) == normalised(server_tables(desk.super_url))


def test_a_caller_that_stops_early_stops_the_fetch(pair, monkeypatch):
    _, (a, ca), _ = pair
    monkeypatch.setattr(desk_sync, "_PULL_CHUNK", 10)
    query = "SELECT n FROM generate_series(1, %(last)s) AS n ORDER BY n"
    with connect(ca.url, ca.password) as conn:
        with conn.transaction():
            chunks = desk_sync._fetched(conn, [query, query], {"last": 35})
            assert [r[0] for r in next(chunks)] == list(range(1, 11))
            chunks.close()
            assert not _fetchers()
            assert conn.execute("SELECT 41 + 1").fetchone()[0] == 42  # (the connection is the caller's again)
        with conn.transaction():  # every row of both queries, in order, when taken to the end
            taken = [r[0] for rows in desk_sync._fetched(conn, [query, query], {"last": 35}) for r in rows]
        assert taken == list(range(1, 36)) * 2
        assert not _fetchers()
