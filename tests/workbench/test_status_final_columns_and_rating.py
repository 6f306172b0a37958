"""`status … final` stops on what the reviewer did not see besides a changed figure: a table column
whose period changed (or that was added) while the issue was in review is named with its figures
as new (from --), the column the reviewer saw is named as gone, and a changed rating is named; the
same for a correction against its published version. `--accept-changes` freezes them anyway.

Through the command line (``main``) on the demo store, the issue edited with the core's save
(``update_issue``, as the editor's Save does in review); the truth is the reviewer's PDF (pypdf)
against the PDF final would freeze, and the stored figures read with sqlite3.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3

import pypdf

from workbench.cli import main
from workbench.drafting.lifecycle import update_issue
from workbench.store import Store

RUNXIN = "300493.SZ"


def _text(pdf_path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(pdf_path)).pages)


def _rating(pdf_path) -> str:
    """The rating page 1 prints as 评级（变动）, as 增持（维持）."""
    page = pypdf.PdfReader(str(pdf_path)).pages[0].extract_text()
    found = re.findall(r"(买入|增持|中性|减持|卖出)（(?:维持|上调|下调|首次)）", page)
    assert len(found) == 1, found
    return found[0]


def _row(pdf_path, ticker) -> list[str]:
    for line in _text(pdf_path).splitlines():
        m = re.match(rf"^\s*{re.escape(ticker)}\s+\S+\s+(.*)$", line)
        if m:
            return m.group(1).split()
    raise AssertionError(f"{ticker} not printed")


def _revenue(db, period) -> float:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = 'revenue' AND period = ?",
                            [RUNXIN, period]).fetchone()[0]


def _state(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT status, version, (SELECT count(*) FROM issue_versions WHERE issue_id = 1) "
                            "FROM issues WHERE id = 1").fetchone()


def _repoint_first_column_and_rate(db, period="2024Q1-Q3", rating="买入") -> str:
    """Column 1 keeps its header but shows another period; the rating changes. Returns the old rating."""
    with Store(db) as s:
        issue = s.issue(1)
        cols = list(issue.table.columns)
        assert (cols[0].metric, cols[0].period) == ("revenue", "2023A")
        cols[0] = dataclasses.replace(cols[0], period=period)
        issue.table = dataclasses.replace(issue.table, columns=cols)
        old, issue.rating = issue.rating, rating
        update_issue(s, issue)
    return old


def _reason(db) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT reason FROM issue_log WHERE issue_id = 1 ORDER BY id DESC").fetchone()[0] or ""


def test_a_column_repointed_and_a_rating_changed_in_review_stop_final(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    reviewed = tmp_path / "reviewed.pdf"
    assert main(["export", "1", "--db", db, "-o", str(reviewed)]) == 0
    old_rating = _repoint_first_column_and_rate(db)
    now = tmp_path / "now.pdf"
    assert main(["export", "1", "--db", db, "-o", str(now)]) == 0

    seen, frozen = _row(reviewed, RUNXIN), _row(now, RUNXIN)
    was, new = f"{_revenue(db, '2023A') / 1e8:.1f}", f"{_revenue(db, '2024Q1-Q3') / 1e8:.1f}"
    assert seen[0] == was and frozen[0] == new and was != new  # the reviewer saw another figure there
    assert _rating(reviewed) == old_rating != "买入" and _rating(now) == "买入"
    capsys.readouterr()

    code = main(["status", "1", "final", "--db", db, "--by", "编辑"])
    err = capsys.readouterr().err
    assert code == 3
    assert _state(db) == ("review", 1, 0)  # nothing frozen
    lines = err.splitlines()
    assert any(old_rating in line and "买入" in line and "评级" in line for line in lines)
    # the column the reviewer never saw, its figure new; the one the reviewer saw, gone
    assert any(RUNXIN in line and "2024Q1-Q3" in line and re.search(rf"--\s*→\s*{re.escape(new)}\b", line)
               for line in lines), err
    assert any(RUNXIN in line and "2023A" in line and re.search(rf"\b{re.escape(was)}\s*→\s*--", line)
               for line in lines), err
    assert "--accept-changes" in err

    assert main(["status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes"]) == 0
    assert _state(db) == ("final", 1, 1)
    reason = _reason(db)
    assert "买入" in reason and "2024Q1-Q3" in reason  # the record names the rating and the new column
    final = tmp_path / "final.pdf"
    assert main(["export", "1", "--db", db, "-o", str(final)]) == 0
    assert _row(final, RUNXIN)[0] == new and _rating(final) == "买入"


def test_a_column_added_in_review_is_named_with_its_figures(demo_path, tmp_path, capsys):
    db = str(demo_path)
    older = tmp_path / "older.csv"
    older.write_text(f"证券代码,证券简称,营业收入(亿元)2022年报\n{RUNXIN},润欣科技,18.35\n", encoding="utf-8")
    assert main(["import", str(older), "--db", db, "--as-of", "2024-12-27"]) == 0
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    reviewed = tmp_path / "reviewed.pdf"
    assert main(["export", "1", "--db", db, "-o", str(reviewed)]) == 0
    with Store(db) as s:
        issue = s.issue(1)
        cols = list(issue.table.columns)
        extra = dataclasses.replace(cols[0], period="2022A", label="2022")
        issue.table = dataclasses.replace(issue.table, columns=[extra, *cols])
        update_issue(s, issue)
    now = tmp_path / "now.pdf"
    assert main(["export", "1", "--db", db, "-o", str(now)]) == 0
    value = f"{_revenue(db, '2022A') / 1e8:.1f}"
    assert len(_row(now, RUNXIN)) == len(_row(reviewed, RUNXIN)) + 1 and _row(now, RUNXIN)[0] == value
    capsys.readouterr()

    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 3
    err = capsys.readouterr().err
    assert any(RUNXIN in line and "2022" in line and re.search(rf"--\s*→\s*{re.escape(value)}\b", line)
               for line in err.splitlines()), err
    assert _state(db) == ("review", 1, 0)


def test_a_corrections_changed_rating_is_named_against_the_published_version(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    v1 = tmp_path / "v1.pdf"
    assert main(["export", "1", "--db", db, "-o", str(v1)]) == 0
    assert main(["correct", "1", "--db", db, "--by", "编辑", "--reason", "评级更正"]) == 0
    old_rating = _repoint_first_column_and_rate(db)
    assert _rating(v1) == old_rating != "买入"
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0  # the reviewer sees v2 as it is
    capsys.readouterr()

    code = main(["status", "1", "final", "--db", db, "--by", "编辑"])
    err = capsys.readouterr().err
    assert code == 3
    assert _state(db) == ("review", 2, 1)
    assert "v1" in err
    was, new = _row(v1, RUNXIN)[0], f"{_revenue(db, '2024Q1-Q3') / 1e8:.1f}"
    lines = err.splitlines()
    assert any(old_rating in line and "买入" in line for line in lines), err
    assert any(RUNXIN in line and re.search(rf"--\s*→\s*{re.escape(new)}\b", line) for line in lines), err
    assert any(RUNXIN in line and re.search(rf"\b{re.escape(was)}\s*→\s*--", line) for line in lines), err
    assert main(["status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes"]) == 0
    assert _state(db) == ("final", 2, 2)


def test_a_headline_and_table_title_changed_in_review_are_named(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    reviewed = tmp_path / "reviewed.pdf"
    assert main(["export", "1", "--db", db, "-o", str(reviewed)]) == 0
    with Store(db) as s:
        issue = s.issue(1)
        old_headline, issue.headline = issue.headline, "周观点：送审后改写的标题"
        old_title = issue.table.title
        issue.table = dataclasses.replace(issue.table, title="科技公司对比（送审后改名）")
        update_issue(s, issue)
    seen = _text(reviewed)
    assert old_headline in seen.replace("\n", "") and "送审后改写" not in seen and old_title in seen
    capsys.readouterr()
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 3
    lines = capsys.readouterr().err.splitlines()
    assert any(old_headline in line and "周观点：送审后改写的标题" in line for line in lines)
    assert any(old_title in line and "科技公司对比（送审后改名）" in line for line in lines)
    assert _state(db) == ("review", 1, 0)


def test_a_correction_changing_only_the_rating_says_no_figures_were_updated(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    v1 = tmp_path / "v1.pdf"
    assert main(["export", "1", "--db", db, "-o", str(v1)]) == 0
    assert main(["correct", "1", "--db", db, "--by", "编辑", "--reason", "评级更正"]) == 0
    with Store(db) as s:
        issue = s.issue(1)
        old, issue.rating = issue.rating, "买入"
        update_issue(s, issue)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    capsys.readouterr()
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 3
    err = capsys.readouterr().err
    assert any(old in line and "买入" in line for line in err.splitlines()), err
    assert main(["status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes"]) == 0
    v2 = tmp_path / "v2.pdf"
    assert main(["export", "1", "--db", db, "-o", str(v2)]) == 0
    rows = [line for line in _text(v1).splitlines() if re.match(r"^\s*\d{6}\.(SH|SZ)\s", line)]
    assert rows and rows == [line for line in _text(v2).splitlines() if re.match(r"^\s*\d{6}\.(SH|SZ)\s", line)]
    page1 = pypdf.PdfReader(str(v2)).pages[0].extract_text()
    assert _rating(v2) == "买入" and "评级更正" in page1
    assert "按最新数据更新" not in page1  # no figure of the table was updated
