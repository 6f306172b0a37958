"""`workbench desk conflicts` shows an issue conflicted on its text part by part: which parts of
the issue differ (市场回顾 market review, 行业观点 2 industry view 2…), each side's text of that part
around where the two first differ, never the issue body's JSON and never the same line on both
sides for different texts.

The first tests record the conflicts in a copy of the demo store as a sync records them; the last
one has two workstations edit the same draft through a real PostgreSQL desk. What must show is read
from the issue through the issue model.
"""

from __future__ import annotations

import json
import re

from workbench.cli import main
from workbench.domain.issue import Issue
from workbench.store import Store
from workbench.store import sync_state as state

DEEP = 130  # past a 120-character cut


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


def listing(path, capsys) -> list[str]:
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(path)]) == 0
    return re.split(r"\n(?=#\d+ )", capsys.readouterr().out.strip())


def sides(block: str) -> tuple[list[str], list[str]]:
    """Each side's parts: its line (who and when left out) and the lines under it, one per part."""
    out: dict[str, list[str]] = {}
    side = None
    for line in block.splitlines()[1:]:
        head = line.strip().split(":", 1)[0]
        if head in ("mine", "theirs"):
            side = head
            out[side] = [line.split(":", 1)[1].rsplit("  (", 1)[0].strip()]
        elif side and line.startswith(" " * 12) and not line.strip().startswith(("原因", "冲突时")):
            out[side].append(line.strip())
        else:
            side = None
    return out["mine"], out["theirs"]


def assert_no_json(text):
    assert '{"' not in text and '"advice"' not in text and "cover_index" not in text and "正文" not in text, text


def test_a_market_review_and_a_view_edited_on_either_side_are_named_with_their_texts(demo_path, capsys):
    with Store(demo_path) as store:
        _, uid = state.issue_uid(store, "latest")
        issue = state.current_image(store, ("issues", uid))
        review, views, themes = body(issue).market_review, body(issue).views, body(issue).themes
        assert len(review) > DEEP + 20
        mine_review = review[:DEEP] + "本周电子指数下跌 1.1%。" + review[DEEP:]
        theirs_views = [*views[:1], views[1].replace("生态赋能开发者", "生态赋能伙伴与开发者", 1), *views[2:]]
        record(store, 1, "issues", uid, with_content(issue, market_review=mine_review),
               with_content(issue, views=theirs_views))
        record(store, 2, "issues", uid, with_content(issue, market_review=mine_review),
               with_content(issue, market_review=review[:DEEP] + "本周电子指数上涨 3.2%。" + review[DEEP:]))
        renamed = [dict(name=t.name, rationale=t.rationale, tickers=list(t.tickers)) for t in themes]
        renamed[1]["rationale"] += "另关注高速铜缆。"
        record(store, 3, "issues", uid, issue, with_content(issue, themes=renamed,
                                                            risks=[*body(issue).risks, "汇率波动风险"]))
    blocks = listing(demo_path, capsys)
    assert len(blocks) == 3
    for block in blocks:
        assert_no_json(block)
        mine, theirs = sides(block)
        assert len(mine) == len(theirs)
        for a, b in zip(mine, theirs):  # part by part, never the same line for different texts
            assert a != b
    mine, theirs = sides(blocks[0])
    assert [p.split(":")[0] for p in mine] == ["市场回顾 market review", "行业观点 2 industry view 2"]
    assert [p.split(":")[0] for p in theirs] == ["市场回顾 market review", "行业观点 2 industry view 2"]
    assert "下跌 1.1" in mine[0] and "下跌" not in " ".join(theirs)
    assert "伙伴与" in theirs[1] and "伙伴与" not in " ".join(mine)
    [mine], [theirs] = sides(blocks[1])
    assert mine.startswith("市场回顾 market review:") and theirs.startswith("市场回顾 market review:")
    assert "下跌 1.1" in mine and "上涨 3.2" in theirs and review[DEEP - 6:DEEP] in mine
    mine, theirs = sides(blocks[2])
    labels = [p.split(":")[0] for p in theirs]
    assert len(labels) == 2 and themes[1].name in labels[0] and "风险提示" in labels[1]
    assert "高速铜缆" in theirs[0] and "高速铜缆" not in " ".join(mine) and "汇率波动风险" in theirs[1]


def test_the_same_draft_edited_on_two_workstations_lists_the_market_review_apart(pair, capsys):
    from workbench.desk.sync import sync

    desk, (a, ca), (b, cb) = pair
    sync(b, cb)
    for store, text in ((a, "A：本周电子指数上涨 3.2%。"), (b, "B：本周电子指数下跌 1.1%。")):
        issue = store.issue(1)
        issue.market_review = issue.market_review + text  # the end of the review, far past 120 characters
        store.save_issue(issue)
    sync(a, ca)
    assert sync(b, cb).conflicts == 1
    [block] = listing(b.path, capsys)
    assert_no_json(block)
    [mine], [theirs] = sides(block)
    assert mine.startswith("市场回顾 market review:") and theirs.startswith("市场回顾 market review:")
    assert "下跌 1.1" in mine and "上涨 3.2" in theirs and mine != theirs
    assert b.issue(1).headline in block.splitlines()[0]
