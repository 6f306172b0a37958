"""Taking a colleague's draft over: the question's buttons say what they do (接手编辑 / 取消), 取消 is the
default and Esc, and the question names whose lease ends and what happens to their work; then the
test does what the question says happens and checks it on the desk: the colleague's save after the
take-over is refused and kept on their workstation as a conflict, never over the taker's text, and
is sent again once the taker closes the draft. Against a real PostgreSQL (the desk tests' cluster);
the truth is the desk's tables read with psycopg."""

from __future__ import annotations


import psycopg  # noqa: F401  (a dependency of the workbench: a broken install fails here, never skips)
import pytest

from desk_testing import server_tables

from workbench.desk.leases import lease_of, take_lease
from workbench.desk.sync import sync
from workbench.store import sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")


def _open_window(qtbot, settings, path):
    """The app as a user runs it: the window's real questions (nothing injected)."""
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        assert w.open_store(path)
    return w


def _desk_issue(desk) -> dict:
    [issue] = server_tables(desk.super_url)["issues"].values()
    return issue


class Boxes(list):
    """Stands in for the user at the question box: records it and presses the chosen button."""

    press = "escape"

    def __call__(self, box):
        self.append({"text": box.text(), "buttons": [b.text() for b in box.buttons()],
                     "default": box.defaultButton().text() if box.defaultButton() else None,
                     "escape": box.escapeButton().text() if box.escapeButton() else None})
        if self.press == "escape":
            return box.escapeButton()
        if self.press == "enter":
            return box.defaultButton()
        [button] = [b for b in box.buttons() if b.text() == self.press]
        return button


def test_the_take_over_question_names_its_buttons_and_what_becomes_of_the_holders_work(
        qtbot, stations, desk, settings, monkeypatch):
    import ui.desk.lease as lease_module
    from ui.common.times import short_time

    boxes = Boxes()
    monkeypatch.setattr(lease_module, "run_box", boxes)
    (path_a, ca), (b, cb) = stations("editor")
    held = take_lease(b, "latest", cb)  # the colleague is editing the draft
    w = _open_window(qtbot, settings, path_a)
    store = w.session.store
    issue_id = store.issue("latest").id
    editor = w.open_issue_editor(issue_id)
    lease = w.desk.leases[issue_id]
    qtbot.waitUntil(lambda: lease.state not in (None, "pending"), timeout=20000)
    assert lease.state == "held" and editor.read_only

    # Esc, then Enter (the default): neither takes the draft
    for press in ("escape", "enter"):
        boxes.press = press
        lease.take_over_button.click()
        qtbot.wait(300)
        assert lease_of(b, "latest", cb).holder == cb.user and lease.state == "held" and editor.read_only
    asked = boxes[0]
    assert sorted(asked["buttons"]) == sorted(["接手编辑", "取消"])
    assert asked["default"] == asked["escape"] == "取消"
    assert cb.user in asked["text"] and short_time(held.expires) in asked["text"]  # whose lease, until when
    assert asked["text"].count(cb.user) >= 2  # and whose lease ends, whose work it is about

    # 接手编辑: the lease is the taker's
    boxes.press = "接手编辑"
    lease.take_over_button.click()
    qtbot.waitUntil(lambda: lease.state == "mine", timeout=20000)
    assert lease_of(b, "latest", cb).holder == ca.user and not editor.read_only
    original = _desk_issue(desk)

    # the colleague's save after the take-over: refused at their sync, kept with them as a conflict
    issue = b.issue("latest")
    issue.headline = "周观点：乙接手前的改写"
    b.save_issue(issue)
    r = sync(b, cb)
    assert r.refused == 1
    assert _desk_issue(desk)["headline"] == original["headline"]
    [c] = [c for c in sync_state.conflicts(b) if c["kind"] == "refused"]
    assert c["mine"]["headline"] == "周观点：乙接手前的改写"

    # the taker's own text goes to the desk meanwhile; closing the draft gives the lease back
    editor.industry.setText("电子（接手后）")
    assert editor.save()
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        w.desk.sync_now()
    assert _desk_issue(desk)["industry"] == "电子（接手后）"
    editor.close()
    qtbot.waitUntil(lambda: lease_of(b, "latest", cb) is None, timeout=20000)

    # their next sync sends it again: it lands where the taker changed none of what they changed
    sync(b, cb)
    after = _desk_issue(desk)
    assert after["headline"] == "周观点：乙接手前的改写" and after["industry"] == "电子（接手后）"
