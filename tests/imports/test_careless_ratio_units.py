"""Ratios (growth, return, weekly change) in a column stating no unit whose numbers look like
percentages are a question (percent or fraction?), never read silently as fractions."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import ImportFailed
from workbench.imports import ImportQuestions, RatioUnitQuestion, import_files

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"

# index changes in percent, as a Wind/Choice quotes export writes them under a bare 涨跌幅
QUOTES = ("指数代码,指数名称,日期,收盘价,涨跌幅", "000001.SH,上证指数,2025-01-03,3211.43,-0.95",
          "399001.SZ,深证成指,2025-01-03,10088.06,0.36", "000300.SH,沪深300,2025-01-03,3775.16,-0.62")
PERCENT_CHANGES = {"000001.SH": -0.95, "399001.SZ": 0.36, "000300.SH": -0.62}  # the file's figures, in %


def _changes(store) -> dict:
    codes = {i["id"]: i["code"] for i in store.indices()}
    return {codes[q["index_id"]]: q["change"] for q in store.all_quotes() if q["date"] == "2025-01-03"}


def test_index_changes_in_percent_under_a_bare_header_are_a_question(store, write_text, dump):
    path = write_text("q.csv", *QUOTES)
    before = dump(store)
    with pytest.raises(ImportQuestions) as info:
        import_files(store, [path], as_of="2025-01-03")
    asked = [p for p in info.value.problems if isinstance(p, RatioUnitQuestion)]
    assert len(asked) == 1 and info.value.ratio_units == asked
    q = asked[0]
    assert q.file == "q.csv" and q.column == "涨跌幅" and q.row in (2, 3, 4)
    assert "--ratio-unit percent" in q.message and "--ratio-unit fraction" in q.message
    assert dump(store) == before


def test_index_changes_answered_as_percent(store, write_text):
    import_files(store, [write_text("q.csv", *QUOTES)], as_of="2025-01-03", ratio_unit="percent")
    got = _changes(store)
    assert got == pytest.approx({k: v / 100 for k, v in PERCENT_CHANGES.items()})


def test_weekly_change_of_a_half_answered_as_fraction_is_refused(store, write_text, dump):
    """-0.95 as a fraction is -95% in one week: no index moves so; refused naming the cell."""
    before = dump(store)
    with pytest.raises(ImportFailed) as info:
        import_files(store, [write_text("q.csv", *QUOTES)], as_of="2025-01-03", ratio_unit="fraction")
    assert not isinstance(info.value, ImportQuestions)
    rows = {p.row for p in info.value.problems if p.column == "涨跌幅"}
    assert 2 in rows and 4 in rows  # -95% and -62%
    assert dump(store) == before


def test_stated_percent_unit_and_small_fractions_ask_nothing(store, write_text):
    import_files(store, [write_text("w.csv", "指数代码,指数名称,日期,收盘价,涨跌幅(%)",
                                    "000001.SH,上证指数,2025-01-03,3211.43,-0.95")], as_of="2025-01-03")
    import_files(store, [write_text("f.csv", "指数代码,指数名称,日期,收盘价,涨跌幅",
                                    "000001.SH,上证指数,2025-01-10,3168.52,-0.0134")], as_of="2025-01-10")
    got = sorted((q["date"], q["change"]) for q in store.all_quotes())
    assert got == [("2025-01-03", pytest.approx(-0.0095)), ("2025-01-10", pytest.approx(-0.0134))]


COMPANY_RATIOS = ("证券代码,证券简称,年初至今涨跌幅 2024,营业收入同比 2023", "300493.SZ,润欣科技,13.22,2.8",
                  "688018.SH,乐鑫科技,5.1,12.74")


def test_company_ratios_in_percent_without_a_unit_are_a_question(demo_store, write_text, dump):
    before = dump(demo_store)
    with pytest.raises(ImportQuestions) as info:
        import_files(demo_store, [write_text("r.csv", *COMPANY_RATIOS)], as_of="2024-12-29")
    asked = {p.column for p in info.value.ratio_units}
    # 润欣科技's 2.8 is the store's 2023 revenue growth of 0.028 in percent: that column is settled by
    # the figures the store holds; the YTD column, matching none, is asked
    assert asked == {"年初至今涨跌幅 2024"}
    assert all(p.file == "r.csv" for p in info.value.ratio_units)
    assert dump(demo_store) == before


def test_company_ratios_answered_as_percent(demo_store, write_text):
    import_files(demo_store, [write_text("r.csv", *COMPANY_RATIOS)], as_of="2024-12-29", ratio_unit="percent")
    assert demo_store.fact("300493.SZ", "ytd_return", "2024YTD") == pytest.approx(0.1322)
    assert demo_store.fact("688018.SH", "revenue_yoy", "2023A") == pytest.approx(0.1274)
    assert demo_store.fact("300493.SZ", "revenue_yoy", "2023A") == pytest.approx(0.028)


def test_long_file_ratio_metric_named_without_unit_is_a_question(store, write_text):
    rows = ("代码,简称,报告期,指标,数值", "600519.SH,贵州茅台,2023年报,营业收入同比,18.04",
            "000858.SZ,五粮液,2023年报,营业收入同比,12.58")
    with pytest.raises(ImportQuestions) as info:
        import_files(store, [write_text("l.csv", *rows)])
    assert [p.column for p in info.value.ratio_units] == ["数值"]
    import_files(store, [write_text("l.csv", *rows)], ratio_unit="percent")
    assert store.fact("600519.SH", "revenue_yoy", "2023A") == pytest.approx(0.1804)


def test_fraction_marker_in_the_header_states_the_unit(store, write_text):
    import_files(store, [write_text("x.csv", "证券代码,证券简称,营业收入同比(小数) 2023",
                                    "600519.SH,贵州茅台,1.5", "000858.SZ,五粮液,2.5")])
    assert store.fact("000858.SZ", "revenue_yoy", "2023A") == 2.5


@pytest.mark.parametrize("name, unit", [("companies.csv", "亿元"), ("index_quotes.csv", "元")])
def test_the_seed_files_ask_nothing(store, name, unit):
    """The seed's comparison table writes growth and YTD as fractions (some above 1: +3499%)."""
    result = import_files(store, [DEMO / name], default_amount_unit=unit, as_of="2024-12-29")
    assert result.facts.added + result.quotes.added > 0


def test_own_long_export_with_metric_codes_asks_nothing(demo_store, tmp_path):
    from workbench.tables import table_rows, write_table

    header, rows = table_rows(demo_store, "financials")
    out = tmp_path / "fin.csv"
    write_table(header, rows, out, "csv")
    result = import_files(demo_store, [out], dry_run=True)
    assert result.facts.added == result.facts.updated == 0


def test_most_of_a_column_beyond_100_percent_is_a_question(demo_store, write_text):
    """Three companies' revenue growth of 2.8, 5.1 and 3.9: as fractions +280%, +510%, +390%."""
    rows = ("证券代码,证券简称,营业收入同比 2022", "300493.SZ,润欣科技,2.8", "688018.SH,乐鑫科技,5.1",
            "688591.SH,泰凌微,3.9")  # a year the store holds no figure of: nothing settles it
    with pytest.raises(ImportQuestions) as info:
        import_files(demo_store, [write_text("g.csv", *rows)], as_of="2024-12-29")
    (q,) = info.value.ratio_units
    assert (q.row, q.example) == (4, 3.9)  # a typical one (the median), 泰凌微's, never the largest


def test_command_line_asks_then_takes_the_answer(tmp_path, write_text, capsys):
    from workbench.cli import main
    from workbench.store import Store

    db = tmp_path / "s.sqlite"
    path = write_text("q.csv", *QUOTES)
    assert main(["import", str(path), "--db", str(db), "--new-store", "--as-of", "2025-01-03"]) == 1
    assert "--ratio-unit percent" in capsys.readouterr().err
    assert main(["import", str(path), "--db", str(db), "--as-of", "2025-01-03", "--ratio-unit", "percent"]) == 0
    with Store(db) as s:
        assert _changes(s) == pytest.approx({k: v / 100 for k, v in PERCENT_CHANGES.items()})
