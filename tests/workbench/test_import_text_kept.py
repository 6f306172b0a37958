"""Names, segments and index names are stored as the file writes them (full-width punctuation
included); only the headers are normalised to be recognised. A re-import of the same file, and a
store written when such text was converted to half-width, match by code and by the names compared
normalised, so nothing is split in two."""

from __future__ import annotations

import pytest

from workbench.imports import import_files

COMPANIES = ["证券代码", "证券简称", "细分板块"]
WIDE = ["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元"]
QUOTES = ["指数名称", "日期", "收盘价", "涨跌幅"]

SEGMENT = "新兴细分赛道：卫星互联网（低轨）"
NAME = "【测试】科技（Ａ）"
INDEX = "中证人工智能（主题）"


def test_a_company_list_keeps_full_width_punctuation_in_names_and_segments(store, write_csv):
    path = write_csv("c.csv", [COMPANIES, ["688999.SH", f" {NAME} ", SEGMENT]])
    import_files(store, [path])
    c = store.company("688999.SH")
    assert (c["name"], c["segment"]) == (NAME, SEGMENT)  # only the surrounding spaces go
    assert store.segments() == [SEGMENT]


def test_a_wide_file_keeps_a_new_company_name_as_written(store, write_xlsx):
    path = write_xlsx("w.xlsx", [WIDE, ["688999.SH", NAME, 12.5]])
    import_files(store, [path])
    assert store.company("688999.SH")["name"] == NAME


def test_quotes_keep_an_index_name_as_written(store, write_csv):
    path = write_csv("q.csv", [QUOTES, [INDEX, "2025-01-03", "1201.55", "-0.0903"]])
    import_files(store, [path])
    assert [i["name"] for i in store.indices()] == [INDEX]


def test_importing_the_same_file_again_changes_nothing(store, write_csv, snapshot):
    path = write_csv("c.csv", [COMPANIES, ["688999.SH", NAME, SEGMENT], ["688998.SH", "卫星通信", SEGMENT]])
    import_files(store, [path])
    quotes = write_csv("q.csv", [QUOTES, [INDEX, "2025-01-03", "1201.55", "-0.0903"]])
    import_files(store, [quotes])
    again = import_files(store, [path, quotes])
    assert (again.companies.added, again.companies.updated, again.companies.unchanged) == (0, 0, 2)
    assert (again.quotes.added, again.quotes.updated) == (0, 0)
    assert store.segments() == [SEGMENT]
    assert len(store.indices()) == 1


def _older_store(store):
    """What an older version stored for the file: the text converted to half-width."""
    store.upsert_companies([{"ticker": "688999.SH", "name": "[测试]科技(A)",
                             "segment": "新兴细分赛道:卫星互联网(低轨)"}])
    store.upsert_index("中证人工智能(主题)", None, None)


def test_a_store_holding_converted_text_is_not_split_in_two(store, write_csv):
    _older_store(store)
    path = write_csv("c.csv", [COMPANIES, ["688999.SH", NAME, SEGMENT], ["688998.SH", "卫星通信", SEGMENT]])
    report = import_files(store, [path])
    assert (report.companies.added, report.companies.updated, report.companies.unchanged) == (1, 0, 1)
    # one segment: the new company joins the stored one, whose spelling stays
    assert store.segments() == ["新兴细分赛道:卫星互联网(低轨)"]
    assert {c["ticker"]: c["segment"] for c in store.companies()} == {
        "688999.SH": "新兴细分赛道:卫星互联网(低轨)", "688998.SH": "新兴细分赛道:卫星互联网(低轨)"}
    assert store.company("688999.SH")["name"] == "[测试]科技(A)"


def test_a_codeless_quote_finds_the_index_stored_with_converted_text(store, write_csv):
    _older_store(store)
    path = write_csv("q.csv", [QUOTES, [INDEX, "2025-01-03", "1201.55", "-0.0903"]])
    report = import_files(store, [path])  # no near-match question: it is the same index
    assert report.quotes.added == 1
    assert [i["name"] for i in store.indices()] == ["中证人工智能(主题)"]


def test_one_segment_written_two_ways_in_one_file_is_one_segment(store, write_csv):
    path = write_csv("c.csv", [COMPANIES, ["688999.SH", "甲", SEGMENT],
                               ["688998.SH", "乙", "新兴细分赛道:卫星互联网(低轨)"]])
    import_files(store, [path])
    assert store.segments() == [SEGMENT]


def test_a_new_company_named_like_a_stored_one_in_other_brackets_is_asked_about(store, write_csv):
    from workbench.imports import ImportQuestions

    import_files(store, [write_csv("c.csv", [COMPANIES, ["688999.SH", NAME, SEGMENT]])])
    other = write_csv("o.csv", [COMPANIES, ["688997.SH", "[测试]科技(A)", SEGMENT]])
    with pytest.raises(ImportQuestions) as info:
        import_files(store, [other])
    (p,) = info.value.same_name_companies
    assert (p.incoming, p.existing, p.name) == ("688997.SH", "688999.SH", "[测试]科技(A)")
