"""A correction's preflight counts the chart points it keeps as published in its one line of newer
figures kept (更正版：N 项较新的数据晚于本期截至日，保留发布时的数值…), saying how many are chart points
and naming them, as it counts the table's figures.

The demo issue gets a dataset figure whose categories are periods (2024Q3, 2025E) and is published;
then the dataset changes: the quarter restated (a correction of that week: taken), the forecast year
raised (newer than the issue: kept as published). Truth is independent of the code under test: the
published snapshot and the dataset read from the store file with plain sqlite3, the kept points
counted here by the rule (a changed point of a period not ended by the issue's 截至 stays).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace

DATASET, TITLE, SERIES = "capex_guide", "云厂商资本开支", "资本开支"


def _published_and_now(path) -> tuple[dict, dict]:
    """The published figure's points and the store's, (series, category) -> value."""
    with sqlite3.connect(path) as conn:
        snapshot = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = 1 "
                                           "AND version = 1").fetchone()[0])
        cats, series = (json.loads(t) for t in conn.execute(
            "SELECT categories, series FROM datasets WHERE name = ?", [DATASET]).fetchone())
    chart = next(f["chart"] for f in snapshot["figures"] if f["title"] == TITLE)
    was = {(s["name"], x): v for s in chart["series"] for x, v in zip(chart["x"], s["values"])}
    now = {(name, x): v for name, values in series.items() for x, v in zip(cats, values)}
    return was, now


def _kept_line(store) -> str | None:
    from workbench.report.preflight import preflight

    found = [f.message for f in preflight(store, store.issue(1)).warnings if f.code == "figures_after_as_of"]
    assert len(found) <= 1, found  # one line, one home
    return found[0] if found else None


def _publish_with_a_period_dataset(store):
    from workbench.domain.issue import Figure
    from workbench.drafting.lifecycle import change_status

    store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [200.0, 900.0]})
    issue = store.issue(1)
    store.save_issue(replace(issue, figures=[*issue.figures, Figure("dataset_bars", TITLE, "亿美元", "资料来源：公司公告",
                                                                    DATASET, SERIES)]), keep_status=True)
    change_status(store, 1, "review", by="审阅人")
    change_status(store, 1, "final", by="编辑")


def test_kept_chart_points_are_counted_in_the_one_line(demo_store):
    from workbench.drafting.lifecycle import open_correction

    store = demo_store
    _publish_with_a_period_dataset(store)
    store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [210.0, 1000.0]})
    open_correction(store, 1, reason="更正", by="编辑")

    was, now = _published_and_now(store.path)
    # by the rule: a changed point stays as published unless its period ended before the issue's 截至
    kept = [key for key in was if now.get(key) != was[key] and not key[1].startswith("2024Q")]
    assert kept == [(SERIES, "2025E")]
    line = _kept_line(store)
    assert line is not None, "a kept chart point is told"
    # nothing of the table changed since publication: every figure kept is a chart point
    assert line.startswith(f"更正版：{len(kept)} 项较新的数据晚于本期截至日，保留发布时的数值"), line
    assert f"其中 {len(kept)} 项为图表的点" in line, line
    with sqlite3.connect(store.path) as conn:
        figures = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = 1").fetchone()[0])[
            "figures"]
    number = [f["title"] for f in figures].index(TITLE) + 1
    assert f"图 {number}「{TITLE}」{SERIES} 2025E" in line, line
    # a dataset's point is taken with --take-point, and nothing of the table is kept: no --take
    assert f"`workbench correct 1 --take-point 数据集[:系列[:类别]]` 指明" in line, line
    assert "--take 代码" not in line, line
    assert re.search(rf"\b{len(kept)} newer figure\(s\).*\b{len(kept)} of them chart points", line), line


def test_a_correction_keeping_no_point_says_nothing(demo_store):
    """The points the correction takes (a restated quarter) are not counted as kept."""
    from workbench.drafting.lifecycle import open_correction

    store = demo_store
    _publish_with_a_period_dataset(store)
    store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [210.0, 900.0]})
    open_correction(store, 1, reason="更正", by="编辑")
    was, now = _published_and_now(store.path)
    assert [k for k in was if now[k] != was[k]] == [(SERIES, "2024Q3")]
    line = _kept_line(store)
    assert line is None or "图表的点" not in line, line
