"""A correction can take a dataset's chart point on purpose, as it takes a table figure.

The demo issue gets a figure of a dataset whose categories are periods (2024Q3, 2025E) and is
published with a typo in the forecast year (资本开支 2025E 913.7 for 931.7); the dataset is fixed in
the store. A correction keeps the forecast point as published (a forecast is newer than the issue)
until its editor takes it (`workbench correct 1 --take-point 云厂商资本开支:资本开支:2025E`); then the
preview and the final's PDF print the fixed value, the take travels on the issue's correction record,
and the preflight no longer counts the point as kept. A take naming a dataset, series or category the
issue's charts do not draw is refused in words naming it, nothing changed.

Truth is independent of the code under test: the published and the final PDFs read back with pypdf
(the chart's value labels), the dataset and the issue's record read from the store file with sqlite3.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from dataclasses import replace

import pypdf

from workbench.cli import main

DATASET, TITLE, SERIES = "capex_guide", "云厂商资本开支", "资本开支"
QUARTER, TYPO, FIXED = 200.0, 913.7, 931.7


def _run(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def _publish_with_a_typo(db) -> None:
    from workbench.domain.issue import Figure
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    with Store(db) as store:
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [QUARTER, TYPO]})
        store.put_dataset("unused_guide", "未画出的数据集", "亿美元", "资料来源：公司公告", ["2025E"], {SERIES: [1.0]})
        issue = store.issue(1)
        store.save_issue(replace(issue, figures=[*issue.figures, Figure("dataset_bars", TITLE, "亿美元", "资料来源：公司公告",
                                                                        DATASET, SERIES)]), keep_status=True)
        change_status(store, 1, "review", by="审阅人")
        change_status(store, 1, "final", by="编辑")
        # the typo fixed in the store after publication
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [QUARTER, FIXED]})


def _stored_point(db) -> float:
    with sqlite3.connect(db) as conn:
        cats, series = (json.loads(t) for t in conn.execute("SELECT categories, series FROM datasets WHERE name = ?",
                                                            [DATASET]).fetchone())
    return dict(zip(cats, series[SERIES]))["2025E"]


def _record(db) -> str | None:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT correction FROM issues WHERE id = 1").fetchone()[0]


def _chart_labels(pdf: bytes) -> list[str]:
    """The numbers printed on the page that carries the figure's caption."""
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        text = page.extract_text()
        if TITLE in text and "2025E" in text:
            return re.findall(r"\d+(?:\.\d+)?", text)
    raise AssertionError("the figure is not printed")


def _pdf(db, version: int) -> bytes:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT pdf FROM issue_versions WHERE issue_id = 1 AND version = ?", [version]).fetchone()[0]


def _drawn(db) -> float:
    """The 2025E point the correction's figure draws, as the report builds it."""
    from workbench.report import build_report_spec
    from workbench.store import Store

    with Store(db) as store:
        spec = build_report_spec(store, 1)
    chart = next(f.chart for f in spec.figures if f.title == TITLE)
    return dict(zip(chart.x, chart.series[0].values))["2025E"]


def _kept_line(db) -> str | None:
    from workbench.report.preflight import preflight
    from workbench.store import Store

    with Store(db) as store:
        found = [f.message for f in preflight(store, store.issue(1)).warnings if f.code == "figures_after_as_of"]
    return found[0] if found else None


def test_a_forecast_point_taken_prints_in_the_final_pdf(demo_path, capsys):
    db = str(demo_path)
    _publish_with_a_typo(db)
    assert f"{TYPO}" in _chart_labels(_pdf(db, 1))  # v1 printed the typo
    assert _stored_point(db) == FIXED

    assert _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "更正资本开支预测")[0] == 0
    assert _drawn(db) == TYPO  # a forecast point is newer than the issue: kept as published
    line = _kept_line(db)
    assert line is not None and f"「{TITLE}」{SERIES} 2025E" in line, line

    code, out = _run(capsys, "correct", "1", "--db", db, "--take-point", f"{TITLE}:{SERIES}:2025E")
    assert code == 0, out
    assert "2025E" in out and TITLE in out, out
    assert _drawn(db) == _stored_point(db) == FIXED
    record = json.loads(_record(db))
    assert record["version"] == 2 and [DATASET, SERIES, "2025E"] in record["points"], record
    line = _kept_line(db)
    assert line is None or "保留发布时的数值" not in line, line  # nothing else changed: nothing kept

    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    code, out = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes")
    assert code == 0, out
    labels = _chart_labels(_pdf(db, 2))
    assert f"{FIXED}" in labels and f"{TYPO}" not in labels, labels


def test_a_whole_dataset_taken_when_the_correction_opens(demo_path, capsys):
    db = str(demo_path)
    _publish_with_a_typo(db)
    code, out = _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "更正", "--take-point", DATASET)
    assert code == 0, out
    assert _drawn(db) == FIXED
    assert [DATASET, None, None] in json.loads(_record(db))["points"]


def test_a_take_the_charts_do_not_draw_is_refused_naming_it(demo_path, capsys):
    db = str(demo_path)
    _publish_with_a_typo(db)
    assert _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "更正")[0] == 0
    before = _record(db)
    for wrong, named in [("没有的数据集", "没有的数据集"), ("未画出的数据集", "未画出的数据集"),
                         (f"{DATASET}:净利润", "净利润"), (f"{DATASET}:{SERIES}:2026E", "2026E"),
                         (f"{DATASET}:{SERIES}:2025E:x", "2025E:x")]:
        code, out = _run(capsys, "correct", "1", "--db", db, "--take-point", wrong)
        assert code != 0 and named in out, (wrong, out)
        assert _record(db) == before, wrong
    assert _drawn(db) == TYPO


def test_a_refused_take_opens_no_correction(demo_path, capsys):
    db = str(demo_path)
    _publish_with_a_typo(db)
    code, out = _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "更正", "--take-point", "未画出的数据集")
    assert code != 0 and "未画出的数据集" in out, out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status, version FROM issues WHERE id = 1").fetchone() == ("final", 1)


def test_the_points_taken_are_told_apart_from_those_kept(demo_path, capsys):
    """``correction_figures`` hands the preflight the points taken on purpose (published value and the
    one printed) and no longer counts them as kept; a restated quarter is taken by the rule, not told."""
    from workbench.report.spec import correction_figures
    from workbench.store import Store

    db = str(demo_path)
    _publish_with_a_typo(db)
    with Store(db) as store:  # the quarter restated too
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E"], {SERIES: [QUARTER + 5, FIXED]})
    assert _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "更正", "--take-point",
                f"{DATASET}:{SERIES}")[0] == 0
    with sqlite3.connect(db) as conn:
        snapshot = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = 1").fetchone()[0])
    chart = next(f["chart"] for f in snapshot["figures"] if f["title"] == TITLE)
    published = dict(zip(chart["x"], chart["series"][0]["values"]))
    with Store(db) as store:
        taken: list = []
        _, kept = correction_figures(store, store.issue(1), taken=taken)
    assert [p for p in kept if p.figure == TITLE] == []
    assert [(p.figure, p.series, p.category, p.published, p.now) for p in taken] == \
        [(TITLE, SERIES, "2025E", published["2025E"], _stored_point(db))]


def test_a_category_added_since_is_added_when_its_dataset_is_taken(demo_path, capsys):
    from workbench.store import Store

    db = str(demo_path)
    _publish_with_a_typo(db)
    with Store(db) as store:
        store.put_dataset(DATASET, TITLE, "亿美元", "资料来源：公司公告", ["2024Q3", "2025E", "2026E"],
                          {SERIES: [QUARTER, FIXED, 1100.0]})
    assert _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "更正")[0] == 0
    from workbench.report import build_report_spec

    def drawn() -> dict:
        with Store(db) as store:
            chart = next(f.chart for f in build_report_spec(store, 1).figures if f.title == TITLE)
        return dict(zip(chart.x, chart.series[0].values))

    assert drawn() == {"2024Q3": QUARTER, "2025E": TYPO}  # as published
    assert _run(capsys, "correct", "1", "--db", db, "--take-point", f"{DATASET}:{SERIES}:2026E")[0] == 0
    assert drawn() == {"2024Q3": QUARTER, "2025E": TYPO, "2026E": 1100.0}
    assert _run(capsys, "correct", "1", "--db", db, "--take-point", TITLE)[0] == 0
    assert drawn() == {"2024Q3": QUARTER, "2025E": FIXED, "2026E": 1100.0}


def test_the_preflight_names_the_point_taken(demo_path, capsys):
    """The preflight names the chart point taken on purpose with the value published (read back from
    v1's PDF) and the store's, apart from the line of the figures kept (it no longer counts there);
    while kept, that line names --take-point as the way to take it."""
    db = str(demo_path)
    _publish_with_a_typo(db)
    with sqlite3.connect(db) as conn:
        snapshot = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = 1").fetchone()[0])
    n = [f["title"] for f in snapshot["figures"]].index(TITLE) + 1
    assert _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "更正")[0] == 0
    line = _kept_line(db)
    assert "--take-point" in line and f"其中 1 项为图表的点：图 {n}「{TITLE}」{SERIES} 2025E" in line, line
    assert _run(capsys, "correct", "1", "--db", db, "--take-point", f"{TITLE}:{SERIES}:2025E")[0] == 0
    assert _kept_line(db) is None  # nothing else changed: nothing kept
    from workbench.report.preflight import preflight
    from workbench.store import Store

    with Store(db) as store:
        found = [f.message for f in preflight(store, store.issue(1)).warnings if f.code == "chart_points_taken"]
    assert len(found) == 1, found
    line = found[0]
    printed = _chart_labels(_pdf(db, 1))
    assert str(TYPO) in printed
    assert f"采用了 1 个图表的点的较新数据：图 {n}「{TITLE}」{SERIES} 2025E（发布时 {TYPO}，采用库中的 {_stored_point(db)}）" \
        in line, line
    assert "保留发布时的数值" not in line and "--take" not in line, line  # nothing kept: nothing to take
    code, out = _run(capsys, "check", "1", "--db", db)
    assert code == 0 and f"采用库中的 {FIXED}" in out, out
