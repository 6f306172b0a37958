"""A quotes file dated by its 交易日期 column: the as-of date is its latest trade date, said as such,
never the day the file was saved."""

from __future__ import annotations

import csv
import os
import time

from workbench.imports import import_files, preview

ROWS = [["指数代码", "指数名称", "交易日期", "收盘价", "涨跌幅(%)"],
        ["000001.SH", "上证指数", "2024-12-30", "3407.33", "0.21"],
        ["000001.SH", "上证指数", "2025-01-03", "3211.43", "-1.57"],
        ["000300.SH", "沪深300", "2024-12-31", "3935.00", "-1.0"],
        ["000300.SH", "沪深300", "2025-01-02", "3820.00", "-2.9"]]
LATEST = max(r[2] for r in ROWS[1:])  # the truth: the file's own latest trade date


def write(tmp_path):
    path = tmp_path / "D_quotes.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(ROWS)
    now = time.time()
    os.utime(path, (now, now))  # saved today: the clock must not date the quotes
    return path


def test_the_as_of_date_is_the_latest_trade_date_in_the_file(store, tmp_path):
    path = write(tmp_path)
    result = import_files(store, [path])
    (f,) = result.files
    assert f.as_of == LATEST
    assert f.as_of_from == "column"
    assert "修改时间" not in f.summary() and not any("修改时间" in w for w in f.warnings)
    assert f"截至 as of {LATEST}（文件中最新的交易日期 the latest trade date in the file）" in f.summary()
    batch = store.rows("SELECT as_of FROM change_batches WHERE file = ?", [path.name])
    assert {b["as_of"] for b in batch} == {LATEST}


def test_the_preview_shows_the_latest_trade_date(store, tmp_path):
    assert preview(write(tmp_path), store=store).as_of == LATEST


def test_a_given_as_of_date_still_wins(store, tmp_path):
    (f,) = import_files(store, [write(tmp_path)], as_of="2025-01-04").files
    assert (f.as_of, f.as_of_from) == ("2025-01-04", "given")
