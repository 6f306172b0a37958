"""What an import leaves on record, through the command line on a demo store: a file with a header
and no data rows is refused (nothing to import, the store unchanged); the unit an import applied to
a column that states none (--amount-unit, --ratio-unit, or the reading the store's own figures chose)
is on the batch's record and in `trace`'s line for the figure; a change too small to show at the
report's precision is traced with the digits that tell old from new; a quotes file imported again
unchanged writes nothing to the change log.

The truth is the file's cells and the store read with plain sqlite3."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from import_testing import dump_tables

from workbench.cli import main

YI = Decimal(100_000_000)
WAN = Decimal(10_000)


def _query(path: Path, sql: str, *params) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _stored(path: Path, ticker: str, metric: str, period: str) -> float | None:
    rows = _query(path, "SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?", ticker, metric, period)
    return rows[0][0] if rows else None


def _csv(path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _run(capsys, argv) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


# --------------------------------------------------------------------------- a header and no data rows

@pytest.mark.parametrize("lines", [
    ("证券代码,证券简称,营业收入(亿元)2024三季报",),
    ("证券代码,证券简称,营业收入(亿元)2024三季报", ",,", "数据来源：Wind"),
    ("指数代码,指数简称,交易日期,收盘价",),
    ("证券代码,证券简称,细分板块",),
])
def test_a_header_without_data_rows_is_refused(db, tmp_path, capsys, lines):
    path = _csv(tmp_path / "hdr.csv", *lines)
    before = dump_tables(db)
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-27"])
    assert code == 1
    assert "hdr.csv" in text and "没有数据行" in text and "no data rows" in text
    assert dump_tables(db) == before  # no batch, no import_log row, nothing else


def test_a_header_only_file_beside_a_good_file_refuses_both(db, tmp_path, capsys):
    good = _csv(tmp_path / "good.csv", "证券代码,证券简称,营业收入(亿元)2024三季报", "300493.SZ,润欣科技,19.3")
    empty = _csv(tmp_path / "hdr.csv", "证券代码,证券简称,营业收入(亿元)2024三季报")
    before = dump_tables(db)
    code, text = _run(capsys, ["import", str(good), str(empty), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 1 and "hdr.csv" in text and "没有数据行" in text
    assert dump_tables(db) == before


# --------------------------------------------------------------------------- the unit applied, on record

def _last_batch(db: Path) -> tuple:
    return _query(db, "SELECT id, file, note FROM change_batches ORDER BY id DESC LIMIT 1")[0]


def test_amount_unit_option_is_recorded_and_traced(db, tmp_path, capsys):
    path = _csv(tmp_path / "nounit.csv", "证券代码,证券简称,营业收入2024三季报", "300493.SZ,润欣科技,193000")
    code, _ = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30", "--amount-unit", "万元"])
    assert code == 0
    assert Decimal(repr(_stored(db, "300493.SZ", "revenue", "2024Q1-Q3"))) == Decimal(193000) * WAN
    _, file, note = _last_batch(db)
    assert file == "nounit.csv"
    (line,) = [x for x in (note or "").splitlines() if "营业收入2024三季报" in x]
    assert "万元" in line and "导入时指定" in line  # (given at import: the option, or the dialog's 金额单位)
    code, text = _run(capsys, ["trace", "300493.SZ", "revenue", "2024Q1-Q3", "--db", str(db)])
    assert code == 0
    last = text.strip().splitlines()[-1]
    assert "nounit.csv" in last and "营业收入2024三季报" in last
    assert "万元" in last and "导入时指定" in last


def test_a_header_unit_is_not_recorded_as_applied(db, tmp_path, capsys):
    path = _csv(tmp_path / "stated.csv", "证券代码,证券简称,营业收入(亿元)2024三季报,归母净利润2024三季报",
                "300493.SZ,润欣科技,19.3,4000")
    code, _ = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30", "--amount-unit", "万元"])
    assert code == 0
    assert Decimal(repr(_stored(db, "300493.SZ", "net_profit", "2024Q1-Q3"))) == Decimal(4000) * WAN
    note = _last_batch(db)[2] or ""
    assert "归母净利润2024三季报" in note  # the column that stated no unit
    assert "营业收入(亿元)2024三季报" not in note  # its header states its own
    _, text = _run(capsys, ["trace", "300493.SZ", "revenue", "2024Q1-Q3", "--db", str(db)])
    assert "--amount-unit" not in text.strip().splitlines()[-1]


def test_ratio_unit_option_is_recorded_and_traced(db, tmp_path, capsys):
    path = _csv(tmp_path / "yoy.csv", "证券代码,证券简称,营业收入同比2024三季报", "300493.SZ,润欣科技,25.5")
    code, _ = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30", "--ratio-unit", "percent"])
    assert code == 0
    assert Decimal(repr(_stored(db, "300493.SZ", "revenue_yoy", "2024Q1-Q3"))) == Decimal("0.255")
    (line,) = [x for x in (_last_batch(db)[2] or "").splitlines() if "营业收入同比2024三季报" in x]
    assert "百分数" in line and "导入时指定" in line
    _, text = _run(capsys, ["trace", "300493.SZ", "revenue_yoy", "2024Q1-Q3", "--db", str(db)])
    last = text.strip().splitlines()[-1]
    assert "yoy.csv" in last and "百分数" in last and "导入时指定" in last


def test_ratio_reading_chosen_by_the_store_is_recorded(db, tmp_path, capsys):
    held = _query(db, "SELECT c.ticker, c.name, f.value FROM companies c JOIN facts f ON f.ticker = c.ticker "
                      "WHERE f.metric = 'revenue_yoy' AND f.period = '2024Q1-Q3' ORDER BY c.ticker")
    assert len(held) >= 5
    # every stored growth written as a percentage, one changed: the store's figures choose percent
    rows = [f"{t},{n},{(Decimal(repr(v)) * 100).normalize():f}" for t, n, v in held]
    t0, n0, v0 = held[0]
    rows[0] = f"{t0},{n0},{(Decimal(repr(v0)) * 100 + 1).normalize():f}"
    path = _csv(tmp_path / "pct.csv", "证券代码,证券简称,营业收入同比2024三季报", *rows)
    code, text = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 0, text
    assert Decimal(repr(_stored(db, t0, "revenue_yoy", "2024Q1-Q3"))) == (Decimal(repr(v0)) * 100 + 1) / 100
    (line,) = [x for x in (_last_batch(db)[2] or "").splitlines() if "营业收入同比2024三季报" in x]
    assert "百分数" in line and "库中" in line
    _, text = _run(capsys, ["trace", t0, "revenue_yoy", "2024Q1-Q3", "--db", str(db)])
    last = text.strip().splitlines()[-1]
    assert "pct.csv" in last and "百分数" in last


# --------------------------------------------------------------------------- old and new told apart

def test_a_change_below_display_precision_is_traced_with_digits_that_differ(db, tmp_path, capsys):
    old = Decimal(repr(_stored(db, "300493.SZ", "revenue", "2024Q1-Q3")))
    cell = old / WAN + Decimal("0.05")  # 500 元 more, written in 万元
    path = _csv(tmp_path / "sub.csv", '证券代码,证券简称,"营业收入\n[报告期] 2024三季\n[单位] 万元"',
                f"300493.SZ,润欣科技,{cell:f}")
    code, _ = _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])
    assert code == 0
    new = Decimal(repr(_stored(db, "300493.SZ", "revenue", "2024Q1-Q3")))
    assert new - old == 500
    _, text = _run(capsys, ["trace", "300493.SZ", "revenue", "2024Q1-Q3", "--db", str(db)])
    last = text.strip().splitlines()[-1]
    assert "sub.csv" in last
    shown_old, shown_new = (s.strip().split()[0] for s in last.rsplit(": ", 1)[1].split("->"))
    assert shown_old != shown_new
    # each figure as shown (亿元) is its stored value, to the digits shown
    for shown, truth in ((shown_old, old), (shown_new, new)):
        places = len(shown.split(".")[1]) if "." in shown else 0
        assert Decimal(shown.replace(",", "")) == (truth / YI).quantize(Decimal(1).scaleb(-places))


def test_a_change_that_shows_is_traced_as_the_file_wrote_it(db, tmp_path, capsys):
    """The entry gives the cell as written (29.55, not the table's 29.6), so it can be confirmed
    against the file; the first line gives the printed figure and names the stored one."""
    path = _csv(tmp_path / "big.csv", "证券代码,证券简称,营业收入(亿元)2024三季报", "300493.SZ,润欣科技,29.55")
    assert _run(capsys, ["import", str(path), "--db", str(db), "--as-of", "2024-12-30"])[0] == 0
    _, text = _run(capsys, ["trace", "300493.SZ", "revenue", "2024Q1-Q3", "--db", str(db)])
    lines = text.strip().splitlines()
    assert lines[-1].endswith("-> 29.55"), lines[-1]
    assert lines[0].endswith("29.6 亿元（库中 stored 29.55 亿元）"), lines[0]
# --------------------------------------------------------------------------- quotes imported again

def test_quotes_imported_again_unchanged_log_nothing(db, tmp_path, capsys):
    rows = _query(db, "SELECT i.code, i.name, q.date, q.close, q.change FROM quotes q JOIN indices i "
                      "ON i.id = q.index_id WHERE i.code IS NOT NULL AND q.close IS NOT NULL ORDER BY i.id, q.date")
    assert rows
    path = _csv(tmp_path / "q.csv", "指数代码,指数简称,交易日期,收盘价,涨跌幅",
                *(f"{c},{n},{d},{x!r},{'' if g is None else repr(g)}" for c, n, d, x, g in rows))
    before = dump_tables(db)
    code, text = _run(capsys, ["import", str(path), "--db", str(db)])
    assert code == 0, text
    after = dump_tables(db)
    assert after["quotes"] == before["quotes"] and after["indices"] == before["indices"]
    assert after["change_log"] == before["change_log"]  # no 'update' of an index that did not change


def test_an_index_renamed_by_a_quotes_file_is_still_logged(db, tmp_path, capsys):
    code, name = _query(db, "SELECT code, name FROM indices WHERE code IS NOT NULL ORDER BY id LIMIT 1")[0]
    path = _csv(tmp_path / "q.csv", "指数代码,指数简称,指数英文名称,交易日期,收盘价",
                f"{code},{name},Renamed Index,2024-12-27,1234.5")
    n = len(_query(db, "SELECT 1 FROM change_log WHERE entity = 'indices'"))
    code_, text = _run(capsys, ["import", str(path), "--db", str(db)])
    assert code_ == 0, text
    assert _query(db, "SELECT name_en FROM indices WHERE code = ?", code) == [("Renamed Index",)]
    assert len(_query(db, "SELECT 1 FROM change_log WHERE entity = 'indices'")) == n + 1
