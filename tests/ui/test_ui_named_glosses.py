"""The Chinese UI drops an English gloss that opens with the index it is about ("(沪深300: the weekly
change …)"), as the core writes it in the market review's warnings and notes, and keeps Chinese
words in parentheses after a name and a colon.

The warnings are the real core's: the demo store's preflight, and a Wind-style file whose 涨跌幅 column
holds a daily change. What must remain is the Chinese text as the message itself spells it.
"""

from __future__ import annotations

import pytest

from ui.common.i18n import for_ui, strip_glosses
from workbench.analysis.review import IndexWeek, draft_market_review_result, week_warnings
from workbench.imports import import_files
from workbench.report.preflight import preflight


def chinese_part(message: str, gloss_start: str) -> str:
    """The message up to its English gloss, which begins with ``gloss_start``, trailing spaces dropped."""
    assert gloss_start in message, message  # what the test relies on: the core's gloss
    return message[:message.index(gloss_start)].rstrip()


def _warnings(store, code):
    result = preflight(store, "latest")
    return [f.message for f in result.warnings + result.blockers if f.code == code]


def test_the_demo_stores_sample_base_warning_reads_chinese_only(demo_store):
    [message] = _warnings(demo_store, "review_base_sample")
    name = message[:message.index("的周涨跌幅")]
    shown = for_ui(message)
    assert shown == chinese_part(message, f" ({name}: the weekly")
    assert "the weekly change" not in shown and "sample data" not in shown and shown.endswith("再核对")


def test_a_file_change_that_disagrees_with_the_closes_reads_chinese_only(demo_path, demo_store, tmp_path):
    path = tmp_path / "mm.csv"
    path.write_text("index_code,index_name,week_end,close,weekly_change\n"
                    "000001.SH,上证指数,2024-12-20,3368.07,-0.0070\n"
                    "000001.SH,上证指数,2024-12-27,3400.14,-0.0006\n", encoding="utf-8")
    import_files(demo_store, [path])
    [message] = _warnings(demo_store, "review_change_mismatch")
    shown = for_ui(message)
    assert shown == chinese_part(message, " (上证指数: the file's change")
    assert "disagrees" not in shown and "上证指数的行情文件涨跌幅为" in shown


def test_the_drafts_notes_about_an_index_read_chinese_only(demo_store):
    """A note naming an index with no close before the week, and one with no quote in the week."""
    issue = demo_store.issue("latest")
    day = issue.period_end
    with demo_store.transaction():  # 上证指数's closes before the week gone: no change can be computed
        demo_store.db.execute("DELETE FROM quotes WHERE index_id = (SELECT id FROM indices WHERE name = '上证指数') "
                              "AND date < ?", [issue.period_start])
        demo_store.db.execute("UPDATE quotes SET change = NULL WHERE index_id = (SELECT id FROM indices "
                              "WHERE name = '上证指数')")
        demo_store.db.execute("DELETE FROM quotes WHERE index_id = (SELECT id FROM indices WHERE name = '深证成指') "
                              "AND date <= ?", [day])
    notes = draft_market_review_result(demo_store, issue).notes
    no_change = [n for n in notes if n.startswith("上证指数的周涨跌幅无法得出")]
    no_quote = [n for n in notes if n.startswith("深证成指在 ")]
    assert no_change and no_quote, notes
    for note in no_change + no_quote:
        shown = for_ui(note)
        assert not any(w in shown for w in ("no stored", "no quote", "has no", "the week"))
        assert shown == note[:note.rindex(" (")].rstrip()


@pytest.mark.parametrize("text", [
    "数据口径 (注: 单位为亿元)",                       # Chinese after the name and colon: the user's content
    "请核对 (上证指数: 3400.14 点)",                    # a number after the colon, no words
    "请核对 (上证指数: AAPL)",                         # a ticker, not a sentence
    "附注 (来源: Wind)",                               # one capitalised word after a colon is a name, not a gloss
])
def test_chinese_content_after_a_name_and_colon_stays(text):
    assert strip_glosses(text) == text


def test_a_gloss_after_a_name_and_colon_is_dropped_whatever_the_name():
    weeks = [IndexWeek("中证 AI 主题", "2024-12-27", 1000.0, 0.02, "computed", base_date="2024-12-20",
                       base_close=980.0, base_sample=True)]
    [warning] = [w for w in week_warnings(weeks, "2024-12-23") if w.code == "review_base_sample"]
    assert strip_glosses(warning.message) == chinese_part(warning.message, " (中证 AI 主题: the weekly")


def test_a_colleagues_settlement_over_your_figure_reads_chinese_only(demo_store):
    """The note a sync gives when a colleague's kept "mine" replaces a figure you wrote: its English
    gloss names the figure and is broken by the values and their units ("your 15.1 亿元 was replaced
    by ..."), and still goes in the Chinese UI; the Chinese part is kept whole."""
    from workbench.desk import sync as desk_sync

    key = ("facts", "688608.SH|revenue|2023A")  # 恒玄科技 in the demo store
    demo_store.set_fact("688608.SH", "revenue", "2023A", 1.51e9)
    entry = desk_sync._Entry({"note": desk_sync._KEPT_MINE_NOTE.format(3)})
    [note] = desk_sync.replaced_by_a_settlement(demo_store, {key: {"value": 1.47e9}},
                                                {key: ("2026-12-02T03:00:00", "ws-b", "li_na", entry)})
    shown = strip_glosses(note)
    assert shown == chinese_part(note, " (恒玄科技")
    assert "15.1 亿元" in shown and "li_na" in shown and shown.endswith("取代")
    assert "replaced" not in shown and "your" not in shown


@pytest.mark.parametrize("text", [
    "说明 (附注: 见表 3 和图 4)",                        # Chinese after a name and colon
    "请核对 (上证指数: 3400.14 点, 2024-12-27)",         # numbers and a date after the colon
    "来源 (文件: report.csv sheet 2)",                   # a file name and a sheet: not a sentence
])
def test_a_name_and_colon_before_words_that_are_no_sentence_stays(text):
    assert strip_glosses(text) == text
