"""A sync over a slow link: every round trip to the desk costs the link's delay (a VPN from a
roadshow: 40-150 ms each), so a sync asks only what it needs. A sync with nothing to push reads the
desk's feed once (the pull after a push confirms what the push sent; with nothing sent, what landed
in the moment since the pull waits for the next sync, never lost). Counted on the wire (libpq's
trace of the real connection), against a real PostgreSQL desk."""

from __future__ import annotations

import contextlib

import psycopg

from workbench.desk import sync as desk_sync
from workbench.desk.sync import sync
from workbench.domain.metrics import PLAUSIBLE

FACT = ("688608.SH", "revenue", "2023A")  # 恒玄科技 in the demo store


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
    the server's (``B``) is a round trip; a read of the feed opens the pull's cursor."""
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line[:2] in ("F\t", "B\t")]
    turns = sum(1 for i in range(1, len(lines)) if lines[i][0] == "B" and lines[i - 1][0] == "F")
    reads = sum(1 for f in lines if f[0] == "F" and 'DECLARE "workbench_pull"' in "\t".join(f))
    return turns, reads


def test_a_sync_with_nothing_to_push_reads_the_feed_once(pair, monkeypatch, tmp_path):
    desk, (a, ca), (b, cb) = pair
    trace = tmp_path / "wire.trace"
    _traced(monkeypatch, trace)
    assert sync(b, cb).pushed == 0
    idle, reads = _wire(trace)
    assert reads == 1
    b.set_fact(*FACT, (PLAUSIBLE["revenue"][0] + PLAUSIBLE["revenue"][1]) / 3)
    assert sync(b, cb).pushed == 1
    busy, reads = _wire(trace)
    assert reads == 2  # (the pull after the push confirms its revision)
    assert idle < busy - 5


def test_what_lands_during_a_sync_with_nothing_to_push_comes_with_the_next(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    value = (PLAUSIBLE["revenue"][0] + PLAUSIBLE["revenue"][1]) / 3
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
