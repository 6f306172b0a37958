"""A related report linked to an issue of the store (copy-forward cites last week's issue) is checked
by the preflight: it warns when the linked issue is not final (the report would cite one never
published) and when the cited title is not that issue's current one (its published headline once
final), naming the related report's number and both titles. A citation that matches a published
issue gives no warning.

Through the command line on the demo store; the truth is read with sqlite3: the cited title from
the new issue's stored content, the linked issue's headline, series and week from its row (final:
from its frozen snapshot).
"""

from __future__ import annotations

import json
import sqlite3

from workbench.cli import main


def _related(db, issue_id):
    with sqlite3.connect(db) as conn:
        return json.loads(conn.execute("SELECT content FROM issues WHERE id = ?", [issue_id]).fetchone()[0])["related"]


def _title_of(db, issue_id, *, frozen=False):
    with sqlite3.connect(db) as conn:
        if frozen:
            snap = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = ? "
                                           "ORDER BY version DESC", [issue_id]).fetchone()[0])
            head, series, start, end = snap["headline"], snap["series"], snap["period_start"], snap["period_end"]
        else:
            head, series, start, end = conn.execute("SELECT headline, series, period_start, period_end FROM issues "
                                                    "WHERE id = ?", [issue_id]).fetchone()
    return f"{head}——{series} {start.replace('-', '')}-{end.replace('-', '')}"


def _related_warnings(capsys, db, issue_id):
    capsys.readouterr()
    main(["check", str(issue_id), "--db", db])
    return [line for line in capsys.readouterr().out.splitlines() if "WARN" in line and "[相关报告 1" in line]


def _set_headline(db, issue_id, headline):
    from workbench.store import Store

    with Store(db) as s:
        issue = s.issue(issue_id)
        issue.headline = headline
        s.save_issue(issue)


def test_a_related_report_citing_an_unpublished_issue_is_named(demo_path, capsys):
    db = str(demo_path)
    assert main(["new-issue", "--from", "1", "--db", db, "--by", "编辑"]) == 0
    [first, *_] = _related(db, 2)
    assert first["issue_id"] == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM issues WHERE id = 1").fetchone() == ("draft",)
    found = _related_warnings(capsys, db, 2)
    assert found, "a cited issue that is not final is named"
    assert "#1" in found[0] or "第 1 期" in found[0]
    assert first["title"] in found[0]


def test_a_related_report_whose_issue_changed_its_headline_names_both_titles(demo_path, capsys):
    db = str(demo_path)
    assert main(["new-issue", "--from", "1", "--db", db, "--by", "编辑"]) == 0
    cited = _related(db, 2)[0]["title"]
    _set_headline(db, 1, "周观点：年末收官，算力与端侧共振")
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    published = _title_of(db, 1, frozen=True)
    assert published != cited and "年末收官" in published
    found = _related_warnings(capsys, db, 2)
    assert len(found) == 1, found
    assert cited in found[0] and published in found[0]


def test_a_related_report_matching_its_published_issue_gives_no_warning(demo_path, capsys):
    db = str(demo_path)
    assert main(["status", "1", "review", "--db", db, "--by", "审阅人"]) == 0
    assert main(["status", "1", "final", "--db", db, "--by", "编辑"]) == 0
    assert main(["new-issue", "--from", "1", "--db", db, "--by", "编辑"]) == 0
    assert _related(db, 2)[0]["title"] == _title_of(db, 1, frozen=True) == _title_of(db, 1)
    assert _related_warnings(capsys, db, 2) == []
