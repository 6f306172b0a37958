import csv

from workbench.demo import demo_file
from workbench.drafting.review import draft_market_review, stale_review_numbers


def expected_sentence_from_seed() -> str:
    with demo_file("index_quotes.csv").open(encoding="utf-8") as fh:
        quotes = list(csv.DictReader(fh))
    parts = [f"{q['index_name']}报收 {float(q['close']):.2f} 点，周涨跌幅为{float(q['weekly_change']) * 100:+.2f}%"
             for q in quotes]
    bench = next(q for q in quotes if q["index_code"] == "000300.SH")
    sector = quotes[-1]
    verdict = "跑赢大盘" if float(sector["weekly_change"]) > float(bench["weekly_change"]) else "跑输大盘"
    return "本周" + "；".join(parts) + "，" + verdict + "。"


def test_demo_week_review_equals_the_sentence_from_the_seed(demo_store):
    issue = demo_store.issue("latest")
    text = draft_market_review(demo_store, issue)
    assert text == expected_sentence_from_seed()
    assert "上证指数报收 3400.14 点，周涨跌幅为+0.95%" in text
    assert text.endswith("中证人工智能指数报收 1321.33 点，周涨跌幅为-0.57%，跑输大盘。")
    assert issue.market_review == text


def test_changed_quotes_make_the_review_stale(demo_store):
    issue = demo_store.issue("latest")
    assert stale_review_numbers(demo_store, issue) == []
    idx = demo_store.index("上证指数")
    demo_store.set_quote(idx["id"], "2024-12-27", 3390.00, 0.0065)
    stale = stale_review_numbers(demo_store, issue)
    assert "3400.14" in stale and "+0.95%" in stale
