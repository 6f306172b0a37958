"""File → 连接团队服务器… with a store holding an issue for a series and week the desk already has:
the join is turned down naming the issue, store unchanged, and the dialog offers to keep both; ticked,
the join goes ahead and the desk holds both issues. Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations

import shutil

import psycopg  # a dependency of the workbench: a broken install fails here, never skips
import pytest

from desk_testing import Desk

from workbench.store import Store, sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")


def _issue_rows(desk) -> int:
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT count(*) FROM desk.rows WHERE tbl = 'issues' AND data IS NOT NULL").fetchone()[0]


def test_the_join_dialog_offers_to_keep_both_issues(qtbot, pg_cluster, desk_db, demo_path, demo_store_template,
                                                    tmp_path, join_dialog):
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    path = tmp_path / "second.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as s:  # the same week, made on another workstation (another identity)
        s.db.execute("UPDATE issues SET uid = 'another-' || uid")
        s.db.conn.commit()
        series = s.db.execute("SELECT series FROM issues").fetchone()[0]
    w, dialog = join_dialog(path, desk, desk.user("editor"))
    assert dialog.keep_both_box.isHidden()  # nothing to offer before the desk has said so
    with qtbot.waitSignal(dialog.join_failed, timeout=30000) as failed:
        dialog.join_button.click()
    assert series in failed.args[0] and dialog.error_label.text() == failed.args[0]
    assert not dialog.keep_both_box.isHidden() and not dialog.keep_both_box.isChecked()
    # the editor's role withholds the house profile: said at the same stop, agreed with the next join
    assert "你的团队库角色是编辑" in dialog.plan_label.text()
    assert w.session.store.get_setting(sync_state.SETTING_URL) is None  # the store unchanged
    assert _issue_rows(desk) == 1
    dialog.keep_both_box.setChecked(True)
    with qtbot.waitSignal(dialog.joined, timeout=30000) as joined:
        dialog.join_button.click()
    assert any("both kept" in n for n in joined.args[0].notes)
    assert _issue_rows(desk) == 2
    qtbot.waitUntil(lambda: w.session.store.scalar("SELECT count(*) FROM issues") == 2, timeout=20000)
