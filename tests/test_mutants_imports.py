"""Import rules of this release, each from a second side: percentages written as text are the decimal
written over 100; a figure imported again is unchanged only when it is the same decimal (a restated
amount a few yuan apart is a change); a growth column of small percentages written without a unit is
a question, never stored as fractions 100 times too big."""

from __future__ import annotations

import pytest

from workbench.domain.values import parse_number
from workbench.imports import ImportQuestions, RatioUnitQuestion, import_files


def write(tmp_path, name: str, *lines: str):
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


# the fraction of each percentage, shifted by hand in its decimal text: the nearest double to it
@pytest.mark.parametrize("text, fraction", [("12.745%", "0.12745"), ("2.8%", "0.028"), ("-36.55%", "-0.3655"),
                                            ("(1.255%)", "-0.01255"), ("12.745％", "0.12745"),
                                            ("0.07%", "0.0007"), ("1,234.5%", "12.345")])
def test_a_percentage_written_as_text_is_the_fraction_of_its_decimal(text, fraction):
    assert parse_number(text) == float(fraction)


# ------------------------------------------------------------------ a figure imported again

def _revenue(store, ticker="600519.SH"):
    return store.fact(ticker, "revenue", "2023A")


def test_a_restated_amount_a_hundred_yuan_apart_is_an_update(store, tmp_path):
    header = "证券代码,证券简称,营业收入(元) 2023"
    import_files(store, [write(tmp_path, "a.csv", header, "600519.SH,贵州茅台,177185000000")], as_of="2024-12-29")
    assert _revenue(store) == 177185000000.0
    result = import_files(store, [write(tmp_path, "b.csv", header, "600519.SH,贵州茅台,177185000100")],
                          as_of="2024-12-29")
    assert _revenue(store) == 177185000100.0  # the file's figure, not the one stored before
    assert result.facts.updated == 1 and result.facts.unchanged == 0


def test_a_long_file_restating_a_profit_to_the_yuan_is_an_update(store, tmp_path):
    header = "代码,简称,报告期,指标,数值,单位"
    import_files(store, [write(tmp_path, "a.csv", header, "600519.SH,贵州茅台,2023年报,归母净利润,74734071550.75,元")],
                 as_of="2024-12-29")
    assert store.fact("600519.SH", "net_profit", "2023A") == 74734071550.75
    result = import_files(store, [write(tmp_path, "b.csv", header,
                                        "600519.SH,贵州茅台,2023年报,归母净利润,74734071600.75,元")], as_of="2024-12-29")
    assert store.fact("600519.SH", "net_profit", "2023A") == 74734071600.75
    assert result.facts.updated == 1


# ------------------------------------------------------------------ ratios stating no unit

# net profit growth of five companies in percent under a bare header: 2.5 means +2.5%; read as
# fractions every one of them would be +250% .. +830%
SMALL_PERCENTAGES = ("证券代码,证券简称,归母净利润同比 2023", "600519.SH,贵州茅台,2.5", "000858.SZ,五粮液,8.3",
                     "600036.SH,招商银行,5.1", "601318.SH,中国平安,6.4", "000333.SZ,美的集团,-3.2")


def test_a_growth_column_of_small_percentages_without_a_unit_is_a_question(store, tmp_path):
    path = write(tmp_path, "g.csv", *SMALL_PERCENTAGES)
    with pytest.raises(ImportQuestions) as info:
        import_files(store, [path], as_of="2024-12-29")
    asked = [p for p in info.value.problems if isinstance(p, RatioUnitQuestion)]
    assert [(q.file, q.column) for q in asked] == [("g.csv", "归母净利润同比 2023")]
    assert store.facts() == []
    import_files(store, [path], as_of="2024-12-29", ratio_unit="percent")
    assert store.fact("600519.SH", "net_profit_yoy", "2023A") == pytest.approx(0.025)
    assert store.fact("000333.SZ", "net_profit_yoy", "2023A") == pytest.approx(-0.032)


def test_the_command_line_stores_no_small_percentage_as_a_fraction(tmp_path, capsys):
    from workbench.cli import main
    from workbench.store import Store

    db = tmp_path / "s.sqlite"
    path = write(tmp_path, "g.csv", *SMALL_PERCENTAGES)
    assert main(["import", str(path), "--db", str(db), "--new-store", "--as-of", "2024-12-29"]) == 1
    err = capsys.readouterr().err
    assert "--ratio-unit" in err and "Traceback" not in err
    with Store(db) as s:
        assert s.fact("000858.SZ", "net_profit_yoy", "2023A") is None
