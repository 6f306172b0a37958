"""A stored ticker on a row whose name is not the stored company's (nor a spelling of it) is a
question (--rename TICKER), never a silent update of the stored company."""

from __future__ import annotations

import pytest

from workbench.imports import ImportQuestions, import_files

WIDE = "证券代码,证券简称,营业收入(亿元)2023年报"


def _asked(exc) -> list:
    return [(p.ticker, p.name, p.stored_name, p.other) for p in exc.names_of_other_companies]


def test_a_name_the_store_does_not_know_on_a_stored_ticker_is_a_question(demo_store, write_text, dump):
    before = dump(demo_store)
    with pytest.raises(ImportQuestions) as info:
        import_files(demo_store, [write_text("r6.csv", WIDE, "300493.SZ,贵州茅台,1505.6")], as_of="2024-12-29")
    assert _asked(info.value) == [("300493.SZ", "贵州茅台", "润欣科技", "")]
    (p,) = info.value.names_of_other_companies
    assert (p.file, p.row, p.column) == ("r6.csv", 2, "证券简称")
    assert "--rename 300493.SZ" in p.message
    assert dump(demo_store) == before


def test_the_answer_imports_the_figure_for_the_ticker(demo_store, write_text):
    import_files(demo_store, [write_text("r6.csv", WIDE, "300493.SZ,贵州茅台,1505.6")], as_of="2024-12-29",
                 renamed_companies={"300493.SZ"})
    assert demo_store.fact("300493.SZ", "revenue", "2023A") == 1505.6e8


def test_a_company_list_renaming_and_moving_a_company_is_a_question(demo_store, write_text, dump):
    path = write_text("list.csv", "证券代码,证券简称,细分板块", "300493.SZ,贵州茅台,白酒")
    before = dump(demo_store)
    with pytest.raises(ImportQuestions) as info:
        import_files(demo_store, [path])
    assert _asked(info.value) == [("300493.SZ", "贵州茅台", "润欣科技", "")]
    assert dump(demo_store) == before
    import_files(demo_store, [path], renamed_companies={"300493.SZ"})
    c = next(c for c in demo_store.companies() if c["ticker"] == "300493.SZ")
    assert (c["name"], c["segment"]) == ("贵州茅台", "白酒")


@pytest.mark.parametrize("name", ["润欣科技", "*ST润欣", "ST润欣科技", "润欣科技（A股）", "润欣科技(A股)", "润欣",
                                  "润欣科技-U", "ＳＴ润欣科技", " 润欣 科技 ", "上海润欣科技股份有限公司"])
def test_spellings_of_the_stored_name_ask_nothing(demo_store, write_text, name):
    result = import_files(demo_store, [write_text("s.csv", WIDE, f"300493.SZ,{name},21.7")], as_of="2024-12-29")
    assert result.facts.updated == 1


def test_the_seed_table_over_the_demo_asks_nothing(demo_store):
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "resources" / "demo" / "companies.csv"
    result = import_files(demo_store, [seed], default_amount_unit="亿元", as_of="2024-12-29")
    assert result.facts.added == result.facts.updated == 0
