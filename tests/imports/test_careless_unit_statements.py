"""What a title or closing line's 单位 says, and what the store's own figures say about a unit.

- 单位 is a unit only as a statement (单位：元 then the end, a bracket or punctuation): the title
  line 填报单位：元器件事业部 or 编制单位：万元证券研究所 names an organisation, no unit, and never
  overrides the --amount-unit the user typed.
- A title line's unit that disagrees with an explicit --amount-unit is refused naming both.
- 单位：千元 / 单位：百万元 / 单位：人民币百万元 lines set the unit as a header does.
- The store-evidence check names the unit from the actual power of the gap (10^3 read as 元 is
  千元, never "about 10^4, 万元"), asks about a gap of 10^2 or more after a given unit, and when it
  can name no unit says so in words.
- One overlapping row, or a stored figure near zero (prints 0.0 亿元), or a sign change, is no
  evidence of a unit: a real revision of a break-even company imports.

Through the command line, on demo stores, with the QA's files; the truth is the file's cells (times
the unit they are in) and the store's prior values, read with sqlite3; refusals leave every table
as it was."""

from __future__ import annotations

from decimal import Decimal

import pytest

from import_testing import dump_tables, stored_value, write_csv

from workbench.cli import main

YI = Decimal(100_000_000)
NAMES = {"300493.SZ": "润欣科技", "688018.SH": "乐鑫科技", "688591.SH": "泰凌微"}


def _run(capsys, argv) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def _refused(capsys, argv, db) -> str:
    before = dump_tables(db)
    code, out = _run(capsys, argv)
    assert code != 0, out
    assert dump_tables(db) == before  # nothing written
    return out


def _yi(db, ticker, metric="revenue", period="2023A") -> Decimal:
    return Decimal(repr(stored_value(db, ticker, metric, period))) / YI


# --------------------------------------------------------------------------- 2: 单位 as a word's start

@pytest.mark.parametrize("title", ["填报单位：元器件事业部", "编制单位：万元证券研究所"])
def test_an_organisation_after_danwei_is_no_unit_and_the_option_holds(db, tmp_path, capsys, title):
    """The QA's file: 3336000 万元 is 333.6 亿元, never 0.0 亿元 read as 元."""
    path = write_csv(tmp_path / "tb2.csv", [title, "代码,简称,营业收入2023年报", "600111.SH,北方稀土,3336000",
                                            "600222.SH,太龙药业,180000"], "utf-8")
    code, out = _run(capsys, ["import", str(path), "--db", str(db), "--amount-unit", "万元", "--as-of",
                              "2024-12-27", "--new-company", "600111.SH", "--new-company", "600222.SH"])
    assert code == 0, out
    assert Decimal(repr(stored_value(db, "600111.SH", "revenue", "2023A"))) == Decimal(3336000) * 10_000
    assert Decimal(repr(stored_value(db, "600222.SH", "revenue", "2023A"))) == Decimal(180000) * 10_000


def test_an_organisation_after_danwei_asks_nothing_of_stored_figures_in_the_option_unit(db, tmp_path, capsys):
    """The QA's circular case: the stored figures written in 亿元, --amount-unit 亿元 given."""
    rx, lx = _yi(db, "300493.SZ"), _yi(db, "688018.SH")
    path = write_csv(tmp_path / "tianbao.csv", ["填报单位：元器件事业部", "代码,简称,营业收入2023年报",
                                                f"300493.SZ,润欣科技,{rx + Decimal('0.5')}",
                                                f"688018.SH,乐鑫科技,{lx + Decimal('0.5')}"], "utf-8")
    code, out = _run(capsys, ["import", str(path), "--db", str(db), "--amount-unit", "亿元", "--as-of",
                              "2024-12-30"])
    assert code == 0, out
    assert Decimal(repr(stored_value(db, "300493.SZ", "revenue", "2023A"))) == (rx + Decimal("0.5")) * YI


def test_a_title_unit_disagreeing_with_the_option_is_refused_naming_both(db, tmp_path, capsys):
    path = write_csv(tmp_path / "t.csv", ["单位：万元", "代码,简称,营业收入2023年报", "600111.SH,北方稀土,3336000"],
                     "utf-8")
    out = _refused(capsys, ["import", str(path), "--db", str(db), "--amount-unit", "亿元", "--as-of",
                            "2024-12-27", "--new-company", "600111.SH"], db)
    assert "t.csv" in out and "万元" in out and "亿元" in out


# --------------------------------------------------------------------------- 3: 千元, 百万元

@pytest.mark.parametrize("line,factor", [("单位：千元", 1_000), ("单位：百万元", 1_000_000),
                                         ("（单位：人民币百万元）", 1_000_000), ("单位：人民币千元", 1_000),
                                         ("单位：千元人民币", 1_000)])
@pytest.mark.parametrize("where", ["top", "bottom"])
def test_qian_and_baiwan_lines_set_the_unit(db, tmp_path, capsys, line, factor, where):
    """Each stored 2023 revenue plus a small revision, written in the line's unit, lands as written times the unit."""
    rows = []
    truth = {}
    for t, n in (("300493.SZ", "润欣科技"), ("688018.SH", "乐鑫科技"), ("688591.SH", "泰凌微")):
        cell = (_yi(db, t) * YI / factor + 7).normalize()
        rows.append(f"{t},{n},{format(cell, 'f')}")
        truth[t] = cell * factor
    lines = ["代码,简称,营业收入2023年报", *rows]
    lines = [line, *lines] if where == "top" else [*lines, line]
    path = write_csv(tmp_path / "q.csv", lines, "utf-8")
    code, out = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 0, out
    for t, v in truth.items():
        assert Decimal(repr(stored_value(db, t, "revenue", "2023A"))) == v


def _file_in(db, tmp_path, name, factor, tickers=("300493.SZ", "688018.SH", "688591.SH")):
    rows = [f"{t},{NAMES[t]},{format((_yi(db, t) * YI / factor).normalize(), 'f')}" for t in tickers]
    return write_csv(tmp_path / name, ["代码,简称,营业收入2023年报", *rows], "utf-8")


def test_a_qian_gap_is_named_qian_never_rounded_to_wan(db, tmp_path, capsys):
    """A 千元 file stating no unit read as 元 is 10^3 off: the advice is 千元, never 万元."""
    path = _file_in(db, tmp_path, "qian.csv", 1_000)
    out = _refused(capsys, ["import", str(path), "--db", str(db), "--dry-run", "--as-of", "2024-12-30"], db)
    assert "10^3" in out and "--amount-unit 千元" in out
    assert "10^4" not in out and "--amount-unit 万元" not in out


def test_a_tenfold_gap_after_a_given_unit_is_a_restatement_and_not_asked(db, tmp_path, capsys):
    """The guard kept: 10x off the store after a given unit is within a real restatement's size."""
    path = _file_in(db, tmp_path, "qian.csv", 1_000)
    # a 10^1 gap after a given unit is a restatement's size: not asked (the guard the brief keeps)
    code, _ = _run(capsys, ["import", str(path), "--db", str(db), "--dry-run", "--as-of", "2024-12-30",
                            "--amount-unit", "万元"])
    assert code == 0


@pytest.mark.parametrize("option", ["亿元", "万元"])
def test_a_baiwan_file_given_yi_or_wan_is_asked_naming_baiwan(db, tmp_path, capsys, option):
    path = _file_in(db, tmp_path, "baiwan.csv", 1_000_000)
    out = _refused(capsys, ["import", str(path), "--db", str(db), "--dry-run", "--as-of", "2024-12-30",
                            "--amount-unit", option], db)
    assert "10^2" in out and "--amount-unit 百万元" in out and f"--amount-unit {option}" in out


def test_a_gap_no_unit_explains_is_asked_in_words(db, tmp_path, capsys):
    """A file 10^5 off (no unit of 元, 千元, 万元, 百万元, 亿元 explains it): asked, saying no unit can be named."""
    path = _file_in(db, tmp_path, "odd.csv", 100_000)
    out = _refused(capsys, ["import", str(path), "--db", str(db), "--dry-run", "--as-of", "2024-12-30"], db)
    assert "10^5" in out
    assert "无法" in out and "--amount-unit 指明" not in out


# --------------------------------------------------------------------------- 5: one cell, near zero

def test_a_break_even_revision_in_yuan_imports(db, tmp_path, capsys):
    """The QA's case: a near-zero stored profit (3 万元) revised to -80000000 元 by a 元 file."""
    nz1 = write_csv(tmp_path / "nz1.csv", ["证券代码,证券简称,归母净利润(亿元)2024三季报", "688591.SH,泰凌微,0.0003"],
                    "utf-8")
    code, out = _run(capsys, ["import", str(nz1), "--db", str(db), "--as-of", "2025-01-05"])
    assert code == 0, out
    nz2 = write_csv(tmp_path / "nz2.csv", ["证券代码,证券简称,归母净利润2024三季报", "688591.SH,泰凌微,-80000000"],
                    "utf-8")
    code, out = _run(capsys, ["import", str(nz2), "--db", str(db), "--as-of", "2025-01-10"])
    assert code == 0, out
    assert stored_value(db, "688591.SH", "net_profit", "2024Q1-Q3") == -80000000


def test_one_overlapping_row_is_no_evidence(db, tmp_path, capsys):
    """A single 万元 cell read as 元 against one stored figure: the old threshold decides (the figure
    read as 元 is far below any listed company's revenue), never a store-evidence question."""
    path = _file_in(db, tmp_path, "one.csv", 10_000, tickers=("300493.SZ",))
    out = _refused(capsys, ["import", str(path), "--db", str(db), "--dry-run", "--as-of", "2024-12-30"], db)
    assert "库中同一公司" not in out  # no stored-vs-file evidence shown
