"""Joining with a store that holds an issue for a series and week the desk already has: refused,
store unchanged, the message naming the way forward; with --keep-both both issues are kept, the
local one going to the desk whole as a second issue of that week and the desk's coming here beside
it, nothing merged and nothing lost. Against a real PostgreSQL desk."""

from __future__ import annotations

import shutil

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, server_tables  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk.sync import IssueTaken, join, sync  # noqa: E402
from workbench.store import Store, sync_state  # noqa: E402

pytestmark = pytest.mark.usefixtures("private_password_file")  # libpq's password file in the test's folder


@pytest.fixture
def taken_week(pg_cluster, desk_db, demo_path, demo_store_template, tmp_path):
    """The demo on a desk; a second store holding the demo's issue made on another workstation (same
    series and week, another identity, its own text); an editor to join with it."""
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    second = tmp_path / "second.sqlite"
    shutil.copy(demo_store_template, second)
    with Store(second) as s:
        s.db.execute("UPDATE issues SET uid = 'another-' || uid")
        s.db.conn.commit()
    return desk, second, desk.user("editor")


def _desk_issues(desk) -> dict[str, dict]:
    return server_tables(desk.super_url)["issues"]


def test_keep_both_joins_and_loses_nothing_on_either_side(taken_week):
    desk, second, editor = taken_week
    [desk_uid] = _desk_issues(desk)
    before_desk = normalised(server_tables(desk.super_url))
    with Store(second) as s:
        mine = normalised(local_tables(s))
    [local_uid] = mine["issues"]
    store = Store(second)
    try:
        result = join(store, editor.url, password=editor.password, confirm=lambda plan: True, keep_both=True)
        assert any("both kept" in n for n in result.notes)
        after = normalised(server_tables(desk.super_url))
        # the desk's issue and its records exactly as they were
        assert after["issues"][desk_uid] == before_desk["issues"][desk_uid]
        for t in ("issue_log", "issue_versions"):
            assert {k: v for k, v in before_desk[t].items() if v["issue"] == desk_uid} == \
                   {k: v for k, v in after[t].items() if v["issue"] == desk_uid}
        # the local one whole beside it: its row, status log and published versions
        assert after["issues"][local_uid] == mine["issues"][local_uid]
        for t in ("issue_log", "issue_versions"):
            assert {k: v for k, v in mine[t].items() if v["issue"] == local_uid} == \
                   {k: v for k, v in after[t].items() if v["issue"] == local_uid}
        # and this store holds both, as the desk does
        assert set(normalised(local_tables(store))["issues"]) == {desk_uid, local_uid}
        # nothing of the local issue contested (the copy's log still names the demo issue's own identity,
        # which the raw UPDATE above renamed: that is the test's artifact, not the join's)
        assert [c for c in sync_state.conflicts(store)
                if c["key"] == local_uid or (c["mine"] or {}).get("issue") == local_uid] == []
        assert sync(store, editor).pulled == 0
    finally:
        store.close()


def test_without_the_flag_the_join_is_refused_naming_the_way_forward(taken_week):
    desk, second, editor = taken_week
    store = Store(second)
    try:
        with pytest.raises(IssueTaken, match="--keep-both") as refused:
            join(store, editor.url, password=editor.password, confirm=lambda plan: True)
        assert refused.value.issues  # named for the app to show
        assert store.get_setting(sync_state.SETTING_URL) is None  # store unchanged
    finally:
        store.close()
    assert len(_desk_issues(desk)) == 1


def test_the_command_line_refuses_then_keeps_both(taken_week, capsys):
    desk, second, editor = taken_week
    url = editor.url.replace(f"{editor.user}@", f"{editor.user}:{editor.password}@")
    capsys.readouterr()
    assert main(["desk", "join", url, "--db", str(second), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "--keep-both" in err and "Traceback" not in err
    with Store(second) as s:
        assert s.get_setting(sync_state.SETTING_URL) is None
    assert main(["desk", "join", url, "--db", str(second), "--yes", "--keep-both"]) == 0
    out = capsys.readouterr().out
    assert "both kept" in out
    assert len(_desk_issues(desk)) == 2
    with psycopg.connect(desk.super_url) as su:  # the two issues of one week, side by side
        weeks = su.execute("SELECT DISTINCT data->>'series', data->>'period_start' FROM desk.rows "
                           "WHERE tbl = 'issues'").fetchall()
    assert len(weeks) == 1
