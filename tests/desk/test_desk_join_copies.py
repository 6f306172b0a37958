"""Copies of one store that never synced (a desk setting up workstations from a template file) joined
as separate workstations: each join is the store's first contact with the desk, so a workstation id
the desk already knows (whoever's) makes the joining store a copy; it takes a new id before anything
is pushed, says so, and pushes what its join summary listed. Checked against a real PostgreSQL desk:
the desk's tables read with psycopg, the stores with sqlite3."""

from __future__ import annotations

import shutil
import sqlite3

import psycopg

from desk_testing import Desk, desk_shared_records, shared_records

from workbench.desk.sync import sync

T = "688608.SH"  # 恒玄科技 in the demo store


def _listed(path) -> set:
    """The rows the store lists as not taken by the desk (its open conflicts), read with sqlite3."""
    conn = sqlite3.connect(path)
    try:
        return {(t, k) for t, k in conn.execute("SELECT tbl, key FROM sync_conflicts WHERE resolution IS NULL")}
    finally:
        conn.close()


def _copies(demo_path, folder, names):
    paths = []
    for name in names:
        shutil.copy(demo_path, folder / f"{name}.sqlite")
        paths.append(folder / f"{name}.sqlite")
    return paths


def _user_of(config) -> str:
    return config.url.split("//", 1)[1].split("@", 1)[0]


def test_three_copies_joined_by_three_users_are_three_workstations(pg_cluster, desk_db, demo_path, tmp_path):
    template_ws = shared_records(demo_path)["ws"]
    desk = Desk(pg_cluster, desk_db)
    # the editor's copy first (the desk refuses an editor the house and analysts), then the
    # administrator's, then an analyst's: the order QA found the house and analysts lost in
    users = [desk.user("editor"), desk.user("admin"), desk.user("analyst")]
    paths = _copies(demo_path, tmp_path, ["editor", "admin", "analyst"])
    assert {shared_records(p)["ws"] for p in paths} == {template_ws}  # the copies share the template's id
    stores, results = [], []
    for path, config in zip(paths, users):
        store = desk.join(path, config)  # (Desk.join: the store joins with its data, summary confirmed)
        stores.append(store)
        results.append(sync(store, config))  # and syncs once more, as a workstation does
    try:
        ids = [shared_records(p)["ws"] for p in paths]
        assert len(set(ids)) == 3, ids  # three workstations
        theirs = desk_shared_records(desk.super_url)
        for ws, config in zip(ids, users):
            assert theirs["owners"].get(ws) == _user_of(config), (ws, theirs["owners"])
        # the first copy keeps the template's id; each later one took a new id and said so in one line
        assert ids[0] == template_ws
        with psycopg.connect(desk.super_url) as su:
            # (what each join pushed under its own id: the administrator's copy sent the house and analysts)
            pushed = dict(su.execute("SELECT ws, count(*) FROM desk.changes GROUP BY ws").fetchall())
        # every store's house, analysts and issues are on the desk as the store holds them, or listed
        # by that store as not taken (the editor's house and analysts, refused to an editor)
        for path in paths:
            mine, listed = shared_records(path), _listed(path)
            for tbl in ("house", "analysts", "issues"):
                for key, value in mine[tbl].items():
                    assert theirs[tbl].get(key) == value or (tbl, key) in listed, (path.name, tbl, key, value)
        admin = shared_records(paths[1])
        assert theirs["house"]["house"] == admin["house"]["house"]
        assert theirs["analysts"] == admin["analysts"]
        assert pushed.get(ids[1], 0) > 0, pushed  # the administrator's join pushed under its own id
        # every sync after works, and each workstation's edit reaches the others
        for i, (store, config) in enumerate(zip(stores, users)):
            store.set_fact(T, "revenue", f"203{i}E", 1.0e9 * (i + 1))
            sync(store, config)
        for store, config in zip(stores, users):
            sync(store, config)
        with psycopg.connect(desk.super_url) as su:
            on_desk = dict(su.execute("SELECT key, (data->>'value')::float8 FROM desk.current WHERE tbl = 'facts' "
                                      "AND key LIKE %s", [f"{T}|revenue|203_E"]).fetchall())
        assert on_desk == {f"{T}|revenue|203{i}E": 1.0e9 * (i + 1) for i in range(3)}
        for path in paths:
            conn = sqlite3.connect(path)
            try:
                got = dict(conn.execute("SELECT period, value FROM facts "
                                        "WHERE ticker = ? AND metric = 'revenue' AND period LIKE '203_E'",
                                        [T]).fetchall())
            finally:
                conn.close()
            assert got == {f"203{i}E": 1.0e9 * (i + 1) for i in range(3)}, (path.name, got)
    finally:
        for store in stores:
            store.close()


def test_a_copy_joining_says_in_one_line_that_it_is_a_new_workstation(pg_cluster, desk_db, demo_path, tmp_path):
    template_ws = shared_records(demo_path)["ws"]
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    first, second = _copies(demo_path, tmp_path, ["first", "second"])
    desk.join(first, admin).close()
    from workbench.desk.sync import join
    from workbench.store import Store

    shown = []
    with Store(second) as store:
        result = join(store, editor.url, password=editor.password, confirm=lambda plan: shown.append(plan) or True)
    new_ws = shared_records(second)["ws"]
    assert new_ws != template_ws
    lines = [n for n in result.notes if template_ws in n]
    assert len(lines) == 1, result.notes
    assert new_ws in lines[0] and "新的工作站" in lines[0] and "new workstation" in lines[0]
    assert shown and shown[0].counts.get("issues")  # the summary was shown, and what it listed went
    with psycopg.connect(desk.super_url) as su:
        by = su.execute("SELECT by FROM desk.workstations WHERE ws = %s", [new_ws]).fetchone()
        pushes = su.execute("SELECT count(*) FROM desk.pushes WHERE ws = %s", [new_ws]).fetchone()[0]
    assert by == (_user_of(editor),) and pushes >= 1


def test_the_same_user_joining_two_copies_gets_two_workstations(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    one, two = _copies(demo_path, tmp_path, ["one", "two"])
    a = desk.join(one, admin)
    b = desk.join(two, admin)
    try:
        assert shared_records(one)["ws"] != shared_records(two)["ws"]
        # each pulls the other's edit (a store never pulls what its own workstation id wrote)
        a.set_fact(T, "revenue", "2031E", 3.5e9)
        sync(a, admin)
        b.set_fact(T, "revenue", "2032E", 4.5e9)
        sync(b, admin)
        sync(a, admin)
        for path in (one, two):
            conn = sqlite3.connect(path)
            try:
                got = dict(conn.execute("SELECT period, value FROM facts "
                                        "WHERE ticker = ? AND metric = 'revenue' AND period IN "
                                        "('2031E', '2032E')", [T]).fetchall())
            finally:
                conn.close()
            assert got == {"2031E": 3.5e9, "2032E": 4.5e9}, (path.name, got)
    finally:
        a.close()
        b.close()


def test_a_store_new_to_the_desk_keeps_its_id(pg_cluster, desk_db, demo_path, tmp_path):
    """A store the desk never heard from keeps its id: only a known id makes a joining store a copy."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    (only,) = _copies(demo_path, tmp_path, ["only"])
    before = shared_records(only)["ws"]
    desk.join(only, admin).close()
    assert shared_records(only)["ws"] == before

