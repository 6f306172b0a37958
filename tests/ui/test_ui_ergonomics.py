"""The app fits the analyst's day: no display, truthful states, keyboard, desk screens, preview."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]


def _run_without_display(tmp_path, *args, extra_env=None):
    """Start ``workbench`` with the environment cleared: no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM."""
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    env.update(extra_env or {})
    code = "import sys; from ui.launcher import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_no_display_says_so_before_creating_the_store(tmp_path):
    store = tmp_path / "new.sqlite"
    result = _run_without_display(tmp_path, "--db", str(store))
    assert result.returncode == 1
    assert "xvfb-run workbench" in result.stderr
    assert "no display" in result.stderr
    assert "Traceback" not in result.stderr
    assert not store.exists()
    assert "xcb" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_no_display_default_store_is_not_created(tmp_path):
    result = _run_without_display(tmp_path)
    assert result.returncode == 1
    assert "无显示" in result.stderr
    # the default store lives under XDG_DATA_HOME: nothing may be created there
    data = tmp_path / "home" / "data"
    assert list(data.rglob("*.sqlite")) == [] if data.exists() else not data.exists()
    assert "创建演示数据" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_headless_commands_still_run_without_display(tmp_path):
    result = _run_without_display(tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert "xvfb-run" not in result.stderr + result.stdout


def test_a_display_or_an_explicit_platform_lets_the_app_open():
    from ui.launcher import display_problem

    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None
    assert "xvfb-run workbench" in display_problem({"DISPLAY": ""}, "linux")


# ---------------------------------------------------------------------- states that tell the truth
class Answers:
    """Injectable confirm / ask-text answers, in order (the last one repeats)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def _finalise(editor, qtbot):
    assert editor.submit_for_review()
    with qtbot.waitSignal(editor.status_changed, timeout=60000):
        assert editor.finalise() is not None
    assert editor.issue.status == "final"


def test_after_finalising_the_preflight_panel_no_longer_says_not_ready(make_editor, qtbot):
    editor = make_editor()
    editor.risks_edit.clear()  # a blocker: the check says 尚不能发布
    editor.run_preflight()
    assert "尚不能发布" in editor.preflight_panel.summary.text()
    editor.reload()  # the stored risks are back
    _finalise(editor, qtbot)
    summary = editor.preflight_panel.summary.text()
    assert "尚不能发布" not in summary
    assert "已定稿" in summary
    assert editor.preflight_panel.list.count() == 0


def test_a_check_before_a_status_change_is_not_shown_as_current(make_editor):
    editor = make_editor()
    editor.risks_edit.clear()
    editor.run_preflight()
    assert [f.field for f in editor.preflight_panel.result.blockers] == ["risks"]
    editor.reload()
    assert editor.submit_for_review()  # the issue moved on: the old finding no longer stands
    summary = editor.preflight_panel.summary.text()
    assert "尚不能发布" not in summary
    assert editor.preflight_panel.result is None or not editor.preflight_panel.result.blockers


def test_a_failed_corrections_message_is_cleared_once_it_succeeds(make_editor, qtbot):
    editor = make_editor()
    _finalise(editor, qtbot)
    editor.ask_text = Answers("   ")  # no reason: refused
    assert not editor.correction()
    assert editor.error_label.isVisibleTo(editor)
    assert "原因" in editor.error_label.text()
    editor.ask_text = Answers("表格数据更正")
    assert editor.correction()
    assert editor.issue.status == "draft"
    assert not editor.error_label.isVisibleTo(editor)


def test_a_failed_submit_message_is_cleared_once_a_step_succeeds(make_editor, qtbot):
    editor = make_editor()
    editor.show_error("提交失败 (an earlier refusal)")
    assert editor.error_label.isVisibleTo(editor)
    assert editor.submit_for_review()
    assert not editor.error_label.isVisibleTo(editor)


def test_the_window_title_follows_the_headline_as_it_is_typed(window, qtbot):
    editor = window.open_issue_editor(1)
    editor.headline.selectAll()
    qtbot.keyClicks(editor.headline, "Weekly AI")
    assert editor.windowTitle().startswith("#1 Weekly AI *")
    qtbot.keyClicks(editor.headline, " chips")
    assert editor.windowTitle().startswith("#1 Weekly AI chips *")
    assert editor.title_label.text() == "Weekly AI chips"


def _add_index_without_a_quote_in_the_week(demo_path):
    from workbench.store import Store

    with Store(demo_path) as s:
        s.upsert_index("恒生科技指数")
        s.set_quote(s.index("恒生科技指数")["id"], "2024-12-13", 4500.0, 0.01)


def test_the_drafted_review_names_an_index_it_left_out(demo_path, make_editor):
    _add_index_without_a_quote_in_the_week(demo_path)
    editor = make_editor()
    item = editor.review_indices.findItems("恒生科技指数", Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Checked)
    assert editor.draft_market_review()
    assert "恒生科技指数本周无行情" in editor.market_review_edit.markup()
    assert editor.review_note.isVisibleTo(editor)
    assert "恒生科技指数" in editor.review_note.text()


def test_a_complete_drafted_review_shows_no_note(demo_path, make_editor):
    _add_index_without_a_quote_in_the_week(demo_path)
    editor = make_editor()
    item = editor.review_indices.findItems("恒生科技指数", Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Checked)
    assert editor.draft_market_review()
    assert editor.review_note.isVisibleTo(editor)
    item.setCheckState(Qt.CheckState.Unchecked)  # the demo's own indices all have the week's quotes
    assert editor.draft_market_review()
    assert not editor.review_note.isVisibleTo(editor)
    assert editor.review_note.text() == ""


# ---------------------------------------------------------------------- keyboard
def _shown(editor, qtbot):
    with qtbot.waitActive(editor):
        editor.show()
    return editor


@pytest.mark.parametrize("key, modifier", [(Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
                                           (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)])
def test_ctrl_w_and_esc_close_the_editor_after_the_save_prompt(make_editor, qtbot, key, modifier):
    answers = Answers("cancel", "discard")
    editor = _shown(make_editor(ask_save=answers), qtbot)
    editor.industry.setFocus()
    editor.industry.setText("半导体")
    assert editor.has_unsaved_changes()
    qtbot.keyClick(editor.industry, key, modifier)
    assert len(answers.asked) == 1  # the Save / Discard / Cancel prompt; Cancel keeps the editor
    assert editor.isVisible()
    qtbot.keyClick(editor.industry, key, modifier)
    assert len(answers.asked) == 2
    assert not editor.isVisible()


def test_ctrl_w_closes_an_unchanged_editor_without_asking(make_editor, qtbot):
    answers = Answers("cancel")
    editor = _shown(make_editor(ask_save=answers), qtbot)
    qtbot.keyClick(editor.headline, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert answers.asked == []
    assert not editor.isVisible()


def _active(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def test_esc_in_a_filter_box_clears_it(window, qtbot):
    page = window.financials_page
    window.tabs.setCurrentWidget(page)
    _active(window, qtbot)
    rows = page.proxy.rowCount()
    page.filter_edit.setFocus()
    qtbot.keyClicks(page.filter_edit, "688")
    assert page.proxy.rowCount() < rows
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Escape)
    assert page.filter_edit.text() == ""
    assert page.proxy.rowCount() == rows


def test_esc_in_the_notes_search_clears_it(window, qtbot):
    window.view_actions[4].trigger()  # the Notes tab, built when first shown
    _active(window, qtbot)
    window.notes_view.search.setFocus()
    qtbot.keyClicks(window.notes_view.search, "GPU")
    qtbot.keyClick(window.notes_view.search, Qt.Key.Key_Escape)
    assert window.notes_view.search.text() == ""


def test_deleting_a_single_value_asks_nothing_and_is_one_undo_step(window, confirmations):
    from tests.ui.ui_testing import find_column

    page = window.financials_page
    store = window.session.store
    window.tabs.setCurrentWidget(page)
    col = find_column(page.model, ("revenue", "2023A"))
    page.view.setCurrentIndex(page.proxy.index(0, col))
    page.view.selectionModel().select(page.proxy.index(0, col),
                                      page.view.selectionModel().SelectionFlag.ClearAndSelect)
    confirmations.answer = False  # a question would refuse the delete
    window.delete()
    assert confirmations.asked == []
    assert store.fact("300493.SZ", "revenue", "2023A") is None
    assert window.session.undo_stack.count() == 1
    window.undo_action.trigger()
    assert store.fact("300493.SZ", "revenue", "2023A") == pytest.approx(21.6e8)


def test_deleting_two_values_or_a_company_still_asks(window, confirmations):
    from tests.ui.ui_testing import find_column

    page = window.financials_page
    window.tabs.setCurrentWidget(page)
    col = find_column(page.model, ("revenue", "2023A"))
    sel = page.view.selectionModel()
    sel.select(page.proxy.index(0, col), sel.SelectionFlag.ClearAndSelect)
    sel.select(page.proxy.index(1, col), sel.SelectionFlag.Select)
    confirmations.answer = False
    window.delete()
    assert len(confirmations.asked) == 1
    assert window.session.store.fact("300493.SZ", "revenue", "2023A") == pytest.approx(21.6e8)
    companies = window.companies_page
    window.tabs.setCurrentWidget(companies)
    csel = companies.view.selectionModel()
    csel.select(companies.proxy.index(0, 1), csel.SelectionFlag.ClearAndSelect)
    window.delete()
    assert len(confirmations.asked) == 2
    assert window.session.store.counts()["companies"] == 66


ABOUT_BOXES = {"about_action", "about_qt_action"}


def _menu_actions(menu):
    for a in menu.actions():
        if a.isSeparator():
            continue
        if a.menu() is not None:
            continue  # a submenu (recent stores) lists files, not commands
        yield a


def test_every_menu_command_has_a_shortcut(window):
    about = {window.about_action, window.about_qt_action}
    missing = [a.text() for m in window.menuBar().actions() for a in _menu_actions(m.menu())
               if a not in about and a.shortcut().isEmpty()]
    assert missing == []


def test_menu_shortcuts_are_unique(window):
    keys = [a.shortcut().toString() for m in window.menuBar().actions() for a in _menu_actions(m.menu())
            if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert "Ctrl+Q" in keys and "Ctrl+," in keys


# ---------------------------------------------------------------------- desk screens
DESK_SCREENS = [(1280, 720), (1366, 768)]
FRAME = 100  # the title bar and a task bar take about this much of the screen's height


def _reachable(widget, window) -> bool:
    """Scrolled to (as a click on its tab and the scroll bar would), is ``widget`` on screen inside ``window``?"""
    from ui.common.geometry import reveal

    QApplication.processEvents()
    reveal(widget)
    QApplication.processEvents()
    visible = widget.visibleRegion().boundingRect()
    if visible.isEmpty() or visible.height() < min(widget.height(), 20):
        return False
    top_left = widget.mapTo(window, visible.topLeft())
    bottom_right = widget.mapTo(window, visible.bottomRight())
    return window.rect().contains(top_left) and window.rect().contains(bottom_right)


@pytest.mark.parametrize("width, height", DESK_SCREENS)
def test_the_editor_fits_a_desk_laptop_and_every_part_is_reachable(make_editor, qtbot, width, height):
    editor = make_editor()
    hint = editor.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height - FRAME, hint
    editor.resize(width, height - FRAME)
    editor.show()
    qtbot.waitExposed(editor)
    editor.tabs.setCurrentIndex(1)
    assert _reachable(editor.risks_edit, editor)  # 风险提示
    editor.tabs.setCurrentIndex(0)
    assert _reachable(editor.history, editor)  # the status log
    editor.side.setCurrentWidget(editor.notes_panel)
    assert _reachable(editor.notes_panel.insert_button, editor)  # 插入到章节
    editor.tabs.setCurrentIndex(3)
    assert _reachable(editor.table_editor, editor)


def test_a_jump_to_a_field_scrolls_it_into_view_on_a_short_screen(make_editor, qtbot):
    editor = make_editor()
    editor.resize(1280, 720 - FRAME)
    with qtbot.waitActive(editor):
        editor.show()
    assert editor.jump_to_field("risks")
    assert editor.risks_edit.hasFocus()
    assert _reachable(editor.risks_edit, editor)


@pytest.mark.parametrize("width, height", DESK_SCREENS)
def test_the_main_window_fits_a_desk_laptop(window, qtbot, width, height):
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height - FRAME, hint
    window.resize(width, height - FRAME)
    window.tabs.setCurrentWidget(window.financials_page)
    assert _reachable(window.financials_page.view, window)
    assert _reachable(window.financials_page.filter_edit, window)


def _dialogs(window):
    from ui.dialogs.small import SettingsDialog, UserGuideDialog
    from ui.dialogs.house import HouseDialog
    from ui.dialogs.importing import ImportDialog

    return {"settings": SettingsDialog(window.settings, window), "guide": UserGuideDialog(window),
            "house": HouseDialog(window.session.store, window), "import": ImportDialog(window.session, window)}


@pytest.mark.parametrize("width, height", DESK_SCREENS)
def test_every_dialog_fits_a_desk_laptop(window, qtbot, width, height):
    for name, dialog in _dialogs(window).items():
        hint = dialog.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height - FRAME, (name, hint)
        dialog.deleteLater()


def test_the_settings_dialog_reads_its_note_on_one_line(window, qtbot):
    from PySide6.QtWidgets import QLabel

    from ui.dialogs.small import SettingsDialog

    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    note = next(label for label in dialog.findChildren(QLabel) if label.wordWrap())
    line = note.fontMetrics()
    assert note.width() >= line.horizontalAdvance(note.text())  # no wrapping
    assert note.height() < 2 * line.lineSpacing()
    assert dialog.width() >= 320  # room for the language names and the buttons, not a 200 px box


def test_the_editor_reopens_at_the_size_it_was_closed_at(window, qtbot):
    editor = window.open_issue_editor(1)
    editor.resize(700, 510)
    editor.close()
    qtbot.waitUntil(lambda: 1 not in window.editors, timeout=5000)
    again = window.open_issue_editor(1)
    assert (again.width(), again.height()) == (700, 510)


def test_a_dialog_reopens_at_the_size_it_was_closed_at(window, qtbot):
    from ui.dialogs.house import HouseDialog

    first = HouseDialog(window.session.store, window)
    first.show()
    first.resize(700, 500)
    first.reject()
    second = HouseDialog(window.session.store, window)
    assert (second.width(), second.height()) == (700, 500)
    second.deleteLater()


def test_a_first_window_is_no_larger_than_the_screen(qtbot):
    from PySide6.QtWidgets import QWidget

    from ui.common.geometry import fit_to_screen, frame_margins

    widget = QWidget()
    qtbot.addWidget(widget)
    area = widget.screen().availableGeometry()
    fit_to_screen(widget, area.width() + 500, area.height() + 300)
    m = frame_margins(widget)  # the window with its title bar and borders fits the available area
    assert widget.width() + m.left() + m.right() <= area.width()
    assert widget.height() + m.top() + m.bottom() <= area.height()
    assert widget.height() >= area.height() // 2  # still as large as the screen allows, not collapsed
    fit_to_screen(widget, 640, 480)  # smaller than the screen: kept as asked
    assert (widget.width(), widget.height()) == (640, 480)


# ---------------------------------------------------------------------- live preview
@pytest.fixture
def previewing(make_editor, qtbot):
    """An editor on screen with its Preview tab showing, rendered once."""
    editor = make_editor()
    editor.resize(1280, 700)
    editor.side.setCurrentWidget(editor.preview)
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        editor.show()  # the tab shown renders it: no click
    assert not editor.preview.is_rendering()
    return editor


def test_a_pause_in_typing_renders_the_preview_without_a_click(previewing, qtbot):
    preview = previewing.preview
    assert not preview.stale_label.isVisible()
    previewing.industry.setText("半导体")
    assert preview.is_stale()
    assert preview.stale_label.isVisible()  # the old pages are marked as out of date at once
    assert "过期" in preview.stale_label.text()
    assert not preview.is_rendering()  # not while the user is still typing
    with qtbot.waitSignal(preview.rendered, timeout=60000):
        pass  # no refresh pressed: the pause starts it
    assert not preview.is_stale()
    assert not preview.stale_label.isVisible()


def test_each_keystroke_restarts_the_pause(previewing, qtbot):
    preview = previewing.preview
    previewing.industry.setText("半")
    first = preview.live_timer.remainingTime()
    qtbot.wait(300)
    previewing.industry.setText("半导")
    assert preview.live_timer.isActive()
    assert preview.live_timer.remainingTime() > first - 150  # restarted, not counting down from the first key
    assert not preview.is_rendering()


def test_a_change_made_while_rendering_keeps_the_preview_stale(previewing, qtbot):
    preview = previewing.preview
    previewing.industry.setText("半导体")
    with qtbot.waitSignal(preview.render_started, timeout=10000):
        pass
    previewing.industry.setText("半导体设备")  # typed while the worker renders the older text
    with qtbot.waitSignal(preview.rendered, timeout=60000):
        pass
    assert preview.is_stale() and preview.stale_label.isVisible()
    with qtbot.waitSignal(preview.rendered, timeout=60000):
        pass  # the newer text gets its own render
    assert not preview.is_stale()


def test_the_preview_keeps_its_scroll_position(previewing, qtbot):
    preview = previewing.preview
    bar = preview.scroll.verticalScrollBar()
    assert bar.maximum() > 1000
    bar.setValue(900)
    previewing.industry.setText("半导体")
    with qtbot.waitSignal(preview.rendered, timeout=60000):
        pass
    QApplication.processEvents()
    assert bar.value() == 900


# ---------------------------------------------------------------------- validation where the eye is
def _revenue_cell(window):
    from tests.ui.ui_testing import find_column

    page = window.financials_page
    window.tabs.setCurrentWidget(page)
    col = find_column(page.model, ("revenue", "2023A"))
    return page, page.proxy.index(0, col)


def test_a_negative_revenue_asks_before_it_is_stored(window, confirmations):
    from tests.ui.ui_testing import snapshot

    page, index = _revenue_cell(window)
    store = window.session.store
    before = snapshot(store)
    confirmations.answer = False
    assert not page.proxy.setData(index, "-3.5")
    assert len(confirmations.asked) == 1
    assert "营业收入为负" in confirmations.asked[0] and "润欣科技 2023 -3.5 亿元" in confirmations.asked[0]
    assert snapshot(store) == before
    assert window.session.undo_stack.count() == 0
    confirmations.answer = True
    assert page.proxy.setData(index, "-3.5")
    assert store.fact("300493.SZ", "revenue", "2023A") == pytest.approx(-3.5e8)
    assert window.session.undo_stack.count() == 1


def test_a_positive_revenue_or_a_loss_is_stored_without_a_question(window, confirmations):
    from tests.ui.ui_testing import find_column

    page, index = _revenue_cell(window)
    assert page.proxy.setData(index, "35.5")
    profit = page.proxy.index(0, find_column(page.model, ("net_profit", "2023A")))
    assert page.proxy.setData(profit, "-1.2")  # a loss is ordinary
    assert confirmations.asked == []
    store = window.session.store
    assert store.fact("300493.SZ", "revenue", "2023A") == pytest.approx(35.5e8)
    assert store.fact("300493.SZ", "net_profit", "2023A") == pytest.approx(-1.2e8)


def test_a_paste_with_a_negative_revenue_asks_once_and_no_keeps_the_store(window, confirmations):
    from tests.ui.ui_testing import snapshot

    page, index = _revenue_cell(window)
    store = window.session.store
    before = snapshot(store)
    page.view.setCurrentIndex(index)
    page.view.selectionModel().select(index, page.view.selectionModel().SelectionFlag.ClearAndSelect)
    confirmations.answer = False
    assert not page.view.paste_text("30.5\n-2\n20\n")
    assert len(confirmations.asked) == 1
    assert "乐鑫科技 2023 -2.0 亿元" in confirmations.asked[0]
    assert snapshot(store) == before
    confirmations.answer = True
    assert page.view.paste_text("30.5\n-2\n20\n")
    assert len(confirmations.asked) == 2
    assert store.fact("300493.SZ", "revenue", "2023A") == pytest.approx(30.5e8)


# ---------------------------------------------------------------------- the import dialog
LONG_CSV = ("ticker,name,period,metric,value\n"
            "300493.SZ,润欣科技,2023A,revenue,2500000000\n"
            "300493.SZ,润欣科技,2024E,pe,66.6\n")


def _import_dialog(qtbot, session, paths):
    from ui.dialogs.importing import ImportDialog

    dialog = ImportDialog(session, None, paths=[str(p) for p in paths])
    qtbot.addWidget(dialog)
    return dialog


def test_the_as_of_date_set_in_the_dialog_is_stored_with_the_figures(qtbot, session, tmp_path):
    from PySide6.QtCore import QDate

    path = tmp_path / "long.csv"
    path.write_text(LONG_CSV, encoding="utf-8")
    dialog = _import_dialog(qtbot, session, [path])
    assert not dialog.as_of_edit.isEnabled()  # off by default: the file's own date (or none) is used
    dialog.as_of_check.setChecked(True)
    dialog.as_of_edit.setDate(QDate(2024, 11, 29))
    asked = []
    dialog.answers.ask_older = lambda parent, problems: asked.append(len(problems)) or True  # older than the demo's
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    assert session.store.fact_row("300493.SZ", "revenue", "2023A")["as_of"] == "2024-11-29"
    assert session.store.fact_row("300493.SZ", "pe", "2024E")["as_of"] == "2024-11-29"
    assert asked  # the demo holds these figures as of a later date: the dialog asked first


def test_without_the_as_of_box_the_file_date_is_kept(qtbot, session, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(LONG_CSV, encoding="utf-8")
    dialog = _import_dialog(qtbot, session, [path])
    from PySide6.QtCore import QDate

    dialog.as_of_edit.setDate(QDate(2024, 11, 29))  # changed, but the box is not ticked
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    stored = session.store.fact_row("300493.SZ", "revenue", "2023A")["as_of"]
    assert stored != "2024-11-29"
    assert stored == date.today().isoformat()  # as the command line without --as-of: the day of the import


def _conflict_csv(tmp_path):
    path = tmp_path / "conflict.csv"
    path.write_text("ticker,name,period,metric,value\n"
                    "600519.SH,贵州茅台,2023A,revenue,150560000000\n"
                    "300493.SZ,润欣科技,2023A,revenue,2500000000\n"
                    "600519.SH,贵州茅台,2023A,revenue,99990000000\n", encoding="utf-8")
    return path


def _check_and_wait(dialog, qtbot):
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        dialog.start_import(dry_run=True)


def test_a_conflict_is_shown_in_display_units(qtbot, session, tmp_path):
    dialog = _import_dialog(qtbot, session, [_conflict_csv(tmp_path)])
    _check_and_wait(dialog, qtbot)
    texts = [dialog.problem_list.topLevelItem(i).text(3) for i in range(dialog.problem_list.topLevelItemCount())]
    conflict = next(t for t in texts if "同一公司、指标、报告期有不同数值" in t)
    assert "1505.6 亿元" in conflict and "999.9 亿元" in conflict
    assert "e+" not in conflict
    assert "营业收入" in conflict


def test_a_long_problem_is_readable_in_full_and_jumps_to_its_row(qtbot, session, tmp_path):
    dialog = _import_dialog(qtbot, session, [_conflict_csv(tmp_path)])
    _check_and_wait(dialog, qtbot)
    item = next(dialog.problem_list.topLevelItem(i) for i in range(dialog.problem_list.topLevelItemCount())
                if "同一公司、指标、报告期有不同数值" in dialog.problem_list.topLevelItem(i).text(3))
    assert item.toolTip(3) == item.text(3)  # the whole text on hover
    dialog.problem_list.setCurrentItem(item)
    assert item.text(3) in dialog.problem_details.toPlainText()  # and in the details pane, wrapped
    assert "conflict.csv" in dialog.problem_details.toPlainText()
    dialog.problem_list.itemActivated.emit(item, 3)
    current = dialog.preview_view.currentIndex()
    assert current.isValid()
    assert dialog.preview_model.headerData(current.row(), Qt.Orientation.Vertical) == "4"  # the file's row 4


def test_a_problem_in_another_file_switches_the_preview_to_it(qtbot, session, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(LONG_CSV, encoding="utf-8")
    dialog = _import_dialog(qtbot, session, [_conflict_csv(tmp_path), good])
    dialog.file_list.setCurrentRow(1)
    _check_and_wait(dialog, qtbot)
    item = next(dialog.problem_list.topLevelItem(i) for i in range(dialog.problem_list.topLevelItemCount())
                if dialog.problem_list.topLevelItem(i).text(0) == "conflict.csv")
    dialog.problem_list.itemActivated.emit(item, 0)
    assert dialog.file_list.currentRow() == 0
    assert dialog.preview_model.headerData(dialog.preview_view.currentIndex().row(), Qt.Orientation.Vertical) == "4"


def test_a_truncated_utf8_file_is_reported_as_truncated(qtbot, session, tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes(LONG_CSV.encode("utf-8") + "300494.SZ,盛科".encode("utf-8")[:-1])
    dialog = _import_dialog(qtbot, session, [path])
    texts = " ".join(dialog.problem_list.topLevelItem(i).text(3)
                     for i in range(dialog.problem_list.topLevelItemCount()))
    assert "截断" in texts and "truncated" in texts
    assert "无法识别文件编码" not in texts


# ---------------------------------------------------------------------- Chinese throughout
def test_message_box_buttons_are_chinese_when_the_ui_is(qtbot):
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "t", "q",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {b: box.button(b).text().replace("&", "") for b in (QMessageBox.StandardButton.Yes,
                                                               QMessageBox.StandardButton.No,
                                                               QMessageBox.StandardButton.Cancel)}
    assert texts[QMessageBox.StandardButton.Yes].startswith("是")
    assert texts[QMessageBox.StandardButton.No].startswith("否")
    assert texts[QMessageBox.StandardButton.Cancel].startswith("取消")


def test_qt_file_dialog_speaks_chinese_when_the_ui_is(qtbot):
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(None, "打开")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "文件名" in labels or "文件类型" in labels, labels


def test_english_ui_drops_qt_s_chinese(qtbot):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.common.i18n import CHINESE, ENGLISH, install_translations

    app = QApplication.instance()
    try:
        install_translations(app, ENGLISH)
        box = QMessageBox(QMessageBox.Icon.Question, "t", "q", QMessageBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QMessageBox.StandardButton.Cancel).text().replace("&", "") == "Cancel"
    finally:
        install_translations(app, CHINESE)


# ---------------------------------------------------------------------- first start
def test_a_first_start_shows_the_welcome_panel_with_the_guide_and_import(window, qtbot):
    panel = window.welcome_panel
    assert panel.isVisible()
    text = panel.text_label.text()
    assert "每周" in text and "导入" in text and "定稿" in text
    assert panel.guide_button.defaultAction() is window.guide_action
    assert panel.import_button.defaultAction() is window.import_action


def test_dismissing_the_welcome_panel_is_remembered(window, qtbot, settings, confirmations):
    from ui.main_window import MainWindow

    qtbot.mouseClick(window.welcome_panel.close_button, Qt.MouseButton.LeftButton)
    assert not window.welcome_panel.isVisible()
    again = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(again)
    again.show()
    assert not again.welcome_panel.isVisible()
    again.show_welcome_action.trigger()  # Help → Welcome brings it back
    assert again.welcome_panel.isVisible()


def test_the_demo_store_is_marked_as_the_demo(window):
    assert window.demo_label.isVisible()
    assert "演示" in window.demo_label.text()
    assert "演示" in window.windowTitle()


def test_an_own_store_is_not_marked_as_the_demo(window, tmp_path, qtbot):
    assert window.open_store(tmp_path / "mine.sqlite")
    assert not window.demo_label.isVisible()
    assert "演示" not in window.windowTitle()


def test_the_demo_mark_goes_once_own_data_is_imported(window, tmp_path, qtbot):
    from ui.dialogs.importing import ImportDialog

    path = tmp_path / "long.csv"
    path.write_text(LONG_CSV, encoding="utf-8")
    dialog = ImportDialog(window.session, window, paths=[str(path)])
    qtbot.addWidget(dialog)
    dialog.imported.connect(window._on_import_dialog_imported)
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    qtbot.waitUntil(lambda: not window.demo_label.isVisible(), timeout=5000)


def test_every_editor_command_has_a_shortcut_shown_in_its_tooltip(make_editor):
    editor = make_editor()
    actions = [a for a in editor.toolbar.actions() if not a.isSeparator()]
    assert len(actions) == 8
    for action in actions:
        assert not action.shortcut().isEmpty(), action.text()
        assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in action.toolTip(), action.text()
    keys = [a.shortcut().toString() for a in actions]
    assert len(set(keys)) == len(keys)
    assert editor.save_action.shortcut().toString() == "Ctrl+S"


def test_f7_runs_the_preflight_in_the_editor(make_editor, qtbot):
    editor = _shown(make_editor(), qtbot)
    editor.risks_edit.clear()
    qtbot.keyClick(editor.headline, Qt.Key.Key_F7)
    assert editor.preflight_panel.result is not None
    assert [f.field for f in editor.preflight_panel.result.blockers] == ["risks"]


def test_a_status_change_marks_the_rendered_preview_stale_and_renders_it_again(previewing, qtbot):
    preview = previewing.preview
    assert not preview.is_stale()
    assert previewing.submit_for_review()  # the printed status changes with it
    assert preview.is_stale() and preview.stale_label.isVisible()
    with qtbot.waitSignal(preview.rendered, timeout=60000):
        pass
    assert not preview.is_stale()


def test_a_blank_user_name_in_the_settings_falls_back_to_the_system_user(settings):
    import getpass

    from ui.common.companies import USER_SETTING, current_user

    settings.setValue(USER_SETTING, "   ")
    assert current_user(settings) == getpass.getuser()
    settings.setValue(USER_SETTING, "  林思远 ")
    assert current_user(settings) == "林思远"
