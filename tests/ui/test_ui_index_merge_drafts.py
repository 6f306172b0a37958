"""The app's index merge: the drafts naming the removed index name the kept one in the same undo step,
the status bar says so per issue, and Undo puts back what the merge re-pointed."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from workbench.domain.issue import Figure

DROP = "中证人工智能指数"  # the demo's code-less index, the demo draft's sector index
KEEP = "中证人工智能主题指数"


def _content(path, issue_id):
    with closing(sqlite3.connect(path)) as conn:
        return json.loads(conn.execute("SELECT content FROM issues WHERE id = ?", [issue_id]).fetchone()[0])


def test_the_merge_re_points_the_draft_says_so_and_undo_puts_it_back(window, demo_path, tmp_path, confirmations):
    from workbench.imports import import_files

    store = window.session.store
    issue = store.issue(1)
    issue.figures.append(Figure("relative_performance", "人工智能指数走势", params={"index": DROP}))
    store.save_issue(issue, keep_status=True)
    csv = tmp_path / "ai.csv"
    csv.write_text(f"代码,名称,日期,收盘价\n930713.CSI,{KEEP},2024-12-30,1315.2\n", encoding="utf-8")
    import_files(store, [csv], confirm_new_indices={KEEP})
    window.session.notify_reloaded()
    before = _content(demo_path, 1)
    assert before["sector_index"] == DROP and DROP in before["review_indices"]
    ids = {i["name"]: i["id"] for i in store.indices()}

    window.choose_index = lambda parent, title, label, choices: ids[KEEP]
    assert window.merge_index(ids[DROP])
    box = window.last_message_box  # the drafts changed: said in a box, not only in the status bar's 8 seconds
    said = box.informativeText()
    assert KEEP in box.text() and DROP in box.text()
    assert f"第 1 期草稿改为引用“{KEEP}”，原为“{DROP}”（回顾的指数、行业指数、图 {len(issue.figures)}）" in said
    assert "issue #1" not in said  # the Chinese UI shows the Chinese words only
    box.close()
    merged = _content(demo_path, 1)
    assert merged["sector_index"] == KEEP and merged["figures"][-1]["params"]["index"] == KEEP
    assert merged["review_indices"] == [KEEP if n == DROP else n for n in before["review_indices"]]
    assert window.session.undo_stack.count() == 1

    window.undo_action.trigger()
    assert DROP in [i["name"] for i in store.indices()]
    assert _content(demo_path, 1) == before
    window.redo_action.trigger()
    assert _content(demo_path, 1) == merged
    window.undo_action.trigger()
    assert _content(demo_path, 1) == before
