"""The preflight names the field at fault in the user's words, not as a field path."""

from __future__ import annotations

import pytest

from workbench.report.preflight import Finding, field_label


@pytest.mark.parametrize("path, words", [
    ("themes[0].tickers", "投资主题 1 的股票"),
    ("themes[3].rationale", "投资主题 4 理由"),
    ("figures[1].source", "图 2 资料来源"),
    ("analysts[0].sac_no", "署名分析师 1 执业证书编号"),
    ("related[2].date", "相关报告 3 日期"),
    ("risks[0]", "风险提示 1"),
    ("views[1]", "行业观点 2"),
    ("table.source", "比较表资料来源"),
    ("house.disclaimer", "免责声明"),
    ("market_review", "市场回顾"),
    ("cover_index", "首页走势图"),
    ("house.fonts.body", "机构正文字体"),
])
def test_field_paths_read_as_the_editor_names_them(path, words):
    assert field_label(path) == words


def test_a_finding_prints_its_field_in_words():
    finding = Finding("theme_no_data", "主题“卫星互联网”的关注标的 信维通信（300136.SZ）在库中没有任何数据", "themes[3].tickers")
    assert finding.label == "投资主题 4 的股票"
    assert str(finding).startswith("[投资主题 4 的股票] ")
    assert "themes[" not in str(finding)


def test_an_unknown_field_is_shown_as_it_is():
    assert field_label("something_new") == "something_new"
    assert field_label("") == ""
