"""A big pull's rows come in chunks through a server-side cursor (a pull of a few rows comes in one
message: tests/desk/test_desk_round_trips.py): every row arrives, each row's newest version last,
however many chunks; a fetch that fails mid-way (the connection cut between chunks)
is said by the sync as an offline desk with nothing taken, at a first join as at any pull, and the
next sync completes it. Against a real PostgreSQL desk."""

from __future__ import annotations

import psycopg
import pytest

from desk_testing import local_tables, normalised, server_tables

from workbench.desk import sync as desk_sync
from workbench.desk.errors import DeskOffline
from workbench.desk.sync import sync
from workbench.domain.metrics import PLAUSIBLE
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store


def _figure(metric: str, i: float) -> float:
    low, high = PLAUSIBLE[metric]
    return low + (high - low) * (i + 0.25) / 1001


def _cut_on_chunk(monkeypatch, n: int):
    """The connection cut when the pull asks for its ``n``-th chunk: (the real fetch, the calls made)."""
    real, calls = psycopg.ServerCursor.fetchmany, []

    def cut(self, size=0):
        calls.append(1)
        if len(calls) == n:
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return real(self, size)

    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", cut)
    return real, calls


def test_a_first_join_in_many_chunks_takes_the_whole_desk(pair, tmp_path, monkeypatch):
    desk, (a, ca), _ = pair
    monkeypatch.setattr(desk_sync, "_PULL_CHUNK", 7)  # (the demo desk: hundreds of rows, so dozens of chunks)
    c = desk.join(tmp_path / "c.sqlite", desk.user("analyst"))
    try:
        assert normalised(local_tables(c)) == normalised(server_tables(desk.super_url))
        assert normalised(local_tables(c)) == normalised(local_tables(a))
    finally:
        c.close()


def _feed_pulls_are_big(monkeypatch) -> None:
    """Every feed pull taken as a big one (through the cursor, in chunks), however few its rows."""
    monkeypatch.setattr(desk_sync, "BIG_WORK_ROWS", 0)


def test_a_feed_pull_in_many_chunks_takes_each_rows_newest_version(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    monkeypatch.setattr(desk_sync, "_PULL_CHUNK", 3)
    _feed_pulls_are_big(monkeypatch)
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


def test_a_fetch_that_fails_midway_is_an_offline_desk_and_takes_nothing(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    monkeypatch.setattr(desk_sync, "_PULL_CHUNK", 2)
    _feed_pulls_are_big(monkeypatch)
    for i in range(6):
        a.set_fact(T, "net_profit", f"20{18 + i}A", _figure("net_profit", i))
    sync(a, ca)
    before = normalised(local_tables(b))
    pulled_mark = sync_state.setting_int(b, sync_state.SETTING_PULLED)
    real, calls = _cut_on_chunk(monkeypatch, 2)
    with pytest.raises(DeskOffline):
        sync(b, cb)
    assert len(calls) == 2  # (cut after the first chunk came in)
    assert normalised(local_tables(b)) == before
    assert sync_state.setting_int(b, sync_state.SETTING_PULLED) == pulled_mark
    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", real)
    sync(b, cb)  # the next sync completes it
    assert [b.fact(T, "net_profit", f"20{18 + i}A") for i in range(6)] == [_figure("net_profit", i) for i in range(6)]
    assert normalised(local_tables(b)) == normalised(server_tables(desk.super_url))


def test_a_first_join_cut_midway_is_an_offline_desk_and_the_next_sync_completes_it(pair, tmp_path, monkeypatch):
    desk, (a, ca), _ = pair
    monkeypatch.setattr(desk_sync, "_PULL_CHUNK", 5)
    user = desk.user("analyst")
    real, _ = _cut_on_chunk(monkeypatch, 3)
    with pytest.raises(DeskOffline):
        desk.join(tmp_path / "c.sqlite", user)
    monkeypatch.setattr(psycopg.ServerCursor, "fetchmany", real)
    from workbench.store import Store

    with Store(tmp_path / "c.sqlite") as c:
        assert sync_state.setting_int(c, sync_state.SETTING_PULLED) == 0  # nothing taken as pulled
        sync(c, user)  # the next sync completes the join
        assert normalised(local_tables(c)) == normalised(server_tables(desk.super_url))
