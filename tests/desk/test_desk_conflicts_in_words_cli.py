"""`workbench desk conflicts` says what each side holds in words, both languages as the command line
writes them: fields named "细分板块 segment", a figure by its company, metric and period, numbers as the
grid prints them (never 2.26e+09), and a segment, an index or an analyst by its name (this store's,
else the conflicts' own, else said to be unknown), never by its UUID.

The first tests record conflicts in a copy of the demo store as a sync records them; the last one
has two workstations move one company to different segments through a real PostgreSQL desk.
"""

from __future__ import annotations

import re

from workbench.cli import main
from workbench.domain.metrics import METRICS, NumberStyle, format_value
from workbench.store import Store
from workbench.store import sync_state as state

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NEW_SEGMENT = "5b1c0d2e-8f7a-4e3b-9c1d-2a3b4c5d6e7f"  # a segment the desk has and this store not yet
GONE_SEGMENT = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"  # a segment nobody here knows


def record(store, server_id, tbl, key, mine, theirs, kind="conflict", message=None):
    with store.transaction():
        state.record_conflicts(store, [{
            "id": server_id, "tbl": tbl, "key": key, "kind": kind, "mine": mine, "theirs": theirs,
            "by": "zhang", "at": "2026-11-30 06:44:12.5+00", "theirs_by": "wang",
            "theirs_at": "2026-11-30T06:41:40+00:00", "message": message}])


def segment_of(store, ticker):
    return dict(store.rows("SELECT s.uid, s.name FROM companies c JOIN segments s ON s.id = c.segment_id "
                           "WHERE c.ticker = ?", [ticker])[0])


def listing(path, capsys) -> list[str]:
    """Each conflict's block of the listing, in the order they were recorded."""
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    return re.split(r"\n(?=#\d+ )", out.strip())


def test_the_listing_names_segments_figures_and_indices_in_words(demo_path, capsys):
    with Store(demo_path) as store:
        style = NumberStyle.lenient((store.house() or {}).get("number_style"))
        fact = state.current_image(store, ("facts", "300493.SZ|revenue|2023A"))
        record(store, 2, "facts", "300493.SZ|revenue|2023A", fact, {**fact, "value": 2260000000.0})
        company = state.current_image(store, ("companies", "300493.SZ"))
        mine_segment, theirs_segment = segment_of(store, "300493.SZ"), segment_of(store, "603501.SH")
        record(store, 3, "companies", "300493.SZ", company,
               {**company, "name": "润欣科技股份", "segment": theirs_segment["uid"]})
        record(store, 4, "segments", NEW_SEGMENT, None, {"name": "存储芯片", "position": 20}, "local",
               "本数据文件没有该板块 (this store does not have the segment)")
        other = state.current_image(store, ("companies", "603501.SH"))
        record(store, 5, "companies", "603501.SH", other, {**other, "segment": NEW_SEGMENT})
        third = state.current_image(store, ("companies", "002045.SZ"))
        record(store, 6, "companies", "002045.SZ", third, {**third, "segment": GONE_SEGMENT})
        index = dict(store.rows("SELECT uid, name FROM indices WHERE name = '上证指数'")[0])
        day = store.scalar("SELECT max(q.date) FROM quotes q JOIN indices i ON i.id = q.index_id "
                           "WHERE i.name = '上证指数'")
        quote = state.current_image(store, ("quotes", f"{index['uid']}|{day}"))
        record(store, 7, "quotes", f"{index['uid']}|{day}", quote, {**quote, "close": 3412.5, "change": 0.0131})
        _, uid = state.issue_uid(store, "latest")
        issue = state.current_image(store, ("issues", uid))
        analysts = [r["name"] for r in store.rows("SELECT name FROM analysts ORDER BY id")]
        record(store, 8, "issues", uid, issue, {**issue, "analysts": list(reversed(issue["analysts"]))})
        company_name = store.scalar("SELECT name FROM companies WHERE ticker = '300493.SZ'")
    blocks = dict(zip(range(2, 9), listing(demo_path, capsys)))
    assert len(blocks) == 7
    for block in blocks.values():
        assert not UUID.search(block), block
        assert "e+" not in block and "e-0" not in block, block
    head, mine, theirs = blocks[2].splitlines()[:3]
    assert company_name in head and METRICS["revenue"].zh in head and "2023" in head
    assert "数值 value: " + format_value("amount", fact["value"], style=style) in mine
    assert "数值 value: " + format_value("amount", 2260000000.0, style=style) in theirs
    head, mine, theirs = blocks[3].splitlines()[:3]
    assert f"细分板块 segment: {mine_segment['name']}" in mine
    assert f"细分板块 segment: {theirs_segment['name']}" in theirs and "润欣科技股份" in theirs
    assert "简称" in theirs
    assert "存储芯片" in blocks[4].splitlines()[0]
    assert "细分板块 segment: 存储芯片" in blocks[5]
    assert "不详" in [ln for ln in blocks[6].splitlines() if "theirs:" in ln][0]
    head, mine, theirs = blocks[7].splitlines()[:3]
    assert index["name"] in head and day in head
    assert format_value("price", 3412.5, style=style) in theirs
    assert format_value("ratio", 0.0131, signed=True, style=style) in theirs
    mine, theirs = blocks[8].splitlines()[1:3]
    assert "、".join(analysts) in mine and "、".join(reversed(analysts)) in theirs


def test_a_segment_changed_on_two_workstations_lists_both_segments_by_name(pair, capsys):
    from workbench.desk.sync import sync

    desk, (a, ca), (b, cb) = pair
    ticker = "300493.SZ"
    names = [r["name"] for r in a.rows("SELECT name FROM segments ORDER BY id")]
    first, second = [n for n in names if n != segment_of(a, ticker)["name"]][:2]
    a.set_company_field(ticker, "segment", first)
    b.set_company_field(ticker, "segment", second)
    sync(a, ca)
    assert sync(b, cb).conflicts == 1
    blocks = listing(b.path, capsys)
    [block] = blocks
    assert not UUID.search(block), block
    mine = [ln for ln in block.splitlines() if ln.strip().startswith("mine:")][0]
    theirs = [ln for ln in block.splitlines() if ln.strip().startswith("theirs:")][0]
    assert f"细分板块 segment: {second}" in mine and f"细分板块 segment: {first}" in theirs
    assert b.scalar("SELECT name FROM companies WHERE ticker = ?", [ticker]) in block.splitlines()[0]
