"""`workbench index unmerge` on a store whose desk user is no administrator refuses at once, as the merge
does, to undo a merge that removed the benchmark index: the undo would give the benchmark back to the
removed index, a change of the house's benchmark the desk refuses to every role but admin (it would
otherwise only be refused at the next sync). Nothing changes in the store. An undo that moves no
benchmark goes on as before, and an administrator may undo either. Against a real PostgreSQL desk:
the role is the one the desk gave at the last sync; the store read back with plain sqlite3."""

from __future__ import annotations

import sqlite3

import pytest

from desk_testing import Desk

from workbench.cli import main
from workbench.desk import roles
from workbench.desk.sync import sync
from workbench.store import Store
from workbench.store import sync_state as state

pytestmark = pytest.mark.usefixtures("private_password_file")

NEW = "沪深300（新）"


def _indices(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT uid, name, code, is_benchmark FROM indices ORDER BY uid").fetchall()


def _quotes(path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT index_id, date, close FROM quotes ORDER BY index_id, date").fetchall()


def _benchmark(path) -> str:
    [(name,)] = sqlite3.connect(path).execute("SELECT name FROM indices WHERE is_benchmark = 1").fetchall()
    return name


@pytest.fixture
def merged(pg_cluster, desk_db, demo_path, monkeypatch):
    """The administrator merged the benchmark into a new index (the flag came over with its quotes),
    then the desk made them an editor; their store has synced since (it knows the role)."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", admin.password)
    with desk.join(demo_path, admin) as s:
        bench = s.benchmark()["name"]
        s.upsert_index(NEW, None)
    assert main(["index", "merge", NEW, bench, "--db", str(demo_path)]) == 0
    assert _benchmark(demo_path) == NEW
    with Store(demo_path) as s:
        sync(s, admin)
    return desk, admin, demo_path, bench


def _demote(desk, admin, path) -> None:
    roles.add_user(desk.super_url, admin.user, "editor", admin.password, force=True)
    with Store(path) as s:
        sync(s, admin)
        assert s.get_setting(roles.SETTING_ROLE) == "editor"


def test_an_editor_cannot_undo_a_merge_that_removed_the_benchmark(merged, capsys):
    desk, admin, path, bench = merged
    _demote(desk, admin, path)
    before = (_indices(path), _quotes(path))
    with sqlite3.connect(path) as conn:
        pending = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    capsys.readouterr()
    assert main(["index", "unmerge", bench, "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "基准" in err and "benchmark" in err and admin.user in err and "未撤销" in err
    assert bench in err
    assert (_indices(path), _quotes(path)) == before  # nothing changed
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == pending
    assert _benchmark(path) == NEW


def test_an_administrator_undoes_it_and_the_benchmark_comes_back(merged):
    desk, admin, path, bench = merged
    assert main(["index", "unmerge", bench, "--db", str(path)]) == 0
    assert _benchmark(path) == bench


def test_an_editor_undoes_a_merge_that_moved_no_benchmark(merged, capsys):
    desk, admin, path, bench = merged
    with sqlite3.connect(path) as conn:
        [(other,)] = conn.execute("SELECT name FROM indices WHERE name = '中证人工智能指数'").fetchall()
    with Store(path) as s:
        s.upsert_index("中证人工智能", None)
    assert main(["index", "merge", other, "中证人工智能", "--db", str(path)]) == 0
    _demote(desk, admin, path)
    assert main(["index", "unmerge", "中证人工智能", "--db", str(path)]) == 0
    assert "中证人工智能" in [n for _, n, _, _ in _indices(path)]
    assert _benchmark(path) == NEW
    with Store(path) as s:
        assert s.get_setting(state.SETTING_URL)
