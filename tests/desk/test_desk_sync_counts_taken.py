"""A sync's summary counts what it changed in the store: a desk value taken while pushing (an older
file copied back in place, whose push had landed: the desk's newer value is taken) is counted as
pulled, in the dry run too, never "pulled 0" while a figure changes.

Against the real PostgreSQL the tests start; the truth is the store's fact read with sqlite3 and the
desk's rows read with psycopg."""

from __future__ import annotations

import shutil
import sqlite3

from desk_testing import Desk, server_tables

from workbench.desk.sync import sync
from workbench.store import Store

T = "300493.SZ"


def _fact(path) -> float | None:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = 'revenue' AND period = '2030E'",
                           [T]).fetchone()
    return row[0] if row else None


def test_a_desk_value_taken_while_pushing_is_counted_as_pulled(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    ca, cb = desk.user("analyst"), desk.user("analyst")
    a_path = tmp_path / "a.sqlite"
    desk.join(a_path, ca).close()
    b = desk.join(tmp_path / "b.sqlite", cb)
    with Store(a_path) as a:
        a.set_fact(T, "revenue", "2030E", 6.1e9)  # waiting to be pushed
        a.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(a_path, tmp_path / "old.sqlite")
    with Store(a_path) as a:
        sync(a, ca)  # the desk takes 6.1e9
    sync(b, cb)
    b.set_fact(T, "revenue", "2030E", 6.3e9)
    sync(b, cb)
    b.close()
    assert server_tables(desk.super_url)["facts"][f"{T}|revenue|2030E"]["value"] == 6.3e9
    shutil.copyfile(tmp_path / "old.sqlite", a_path)  # the older file copied back in place (same file)
    for side in ("-wal", "-shm"):
        (tmp_path / f"a.sqlite{side}").unlink(missing_ok=True)
    assert _fact(a_path) == 6.1e9
    with Store(a_path) as a:
        dry = sync(a, ca, dry_run=True)
    assert _fact(a_path) == 6.1e9  # (the dry run writes nothing)
    with Store(a_path) as a:
        result = sync(a, ca)
    assert _fact(a_path) == 6.3e9
    assert result.pulled >= 1, result
    assert dry.pulled >= 1, dry
