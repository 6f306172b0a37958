"""`status ISSUE final` names the chart points that moved after the issue went to review, as it names
the table's figures: a close of the week corrected after review (the cover chart's point, and the
market review redrafted from it) and a dataset's point changed after review. Final stops on them
(exit 3) unless `--accept-changes`, and the status log records them as accepted.

Truth is independent of the code under test: the closes and the dataset read from the store file with
plain sqlite3 and rebased here; the published snapshot's cover chart read back with sqlite3.
"""

from __future__ import annotations

import json
import re
import sqlite3

from workbench.cli import main

CSI300 = "000300.SH"
DAY = "2024-12-27"  # the (2024-12-23 – 2024-12-29) last trading day
CORRECTED = "3990.00"
DATASET, VENDOR, SERIES, RESTATED = "cloud_vendors_cy2024q3", "微软", "营业收入", 700.1


def _run(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out + out.err


def _close(db, code: str, day: str) -> float:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT q.close FROM quotes q JOIN indices i ON i.id = q.index_id WHERE i.code = ? "
                            "AND q.date = ?", [code, day]).fetchone()[0]


def _shown(value: float) -> str:
    """Two decimals, trailing zeros dropped (how the final's list writes a chart point)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _listed(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"\s+- ", line)]


def test_a_close_and_a_dataset_point_changed_after_review_stop_final(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    with sqlite3.connect(db) as conn:
        old_close = _close(db, CSI300, DAY)
        cats, series = (json.loads(t) for t in conn.execute(
            "SELECT categories, series FROM datasets WHERE name = ?", [DATASET]).fetchone())
        old_point = series[SERIES][cats.index(VENDOR)]
        series[SERIES][cats.index(VENDOR)] = RESTATED
        conn.execute("UPDATE datasets SET series = ? WHERE name = ?", [json.dumps(series, ensure_ascii=False), DATASET])
    assert old_point != RESTATED
    quotes = tmp_path / "corrected.csv"
    quotes.write_text(f"代码,名称,日期,收盘价\n{CSI300},沪深300,{DAY},{CORRECTED}\n", encoding="utf-8")
    code, out = _run(capsys, "import", quotes, "--db", db)
    assert code == 0, out
    assert _close(db, CSI300, DAY) == float(CORRECTED) != old_close
    code, out = _run(capsys, "draft-review", "1", "--db", db)  # the review's figures follow the corrected close
    assert code == 0, out

    code, refused = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑")
    assert code == 3, refused
    listed = _listed(refused)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM issues WHERE id = 1").fetchone()[0] == "review"
    # the dataset's point: the reviewer's value and the one final would freeze
    assert any(VENDOR in line and SERIES in line and _shown(old_point) in line and _shown(RESTATED) in line
               for line in listed), refused
    # the cover chart's 沪深300 point of the week's last day, rebased as the chart draws it
    assert any("沪深300" in line and "12月27日" in line and "封面图" in line for line in listed), refused
    # the market review redrafted after review is named too
    assert any("市场回顾" in line for line in listed), refused

    code, out = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes")
    assert code == 0, out
    with sqlite3.connect(db) as conn:
        snapshot = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = 1").fetchone()[0])
        reason = conn.execute("SELECT reason FROM issue_log WHERE issue_id = 1 AND to_status = 'final'").fetchone()[0]
    chart = snapshot["cover_chart"]
    first = chart["x"][0]
    csi = next(s for s in chart["series"] if s["name"] == "沪深300")
    now = csi["values"][chart["x"].index(DAY)]
    base = _close(db, CSI300, first)
    assert abs(now - float(CORRECTED) / base * 100) < 1e-9  # the chart draws the corrected close rebased
    was = old_close / base * 100
    line = next(line for line in listed if "沪深300" in line and "12月27日" in line and "封面图" in line)
    assert f"{_shown(was)} → {_shown(now)}" in line, line
    # the published record says the editor accepted them
    assert "12月27日" in reason and VENDOR in reason, reason


def test_nothing_changed_after_review_finalises_without_a_chart_line(demo_path, capsys):
    """A review whose charts draw the same at final names nothing and final goes through."""
    db = str(demo_path)
    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    code, out = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑")
    assert code == 0, out
    assert not any("封面图" in line or "图 " in line for line in _listed(out)), out
