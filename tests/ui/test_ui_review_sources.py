"""The preview's 数据来源 list traces the market review's figures too: each index's close and weekly
change, to the file, row and column its closes came from, like the comparison table's cells."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("workbench_qapp")

# The demo's 沪深300 closes at 3981.03 on 2024-12-27 (resources/demo: the reference week's close);
# this file's fourth line quotes 3775.16 on 2025-01-03: a weekly change of 3775.16 / 3981.03 - 1.
QUOTES = ("代码,名称,日期,收盘价,涨跌幅(%)\n"
          "000001.SH,上证指数,2025-01-03,3211.43,-5.55\n"
          "000300.SH,沪深300,2025-01-02,3820.00,-4.04\n"
          "000300.SH,沪深300,2025-01-03,3775.16,-5.17\n")


@pytest.fixture
def week_two(demo_path, tmp_path):
    """This week's quotes imported and next week's draft copied forward from the demo issue."""
    from workbench.drafting.lifecycle import copy_forward
    from workbench.imports import import_files
    from workbench.store import Store

    src = tmp_path / "ifind_quotes_20250103.csv"
    src.write_text(QUOTES, encoding="gbk")
    with Store(demo_path) as s:
        import_files(s, [src], as_of="2025-01-03")
        return copy_forward(s, 1, by="林思远").id


def test_the_review_s_figures_trace_to_their_file_row_and_column(qtbot, demo_path, week_two):
    from ui.dialogs.provenance import TableSourcesPanel
    from ui.issue_editor.side.preview import review_sources
    from workbench.store import Store

    with Store(demo_path) as s:
        rows = review_sources(s, s.issue(week_two))
        panel = TableSourcesPanel(lambda *key: s.history(*key))
        qtbot.addWidget(panel)
        panel.set_review(rows)
    names = [panel.review.item(r, 0).text() for r in range(panel.review.rowCount())]
    assert "沪深300" in names and "上证指数" in names
    r = names.index("沪深300")
    assert [panel.review.item(r, c).text() for c in range(6)] == \
        ["沪深300", "2025-01-03", "3775.16", f"{(3775.16 / 3981.03 - 1) * 100:+.2f}%", "2024-12-27", "3981.03"]

    assert panel.select_review_figure("沪深300", 2)  # the close
    assert "3775.16" in panel.detail.text() and "ifind_quotes_20250103.csv" in panel.detail.text()
    source = panel.changes.item(0, 3).text()
    assert "ifind_quotes_20250103.csv" in source and "4" in source and "收盘价" in source
    assert panel.changes.item(0, 4).text() == "2025-01-03"  # as of

    assert panel.select_review_figure("沪深300", 3)  # the weekly change: both closes named
    text = panel.detail.text()
    assert "-5.17%" in text and "3775.16" in text and "3981.03" in text and "2024-12-27" in text

    assert panel.select_review_figure("沪深300", 5)  # last week's close: from the demo data
    assert "3981.03" in panel.detail.text()
    from ui.common.provenance import origin_text

    assert panel.changes.item(0, 1).text() == origin_text("demo")


def test_the_editor_preview_lists_the_review_s_figures(qtbot, demo_path, week_two):
    from ui.issue_editor import IssueEditor

    editor = IssueEditor(demo_path, week_two, confirm=lambda *a: True, user="tester")
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        panel = editor.preview.show_sources()
    assert panel.review_box.isVisibleTo(panel)
    assert panel.select_review_figure("沪深300", 2)
    assert "ifind_quotes_20250103.csv" in panel.detail.text()


def test_a_week_without_quotes_shows_no_review_table(qtbot, demo_path):
    from ui.dialogs.provenance import TableSourcesPanel
    from ui.issue_editor.side.preview import review_sources
    from workbench.drafting.lifecycle import copy_forward
    from workbench.store import Store

    with Store(demo_path) as s:
        new = copy_forward(s, 1, by="林思远")  # 2024-12-30..2025-01-05: no quotes imported
        rows = review_sources(s, s.issue(new.id))
    assert rows == []
    panel = TableSourcesPanel(lambda *key: [])
    qtbot.addWidget(panel)
    panel.set_review(rows)
    assert not panel.review_box.isVisibleTo(panel) and panel.review.rowCount() == 0
