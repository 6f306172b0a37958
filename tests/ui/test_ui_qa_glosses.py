"""The Chinese UI drops the core's English glosses that the old rule missed, and nothing of the user's.

The messages are the core's own (built by the functions that write them); what must remain is the
Chinese text as the message spells it, found in the message itself.
"""

from __future__ import annotations

import pytest

from ui.common.i18n import strip_glosses
from workbench.analysis.review import IndexWeek, week_warnings
from workbench.domain.metrics import check_value
from workbench.domain.values import error_cell_message
from workbench.errors import ValidationError


def refusal(metric: str, value: float) -> str:
    with pytest.raises(ValidationError) as caught:
        check_value(metric, value)
    return caught.value.message


def chinese_part(message: str, gloss_start: str) -> str:
    """The message up to its English gloss, which begins with ``gloss_start``, trailing spaces dropped."""
    return message[:message.index(gloss_start)].rstrip()


def test_a_gloss_holding_chinese_names_is_dropped():
    weeks = [IndexWeek("上证指数", "2024-12-27", 3400.14, 0.0123, "vendor", vendor_change=0.0123),
             IndexWeek("深证成指", "2024-12-27", 10000.0, 0.0101, "vendor", vendor_change=0.0101)]
    [warning] = [w for w in week_warnings(weeks, "2024-12-23") if w.code == "review_change_unchecked"]
    assert "(the change of 上证指数、深证成指" in warning.message  # what this test relies on
    shown = strip_glosses(warning.message)
    assert shown == chinese_part(warning.message, " (the change of")
    assert "the change" not in shown and "上证指数、深证成指的涨跌幅" in shown


def test_a_gloss_after_a_percentage_is_dropped():
    message = refusal("index_change", 100.0)
    assert "% (value outside" in message
    shown = strip_glosses(message)
    assert "value outside" not in shown and shown.endswith("%")


def test_a_single_capitalised_word_gloss_is_dropped():
    message = refusal("revenue", 1e20)
    assert message.startswith("营业收入 (Revenue):")
    shown = strip_glosses(message)
    assert shown.startswith("营业收入:") and "Revenue" not in shown and "value outside" not in shown


def test_the_error_cell_refusal_reads_chinese_only():
    message = error_cell_message("#VALUE!")
    shown = strip_glosses(message)
    assert "#VALUE!" in shown and "spreadsheet" not in shown and shown.endswith("Delete 键")


@pytest.mark.parametrize("text", [
    "投资主题“AI 应用 (early stage)”缺少理由",          # a user's text, quoted by the core
    "图 1“光模块 (CPO and LPO) 出货量”缺少资料来源",     # a user's title, quoted
    "市盈率 (PE)",                                     # an upper-case abbreviation is kept, like a ticker
    "润欣科技 (AAPL) 对比",
    "数据来源：公司公告 (含 2024 年预告)",              # Chinese inside: not an English gloss
    "收盘价 (3400.14)",
])
def test_what_is_not_a_gloss_is_still_kept(text):
    assert strip_glosses(text) == text


def test_a_user_s_text_after_the_core_s_gloss_is_kept():
    assert strip_glosses("不是数字 (not a number): 12 (est)") == "不是数字: 12 (est)"


def test_a_gloss_after_a_closing_quote_is_dropped():
    assert strip_glosses("免责声明缺少“投资有风险” (the disclaimer lacks the risk sentence)") == \
        "免责声明缺少“投资有风险”"
