"""A file naming companies by their full legal name (公司名称 乐鑫信息科技(上海)股份有限公司) names the
stored company, not another short name: no rename question, and the short name stays."""

from __future__ import annotations

import pytest

from workbench.imports import ImportQuestions, import_files

# the QA's file: 证券代码 + 公司名称 holding the listed companies' registered names
FULL = ("证券代码,公司名称,营业收入(亿元)2023年报", "688018.SH,乐鑫信息科技(上海)股份有限公司,14.3",
        "603501.SH,上海韦尔半导体股份有限公司,210.2", "603005.SH,苏州晶方半导体科技股份有限公司,9.1",
        "688484.SH,上海南芯半导体科技股份有限公司,17.8")
SHORT = {"688018.SH": "乐鑫科技", "603501.SH": "韦尔股份", "603005.SH": "晶方科技", "688484.SH": "南芯科技"}


def _names(store) -> dict:
    return {c["ticker"]: c["name"] for c in store.companies() if c["ticker"] in SHORT}


def test_full_legal_names_ask_nothing_and_keep_the_short_names(demo_store, write_text):
    assert _names(demo_store) == SHORT  # the demo's short names, as the seed writes them
    import_files(demo_store, [write_text("full.csv", *FULL)], as_of="2024-12-29")
    assert _names(demo_store) == SHORT
    assert demo_store.fact("603501.SH", "revenue", "2023A") == pytest.approx(210.2e8)


@pytest.mark.parametrize("header, name", [("证券简称", "沪士电子股份有限公司"), ("公司全称", "沪士电子有限公司"),
                                          ("公司名称", "沪士电子")])
def test_a_full_name_or_a_company_name_column_is_never_a_rename(demo_store, write_text, header, name):
    """沪电股份's registered name (沪士电子股份有限公司) wherever it stands, and an unfamiliar
    name under 公司名称 (a column of registered names)."""
    import_files(demo_store, [write_text("h.csv", f"证券代码,{header},营业收入(亿元)2023年报",
                                         f"002463.SZ,{name},89.4")], as_of="2024-12-29")
    assert {c["ticker"]: c["name"] for c in demo_store.companies()}["002463.SZ"] == "沪电股份"


def test_an_unfamiliar_short_name_is_still_asked_and_called_a_name(demo_store, write_text):
    with pytest.raises(ImportQuestions) as info:
        import_files(demo_store, [write_text("s.csv", "证券代码,证券简称,营业收入(亿元)2023年报",
                                             "002463.SZ,深南电子,89.4")], as_of="2024-12-29")
    (q,) = info.value.problems
    assert "深南电子" in q.message


def test_another_stored_company_s_short_name_under_company_name_is_still_asked(demo_store, write_text):
    with pytest.raises(ImportQuestions):
        import_files(demo_store, [write_text("o.csv", "证券代码,公司名称,营业收入(亿元)2023年报",
                                             "002463.SZ,深南电路,89.4")], as_of="2024-12-29")
