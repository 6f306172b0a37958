"""After a restore whose first sync finds the desk took the store's unpushed change already (and nobody
changed it since), the figure keeps one history step for that change: taking the desk's row, the
same value, adds none. Against a real PostgreSQL desk."""

from __future__ import annotations

from workbench.desk import identity
from workbench.desk.sync import sync
from workbench.store import Store, sync_state

T = "688608.SH"


def test_the_change_the_desk_took_is_one_step_in_the_history(pair, tmp_path):
    desk, (a, ca), _ = pair
    a.set_fact(T, "revenue", "2023A", 6.1e9)
    backup = tmp_path / "old.sqlite"
    a.backup(backup)
    sync(a, ca)
    path = a.path
    a.close()
    identity.restore(backup, path)
    with Store(path) as s:
        result = sync(s, ca)
        assert result.conflicts == 0 and sync_state.pending(s).keys == {}
        steps = [h for h in s.history(T, "revenue", "2023A") if h["new"] is not None]
        assert s.fact(T, "revenue", "2023A") == 6.1e9
    assert [float(h["new"]) for h in steps].count(6.1e9) == 1, steps
