"""The core's bilingual messages ("中文 (english)", for the command line) read in the UI's language only."""

from __future__ import annotations

import dataclasses

import pytest

from ui.common.i18n import CHINESE, ENGLISH, for_ui, install_translations, strip_glosses
from workbench.errors import WorkbenchError
from workbench.imports import preview
from workbench.report.preflight import PreflightResult, preflight
from workbench.report.spec import resolve_issue

pytestmark = pytest.mark.usefixtures("workbench_qapp")


def bad_csv(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("代码,简称,营业收入(亿元) 2023A\n600519,贵州茅台,abc\n", encoding="utf-8")
    return path


def empty_week_issue(store):
    """The latest issue moved to a week no quote is dated in."""
    return dataclasses.replace(resolve_issue(store, "latest"), period_start="2031-01-06", period_end="2031-01-10")


def test_an_import_problem_reads_chinese_only(tmp_path):
    problems = preview(bad_csv(tmp_path)).problems
    assert [for_ui(p.message) for p in problems] == ["不是数字"]


def test_a_preflight_finding_reads_chinese_only(demo_store):
    result = preflight(demo_store, "latest")
    cover = [f for f in result.warnings if f.field == "cover_index"]
    assert cover, "the demo's cover chart draws sample data"
    assert for_ui(cover[0].message) == "首页指数走势图使用示意数据"


def test_a_review_error_reads_chinese_only(demo_store):
    from workbench.analysis.review import draft_market_review_result

    with pytest.raises(WorkbenchError) as caught:
        draft_market_review_result(demo_store, empty_week_issue(demo_store))
    assert for_ui(caught.value.message) == "2031-01-06 至 2031-01-10 没有任何指数行情，请先导入本周行情"


@pytest.mark.parametrize("text", [
    "贵州茅台 (600519.SH) 营业收入",       # a ticker
    "润欣科技 (AAPL) 对比",                 # an upper-case code
    "文件 (data.csv) 第 2 行",              # a file name
    "数据文件 (*.sqlite *.db)",             # a file pattern
    "合并入 #3 (#12)",                      # an id
    "收盘价 (3400.14)",                     # a number
    "表格中 贵州茅台（600519）（示意数据）",  # Chinese parentheses
    "Wind (sample data)",                   # English before it: not a gloss of Chinese
    "",
])
def test_what_is_not_a_gloss_is_kept(text):
    assert strip_glosses(text) == text


def test_glosses_after_chinese_are_dropped_wherever_they_stand():
    assert strip_glosses("已导出 (exported) 周报.pdf：3 页") == "已导出 周报.pdf：3 页"
    assert strip_glosses("合并尚未执行 (the merge was not applied)\n已取消 (cancelled)") == "合并尚未执行\n已取消"
    assert strip_glosses("元 (default), 万元") == "元, 万元"


def test_the_english_ui_keeps_the_message_as_it_is(workbench_qapp):
    text = "首页指数走势图使用示意数据 (the cover chart uses sample data)"
    install_translations(workbench_qapp, ENGLISH)
    try:
        assert for_ui(text) == text
    finally:
        install_translations(workbench_qapp, CHINESE)
    assert for_ui(text) == "首页指数走势图使用示意数据"


# ---------------------------------------------------------------------- where the app shows them
def test_the_preflight_panel_shows_chinese_and_labels_not_codes(qtbot, demo_store):
    from ui.issue_editor.side.preflight_panel import PreflightPanel

    panel = PreflightPanel()
    qtbot.addWidget(panel)
    result = PreflightResult()
    result.warn("sample_data", "首页指数走势图使用示意数据 (the cover chart uses sample data)", "cover_index")
    result.warn("theme_no_data", "投资主题 1 的股票在数据中没有数据 (stock has no data in the store)",
                "themes[0].tickers")
    panel.set_result(result)
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    tips = [panel.list.item(i).toolTip() for i in range(panel.list.count())]
    assert texts == ["首页指数走势图使用示意数据\n↳ 首页走势图", "投资主题 1 的股票在数据中没有数据\n↳ 投资主题 1 的股票"]
    assert all("sample_data" not in t and "themes[0]" not in t and "cover_index" not in t for t in tips)
    assert "首页走势图" in tips[0] and "投资主题 1 的股票" in tips[1]


def test_the_import_dialog_shows_chinese_only(qtbot, session, tmp_path):
    from ui.dialogs.importing import ImportDialog

    dialog = ImportDialog(session, None, paths=[str(bad_csv(tmp_path))])
    qtbot.addWidget(dialog)
    assert "宽表" in dialog.info.text() and "wide" not in dialog.info.text()
    item = dialog.problem_list.topLevelItem(0)
    assert item.text(3) == "不是数字 (abc)"  # the value read stays, in its parentheses


def test_the_import_summary_is_in_the_ui_language(tmp_path):
    from ui.dialogs.importing import report_summary
    from workbench.imports import import_files
    from workbench.store import Store

    csv = tmp_path / "long.csv"
    csv.write_text("ticker,name,period,metric,value\n600519.SH,贵州茅台,2023A,revenue,150560000000\n",
                   encoding="utf-8")
    store = Store(tmp_path / "s.sqlite")
    try:
        report = import_files(store, [csv], dry_run=True)
    finally:
        store.close()
    text = report_summary(report)
    assert text.startswith("long.csv：长表")
    assert "added" not in text and "long " not in text
    assert "新增 1" in text


def test_the_editor_error_line_reads_chinese_only(make_editor):
    editor = make_editor()
    editor.header.show_error("2031-01-06 至 2031-01-10 没有任何指数行情，请先导入本周行情 "
                             "(no index has a quote dated 2031-01-06..2031-01-10: import the week's quotes first)")
    assert editor.header.error_label.text() == "2031-01-06 至 2031-01-10 没有任何指数行情，请先导入本周行情"
