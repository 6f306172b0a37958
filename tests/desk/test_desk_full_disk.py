"""A workstation whose disk fills up while it takes in a colleague's big import: the sync says the disk
is full (naming the folder), with no traceback and a non-zero exit; the store is as it was (every shared
table, the sync marks, the pending count); once there is room again the next sync completes it and the
store equals the desk. The disk is a small tmpfs filled to the last byte (mounting one needs root;
skipped with the reason otherwise). Against a real PostgreSQL."""

from __future__ import annotations

import os

import pytest

from tests import disk_space
from desk_testing import local_tables, normalised, server_tables, sync_as
from workbench.cli import main
from workbench.store import Store, sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")

METRICS = ("revenue", "net_profit", "eps")


@pytest.fixture
def small_disk(tmp_path):
    """A 24 MiB tmpfs on a fresh folder (room for the demo store, not for the colleague's import once
    filled), unmounted afterwards."""
    with disk_space.small_disk(tmp_path / "small", "24m") as folder:
        yield folder


def _state(store: Store) -> tuple:
    settings = {k: v for k, v in store.db.execute("SELECT key, value FROM settings") }
    pending = sync_state.pending(store)
    return (normalised(local_tables(store)), settings, store.scalar("SELECT count(*) FROM change_log"),
            pending.upto, pending.keys)


def test_a_sync_on_a_full_disk_says_so_changes_nothing_and_the_next_one_completes(
        pg_cluster, desk_db, demo_path, small_disk, capsys, monkeypatch):
    from desk_testing import Desk

    desk = Desk(pg_cluster, desk_db)
    admin, analyst = desk.user("admin"), desk.user("analyst")
    a = desk.join(demo_path, admin)
    path = small_disk / "ws.sqlite"
    b = desk.join(path, analyst)
    b.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    b.close()
    # a colleague's big import: 30,000 new figures for the demo's companies
    tickers = [t for (t,) in a.db.execute("SELECT ticker FROM companies ORDER BY ticker")]
    periods = [f"{y}{k}" for y in range(1900, 2025) for k in ("A", "E")]
    rows = [(t, m, p, 1.5 + i % 7) for i, (t, m, p) in enumerate(
        (t, m, p) for p in periods for t in tickers for m in METRICS)][:30000]
    a.write_facts(rows, source="weekly.xlsx", as_of="2025-01-03", origin="import")
    sync_as(a, admin)
    a.close()
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", analyst.password)

    with Store(path) as b:
        before = _state(b)
    disk_space.fill(small_disk, leave=256 * 1024)
    code = main(["sync", "--db", str(path)])
    out, err = capsys.readouterr()
    assert code != 0
    assert "磁盘已满" in err and str(small_disk) in err, err
    assert "Traceback" not in out + err
    with Store(path) as b:
        assert _state(b) == before  # nothing half taken in: the tables, the marks, the log, the pending changes

    os.unlink(small_disk / "filler.bin")
    assert main(["sync", "--db", str(path)]) == 0, capsys.readouterr()
    with Store(path) as b:
        assert b.scalar("SELECT count(*) FROM facts WHERE source = 'weekly.xlsx'") == 30000
        assert normalised(local_tables(b)) == normalised(server_tables(desk_db))

