"""Amounts whose unit nobody stated are read as 元, but not silently: figures far too small for
the metric when read so (a listed company's revenue of 1234.5 元) stop the import, naming the file,
column and an example row, and asking for the unit (--amount-unit 亿元 or a unit in the header)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files, preview
from workbench.store import Store

YI = 1e8
# the seed's companies.csv layout: amounts in 亿元, no unit anywhere in the header
SEED = ["ticker", "name", "segment", "revenue_2023", "revenue_2023_yoy", "netprofit_2023", "pe_2024e"]
ROWS = [["300493.SZ", "润欣科技", "AIOT soc", "21.6", "0.028", "0.4", "128.3"],
        ["301234.SZ", "测试科技", "PCB", "1234.5", "-0.4567", "-12.3", "-45.6"]]


def refused(store, paths, snapshot, **options) -> ImportFailed:
    before = snapshot(store)
    for dry_run in (False, True):
        with pytest.raises(ImportFailed) as info:
            import_files(store, paths, dry_run=dry_run, **options)
        assert snapshot(store) == before
    return info.value


def test_a_wide_file_in_yi_yuan_without_a_unit_is_refused_naming_file_column_and_row(store, write_csv, snapshot):
    path = write_csv("companies.csv", [SEED] + ROWS)
    err = refused(store, [path], snapshot)
    by_column = {p.column: p for p in err.problems}
    assert set(by_column) == {"revenue_2023", "netprofit_2023"}  # the ratio and PE columns are fine
    revenue = by_column["revenue_2023"]
    assert (revenue.file, revenue.row, revenue.value) == ("companies.csv", 3, "1234.5")  # the largest figure
    for part in ("元", "营业收入", "--amount-unit 亿元", "301234.SZ"):
        assert part in revenue.message, part
    assert by_column["netprofit_2023"].row == 3 and by_column["netprofit_2023"].value == "-12.3"


def test_the_same_file_imports_once_the_unit_is_given(store, write_csv):
    path = write_csv("companies.csv", [SEED] + ROWS)
    import_files(store, [path], default_amount_unit="亿元", as_of="2024-12-27")
    assert store.fact("301234.SZ", "revenue", "2023A") == 1234.5 * YI
    assert store.fact("301234.SZ", "net_profit", "2023A") == -12.3 * YI


def test_a_unit_written_in_the_header_is_trusted_even_for_small_figures(store, write_csv):
    header = ["ticker", "name", "营业收入 2023 [元]"]
    import_files(store, [write_csv("yuan.csv", [header, ["300493.SZ", "润欣科技", "5000"]])], as_of="2024-12-27")
    assert store.fact("300493.SZ", "revenue", "2023A") == 5000.0


def test_figures_in_yuan_pass_without_a_unit(store, write_csv):
    path = write_csv("yuan.csv", [SEED[:4], ["300493.SZ", "润欣科技", "AIOT soc", "2160000000"],
                                  ["301234.SZ", "测试科技", "PCB", "8800"]])  # one small figure among real ones
    import_files(store, [path], as_of="2024-12-27")
    assert store.fact("300493.SZ", "revenue", "2023A") == 2160000000.0


@pytest.mark.parametrize("metric", ["营业收入", "营业总收入"])
def test_a_long_file_without_a_unit_column_is_refused(store, write_csv, snapshot, metric):
    rows = [["代码", "简称", "指标", "报告期", "数值"],
            ["300493.SZ", "润欣科技", metric, "2023", "21.6"],
            ["300493.SZ", "润欣科技", "营业收入同比", "2023", "0.028"],
            ["688018.SH", "乐鑫科技", metric, "2023", "14.3"]]
    err = refused(store, [write_csv("long.csv", rows)], snapshot)
    (p,) = err.problems
    assert (p.file, p.row, p.column, p.value) == ("long.csv", 2, "数值", "21.6")
    assert "--amount-unit" in p.message


def test_a_long_file_naming_metrics_by_their_codes_is_in_the_stores_unit(store, write_csv):
    rows = [["代码", "简称", "指标", "报告期", "数值"], ["300493.SZ", "润欣科技", "revenue", "2023", "2160000000"],
            ["688018.SH", "乐鑫科技", "net_profit", "2023", "5000"]]
    import_files(store, [write_csv("long.csv", rows)], as_of="2024-12-27")
    assert store.fact("688018.SH", "net_profit", "2023A") == 5000.0


def test_a_long_file_whose_unit_column_says_yi_yuan_is_read_so(store, write_csv):
    rows = [["代码", "简称", "指标", "报告期", "数值", "单位"], ["300493.SZ", "润欣科技", "营业收入", "2023", "21.6", "亿元"]]
    import_files(store, [write_csv("long.csv", rows)], as_of="2024-12-27")
    assert store.fact("300493.SZ", "revenue", "2023A") == 21.6 * YI


def test_the_preview_shows_the_question(write_csv):
    pv = preview(write_csv("companies.csv", [SEED] + ROWS))
    assert {p.column for p in pv.problems} == {"revenue_2023", "netprofit_2023"}
    assert not preview(write_csv("c2.csv", [SEED] + ROWS), default_amount_unit="亿元").problems


def test_the_command_line_refuses_with_exit_1_and_the_store_unchanged(tmp_path):
    db = tmp_path / "s.sqlite"
    path = tmp_path / "companies.csv"
    path.write_text("\n".join(",".join(r) for r in [SEED] + ROWS) + "\n", encoding="utf-8")
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("WORKBENCH_DB", None)
    with Store(db):
        pass  # an empty store, made beforehand

    def run(*args):
        return subprocess.run([sys.executable, "-m", "workbench", "import", str(path), "--db", str(db),
                               "--as-of", "2024-12-27", *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=120)

    out = run()
    assert out.returncode == 1 and "Traceback" not in out.stderr
    for part in ("companies.csv", "第 3 行", "revenue_2023", "--amount-unit 亿元"):
        assert part in out.stderr, part
    with Store(db) as s:
        assert s.facts() == [] and s.companies() == []
    ok = run("--amount-unit", "亿元")
    assert ok.returncode == 0, ok.stderr
    with Store(db) as s:
        assert s.fact("301234.SZ", "revenue", "2023A") == 1234.5 * YI
