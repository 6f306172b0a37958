"""The desk in the app, day to day: the File menu offers to connect a store that has not joined a
desk; a desk server that stops answering (another session holds a lock) shows in the status bar,
never holds up a draft's lease check, and never keeps the app from exiting. Against a real
PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg  # a dependency of the workbench: a broken install fails here, never skips
import pytest

from desk_testing import desk_with_demo

from workbench.desk.config import write_pgpass

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_S = 120  # far beyond anything here: only a process that never ends trips it


pytestmark = pytest.mark.usefixtures("private_password_file")  # libpq's password file in the test's folder


@pytest.fixture
def joined(pg_cluster, desk_db, demo_path, tmp_path):
    """A desk holding the demo data and the app's store joined as an analyst (password file)."""
    desk = desk_with_demo(pg_cluster, desk_db, demo_path, tmp_path)
    analyst = desk.user("analyst")
    desk.join(tmp_path / "a.sqlite", analyst).close()
    write_pgpass(analyst.url, analyst.password)
    return desk, tmp_path / "a.sqlite", analyst


@pytest.fixture
def stuck(joined, monkeypatch):
    """Another session holds desk.changes; the desk's limits are far away, so a sync waits on it."""
    import workbench.desk.connection as connection

    monkeypatch.setattr(connection, "LOCK_TIMEOUT_S", 3600)
    monkeypatch.setattr(connection, "STATEMENT_TIMEOUT_S", 3600)
    holder = psycopg.connect(joined[0].super_url)
    holder.execute("LOCK TABLE desk.changes IN ACCESS EXCLUSIVE MODE")
    yield holder
    holder.close()


def status_text_of(widget, state: str) -> str:
    """What the status widget shows in a state (the widget itself, put back as it was)."""
    was, tip = widget.state, widget.state_label.toolTip()
    widget.set_state(state)
    text = widget.state_label.text()
    widget.set_state(was)
    widget.state_label.setToolTip(tip)
    return text


def _open_window(qtbot, settings, path):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        assert w.open_store(path)
    return w


def test_connect_is_enabled_for_a_store_without_a_desk(window):
    assert window.desk.session is not None
    assert not window.desk.configured
    action = window.desk.connect_action
    assert action.isVisible()
    assert action.isEnabled()  # File → 连接团队服务器… works for a store that has not joined
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()


def test_a_stuck_sync_is_shown_and_a_lease_check_does_not_wait_for_it(qtbot, joined, settings, monkeypatch):
    import ui.desk.controller as controller

    _, path, analyst = joined
    monkeypatch.setattr(controller, "SLOW_SYNC_MS", 300)
    w = _open_window(qtbot, settings, path)
    holder = psycopg.connect(joined[0].super_url)
    try:
        import workbench.desk.connection as connection

        monkeypatch.setattr(connection, "LOCK_TIMEOUT_S", 3600)
        holder.execute("LOCK TABLE desk.changes IN ACCESS EXCLUSIVE MODE")
        assert w.desk.sync_now()
        status = w.desk.status_widget
        qtbot.waitUntil(lambda: status.state == "waiting", timeout=20000)
        assert status.state_label.text() != status_text_of(status, "connecting")  # says it is waiting
        issue_id = w.session.store.issue("latest").id
        w.open_issue_editor(issue_id)
        lease = w.desk.leases[issue_id]
        qtbot.waitUntil(lambda: lease.state == "mine", timeout=20000)  # not queued behind the stuck sync
        assert w.desk._syncing  # which still waits
    finally:
        holder.close()
    with qtbot.waitSignal(w.desk.synced, timeout=20000) as synced:
        pass
    assert synced.args[0][0] == "online"
    assert w.desk.status_widget.state == "online"


def test_closing_the_app_never_waits_on_a_stuck_sync(joined, stuck, tmp_path):
    _, path, _ = joined
    script = textwrap.dedent(f"""
        import os, sys
        os.environ['QT_QPA_PLATFORM'] = 'offscreen'
        import workbench.desk.connection as connection
        connection.LOCK_TIMEOUT_S = connection.STATEMENT_TIMEOUT_S = 3600
        import ui.desk.controller as controller
        controller.SLOW_SYNC_MS = 200
        from PySide6.QtCore import QSettings, QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from ui.main_window import MainWindow
        w = MainWindow(settings=QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat),
                       confirm=lambda *a: True)
        w.show()
        assert w.open_store({str(path)!r})
        w.open_issue_editor(w.session.store.issue('latest').id)

        def check():
            if w.desk.status_widget.state == 'waiting':
                print('waiting', flush=True)
                w.close()
                app.quit()
            else:
                QTimer.singleShot(50, check)

        QTimer.singleShot(50, check)
        app.exec()
        print('closed', flush=True)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG_GUARD_S,
                         cwd=str(ROOT), env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == ["waiting", "closed"], out.stderr
    assert out.returncode == 0, out.stderr
    assert "Signal source has been deleted" not in out.stderr
    assert "Traceback" not in out.stderr


def test_what_a_sync_noticed_is_shown(qtbot, joined, settings, tmp_path):
    import shutil

    _, path, _ = joined
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(path, copy)  # a copy of a joined store: its first sync re-identifies it
    w = _open_window(qtbot, settings, copy)
    said = w.statusBar().currentMessage()  # a few words a 1366 px status bar shows whole: no path, no ids
    assert "副本" in said and "独立的工作站" in said and str(copy) not in said and "->" not in said, said
    assert "重新标识" in w.desk.status_widget.state_label.toolTip()  # still there after the message goes


def test_a_local_save_is_counted_as_waiting_to_be_pushed_at_once(qtbot, joined, settings):
    from ui_testing import find_column

    _, path, _ = joined
    w = _open_window(qtbot, settings, path)
    w.desk.push_timer.setInterval(60 * 60 * 1000)  # no push meanwhile: the count is the save's
    status = w.desk.status_widget
    assert status.pending == 0
    model = w.financials_page.model
    assert model.setData(model.index(model.row_of("688608.SH"), find_column(model, ("revenue", "2023A"))), "12.5")
    qtbot.waitUntil(lambda: status.pending == 1, timeout=20000)
    assert "1" in status.pending_label.text()


def _in_shanghai(iso: str) -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%m-%d %H:%M")


def test_the_status_bar_shows_times_in_the_local_zone(shanghai):
    from ui.desk.status import DeskStatusWidget, short_time

    assert short_time("2026-11-30 11:39:00.123+00") == "11-30 19:39"  # the server's UTC text
    assert short_time("2026-11-30T23:05:00+00:00") == "12-01 07:05"  # past midnight in Shanghai
    assert short_time("2026-11-30T19:41:07+08:00") == "11-30 19:41"  # a local store's time
    widget = DeskStatusWidget()
    widget.set_figures("2026-11-30T11:41:07+00:00", 0, 0)
    assert "11-30 19:41" in widget.sync_label.text()


def test_the_lease_banner_shows_the_servers_times_in_the_local_zone(qtbot, joined, settings, shanghai):
    _, path, _ = joined
    w = _open_window(qtbot, settings, path)
    issue_id = w.session.store.issue("latest").id
    w.open_issue_editor(issue_id)
    lease = w.desk.leases[issue_id]
    qtbot.waitUntil(lambda: lease.state == "mine", timeout=20000)
    assert "+00" in lease.lease.expires or "+08" in lease.lease.expires  # the server says its zone
    assert _in_shanghai(lease.lease.expires) in lease.banner.text()


def test_the_conflicts_view_shows_times_in_the_local_zone(qtbot, joined, tmp_path, shanghai):
    from ui.desk.conflicts_view import ConflictsView
    from workbench.desk.sync import sync
    from workbench.store import Store, sync_state

    desk, path, analyst = joined
    other = desk.user("analyst")
    fact = ("688608.SH", "revenue", "2023A")
    with desk.join(tmp_path / "other.sqlite", other) as theirs:
        with theirs.batch("edit", by="t"):
            theirs.set_fact(*fact, 22.0e8)
        sync(theirs, other)
    with Store(path) as store:
        with store.batch("edit", by="t"):
            store.set_fact(*fact, 11.0e8)
        sync(store, analyst)
        [c] = sync_state.conflicts(store)
        view = ConflictsView(store, lambda *a: None)
        qtbot.addWidget(view)
        view.reload()
        theirs_cell = view.table.item(0, 4).text()
        mine_cell = view.table.item(0, 3).text()
    assert _in_shanghai(c["theirs_at"]) in theirs_cell  # the desk's time, shown in Shanghai time
    assert _in_shanghai(c["at"]) in mine_cell


def test_closing_the_app_never_waits_on_a_stuck_join(joined, stuck, tmp_path):
    desk, _, _ = joined
    newcomer = desk.user("analyst")
    path = tmp_path / "new.sqlite"
    from workbench.store import Store

    Store(path).close()
    host = f"postgresql://127.0.0.1:{desk.cluster.port}/{newcomer.url.rsplit('/', 1)[-1]}"
    script = textwrap.dedent(f"""
        import os, sys
        os.environ['QT_QPA_PLATFORM'] = 'offscreen'
        import workbench.desk.connection as connection
        connection.LOCK_TIMEOUT_S = connection.STATEMENT_TIMEOUT_S = connection.ANSWER_TIMEOUT_S = 3600
        from PySide6.QtCore import QSettings, QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from ui.main_window import MainWindow
        w = MainWindow(settings=QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat),
                       confirm=lambda *a: True)
        w.show()
        assert w.open_store({str(path)!r})
        dialog = w.desk.show_connect_dialog()
        dialog.url_edit.setText({host!r})
        dialog.user_edit.setText({newcomer.user!r})
        dialog.password_edit.setText({newcomer.password!r})
        assert dialog.start_join() is not None
        print('joining', flush=True)

        def close():
            w.close()
            app.quit()

        QTimer.singleShot(1500, close)  # the join waits on the locked desk meanwhile
        app.exec()
        print('closed', flush=True)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG_GUARD_S,
                         cwd=str(ROOT), env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == ["joining", "closed"], out.stderr
    assert out.returncode == 0, out.stderr
    assert "Signal source has been deleted" not in out.stderr and "Traceback" not in out.stderr


def test_closing_the_app_gives_a_drafts_lease_back(joined, tmp_path):
    from workbench.desk.leases import lease_of
    from workbench.store import Store

    desk, path, analyst = joined
    script = textwrap.dedent(f"""
        import os, sys
        os.environ['QT_QPA_PLATFORM'] = 'offscreen'
        from PySide6.QtCore import QSettings, QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from ui.main_window import MainWindow
        w = MainWindow(settings=QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat),
                       confirm=lambda *a: True)
        w.show()
        assert w.open_store({str(path)!r})
        issue_id = w.session.store.issue('latest').id
        w.open_issue_editor(issue_id)

        def check():
            lease = w.desk.leases.get(issue_id)
            if lease is not None and lease.state == 'mine':
                print('held', flush=True)
                w.close()
                app.quit()
            else:
                QTimer.singleShot(50, check)

        QTimer.singleShot(50, check)
        app.exec()
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG_GUARD_S,
                         cwd=str(ROOT), env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == ["held"], out.stderr
    with Store(path) as store:
        assert lease_of(store, "latest", analyst) is None  # given back before the process ended
