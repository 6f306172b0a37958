"""File → 连接团队服务器… as an analyst or editor, with a store holding a house profile and analysts: the
plan shown before connecting cannot know the desk role, so the join stops once the desk has named it,
nothing sent and the store unchanged, and the dialog shows the plan again with what the role will not
send; "Join anyway" then joins. An administrator joins at the first click. Against a real PostgreSQL
(the desk tests' cluster)."""

from __future__ import annotations


import psycopg  # a dependency of the workbench: a broken install fails here, never skips
import pytest

from desk_testing import Desk

from workbench.store import sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")


def _desk_rows(desk) -> int:
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT (SELECT count(*) FROM desk.rows) + (SELECT count(*) FROM desk.changes)").fetchone()[0]


def test_an_editor_sees_what_the_role_will_not_send_before_anything_goes(qtbot, pg_cluster, desk_db, demo_path,
                                                                         join_dialog):
    desk = Desk(pg_cluster, desk_db)
    w, dialog = join_dialog(demo_path, desk, desk.user("editor"))
    before = dialog.plan_label.text()
    assert "administrator" not in before  # (the role is not known before connecting)
    with qtbot.waitSignal(dialog.role_noted, timeout=30000) as noted:
        dialog.join_button.click()
    text = noted.args[0]
    assert text == dialog.plan_label.text() and text.startswith(before)
    assert "你的团队库角色是编辑。机构信息和分析师名册只有管理员可以修改" in text  # (the app speaks Chinese by default)
    assert "暂缓推送" in text and "目前还没有推送任何内容" in text
    assert dialog.isVisible() and dialog.error_label.isHidden() and dialog.join_button.isEnabled()
    assert dialog.join_button.text() == "仍然加入(&J)"
    assert w.session.store.get_setting(sync_state.SETTING_URL) is None  # the store unchanged
    assert _desk_rows(desk) == 0  # nothing sent
    with qtbot.waitSignal(dialog.joined, timeout=60000) as joined:
        dialog.join_button.click()
    assert joined.args[0].pushed > 0
    assert w.session.store.get_setting(sync_state.SETTING_URL)
    with psycopg.connect(desk.super_url) as su:  # the role's refusal, as the note said
        assert su.execute("SELECT count(*) FROM desk.rows WHERE tbl = 'house' AND data IS NOT NULL").fetchone()[0] == 0
        assert su.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'companies'").fetchone()[0] > 0


def test_an_administrator_joins_at_the_first_click(qtbot, pg_cluster, desk_db, demo_path, join_dialog):
    desk = Desk(pg_cluster, desk_db)
    w, dialog = join_dialog(demo_path, desk, desk.user("admin"))
    noted = []
    dialog.role_noted.connect(noted.append)
    with qtbot.waitSignal(dialog.joined, timeout=60000):
        dialog.join_button.click()
    assert noted == []
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.rows WHERE tbl = 'house' AND data IS NOT NULL").fetchone()[0] == 1
