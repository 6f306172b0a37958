"""A correction's `status … final` compares what it would freeze with the PUBLISHED version it
corrects: a figure imported after v1 was published for v1's week (a corrected PE file dated the
table's 截至 day) is named with the value v1 printed and the one v2 would print, and final stops
until `--accept-changes`; accepted, the final's status-log entry records them and v2's 更正说明 on
page 1 says how many figures of the table were updated. A refresh dated after the 截至 date (the
next Monday's PE) is not taken: the correction's preflight says in one line how many such figures
it kept as published.

Through the command line (``main``) on the demo store; the truth is read independently: v1's
and v2's PDFs with pypdf (rows compared cell by cell), the refreshed figures with sqlite3.
"""

from __future__ import annotations

import re
import sqlite3

import pypdf

from workbench.cli import main

RUNXIN = "300493.SZ"
REFRESH = {RUNXIN: ("润欣科技", 131.04, 94.37), "688018.SH": ("乐鑫科技", 88.88, 66.66)}


def _rows(pdf_path) -> dict[str, list[str]]:
    """The comparison table's rows as printed: ticker -> the cells after the name."""
    out = {}
    for page in pypdf.PdfReader(str(pdf_path)).pages:
        for line in page.extract_text().splitlines():
            m = re.match(r"^\s*(\d{6}\.(?:SH|SZ))\s+(\S+)\s+(.*)$", line)
            if m:
                out[m.group(1)] = m.group(3).split()
    return out


def _page1(pdf_path) -> str:
    return pypdf.PdfReader(str(pdf_path)).pages[0].extract_text()


def _pe(db, ticker, period) -> float:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = 'pe' AND period = ?",
                            [ticker, period]).fetchone()[0]


def _state(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT status, version, (SELECT count(*) FROM issue_versions WHERE issue_id = 1) "
                            "FROM issues WHERE id = 1").fetchone()


def _publish_v1_then_refresh(db, tmp_path, capsys, as_of="2024-12-29"):
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    v1 = tmp_path / "v1.pdf"
    assert main(["export", "1", "--db", db, "-o", str(v1)]) == 0
    old = f"{_pe(db, RUNXIN, '2024E'):.1f}"
    refresh = tmp_path / "pe_refresh.csv"
    refresh.write_text("ticker,name,pe_2024e,pe_2025e\n" + "".join(
        f"{t},{n},{a},{b}\n" for t, (n, a, b) in REFRESH.items()), encoding="utf-8")
    assert main(["import", str(refresh), "--db", db, "--as-of", as_of]) == 0
    assert main(["correct", "1", "--db", db, "--by", "编辑", "--reason", "风险提示措辞更正"]) == 0
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    capsys.readouterr()
    return v1, old


def test_a_corrections_final_names_figures_differing_from_the_published_version(demo_path, tmp_path, capsys):
    db = str(demo_path)
    v1, was = _publish_v1_then_refresh(db, tmp_path, capsys)
    printed = _rows(v1)[RUNXIN]
    assert was in printed  # v1 printed the PE stored before the refresh
    now = f"{_pe(db, RUNXIN, '2024E'):.1f}"
    assert now not in printed

    code = main(["status", "1", "final", "--db", db, "--by", "编辑"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 3
    assert _state(db) == ("review", 2, 1)  # nothing frozen: v1 only
    assert any("润欣科技" in line and RUNXIN in line and was in line and now in line
               for line in text.splitlines()), text
    assert "v1" in text and "--accept-changes" in text

    assert main(["status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes"]) == 0
    out = capsys.readouterr()
    assert any("v1" in line and "润欣科技" in line and was in line and now in line
               for line in (out.out + out.err).splitlines())  # what was frozen anyway is said
    assert _state(db) == ("final", 2, 2)
    v2 = tmp_path / "v2.pdf"
    assert main(["export", "1", "--db", db, "-o", str(v2)]) == 0
    before, after = _rows(v1), _rows(v2)
    differing = sum(1 for t in before for a, b in zip(before[t], after.get(t, [])) if a != b)
    assert differing >= len(REFRESH)  # each refreshed company's PE prints differently
    page1 = "".join(_page1(v2).split())
    assert "风险提示措辞更正" in page1
    assert f"对比表中{differing}个数字按最新数据更新" in page1, page1
    assert "按最新数据更新" not in "".join(_page1(v1).split())
    with sqlite3.connect(db) as conn:  # the record says the editor accepted them
        reason = conn.execute("SELECT reason FROM issue_log WHERE issue_id = 1 ORDER BY id DESC").fetchone()[0]
    assert "润欣科技" in reason and was in reason and now in reason


def test_a_correction_over_unchanged_figures_finalises_and_says_nothing_of_them(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    assert main(["correct", "1", "--db", db, "--by", "编辑", "--reason", "风险提示措辞更正"]) == 0
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    assert _state(db) == ("final", 2, 2)
    v2 = tmp_path / "v2.pdf"
    assert main(["export", "1", "--db", db, "-o", str(v2)]) == 0
    page1 = "".join(_page1(v2).split())
    assert "风险提示措辞更正" in page1 and "按最新数据更新" not in page1


def test_a_corrections_preflight_names_figures_dated_after_the_tables_as_of(demo_path, tmp_path, capsys):
    db = str(demo_path)
    v1, was = _publish_v1_then_refresh(db, tmp_path, capsys, as_of="2025-01-06")
    with sqlite3.connect(db) as conn:  # the table's 截至 date and the refreshed figures' dates, as stored
        later = conn.execute("SELECT DISTINCT ticker FROM facts WHERE as_of > '2024-12-29' AND metric = 'pe'"
                             ).fetchall()
    assert sorted(t for (t,) in later) == sorted(REFRESH)
    assert main(["check", "1", "--db", db]) in (0, 3)
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "较新的数据晚于本期截至日" in line]
    assert len(lines) == 1, out
    printed = _rows(v1)  # the refreshed PE 2024E and 2025E of each company print differently from v1
    count = sum(1 for t, (_n, a, b) in REFRESH.items() for new in (a, b) if f"{new:.1f}" not in printed[t])
    assert count == 2 * len(REFRESH)
    assert f"{count} 项" in lines[0] and "2025-01-06" in lines[0] and "kept as published" in lines[0]
    # nothing the correction prints differs from v1: final goes through without --accept-changes
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    v2 = tmp_path / "v2.pdf"
    assert main(["export", "1", "--db", db, "-o", str(v2)]) == 0
    assert _rows(v2) == printed and was in _rows(v2)[RUNXIN]


def test_a_second_correction_repeats_the_first_ones_note_as_it_was_published(demo_path, tmp_path, capsys):
    db = str(demo_path)
    _publish_v1_then_refresh(db, tmp_path, capsys)
    assert main(["status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes"]) == 0
    v2 = tmp_path / "v2.pdf"
    assert main(["export", "1", "--db", db, "-o", str(v2)]) == 0
    noted = re.search(r"风险提示措辞更正；对比表中\s*(\d+)\s*个数字按最新数据更新", re.sub(r"\s+", "", _page1(v2)))
    assert noted, _page1(v2)  # v2's note as its readers saw it
    # a second correction, of wording only: its own note, and v2's repeated with its count
    assert main(["correct", "1", "--db", db, "--by", "编辑", "--reason", "标题措辞更正"]) == 0
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    v3 = tmp_path / "v3.pdf"
    assert main(["export", "1", "--db", db, "-o", str(v3)]) == 0
    page = re.sub(r"\s+", "", _page1(v3))
    assert f"风险提示措辞更正；对比表中{noted.group(1)}个数字按最新数据更新" in page, page
    assert "标题措辞更正" in page and "标题措辞更正；对比表中" not in page  # nothing updated this time
