"""A sync over a slow link: every round trip to the desk costs the link's delay (a VPN from a
roadshow: 40-150 ms each), so a sync asks only what it needs. A pull of a few rows (one not far
behind the feed) is one message: its report of what the store pulled before, the desk's prune mark,
its newest revision and the rows, each statement reading what was committed before it began. A sync
with nothing to push reads the desk's feed once (the pull after a push confirms what the push sent;
with nothing sent, what landed in the moment since the pull waits for the next sync, never lost).
An idle sync takes 14 round trips (was 36), one pushing figures 27 (was 48). Counted on the wire
(libpq's trace of the real connection), against a real PostgreSQL desk; a connection cut in the
one-message pull is an offline desk with nothing taken."""

from __future__ import annotations

import contextlib

import psycopg
import pytest

from workbench.desk import sync as desk_sync
from workbench.desk.errors import DeskOffline
from workbench.desk.sync import sync
from workbench.domain.metrics import PLAUSIBLE
from workbench.store import sync_state

FACT = ("688608.SH", "revenue", "2023A")  # 恒玄科技 in the demo store


def _value(i: int) -> float:
    """A revenue the desk takes (inside its plausible range), different for each ``i``."""
    low, high = PLAUSIBLE["revenue"]
    return low + (high - low) * (i + 1) / 1001


def _traced(monkeypatch, path):
    """Every desk connection a sync opens writes libpq's trace of its messages to ``path``."""
    real = desk_sync.connect

    @contextlib.contextmanager
    def connect(*args, **kw):
        with real(*args, **kw) as conn, open(path, "w", encoding="utf-8") as out:
            conn.pgconn.trace(out.fileno())
            conn.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS | psycopg.pq.Trace.REGRESS_MODE)
            try:
                yield conn
            finally:
                conn.pgconn.untrace()

    monkeypatch.setattr(desk_sync, "connect", connect)


def _wire(path) -> tuple[int, int]:
    """(round trips, reads of the feed) in a trace: each turn from the client's messages (``F``) to
    the server's (``B``) is a round trip; a read of the feed is a message asking for its rows."""
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line[:2] in ("F\t", "B\t")]
    turns = sum(1 for i in range(1, len(lines)) if lines[i][0] == "B" and lines[i - 1][0] == "F")
    reads = sum(1 for f in lines if f[0] == "F" and f[2] in ("Query", "Parse")
                and "FROM desk.changes c WHERE c.id >" in "\t".join(f))
    return turns, reads


def test_a_sync_with_nothing_to_push_reads_the_feed_once(pair, monkeypatch, tmp_path):
    desk, (a, ca), (b, cb) = pair
    trace = tmp_path / "wire.trace"
    _traced(monkeypatch, trace)
    assert sync(b, cb).pushed == 0
    idle, reads = _wire(trace)
    assert reads == 1
    b.set_fact(*FACT, _value(0))
    assert sync(b, cb).pushed == 1
    busy, reads = _wire(trace)
    assert reads == 2  # (the pull after the push confirms its revision)
    # besides the connection's start: the checks of the desk and this workstation (8), the pull (1), the
    # leases of published issues (1), the conflicts (1), the record of the desk's state (2)
    assert idle <= 14 < busy


def test_a_pull_of_a_few_rows_is_one_message(pair, monkeypatch, tmp_path):
    desk, (a, ca), (b, cb) = pair
    for i, period in enumerate(["2031E", "2032E", "2033E"]):
        a.set_fact(FACT[0], FACT[1], period, _value(i))
    sync(a, ca)
    a.set_fact(FACT[0], FACT[1], "2031E", _value(7))  # (a newer version of one of them)
    sync(a, ca)
    trace = tmp_path / "wire.trace"
    _traced(monkeypatch, trace)
    assert sync(b, cb).pulled == 3
    assert [b.fact(FACT[0], FACT[1], p) for p in ["2031E", "2032E", "2033E"]] == [_value(7), _value(1), _value(2)]
    messages = [line for line in trace.read_text(encoding="utf-8").splitlines()
                if line.startswith(("F\tQuery", "F\tParse")) or "\tQuery\t" in line[:12] or "\tParse\t" in line[:12]]
    [pull] = [m for m in messages if "FROM desk.changes c WHERE c.id >" in m]
    # the report, the prune mark and the newest revision in the same message as the rows
    assert "UPDATE desk.workstations SET pulled" in pull and "pruned_upto" in pull
    assert not any("DECLARE" in m for m in messages)
    with psycopg.connect(desk.super_url) as conn:  # the report landed: the desk knows b's pull
        pulled = conn.execute("SELECT pulled FROM desk.workstations WHERE ws = %s",
                              [b.get_setting("workstation_id")]).fetchone()[0]
    assert pulled > 0


def test_a_connection_cut_in_the_one_message_pull_takes_nothing(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(*FACT, _value(3))
    sync(a, ca)
    before = b.fact(*FACT)
    mark = b.get_setting(sync_state.SETTING_PULLED)
    real = desk_sync._quick_pull

    def cut(conn, *args, **kw):  # the desk ends the connection as the pull is asked for
        with psycopg.connect(desk.super_url, autocommit=True) as su:
            su.execute("SELECT pg_terminate_backend(%s)", [conn.info.backend_pid])
        return real(conn, *args, **kw)

    monkeypatch.setattr(desk_sync, "_quick_pull", cut)
    with pytest.raises(DeskOffline):
        sync(b, cb)
    assert (b.fact(*FACT), b.get_setting(sync_state.SETTING_PULLED)) == (before, mark)
    monkeypatch.setattr(desk_sync, "_quick_pull", real)
    assert sync(b, cb).pulled == 1  # the next sync completes it
    assert b.fact(*FACT) == _value(3)


def test_what_lands_during_a_sync_with_nothing_to_push_comes_with_the_next(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    value = _value(0)
    a.set_fact(*FACT, value)
    real = desk_sync._release_published_leases

    def a_pushes_meanwhile(conn):  # (after b's pull and its push of nothing)
        monkeypatch.setattr(desk_sync, "_release_published_leases", real)
        assert sync(a, ca).pushed == 1
        return real(conn)

    monkeypatch.setattr(desk_sync, "_release_published_leases", a_pushes_meanwhile)
    result = sync(b, cb)
    assert (result.pushed, result.pulled) == (0, 0)
    assert b.fact(*FACT) != value
    result = sync(b, cb)
    assert (result.pushed, result.pulled) == (0, 1)
    assert b.fact(*FACT) == value
