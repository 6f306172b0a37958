"""Store tools in the main window: backup, the publication record, the benchmark index, the user guide."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QRunnable, QThreadPool
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from ui.models import QuoteTableModel


def finalise_demo_issue(store) -> int:
    """Publish the demo issue through the core, as review and final in the editor would."""
    from workbench.drafting.lifecycle import change_status

    issue_id = store.issue("latest").id
    change_status(store, issue_id, "review", by="test")
    change_status(store, issue_id, "final", by="test")
    return issue_id


# ---------------------------------------------------------------------- backup
def test_backup_writes_a_store_with_the_same_counts(window, qtbot, tmp_path):
    from workbench.store import Store

    target = tmp_path / "copy.sqlite"
    with qtbot.waitSignal(window.backup_done, timeout=20000) as done:
        assert window.backup_store(str(target)) is not None
    assert Path(done.args[0]) == target
    with Store(target) as copy:
        assert copy.counts() == window.session.store.counts()
        assert copy.counts()["quotes"] > 0
    assert str(target) in window.statusBar().currentMessage()


def test_backup_dialog_offers_a_dated_name_beside_the_store(window, qtbot, monkeypatch):
    from datetime import date

    asked = {}

    def fake_dialog(parent, title, start, filters):
        asked["start"] = start
        return "", ""  # the user cancels the dialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    window.backup_action.trigger()
    path = window.session.path
    assert asked["start"] == str(path.parent / f"{path.stem}-backup-{date.today():%Y%m%d}.sqlite")
    assert not list(path.parent.glob("*-backup-*"))


class _Hold(QRunnable):
    """Keeps the pool's only thread busy until released, so a queued task can be cancelled first."""

    def __init__(self, gate: threading.Event):
        super().__init__()
        self.gate = gate

    def run(self) -> None:
        self.gate.wait(10)


def test_cancelled_backup_leaves_no_file(window, qtbot, tmp_path):
    from workbench.progress import Cancelled

    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    gate = threading.Event()
    target = tmp_path / "cancelled.sqlite"
    pool.setMaxThreadCount(1)
    try:
        pool.start(_Hold(gate))
        with qtbot.waitSignal(window.backup_done, timeout=20000) as done:
            task = window.backup_store(str(target))
            task.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
            gate.set()
    finally:
        gate.set()
        pool.setMaxThreadCount(threads)
    assert isinstance(done.args[0], Cancelled)
    assert not [p.name for p in tmp_path.iterdir() if "cancelled" in p.name]  # nor a temporary file
    assert "取消" in window.statusBar().currentMessage()


def test_backup_over_the_open_store_is_refused_in_a_message_box(window, qtbot):
    store_path = window.session.path
    before = window.session.store.counts()
    with qtbot.waitSignal(window.backup_done, timeout=20000) as done:
        window.backup_store(str(store_path))
    assert not isinstance(done.args[0], Path)
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Critical
    assert "正在使用的数据文件" in box.text()
    box.close()
    assert window.session.store.counts() == before


# ---------------------------------------------------------------------- publication record
@pytest.fixture
def issues(window):
    window.tabs.setCurrentWidget(window.issues_page)
    return window.issues_page


def test_record_needs_a_published_issue(window, issues, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: pytest.fail("no folder is asked for"))
    assert not issues.record_button.isEnabled() and not issues.record_action.isEnabled()
    assert "尚未定稿" in issues.record_button.toolTip()
    assert window.export_record() is None  # from the File menu: a clear message instead
    box = window.last_message_box
    assert "尚未定稿" in box.text()
    box.close()
    assert list(tmp_path.glob("*_#*")) == []


def test_record_of_a_final_issue_from_the_issues_view(window, issues, qtbot, tmp_path, monkeypatch):
    issue_id = finalise_demo_issue(window.session.store)
    issues.refresh()
    assert issues.select_issue(issue_id)
    assert issues.record_button.isEnabled() and issues.record_action.isEnabled()
    out = tmp_path / "records"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    issues.record_button.click()
    folders = list(out.iterdir())
    assert len(folders) == 1 and folders[0].name.endswith(f"_#{issue_id}")
    record = folders[0]
    store = window.session.store
    assert (record / "v1.pdf").read_bytes() == store.version_pdf(issue_id, 1)
    assert {"v1_snapshot.json", "v1_text.json", "status_log.csv", "MANIFEST.txt"} <= {p.name for p in record.iterdir()}
    box = window.last_message_box
    assert str(record) in box.text() and box.icon() == QMessageBox.Icon.Information
    box.close()
    assert str(record) in window.statusBar().currentMessage()

    # A second export into the same folder is refused by the core: the record is never overwritten.
    assert window.export_record(issue_id, str(out)) is None
    assert window.last_message_box.icon() == QMessageBox.Icon.Critical
    assert "已存在" in window.last_message_box.text()
    window.last_message_box.close()
    assert list(out.iterdir()) == [record]


def test_record_in_the_file_menu_and_the_issue_context_menu(window, issues):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.record_action in file_menu.actions() and window.backup_action in file_menu.actions()
    rect = issues.view.visualRect(issues.list_page.proxy.index(0, 2))
    menu = issues.list_page.context_menu(rect.center())
    assert issues.record_action in menu.actions()
    menu.deleteLater()


# ---------------------------------------------------------------------- benchmark index
def _quote_row(page, name: str) -> int:
    model = page.model
    return next(r for r in range(model.rowCount()) if model.value(r, QuoteTableModel.INDEX) == name)


def test_set_another_index_as_benchmark_from_the_context_menu(window, qtbot, qtmodeltester, confirmations):
    from PySide6.QtCore import Qt

    store = window.session.store
    page = window.quotes_page
    window.tabs.setCurrentWidget(page)
    model = page.model
    old = store.benchmark()
    assert old["code"] == "000300.SH"
    other = store.index("801080.SI")  # 申万电子: a year of closes, like the CSI 300

    # the current benchmark is marked: the tag column and a bold name with a tooltip
    row = _quote_row(page, old["name"])
    assert model.index(row, QuoteTableModel.BENCHMARK).data() == "基准"
    assert model.index(row, QuoteTableModel.INDEX).data(Qt.ItemDataRole.FontRole).bold()
    assert "基准指数" in model.index(row, QuoteTableModel.INDEX).data(Qt.ItemDataRole.ToolTipRole)
    other_row = _quote_row(page, other["name"])
    assert model.index(other_row, QuoteTableModel.BENCHMARK).data() == ""
    assert model.index(other_row, QuoteTableModel.INDEX).data(Qt.ItemDataRole.FontRole) is None

    # on the benchmark's own row the action is off; on another index's row it is offered
    page.select_key(model.key_at(row), QuoteTableModel.INDEX)
    assert not window.set_benchmark_action.isEnabled()
    pidx = page.proxy.mapFromSource(model.index(other_row, QuoteTableModel.CLOSE))
    menu = page.context_menu(page.view.visualRect(pidx).center())
    assert menu.actions()[0] is window.set_benchmark_action and window.set_benchmark_action.text() == "设为基准指数(&B)"
    assert page.current_key() == model.key_at(other_row) and window.set_benchmark_action.isEnabled()
    menu.deleteLater()
    key = page.current_key()
    window.set_benchmark_action.trigger()

    assert confirmations.asked == []  # a year of closes: nothing to ask
    assert store.benchmark()["id"] == other["id"]
    assert page.current_key() == key  # the row stays current after the view is re-read
    row, other_row = _quote_row(page, old["name"]), _quote_row(page, other["name"])
    assert model.index(other_row, QuoteTableModel.BENCHMARK).data() == "基准"
    assert model.index(other_row, QuoteTableModel.INDEX).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(row, QuoteTableModel.BENCHMARK).data() == ""
    assert model.index(row, QuoteTableModel.INDEX).data(Qt.ItemDataRole.FontRole) is None
    assert not window.set_benchmark_action.isEnabled()
    assert other["name"] in window.statusBar().currentMessage()
    qtmodeltester.check(model)
    # one undo step puts the old benchmark back, redo the new one
    window.undo_action.trigger()
    assert store.benchmark()["id"] == old["id"]
    assert model.index(_quote_row(page, old["name"]), QuoteTableModel.BENCHMARK).data() == "基准"
    window.redo_action.trigger()
    assert store.benchmark()["id"] == other["id"]


def test_a_benchmark_with_few_quotes_is_asked_about_first(window, qtbot, confirmations):
    store = window.session.store
    page = window.quotes_page
    old = store.benchmark()
    few = store.index("000001.SH")  # 上证指数: the week's close only
    page.select_key(page.model.key_at(_quote_row(page, few["name"])), QuoteTableModel.INDEX)

    confirmations.answer = False
    assert not window.set_benchmark()
    assert "只有 1 条行情" in confirmations.asked[-1]
    assert store.benchmark()["id"] == old["id"]  # nothing changed
    assert page.model.index(_quote_row(page, old["name"]), QuoteTableModel.BENCHMARK).data() == "基准"

    confirmations.answer = True
    with qtbot.waitSignal(window.charts_ready, timeout=20000):
        window.ensure_charts()
    assert window.set_benchmark()
    assert store.benchmark()["id"] == few["id"]
    assert page.model.index(_quote_row(page, few["name"]), QuoteTableModel.BENCHMARK).data() == "基准"
    # the cover chart has no common dates: the industry index's year is drawn alone on its own
    # closes, the benchmark's single close draws no one-point line (the PDF's preflight names it)
    assert window.charts.market.spec is not None
    qtbot.waitUntil(lambda: "上证指数" in window.charts.chooser.currentText(), timeout=2000)
    spec = window.charts.market.spec
    drawn = {s.name: sum(v is not None for v in s.values) for s in spec.series}
    sector = store.index(window.charts.market.spec.series[0].name)
    assert drawn[few["name"]] == 0
    assert drawn[sector["name"]] == len([q for q in store.quotes(sector["id"]) if q["date"] in spec.x]) > 1


def test_benchmark_tag_is_searchable(window):
    page = window.quotes_page
    page.filter_edit.setText("基准")
    bench = window.session.store.benchmark()
    assert page.proxy.rowCount() == len(window.session.store.quotes(bench["id"])) > 0


# ---------------------------------------------------------------------- user guide
def test_user_guide_opens_from_the_help_menu_with_f1(window, qtbot):
    assert window.guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    help_menu = window.menuBar().actions()[-1].menu()
    assert help_menu.actions()[0] is window.guide_action and window.guide_action.text() == "使用指南(&U)"
    window.guide_action.trigger()
    dialog = window._guide
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    text = dialog.browser.toPlainText()
    assert "发布前检查" in text and "导入数据" in text and "备份数据" in text
    assert dialog.windowTitle() == "使用指南" and dialog.isSizeGripEnabled()
    assert window.show_user_guide() is dialog  # one guide window, raised again
    dialog.close()


def test_user_guide_names_the_shortcuts_the_window_has(window):
    """Every shortcut the guide lists for the main window is bound to one of its actions."""
    from workbench.paths import resource

    guide = resource("docs", "guide_zh.md").read_text(encoding="utf-8")
    bound = {s.toString() for a in window.findChildren(type(window.guide_action)) for s in a.shortcuts()}
    for key in ("Ctrl+I", "Ctrl+Shift+E", "Ctrl+Shift+N", "Ctrl+Shift+O", "Ctrl+Shift+H", "Ctrl+0", "F1", "F5",
                "Ctrl+F", "Ctrl+Z"):
        assert key in guide and key in bound, key


def test_a_desk_analyst_may_not_set_the_benchmark(window, monkeypatch):
    """On a store joined to a desk as an analyst (the role the desk gave at the last sync), 设为基准指数
    is refused with the core's words and nothing changes: the benchmark is the house's, set by a desk
    administrator (the desk itself refuses it too: tests/desk/test_desk_benchmark_admin_only.py)."""
    from workbench.desk.roles import SETTING_ROLE
    from workbench.store import sync_state

    store = window.session.store
    sync_state.set_settings(store, {sync_state.SETTING_URL: "postgresql://desk.example/desk", SETTING_ROLE: "analyst"})
    old = store.benchmark()
    shown = []
    monkeypatch.setattr(window, "message_box", lambda icon, title, text, *a, **k: shown.append(text))
    few = store.index("000001.SH")
    assert not window.set_benchmark(few["id"])
    assert shown and "管理员" in shown[-1] and "analyst" in shown[-1]
    assert store.benchmark()["id"] == old["id"]
