"""The command line drafts the review from the week's own quotes and the check blocks what does not match."""

from workbench.store import Store


def test_draft_review_names_an_index_without_a_quote_and_check_blocks_it(cli, demo_path):
    with Store(demo_path) as s:
        s.set_quote(s.index("创业板指")["id"], "2024-12-27", None, None)
    out = cli("draft-review", "latest", "--db", demo_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (
        "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；深证成指报收 10659.98 点，周涨跌幅为+0.13%；"
        "创业板指本周无行情；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
        "中证人工智能指数报收 1321.33 点，周涨跌幅为-0.57%，跑输大盘。")
    assert "创业板指在 2024-12-23 至 2024-12-29 没有行情" in out.stderr
    check = cli("check", "latest", "--db", demo_path)
    assert check.returncode == 3
    assert "[市场回顾]" in check.stdout and "市场回顾提到创业板指" in check.stdout


def test_draft_review_of_a_week_without_quotes_is_refused_and_saves_nothing(cli, demo_path):
    assert cli("new-issue", "--from", "latest", "--db", demo_path).returncode == 0
    out = cli("draft-review", "latest", "--db", demo_path)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "2024-12-30 至 2025-01-05 没有任何指数行情" in out.stderr
    with Store(demo_path) as s:
        assert s.issue("latest").market_review == ""


def test_draft_review_of_a_week_quoted_only_for_other_indices_says_so(cli, demo_path):
    assert cli("new-issue", "--from", "latest", "--db", demo_path).returncode == 0
    with Store(demo_path) as s:  # an index the review does not name has this week's close
        other = s.upsert_index("恒生科技指数", "HSTECH.HI")
        s.write_quotes([(other, "2025-01-03", 4321.00, -0.05, "Wind")])
    out = cli("draft-review", "latest", "--db", demo_path)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "回顾的指数在本周都没有行情" in out.stderr and "没有任何指数行情" not in out.stderr
    with Store(demo_path) as s:
        assert s.issue("latest").market_review == ""
