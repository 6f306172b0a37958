"""A change pulled from a workstation whose clock ran ahead is dated after the sync that brought it:
trace on the station that pulled it marks it (the writer's clock may be wrong); a change made before
its sync, as clocks that agree make it, is not marked. Against a real PostgreSQL desk."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from desk_testing import trace_output
from workbench.desk.sync import sync
from workbench.store import store as store_module

T = "688608.SH"  # 恒玄科技 in the demo store
MARK = "时间晚于同步时间，写入者时钟可能有误"


def _made(monkeypatch, when: datetime, fn):
    monkeypatch.setattr(store_module, "now_iso", lambda: when.isoformat(timespec="seconds"))
    try:
        return fn()
    finally:
        monkeypatch.undo()


def test_a_change_dated_after_its_sync_is_marked_on_the_station_that_pulled_it(pair, capsys, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    ahead = datetime.now(timezone.utc) + timedelta(days=1)  # a's clock a day ahead
    _made(monkeypatch, ahead, lambda: a.set_fact(T, "revenue", "2031E", 9e9, source="a.csv"))
    sync(a, ca)
    assert sync(b, cb).pulled >= 1
    [entry] = b.history(T, "revenue", "2031E")
    pulled_at = datetime.fromisoformat(entry["at"])
    assert pulled_at > datetime.now(timezone.utc)  # the truth: dated in b's future
    line = trace_output(capsys, b.path, T, "revenue", "2031E")[-1]
    assert MARK in line and "the writer's clock may be wrong" in line, line
    # on the station that made it (no sync brought it there) nothing is said of it
    assert MARK not in trace_output(capsys, a.path, T, "revenue", "2031E")[-1]


def test_a_change_made_before_its_sync_is_not_marked(pair, capsys, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    before = datetime.now(timezone.utc) - timedelta(minutes=20)
    _made(monkeypatch, before, lambda: a.set_fact(T, "revenue", "2031E", 9e9, source="a.csv"))
    sync(a, ca)
    sync(b, cb)
    assert MARK not in trace_output(capsys, b.path, T, "revenue", "2031E")[-1]
