"""The live PDF preview (rendered off the GUI thread) and the week-over-week diff view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


# ---------------------------------------------------------------------- preview
def test_preview_renders_the_stored_issue_as_page_images(qtbot, demo_path):
    from ui.preview import PreviewPane

    pane = PreviewPane(demo_path)
    qtbot.addWidget(pane)
    pane.resize(520, 800)
    pane.show()
    with qtbot.waitSignal(pane.rendered, timeout=30000) as done:
        pane.refresh()
        assert pane.is_rendering() and not pane.refresh_button.isEnabled()  # the GUI thread is free meanwhile
    assert done.args[0] >= 4
    assert len(pane.images) == len(pane.page_labels) == done.args[0]
    page = pane.images[0]
    assert page.height() / page.width() == pytest.approx(297 / 210, rel=0.01)  # A4 portrait
    assert page.pixelColor(5, 5).name() == "#ffffff"  # white paper
    assert not pane.placeholder.isVisible()
    pane.zoom.setCurrentIndex(pane.zoom.findData(50))
    assert pane.page_labels[0].width() < pane.images[0].width()


def test_preview_shows_the_editor_s_unsaved_draft(qtbot, demo_path):
    from ui.issue_editor import IssueEditor

    editor = IssueEditor(demo_path, "latest", confirm=lambda *a: True)
    qtbot.addWidget(editor)
    seen = []
    provider = editor.current_issue
    editor.preview.set_issue_provider(lambda: seen.append(provider()) or seen[-1])
    editor.headline.setText("周观点：预览未保存的草稿")
    with qtbot.waitSignal(editor.preview.rendered, timeout=30000) as done:
        editor.preview.refresh()
    assert done.args[0] >= 4 and not editor.preview.frozen
    assert seen[0].headline == "周观点：预览未保存的草稿"
    assert editor.store.issue(editor.issue_id).headline != seen[0].headline  # nothing was saved


def test_preview_reports_a_failure_without_freezing(qtbot, demo_path):
    from ui.preview import PreviewPane

    def broken():
        raise ValueError("no issue here")

    pane = PreviewPane(demo_path, broken)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.failed) as failed:
        pane.refresh()
    assert "no issue here" in failed.args[0]
    assert "no issue here" in pane.status.text() and pane.refresh_button.isEnabled()


def test_pdf_page_images_are_one_per_page():
    from ui.preview import pdf_page_images
    from workbench.report import build_report_spec, render_pdf
    from workbench.store import Store

    with Store(":memory:") as s:
        from workbench.demo import populate_demo

        populate_demo(s)
        pdf = render_pdf(build_report_spec(s, "latest"))
    from workbench.report.export import count_pages

    images = pdf_page_images(pdf, scale=0.5)
    assert len(images) == count_pages(pdf) >= 4
    assert all(not i.isNull() and i.width() == round(595 * 0.5) for i in images)


def test_preview_of_a_final_issue_is_its_published_pdf(qtbot, demo_path, monkeypatch):
    from ui.preview import PreviewPane
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    with Store(demo_path) as s:
        change_status(s, 1, "review", by="tester")
        change_status(s, 1, "final", by="tester")
    import workbench.report

    def no_rendering(*args, **kwargs):
        raise AssertionError("a final issue is not rendered again")

    monkeypatch.setattr(workbench.report, "render_pdf", no_rendering)
    pane = PreviewPane(demo_path, issue_id=1)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.rendered, timeout=30000) as done:
        pane.refresh()
    assert done.args[0] >= 4 and pane.frozen


# ---------------------------------------------------------------------- diff
@pytest.fixture
def week_two(demo_path):
    """Issue 1 final (its numbers frozen), issue 2 copied forward, and this week's new figures."""
    from workbench.drafting.lifecycle import change_status, copy_forward
    from workbench.store import Store

    with Store(demo_path) as s:
        s.set_fact("688608.SH", "eps", "2025E", 0.76, as_of="2024-12-27")  # the forecast issue 1 stood on
        change_status(s, 1, "review", by="tester")
        change_status(s, 1, "final", by="tester")
        new = copy_forward(s, 1, by="编辑")
        s.set_fact("688608.SH", "eps", "2025E", 0.9)  # a revised forecast: PE 69.0 -> 58.0
        s.set_fact("688608.SH", "pe", "2025E", 58.0)
        s.set_fact("300308.SZ", "revenue", "2023A", 10_800_000_000.0)  # a restated fact
    return new.id


@pytest.fixture
def diff_view(qtbot, demo_path, week_two):
    from ui.diff_view import DiffView

    view = DiffView(demo_path)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    return view


def test_diff_view_shows_a_revised_forecast_and_a_changed_fact(diff_view, week_two, qtmodeltester):
    assert (diff_view.before.currentData(), diff_view.after.currentData()) == (1, week_two)
    with_signal = []
    diff_view.compared.connect(with_signal.append)
    diff = diff_view.compare()
    assert with_signal == [diff]
    qtmodeltester.check(diff_view.model)
    rows = {(diff_view.model.data(diff_view.model.index(r, 1)), diff_view.model.data(diff_view.model.index(r, 2))): r
            for r in range(diff_view.model.rowCount())}
    # each figure named by its metric as the grid's group headers show it (营业收入; PE names its own)
    assert set(rows) == {("688608.SH", "PE 2025E"), ("300308.SZ", "营业收入 2023")}
    pe = rows[("688608.SH", "PE 2025E")]
    cell = lambda r, c: diff_view.model.data(diff_view.model.index(r, c))  # noqa: E731
    assert (cell(pe, 0), cell(pe, 3), cell(pe, 4), cell(pe, 5)) == ("恒玄科技", "69.0", "58.0", "-11.0")
    assert cell(pe, 6) != "" and cell(rows[("300308.SZ", "营业收入 2023")], 6) == ""  # only the forecast is flagged
    assert diff_view.model.data(diff_view.model.index(pe, 5), Qt.ItemDataRole.ForegroundRole).color().name() \
        == "#1b7f3b"  # down in green (A-share colours)
    assert "2" in diff_view.summary.text() and "1" in diff_view.summary.text()

    diff_view.forecast_only.setChecked(True)
    assert diff_view.proxy.rowCount() == 1
    assert diff_view.proxy.data(diff_view.proxy.index(0, 1)) == "688608.SH"


def test_diff_view_lists_added_companies_and_meta_changes(diff_view, demo_path, week_two):
    from workbench.store import Store

    with Store(demo_path) as s:
        s.upsert_companies([{"ticker": "688981.SH", "name": "中芯国际", "segment": "IC 设计"}])
        issue = s.issue(week_two)
        issue.headline = "周观点：新一周的标题"
        issue.rating_action = "上调"
        s.save_issue(issue)
    diff = diff_view.compare(1, week_two)
    assert diff.added == [("688981.SH", "中芯国际")]
    tree = diff_view.changes_tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert any("(2)" in g for g in groups) and any("(1)" in g for g in groups)
    meta = tree.topLevelItem(0)
    lines = [(meta.child(i).text(0), meta.child(i).text(2)) for i in range(meta.childCount())]
    assert ("标题", "周观点：新一周的标题") in lines  # the Chinese UI drops the command line's English
    assert ("评级变动", "上调") in lines
    added = tree.topLevelItem(1)
    assert added.child(0).text(0) == "中芯国际（688981.SH）"


def test_identical_issues_show_no_changes(diff_view, qtbot):
    diff = diff_view.compare(1, 1)
    assert diff.is_empty() and diff_view.model.rowCount() == 0
    assert diff_view.changes_tree.topLevelItemCount() == 1


def test_the_no_changes_line_is_readable_in_full(diff_view, qtbot):
    diff_view.resize(1280, 720)
    diff_view.show()
    qtbot.waitExposed(diff_view)
    diff_view.compare(1, 1)
    tree = diff_view.changes_tree
    item = tree.topLevelItem(0)
    text = item.text(0)
    assert text and item.isFirstColumnSpanned()  # across 项目, before and after, not cut in the narrow first
    needed = tree.fontMetrics().horizontalAdvance(text)
    assert tree.visualItemRect(item).width() >= needed
    assert tree.visualItemRect(item).width() > tree.header().sectionSize(0)
    assert item.toolTip(0) == text


def test_double_clicking_a_change_names_its_company(diff_view, qtbot):
    diff_view.compare()
    diff_view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    index = diff_view.proxy.index(1, 0)  # 688608.SH sorts after 300308.SZ
    with qtbot.waitSignal(diff_view.company_activated) as got:
        diff_view.table.doubleClicked.emit(index)
    assert got.args == ["688608.SH"]


def test_swap_compares_the_other_way(diff_view, week_two):
    diff_view.compare()
    diff_view.swap_button.click()
    assert (diff_view.before.currentData(), diff_view.after.currentData()) == (week_two, 1)
    pe = next(c for c in diff_view.diff.changes if c.ticker == "688608.SH")
    assert (pe.before, pe.after) == (58.0, 69.0)
