"""The conflicts view says what each side holds in the analyst's words, so that Keep mine / Keep theirs
is an informed choice: fields named in Chinese (标题, 数值, 简称, 细分板块), a figure named by its
company, metric and period, a number as the grid prints it (the house's style, never 2.26e+09), and a
segment, an index, an analyst or an issue by its name (this store's, else the conflicts' own, else
said to be unknown), never by its UUID.

The conflicts are recorded in a copy of the demo store as a sync records them; what must show is read
from the store and printed by the core's number formatter.
"""

from __future__ import annotations

import re

from ui.desk.conflicts_view import ConflictsView
from workbench.domain.metrics import METRICS, NumberStyle, format_value
from workbench.domain.periods import period_label
from workbench.store import sync_state as state

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# the store's column names as a side used to print them ("headline: …")
RAW_FIELD = re.compile(r"(?<![A-Za-z_])(headline|value|name|segment|close|change|analysts|issue|position|"
                       r"sac_no|code|full_name|industry)\s*:")
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


def record_the_qa_conflicts(store):
    """The conflicts of the QA report (an issue's headline, a figure, a company's name and segment), and
    others naming uids: a segment only the desk has (listed as a conflict of its own), one nobody has,
    a quote of an index, an issue's analysts."""
    _, uid = state.issue_uid(store, "latest")
    issue = state.current_image(store, ("issues", uid))
    record(store, 1, "issues", uid, issue, {**issue, "headline": "团队库的标题：小米加码万卡算力"}, "refused",
           "该期周报的租约由 wang 持有 (the issue's lease is held by wang)")
    fact = state.current_image(store, ("facts", "300493.SZ|revenue|2023A"))
    record(store, 2, "facts", "300493.SZ|revenue|2023A", fact,
           {**fact, "value": 2260000000.0, "source": "wind_1230.xlsx"})
    company = state.current_image(store, ("companies", "300493.SZ"))
    record(store, 3, "companies", "300493.SZ", company,
           {**company, "name": "润欣科技股份", "segment": segment_of(store, "603501.SH")["uid"]})
    record(store, 4, "segments", NEW_SEGMENT, None, {"name": "存储芯片", "position": 20}, "local",
           "本数据文件没有该板块 (this store does not have the segment)")
    other = state.current_image(store, ("companies", "603501.SH"))
    record(store, 5, "companies", "603501.SH", other, {**other, "segment": NEW_SEGMENT})
    third = state.current_image(store, ("companies", "002045.SZ"))
    record(store, 6, "companies", "002045.SZ", third, {**third, "segment": GONE_SEGMENT})
    index = dict(store.rows("SELECT uid, name FROM indices WHERE name = '上证指数'")[0])
    [day] = [r["date"] for r in store.rows("SELECT max(q.date) AS date FROM quotes q JOIN indices i "
                                             "ON i.id = q.index_id WHERE i.name = '上证指数'")]
    quote = state.current_image(store, ("quotes", f"{index['uid']}|{day}"))
    record(store, 7, "quotes", f"{index['uid']}|{day}", quote, {**quote, "close": 3412.5, "change": 0.0131})
    analysts = [dict(r) for r in store.rows("SELECT uid, name FROM analysts ORDER BY id")]
    record(store, 8, "issues", uid, issue, {**issue, "analysts": [a["uid"] for a in reversed(analysts)]})
    return {"fact": fact, "company": company, "index": index, "quote": quote, "analysts": analysts}


def rows_by_id(view):
    out = {}
    for row in range(view.table.rowCount()):
        cells = [view.table.item(row, col).text() for col in range(view.COLUMNS)]
        out[int(cells[0])] = cells
    return out


def style(store):
    return NumberStyle.lenient((store.house() or {}).get("number_style"))


def test_every_side_reads_in_words_without_uuids_raw_names_or_exponents(qtbot, demo_store):
    record_the_qa_conflicts(demo_store)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    rows = rows_by_id(view)
    assert len(rows) == 8
    for cells in rows.values():
        for text in cells:
            assert not UUID.search(text), text
            assert "e+" not in text and "e-0" not in text, text
            assert not RAW_FIELD.search(text), text


def test_a_figure_is_named_as_the_grid_names_it_and_printed_in_the_house_style(qtbot, demo_store):
    found = record_the_qa_conflicts(demo_store)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, what, _, mine, theirs = rows_by_id(view)[2]
    name = demo_store.scalar("SELECT name FROM companies WHERE ticker = '300493.SZ'")
    assert name in what and METRICS["revenue"].zh in what and period_label("2023A") in what
    assert "300493.SZ revenue" not in what
    assert "数值" in mine and "数值" in theirs
    assert format_value("amount", found["fact"]["value"], style=style(demo_store)) in mine
    assert format_value("amount", 2260000000.0, style=style(demo_store)) in theirs


def test_a_company_shows_its_fields_in_chinese_and_each_segment_by_name(qtbot, demo_store):
    record_the_qa_conflicts(demo_store)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    rows = rows_by_id(view)
    _, what, _, mine, theirs = rows[3]
    assert "简称" in mine and "细分板块" in mine and "简称" in theirs and "细分板块" in theirs
    assert segment_of(demo_store, "300493.SZ")["name"] in mine
    assert segment_of(demo_store, "603501.SH")["name"] in theirs
    assert "润欣科技股份" in theirs
    # a segment this store does not have yet: named as the desk's row in its own conflict names it
    assert "存储芯片" in rows[5][4] and segment_of(demo_store, "603501.SH")["name"] in rows[5][3]
    assert "存储芯片" in rows[4][1]  # the segment's own conflict, by its name
    # a segment nobody here knows: said so, not a UUID
    assert "不详" in rows[6][4] and segment_of(demo_store, "002045.SZ")["name"] in rows[6][3]


def test_a_quote_names_its_index_and_prints_close_and_change_as_the_grid(qtbot, demo_store):
    found = record_the_qa_conflicts(demo_store)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, what, _, mine, theirs = rows_by_id(view)[7]
    assert found["index"]["name"] in what
    assert format_value("price", 3412.5, style=style(demo_store)) in theirs
    assert format_value("ratio", 0.0131, signed=True, style=style(demo_store)) in theirs
    assert format_value("price", found["quote"]["close"], style=style(demo_store)) in mine
    assert "收盘" in theirs and "涨跌幅" in theirs


def test_an_issues_analysts_are_named(qtbot, demo_store):
    found = record_the_qa_conflicts(demo_store)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, what, _, mine, theirs = rows_by_id(view)[8]
    names = [a["name"] for a in found["analysts"]]
    assert "、".join(names) in mine and "、".join(reversed(names)) in theirs
    assert "署名分析师" in mine
    _, what, _, mine, theirs = rows_by_id(view)[1]
    assert "标题" in mine and "团队库的标题" in theirs


def test_two_figures_that_print_alike_are_shown_with_their_stored_numbers(qtbot, demo_store):
    """100 元 and 200 元 both print 0.0 亿元: each side says its stored number too, so they read apart."""
    fact = state.current_image(demo_store, ("facts", "300493.SZ|revenue|2023A"))
    record(demo_store, 1, "facts", "300493.SZ|revenue|2023A", {**fact, "value": 100.0}, {**fact, "value": 200.0})
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, _, _, mine, theirs = rows_by_id(view)[1]
    assert mine.split("\n")[0] != theirs.split("\n")[0]
    assert format_value("amount", 100.0, style=style(demo_store)) in mine and "100 元" in mine
    assert "200 元" in theirs and "e-0" not in mine + theirs
