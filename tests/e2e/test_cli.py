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
    assert list(rows[0]) == ["ticker", "name", "period", "metric", "value", "as_of"]  # the as-of date travels with each figure
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
    assert out.returncode == 0, out.stderr
    assert ("本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；深证成指报收 10659.98 点，周涨跌幅为+0.13%；"
            "创业板指报收 2204.90 点，周涨跌幅为-0.22%；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
            "中证人工智能指数报收 1321.33 点，周涨跌幅为-0.57%，跑输大盘。") in out.stdout
    fwd = cli("new-issue", "--from", "latest", "--db", demo_path)
    assert fwd.returncode == 0, fwd.stderr
    with Store(demo_path) as s:
        new = s.issue("latest")
        assert (new.period_start, new.period_end, new.status) == ("2024-12-30", "2025-01-05", "draft")


def test_check_export_status_and_diff(cli, demo_path, tmp_path):
    from pypdf import PdfReader

    check = cli("check", "latest", "--db", demo_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "preflight passed" in check.stdout
    nowhere = cli("export", "latest", "--db", demo_path, "-o", tmp_path / "missing" / "demo.pdf")
    assert nowhere.returncode == 1 and "does not exist" in nowhere.stderr
    pdf = tmp_path / "demo.pdf"
    out = cli("export", "latest", "--db", demo_path, "-o", pdf)
    assert out.returncode == 0, out.stderr
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", "").replace(" ", "")
    assert "证券研究报告" in text and "3400.14" in text
    assert cli("status", "1", "review", "--db", demo_path, "--by", "林思远").returncode == 0
    final = cli("status", "1", "final", "--db", demo_path, "--by", "王编辑")
    assert final.returncode == 0 and "SHA-256" in final.stdout
    again = cli("status", "1", "draft", "--db", demo_path)
    assert again.returncode == 1 and "correct" in again.stderr
    assert cli("new-issue", "--from", "1", "--db", demo_path).returncode == 0
    diff = cli("diff", "1", "2", "--db", demo_path)
    # the new year moves the YTD column: a change of period, said so, not "no changes"
    assert diff.returncode == 0 and "no changes" not in diff.stdout
    assert any("2024YTD" in line and "2025YTD" in line for line in diff.stdout.splitlines())
    corr = cli("correct", "1", "--reason", "更正数据", "--db", demo_path)
    assert corr.returncode == 0 and "v2" in corr.stdout


def test_check_blocks_and_export_refuses(cli, demo_path, tmp_path):
    with Store(demo_path) as s:
        issue = s.issue("latest")
        issue.risks = []
        s.save_issue(issue)
        s.db.execute("UPDATE analysts SET sac_no = 'S12345' WHERE id = 1")
    check = cli("check", "latest", "--db", demo_path)
    assert check.returncode == 3
    assert "[风险提示]" in check.stdout and "[署名分析师 1 执业证书编号]" in check.stdout
    pdf = tmp_path / "blocked.pdf"
    out = cli("export", "latest", "--db", demo_path, "-o", pdf)
    assert out.returncode != 0 and not pdf.exists() and "Traceback" not in out.stderr


def test_import_command(cli, store, tmp_path):
    store.close()
    src = tmp_path / "quotes.csv"
    src.write_text("代码,名称,日期,收盘价,涨跌幅\n000300.SH,沪深300,2025-01-03,3775.16,-5.17%\n", encoding="gbk")
    db = tmp_path / "store.sqlite"
    dry = cli("import", src, "--db", db, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    with Store(db) as s:
        assert s.counts()["quotes"] == 0
    real = cli("import", src, "--db", db)
    assert real.returncode == 0, real.stderr
    with Store(db) as s:
        q = s.all_quotes()
        assert q[0]["close"] == 3775.16 and q[0]["change"] == pytest.approx(-0.0517)
    bad = tmp_path / "bad.csv"
    bad.write_text("ticker,name,period,metric,value\n600519,贵州茅台,2023A,revenue,abc\n", encoding="utf-8")
    out = cli("import", bad, "--db", db)
    assert out.returncode == 1 and "bad.csv" in out.stderr and "Traceback" not in out.stderr
    assert "abc" in out.stderr
    with Store(db) as s:
        assert s.counts()["facts"] == 0 and s.counts()["companies"] == 0


def test_import_with_amount_unit_and_as_of(cli, tmp_path):
    src = tmp_path / "wide.csv"
    src.write_text("代码,简称,营业收入 2023年报\n002384,东山精密,336.5\n", encoding="utf-8-sig")
    db = tmp_path / "s.sqlite"
    out = cli("import", src, "--db", db, "--new-store", "--amount-unit", "亿元", "--as-of", "2024-12-29")
    assert out.returncode == 0, out.stderr
    with Store(db) as s:
        row = s.fact_row("002384.SZ", "revenue", "2023A")
        assert row["value"] == pytest.approx(336.5e8) and row["as_of"] == "2024-12-29"


def test_analyst_and_benchmark_commands(cli, demo_path):
    out = cli("analyst", "add", "--name", "陈晓", "--sac", "s0990524010003", "--db", demo_path)
    assert out.returncode == 0 and "S0990524010003" in out.stdout
    bad = cli("analyst", "add", "--name", "王五", "--sac", "123", "--db", demo_path)
    assert bad.returncode == 1 and "SAC" in bad.stderr and "Traceback" not in bad.stderr
    assert cli("analyst", "edit", "3", "--contact", "chenxiao@example.com", "--db", demo_path).returncode == 0
    listed = cli("analyst", "list", "--db", demo_path).stdout
    assert "陈晓" in listed and "chenxiao@example.com" in listed and "林思远" in listed
    assert "沪深300" in cli("benchmark", "--db", demo_path).stdout
    out = cli("benchmark", "上证指数", "--db", demo_path)
    assert out.returncode == 0 and "上证指数" in out.stdout
    with Store(demo_path) as s:
        assert s.benchmark()["code"] == "000001.SH"
    assert cli("benchmark", "不存在的指数", "--db", demo_path).returncode == 1


def test_record_and_backup_commands(cli, demo_path, tmp_path):
    out_dir = tmp_path / "records"
    out_dir.mkdir()
    early = cli("record", "1", "--db", demo_path, "-o", out_dir)
    assert early.returncode == 1 and "no published version" in early.stderr
    assert cli("status", "1", "review", "--db", demo_path).returncode == 0
    assert cli("status", "1", "final", "--db", demo_path).returncode == 0
    out = cli("record", "1", "--db", demo_path, "-o", out_dir)
    assert out.returncode == 0, out.stderr
    folder = next(out_dir.iterdir())
    assert (folder / "v1.pdf").read_bytes()[:5] == b"%PDF-"
    backup = tmp_path / "backup.sqlite"
    assert cli("backup", "--db", demo_path, "-o", backup).returncode == 0
    with Store(backup) as s:
        assert s.issue(1).status == "final" and s.versions(1)[0]["pdf_sha256"]


def test_a_locked_target_is_a_message_not_a_traceback(demo_path, tmp_path, monkeypatch, capsys):
    """E.g. the PDF is open in a viewer that locks it (Windows): a short message, exit 1."""
    import os

    from workbench.cli import main

    target = tmp_path / "weekly.pdf"
    target.write_bytes(b"the earlier export")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    assert main(["export", "latest", "--db", str(demo_path), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "Permission denied" in err and "weekly.pdf" in err and "Traceback" not in err
    assert target.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_check_names_fields_in_the_users_words(cli, demo_path):
    done = cli("check", "latest", "--db", demo_path)
    assert done.returncode == 0, done.stderr
    # the demo's themes 1 and 4 name stocks the store holds no figures for
    assert "[投资主题 1 的股票]" in done.stdout
    assert "[投资主题 4 的股票]" in done.stdout
    assert "themes[" not in done.stdout and "[cover_index]" not in done.stdout


def test_export_warnings_name_fields_in_the_users_words(cli, demo_path, tmp_path):
    done = cli("export", "latest", "--db", demo_path, "-o", tmp_path / "weekly.pdf")
    assert done.returncode == 0, done.stderr
    assert "[首页走势图]" in done.stderr and "[投资主题 4 的股票]" in done.stderr
    assert "themes[" not in done.stderr and "[cover_index]" not in done.stderr


def test_new_issue_refuses_a_second_draft_for_the_same_week_unless_asked(cli, demo_path):
    assert cli("new-issue", "--from", "1", "--db", demo_path).returncode == 0
    with Store(demo_path) as s:
        before = [i["id"] for i in s.issues()]
    again = cli("new-issue", "--from", "1", "--db", demo_path)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert f"#{max(before)}" in again.stderr
    with Store(demo_path) as s:
        assert [i["id"] for i in s.issues()] == before
    forced = cli("new-issue", "--from", "1", "--db", demo_path, "--again")
    assert forced.returncode == 0, forced.stderr
    with Store(demo_path) as s:
        assert len(s.issues()) == len(before) + 1
