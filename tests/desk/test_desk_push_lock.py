"""The desk's push lock: a push holds it only for the statements that need it, and a push that
waited for it sees every push committed while it waited.

Every push takes one lock on the desk from its first look at what landed since its pull to its
commit: pushes land one after another, their versions numbered in the order they commit. Each
statement under it is a round trip to the workstation holding it, and every other push waits for
those round trips: from a workstation on a slow link (a VPN from a roadshow), each costs the whole
desk tens of milliseconds. What a push records whatever it decides (its history, the desk's mark of
the workstation, the word to listening workstations) goes before the lock, and the lock goes in
one round trip with the first statement that needs it. Counted on the wire (libpq's trace of the
real connection), against a real PostgreSQL desk."""

from __future__ import annotations

import contextlib
import threading
import time

import psycopg
import pytest

from desk_testing import server_tables

from workbench.desk import schema
from workbench.desk import sync as desk_sync
from workbench.desk.sync import sync
from workbench.domain.metrics import PLAUSIBLE
from workbench.store import Store, sync_state

FACT = ("688608.SH", "revenue", "2023A")  # 恒玄科技 in the demo store
KEY = "|".join(FACT)


def _traced(monkeypatch, path):
    """Every desk connection a sync opens writes libpq's trace of its messages to ``path``."""
    real = desk_sync.connect

    @contextlib.contextmanager
    def connect(*args, **kw):
        with real(*args, **kw) as conn, open(path, "a", encoding="utf-8") as out:
            conn.pgconn.trace(out.fileno())
            conn.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS | psycopg.pq.Trace.REGRESS_MODE)
            try:
                yield conn
            finally:
                conn.pgconn.untrace()

    monkeypatch.setattr(desk_sync, "connect", connect)


def _round_trips_under_lock(trace: str) -> int:
    """How many times the client waited for the server from the message that asks for the push
    lock to the server's answer to the COMMIT that releases it: each turn from messages sent by the
    client (``F``) to messages from the server (``B``) is one."""
    lines = [line.split("\t") for line in trace.splitlines() if line[:2] in ("F\t", "B\t")]
    [start] = [i for i, f in enumerate(lines) if f[0] == "F" and "pg_advisory_xact_lock" in "\t".join(f)]
    commit = next(i for i, f in enumerate(lines) if i > start and f[0] == "F" and f[2] == "Query"
                  and '"COMMIT"' in "\t".join(f))
    end = next(i for i, f in enumerate(lines) if i > commit and f[0] == "B" and f[2] == "ReadyForQuery")
    turns = sum(1 for i in range(start + 1, end + 1) if lines[i][0] == "B" and lines[i - 1][0] == "F")
    return turns


def _figure(metric: str, i: float) -> float:
    low, high = PLAUSIBLE.get(metric, (-1e6, 1e6))
    return low + (high - low) * (i + 0.25) / 1001


def test_a_push_of_figures_holds_the_lock_for_five_round_trips(pair, monkeypatch, tmp_path):
    desk, (a, ca), _ = pair
    # a week's figures: imported, so the push also records its import in the desk's history
    rows = [(t, "revenue", "2031E", _figure("revenue", i))
            for i, t in enumerate(r[0] for r in a.db.execute("SELECT ticker FROM companies ORDER BY ticker"))]
    a.write_facts(rows, source="weekly.xlsx", as_of="2025-01-03", origin="import")
    trace = tmp_path / "wire.trace"
    _traced(monkeypatch, trace)
    result = sync(a, ca)
    assert result.pushed == len(rows) > 10
    # the lock with the look at what landed since the pull (1), the COPY of the versions (2: its
    # start, answered, then its data and end), the check that their revisions are the run drawn
    # (1), the COMMIT (1)
    assert _round_trips_under_lock(trace.read_text(encoding="utf-8")) == 5
    # and all of it recorded: the figures, the import's history entry, the desk's mark
    on_desk = server_tables(desk.super_url)["facts"]
    assert all(on_desk[f"{t}|{m}|{p}"]["value"] == v for t, m, p, v in rows)
    with psycopg.connect(desk.super_url) as conn:
        ws = a.get_setting("workstation_id")
        assert conn.execute("SELECT last_seq FROM desk.workstations WHERE ws = %s", [ws]).fetchone()[0] == a.last_seq()
        entries = [e for (e,) in conn.execute("SELECT entry FROM desk.history WHERE ws = %s", [ws])]
    assert [e["origin"] for e in entries] == ["demo", "import"]  # (the store's own, then this import)
    assert sync_state.pending(a).keys == {}


def _waiting_for_the_lock(super_url: str) -> bool:
    with psycopg.connect(super_url) as conn:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                            "AND objid = %s)", [schema.PUSH_LOCK & 0xFFFFFFFF]).fetchone()[0]


def _pushes_while_another_holds_the_lock(desk, store, config) -> "desk_sync.SyncResult":
    """``store``'s sync, run while another push holds the lock; that push writes ``FACT`` as 300
    (as the desk's owner: a version of the feed) and commits once the sync waits for the lock."""
    holder = psycopg.connect(desk.super_url)
    holder.execute("SELECT pg_advisory_xact_lock(%s)", [schema.PUSH_LOCK])  # another push, mid-way
    outcome = {}

    def syncs():  # (its own connection to the store: SQLite's are not shared between threads)
        with Store(store.path) as own:
            outcome["result"] = sync(own, config)

    t = threading.Thread(target=syncs)
    t.start()
    try:
        deadline = time.monotonic() + 30
        while not _waiting_for_the_lock(desk.super_url):
            assert time.monotonic() < deadline and t.is_alive(), "the push never waited for the lock"
            time.sleep(0.05)
        holder.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, %s, 'sql:admin', 0)",
                       [KEY, psycopg.types.json.Jsonb({"value": 300.0, "source": "desk", "as_of": "2025-01-03"})])
        holder.commit()
    finally:
        t.join(60)
        holder.close()
    return outcome["result"]


@pytest.mark.parametrize("keys_sent", [desk_sync._KEYS_SENT, 0])  # (0: as a big push looks)
def test_a_push_that_waited_for_the_lock_sees_what_landed_meanwhile(pair, monkeypatch, keys_sent):
    """A push that waits for the lock while another push writes the same figure and commits finds
    that write when it gets the lock: a conflict, never a version silently written over it (its look
    at what landed is a statement of its own, after the lock, with a snapshot that sees the commit)."""
    desk, (a, ca), (b, cb) = pair
    monkeypatch.setattr(desk_sync, "_KEYS_SENT", keys_sent)
    assert b.fact(*FACT) is not None  # b joined the desk holding the demo
    b.set_fact(*FACT, 200.0)
    result = _pushes_while_another_holds_the_lock(desk, b, cb)
    assert (result.pushed, result.conflicts) == (0, 1)
    [c] = sync_state.conflicts(b)
    assert (c["tbl"], c["key"], c["mine"]["value"], c["theirs"]["value"]) == ("facts", KEY, 200.0, 300.0)
    assert b.fact(*FACT) == 300.0 == server_tables(desk.super_url)["facts"][KEY]["value"]


def test_a_deletion_that_waited_for_the_lock_keeps_what_landed_meanwhile(pair):
    """The same with a figure deleted here: the figure written on the desk meanwhile stays, and the
    deletion is kept as a conflict, never a deletion of a value this store never saw."""
    desk, (a, ca), (b, cb) = pair
    b.set_fact(*FACT, None)
    result = _pushes_while_another_holds_the_lock(desk, b, cb)
    assert (result.pushed, result.conflicts) == (0, 1)
    [c] = sync_state.conflicts(b)
    assert (c["tbl"], c["key"], c["mine"], c["theirs"]["value"]) == ("facts", KEY, None, 300.0)
    assert b.fact(*FACT) == 300.0 == server_tables(desk.super_url)["facts"][KEY]["value"]
