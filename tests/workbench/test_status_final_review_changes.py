"""`status ISSUE final` shows the preflight's warnings as `export` does, and stops when a figure
printed in the issue changed after it went to review, naming it with the reviewer's value and the
value final would freeze (`--accept-changes` freezes it anyway).

Through the command line (``main``) on the demo store; the truth is read independently: the PDFs
with pypdf, the stored figure with sqlite3, the warnings from the `check` command's own output.
"""

from __future__ import annotations

import sqlite3

import pypdf

from workbench.cli import main

RUNXIN = "300493.SZ"


def _lines(pdf_path, needle):
    return [line for page in pypdf.PdfReader(str(pdf_path)).pages
            for line in page.extract_text().splitlines() if needle in line]


def _warn_lines(text):
    return sorted(line.strip() for line in text.splitlines() if "WARN" in line)


def _revenue(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = 'revenue' AND period = "
                            "'2024Q1-Q3'", [RUNXIN]).fetchone()[0]


def _import_late_revenue(tmp_path, db, value):
    late = tmp_path / "late.csv"
    late.write_text(f"证券代码,证券简称,营业收入(亿元)2024三季报\n{RUNXIN},润欣科技,{value}\n", encoding="utf-8")
    assert main(["import", str(late), "--db", str(db), "--as-of", "2025-01-04"]) == 0


def _status_count(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT status, (SELECT count(*) FROM issue_versions WHERE issue_id = 1) "
                            "FROM issues WHERE id = 1").fetchone()


def test_status_final_prints_the_preflights_warnings_as_check_does(demo_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    capsys.readouterr()
    assert main(["check", "1", "--db", db]) == 0
    expected = _warn_lines(capsys.readouterr().out)
    assert expected, "the demo issue has preflight warnings to show"
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    out = capsys.readouterr()
    assert _warn_lines(out.out + out.err) == expected
    assert _status_count(db) == ("final", 1)


def test_a_figure_changed_after_review_stops_final_naming_old_and_new(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    reviewed = tmp_path / "reviewed.pdf"
    assert main(["export", "1", "--db", db, "-o", str(reviewed)]) == 0
    before = _revenue(db) / 1e8
    seen = _lines(reviewed, "润欣科技")
    assert any(f"{before:.1f}" in line for line in seen)

    _import_late_revenue(tmp_path, db, 29.55)
    after = _revenue(db) / 1e8
    assert f"{after:.1f}" != f"{before:.1f}"
    capsys.readouterr()

    code = main(["status", "1", "final", "--db", db, "--by", "编辑"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 3
    assert _status_count(db) == ("review", 0)  # nothing frozen
    assert any("润欣科技" in line and RUNXIN in line and f"{before:.1f}" in line and f"{after:.1f}" in line
               for line in text.splitlines())
    assert "--accept-changes" in text
    assert _warn_lines(text), "the preflight's warnings are shown with the refusal"

    assert main(["status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes"]) == 0
    out = capsys.readouterr()
    assert any("润欣科技" in line and f"{before:.1f}" in line and f"{after:.1f}" in line
               for line in (out.out + out.err).splitlines())
    assert _status_count(db) == ("final", 1)
    with sqlite3.connect(db) as conn:  # the record says the editor accepted them
        reason = conn.execute("SELECT reason FROM issue_log WHERE issue_id = 1 ORDER BY id DESC").fetchone()[0]
    assert "润欣科技" in reason and f"{before:.1f}" in reason and f"{after:.1f}" in reason
    final = tmp_path / "final.pdf"
    assert main(["export", "1", "--db", db, "-o", str(final)]) == 0
    assert any(f"{after:.1f}" in line for line in _lines(final, "润欣科技"))


def test_an_unchanged_figure_set_finalises_without_question(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    _import_late_revenue(tmp_path, db, round(_revenue(db) / 1e8, 6))  # the same figure again
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    assert _status_count(db) == ("final", 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT reason FROM issue_log WHERE issue_id = 1 ORDER BY id DESC").fetchone() == (None,)


def test_back_to_draft_and_review_again_compares_with_the_second_review(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    _import_late_revenue(tmp_path, db, 29.55)
    assert main(["status", "1", "draft", "--db", db, "--by", "编辑"]) == 0
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0  # the reviewer sees 29.6 now
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    assert _status_count(db) == ("final", 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT reason FROM issue_log WHERE issue_id = 1 ORDER BY id DESC").fetchone() == (None,)


def test_a_company_that_joined_the_table_after_review_is_named(demo_path, tmp_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    reviewed = tmp_path / "reviewed.pdf"
    assert main(["export", "1", "--db", db, "-o", str(reviewed)]) == 0
    assert _lines(reviewed, "测试芯片") == []
    new = tmp_path / "new.csv"
    new.write_text("证券代码,证券简称,细分板块,营业收入(亿元)2023年报\n688111.SH,测试芯片,AIOT soc,12\n", encoding="utf-8")
    assert main(["import", str(new), "--db", db, "--as-of", "2024-12-27"]) == 0
    draft = tmp_path / "draft.pdf"
    assert main(["export", "1", "--db", db, "-o", str(draft)]) == 0
    assert any("12.0" in line for line in _lines(draft, "测试芯片"))  # final would print it
    capsys.readouterr()
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 3
    err = capsys.readouterr().err
    assert any("测试芯片" in line and "688111.SH" in line and "12.0" in line for line in err.splitlines())
    assert _status_count(db) == ("review", 0)
