"""The command line, end to end: with 深证成指's last close before the week dated Wednesday 12-18
while 上证指数 closed on Friday 12-20 (last week's last trading day), `draft-review` names the base
(较12月18日收盘) instead of printing a seven-day move as 周涨跌幅, `check` warns naming the index and
both dates (and no stale date for the named base), `trace` shows that base, and a review still
calling the move 周涨跌幅 is blocked by `check` and refused by `status … final`.

Truth: decimal arithmetic on the closes this test writes and the demo's own input file.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal

from workbench.demo import demo_file
from workbench.store import Store


def pct(close: str, base: str) -> str:
    q = ((Decimal(close) / Decimal(base) - 1) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{abs(q):.2f}%" if q == 0 else f"{q:+.2f}%"


def demo_close(name: str) -> str:
    with demo_file("index_quotes.csv").open(encoding="utf-8") as fh:
        return next(r["close"] for r in csv.DictReader(fh) if r["index_name"] == name)


def test_a_mid_week_base_is_named_warned_traced_and_never_printed_as_the_weeks(cli, demo_path, tmp_path):
    prev = tmp_path / "prev.csv"
    prev.write_text("代码,名称,日期,收盘价\n399001.SZ,深证成指,2024-12-18,10500.00\n"
                    "000001.SH,上证指数,2024-12-20,3368.07\n", encoding="utf-8")
    assert cli("import", prev, "--db", demo_path).returncode == 0

    szse, sse = demo_close("深证成指"), demo_close("上证指数")
    moved = pct(szse, "10500.00")
    drafted = cli("draft-review", "1", "--db", demo_path)
    assert drafted.returncode == 0, drafted.stderr
    assert f"深证成指报收 {Decimal(szse):.2f} 点，较12月18日收盘涨跌幅为{moved}；" in drafted.stdout
    assert f"上证指数报收 {Decimal(sse):.2f} 点，周涨跌幅为{pct(sse, '3368.07')}；" in drafted.stdout
    assert f"周涨跌幅为{moved}" not in drafted.stdout
    assert "2024-12-18" in drafted.stderr and "2024-12-20" in drafted.stderr  # the draft's note

    check = cli("check", "1", "--db", demo_path)
    assert check.returncode == 0, check.stdout + check.stderr
    out = check.stdout + check.stderr
    [line] = [x for x in out.splitlines() if "[市场回顾]" in x and "深证成指的涨跌幅以 2024-12-18" in x]
    assert "2024-12-20" in line and "+0.13%" in line and "回顾未采用" in line
    assert "上一周的日期“12月18日”" not in out  # the named base is the review's own, not a stale date
    assert "可能不是周涨跌幅" not in out and "review prints" not in out  # the file is not blamed

    trace = cli("trace", "深证成指", "change", "--db", demo_path)
    assert trace.returncode == 0, trace.stderr
    assert moved in trace.stdout and "10500.00 (2024-12-18)" in trace.stdout

    # a review written before the fix still calls the move 周涨跌幅: the check blocks it
    with Store(demo_path) as s:
        issue = s.issue(1)
        assert f"较12月18日收盘涨跌幅为{moved}" in issue.market_review
        issue.market_review = issue.market_review.replace(f"较12月18日收盘涨跌幅为{moved}", f"周涨跌幅为{moved}")
        from workbench.drafting.lifecycle import update_issue
        update_issue(s, issue)
    blocked = cli("check", "1", "--db", demo_path)
    assert blocked.returncode == 3, blocked.stdout + blocked.stderr
    text = blocked.stdout + blocked.stderr
    assert f"市场回顾把深证成指的 {moved} 写作周涨跌幅" in text and "2024-12-20" in text
    assert cli("status", "1", "review", "--db", demo_path, "--by", "QA").returncode == 0
    final = cli("status", "1", "final", "--db", demo_path, "--by", "QA2")
    assert final.returncode != 0 and "写作周涨跌幅" in final.stdout + final.stderr
    with Store(demo_path) as s:
        assert s.issue(1).status == "review"  # nothing published
