"""A correction's 更正说明 on page 1 counts the chart points it updated, as it counts the table's figures.

The demo issue is published; then a chart point changes in the store: a dataset's forecast point
fixed and taken on purpose (`workbench correct 1 --take-point`), or a close corrected inside the
issue's week (the cover chart) with a dataset's quarter restated (a figure's bar, taken by rule). The
correction is finalised; page 1 of its PDF, read back with pypdf, must say how many points of which
chart it updated (首页走势图中 1 个数据点、图 N 中 1 个数据点按最新数据更新), counted as the points
this test changed and as the frozen snapshots of v1 and v2 (read with plain sqlite3) draw them
differently. A correction that changes no chart point keeps the note it printed before (对比表中 N
个数字按最新数据更新, the count recounted here from the two snapshots) byte for byte.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from dataclasses import replace

import pypdf

from workbench.cli import main

REASON = "更正资本开支预测"
DATASET, TITLE, SERIES = "capex_guide", "云厂商资本开支", "资本开支"
QUARTER, TYPO, FIXED = 200.0, 913.7, 931.7
CLOUD = "cloud_vendors_cy2024q3"
RESTATED = ("微软", "营业收入", 700.1)  # CY2024Q3, a quarter ended before the issue's 截至
CORRECTED_CLOSE = ("000300.SH", "沪深300", "2024-12-27", "3990.00")  # inside the issue's week


def _run(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out + out.err


def _snapshot(db, version: int) -> dict:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = 1 AND version = ?",
                           [version]).fetchone()
    return json.loads(row[0])


def _pdf(db, version: int) -> bytes:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT pdf FROM issue_versions WHERE issue_id = 1 AND version = ?", [version]).fetchone()[0]


def _note(db, version: int = 2) -> str:
    """Page 1's 更正说明 line of the correction, as pypdf reads it (line breaks of the page joined)."""
    text = pypdf.PdfReader(io.BytesIO(_pdf(db, version))).pages[0].extract_text()
    flat = re.sub(r"\s*\n\s*", "", text)
    found = re.search(r"更正：(.*?按最新数据更新)", flat)
    assert found, flat
    return found.group(1)


def _charts(snapshot: dict) -> list[tuple[str, dict]]:
    out = [("首页走势图", snapshot.get("cover_chart"))]
    out += [(f"图 {i}", f.get("chart")) for i, f in enumerate(snapshot.get("figures") or [], 1)]
    return out


def _points_differing(was: dict, now: dict) -> dict[str, int]:
    """Chart label -> how many (series, category) points draw differently in ``now`` than in ``was``."""
    counts = {}
    for (label, a), (_, b) in zip(_charts(was), _charts(now)):
        pa = {(s["name"], x): v for s in (a or {}).get("series", []) for x, v in zip(a["x"], s["values"])}
        pb = {(s["name"], x): v for s in (b or {}).get("series", []) for x, v in zip(b["x"], s["values"])}
        n = sum(1 for k in set(pa) | set(pb) if pa.get(k) != pb.get(k))
        if n:
            counts[label] = n
    return counts


def _finalise_correction(db, capsys, *correct_args, redraft: bool = False) -> None:
    code, out = _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", REASON, *correct_args)
    assert code == 0, out
    if redraft:  # the review's closes follow the corrected one
        code, out = _run(capsys, "draft-review", "1", "--db", db)
        assert code == 0, out
    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    code, out = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes")
    assert code == 0, out


def _publish(db, capsys) -> None:
    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    assert _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑")[0] == 0


def test_a_chart_point_taken_on_purpose_is_counted_in_the_note(demo_path, capsys):
    from workbench.domain.issue import Figure
    from workbench.store import Store

    db = str(demo_path)
    with Store(db) as store:
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [QUARTER, TYPO]})
        issue = store.issue(1)
        store.save_issue(replace(issue, figures=[*issue.figures, Figure("dataset_bars", TITLE, "亿美元", "资料来源：公司公告",
                                                                        DATASET, SERIES)]), keep_status=True)
    _publish(db, capsys)
    with Store(db) as store:  # the typo fixed in the store after publication
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [QUARTER, FIXED]})
    _finalise_correction(db, capsys, "--take-point", f"{TITLE}:{SERIES}:2025E")

    v1, v2 = _snapshot(db, 1), _snapshot(db, 2)
    n = [f["title"] for f in v1["figures"]].index(TITLE) + 1
    assert v1["table"]["rows"] == v2["table"]["rows"]  # no figure of the table changed
    assert _points_differing(v1, v2) == {f"图 {n}": 1}  # the one point this test changed
    assert _note(db) == f"{REASON}；图 {n} 中 1 个数据点按最新数据更新"


def test_a_corrected_close_and_a_restated_quarter_are_counted_in_the_note(demo_path, capsys, tmp_path):
    db = str(demo_path)
    _publish(db, capsys)
    quotes = tmp_path / "quotes.csv"
    quotes.write_text("代码,名称,日期,收盘价\n" + ",".join(CORRECTED_CLOSE) + "\n", encoding="utf-8")
    code, out = _run(capsys, "import", quotes, "--db", db)
    assert code == 0, out
    with sqlite3.connect(db) as conn:  # the quarter restated after publication
        cats, series = (json.loads(t) for t in conn.execute("SELECT categories, series FROM datasets WHERE name = ?",
                                                            [CLOUD]).fetchone())
        series[RESTATED[1]][cats.index(RESTATED[0])] = RESTATED[2]
        conn.execute("UPDATE datasets SET series = ? WHERE name = ?", [json.dumps(series, ensure_ascii=False), CLOUD])
    _finalise_correction(db, capsys, redraft=True)

    v1, v2 = _snapshot(db, 1), _snapshot(db, 2)
    n = next(i for i, f in enumerate(v1["figures"], 1) if f["chart"]["series"][0]["name"] == RESTATED[1]
             and RESTATED[0] in f["chart"]["x"] and "CY2024Q3" in f["title"])
    assert v1["table"]["rows"] == v2["table"]["rows"]
    # one close of one index in the cover chart, one bar of one figure
    assert _points_differing(v1, v2) == {"首页走势图": 1, f"图 {n}": 1}
    assert _note(db) == f"{REASON}；首页走势图中 1 个数据点、图 {n} 中 1 个数据点按最新数据更新"


def test_a_series_restated_in_every_quarter_counts_each_point(demo_path, capsys):
    """More points of a series than the final's list names one by one (it names the series once): the
    note counts every point the PDF prints differently."""
    from workbench.domain.issue import Figure
    from workbench.drafting.lifecycle import CHART_POINTS_NAMED
    from workbench.store import Store

    quarters = [f"{y}Q{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)][:7]
    values = [100.0 + 10 * k for k in range(len(quarters))]
    assert len(quarters) > CHART_POINTS_NAMED
    db = str(demo_path)
    with Store(db) as store:
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", quarters, {SERIES: values})
        issue = store.issue(1)
        store.save_issue(replace(issue, figures=[*issue.figures, Figure("dataset_bars", TITLE, "亿美元", "资料来源：公司公告",
                                                                        DATASET, SERIES)]), keep_status=True)
    _publish(db, capsys)
    with Store(db) as store:  # every quarter restated after publication (each ended before the issue's 截至)
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", quarters, {SERIES: [v + 5 for v in values]})
    code, out = _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", REASON)
    assert code == 0, out
    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    code, refused = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑")
    assert code == 3 and f"{len(quarters)} 个点" in refused, refused  # named once in the list
    code, out = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes")
    assert code == 0, out

    v1, v2 = _snapshot(db, 1), _snapshot(db, 2)
    n = [f["title"] for f in v1["figures"]].index(TITLE) + 1
    assert _points_differing(v1, v2) == {f"图 {n}": len(quarters)}
    assert _note(db) == f"{REASON}；图 {n} 中 {len(quarters)} 个数据点按最新数据更新"


def test_a_correction_changing_no_chart_point_keeps_its_note(demo_path, capsys):
    """Only the table's figures changed: the note is the one printed before chart points were counted."""
    from workbench.domain.metrics import METRICS, format_value
    from workbench.store import Store

    db = str(demo_path)
    _publish(db, capsys)
    with Store(db) as store:  # a reported figure fixed after publication
        store.write_facts([("688018.SH", "revenue", "2023A", 15.3e8)], source="Wind", as_of="2025-01-03")
    _finalise_correction(db, capsys)

    v1, v2 = _snapshot(db, 1), _snapshot(db, 2)
    assert _points_differing(v1, v2) == {}
    columns = v2["table"]["columns"]
    assert v1["table"]["columns"] == columns
    kind = [c.get("kind") or METRICS[c["metric"]].kind for c in columns]
    count = sum(1 for a, b in zip(v1["table"]["rows"], v2["table"]["rows"])
                for k, x, y in zip(kind, a["values"], b["values"]) if format_value(k, x) != format_value(k, y))
    assert count >= 1
    expected = f"{REASON}；对比表中 {count} 个数字按最新数据更新"
    assert v2["corrections"][-1]["reason"] == expected
    assert _note(db) == expected
    assert "数据点" not in re.sub(r"\s*\n\s*", "", pypdf.PdfReader(io.BytesIO(_pdf(db, 2))).pages[0].extract_text())


def test_a_line_redrawn_over_many_days_counts_every_point():
    """A series named once in the final's list (more points changed than it names) counts each point."""
    from workbench.drafting.lifecycle import CHART_POINTS_NAMED, chart_changes, updated_chart_points

    days = [f"2024-12-{d:02d}" for d in range(2, 28)]
    before = {"cover_chart": {"kind": "line", "title": "走势", "unit": "", "x": days,
                              "series": [{"name": "沪深300", "values": [100.0 + k for k in range(len(days))]},
                                         {"name": "申万电子", "values": [100.0] * len(days)}]},
              "figures": [{"chart": {"kind": "bars", "title": "甲", "unit": "", "x": ["a", "b"],
                                     "series": [{"name": "s", "values": [1.0, 2.0]}]}}]}
    after = json.loads(json.dumps(before))
    after["cover_chart"]["series"][0]["values"] = [v * 1.01 for v in before["cover_chart"]["series"][0]["values"]]
    after["cover_chart"]["series"][1]["values"][-1] = 101.0
    after["figures"][0]["chart"]["series"][0]["values"] = [1.5, 2.5]
    assert len(days) > CHART_POINTS_NAMED
    assert updated_chart_points(chart_changes(before, after)) == [("首页走势图", len(days) + 1), ("图 1", 2)]
