"""Times the desk commands show are in this workstation's zone and one format (2026-11-30 22:41:40),
as ``desk conflicts`` shows them: a lease held or refused, ``desk status``'s last sync, and the note
that a store is an older copy; never the server's raw text (microseconds, +00) or UTC ISO.
Against a real PostgreSQL desk."""

from __future__ import annotations

import re
import time

import psycopg
import pytest

from desk_testing import sync_as

from workbench.cli import main
from workbench.desk import identity
from workbench.desk.config import write_pgpass
from workbench.desk.connection import connect
from workbench.desk.errors import DeskError
from workbench.desk.leases import take_lease
from workbench.domain.times import local_time

pytestmark = pytest.mark.usefixtures("private_password_file")

SHOWN = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
RAW = re.compile(r"\d\d:\d\d:\d\d\.\d|[+-]00\b|T\d\d:\d\d")


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _held(desk, key=None):
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute("SELECT at, expires FROM desk.leases").fetchone()


def test_lease_messages_show_local_times(pair, shanghai, capsys):
    desk, (a, ca), (b, cb) = pair
    write_pgpass(ca.url, ca.password)
    write_pgpass(cb.url, cb.password)
    path_a, path_b = a.path, b.path
    for s in (a, b):
        s.close()
    capsys.readouterr()
    assert main(["desk", "lease", "1", "--db", str(path_a)]) == 0
    out = capsys.readouterr().out
    at, expires = _held(desk)
    assert f"至 until {local_time(expires.isoformat())}" in out and not RAW.search(out)
    assert main(["desk", "lease", "1", "--db", str(path_b)]) == 1
    err = capsys.readouterr().err
    assert f"自 since {local_time(at.isoformat())}, 至 until {local_time(expires.isoformat())}" in err
    assert not RAW.search(err)


def test_the_lease_returned_still_carries_the_servers_times(pair):
    desk, (a, ca), (b, cb) = pair
    lease = take_lease(a, 1, ca)
    with pytest.raises(DeskError, match=f"自 since {SHOWN}, 至 until {SHOWN}\\)"):
        take_lease(b, 1, cb)
    at, expires = _held(desk)
    from datetime import datetime

    assert datetime.fromisoformat(lease.expires) == expires  # the app's banner formats it itself


def test_desk_status_shows_the_last_sync_in_local_time(pair, shanghai, capsys):
    desk, (a, ca), (b, cb) = pair
    last = b.get_setting("desk.last_sync")
    b.close()
    capsys.readouterr()
    assert main(["desk", "status", "--db", str(b.path)]) == 0
    out = capsys.readouterr().out
    assert f"上次同步 (last sync): {local_time(last)}" in out and not RAW.search(out)


def test_an_older_copys_note_shows_local_time(pair, shanghai):
    desk, (a, ca), (b, cb) = pair
    sync_as(b, cb)
    with psycopg.connect(desk.super_url) as conn:
        # the desk holds later changes of this workstation than the store made: an older copy put back
        conn.execute("UPDATE desk.workstations SET last_seq = %s WHERE ws = %s",
                     [identity.last_seq(b) + 5, b.workstation_id()])
        at = conn.execute("SELECT at FROM desk.workstations WHERE ws = %s", [b.workstation_id()]).fetchone()[0]
    with connect(cb.url, cb.password) as conn:
        why = identity.desk_reason(b, conn)
    assert f" at {local_time(at.isoformat())}," in why and not RAW.search(why)


def test_trace_shows_made_and_synced_times_in_local_time(pair, shanghai, capsys):
    from desk_testing import trace_output

    desk, (a, ca), (b, cb) = pair
    fact = ("688608.SH", "revenue", "2031E")
    with a.batch("edit", at="2026-11-01T09:00:00+00:00"):
        a.set_fact(*fact, 3.0e9)
    sync_as(a, ca)
    sync_as(b, cb)
    [pulled] = b.history(*fact)
    from workbench.store.store import synced_at

    b.close()
    lines = trace_output(capsys, b.path, *fact)
    [entry] = [line for line in lines if line.startswith("  2")]
    assert entry.startswith(f"  {local_time(pulled['at'])} {ca.user} ")
    assert local_time(pulled["at"]) == "2026-11-01 17:00:00"
    assert f"同步于 synced {local_time(synced_at(pulled['note']))})" in entry and not RAW.search(entry)
