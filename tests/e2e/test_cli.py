"""The command line end to end: real processes, real store files."""

import csv
import io

import pytest
from openpyxl import load_workbook

from workbench.store import Store


def test_version(cli):
    out = cli("--version")
    assert out.returncode == 0 and out.stdout.startswith("workbench ")


def test_demo_builds_and_refuses_to_overwrite(cli, tmp_path):
    db = tmp_path / "demo.sqlite"
    out = cli("demo", "--db", db)
    assert out.returncode == 0, out.stderr
    with Store(db) as s:
        assert s.counts()["companies"] == 66 and s.counts()["issues"] == 1
    again = cli("demo", "--db", db)
    assert again.returncode != 0 and "--force" in again.stderr and "Traceback" not in again.stderr
    assert cli("demo", "--db", db, "--force").returncode == 0


def test_table_commands(cli, demo_path, tmp_path):
    out = cli("table", "financials", "--db", demo_path)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["ticker", "name", "period", "metric", "value"]
    hit = next(r for r in rows if r["ticker"] == "300493.SZ" and r["metric"] == "revenue" and r["period"] == "2023A")
    assert float(hit["value"]) == pytest.approx(21.6e8)
    quotes = list(csv.DictReader(io.StringIO(cli("table", "quotes", "--db", demo_path).stdout)))
    assert list(quotes[0]) == ["index_code", "name", "date", "close", "change"]
    sse = [q for q in quotes if q["name"] == "上证指数"]
    assert sse == [{"index_code": "000001.SH", "name": "上证指数", "date": "2024-12-27", "close": "3400.14",
                    "change": "0.0095"}]
    xlsx = tmp_path / "companies.xlsx"
    assert cli("table", "companies", "--db", demo_path, "-o", xlsx).returncode == 0
    sheet = load_workbook(xlsx).active
    values = list(sheet.values)
    assert values[0][:2] == ("ticker", "name") and len(values) == 67
    issues = cli("table", "issues", "--db", demo_path, "--format", "csv")
    assert "先进科技主题周报" in issues.stdout


def test_user_errors_are_short_messages(cli, tmp_path, demo_path):
    missing = cli("table", "companies", "--db", tmp_path / "nope.sqlite")
    assert missing.returncode == 1 and "store not found" in missing.stderr and "Traceback" not in missing.stderr
    bad_issue = cli("draft-review", "42", "--db", demo_path)
    assert bad_issue.returncode == 1 and "#42" in bad_issue.stderr and "Traceback" not in bad_issue.stderr
    usage = cli("table", "bogus", "--db", demo_path)
    assert usage.returncode == 2


def test_notes_from_the_command_line(cli, demo_path):
    out = cli("note", "add", "--company", "002384", "--text", "东山精密：软板订单回暖，关注苹果新机备货", "--tag",
              "渠道调研", "--db", demo_path)
    assert out.returncode == 0, out.stderr
    listed = cli("note", "list", "--search", "软板订单", "--db", demo_path)
    assert "002384.SZ" in listed.stdout and "软板订单回暖" in listed.stdout
    bad = cli("note", "add", "--company", "999999", "--text", "x", "--db", demo_path)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    with Store(demo_path) as s:
        assert len(s.notes()) == 4


def test_draft_review_and_copy_forward(cli, demo_path):
    out = cli("draft-review", "latest", "--db", demo_path, "--print")
    assert out.returncode == 0 and "跑输大盘" in out.stdout
    fwd = cli("new-issue", "--from", "latest", "--db", demo_path)
    assert fwd.returncode == 0, fwd.stderr
    with Store(demo_path) as s:
        new = s.issue("latest")
        assert (new.period_start, new.period_end, new.status) == ("2024-12-30", "2025-01-05", "draft")
