"""The main window on the demo store: views, menus, shortcuts, status bar, title, settings, start-up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from ui_testing import find_column

from ui.common.i18n import for_ui


def test_window_opens_on_the_demo_store(window):
    store = window.session.store
    counts = store.counts()
    assert window.companies_page.model.rowCount() == counts["companies"] == 66
    assert window.financials_page.model.rowCount() == 66
    assert window.quotes_page.model.rowCount() == counts["quotes"]
    assert window.issues_page.list_page.model.rowCount() == counts["issues"] == 1
    assert window.financials_page.proxy.rowCount() == 66
    assert "66" in window.counts_label.text() and f"{counts['facts']:,}" in window.counts_label.text()
    assert window.path_label.text() == str(store.path)
    assert window.windowTitle().startswith("demo.sqlite[*]")
    assert not window.isWindowModified()
    assert [window.tabs.tabText(i) for i in range(4)] == ["公司", "财务对比", "指数行情", "周报"]


def test_modified_marker_follows_the_undo_stack(window):
    model = window.financials_page.model
    col = find_column(model, ("pe", "2024E"))
    assert model.setData(model.index(0, col), "50")
    assert window.isWindowModified()
    assert window.saved_label.text().startswith("已保存")
    window.undo_action.trigger()
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert window.isWindowModified()


def test_menus_and_standard_shortcuts(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
    K = QKeySequence.StandardKey
    for action, key in ((window.undo_action, K.Undo), (window.redo_action, K.Redo), (window.copy_action, K.Copy),
                        (window.paste_action, K.Paste), (window.find_action, K.Find), (window.cut_action, K.Cut),
                        (window.open_action, K.Open), (window.new_action, K.New)):
        assert action.shortcut() == QKeySequence(key)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator() and a.isVisible()]
    assert texts == ["新建数据库(&N)…", "打开数据库(&O)…", "最近的数据库(&S)", "新建下周周报(&W)", "新建周报(&U)…", "导入(&I)…",
                     "导出 PDF(&E)…", "导出发布记录(&R)…", "备份数据(&B)…", "从备份恢复(&T)…", "连接团队服务器(&D)…", "退出(&Q)"]
    window.recent_menu.aboutToShow.emit()
    assert str(window.session.path) in [a.text() for a in window.recent_menu.actions()]
    assert window.toolbar.actions()


def test_find_focuses_the_filter(window, qtbot):
    window.tabs.setCurrentWidget(window.financials_page)
    window.activateWindow()
    window.find_action.trigger()
    assert window.financials_page.filter_edit.hasFocus() or \
        QApplication.focusWidget() is window.financials_page.filter_edit


def test_views_switch_with_view_menu(window):
    window.view_actions[2].trigger()
    assert window.tabs.currentWidget() is window.quotes_page
    window.view_actions[3].trigger()
    assert window.tabs.currentWidget() is window.issues_page


def test_issue_is_shown_read_only(window):
    page = window.issues_page
    text = page.reader.toPlainText()
    issue = window.session.store.issue("latest")
    assert issue.headline in text
    assert "2024-12-23" in text and "草稿" in text
    assert "市场回顾" in text and "投资建议" in text and "风险提示" in text
    assert "恒玄科技" in text  # the theme's stocks by name
    assert page.reader.isReadOnly()
    window.tabs.setCurrentWidget(page)
    page.view.setFocus()
    window.paste()
    assert "只读" in window.statusBar().currentMessage()


def test_open_a_bad_file_keeps_the_current_store(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a))
    bad = tmp_path / "not-a-store.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    before = window.session.path
    assert not window.open_store(bad)
    assert shown and window.session.path == before
    text = shown[0][2]  # the Chinese UI shows the core's message without its English gloss
    assert str(bad) in text and "不是工作台数据文件" in text and "(not a workbench store)" not in text


def test_open_another_store(window, tmp_path):
    new = tmp_path / "new.sqlite"
    assert window.open_store(new)
    assert window.companies_page.model.rowCount() == 0
    assert window.windowTitle().startswith("new.sqlite")
    assert window.recent_stores()[0] == str(new)


def test_all_metric_columns_toggle(window, qtbot):
    model = window.financials_page.model
    window.all_columns_action.trigger()
    qtbot.waitUntil(lambda: not model.every_column_pending)
    with sqlite3.connect(window.session.path) as con:  # every (metric, period) the store holds a fact for
        held = set(con.execute("SELECT DISTINCT metric, period FROM facts").fetchall())
    assert set(model.fact_columns()) == held
    window.all_columns_action.trigger()
    assert model.columnCount() == 14


def test_geometry_and_column_widths_are_remembered(qtbot, window, settings, demo_path):
    from ui.main_window import MainWindow

    window.financials_page.view.horizontalHeader().resizeSection(1, 150)
    window.close()
    assert settings.value("window/geometry") is not None
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    again.open_store(demo_path)
    assert again.financials_page.view.horizontalHeader().sectionSize(1) == 150


def test_settings_dialog_stores_the_language(window, qtbot):
    from ui.dialogs.small import SettingsDialog

    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert window.settings.value("ui/language") == "en"


def test_about_shows_version_and_font_licence(window, qtbot):
    from ui.dialogs.small import AboutDialog
    from workbench import __version__

    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert __version__ in text and "WenQuanYi" in text and "Apache" in text


def test_bundled_font_is_the_app_font():
    assert QApplication.font().family() == "WenQuanYi Micro Hei"


def test_show_main_window_opens_the_store_after_first_paint(qtbot, demo_path):
    from ui.app import create_application, show_main_window

    app = create_application([])
    assert app is QApplication.instance()
    w = show_main_window(demo_path)
    qtbot.addWidget(w)
    assert w.session is None  # the window is up before the store is opened
    with qtbot.waitSignal(w.store_opened, timeout=10000):
        pass
    assert w.companies_page.model.rowCount() == 66
    with qtbot.waitSignal(w.charts_ready, timeout=20000):
        pass
    assert w.charts is not None and w.charts.market.spec is not None


def test_export_pdf_on_a_worker(window, qtbot, tmp_path):
    import hashlib

    from pypdf import PdfReader

    from workbench.report import ExportResult

    out = tmp_path / "issue.pdf"
    with qtbot.waitSignal(window.export_done, timeout=60000) as blocker:
        window.export_pdf(out_path=str(out))
    result = blocker.args[0]
    assert isinstance(result, ExportResult), result  # the demo issue exports (with warnings only)
    assert Path(result.path) == out
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.pages == len(PdfReader(str(out)).pages) >= 3
    assert str(out) in window.last_message_box.text()
    assert result.sha256 in window.last_message_box.informativeText()


def test_blocked_export_shows_the_blocker_and_keeps_the_earlier_file(window, qtbot, tmp_path):
    from workbench.report import PreflightFailed

    window.session.store.update_house(disclaimer="")
    out = tmp_path / "issue.pdf"
    out.write_bytes(b"earlier export")
    with qtbot.waitSignal(window.export_done, timeout=60000) as blocker:
        window.export_pdf(out_path=str(out))
    result = blocker.args[0]
    assert isinstance(result, PreflightFailed), result
    assert [f.field for f in result.blockers] == ["house.disclaimer"]
    assert window.last_message_box.text() == for_ui(result.message)  # the core's message, in the UI's language
    assert out.read_bytes() == b"earlier export"
    assert sorted(p.name for p in tmp_path.iterdir() if "issue" in p.name) == ["issue.pdf"]  # no temporary file


def test_run_entry_point_in_a_process(demo_path, tmp_path):
    """ui.app.run(db_path) starts the app, opens the store, draws the charts and exits cleanly."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import ui.app as app_module\n"
        "show = app_module.show_main_window\n"
        "def show_and_quit(path):\n"
        "    w = show(path)\n"
        "    w.charts_ready.connect(lambda: (print('rows', w.companies_page.model.rowCount(),"
        " QApplication.font().family(), w.windowTitle()), QTimer.singleShot(0, w.close)))\n"
        "    return w\n"
        "app_module.show_main_window = show_and_quit\n"
        "sys.exit(app_module.run(Path(sys.argv[1])))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", script, str(demo_path)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "rows 66 WenQuanYi Micro Hei demo.sqlite" in done.stdout


def test_issue_editor_opens_from_the_issues_view(window, qtbot):
    window.tabs.setCurrentWidget(window.issues_page)
    with qtbot.waitSignal(window.issues_page.edit_requested, timeout=2000) as blocker:
        window.issues_page.edit_button.click()
    editor = window.editors[blocker.args[0]]
    qtbot.addWidget(editor)
    assert editor.isVisible() and editor.isWindow()
    assert window.open_issue_editor(blocker.args[0]) is editor  # one window per issue


def test_notes_tab_is_built_when_first_shown(window, demo_path, tmp_path):
    assert window.notes_view is None
    window.view_actions[4].trigger()
    assert window.tabs.currentIndex() == 4 and window.notes_view is not None
    assert window.tabs.currentWidget() is window.notes_view
    assert window.notes_view.model.rowCount() == window.session.store.counts()["notes"]
    assert window.open_store(tmp_path / "other.sqlite")  # a new store gets a new notes view
    assert window.tabs.currentWidget() is window.notes_view
    assert window.notes_view.model.rowCount() == 0
