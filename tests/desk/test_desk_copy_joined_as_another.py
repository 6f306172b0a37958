"""A copy that joined under another desk user's workstation id, as before a join told copies apart
(the desk took its rows for that workstation's, so its house, analysts and issues never went, and
its syncs are refused): once re-identified, its next sync sends all its rows again, compared with
the desk's as a join's are. Checked against a real PostgreSQL desk: its tables read with psycopg, the
store with sqlite3."""

from __future__ import annotations

import shutil

import psycopg
import pytest

from desk_testing import Desk, desk_shared_records, shared_records

from workbench.desk.sync import sync

T = "688608.SH"  # 恒玄科技 in the demo store


def _copies(demo_path, folder, names):
    for name in names:
        shutil.copy(demo_path, folder / f"{name}.sqlite")
    return [folder / f"{name}.sqlite" for name in names]


def _user_of(config) -> str:
    return config.url.split("//", 1)[1].split("@", 1)[0]


def test_a_copy_joined_under_another_users_id_sends_its_rows_once_reidentified(
        pg_cluster, desk_db, demo_path, tmp_path, monkeypatch, capsys):
    """A copy that joined under another user's workstation id (as before a join told copies apart: the
    desk took its rows for that workstation's, and its syncs are refused) is re-identified with
    ``workbench desk reidentify``; its next sync then sends what its join should have, as a join does."""
    from workbench.cli import main
    from workbench.desk import identity
    from workbench.desk.errors import DeskError
    from workbench.store import Store

    desk = Desk(pg_cluster, desk_db)
    editor, admin = desk.user("editor"), desk.user("admin")
    first, second = _copies(demo_path, tmp_path, ["editor", "admin"])
    desk.join(first, editor).close()
    with monkeypatch.context() as m:  # the join as it was: the copy keeps the id the desk knows
        m.setattr(identity, "joining_copy", lambda store, conn: None)
        desk.join(second, admin).close()
    assert shared_records(first)["ws"] == shared_records(second)["ws"]
    assert "house" not in desk_shared_records(desk.super_url)["house"]  # the editor's house was refused, the admin's never sent
    with Store(second) as store:
        store.set_fact(T, "revenue", "2038E", 6.5e9)
        with pytest.raises(DeskError) as refused:  # the desk refuses it: the id is the editor's, said in words
            sync(store, admin)
    said = str(refused.value)
    assert shared_records(second)["ws"] in said and _user_of(editor) in said and "workbench desk reidentify" in said, said
    assert "row-level security" not in said, said
    capsys.readouterr()
    assert main(["desk", "reidentify", "--db", str(second)]) == 0
    with Store(second) as store:
        sync(store, admin)
        sync(store, admin)
        assert not store.rows("SELECT 1 FROM sync_conflicts WHERE resolution IS NULL AND tbl IN ('house', 'analysts')")
    mine, theirs = shared_records(second), desk_shared_records(desk.super_url)
    assert theirs["house"]["house"] == mine["house"]["house"]
    assert theirs["analysts"] == mine["analysts"]
    assert theirs["owners"][mine["ws"]] == _user_of(admin)
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT (data->>'value')::float8 FROM desk.current WHERE tbl = 'facts' AND key = %s",
                          [f"{T}|revenue|2038E"]).fetchone() == (6.5e9,)
