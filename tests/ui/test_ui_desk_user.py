"""团队服务器 → 切换用户… in the app: the store syncs as another desk user of the same desk from then
on, switched and synced on a worker; a refusal (a wrong password, changes not yet on the desk) is the
core's message in the dialog and changes nothing. Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations


import psycopg  # a dependency of the workbench: a broken install fails here, never skips
import pytest

from desk_testing import desk_with_demo

from workbench.desk.config import write_pgpass
from workbench.store import sync_state

FACT = ("688608.SH", "revenue", "2023A")


pytestmark = pytest.mark.usefixtures("private_password_file")  # libpq's password file in the test's folder


@pytest.fixture
def joined(pg_cluster, desk_db, demo_path, tmp_path):
    """A desk holding the demo data, the app's store joined as one analyst, and a second analyst."""
    desk = desk_with_demo(pg_cluster, desk_db, demo_path, tmp_path)
    first, second = desk.user("analyst"), desk.user("analyst")
    desk.join(tmp_path / "a.sqlite", first).close()
    write_pgpass(first.url, first.password)
    return desk, tmp_path / "a.sqlite", first, second


def _open_window(qtbot, settings, path):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        assert w.open_store(path)
    return w


def _desk_menu(w):
    [menu] = [a.menu() for a in w.menuBar().actions() if a.menu() is w.desk.menu]
    return menu


def _writer(desk, key):
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute("SELECT writer FROM desk.current WHERE tbl = 'facts' AND key = %s", [key]).fetchone()[0]


def test_switch_user_from_the_desk_menu_syncs_as_the_new_user(qtbot, joined, settings, private_password_file):
    desk, path, first, second = joined
    w = _open_window(qtbot, settings, path)
    menu = _desk_menu(w)
    bar = [a.menu() for a in w.menuBar().actions()]
    assert bar.index(menu) == len(bar) - 2  # before Help
    assert w.desk.switch_user_action in menu.actions() and w.desk.switch_user_action.isEnabled()
    keys = [a.shortcut().toString() for m in w.menuBar().actions() if m.menu() for a in m.menu().actions()
            if not a.shortcut().isEmpty()]
    assert w.desk.switch_user_action.shortcut().toString() in keys and len(keys) == len(set(keys))
    w.desk.switch_user_action.trigger()
    dialog = w.desk.switch_user_dialog
    assert dialog is not None and dialog.isVisible()
    assert first.user in dialog.intro.text()
    dialog.user_edit.setText(second.user)
    dialog.password_edit.setText(second.password)
    with qtbot.waitSignal(dialog.switched, timeout=30000) as done:
        task = dialog.start_switch()
        assert task is not None  # on a worker, not in the UI thread
    assert second.user in done.args[0]
    store = w.session.store
    assert f"//{second.user}@" in store.get_setting(sync_state.SETTING_URL)
    assert store.get_setting(sync_state.SETTING_USER) == second.user
    # the password is kept for the new user (libpq's password file here), never in the store
    assert private_password_file.read_text().strip().endswith(":" + second.password)
    assert second.password.encode() not in path.read_bytes()
    # what this workstation writes from now on reaches the desk under the new user's name
    qtbot.waitUntil(lambda: not w.desk._syncing, timeout=20000)
    store.set_fact(*FACT, 1.5e9)
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        w.desk.sync_now()
    assert _writer(desk, "|".join(FACT)) == second.user


def test_a_wrong_password_is_refused_with_the_desks_message(qtbot, joined, settings):
    desk, path, first, second = joined
    w = _open_window(qtbot, settings, path)
    dialog = w.desk.show_switch_user_dialog()
    dialog.user_edit.setText(second.user)
    dialog.password_edit.setText("wrong")
    dialog.start_switch()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=20000)
    assert "团队服务器" in dialog.error_label.text()
    assert dialog.isVisible()
    assert f"//{first.user}@" in w.session.store.get_setting(sync_state.SETTING_URL)


def test_changes_not_yet_on_the_desk_refuse_the_switch(qtbot, joined, settings):
    desk, path, first, second = joined
    w = _open_window(qtbot, settings, path)
    w.desk.push_timer.setInterval(10 * 60 * 1000)  # the change stays unsynced while the test looks
    w.session.store.set_fact(*FACT, 2.5e9)
    dialog = w.desk.show_switch_user_dialog()
    dialog.user_edit.setText(second.user)
    dialog.password_edit.setText(second.password)
    dialog.start_switch()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=20000)
    # the command line's message: the change is the first user's, never pushed under the new name
    assert "尚未同步" in dialog.error_label.text() and first.user in dialog.error_label.text()
    assert f"//{first.user}@" in w.session.store.get_setting(sync_state.SETTING_URL)


def test_a_blank_user_name_is_asked_for(qtbot, joined, settings):
    desk, path, first, second = joined
    w = _open_window(qtbot, settings, path)
    dialog = w.desk.show_switch_user_dialog()
    assert dialog.start_switch() is None
    assert dialog.error_label.isVisible() and dialog.error_label.text()
    assert f"//{first.user}@" in w.session.store.get_setting(sync_state.SETTING_URL)


def test_without_a_desk_there_is_no_desk_menu(window):
    assert window.desk.menu.menuAction() not in window.menuBar().actions()
    assert not window.desk.switch_user_action.isVisible()


# ---------------------------------------------------------------- File → 从备份恢复…
def test_restore_from_backup_replaces_the_store_and_reopens_it(window, qtbot, tmp_path, confirmations):
    from PySide6.QtWidgets import QMessageBox

    from workbench.store import Store

    path = window.session.path
    backup = tmp_path / "saved.sqlite"
    window.session.store.backup(backup)
    then = window.session.store.fact(*FACT)
    window.session.store.set_fact(*FACT, 9.9e9)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.restore_action in file_menu.actions() and window.restore_action.isEnabled()
    with qtbot.waitSignal(window.exports.restore_done, timeout=30000) as done:
        assert window.restore_store(str(backup)) is not None
    # the confirmation named the store replaced, the backup and where the replaced store is kept
    asked = confirmations.asked[-1]
    assert str(path) in asked and str(backup) in asked and f"{path.stem}.before-restore-" in asked
    restored, again = done.args[0]
    assert again is None  # a store with no desk keeps its identity
    assert window.session is not None and window.session.path == path
    assert window.session.store.fact(*FACT) == then
    [kept] = sorted(path.parent.glob(f"{path.stem}.before-restore-*.sqlite"))
    assert restored.kept == kept
    with Store(kept) as old:
        assert old.fact(*FACT) == 9.9e9
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and str(kept) in box.text()
    box.close()
    # the views show the restored store
    model = window.financials_page.model
    assert model.rowCount() > 0


def test_a_refused_restore_reopens_the_store_unchanged(window, qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    path = window.session.path
    window.session.store.set_fact(*FACT, 7.7e9)
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a store", encoding="utf-8")
    with qtbot.waitSignal(window.exports.restore_done, timeout=30000) as done:
        window.restore_store(str(bogus))
    assert isinstance(done.args[0], Exception)
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Critical
    assert "不是工作台数据文件" in box.text()
    box.close()
    assert window.session is not None and window.session.path == path
    assert window.session.store.fact(*FACT) == 7.7e9
    assert not list(path.parent.glob("*.before-restore-*"))


def test_a_declined_restore_changes_nothing(window, tmp_path, confirmations):
    backup = tmp_path / "saved.sqlite"
    window.session.store.backup(backup)
    session = window.session
    confirmations.answer = False
    assert window.restore_store(str(backup)) is None
    assert window.session is session


def test_restoring_a_desk_stores_backup_makes_it_a_new_workstation(qtbot, joined, settings, tmp_path):
    desk, path, first, second = joined
    w = _open_window(qtbot, settings, path)
    old_ws = w.session.store.workstation_id()
    backup = tmp_path / "a-saved.sqlite"
    w.session.store.backup(backup)
    w.session.store.set_fact(*FACT, 3.3e9)
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        w.desk.sync_now()
    with qtbot.waitSignal(w.exports.restore_done, timeout=30000) as done:
        assert w.restore_store(str(backup)) is not None
    restored, again = done.args[0]
    assert again is not None and again.old == old_ws
    assert w.session.store.workstation_id() == again.new != old_ws
    # it syncs as the new workstation and takes back what was pushed after the backup
    qtbot.waitUntil(lambda: w.session.store.fact(*FACT) == 3.3e9, timeout=30000)
    w.last_message_box.close()


# ---------------------------------------------------------------- a refusal's reason in the conflicts view
def test_the_conflicts_view_shows_why_this_store_refused_a_row(qtbot, demo_store):
    from ui.desk.conflicts_view import ConflictsView

    uid = demo_store.scalar("SELECT uid FROM notes ORDER BY id LIMIT 1")
    reason = "此笔记已锁定 (this note is held by a rule of this store)"
    with demo_store.transaction():
        sync_state.record_local_refusals(demo_store, [sync_state.Refusal("notes", uid, {"text": "新"}, reason)])
    view = ConflictsView(demo_store, lambda *a: None)
    qtbot.addWidget(view)
    [c] = view.conflicts
    kind = view.table.item(0, 2).text()
    from ui.common.i18n import for_ui

    assert for_ui(reason) in kind and kind.startswith(view.kind_text("local"))  # in the UI's language


def test_a_backup_whose_protections_were_removed_is_never_restored_by_the_app(window, qtbot, tmp_path):
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    path = window.session.path
    window.session.store.set_fact(*FACT, 6.6e9)
    backup = tmp_path / "tampered.sqlite"
    window.session.store.backup(backup)
    with sqlite3.connect(backup) as conn:  # what another program could do to the file
        conn.execute("DROP TRIGGER issue_versions_no_update")
    conn.close()
    with qtbot.waitSignal(window.exports.restore_done, timeout=30000) as done:
        window.restore_store(str(backup))
    assert isinstance(done.args[0], Exception)
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Critical
    assert "未通过校验" in box.text() and "issue_versions_no_update" in box.text()
    box.close()
    assert window.session is not None and window.session.path == path
    assert window.session.store.fact(*FACT) == 6.6e9
    assert not list(path.parent.glob("*.before-restore-*"))
