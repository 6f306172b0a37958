"""The core's real import messages read Chinese only in the app: a gloss holding parentheses of its
own, a gloss after an ASCII run ending the Chinese clause (a date, a ticker, "ticker/code"), and an
English label inside full-width parentheses (“…”（无代码 no code）) all go; what is not a gloss stays."""

from __future__ import annotations

import re

import pytest

from ui.common.i18n import strip_glosses
from workbench.imports.headers import YTD_UNDATED
from workbench.imports.importer import clock_dated_warning, future_as_of_message
from workbench.imports.indices import named_as_another_message, near_match_message
from workbench.imports.layouts import unstated_unit_message
from workbench.imports.questions import older_value_message, other_name_message, same_name_message

CORE_MESSAGES = [
    unstated_unit_message("revenue", "688608.SH", 21.9),  # "(... 21.9 元 (688608.SH); ... (or 万元), ...)"
    other_name_message("688608.SH", "乐鑫科技", "恒玄科技", "688018.SH", "乐鑫科技"),
    same_name_message("600001.SH", "甲公司", "600002.SH", "甲公司", False),
    older_value_message("600519.SH", "revenue", "2023A", 1e10, "2024-01-01", 2e10, "2023-01-01"),
    near_match_message("中证人工智能", None, "中证人工智能指数", None, False),
    named_as_another_message("000300.SH", "上证指数", "沪深300", "000001.SH", "上证指数"),
    YTD_UNDATED,
    clock_dated_warning("2026-11-30"),
    future_as_of_message("2027-01-01", True),
]


def english_words(text: str) -> list[str]:
    """Runs of two or more Latin letters that are not a ticker's exchange, a file extension or a flag."""
    text = re.sub(r"--[a-z-]+", "", text)  # the flags are the dialog's to reword, not the gloss rule's
    text = re.sub(r"\d{6}\.(SH|SZ|BJ)", "", text)
    return re.findall(r"[A-Za-z]{2,}", text)


@pytest.mark.parametrize("message", CORE_MESSAGES)
def test_a_core_import_message_loses_its_whole_gloss(message):
    shown = strip_glosses(message)
    assert not english_words(shown), shown
    assert "(" not in shown and ")" not in shown


def test_a_gloss_with_nested_parentheses_goes_whole():
    shown = strip_glosses(unstated_unit_message("revenue", "688608.SH", 21.9))
    assert shown.endswith("确为元时在列标题注明“[元]”")
    assert "(" not in shown and ")" not in shown


def test_a_gloss_after_an_ascii_run_goes():
    assert strip_glosses("找不到表头：没有代码列，例如 证券代码/代码/ticker/code (no header row with a ticker column "
                         "such as 证券代码, 代码, ticker or code)") == "找不到表头：没有代码列，例如 证券代码/代码/ticker/code"
    assert strip_glosses("截至 2024-12-30 (nothing was undone: the figure was changed; that change is kept)") == \
        "截至 2024-12-30"


def test_an_english_label_inside_full_width_parentheses_goes():
    assert strip_glosses("新指数 “中证人工智能”（无代码 no code）") == "新指数 “中证人工智能”（无代码）"
    assert strip_glosses("主题“AI（early stage）”") == "主题“AI（early stage）”"  # the user's own, quoted


@pytest.mark.parametrize("text", [
    "不是数字: 12 (est)",                   # one word after a number stays
    "已导出 report.csv (copy)",             # a file's own words
    "文件 report (final version).csv",      # parentheses inside a file name
    "润欣科技 (AAPL) 对比",
    "Wind (sample data)",
    "投资主题“AI 应用 (early stage”缺少理由",  # an unbalanced parenthesis of the user's, quoted
])
def test_what_is_not_a_gloss_stays(text):
    assert strip_glosses(text) == text
