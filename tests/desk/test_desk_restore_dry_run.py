"""A dry run after a restore: the restored store's first sync asks the desk which of its changes under
the former workstation id it already applied and does not send them again. ``sync --dry-run``, which a
careful user runs first, must predict that same sync (no conflict with a colleague's correction the
real sync never meets) and write nothing. Truth: the real sync run right after it, and the store's
own tables and settings read before and after the dry run."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from desk_testing import local_tables, normalised

from workbench.desk import identity
from workbench.desk.sync import sync
from workbench.store import Store, sync_state

T = "688608.SH"


def _settings(path) -> dict:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def test_the_dry_run_after_a_restore_predicts_the_sync_that_follows(pair, tmp_path):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2023A", 6.1e9)  # not pushed when the backup is made
    backup = tmp_path / "old.sqlite"
    a.backup(backup)
    sync(a, ca)  # the desk takes it from the store the backup was made of
    sync(b, cb)
    b.set_fact(T, "revenue", "2023A", 6.3e9)  # a colleague corrects it since
    sync(b, cb)
    path = a.path
    a.close()
    identity.restore(backup, path)

    with Store(path) as s:
        tables, settings = normalised(local_tables(s)), _settings(path)
        dry = sync(s, ca, dry_run=True)
        assert normalised(local_tables(s)) == tables and _settings(path) == settings  # nothing written
        assert identity.former(s) is not None  # the question is still to be asked by the real sync
        real = sync(s, ca)
        assert sync_state.conflicts(s) == []
    assert (dry.pushed, dry.pulled, dry.conflicts, dry.refused) == (real.pushed, real.pulled, real.conflicts,
                                                                     real.refused)
    assert dry.conflicts == 0
    assert any("would not send them again" in n for n in dry.notes), dry.notes
