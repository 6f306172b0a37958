"""An issue conflicted on its text shows, in the conflicts view, which parts of the issue differ
(市场回顾, 行业观点 2, a theme by its name…), each side's text of that part around where the two
first differ, never the issue body's JSON and never two identical-looking sides for different
texts; the whole text of each differing part, both sides, is there to read for the selected conflict.

The conflicts are recorded in a copy of the demo store as a sync records them; the parts and texts
expected are read from the issue through the issue model, independently of the view.
"""

from __future__ import annotations

import json

from ui.desk.conflicts_view import ConflictsView
from workbench.domain.issue import Issue
from workbench.store import sync_state as state

DEEP = 130  # where the market review is edited: past a 120-character cut


def record(store, server_id, tbl, key, mine, theirs, kind="conflict", message=None):
    with store.transaction():
        state.record_conflicts(store, [{
            "id": server_id, "tbl": tbl, "key": key, "kind": kind, "mine": mine, "theirs": theirs,
            "by": "zhang", "at": "2026-11-30 06:44:12.5+00", "theirs_by": "wang",
            "theirs_at": "2026-11-30T06:41:40+00:00", "message": message}])


def with_content(image, **changes):
    content = json.loads(image["content"])
    content.update(changes)
    return {**image, "content": json.dumps(content, ensure_ascii=False, sort_keys=True)}


def body(image) -> Issue:
    return Issue.from_row({**image, "analysts": None}, [])


def record_issue_conflicts(store):
    """#1: the market review edited on one side, the second industry view on the other; #2: both
    sides edit the market review differently deep inside it."""
    _, uid = state.issue_uid(store, "latest")
    issue = state.current_image(store, ("issues", uid))
    review = body(issue).market_review
    views = list(body(issue).views)
    mine_review = review[:DEEP] + "本周电子指数下跌 1.1%。" + review[DEEP:]
    theirs_views = [*views[:1], views[1].replace("生态赋能开发者", "生态赋能伙伴与开发者", 1), *views[2:]]
    assert theirs_views != views and len(review) > DEEP + 20
    record(store, 1, "issues", uid, with_content(issue, market_review=mine_review),
           with_content(issue, views=theirs_views))
    record(store, 2, "issues", uid, with_content(issue, market_review=mine_review),
           with_content(issue, market_review=review[:DEEP] + "本周电子指数上涨 3.2%。" + review[DEEP:]))
    return issue, review, views, theirs_views, mine_review


def rows_by_id(view):
    out = {}
    for row in range(view.table.rowCount()):
        out[int(view.table.item(row, 0).text())] = [view.table.item(row, col).text() for col in range(view.COLUMNS)]
    return out


def side_lines(cell: str) -> list[str]:
    return [ln for ln in cell.split("\n") if not ln.startswith("—")]


def test_each_differing_part_is_named_with_its_own_text_and_no_json(qtbot, demo_store):
    issue, review, views, theirs_views, mine_review = record_issue_conflicts(demo_store)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, what, _, mine, theirs = rows_by_id(view)[1]
    assert issue["headline"] in what
    for cell in (mine, theirs):
        assert '{"' not in cell and '"advice"' not in cell and "cover_index" not in cell, cell
        assert "正文" not in cell, cell  # the parts, not the issue body as one field
    mine_lines, theirs_lines = side_lines(mine), side_lines(theirs)
    # exactly the two parts that differ, by the editor's names, in the editor's order
    assert [ln.split("：")[0] for ln in mine_lines] == ["市场回顾", "行业观点 2"]
    assert [ln.split("：")[0] for ln in theirs_lines] == ["市场回顾", "行业观点 2"]
    # each side's text of that part: the words it has and the other has not
    assert "下跌 1.1%" in mine_lines[0] and "下跌" not in theirs_lines[0]
    assert "伙伴与" in theirs_lines[1] and "伙伴与" not in mine_lines[1]
    for a, b in zip(mine_lines, theirs_lines):
        assert a != b
    # the market review's text is its own, not the advice or the issue's first words
    assert body(issue).advice[:20] not in mine + theirs


def test_both_sides_editing_the_market_review_deep_inside_read_apart(qtbot, demo_store):
    issue, review, *_ = record_issue_conflicts(demo_store)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, _, _, mine, theirs = rows_by_id(view)[2]
    [mine_line], [theirs_line] = side_lines(mine), side_lines(theirs)
    assert mine_line.startswith("市场回顾：") and theirs_line.startswith("市场回顾：")
    assert "下跌 1.1" in mine_line and "上涨 3.2" in theirs_line
    assert mine_line != theirs_line
    # the window is around the edit: the words just before it are shown, the review's opening is not
    assert review[DEEP - 6:DEEP] in mine_line and review[:20] not in mine_line


def test_the_whole_text_of_each_differing_part_is_there_to_read(qtbot, demo_store):
    issue, review, views, theirs_views, mine_review = record_issue_conflicts(demo_store)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    assert view.select_conflict(1)
    detail = view.detail.toPlainText()
    assert view.detail.isVisibleTo(view)
    for text in (mine_review, review, views[1], theirs_views[1]):  # both sides, every character
        assert "".join(text.split()) in "".join(detail.split()), text[:40]
    assert "市场回顾" in detail and "行业观点 2" in detail
    assert body(issue).advice not in detail  # an unchanged part is not listed
    # a conflict that is not about an issue's text shows no detail
    fact = state.current_image(demo_store, ("facts", "300493.SZ|revenue|2023A"))
    record(demo_store, 3, "facts", "300493.SZ|revenue|2023A", fact, {**fact, "value": 2260000000.0})
    view.reload()
    assert view.select_conflict(3)
    assert not view.detail.isVisibleTo(view)
