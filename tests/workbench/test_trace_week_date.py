"""`trace` by the week's date: an index with no close on the date given (创业板指 on a Friday it did not
trade) is traced at that week's last close, saying whose it is (截至1月2日), as the market review
prints it; a company's close named without a date is its latest, naming the date; the refusal that
lists the period forms gives the date form too.

Through the command line (``main``) on the demo store; the truth is the closes the test writes and the
demo's quotes read with sqlite3, with decimal arithmetic."""

from __future__ import annotations

import sqlite3
from decimal import ROUND_HALF_UP, Decimal

import pytest

from workbench.cli import main

WEEK = [("2024-12-30", "2199.10"), ("2024-12-31", "2141.60"), ("2025-01-02", "2074.71")]  # no close on 1月3日


def _close(db, code: str, day: str) -> Decimal:
    con = sqlite3.connect(db)
    try:
        (value,) = con.execute("SELECT q.close FROM quotes q JOIN indices i ON i.id = q.index_id "
                               "WHERE i.code = ? AND q.date = ?", [code, day]).fetchone()
        return Decimal(repr(value))
    finally:
        con.close()


@pytest.fixture
def db(demo_path, tmp_path, capsys):
    path = tmp_path / "week2.csv"
    path.write_text("代码,名称,日期,收盘价\n" + "".join(f"399006.SZ,创业板指,{d},{c}\n" for d, c in WEEK),
                    encoding="utf-8")
    assert main(["import", str(path), "--db", str(demo_path)]) == 0
    capsys.readouterr()
    return demo_path


@pytest.mark.parametrize("figure", ["周涨跌幅", "change"])
def test_the_weeks_date_traces_the_weeks_last_close_and_says_whose(db, capsys, figure):
    assert main(["trace", "399006.SZ", figure, "2025-01-03", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    base = _close(db, "399006.SZ", "2024-12-27")
    expected = ((Decimal(WEEK[-1][1]) / base - 1) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert lines[0].rstrip().endswith(f"{expected:+}%"), lines[0]
    assert "截至1月2日" in lines[0] and "2025-01-02" in lines[0]
    assert any("2025-01-03 没有收盘" in line and "1月2日" in line for line in lines[:3]), lines[:3]


def test_the_weeks_date_traces_that_weeks_last_close(db, capsys):
    assert main(["trace", "创业板指", "close", "2025-01-05", "--db", str(db)]) == 0  # the period end
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].rstrip().endswith(f"{Decimal(WEEK[-1][1]):.2f} 点") and "截至1月2日" in lines[0], lines[0]


def test_a_date_of_a_week_without_a_close_is_refused_naming_the_latest_before_it(db, capsys):
    assert main(["trace", "创业板指", "close", "2025-01-10", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "2025-01-06 至 2025-01-12" in err and "2025-01-02" in err


@pytest.fixture
def with_closes(demo_path, tmp_path, capsys):
    path = tmp_path / "closes.csv"
    path.write_text("证券代码,证券简称,收盘价(元)[2025-01-02],总市值(亿元)[2025-01-02]\n300308.SZ,中际旭创,"
                    "118.56,1330.2\n", encoding="utf-8")
    assert main(["import", str(path), "--db", str(demo_path)]) == 0
    path.write_text("证券代码,证券简称,收盘价(元)[2025-01-03]\n300308.SZ,中际旭创,116.02\n", encoding="utf-8")
    assert main(["import", str(path), "--db", str(demo_path)]) == 0
    capsys.readouterr()
    return demo_path


@pytest.mark.parametrize("figure", ["close", "收盘价"])
def test_a_companys_close_without_a_date_is_its_latest_naming_the_date(with_closes, capsys, figure):
    assert main(["trace", "300308.SZ", figure, "--db", str(with_closes)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "2025-01-03" in lines[0] and "116.02" in lines[0], lines[0]
    assert any("未给日期" in line and "2025-01-03" in line for line in lines[:3]), lines[:3]


def test_a_companys_close_on_a_date_is_that_days(with_closes, capsys):
    assert main(["trace", "300308.SZ", "close", "2025-01-02", "--db", str(with_closes)]) == 0
    assert "118.56" in capsys.readouterr().out.splitlines()[0]


def test_the_period_forms_a_refusal_lists_give_the_date_form(demo_path, capsys):
    assert main(["trace", "300308.SZ", "营业收入", "--db", str(demo_path)]) == 1  # a report figure needs its period
    err = capsys.readouterr().err
    assert "没有给出期间 (no period given)" in err and "2025-01-03" in err and "收盘价" in err


def test_a_companys_close_on_a_weeks_date_without_one_is_the_weeks_last(with_closes, capsys):
    assert main(["trace", "300308.SZ", "close", "2025-01-05", "--db", str(with_closes)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "2025-01-03" in lines[0] and "116.02" in lines[0], lines[0]
    assert any("2025-01-05 没有收盘价" in line and "2025-01-03" in line for line in lines[:3]), lines[:3]
