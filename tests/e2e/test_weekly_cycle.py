"""A Monday at the desk, end to end through the command line: last week's issue -> this week's PDF."""

import hashlib

import pytest
from pypdf import PdfReader

from workbench.store import Store

# This week's closes and changes (made up for the test; the index names are the demo store's).
QUOTES = [
    ("000001.SH", "上证指数", "2025-01-03", "3211.43", "-5.55%"),
    ("399001.SZ", "深证成指", "2025-01-03", "10088.06", "-5.36%"),
    ("399006.SZ", "创业板指", "2025-01-03", "2031.15", "-7.88%"),
    ("000300.SH", "沪深300", "2025-01-03", "3775.16", "-5.17%"),
    ("", "中证人工智能指数", "2025-01-03", "1210.02", "-8.42%"),
]


def test_from_last_weeks_issue_to_this_weeks_final_pdf(cli, demo_path, tmp_path):
    # 0. last week's issue went out on Friday, on last week's consensus forecasts
    held = tmp_path / "一致预期_20241227.csv"
    held.write_text("证券代码,证券简称,EPS 2025E\n300308,中际旭创,6.10\n", encoding="utf-8-sig")
    assert cli("import", held, "--db", demo_path, "--as-of", "2024-12-27").returncode == 0
    assert cli("status", "1", "review", "--db", demo_path, "--by", "林思远").returncode == 0
    assert cli("status", "1", "final", "--db", demo_path, "--by", "合规 王审核").returncode == 0
    # 1. this week's draft from last week's issue
    out = cli("new-issue", "--from", "latest", "--db", demo_path, "--by", "林思远")
    assert out.returncode == 0, out.stderr
    # 2. the week's quotes arrive as a GBK csv from the terminal, and a forecast revision as xlsx-like csv
    quotes = tmp_path / "指数行情_20250103.csv"
    quotes.write_text("代码,名称,日期,收盘价,涨跌幅\n" + "\n".join(",".join(q) for q in QUOTES) + "\n",
                      encoding="gbk")
    forecasts = tmp_path / "一致预期_20250103.csv"
    forecasts.write_text("证券代码,证券简称,EPS 2025E,预测市盈率 2025E\n300308,中际旭创,6.43,16.9\n",
                         encoding="utf-8-sig")
    out = cli("import", quotes, forecasts, "--db", demo_path, "--as-of", "2025-01-03")
    assert out.returncode == 0, out.stderr
    # 3. the market review written from the new quotes
    out = cli("draft-review", "2", "--db", demo_path)
    assert out.returncode == 0, out.stderr
    assert "上证指数报收 3211.43 点，周涨跌幅为-5.55%" in out.stdout
    assert out.stdout.strip().endswith("中证人工智能指数报收 1210.02 点，周涨跌幅为-8.42%，跑输大盘。")
    # 4. preflight, review, final
    check = cli("check", "2", "--db", demo_path)
    assert check.returncode == 0, check.stdout
    assert cli("status", "2", "review", "--db", demo_path, "--by", "林思远").returncode == 0
    final = cli("status", "2", "final", "--db", demo_path, "--by", "合规 王审核")
    assert final.returncode == 0, final.stderr
    # 5. the published PDF: this week's numbers, last week's issue cited, the frozen bytes
    pdf = tmp_path / "先进科技主题周报_20250105.pdf"
    out = cli("export", "2", "--db", demo_path, "-o", pdf)
    assert out.returncode == 0, out.stderr
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace("\n", "").replace(" ", "")
    assert "20241230-20250105" in text and "3211.43" in text and "16.9" in text
    assert "周观点：小米加码万卡算力" in text  # last week's issue is the first related report
    with Store(demo_path) as s:
        stored = s.versions(2)[-1]
        log = [(r["from_status"], r["to_status"], r["by"]) for r in s.issue_log(2)]
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == stored["pdf_sha256"]
    assert log == [(None, "draft", "林思远"), ("draft", "review", "林思远"), ("review", "final", "合规 王审核")]
    # 6. what changed since last week
    diff = cli("diff", "1", "2", "--db", demo_path)
    assert diff.returncode == 0
    assert "中际旭创（300308.SZ）PE 2025E: 17.8 → 16.9（预测调整 forecast）" in diff.stdout
    assert "live data" not in diff.stdout  # both sides are frozen snapshots


@pytest.mark.parametrize("bad_change", ["-5.55", "abc"])
def test_a_bad_quote_file_changes_nothing(cli, demo_path, tmp_path, bad_change):
    src = tmp_path / "quotes.csv"
    src.write_text(f"代码,名称,日期,收盘价,涨跌幅\n000001.SH,上证指数,2025-01-03,abc,{bad_change}\n", encoding="utf-8")
    with Store(demo_path) as s:
        before = s.all_quotes()
    out = cli("import", src, "--db", demo_path)
    assert out.returncode == 1 and "quotes.csv" in out.stderr and "Traceback" not in out.stderr
    with Store(demo_path) as s:
        assert s.all_quotes() == before


def _store_state(path) -> tuple:
    with Store(path) as s:
        return (s.issues(), s.issue_log(1), s.versions(1))


@pytest.mark.parametrize("who", ["", "   "])
def test_a_blank_name_is_refused_and_changes_nothing(cli, demo_path, who):
    before = _store_state(demo_path)
    out = cli("status", "1", "review", "--db", demo_path, "--by", who)
    assert out.returncode == 1 and "操作人" in out.stderr and "Traceback" not in out.stderr
    assert _store_state(demo_path) == before


def test_an_empty_market_review_blocks_final_on_the_command_line(cli, demo_path):
    assert cli("new-issue", "--from", "latest", "--db", demo_path, "--by", "林思远").returncode == 0
    out = cli("check", "2", "--db", demo_path)
    assert out.returncode == 0 and "市场回顾" in out.stdout + out.stderr  # a draft: a warning
    assert cli("status", "2", "review", "--db", demo_path, "--by", "林思远").returncode == 0
    out = cli("status", "2", "final", "--db", demo_path, "--by", "合规 王审核")
    assert out.returncode != 0 and "[市场回顾]" in out.stderr and "Traceback" not in out.stderr
    with Store(demo_path) as s:
        assert s.issue(2).status == "review" and s.versions(2) == []
