"""团队服务器 → 设为新的工作站… in the app: a store whose workstation id is another desk user's on the desk
(a copy of their workstation's file) has every sync refused; the app says why once, offers to make it a
workstation of its own (asked first), does so on a worker, syncs, and the desk then holds the copy's
changes under the new id. On a store that is not a copy the action says so and changes nothing.
Against a real PostgreSQL (the desk tests' cluster); the store read back with sqlite3."""

from __future__ import annotations

import shutil
import sqlite3

import psycopg  # a dependency of the workbench: a broken install fails here, never skips
import pytest

from desk_testing import Desk, desk_with_demo

from shiboken6 import isValid

from workbench.desk.config import write_pgpass

FACT = ("688608.SH", "revenue", "2038E")  # 恒玄科技 in the demo store, a year nobody else writes

pytestmark = pytest.mark.usefixtures("private_password_file")  # libpq's password file in the test's folder


def _ws(path) -> str:
    """The store's workstation id, read from the file."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT value FROM settings WHERE key = 'workstation_id'").fetchone()[0]
    finally:
        conn.close()


def _desk(desk, sql, args=()):
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute(sql, args).fetchall()


class _Questions:
    """Stands in for the user at QMessageBox.question: records each question and answers Yes."""

    def __init__(self):
        self.asked: list[str] = []

    def __call__(self, parent, title, text, *args, **kwargs):
        from PySide6.QtWidgets import QMessageBox

        self.asked.append(text)
        return QMessageBox.StandardButton.Yes


@pytest.fixture
def questions(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    answers = _Questions()
    monkeypatch.setattr(QMessageBox, "question", answers)  # a real modal box would hang offscreen
    return answers


@pytest.fixture
def copied(pg_cluster, desk_db, demo_path, tmp_path, monkeypatch):
    """A colleague's joined store, and a copy of its file that joined as another desk user under the
    same workstation id (as before a join told copies apart: the desk holds the id as the colleague's),
    with a change made in the copy; the copy is the app's (its user's password in libpq's file)."""
    from workbench.desk import identity
    from workbench.store import Store

    desk = Desk(pg_cluster, desk_db)
    colleague, me = desk.user("editor"), desk.user("analyst")
    theirs, mine = tmp_path / "colleague.sqlite", tmp_path / "mine.sqlite"
    shutil.copy(demo_path, theirs)
    shutil.copy(demo_path, mine)
    desk.join(theirs, colleague).close()
    with monkeypatch.context() as m:
        m.setattr(identity, "joining_copy", lambda store, conn: None)
        desk.join(mine, me).close()
    assert _ws(theirs) == _ws(mine)
    write_pgpass(me.url, me.password)
    with Store(mine) as store:
        store.set_fact(*FACT, 6.5e9)
    return desk, mine, colleague, me


def _window(qtbot, settings, path):
    """The app on ``path`` with the window's real questions (nothing injected)."""
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=30000):
        assert w.open_store(path)
    return w


def _desk_menu(w):
    [menu] = [a.menu() for a in w.menuBar().actions() if a.menu() is w.desk.menu]
    return menu


def test_a_copy_refused_as_another_users_workstation_becomes_one_of_its_own(
        qtbot, copied, settings, questions):
    from ui.desk.status import ONLINE, REFUSED

    desk, path, colleague, me = copied
    old = _ws(path)
    w = _window(qtbot, settings, path)
    widget = w.desk.status_widget
    assert widget.state == REFUSED
    # the refusal is told as what it is: a copy of the colleague's workstation, with the way on offered
    assert w.desk.copy_owner == colleague.user
    assert colleague.user in widget.text()
    assert widget.reidentify_button.isVisible()
    action = w.desk.reidentify_action
    assert action in _desk_menu(w).actions() and action.isVisible() and action.isEnabled()
    box = w.desk.copy_box  # said in a box that leaves the window usable
    assert box is not None and box.isVisible() and not box.isModal()
    assert colleague.user in box.text()
    box.close()
    # told once: the next refused sync (a minute later) does not say it again
    with qtbot.waitSignal(w.desk.synced, timeout=30000) as again:
        w.desk.sync_now()
    assert again.args[0][0] == REFUSED and w.desk.copy_owner == colleague.user
    assert w.desk.copy_box is box and not isValid(box)  # the same box, closed (and gone): none opened again
    assert widget.reidentify_button.isVisible()  # the status bar still offers the way on
    assert _ws(path) == old  # a refused sync changes nothing

    with qtbot.waitSignal(w.desk.reidentify_done, timeout=30000) as done:
        action.trigger()
    [question] = questions.asked
    assert colleague.user in question  # whose workstation this store copies
    result = done.args[0]
    assert result is not None and result.old == old and result.new != old
    new = _ws(path)
    assert new == result.new  # written to the file
    # the summary shown names both ids
    box = w.last_message_box
    assert old in box.informativeText() + box.text() and new in box.informativeText() + box.text()
    box.close()
    # it synced at once: the desk holds the copy's change under the new id, by this store's desk user
    qtbot.waitUntil(lambda: w.desk.online is True and not w.desk._syncing, timeout=30000)
    assert widget.state == ONLINE and not widget.reidentify_button.isVisible() and w.desk.copy_owner is None
    [(ws, by, value)] = _desk(desk, "SELECT ws, by, (data->>'value')::float8 FROM desk.changes WHERE tbl = 'facts' "
                                    "AND key = %s ORDER BY id DESC LIMIT 1", ["|".join(FACT)])
    assert (ws, by, value) == (new, me.user, 6.5e9)
    assert _desk(desk, "SELECT by FROM desk.workstations WHERE ws = %s", [new]) == [(me.user,)]
    assert _desk(desk, "SELECT by FROM desk.workstations WHERE ws = %s", [old]) == [(colleague.user,)]
    # and a later change goes the same way
    w.session.store.set_fact(FACT[0], FACT[1], "2039E", 7.5e9)
    with qtbot.waitSignal(w.desk.synced, timeout=30000) as later:
        w.desk.sync_now()
    assert later.args[0][0] == ONLINE
    assert _desk(desk, "SELECT ws FROM desk.changes WHERE tbl = 'facts' AND key = %s ORDER BY id DESC LIMIT 1",
                 [f"{FACT[0]}|{FACT[1]}|2039E"]) == [(new,)]


@pytest.fixture
def joined(pg_cluster, desk_db, demo_path, tmp_path):
    """A desk holding the demo data, the app's store joined as an analyst (a store of its own)."""
    desk = desk_with_demo(pg_cluster, desk_db, demo_path, tmp_path)
    me = desk.user("analyst")
    desk.join(tmp_path / "a.sqlite", me).close()
    write_pgpass(me.url, me.password)
    return desk, tmp_path / "a.sqlite", me


def test_on_a_store_that_is_not_a_copy_the_action_says_so_and_changes_nothing(qtbot, joined, settings, questions):
    from ui.desk.status import ONLINE

    desk, path, me = joined
    old = _ws(path)
    w = _window(qtbot, settings, path)
    assert w.desk.status_widget.state == ONLINE and w.desk.copy_owner is None and w.desk.copy_box is None
    assert not w.desk.status_widget.reidentify_button.isVisible()
    action = w.desk.reidentify_action
    assert action in _desk_menu(w).actions() and action.isEnabled()  # a joined store: offered, harmless
    before = _desk(desk, "SELECT ws, by FROM desk.workstations ORDER BY ws")
    w.last_message_box = None
    with qtbot.waitSignal(w.desk.reidentify_done, timeout=30000) as done:
        action.trigger()
    assert done.args[0] is None
    assert questions.asked == []  # nothing to confirm: nothing is done
    box = w.last_message_box
    assert box is not None and box.isVisible()
    said, detail = box.text(), box.informativeText()
    box.close()
    assert "独立的工作站" in said and old not in said  # in words; the id it keeps in the details
    assert old in detail
    assert _ws(path) == old
    assert _desk(desk, "SELECT ws, by FROM desk.workstations ORDER BY ws") == before
    conn = sqlite3.connect(path)
    try:  # no former id recorded either (the next sync has nothing to ask the desk about)
        assert conn.execute("SELECT value FROM settings WHERE key = 'desk.former_identity'").fetchone() in (None,
                                                                                                           (None,))
    finally:
        conn.close()


def test_without_a_desk_the_action_is_not_offered(window):
    assert not window.desk.reidentify_action.isVisible() and not window.desk.reidentify_action.isEnabled()
    assert window.desk.reidentify_action in window.desk.menu.actions()


@pytest.mark.parametrize("offline", [True, False])
def test_a_desk_that_cannot_be_asked_changes_nothing_and_says_why(qtbot, joined, settings, questions, monkeypatch,
                                                                   offline):
    """Unreachable: try again later. Refused for another reason (no password saved, a privilege): the
    reason says what to do, and the box does not send the user to wait for the network."""
    import ui.desk.reidentify as reidentify
    from workbench.desk.errors import DeskError, DeskOffline

    desk, path, me = joined
    old = _ws(path)
    w = _window(qtbot, settings, path)
    why = "没有保存的密码 (no saved password)"

    def cannot(store, progress):
        raise (DeskOffline if offline else DeskError)(why)

    monkeypatch.setattr(reidentify, "check_job", cannot)
    w.last_message_box = None
    with qtbot.waitSignal(w.desk.reidentify_done, timeout=30000):
        w.desk.reidentify_action.trigger()
    box = w.last_message_box
    assert box is not None
    said, detail = box.text(), box.informativeText()
    box.close()
    assert questions.asked == [] and _ws(path) == old
    assert "没有保存的密码" in detail
    assert ("再试" in said) == offline  # (the Chinese interface: 请在能连接团队服务器时再试)
    assert w.desk.reidentify_action.isEnabled()  # and it can be tried again


def test_tried_twice_offline_the_user_reads_one_answer(qtbot, joined, settings, questions, monkeypatch):
    import ui.desk.reidentify as reidentify
    from workbench.desk.errors import DeskOffline

    desk, path, me = joined
    w = _window(qtbot, settings, path)

    def cannot(store, progress):
        raise DeskOffline("团队服务器无法连接 (the desk cannot be reached)")

    monkeypatch.setattr(reidentify, "check_job", cannot)
    boxes = []
    for _ in range(2):
        with qtbot.waitSignal(w.desk.reidentify_done, timeout=30000):
            w.desk.reidentify_action.trigger()
        boxes.append(w.last_message_box)
    assert boxes[0] is not boxes[1]
    assert not (isValid(boxes[0]) and boxes[0].isVisible())  # the first answer closed
    assert boxes[1].isVisible()
    boxes[1].close()
