"""The drafting workflow from the main window: issue search and status filter, new issue from last week,
notes from a company row, the editor's signals, comparing with the previous week, exporting a final issue."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

import ui.issue_editor  # noqa: F401  (a broken import fails the module, never skips it)
from ui.common.i18n import for_ui


def type_text(widget, text: str) -> None:
    """Type ``text`` as an input method commits it (keyClicks cannot send Chinese)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def search(qtbot, page, text: str) -> None:
    """Replace the Issues view's search text, waiting for the list to be re-read from the store."""
    model = page.list_page.model
    if page.list_page.filter_edit.text():
        with qtbot.waitSignal(model.modelReset, timeout=2000):
            page.list_page.filter_edit.clear()
    with qtbot.waitSignal(model.modelReset, timeout=2000):
        type_text(page.list_page.filter_edit, text)


def listed(page) -> list[int]:
    proxy = page.list_page.proxy
    return [page.list_page.model.key_at(proxy.mapToSource(proxy.index(r, 0)).row()) for r in range(proxy.rowCount())]


def add_next_week(window) -> int:
    """Copy the demo issue forward a week through the core, and show it in the list."""
    from workbench.drafting.lifecycle import copy_forward

    new = copy_forward(window.session.store, 1, by="编辑")
    window.issues_page.refresh()
    return new.id


@pytest.fixture
def issues(window):
    window.tabs.setCurrentWidget(window.issues_page)
    return window.issues_page


def open_editor(window, qtbot, issue_id):
    editor = window.open_issue_editor(issue_id)
    qtbot.addWidget(editor)
    return editor


# ---------------------------------------------------------------------- the Issues view
def test_issue_list_shows_series_period_headline_status_and_last_change(issues, qtmodeltester):
    model = issues.list_page.model
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["期号", "系列", "标题", "报告期", "发布日期", "状态", "版本", "最后修改"]
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1:6] == ["先进科技主题周报", "周观点：小米加码万卡算力，端侧 AI 与硬件创新接力", "2024-12-23 – 2024-12-29",
                        "2025-01-03", "草稿"]
    assert [issues.status_combo.itemText(i) for i in range(issues.status_combo.count())] == \
        ["全部", "草稿", "审核中", "已定稿"]


def test_search_finds_the_demo_issue_by_a_phrase_of_its_text(issues, qtbot):
    search(qtbot, issues, "万卡")  # two characters: matched in the issue's text
    assert listed(issues) == [1]
    search(qtbot, issues, "人车家全生态")  # 3+ characters: FTS5, a phrase of the views only
    assert "人车家全生态" not in " ".join(str(issues.list_page.model.value(0, c))
                                       for c in range(issues.list_page.model.columnCount()))
    assert listed(issues) == [1]
    assert issues.reader.toPlainText().startswith("周观点：小米加码万卡算力")
    search(qtbot, issues, "量子隧穿效应")
    assert listed(issues) == []
    assert "没有符合" in issues.reader.toPlainText()
    assert issues.list_page.count_label.text() == "0 / 1 行"
    assert not issues.edit_button.isEnabled() and not issues.export_button.isEnabled()
    with qtbot.waitSignal(issues.list_page.model.modelReset, timeout=2000):
        issues.list_page.filter_edit.clear()
    assert listed(issues) == [1] and issues.edit_button.isEnabled()


def test_status_filter_hides_and_shows_issues(window, issues, qtbot):
    from workbench.drafting.lifecycle import change_status

    second = add_next_week(window)
    change_status(window.session.store, 1, "review", by="tester")
    issues.refresh()
    assert listed(issues) == [second, 1]
    for status, expected in (("review", [1]), ("draft", [second]), ("final", []), (None, [second, 1])):
        with qtbot.waitSignal(issues.list_page.model.modelReset, timeout=2000):
            issues.status_combo.setCurrentIndex(issues.status_combo.findData(status) if status else 0)
        assert listed(issues) == expected, status
    with qtbot.waitSignal(issues.list_page.model.modelReset, timeout=2000):
        issues.status_combo.setCurrentIndex(issues.status_combo.findData("draft"))
    search(qtbot, issues, "万卡")  # search and status together
    assert listed(issues) == [second]
    assert issues.list_page.model.index(0, 5).data() == "草稿"


def test_double_click_opens_the_issue_in_the_editor(window, issues, qtbot):
    view = issues.view
    rect = view.visualRect(issues.list_page.proxy.index(0, 2))
    with qtbot.waitSignal(issues.edit_requested, timeout=2000):
        # a real double-click: press and release, then the second press arrives as a double-click
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = window.editors[1]
    qtbot.addWidget(editor)
    assert editor.isVisible() and editor.issue_id == 1
    assert editor.windowTitle() == "#1 小米加码万卡算力，端侧 AI 与硬件创新接力 — 分析师工作台"
    view.setFocus()
    with qtbot.waitSignal(issues.edit_requested, timeout=2000) as again:  # Enter on the row too
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert again.args == [1] and window.editors[1] is editor  # one window per issue


def test_issue_list_context_menu_offers_the_issue_commands(issues):
    rect = issues.view.visualRect(issues.list_page.proxy.index(0, 2))
    menu = issues.list_page.context_menu(rect.center())
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["编辑周报(&E)…", "与上周比较(&P)…", "导出 PDF(&X)…", "导出对比表 Excel(&T)…", "导出发布记录(&R)…", "新建下周周报(&N)"]
    menu.deleteLater()


# ---------------------------------------------------------------------- new issue from last week
def test_new_issue_from_last_week_creates_the_draft_and_opens_it(window, issues, qtbot):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.new_issue_action in file_menu.actions()
    assert window.new_issue_action in window.toolbar.actions()
    search(qtbot, issues, "量子隧穿效应")  # a search that would hide the new draft
    window.tabs.setCurrentWidget(window.companies_page)
    with qtbot.waitSignal(window.issue_created, timeout=10000) as created:
        issues.new_button.click()  # the Issues view's button
    new_id = created.args[0]
    editor = window.editors[new_id]
    qtbot.addWidget(editor)
    issue = window.session.store.issue(new_id)
    assert (issue.period_start, issue.period_end, issue.status) == ("2024-12-30", "2025-01-05", "draft")
    assert editor.isVisible() and editor.issue_id == new_id
    assert (editor.period_start.date().toString("yyyy-MM-dd"),
            editor.period_end.date().toString("yyyy-MM-dd")) == ("2024-12-30", "2025-01-05")
    assert editor.related_editor.values()[0].issue_id == 1
    assert window.tabs.currentWidget() is issues and issues.list_page.filter_edit.text() == ""
    assert listed(issues) == [new_id, 1] and issues.current_issue_id() == new_id
    assert "周报 2" in window.counts_label.text()
    assert "2024-12-30" in window.statusBar().currentMessage()
    from ui.notes_view import current_user

    assert editor.history.topLevelItem(0).text(1) == current_user()
    assert editor.history.topLevelItem(0).text(4) == "由第 1 期复制"  # the Chinese UI drops the English gloss


def test_new_issue_action_in_the_file_menu(window, qtbot):
    with qtbot.waitSignal(window.issue_created, timeout=10000) as created:
        window.new_issue_action.trigger()
    qtbot.addWidget(window.editors[created.args[0]])
    assert window.issues_page.current_issue_id() == created.args[0] == 2


def test_new_issue_is_disabled_in_a_store_without_issues(window, tmp_path):
    assert window.new_issue_action.isEnabled()
    assert window.open_store(tmp_path / "empty.sqlite")
    assert not window.new_issue_action.isEnabled()
    assert not window.issues_page.new_button.isEnabled()


# ---------------------------------------------------------------------- notes from a company row
def test_show_notes_from_a_companies_row_filters_the_notes_by_that_company(window, qtbot):
    store = window.session.store
    ticker = "688608.SH"
    expected = store.notes(ticker=ticker)
    assert expected and len(expected) < store.counts()["notes"]
    window.tabs.setCurrentWidget(window.companies_page)
    page = window.companies_page
    index = page.proxy.mapFromSource(page.model.index(page.model.row_of(ticker), 1))
    menu = page.context_menu(page.view.visualRect(index).center())  # the right-click makes the row current
    assert page.current_key() == ticker and window.show_notes_action.isEnabled()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["查看笔记(&N)", "为该公司新建笔记(&O)…"]
    menu.actions()[0].trigger()
    menu.deleteLater()
    notes = window.notes_view
    assert window.tabs.currentIndex() == window.NOTES_TAB and window.tabs.currentWidget() is notes
    assert notes.current_ticker() == ticker
    assert [notes.model.note_at(r)["id"] for r in range(notes.model.rowCount())] == [n["id"] for n in expected]
    assert "恒玄科技" in window.statusBar().currentMessage()


def test_show_notes_from_financials_and_the_edit_menu(window):
    edit_menu = window.menuBar().actions()[1].menu()
    assert window.show_notes_action in edit_menu.actions() and window.new_note_action in edit_menu.actions()
    assert window.show_notes_action in window.toolbar.actions()
    window.tabs.setCurrentWidget(window.financials_page)
    assert window.financials_page.select_key("002384.SZ", 1)
    window.show_notes_action.trigger()
    assert window.tabs.currentWidget() is window.notes_view
    assert window.notes_view.current_ticker() == "002384.SZ" and window.notes_view.model.rowCount() == 1
    window.tabs.setCurrentWidget(window.quotes_page)  # no company here
    assert not window.show_notes_action.isEnabled()


def test_new_note_for_this_company_starts_with_the_company(window):
    window.tabs.setCurrentWidget(window.companies_page)
    assert window.companies_page.select_key("300493.SZ", 1)
    window.tabs.setCurrentIndex(window.NOTES_TAB)  # build the notes view, then go back to the row
    asked = []

    def new_note(view):
        asked.append(view.current_ticker())
        return view.store.add_note("测试笔记：订单饱满。", date="2024-12-27", author="tester",
                                   tickers=[view.current_ticker()])

    window.notes_view.new_note_dialog = new_note
    window.tabs.setCurrentWidget(window.companies_page)
    window.new_note_action.trigger()
    assert asked == ["300493.SZ"]
    assert window.tabs.currentWidget() is window.notes_view
    assert [n["text"] for n in window.session.store.notes(ticker="300493.SZ")] == ["测试笔记：订单饱满。"]
    assert window.notes_view.model.rowCount() == 1


# ---------------------------------------------------------------------- the editor's signals
def test_editor_signals_reach_the_main_window(window, issues, qtbot):
    editor = open_editor(window, qtbot, 1)
    assert editor.windowTitle().endswith(" — 分析师工作台")
    editor.headline.clear()
    type_text(editor.headline, "周观点：测试标题")
    assert editor.windowTitle() == "#1 测试标题 * — 分析师工作台"  # title_changed
    with qtbot.waitSignal(editor.saved, timeout=2000):
        assert editor.save()
    assert issues.list_page.model.index(0, 2).data() == editor.headline.text()  # saved refreshes the list
    assert editor.windowTitle() == "#1 测试标题 — 分析师工作台" and window.saved_label.text().startswith("已保存")

    with qtbot.waitSignal(editor.status_changed, timeout=2000):
        assert editor.submit_for_review()
    assert issues.list_page.model.index(0, 5).data() == "审核中"  # status_changed refreshes the list
    assert "审核中" in window.statusBar().currentMessage()

    with qtbot.waitSignal(editor.lifecycle_failed, timeout=2000) as failed:
        assert not editor.submit_for_review()
    box = window.last_message_box
    assert box.isVisible() and box.parent() is editor and box.text() == for_ui(failed.args[0])
    assert "已是审核中" in box.text() and "已是审核中" in window.statusBar().currentMessage()
    box.close()


def test_editor_export_shows_the_path_and_sha256(window, qtbot, tmp_path):
    editor = open_editor(window, qtbot, 1)
    out = tmp_path / "周报.pdf"
    with qtbot.waitSignal(editor.exported, timeout=30000) as done:
        editor.export_pdf(out)
    result = done.args[0]
    box = window.last_message_box
    assert box.parent() is editor and str(out) in box.text()
    assert f"SHA-256: {result.sha256}" in box.informativeText()
    assert result.sha256[:16] in window.statusBar().currentMessage()
    box.close()


# ---------------------------------------------------------------------- compare with the previous week
def test_compare_with_previous_week_preselects_the_two_issues(window, issues, qtbot):
    assert not issues.compare_previous_button.isEnabled()  # the demo issue has no earlier week
    second = add_next_week(window)
    assert issues.select_issue(second)
    assert issues.compare_previous_button.isEnabled()
    with qtbot.waitSignal(issues.compare_previous_requested, timeout=2000) as asked:
        issues.compare_previous_button.click()
    assert asked.args == [1, second]
    view = window._diff_view
    qtbot.addWidget(view)
    assert view.isVisible()
    assert (view.before.currentData(), view.after.currentData()) == (1, second)
    assert view.diff is not None
    assert issues.select_issue(1) and not issues.compare_previous_button.isEnabled()


# ---------------------------------------------------------------------- export of a final issue
def test_export_of_a_final_issue_writes_its_frozen_pdf_byte_for_byte(window, issues, qtbot, tmp_path):
    from workbench.drafting.lifecycle import change_status
    from workbench.report import export_pdf

    store = window.session.store
    change_status(store, 1, "review", by="tester")
    change_status(store, 1, "final", by="tester")
    frozen = store.version_pdf(1, 1)
    sha = store.versions(1)[-1]["pdf_sha256"]
    # After publishing, the data moves on: rendering the issue now gives another PDF.
    store.set_company_field("688608.SH", "name", "恒玄科技（更名）")
    rerendered = tmp_path / "rerendered.pdf"
    export_pdf(store, 1, rerendered)
    assert rerendered.read_bytes() != frozen

    issues.refresh()
    assert issues.select_issue(1)
    out = tmp_path / "published.pdf"
    with qtbot.waitSignal(window.export_done, timeout=30000) as done:
        assert window.export_pdf(out_path=str(out)) is not None  # the selected issue
    result = done.args[0]
    assert not isinstance(result, Exception), result
    assert out.read_bytes() == frozen
    assert Path(result.path) == out and result.sha256 == sha
    box = window.last_message_box
    assert str(out) in box.text() and sha in box.informativeText() and "第 1 期已定稿" in box.informativeText()
    box.close()


def test_export_from_the_issues_view_button(window, issues, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "draft.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(window.export_done, timeout=30000) as done:
        issues.export_button.click()
    assert not isinstance(done.args[0], Exception) and out.read_bytes().startswith(b"%PDF")
    assert isinstance(window.last_message_box, QMessageBox)
    window.last_message_box.close()


# ---------------------------------------------------------------------- title and status bar
def test_title_and_status_bar_name_the_store(window, demo_path):
    assert window.windowTitle() == "demo.sqlite[*]（演示数据） — 分析师工作台"  # the demo store says so
    assert window.path_label.text() == str(demo_path)
    assert window.counts_label.text() == "公司 66 · 财务数据 704 · 行情 538 · 周报 1"
    assert window.saved_label.text() == "所有修改已保存"


def test_new_issue_for_a_week_that_has_one_offers_to_open_it_and_drafts_nothing(window, qtbot, monkeypatch):
    # the core refuses a second issue for a week the series has (e.g. the latest issue is an older
    # week's correction): the app offers to open the one there is
    from PySide6.QtWidgets import QMessageBox

    import workbench.drafting.lifecycle as lifecycle

    def refuse(store, source, **kwargs):
        raise lifecycle.IssueExists("先进科技主题周报 2024-12-23 至 2024-12-29 已有一期：#1（草稿）", 1)

    monkeypatch.setattr(lifecycle, "copy_forward", refuse)
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    made = []
    window.issue_created.connect(made.append)
    assert window.new_issue_from_last_week() == 1
    assert len(asked) == 1 and "#1" in asked[0] and "打开周报 #1" in asked[0]
    assert made == [] and len(window.session.store.issues()) == 1  # nothing drafted
    editor = window.editors[1]
    qtbot.addWidget(editor)
    assert editor.issue_id == 1 and "已打开" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    assert window.new_issue_from_last_week() is None  # declined: nothing opened, nothing said
    assert made == [] and len(window.session.store.issues()) == 1
    assert "已打开" not in window.statusBar().currentMessage()
