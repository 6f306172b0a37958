"""The desk server in the app: joining from the File menu, syncing on a worker (on demand, on
another workstation's push), offline without blocking the window, conflicts settled in their view,
and draft leases in the issue editor. Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import psycopg  # a dependency of the workbench: a broken install fails here, never skips
import pytest

from desk_testing import dbname, server_tables

from ui_testing import find_column
from workbench.desk.leases import lease_of, release_lease, take_lease
from workbench.desk.sync import sync
from workbench.store import Store, sync_state

FACT = ("688608.SH", "revenue", "2023A")  # 恒玄科技 in the demo store
SHOTS = Path(os.environ.get("WORKBENCH_SHOTS", "/tmp/workbench-desk-shots"))


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


pytestmark = pytest.mark.usefixtures("private_password_file")  # libpq's password file in the test's folder


def _open_window(qtbot, settings, path):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=20000) as first:
        assert w.open_store(path)
    return w, first.args[0]


def _cell(window, ticker, key) -> str:
    model = window.financials_page.model
    return model.index(model.row_of(ticker), find_column(model, key)).data()


# ---------------------------------------------------------------- no desk
def test_without_a_desk_nothing_shows_and_the_driver_is_never_loaded(tmp_path, demo_path):
    script = f"""
import os, sys
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
os.environ['XDG_CONFIG_HOME'] = {str(tmp_path)!r}
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.main_window import MainWindow
w = MainWindow(settings=QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))
w.show()
assert w.open_store({str(demo_path)!r})
w.desk.sync_action.trigger()
app.processEvents()
print('psycopg' in sys.modules, w.desk.sync_action.isVisible(), w.desk.conflicts_action.isVisible(),
      w.desk.status_widget is None, w.desk.sync_now(), w.desk.connect_action.isVisible())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=str(Path(__file__).resolve().parents[2]))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False", "False", "True", "False", "True"]


def test_the_file_menu_offers_to_connect(window):
    file_menu = window.menuBar().actions()[0].menu()
    visible = [a.text() for a in file_menu.actions() if a.isVisible() and not a.isSeparator()]
    assert "连接团队服务器(&D)…" in visible
    assert "立即同步(&Y)" not in visible  # only with a desk


# ---------------------------------------------------------------- joining
def test_connect_dialog_shows_the_plan_and_joins(qtbot, desk, tmp_path, settings, private_password_file):
    from ui.main_window import MainWindow

    cfg = desk.user("analyst")
    path = tmp_path / "new.sqlite"
    Store(path).close()
    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.show()
    assert w.open_store(path)
    assert w.desk.status_widget is None  # not joined yet: nothing in the status bar
    dialog = w.desk.show_connect_dialog()
    assert dialog.plan_label.text() == "此数据文件为空：加入后从团队库接收全部数据。"
    host = f"postgresql://127.0.0.1:{desk.cluster.port}/{dbname(desk.super_url)}"
    dialog.url_edit.setText(host)
    dialog.user_edit.setText(cfg.user)
    dialog.password_edit.setText(cfg.password)
    _shot(dialog, "connect_dialog")
    with qtbot.waitSignal(dialog.joined, timeout=30000) as joined:
        dialog.join_button.click()
    assert joined.args[0].pulled > 0
    store = w.session.store
    assert store.counts()["companies"] == 66 == len(server_tables(desk.super_url)["companies"])
    url = f"postgresql://{cfg.user}@127.0.0.1:{desk.cluster.port}/{dbname(desk.super_url)}"
    assert store.get_setting(sync_state.SETTING_URL) == url
    # the password is in libpq's password file, readable by its owner only, and nowhere else
    assert private_password_file.read_text().strip().endswith(":" + cfg.password)
    assert stat.S_IMODE(private_password_file.stat().st_mode) == 0o600
    assert cfg.password not in Path(settings.fileName()).read_text(encoding="utf-8") \
        if Path(settings.fileName()).exists() else True
    assert cfg.password.encode() not in path.read_bytes()
    # the window is now a desk workstation: it syncs, and its status bar says so
    qtbot.waitUntil(lambda: w.desk.status_widget is not None and w.desk.status_widget.state == "online",
                    timeout=20000)
    assert w.desk.sync_action.isVisible() and w.financials_page.model.rowCount() == 66


def test_connect_dialog_with_a_wrong_password_changes_nothing(qtbot, desk, window, private_password_file):
    cfg = desk.user("analyst")
    before = window.session.store.counts()
    dialog = window.desk.show_connect_dialog()
    assert dialog.plan_label.text().startswith("此数据文件已有数据：加入时会推送到团队库")
    assert "、公司 66、财务数据 704、" in dialog.plan_label.text()
    dialog.url_edit.setText(f"postgresql://127.0.0.1:{desk.cluster.port}/{dbname(desk.super_url)}")
    dialog.user_edit.setText(cfg.user)
    dialog.password_edit.setText("wrong")
    dialog.join_button.click()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=20000)
    assert "团队服务器拒绝登录" in dialog.error_label.text()
    assert dialog.isVisible()
    assert window.session.store.get_setting(sync_state.SETTING_URL) is None
    assert window.session.store.counts() == before
    assert not private_password_file.exists()


def test_a_cancelled_join_keeps_the_store_and_the_next_sync_completes_it(qtbot, desk, tmp_path, join_dialog):
    path = tmp_path / "new.sqlite"
    Store(path).close()
    w, dialog = join_dialog(path, desk, desk.user("analyst"))
    with qtbot.waitSignal(dialog.join_failed, timeout=30000) as failed:
        task = dialog.start_join()
        task.cancel()  # before its first step: nothing is pulled
    assert failed.args[0].startswith("已取消加入")
    assert dialog.isVisible()
    # the store was attached before the cancel: the window syncs it and completes the join
    qtbot.waitUntil(lambda: w.session.store.counts()["companies"] == 66, timeout=30000)
    assert w.desk.configured and w.desk.sync_action.isVisible()


def test_connect_dialog_refuses_an_address_that_is_not_postgresql(window):
    dialog = window.desk.show_connect_dialog()
    dialog.url_edit.setText("http://server/desk")
    assert dialog.start_join() is None
    assert "postgresql://" in dialog.error_label.text()
    assert window.session.store.get_setting(sync_state.SETTING_URL) is None


# ---------------------------------------------------------------- syncing
def test_sync_from_the_menu_pulls_another_workstations_change(qtbot, two_workstations, settings):
    (path_a, ca), (b, cb) = two_workstations
    w, first = _open_window(qtbot, settings, path_a)
    assert first[0] == "online"
    assert _cell(w, FACT[0], FACT[1:]) != "98.7"
    w.desk.stop_listener()  # here the menu, not the notification, brings the change
    b.set_fact(*FACT, 98.7e8)
    assert sync(b, cb).pushed == 1
    with qtbot.waitSignal(w.desk.pulled, timeout=20000):
        w.desk.sync_action.trigger()
    assert _cell(w, FACT[0], FACT[1:]) == "98.7"
    assert w.session.store.fact(*FACT) == 98.7e8
    text = w.desk.status_widget.text()
    assert text.startswith("● 在线 · 上次同步 ") and text.endswith(" · 待推送 0 · 冲突 0")
    _shot(w.statusBar(), "status_bar_online")


def test_another_workstations_push_arrives_without_asking(qtbot, two_workstations, settings):
    (path_a, ca), (b, cb) = two_workstations
    w, _ = _open_window(qtbot, settings, path_a)
    qtbot.waitUntil(lambda: w.desk.listener is not None and w.desk.listener.alive, timeout=5000)
    w.desk.timer.stop()  # no periodic sync: only the notification can bring it
    qtbot.wait(500)  # the listener is listening
    b.set_fact(*FACT, 55.5e8)
    with qtbot.waitSignal(w.desk.pulled, timeout=20000):
        sync(b, cb)
    assert _cell(w, FACT[0], FACT[1:]) == "55.5"


def test_a_local_edit_is_pushed_and_counted(qtbot, two_workstations, settings):
    (path_a, ca), (b, cb) = two_workstations
    w, _ = _open_window(qtbot, settings, path_a)
    w.desk.push_timer.setInterval(50)
    model = w.financials_page.model
    with qtbot.waitSignal(w.desk.synced, timeout=20000) as synced:
        assert model.setData(model.index(model.row_of(FACT[0]), find_column(model, FACT[1:])), "12.5")
    assert synced.args[0][1].pushed == 1
    assert sync(b, cb).pulled >= 1
    assert b.fact(*FACT) == 12.5e8


def _silent_port():
    """A port that accepts connections and never answers (a server that hangs)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    return s


def _point_at(path, url):
    with Store(path) as s:
        sync_state.set_settings(s, {sync_state.SETTING_URL: url})


def test_a_hanging_server_shows_offline_and_never_blocks_the_window(qtbot, two_workstations, settings,
                                                                     monkeypatch):
    import workbench.desk.connection as connection
    from PySide6.QtCore import QTimer

    (path_a, ca), _ = two_workstations
    silent = _silent_port()
    try:
        port = silent.getsockname()[1]
        _point_at(path_a, f"postgresql://{ca.user}@127.0.0.1:{port}/desk")
        monkeypatch.setattr(connection, "CONNECT_TIMEOUT", 2)
        ticks = []
        timer = QTimer()
        timer.setInterval(20)
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start()
        from ui.main_window import MainWindow

        w = MainWindow(settings=settings, confirm=lambda *a: True)
        qtbot.addWidget(w)
        w.show()
        with qtbot.waitSignal(w.desk.synced, timeout=20000) as synced:
            assert w.open_store(path_a)  # returns at once: the sync waits on a worker
            assert w.desk.status_widget.state == "connecting"
            opened_at = len(ticks)
        timer.stop()
        assert len(ticks) - opened_at >= 40  # the event loop ran through the 2 s wait
        assert synced.args[0][0] == "offline"
        assert w.desk.status_widget.text().startswith("● 离线")
        assert "无法连接团队服务器" in w.desk.status_widget.state_label.toolTip()
        assert w.desk.timer.interval() == 60 * 1000  # retried every minute while offline
        _shot(w.statusBar(), "status_bar_offline")
    finally:
        silent.close()


def _point_at_a_stopped_server(path, config) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: a stopped server
    _point_at(path, f"postgresql://{config.user}@127.0.0.1:{port}/desk")


def test_a_stopped_server_is_offline_at_once_and_work_goes_on(qtbot, two_workstations, settings):
    (path_a, ca), _ = two_workstations
    _point_at_a_stopped_server(path_a, ca)
    w, first = _open_window(qtbot, settings, path_a)
    assert first[0] == "offline"
    model = w.financials_page.model
    with qtbot.waitSignal(w.desk.synced, timeout=20000) as again:
        w.desk.push_timer.setInterval(10)
        assert model.setData(model.index(model.row_of(FACT[0]), find_column(model, FACT[1:])), "33.3")
    assert again.args[0][0] == "offline"
    assert w.session.store.fact(*FACT) == pytest.approx(33.3e8)  # the edit is kept locally
    assert w.desk.status_widget.text().endswith(" · 待推送 1 · 冲突 0")


def test_a_sync_the_user_starts_says_why_it_did_not_reach_the_desk(qtbot, two_workstations, settings):
    """立即同步 offline: the status bar says the sync did not happen and why, in words, and that the
    changes are kept (before, 正在同步… flashed and the dot went back to 离线 with no word); the
    automatic syncs leave the status bar still."""
    (path_a, ca), _ = two_workstations
    _point_at_a_stopped_server(path_a, ca)
    w, first = _open_window(qtbot, settings, path_a)
    assert first[0] == "offline" and "同步" not in w.statusBar().currentMessage()  # (只 已打开 a.sqlite)
    with qtbot.waitSignal(w.desk.synced, timeout=20000) as asked:
        w.desk.sync_action.trigger()
    assert asked.args[0][0] == "offline"
    said = w.statusBar().currentMessage()
    assert said.startswith("未同步：") and "无人应答" in said and "修改保存在本机" in said, said
    assert "connection" not in said and "127.0.0.1" not in said  # (the server's own text stays in the tooltip)


def test_the_status_names_the_desk_user_and_the_changes_held_back(qtbot, two_workstations, settings):
    """The week's issue made on both workstations offline: the second to sync holds its issue back. Its
    status bar counts it beside the changes waiting (待推送 0 alone read as "all sent"), and names
    the desk user the store syncs as."""
    from workbench.drafting.lifecycle import copy_forward

    (path_a, ca), (b, cb) = two_workstations
    with Store(path_a) as a:
        copy_forward(a, a.issue("latest").id, by="甲")
    copy_forward(b, b.issue("latest").id, by="乙")  # the same week, started on both
    sync(b, cb)
    w, first = _open_window(qtbot, settings, path_a)
    assert first[0] == "online"
    widget = w.desk.status_widget
    assert widget.text().endswith(" · 待推送 0 · 暂缓推送 1 · 冲突 1"), widget.text()
    assert f"团队库用户：{ca.user}" in widget.state_label.toolTip()


# ---------------------------------------------------------------- conflicts
def _conflicted_window(qtbot, two_workstations, settings):
    (path_a, ca), (b, cb) = two_workstations
    with Store(path_a) as a:
        a.set_fact(*FACT, 11.0e8)  # changed here while offline ...
    b.set_fact(*FACT, 22.0e8)  # ... and on B, which synced first
    sync(b, cb)
    w, first = _open_window(qtbot, settings, path_a)
    assert first[0] == "online" and first[1].conflicts == 1
    return w, (b, cb)


def test_a_conflict_shows_both_values_and_keep_mine_settles_it(qtbot, two_workstations, settings, desk):
    w, (b, cb) = _conflicted_window(qtbot, two_workstations, settings)
    assert w.session.store.fact(*FACT) == 22.0e8  # the desk's value stays
    assert _cell(w, FACT[0], FACT[1:]) == "22.0"
    assert w.desk.status_widget.text().endswith(" · 冲突 1")
    w.desk.status_widget.conflicts_button.click()
    view = w.desk.conflicts_view
    assert view is not None and view.isVisible()
    assert view.table.rowCount() == 1
    row = [view.table.item(0, c).text() for c in range(5)]
    # the figure named by its company and the grid's column header, each side as the grid prints it
    name = w.session.store.company(FACT[0])["name"]
    assert row[1] == f"财务数据：{name} 营业收入(亿元) 2023"
    assert row[2] == "两边都改过"
    assert row[3].startswith("数值：11.0 亿元\n— ")
    assert row[4].startswith(f"数值：{_cell(w, FACT[0], FACT[1:])} 亿元\n— {cb.user} ")
    _shot(view, "conflicts_view")
    assert view.settle("mine")
    assert view.table.rowCount() == 0 and view.empty_label.isVisible()
    assert w.session.store.fact(*FACT) == 11.0e8
    assert _cell(w, FACT[0], FACT[1:]) == "11.0"
    qtbot.waitUntil(lambda: server_tables(desk.super_url)["facts"]["|".join(FACT)]["value"] == 11.0e8,
                    timeout=20000)  # the sync that settling starts sends it
    qtbot.waitUntil(lambda: not w.desk.queue.busy, timeout=20000)
    assert w.desk.status_widget.text().endswith(" · 冲突 0")


def test_keep_theirs_keeps_the_desks_value(qtbot, two_workstations, settings, desk):
    w, (b, cb) = _conflicted_window(qtbot, two_workstations, settings)
    view = w.desk.show_conflicts()
    assert view.settle("theirs")
    assert view.table.rowCount() == 0
    qtbot.waitUntil(lambda: not w.desk.queue.busy, timeout=20000)
    assert w.session.store.fact(*FACT) == 22.0e8
    assert server_tables(desk.super_url)["facts"]["|".join(FACT)]["value"] == 22.0e8
    assert sync_state.conflicts(w.session.store) == []
    assert sync_state.conflicts(w.session.store, open_only=False)[0]["resolution"] == "theirs"


# ---------------------------------------------------------------- leases
def _editor_lease(qtbot, w, issue_id):
    editor = w.open_issue_editor(issue_id)
    lease = w.desk.leases[issue_id]
    qtbot.waitUntil(lambda: lease.state not in (None, "pending"), timeout=20000)
    return editor, lease


def test_a_draft_held_elsewhere_opens_read_only_naming_the_holder(qtbot, two_workstations, settings):
    (path_a, ca), (b, cb) = two_workstations
    held = take_lease(b, "latest", cb)
    w, _ = _open_window(qtbot, settings, path_a)
    issue_id = w.session.store.issue("latest").id
    editor, lease = _editor_lease(qtbot, w, issue_id)
    assert lease.state == "held"
    assert editor.read_only and editor.desk_read_only
    assert editor.headline.isReadOnly()
    assert not editor.save_action.isEnabled() and not editor.submit_action.isEnabled()
    text = lease.banner.text()
    assert text.startswith(f"只读：{cb.user} 正在编辑此稿")
    assert held.expires[5:16].replace("T", " ") in text
    _shot(editor, "editor_held_elsewhere")
    editor.close()
    qtbot.waitUntil(lambda: issue_id not in w.desk.leases, timeout=5000)
    assert lease_of(b, "latest", cb).holder == cb.user  # closing a read-only editor leaves B's lease alone


def test_a_read_only_draft_opens_for_editing_after_the_holder_gave_it_back(qtbot, two_workstations, settings):
    (path_a, ca), (b, cb) = two_workstations
    take_lease(b, "latest", cb)
    issue = b.issue("latest")
    issue.headline = "周观点：乙改完交还"
    b.save_issue(issue)
    sync(b, cb)
    w, _ = _open_window(qtbot, settings, path_a)
    editor, lease = _editor_lease(qtbot, w, w.session.store.issue("latest").id)
    assert lease.state == "held" and editor.read_only
    assert release_lease(b, "latest", cb)
    w.desk.sync_now()  # the next sync (periodic, or on another push) asks again
    qtbot.waitUntil(lambda: lease.state == "mine", timeout=20000)
    assert not editor.read_only and editor.save_action.isEnabled()
    assert editor.headline.text() == "周观点：乙改完交还"
    assert lease_of(b, "latest", cb).holder == ca.user


def test_opening_a_draft_takes_the_lease_and_closing_gives_it_back(qtbot, two_workstations, settings):
    from workbench.desk.errors import DeskError

    (path_a, ca), (b, cb) = two_workstations
    w, _ = _open_window(qtbot, settings, path_a)
    issue_id = w.session.store.issue("latest").id
    editor, lease = _editor_lease(qtbot, w, issue_id)
    assert lease.state == "mine"
    assert not editor.read_only and editor.save_action.isEnabled()
    assert lease.banner.text().startswith("你正在编辑此稿")
    with pytest.raises(DeskError, match=f"being edited by {ca.user}"):
        take_lease(b, "latest", cb)
    editor.close()
    qtbot.waitUntil(lambda: lease_of(b, "latest", cb) is None, timeout=20000)
    assert take_lease(b, "latest", cb).holder == cb.user
    release_lease(b, "latest", cb)


def test_offline_the_draft_stays_editable_and_says_what_happens(qtbot, two_workstations, settings):
    (path_a, ca), _ = two_workstations
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    _point_at(path_a, f"postgresql://{ca.user}@127.0.0.1:{port}/desk")
    w, first = _open_window(qtbot, settings, path_a)
    assert first[0] == "offline"
    issue_id = w.session.store.issue("latest").id
    editor, lease = _editor_lease(qtbot, w, issue_id)
    assert lease.state == "offline"
    assert not editor.read_only and editor.save_action.isEnabled()
    assert "冲突副本" in lease.banner.text()


# ---------------------------------------------------------------- pieces without a server
def test_the_dialog_puts_the_user_in_the_address_and_takes_a_password_out_of_it():
    from ui.desk.connect_dialog import compose_url

    assert compose_url(" postgresql://server:5432/desk ", "zhangsan") == \
        ("postgresql://zhangsan@server:5432/desk", None)
    assert compose_url("postgresql://lisi:s3cr%40t@server/desk?sslmode=verify-full", "") == \
        ("postgresql://lisi@server/desk?sslmode=verify-full", "s3cr@t")
    assert compose_url("postgresql://lisi:pw@server/desk", "wangwu") == ("postgresql://wangwu@server/desk", "pw")


def test_the_conflicts_view_shows_only_the_fields_that_differ():
    from ui.desk.conflicts_view import differing_fields, side_text

    mine = {"headline": "甲", "industry": "电子", "updated_at": "2026-01-01"}
    theirs = {"headline": "乙", "industry": "电子", "updated_at": "2026-01-02"}
    assert differing_fields(mine, theirs) == ["headline"]
    assert differing_fields(None, theirs) == ["headline", "industry"]
    assert side_text(None, ["headline"], "（已删除）") == "（已删除）"
    # a figure as the grid prints it (亿元, the reference style), the field in the UI's words, no exponent
    from workbench.domain.metrics import format_metric

    assert side_text({"value": 2.2e9}, ["value"], "-", "revenue") == f"数值：{format_metric('revenue', 2.2e9)} 亿元"
    assert side_text({"value": 3.5}, ["value"], "-", "no_such_metric") == "数值：3.5"
