"""A line of its own stating the amount unit (单位：万元, 单位:亿元, （单位：亿元）) above the header or at
the bottom of the sheet, as the workbench's own comparison .xlsx ends: never a data row (no "ticker
is empty" refusal), and the unit of the amount columns whose header states none. A header's own
unit still wins. The comparison .xlsx imported back without --amount-unit lands every printed
figure as written and leaves everything else as it was.

Through the command line, on a demo store; the truth is the file's cells (times the unit the line
states) and the store's values before the import, read with sqlite3."""

from __future__ import annotations

import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from workbench.cli import main

YI = Decimal(100_000_000)
WAN = Decimal(10_000)
UNITS = {"万元": WAN, "亿元": YI}


def _facts(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        return {(t, m, p): v for t, m, p, v in con.execute("SELECT ticker, metric, period, value FROM facts")}
    finally:
        con.close()


def _run(capsys, argv) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def _written(db: Path, ticker: str, unit: str, more: Decimal = Decimal(0)) -> str:
    """The store's 24Q1-Q3 revenue of ``ticker`` written in ``unit`` (plus ``more``), as a file in that unit writes it."""
    stored = Decimal(repr(_facts(db)[(ticker, "revenue", "2024Q1-Q3")]))
    return format((stored / UNITS[unit] + more).normalize(), "f")


@pytest.mark.parametrize("line", ["单位：万元", "单位:亿元", "（单位：亿元）", "(单位：万元)"])
@pytest.mark.parametrize("where", ["top", "bottom"])
def test_a_unit_line_is_no_data_row_and_the_unit_of_columns_stating_none(db, tmp_path, capsys, line, where):
    unit = "万元" if "万元" in line else "亿元"
    rx = _written(db, "300493.SZ", unit, Decimal("0.5"))  # a revised figure
    lx = _written(db, "002475.SZ", unit)
    rows = ["证券代码,证券简称,营业收入2024三季报", f"300493.SZ,润欣科技,{rx}", f"002475.SZ,立讯精密,{lx}"]
    rows = [f"{line},,", *rows] if where == "top" else [*rows, ",,", f"{line},,", "资料来源：Wind,,"]
    path = tmp_path / "u.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gbk"))
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 0, text
    facts = _facts(db)
    assert Decimal(repr(facts[("300493.SZ", "revenue", "2024Q1-Q3")])) == Decimal(rx) * UNITS[unit]
    assert Decimal(repr(facts[("002475.SZ", "revenue", "2024Q1-Q3")])) == Decimal(lx) * UNITS[unit]


def test_a_unit_line_at_the_bottom_of_an_xlsx(db, tmp_path, capsys):
    rx = _written(db, "300493.SZ", "万元", Decimal(3))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["证券代码", "证券简称", "营业收入2024三季报"])
    ws.append(["300493.SZ", "润欣科技", float(rx)])
    ws.append([])
    ws.append(["单位：万元"])
    path = tmp_path / "u.xlsx"
    wb.save(path)
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 0, text
    assert Decimal(repr(_facts(db)[("300493.SZ", "revenue", "2024Q1-Q3")])) == Decimal(rx) * WAN


def test_the_header_unit_wins_over_a_unit_line_at_the_bottom(db, tmp_path, capsys):
    yi = _written(db, "300493.SZ", "亿元", Decimal("0.1"))
    path = tmp_path / "h.csv"
    path.write_bytes("\r\n".join(["证券代码,证券简称,营业收入(亿元)2024三季报", f"300493.SZ,润欣科技,{yi}",
                                  "单位：万元,,"]).encode("utf-8"))
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 0, text
    assert Decimal(repr(_facts(db)[("300493.SZ", "revenue", "2024Q1-Q3")])) == Decimal(yi) * YI


# the comparison .xlsx's columns, as its two header rows name them: group, then the row below
GROUPS = {"营业收入": "revenue", "归母净利润": "net_profit"}
PERIODS = {"2023": "2023A", "24Q1-Q3": "2024Q1-Q3"}


def _figure(group: str, below: str) -> tuple[str, str, Decimal]:
    """Metric, period and the factor to the store's unit of one column of the comparison .xlsx."""
    if group in GROUPS:
        period, _, yoy = below.partition(" ")
        return (GROUPS[group] + "_yoy", PERIODS[period], Decimal(1)) if yoy == "YoY" else \
            (GROUPS[group], PERIODS[period], YI)
    if below.startswith("PE "):
        return "pe", below.split()[1], Decimal(1)
    assert below == "年初至今", below
    return "ytd_return", "2024YTD", Decimal(1)


def test_the_comparison_xlsx_round_trips_by_its_own_unit_line(db, tmp_path, capsys):
    """No --amount-unit: the sheet's 单位：亿元 at the bottom says how its amounts are written. Every
    figure it prints lands as printed (the stored one at the sheet's precision before); the store's
    other figures are left as they were."""
    path = tmp_path / "table.xlsx"
    assert main(["export", "1", "--db", str(db), "-o", str(path)]) == 0
    ws = openpyxl.load_workbook(path).active
    rows = list(ws.iter_rows())
    assert any(r[0].value == "单位：亿元" for r in rows[-4:])  # the export states its unit at the bottom
    groups, group = [], None
    for top in rows[1]:
        group = top.value or group
        groups.append(group)
    columns = {i: _figure(groups[i], cell.value) for i, cell in enumerate(rows[2]) if i >= 3}
    printed = {}
    for r in rows[3:]:
        if not isinstance(r[1].value, str) or "." not in r[1].value:
            continue
        for i, (metric, period, factor) in columns.items():
            if isinstance(r[i].value, (int, float)):
                printed[(r[1].value, metric, period)] = (Decimal(repr(r[i].value)), factor, r[i].number_format)
    assert len(printed) > 500
    before = _facts(db)
    capsys.readouterr()
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 0, text
    after = _facts(db)
    assert after.keys() == before.keys()
    for key, value in after.items():
        if key not in printed:
            assert value == before[key], key
            continue
        cell, factor, fmt = printed[key]
        assert Decimal(repr(value)) == cell * factor, key
        places = Decimal("0.1") if fmt == "0.0" else Decimal("0.0001")  # 0.00% is a fraction to 4 places
        assert (Decimal(repr(before[key])) / factor).quantize(places, ROUND_HALF_UP) == cell, key


@pytest.mark.parametrize("where", ["top", "bottom"])
def test_trace_names_the_line_that_gave_the_unit(db, tmp_path, capsys, where):
    """The unit a line stated is recorded as that line's: a title row above the header is called the
    title row, a unit line at the bottom of the sheet the bottom line, so an auditor looks at the
    right row of the file."""
    rx = _written(db, "300493.SZ", "万元", Decimal(7))
    rows = ["证券代码,证券简称,营业收入2024三季报", f"300493.SZ,润欣科技,{rx}"]
    rows = ["科技重点公司对比（单位：万元）,,", *rows] if where == "top" else [*rows, ",,", "单位：万元,,"]
    path = tmp_path / "t.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])[0] == 0
    _, text = _run(capsys, ["trace", "300493.SZ", "revenue", "2024Q1-Q3", "--db", str(db)])
    last = text.strip().splitlines()[-1]
    assert "万元" in last
    if where == "top":
        assert "标题行" in last and "底部" not in last, last
    else:
        assert "底部" in last and "标题行" not in last, last
