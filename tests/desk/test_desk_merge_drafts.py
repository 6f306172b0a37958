"""An index merge on a workstation that joined a desk re-points the drafts naming the removed index,
and the other workstation takes both at its next sync: its draft names the kept index too and its
review finds the week's closes there. Against a real PostgreSQL desk."""

from __future__ import annotations

import psycopg  # noqa: F401  (a dependency: never skipped)

from workbench.desk.sync import sync
from workbench.index_ops import merge

DROP, KEEP = "中证人工智能指数", "中证人工智能主题指数"  # the demo's code-less index, and its coded twin


def test_the_re_pointed_draft_reaches_the_other_workstation(pair):
    desk, (a, ca), (b, cb) = pair
    keep = a.upsert_index(KEEP, "930713.CSI")
    a.write_quotes([(keep, "2024-12-30", 1315.2, None, "Wind")])
    assert b.issue(1).sector_index == DROP
    _, done = merge(a, a.index(KEEP), a.index(DROP), by=ca.user)
    assert [d["id"] for d in done] == [1]
    assert sync(a, ca).conflicts == 0
    assert sync(b, cb).conflicts == 0
    issue = b.issue(1)
    assert issue.sector_index == KEEP and DROP not in issue.review_indices and KEEP in issue.review_indices
    assert DROP not in [i["name"] for i in b.indices()]
    assert [q["date"] for q in b.quotes(b.index(KEEP)["id"])][-1] == "2024-12-30"
