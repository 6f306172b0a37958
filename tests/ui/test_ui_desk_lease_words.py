"""Draft leases in the app as a desk expects them, and the join dialog's words and layout: the app
holds a short lease it renews while the editor is open (so a crashed app's lease soon runs out), the
read-only banner names the holder and until when, an editor may take the draft over from the banner
after a confirmation naming the holder, and a lease given back reaches the read-only editor at once
(NOTIFY). The join dialog grows to show a refusal, and says in plain words why a join failed, the
server's raw text and the command line left out. Against a real PostgreSQL (the desk tests' cluster);
the truth is the desk's lease table read with psycopg, and the widgets' geometry."""

from __future__ import annotations

import os
import re
import shutil
import socket
import time
from pathlib import Path

import psycopg  # a dependency of the workbench: a broken install fails here, never skips
import pytest

from desk_testing import dbname

from workbench.desk.config import write_pgpass
from workbench.desk.leases import release_lease, take_lease
from workbench.store import Store, sync_state

SHOTS = Path(os.environ.get("WORKBENCH_SHOTS", "/tmp/workbench-desk-shots"))

pytestmark = pytest.mark.usefixtures("private_password_file")  # libpq's password file in the test's folder


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def _open_window(qtbot, settings, path, asked=None):
    from ui.main_window import MainWindow

    def confirm(parent, title, text):
        if asked is not None:
            asked.append(text)
            return asked.answer
        return True

    w = MainWindow(settings=settings, confirm=confirm)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        assert w.open_store(path)
    return w


def _editor_lease(qtbot, w, issue_id):
    editor = w.open_issue_editor(issue_id)
    lease = w.desk.leases[issue_id]
    qtbot.waitUntil(lambda: lease.state not in (None, "pending"), timeout=20000)
    return editor, lease


def _desk_lease(desk, store) -> tuple | None:
    """(holder, at, expires) of the issue's lease as the desk's table holds it (timestamps)."""
    _, uid = sync_state.issue_uid(store, "latest")
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT holder, at, expires FROM desk.leases WHERE issue = %s", [uid]).fetchone()


class _Answers(list):
    answer = True


# ---------------------------------------------------------------- a short lease, renewed
def test_the_app_holds_a_short_lease_and_renews_it_while_the_editor_is_open(qtbot, stations, desk, tmp_path, settings,
                                                                          monkeypatch):
    import ui.desk.lease as lease_module

    monkeypatch.setattr(lease_module, "RENEW_MS", 1500)  # renewed every few minutes; here every 1.5 s
    (path_a, ca), (b, cb) = stations("analyst")
    w = _open_window(qtbot, settings, path_a)
    store = w.session.store
    editor, lease = _editor_lease(qtbot, w, store.issue("latest").id)
    assert lease.state == "mine"
    holder, at, expires = _desk_lease(desk, store)
    assert holder == ca.user
    span = (expires - at).total_seconds()
    assert 15 * 60 <= span <= 30 * 60  # a crashed app's lease runs out within half an hour, not 8 hours
    qtbot.waitUntil(lambda: _desk_lease(desk, store)[2] > expires, timeout=10000)  # renewed, off the UI thread
    again = _desk_lease(desk, store)
    assert again[0] == ca.user and (again[2] - again[1]).total_seconds() <= 30 * 60
    editor.close()
    qtbot.waitUntil(lambda: _desk_lease(desk, store) is None, timeout=20000)


# ---------------------------------------------------------------- the banner, and taking a draft over
def test_an_editor_takes_a_draft_over_from_the_banner_after_a_confirmation_naming_the_holder(
        qtbot, stations, desk, tmp_path, settings):
    from ui.common.times import short_time

    (path_a, ca), (b, cb) = stations("editor")
    held = take_lease(b, "latest", cb)  # from the command line: 8 hours, as a crashed app's used to be
    asked = _Answers()
    w = _open_window(qtbot, settings, path_a, asked)
    store = w.session.store
    editor, lease = _editor_lease(qtbot, w, store.issue("latest").id)
    assert lease.state == "held" and editor.read_only
    text = lease.banner.text()
    assert cb.user in text and short_time(held.expires) in text  # who holds it, and until when
    button = lease.take_over_button
    assert button.isVisible() and button.isEnabled()
    _shot(editor, "lease_held_editor_may_take_over")

    asked.answer = False  # declined: nothing changes
    button.click()
    assert len(asked) == 1 and cb.user in asked[0]
    qtbot.wait(500)
    assert _desk_lease(desk, store)[0] == cb.user and lease.state == "held" and editor.read_only

    asked.answer = True
    button.click()
    assert len(asked) == 2 and cb.user in asked[1]
    qtbot.waitUntil(lambda: lease.state == "mine", timeout=20000)
    holder, at, expires = _desk_lease(desk, store)
    assert holder == ca.user and (expires - at).total_seconds() <= 30 * 60
    assert not editor.read_only and editor.save_action.isEnabled()
    assert not lease.take_over_button.isVisible()


def test_an_analyst_sees_who_holds_the_draft_until_when_and_no_take_over(qtbot, stations, desk, tmp_path, settings):
    from ui.common.times import short_time

    (path_a, ca), (b, cb) = stations("analyst")
    held = take_lease(b, "latest", cb)
    w = _open_window(qtbot, settings, path_a)
    editor, lease = _editor_lease(qtbot, w, w.session.store.issue("latest").id)
    assert lease.state == "held"
    assert cb.user in lease.banner.text() and short_time(held.expires) in lease.banner.text()
    assert not lease.take_over_button.isVisible()  # the desk lets only an editor break another's lease


# ---------------------------------------------------------------- a release is heard at once
def test_a_lease_given_back_opens_the_read_only_editor_at_once(qtbot, stations, desk, tmp_path, settings):
    (path_a, ca), (b, cb) = stations("analyst")
    take_lease(b, "latest", cb)
    w = _open_window(qtbot, settings, path_a)
    store = w.session.store
    editor, lease = _editor_lease(qtbot, w, store.issue("latest").id)
    assert lease.state == "held" and editor.read_only
    qtbot.waitUntil(lambda: w.desk.listener is not None and w.desk.listener.alive, timeout=5000)
    qtbot.wait(1500)  # the LISTEN connection is up
    started = time.monotonic()
    assert release_lease(b, "latest", cb)  # no sync asked for here: the periodic one is minutes away
    qtbot.waitUntil(lambda: lease.state == "mine", timeout=20000)
    assert time.monotonic() - started < 20
    assert not editor.read_only and _desk_lease(desk, store)[0] == ca.user


def test_a_lease_that_runs_out_opens_the_read_only_editor_without_a_sync(qtbot, stations, desk, tmp_path, settings):
    (path_a, ca), (b, cb) = stations("analyst")
    take_lease(b, "latest", cb, hours=4 / 3600)  # a crashed holder's lease, running out in 4 s
    w = _open_window(qtbot, settings, path_a)
    store = w.session.store
    editor, lease = _editor_lease(qtbot, w, store.issue("latest").id)
    assert lease.state == "held" and editor.read_only
    syncs = []
    w.desk.synced.connect(syncs.append)
    qtbot.waitUntil(lambda: lease.state == "mine", timeout=20000)  # the periodic sync is minutes away
    assert not editor.read_only and _desk_lease(desk, store)[0] == ca.user
    assert syncs == []  # opened by the lease's own end, not by a sync


def test_a_draft_taken_over_elsewhere_turns_read_only_here_at_once(qtbot, stations, desk, tmp_path, settings):
    (path_a, ca), _ = stations("analyst")
    ce = desk.user("editor")
    e = desk.join(tmp_path / "e.sqlite", ce)
    w = _open_window(qtbot, settings, path_a)
    store = w.session.store
    editor, lease = _editor_lease(qtbot, w, store.issue("latest").id)
    assert lease.state == "mine" and not editor.read_only
    qtbot.waitUntil(lambda: w.desk.listener is not None and w.desk.listener.alive, timeout=5000)
    qtbot.wait(1500)  # the LISTEN connection is up
    assert release_lease(e, "latest", ce)  # the desk editor takes the draft over
    take_lease(e, "latest", ce)
    e.close()
    qtbot.waitUntil(lambda: lease.state == "held", timeout=20000)  # not at the next renewal, minutes away
    assert editor.read_only and ce.user in lease.banner.text()


def test_a_closed_editors_lease_goes_back_only_after_its_last_save_reached_the_desk(qtbot, stations, desk, tmp_path,
                                                                                     settings):
    (path_a, ca), (b, cb) = stations("analyst")
    w = _open_window(qtbot, settings, path_a)
    store = w.session.store
    _, uid = sync_state.issue_uid(store, "latest")
    editor, lease = _editor_lease(qtbot, w, store.issue("latest").id)
    assert lease.state == "mine"
    editor.headline.setText("周观点：甲改完即关")
    assert editor.save()
    editor.close()  # at once: the save waits for its push
    seen = []
    with psycopg.connect(desk.super_url, autocommit=True) as su:
        def look() -> bool:  # the lease and the desk's headline, read in one statement
            seen.append(su.execute(
                "SELECT (SELECT count(*) FROM desk.leases WHERE issue = %s), (SELECT data->>'headline' FROM "
                "desk.rows WHERE tbl = 'issues' AND key = %s)", [uid, uid]).fetchone())
            return seen[-1][0] == 0
        qtbot.waitUntil(look, timeout=40000)
    # once the lease was gone, the desk held the last save (the next holder starts from it)
    assert seen[-1][1] == "周观点：甲改完即关"


# ---------------------------------------------------------------- the join dialog
def _join_refused_dialog(qtbot, desk, demo_store_template, tmp_path, join_dialog):
    path = tmp_path / "second.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as s:  # the same week, made on another workstation (another identity)
        s.db.execute("UPDATE issues SET uid = 'another-' || uid")
        s.db.conn.commit()
    w, dialog = join_dialog(path, desk, desk.user("editor"))
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.join_failed, timeout=30000):
        dialog.join_button.click()
    qtbot.wait(300)
    return w, dialog


def test_the_join_dialog_grows_to_show_the_refusal(qtbot, desk, demo_store_template, tmp_path, join_dialog):
    w, dialog = _join_refused_dialog(qtbot, desk, demo_store_template, tmp_path, join_dialog)
    assert dialog.error_label.isVisible() and dialog.keep_both_box.isVisible()
    _shot(dialog, "join_refused")
    for field in (dialog.url_edit, dialog.user_edit, dialog.password_edit):
        assert field.height() >= field.sizeHint().height()  # never squeezed under its text
    for label in (dialog.hint, dialog.plan_label, dialog.error_label):  # every wrapped line shown whole
        assert label.height() >= label.heightForWidth(label.width())
    screen = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= screen.height()
    # nothing overlaps: each widget starts below the one before it
    order = [dialog.url_edit, dialog.user_edit, dialog.password_edit, dialog.hint, dialog.plan_label,
             dialog.error_label, dialog.keep_both_box]
    tops = [(wd.mapTo(dialog, wd.rect().topLeft()).y(), wd.mapTo(dialog, wd.rect().bottomLeft()).y())
            for wd in order]
    for (top, bottom), (next_top, _) in zip(tops, tops[1:]):
        assert bottom < next_top
    text = dialog.error_label.text()
    assert " local " not in text and " desk " not in text  # the issue's states in the UI's words


_RAW = ("FATAL", "connection failed", "Connection refused", "password authentication", "resolve host",
        "workbench desk", "`", "does not exist")


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.mark.parametrize("case", ["wrong password", "nobody on the port", "no such host", "no such database"])
def test_a_failed_join_says_why_in_plain_words(qtbot, desk, tmp_path, settings, case):
    from ui.main_window import MainWindow

    user = desk.user("analyst")
    path = tmp_path / "new.sqlite"
    Store(path).close()
    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.show()
    assert w.open_store(path)
    dialog = w.desk.show_connect_dialog()
    port, host, db, password = desk.cluster.port, "127.0.0.1", dbname(desk.super_url), user.password
    if case == "wrong password":
        password = "not-" + password
    elif case == "nobody on the port":
        port = _closed_port()
    elif case == "no such host":
        host = "no-such-host.invalid"
    else:
        db = "nodesk"
    dialog.url_edit.setText(f"postgresql://{host}:{port}/{db}")
    dialog.user_edit.setText(user.user)
    dialog.password_edit.setText(password)
    with qtbot.waitSignal(dialog.join_failed, timeout=30000):
        dialog.join_button.click()
    text = dialog.error_label.text()
    assert text and not [raw for raw in _RAW if raw in text], text
    assert re.search(r"[\u4e00-\u9fff]", text)
    if case == "wrong password":
        assert user.user in text  # whose login was refused
    assert w.session.store.get_setting(sync_state.SETTING_URL) is None


def test_a_refused_login_in_the_status_bar_says_what_to_do_in_the_app(qtbot, stations, desk, tmp_path, settings):
    (path_a, ca), _ = stations("analyst")
    write_pgpass(ca.url, "not-" + ca.password)  # the administrator changed the password since
    w = _open_window(qtbot, settings, path_a)
    widget = w.desk.status_widget
    assert widget.state == "refused"
    tip = widget.state_label.toolTip()
    assert ca.user in tip and not [raw for raw in _RAW if raw in tip], tip


def test_the_message_after_switching_the_user_is_in_the_uis_words(qtbot, stations, desk, tmp_path, settings):
    (path_a, ca), _ = stations("analyst")
    second = desk.user("analyst")
    w = _open_window(qtbot, settings, path_a)
    w.desk.switch_user_action.trigger()
    dialog = w.desk.switch_user_dialog
    dialog.user_edit.setText(second.user)
    dialog.password_edit.setText(second.password)
    with qtbot.waitSignal(dialog.switched, timeout=30000) as done:
        dialog.start_switch()
    text = done.args[0]
    assert second.user in text
    # not the command line's bilingual words ("推送 pushed 0, 拉取 pulled 3")
    assert not re.search(r"[\u4e00-\u9fff] (pushed|pulled|conflicts)", text), text
    assert "(now syncing as" not in text


def test_the_message_after_joining_is_in_the_uis_words(qtbot, desk, tmp_path, settings):
    from ui.main_window import MainWindow

    user = desk.user("analyst")
    path = tmp_path / "new.sqlite"
    Store(path).close()
    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.show()
    assert w.open_store(path)
    shown = []
    w._show_message = lambda text, *a, **k: shown.append(text)
    dialog = w.desk.show_connect_dialog()
    dialog.url_edit.setText(f"postgresql://127.0.0.1:{desk.cluster.port}/{dbname(desk.super_url)}")
    dialog.user_edit.setText(user.user)
    dialog.password_edit.setText(user.password)
    with qtbot.waitSignal(dialog.joined, timeout=30000) as joined:
        dialog.join_button.click()
    pulled = joined.args[0].pulled
    assert pulled > 0
    message = shown[0]
    assert f"{pulled:,}" in message or str(pulled) in message
    assert joined.args[0].summary() not in message  # not the command line's bilingual summary
    assert not re.search(r"[\u4e00-\u9fff] (pushed|pulled|conflicts)", message), message
