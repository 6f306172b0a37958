"""An index merge and the issues naming the removed index (workbench/index_ops.py): what is re-pointed,
what is not, and what `index unmerge` puts back, read back from the store file."""

from __future__ import annotations

import argparse
import json
import sqlite3
from contextlib import closing
from pathlib import Path

from workbench.domain.issue import Figure
from workbench.edits import MergeIndices
from workbench.index_ops import RepointIssues, merge, register_unmerge
from workbench.store import Store

DROP, KEEP = "中证人工智能指数", "中证人工智能主题指数"


def _content(path, issue_id):
    with closing(sqlite3.connect(path)) as conn:
        return json.loads(conn.execute("SELECT content FROM issues WHERE id = ?", [issue_id]).fetchone()[0])


def _unmerge(*argv):
    parser = argparse.ArgumentParser(prog="workbench index")
    sub = parser.add_subparsers(dest="index_command", required=True)
    register_unmerge(sub, lambda p: p.add_argument("--db", type=Path, required=True))
    args = parser.parse_args([str(a) for a in argv])
    return args.handler(args)


def _setup(path):
    """The demo draft put in review, naming both indices among those reviewed and DROP in a figure."""
    with Store(path) as s:
        keep = s.upsert_index(KEEP, "930713.CSI")
        s.write_quotes([(keep, "2024-12-30", 1315.2, None, "Wind")])
        issue = s.issue(1)
        issue.review_indices = [DROP, "沪深300", KEEP]
        issue.figures.append(Figure("relative_performance", "走势", params={"index": DROP}))
        issue.status = "review"
        s.save_issue(issue)
        return s.index(KEEP), s.index(DROP)


def test_an_issue_in_review_is_re_pointed_and_an_index_reviewed_twice_is_named_once(demo_path):
    keep, drop = _setup(demo_path)
    before = _content(demo_path, 1)
    with Store(demo_path) as s:
        moved, done = merge(s, keep, drop, by="ed")
    assert moved == 1  # the demo's one close of the removed index
    assert [d["id"] for d in done] == [1]
    assert done[0]["message"].startswith(f"第 1 期审核稿改为引用“{KEEP}”，原为“{DROP}”（回顾的指数、行业指数、图 ")
    after = _content(demo_path, 1)
    assert after["review_indices"] == [KEEP, "沪深300"]  # where DROP stood, and once
    assert after["sector_index"] == KEEP and after["figures"][-1]["params"]["index"] == KEEP
    # everything else in the issue is as it was
    assert {k: v for k, v in after.items() if k not in ("review_indices", "sector_index", "figures")} == \
        {k: v for k, v in before.items() if k not in ("review_indices", "sector_index", "figures")}
    assert after["figures"][:-1] == before["figures"][:-1]
    with Store(demo_path) as s:
        assert s.issue(1).status == "review"

    assert _unmerge("unmerge", DROP, "--db", demo_path) == 0
    assert _content(demo_path, 1) == before


def test_the_command_lines_unmerge_undoes_the_apps_merge_of_a_draft(demo_path, capsys):
    with Store(demo_path) as s:
        keep = s.upsert_index(KEEP, "930713.CSI")
        keep_id, drop_id = keep, s.index(DROP)["id"]
    before = _content(demo_path, 1)
    with Store(demo_path) as s:  # the app's undo step: the two edits in one change batch
        with s.batch("merge", by="ed"):
            merged = MergeIndices(keep_id, drop_id)
            merged.apply(s)
            RepointIssues(DROP, KEEP).apply(s)
    assert _content(demo_path, 1)["sector_index"] == KEEP
    assert _unmerge("unmerge", DROP, "--db", demo_path) == 0
    assert "第 1 期草稿恢复引用合并前的指数（回顾的指数、行业指数）" in capsys.readouterr().out
    assert _content(demo_path, 1) == before


def test_a_merge_naming_no_issue_changes_no_issue(demo_path):
    with Store(demo_path) as s:
        a = s.upsert_index("旧口径", None)
        b = s.upsert_index("新口径", "000999.SH")
        before = s.issue_revision(1)
        _, done = merge(s, s.index("新口径"), s.index("旧口径"))
        assert done == [] and s.issue_revision(1) == before and a != b
