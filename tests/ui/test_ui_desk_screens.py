"""The desk's screens as a desk editor sees them in the Chinese UI, on a 1366x768 laptop and a 1920x1080
screen: the conflicts view with a rival publication, a figure changed on both sides, a status-log
entry and a row the desk refused shares its width so the desk's reasons read in a few lines, names
the view's buttons where the core's reason gives the command line's ``--keep theirs``, and shows no
uid; the words for a side whose writer or time is not known reach the translations; the join dialog,
the status bar's states and the lease notice fit. Screenshots go to $WORKBENCH_SHOTS/screens for a
person to look at; the tests check sizes and texts, never pixels. Against a real PostgreSQL."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg  # noqa: F401  (a dependency of the workbench: a broken install fails here, never skips)
import pytest
from PySide6.QtCore import QRect

from desk_testing import Desk

from workbench.desk.config import write_pgpass
from workbench.desk.leases import take_lease
from workbench.desk.sync import sync
from workbench.drafting.lifecycle import change_status
from workbench.store import Store
from workbench.store import sync_state as state

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("WORKBENCH_SHOTS", "/tmp/workbench-desk-shots")) / "screens"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SCREENS = {"1366x768": QRect(0, 0, 1366, 728), "1920x1080": QRect(0, 0, 1920, 1040)}  # less a taskbar
FIGURE = ("300493.SZ", "revenue", "2023A")  # 润欣科技

pytestmark = pytest.mark.usefixtures("private_password_file")


def _shot(widget, size: str, name: str) -> None:
    folder = SHOTS / size
    folder.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(folder / f"{name}.png"))


@pytest.fixture(params=sorted(SCREENS))
def screen(request, monkeypatch):
    """The screen's available area as the app's windows and dialogs see it."""
    import ui.common.geometry as geometry

    area = SCREENS[request.param]
    monkeypatch.setattr(geometry, "available_area", lambda widget: QRect(area))
    return request.param, area


@pytest.fixture
def rival_station(pg_cluster, desk_db, demo_path, tmp_path):
    """An editor's store whose publication the desk refused (another editor published the same version
    first, with the same figure changed otherwise), and a company rename the desk refused: the app opens
    it (its password in libpq's password file)."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    a = desk.join(demo_path, admin)
    c1, c2 = desk.user("editor"), desk.user("editor")
    e1, e2 = desk.join(tmp_path / "e1.sqlite", c1), desk.join(tmp_path / "e2.sqlite", c2)
    issue_id, _ = state.issue_uid(e1, "latest")
    change_status(a, issue_id, "review", by="adm")
    for store, config in ((a, admin), (e1, c1), (e2, c2)):
        sync(store, config)
    e2.set_fact(*FIGURE, 11.0e8)
    e1.set_fact(*FIGURE, 22.0e8)
    change_status(e1, issue_id, "final", by="li")
    change_status(e2, issue_id, "final", by="wang")
    sync(e1, c1)
    sync(e2, c2)
    company = state.current_image(e2, ("companies", "603501.SH"))
    with e2.transaction():  # a refusal of the desk's, recorded as a sync records it
        state.record_conflicts(e2, [{
            "id": 9001, "tbl": "companies", "key": "603501.SH", "kind": "refused",
            "mine": {**company, "name": "韦尔股份（新）"}, "theirs": company, "by": c2.user,
            "at": "2026-11-30 06:44:12.5+00", "theirs_by": c1.user, "theirs_at": "2026-11-30T06:41:40+00:00",
            "message": "分析师不能修改公司简称 (an analyst may not rename a company)"}])
    for store in (a, e1, e2):
        store.close()
    write_pgpass(c2.url, c2.password)
    return tmp_path / "e2.sqlite"


def _open_window(qtbot, settings, path, area: QRect):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.resize(area.width(), area.height())
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=30000):
        assert w.open_store(path)
    w.desk.stop_listener()  # the test says when the desk is asked
    w.desk.timer.stop()
    return w


def _cells(view) -> list[list[str]]:
    return [[view.table.item(r, c).text() for c in range(view.COLUMNS)] for r in range(view.table.rowCount())]


def _fits(widget, area: QRect) -> bool:
    return widget.width() <= area.width() and widget.height() <= area.height()


# ---------------------------------------------------------------- the conflicts view
def test_the_conflicts_view_reads_in_a_few_lines_names_its_buttons_and_shows_no_uid(qtbot, settings, rival_station,
                                                                                   screen):
    size, area = screen
    w = _open_window(qtbot, settings, rival_station, area)
    listed = state.conflicts(w.session.store)
    assert {c["tbl"] for c in listed} >= {"issue_versions", "facts", "companies"}
    assert any("--keep theirs" in (c["message"] or "") for c in listed)  # the core's reason names the flag
    view = w.desk.show_conflicts()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(50)  # the columns shared and the rows fitted once the layout has settled
    _shot(w, size, "window_with_conflicts")
    _shot(view, size, "conflicts_view")
    assert _fits(view, area)
    keep_theirs = "“" + re.sub(r"\(&\w\)|&", "", view.theirs_button.text()) + "”"
    for cells in _cells(view):
        for text in cells:
            assert not UUID.search(text), text
            assert "--keep" not in text, text
    assert any(keep_theirs in cells[2] for cells in _cells(view))  # the reason names the button instead
    table = view.table
    width = table.viewport().width()
    kind = table.columnWidth(2)
    # the reasons' column takes its share of the screen, so a reason reads in a few lines, not a tall strip
    assert kind >= 0.2 * width
    line = table.fontMetrics().lineSpacing()
    tallest = max(table.rowHeight(r) for r in range(table.rowCount()))
    assert tallest <= 9 * line, (tallest, line)
    for col in range(view.COLUMNS - 1):
        assert table.columnWidth(col) >= table.horizontalHeader().sectionSizeFromContents(col).width()


def test_a_column_the_user_sized_keeps_its_width(qtbot, settings, rival_station, screen):
    size, area = screen
    w = _open_window(qtbot, settings, rival_station, area)
    view = w.desk.show_conflicts()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(50)
    shared = view.table.columnWidth(1)
    view.table.horizontalHeader().resizeSection(1, shared + 60)  # as a drag of the header does
    view.resize(view.width() - 100, view.height())
    qtbot.wait(50)
    assert view.table.columnWidth(1) == shared + 60


def test_the_words_for_an_unknown_writer_or_time_reach_the_translations(tmp_path):
    """lupdate must see each text the view shows: one it cannot see stays English in the Chinese UI."""
    from ui.desk.conflicts_view import ConflictsView

    ts = tmp_path / "desk.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), str(ROOT / "ui" / "desk" / "conflicts_view.py"), "-ts", str(ts)],
                   check=True, capture_output=True)
    sources = set(re.findall(r"<source>(.*?)</source>", ts.read_text(encoding="utf-8"), re.S))
    shown = ConflictsView.who_text.__code__.co_consts
    for text in ("(who not known)", "(time not known)"):
        assert text in shown  # the words the view uses ...
        assert text in sources  # ... are extracted for the translators


# ---------------------------------------------------------------- the join dialog, status bar, lease notice
def test_the_join_dialog_fits_and_grows_for_a_refusal(qtbot, settings, demo_path, screen):
    from ui.main_window import MainWindow

    size, area = screen
    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.resize(area.width(), area.height())
    w.show()
    assert w.open_store(demo_path)
    dialog = w.desk.show_connect_dialog()
    qtbot.waitUntil(dialog.isVisible)
    _shot(dialog, size, "join_dialog")
    assert _fits(dialog, area)
    dialog.show_error("无法连接团队服务器：该地址和端口无人应答 (could not connect to the desk server)")
    qtbot.wait(50)
    _shot(dialog, size, "join_dialog_refused")
    assert _fits(dialog, area)
    error = dialog.error_label
    assert error.height() >= error.heightForWidth(error.width())  # every wrapped line shows
    assert "(could not" not in error.text()
    dialog.close()


def test_the_status_bar_shows_each_state_whole(qtbot, settings, pg_cluster, desk_db, demo_path, tmp_path, screen):
    from ui.desk.status import CONNECTING, OFFLINE, ONLINE, REFUSED, WAITING

    size, area = screen
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    write_pgpass(admin.url, admin.password)
    w = _open_window(qtbot, settings, demo_path, area)
    widget = w.desk.status_widget
    with Store(demo_path) as s:
        last = s.get_setting(state.SETTING_LAST_SYNC)
    for name, pending, conflicts in ((ONLINE, 0, 0), (OFFLINE, 3, 0), (CONNECTING, 1, 0), (WAITING, 1, 0),
                                     (REFUSED, 2, 1)):
        widget.set_state(name)
        widget.set_figures(last, pending, conflicts)
        qtbot.wait(20)
        _shot(w.statusBar(), size, f"status_{name}")
        for label in (widget.state_label, widget.sync_label, widget.pending_label):
            shown = re.sub("<[^>]+>", "", label.text())
            assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width(), (name, shown)
            assert not re.search(r"[A-Za-z]{3,}", shown), shown  # Chinese only
        assert widget.conflicts_button.width() >= widget.conflicts_button.sizeHint().width()


def test_the_lease_notice_names_the_holder_and_offers_the_take_over_whole(qtbot, settings, stations, screen):
    size, area = screen
    (path_a, ca), (b, cb) = stations("editor")
    take_lease(b, "latest", cb)
    w = _open_window(qtbot, settings, path_a, area)
    issue_id = w.session.store.issue("latest").id
    editor = w.open_issue_editor(issue_id)
    lease = w.desk.leases[issue_id]
    qtbot.waitUntil(lambda: lease.state not in (None, "pending"), timeout=20000)
    editor.resize(area.width(), area.height())
    qtbot.wait(50)
    _shot(editor, size, "lease_held")
    assert lease.state == "held" and cb.user in lease.banner.text()
    assert not UUID.search(lease.banner.text())
    button = lease.take_over_button
    assert button.isVisible() and button.text().startswith("接手编辑")
    assert button.width() >= button.sizeHint().width()
    banner = lease.banner
    assert banner.height() >= banner.heightForWidth(banner.width())
