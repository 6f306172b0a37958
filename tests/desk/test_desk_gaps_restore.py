"""Restoring a backup of a store that joined a desk: the restored store becomes a new workstation, takes
what the desk got since the backup and sends what it makes, so the desk and every store end equal,
with nothing pushed twice or lost. Against a real PostgreSQL desk."""

from __future__ import annotations

import psycopg

from desk_testing import local_tables, normalised, server_tables

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.store import Store, sync_state

T = "688608.SH"


def test_a_restored_store_syncs_as_a_new_workstation_and_the_desk_ends_equal(pair, tmp_path, capsys):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2023A", 3.1e9)
    sync(a, ca)
    sync(b, cb)
    backup = tmp_path / "a-backup.sqlite"
    assert main(["backup", "-o", str(backup), "--db", str(a.path)]) == 0
    old_ws = a.workstation_id()

    # after the backup: more work on a, synced; b works too
    a.set_fact(T, "revenue", "2024A", 4.4e9)
    a.add_note("备份之后：渠道调研纪要", tickers=[T])
    sync(a, ca)
    b.set_fact(T, "revenue", "2022A", 2.2e9)
    sync(b, cb)
    a.close()

    capsys.readouterr()
    assert main(["backup", "--restore", str(backup), "--db", str(a.path)]) == 0
    out = capsys.readouterr().out
    assert "re-identified" in out
    restored = Store(a.path)
    try:
        assert restored.workstation_id() != old_ws
        assert restored.fact(T, "revenue", "2024A") != 4.4e9  # as it was at the backup
        restored.set_fact(T, "revenue", "2025E", 5.5e9)  # new work on the restored store
        result = sync(restored, ca)
        assert result.conflicts == 0 and result.refused == 0
        sync(b, cb)
        # the work done after the backup came back from the desk, and nothing twice
        assert restored.fact(T, "revenue", "2024A") == 4.4e9
        assert restored.fact(T, "revenue", "2022A") == 2.2e9
        assert b.fact(T, "revenue", "2025E") == 5.5e9
        for s in (restored, b):
            assert s.scalar("SELECT count(*) FROM notes WHERE text = '备份之后：渠道调研纪要'") == 1
        server = normalised(server_tables(desk.super_url))
        assert normalised(local_tables(restored)) == server
        assert normalised(local_tables(b)) == server
        assert sync_state.pending(restored).keys == {}
        with psycopg.connect(desk.super_url) as conn:
            notes = conn.execute("SELECT count(*) FROM desk.rows WHERE tbl = 'notes' AND data->>'text' = %s",
                                 ["备份之后：渠道调研纪要"]).fetchone()[0]
        assert notes == 1
    finally:
        restored.close()
