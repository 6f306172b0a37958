"""`workbench trace`, `workbench verify` and `analyst add` on the real command line."""

from __future__ import annotations

import sqlite3

import pytest


@pytest.fixture
def demo_db(demo_path):
    return demo_path  # (the demo store, built once per session; `workbench demo` itself: test_cli.py)


def no_traceback(r) -> None:
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout


def test_trace_shows_the_value_as_printed_and_where_it_came_from(cli, tmp_path, demo_db):
    csv = tmp_path / "update.csv"
    csv.write_text("ticker,name,period,metric,value\n300493.SZ,润欣科技,2023A,revenue,2234000000\n",
                   encoding="utf-8")
    assert cli("import", csv, "--db", demo_db, "--as-of", "2025-01-03").returncode == 0
    r = cli("trace", "300493.SZ", "revenue", "2023A", "--db", demo_db)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    # 21.6 亿元 in the demo (resources/demo/companies.csv row 2), then 22.34 亿元 from update.csv row 2:
    # printed 22.3, and the stored figure named in full where the table's rounding hides a digit
    assert lines[0] == "300493.SZ 润欣科技 营业收入 (revenue) 2023A: 22.3 亿元（库中 stored 22.34 亿元）"
    assert "演示数据 demo" in lines[1] and lines[1].endswith("-- -> 21.6")
    assert "导入 import" in lines[2] and "文件 file update.csv" in lines[2] and "行 row 2" in lines[2]
    assert "列 column value" in lines[2] and "截至 as of 2025-01-03" in lines[2]
    assert lines[2].endswith("21.6 -> 22.34")  # the file's cell as written (2234000000 元), every digit
    assert len(lines) == 3


def test_trace_names_a_value_inserted_outside_the_workbench(cli, demo_db):
    # 润欣科技's 2024A revenue is not in the demo; a program writes it straight into the file
    con = sqlite3.connect(demo_db, isolation_level=None)
    con.execute("INSERT INTO facts (ticker, metric, period, value) VALUES ('300493.SZ', 'revenue', '2024A', 3e9)")
    con.execute("DELETE FROM facts WHERE ticker = '300493.SZ' AND metric = 'revenue' AND period = '2023A'")
    con.execute("INSERT INTO facts (ticker, metric, period, value) VALUES ('300493.SZ', 'revenue', '2023A', 9e9)")
    con.close()
    r = cli("trace", "300493.SZ", "revenue", "2024A", "--db", demo_db)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1:] == [
        "  (变更记录中没有该数据的条目 no entry in the change log)",
        "  ? 库外写入 written outside the workbench: 变更记录中没有当前值的来源 (no change-log entry accounts for "
        "the current value): -> 30.0"]
    # inserted again after a (logged) delete: the log ends with the delete, the store holds 90 亿元
    lines = cli("trace", "300493.SZ", "revenue", "2023A", "--db", demo_db).stdout.splitlines()
    assert lines[0].endswith(": 90.0 亿元")
    assert "演示数据 demo" in lines[1] and lines[1].endswith("-- -> 21.6")
    assert "库外写入" in lines[2] and lines[2].endswith("21.6 -> --")
    assert lines[3].startswith("  ? 库外写入") and lines[3].endswith("-> 90.0")
    assert len(lines) == 4
    # a figure the workbench wrote carries no such line
    lines = cli("trace", "300493.SZ", "net_profit", "2023A", "--db", demo_db).stdout.splitlines()
    assert len(lines) == 2 and "演示数据 demo" in lines[1]


def test_verify_names_facts_inserted_outside_the_workbench(cli, demo_db):
    assert cli("verify", "--db", demo_db).returncode == 0
    con = sqlite3.connect(demo_db, isolation_level=None)
    con.execute("INSERT INTO facts (ticker, metric, period, value) VALUES ('300493.SZ', 'revenue', '2024A', 3e9)")
    con.close()
    r = cli("verify", "--db", demo_db)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    problems = [line for line in r.stdout.splitlines() if line.startswith("  - ")]
    assert len(problems) == 1
    assert "300493.SZ revenue 2024A" in problems[0] and "库外写入" in problems[0]


def test_a_value_changed_outside_the_workbench_is_not_credited_to_the_import_and_fails_verify(cli, demo_db):
    con = sqlite3.connect(demo_db, isolation_level=None)
    con.execute("UPDATE facts SET value = value * 2 WHERE ticker = '300493.SZ' AND metric = 'revenue' "
                "AND period = '2023A'")
    con.close()
    lines = cli("trace", "300493.SZ", "revenue", "2023A", "--db", demo_db).stdout.splitlines()
    # the demo's 21.6 亿元 (companies.csv row 2), then doubled by a program writing the file
    assert "演示数据 demo" in lines[1] and "行 row 2" in lines[1]
    assert "库外写入" in lines[2] and lines[2].endswith("21.6 -> 43.2")
    for word in ("行 row", "列 column", "来源 source", "截至 as of", "文件 file"):
        assert word not in lines[2]
    assert len(lines) == 3
    r = cli("verify", "--db", demo_db)
    assert r.returncode == 1
    no_traceback(r)
    problems = [line for line in r.stdout.splitlines() if line.startswith("  - ")]
    assert len(problems) == 1
    assert "300493.SZ revenue 2023A" in problems[0] and "库外" in problems[0]


def test_verify_counts_what_it_does_not_list(cli, demo_db):
    con = sqlite3.connect(demo_db, isolation_level=None)
    con.executemany("INSERT INTO facts (ticker, metric, period, value) VALUES ('300493.SZ', 'revenue', ?, 1e9)",
                    [(f"{year}A",) for year in range(2001, 2016)])
    con.close()
    r = cli("verify", "--db", demo_db)
    assert r.returncode != 0
    problems = [line for line in r.stdout.splitlines() if line.startswith("  - ")]
    assert sum("库外写入，" in p for p in problems) == 10
    assert "另有 5 个" in problems[-1]


@pytest.mark.parametrize("args, message", [
    (("999999.SZ", "revenue", "2023A"), "no company"),
    (("300493.SZ", "revenu", "2023A"), "unknown metric"),
    (("300493.SZ", "revenue", "2019A"), "no such figure"),
])
def test_trace_of_something_unknown_is_a_clear_message(cli, demo_db, args, message):
    r = cli("trace", *args, "--db", demo_db)
    assert r.returncode == 1 and message in r.stderr
    no_traceback(r)


def test_verify_passes_then_names_the_first_broken_link(cli, demo_db):
    r = cli("verify", "--db", demo_db)
    assert r.returncode == 0 and "0" in r.stdout
    assert cli("status", "1", "review", "--db", demo_db).returncode == 0
    assert cli("status", "1", "final", "--db", demo_db).returncode == 0
    r = cli("verify", "--db", demo_db)
    assert r.returncode == 0 and "verified" in r.stdout
    con = sqlite3.connect(demo_db, isolation_level=None)
    guard = con.execute("SELECT sql FROM sqlite_master WHERE name = 'issue_versions_no_update'").fetchone()[0]
    con.execute("DROP TRIGGER issue_versions_no_update")
    con.execute("UPDATE issue_versions SET pdf = x'255044462d312e34' WHERE issue_id = 1")
    con.execute(guard)
    con.close()
    r = cli("verify", "--db", demo_db)
    assert r.returncode == 1 and "第 1 期 v1" in r.stdout and "first broken link" in r.stdout
    no_traceback(r)
    r = cli("export", "1", "--db", demo_db, "-o", demo_db.parent / "out.pdf")
    assert r.returncode == 1 and "SHA-256" in r.stderr
    assert not (demo_db.parent / "out.pdf").exists()


def test_analyst_add_with_a_registered_sac_number_is_refused(cli, demo_db):
    r = cli("analyst", "add", "--name", "王冒名", "--sac", "S0990520080001", "--db", demo_db)
    assert r.returncode == 1 and "analyst edit" in r.stderr
    no_traceback(r)
    listed = cli("analyst", "list", "--db", demo_db).stdout
    assert "林思远 执业证书编号 S0990520080001" in listed and "王冒名" not in listed
