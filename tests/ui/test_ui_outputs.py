"""Files the app writes and the store it may not write: backup over an older backup, chart
exports that never replace the store nor leave half a file, clipboard text no spreadsheet runs,
and a read-only store that opens, says so and still exports."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog
from ui_testing import find_column, snapshot

from ui.clipboard import from_clipboard_cell, to_clipboard_cell


def _answer_dialog(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), ""))


def _run_backup(window, qtbot):
    with qtbot.waitSignal(window.backup_done, timeout=20000) as done:
        assert window.backup_action.trigger() is None
    return done.args[0]


# ---------------------------------------------------------------------- 1. backup
def test_backup_through_the_dialog_replaces_an_older_backup(window, qtbot, tmp_path, monkeypatch):
    from workbench.store import Store

    target = tmp_path / "weekly-backup.sqlite"
    shutil.copyfile(window.session.path, target)
    with Store(target) as old:  # the older backup lacks the quotes the store now has
        old.db.execute("DELETE FROM quotes")
        assert old.counts()["quotes"] == 0
    before = window.session.store.counts()
    assert before["quotes"] > 0
    _answer_dialog(monkeypatch, target)  # the dialog has asked the user about replacing it
    result = _run_backup(window, qtbot)
    assert Path(result) == target
    with Store(target) as copy:
        assert copy.counts() == before
    assert not list(tmp_path.glob(".*.part"))


def test_backup_over_a_file_that_is_no_store_through_the_dialog_is_refused_and_keeps_it(window, qtbot, tmp_path,
                                                                                          monkeypatch):
    target = tmp_path / "old.sqlite"  # named like a store, but it holds no store: nothing to back up over
    target.write_bytes(b"an old file the user chose to replace")
    _answer_dialog(monkeypatch, target)
    result = _run_backup(window, qtbot)
    assert isinstance(result, Exception)
    box = window.last_message_box
    assert "不是数据文件的备份" in box.text() and "(the target exists" not in box.text()  # said in Chinese only
    assert target.read_bytes() == b"an old file the user chose to replace"
    box.close()


def test_backup_without_the_dialog_still_keeps_an_existing_file(window, qtbot, tmp_path):
    target = tmp_path / "kept.sqlite"
    target.write_bytes(b"keep me")
    with qtbot.waitSignal(window.backup_done, timeout=20000) as done:
        window.backup_store(str(target))
    assert isinstance(done.args[0], Exception)
    assert target.read_bytes() == b"keep me"


def test_backup_onto_the_open_store_is_refused_in_a_message_box(window, qtbot, monkeypatch):
    path = window.session.path
    before = path.read_bytes()
    _answer_dialog(monkeypatch, path)
    result = _run_backup(window, qtbot)
    assert isinstance(result, Exception)
    box = window.last_message_box
    assert "不能覆盖正在使用的数据文件" in box.text() and "the target is the open store" not in box.text()  # Chinese UI
    assert not box.detailedText()  # the core's message, not a traceback
    assert path.read_bytes() == before
    box.close()


def test_backup_onto_another_store_in_use_is_refused(window, qtbot, tmp_path, monkeypatch):
    other = tmp_path / "other.sqlite"
    shutil.copyfile(window.session.path, other)
    holder = sqlite3.connect(other)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("CREATE TABLE held (x)")  # a writer with its -wal file open
    try:
        before = other.read_bytes()
        _answer_dialog(monkeypatch, other)
        assert isinstance(_run_backup(window, qtbot), Exception)
        assert "正在使用中" in window.last_message_box.text()
        assert other.read_bytes() == before
        window.last_message_box.close()
    finally:
        holder.close()


# ---------------------------------------------------------------------- 2. chart export
@pytest.fixture
def chart(qtbot):
    from ui.charts import ChartPanel
    from workbench.charts.build import dataset_bars_spec
    from workbench.charts.spec import BARS, ChartSpec, Series

    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.resize(640, 400)
    panel.show()
    panel.show_spec(ChartSpec(kind=BARS, title="营业收入", x=["2022A", "2023A"],
                              series=[Series("营业收入", [1.0, 2.0])], unit="亿元", source="来源：测试"))
    return panel


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_chart_export_refuses_the_open_store(chart, demo_path, kind):
    from workbench.outputs import UnsafeTarget

    chart.store_path = demo_path
    before = demo_path.read_bytes()
    with pytest.raises(UnsafeTarget):
        chart.export_png(demo_path) if kind == "png" else chart.export_svg(demo_path)
    assert demo_path.read_bytes() == before


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_chart_export_refuses_any_database_and_its_log(chart, tmp_path, kind):
    from workbench.outputs import UnsafeTarget

    db = tmp_path / "other.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    before = db.read_bytes()
    with pytest.raises(UnsafeTarget):
        chart.export_png(db) if kind == "png" else chart.export_svg(db)
    assert db.read_bytes() == before
    wal = tmp_path / "other.db-wal"
    with pytest.raises(UnsafeTarget):
        chart.export_png(wal) if kind == "png" else chart.export_svg(wal)
    assert not wal.exists()


def test_chart_export_that_fails_keeps_the_old_file_and_leaves_no_part(chart, tmp_path, monkeypatch):
    from workbench.errors import WorkbenchError

    target = tmp_path / "chart.png"
    target.write_bytes(b"last week's chart")
    monkeypatch.setattr(QImage, "save", lambda self, *args, **kwargs: False)
    with pytest.raises(WorkbenchError):
        chart.export_png(target)
    assert target.read_bytes() == b"last week's chart"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png"]


@pytest.mark.parametrize("kind, magic", [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<?xml")])
def test_chart_export_writes_the_file_with_normal_permissions(chart, tmp_path, kind, magic):
    old = os.umask(0o022)
    try:
        target = tmp_path / f"chart.{kind}"
        chart.export_png(target) if kind == "png" else chart.export_svg(target)
    finally:
        os.umask(old)
    assert target.read_bytes().startswith(magic)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"chart.{kind}"]


def test_chart_export_dialog_shows_a_refusal_in_a_message_box(chart, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    db = tmp_path / "named-like-a-drawing.svg"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    before = db.read_bytes()
    _answer_dialog(monkeypatch, db)
    assert chart.export_with_dialog("svg") is None
    assert len(shown) == 1 and "数据库" in shown[0] and str(db) in shown[0]
    assert db.read_bytes() == before


def test_chart_export_dialog_writes_an_ordinary_target(chart, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    _answer_dialog(monkeypatch, tmp_path / "chart")
    assert chart.export_with_dialog("png") == tmp_path / "chart.png"
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG") and not shown


# ---------------------------------------------------------------------- 3. clipboard
@pytest.mark.parametrize("text, expected", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+1+cmd", "'+1+cmd"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tname", "'\tname"),
    ("\rname", "'\rname"),
    ("贵州茅台", "贵州茅台"),
    ("-12.5", "-12.5"),
    ("+3%", "+3%"),
])
def test_clipboard_cell_makes_formula_text_inert(text, expected):
    assert to_clipboard_cell(text) == expected


@pytest.mark.parametrize("pasted, expected", [
    ("'=HYPERLINK(1)", "=HYPERLINK(1)"),
    ("'-2+3", "-2+3"),
    ("'@x", "@x"),
    ("'abc", "'abc"),  # a quote before ordinary text is the user's own
    ("'-12.5", "'-12.5"),
    ("=1", "=1"),
])
def test_clipboard_cell_from_paste_strips_only_the_inert_prefix(pasted, expected):
    assert from_clipboard_cell(pasted) == expected


def _select(view, row, col):
    proxy = view.model()
    view.setCurrentIndex(proxy.index(row, col))
    view.selectionModel().select(QItemSelection(proxy.index(row, col), proxy.index(row, col)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_copy_of_a_formula_name_is_inert_and_pastes_back_unchanged(window):
    page = window.companies_page
    store = window.session.store
    ticker = page.model.key_at(0)
    store.db.execute("UPDATE companies SET name = ? WHERE ticker = ?", ["=HYPERLINK(\"http://evil\")", ticker])
    page.model.reload()
    row = next(r for r in range(page.view.model().rowCount())
               if page.view.model().index(r, find_column(page.model, "ticker")).data() == ticker)
    col = find_column(page.model, "name")
    _select(page.view, row, col)
    text = page.view.copy_selection()
    assert text == '"\'=HYPERLINK(""http://evil"")"\r\n'  # inert, quoted as Excel quotes a cell with "
    assert QApplication.clipboard().text() == text
    before = snapshot(store)
    assert page.view.paste_text(text)
    assert store.db.execute("SELECT name FROM companies WHERE ticker = ?", [ticker]).fetchone()[0] \
        == "=HYPERLINK(\"http://evil\")"
    assert snapshot(store) == before


def test_copy_of_a_negative_figure_stays_a_number(window):
    page = window.financials_page
    store = window.session.store
    ticker = page.model.key_at(0)
    col = find_column(page.model, ("revenue", "2023A"))
    store.set_fact(ticker, "revenue", "2023A", -1_250_000_000.0, source="test", as_of="2024-12-27")
    page.model.reload()
    row = next(r for r in range(page.view.model().rowCount())
               if page.view.model().index(r, find_column(page.model, "ticker")).data() == ticker)
    _select(page.view, row, col)
    assert page.view.copy_selection() == "-12.5\r\n"


def test_paste_of_inert_text_into_a_name_stores_the_text_without_the_quote(window):
    page = window.companies_page
    store = window.session.store
    ticker = page.model.key_at(0)
    row = next(r for r in range(page.view.model().rowCount())
               if page.view.model().index(r, find_column(page.model, "ticker")).data() == ticker)
    _select(page.view, row, find_column(page.model, "name"))
    assert page.view.paste_text("'-ST 测试\r\n")
    assert store.db.execute("SELECT name FROM companies WHERE ticker = ?", [ticker]).fetchone()[0] == "-ST 测试"


# ---------------------------------------------------------------------- 4. read-only store
@pytest.fixture
def read_only_window(qtbot, demo_path, settings, confirmations, monkeypatch):
    """The main window on a store this user may not write (as in a read-only folder)."""
    import workbench.store.access as access
    from ui.main_window import MainWindow

    monkeypatch.setattr(access, "_writable", lambda path: False)
    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    assert w.open_store(demo_path)
    assert w.session.store.read_only
    return w


def test_read_only_store_opens_with_a_visible_mark(read_only_window):
    assert "只读" in read_only_window.windowTitle() and "read-only" in read_only_window.windowTitle()
    assert "只读" in read_only_window.read_only_label.text() and read_only_window.read_only_label.isVisible()


def test_writable_store_has_no_read_only_mark(window):
    assert "只读" not in window.windowTitle()
    assert not window.read_only_label.isVisible()


EDITING_ACTIONS = ("paste_action", "cut_action", "delete_action", "add_company_action", "import_action")


def test_read_only_store_disables_editing_actions(read_only_window):
    w = read_only_window
    for name in EDITING_ACTIONS:
        assert not getattr(w, name).isEnabled(), name
    assert w.copy_action.isEnabled() and w.export_action.isEnabled() and w.backup_action.isEnabled()


def test_writable_store_keeps_editing_actions(window):
    for name in EDITING_ACTIONS:
        assert getattr(window, name).isEnabled(), name


def test_read_only_store_refuses_a_cell_edit_with_a_message(read_only_window):
    page = read_only_window.companies_page
    store = read_only_window.session.store
    before = snapshot(store)
    refused = []
    page.model.refused.connect(lambda index, text: refused.append(text))
    index = page.model.index(0, find_column(page.model, "name"))
    assert page.model.setData(index, "新名称") is False
    assert refused and "只读" in refused[0] and "read-only" in refused[0]
    assert snapshot(store) == before


def test_read_only_store_refuses_a_paste_at_the_cell(read_only_window):
    page = read_only_window.companies_page
    before = snapshot(read_only_window.session.store)
    _select(page.view, 0, find_column(page.model, "name"))
    assert not page.view.paste_text("新名称\r\n")
    assert "数据文件只读" in page.view.last_refusal
    assert snapshot(read_only_window.session.store) == before


def test_sqlite_error_on_write_is_explained_not_a_traceback(window, monkeypatch):
    """A store that became read-only behind the app's back: the write fails with access.explain's text."""
    page = window.companies_page
    store = window.session.store
    before = snapshot(store)
    store.db.execute("PRAGMA query_only = ON")
    refused = []
    page.model.refused.connect(lambda index, text: refused.append(text))
    index = page.model.index(0, find_column(page.model, "name"))
    assert page.model.setData(index, "新名称") is False
    assert refused and "数据文件只读" in refused[0]
    assert snapshot(store) == before
    store.db.execute("PRAGMA query_only = OFF")


def test_read_only_store_still_exports_a_chart_and_a_backup(read_only_window, qtbot, tmp_path):
    target = tmp_path / "ro-copy.sqlite"
    with qtbot.waitSignal(read_only_window.backup_done, timeout=20000) as done:
        read_only_window.backup_store(str(target))
    assert Path(done.args[0]) == target


def test_read_only_store_still_exports_the_pdf_and_the_table(read_only_window, qtbot, tmp_path):
    pdf, xlsx = tmp_path / "weekly.pdf", tmp_path / "weekly.xlsx"
    with qtbot.waitSignal(read_only_window.export_done, timeout=60000) as done:
        assert read_only_window.export_pdf(out_path=str(pdf)) is not None
    assert not isinstance(done.args[0], Exception), done.args[0]
    assert pdf.read_bytes().startswith(b"%PDF")
    with qtbot.waitSignal(read_only_window.table_export_done, timeout=60000) as done:
        assert read_only_window.export_table_xlsx(out_path=str(xlsx)) is not None
    assert Path(done.args[0]) == xlsx and xlsx.read_bytes().startswith(b"PK")


def test_read_only_store_exports_a_chart(read_only_window, tmp_path):
    from ui.charts import ChartPanel
    from workbench.charts.build import dataset_bars_spec

    panel = ChartPanel()
    panel.store_path = read_only_window.session.path
    panel.show_spec(dataset_bars_spec(read_only_window.session.store, "cloud_vendors_cy2024q3"))
    panel.resize(640, 400)
    target = panel.export_png(tmp_path / "ro.png")
    assert target.read_bytes().startswith(b"\x89PNG")
    panel.deleteLater()


@pytest.mark.parametrize("error, words", [
    (sqlite3.OperationalError("database is locked"), "数据文件正被其他程序使用"),
    (sqlite3.OperationalError("disk I/O error"), "读写数据文件出错"),
])
def test_sqlite_error_in_a_background_task_is_explained_in_a_message_box(window, qtbot, tmp_path, monkeypatch,
                                                                        error, words):
    from workbench.store import Store

    def failing_backup(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(Store, "backup", failing_backup)
    with qtbot.waitSignal(window.backup_done, timeout=20000) as done:
        window.backup_store(str(tmp_path / "b.sqlite"))
    assert isinstance(done.args[0], Exception)
    box = window.last_message_box
    assert words in box.text() and str(window.session.path) in box.text()
    assert box.detailedText() == ""  # no traceback for the user
    box.close()


def _quote_row(page, name):
    from ui.models import QuoteTableModel

    return next(r for r in range(page.model.rowCount()) if page.model.value(r, QuoteTableModel.INDEX) == name)


def test_read_only_store_offers_no_benchmark_change_and_refuses_one(read_only_window):
    from ui.models import QuoteTableModel

    w = read_only_window
    store = w.session.store
    other = store.index("801080.SI")
    page = w.quotes_page
    w.tabs.setCurrentWidget(page)
    page.select_key(page.model.key_at(_quote_row(page, other["name"])), QuoteTableModel.INDEX)
    assert w._current_quote_index()["id"] == other["id"]
    assert not w.set_benchmark_action.isEnabled() and not w.merge_index_action.isEnabled()
    before = snapshot(store)
    assert w.set_benchmark(other["id"]) is False
    assert "只读" in w.last_message_box.text() and "read-only" not in w.last_message_box.text()  # Chinese UI
    w.last_message_box.close()
    assert snapshot(store) == before and store.benchmark()["code"] == "000300.SH"


def test_read_only_store_refuses_a_merge_of_indices(read_only_window):
    w = read_only_window
    store = w.session.store
    before = snapshot(store)
    drop, keep = store.index("801080.SI"), store.benchmark()
    assert w.merge_index(drop["id"], keep["id"]) is False
    assert "只读" in w.last_message_box.text()
    w.last_message_box.close()
    assert snapshot(store) == before


def test_read_only_store_offers_no_new_note(read_only_window):
    page = read_only_window.companies_page
    read_only_window.tabs.setCurrentWidget(page)
    _select(page.view, 0, 0)
    assert read_only_window.current_company() is not None
    assert not read_only_window.new_note_action.isEnabled()
    assert read_only_window.show_notes_action.isEnabled()  # reading notes stays possible


def test_read_only_store_opens_an_issue_read_only_in_the_editor(read_only_window):
    w = read_only_window
    store = w.session.store
    issue = store.issue("latest")
    assert issue.status == "draft"
    before = snapshot(store)
    editor = w.open_issue_editor(issue.id)
    assert editor.read_only and not editor.save_action.isEnabled() and not editor.submit_action.isEnabled()
    assert editor.save() is False
    assert editor.export_action.isEnabled()
    assert snapshot(store) == before
    editor.close()


def test_writable_store_opens_a_draft_for_editing(window):
    editor = window.open_issue_editor(window.session.store.issue("latest").id)
    assert not editor.read_only and editor.save_action.isEnabled()
    editor.close()


def test_read_only_store_refuses_an_import_from_anywhere(read_only_window, monkeypatch):
    """The welcome panel's Import button reaches import_files even with the action off."""
    import ui.dialogs.importing

    opened = []
    monkeypatch.setattr(ui.dialogs.importing, "ImportDialog", lambda *a, **k: opened.append(a) or 1 / 0)
    read_only_window.import_files(["quotes.csv"])
    assert opened == []
    assert "只读" in read_only_window.last_message_box.text()
    read_only_window.last_message_box.close()


def test_read_only_store_refuses_a_delete_at_the_cell(read_only_window):
    page = read_only_window.financials_page
    store = read_only_window.session.store
    before = snapshot(store)
    _select(page.view, 0, find_column(page.model, ("revenue", "2023A")))
    assert page.view.delete_selection() is False
    assert "数据文件只读" in page.view.last_refusal
    assert snapshot(store) == before
