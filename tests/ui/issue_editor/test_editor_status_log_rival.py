"""The issue editor's status log (状态记录) on a station that settled two offline finals of v1 with
keep theirs: the steps that made this station's own final, which the desk did not take, are
labelled as such (本机另一份定稿，未被团队库采用); the desk's steps are not. Against a real PostgreSQL
(the desk tests' cluster); the truth is who made which step on which station (li's final is the
desk's, wang's this station's own), read back from the log rows with plain sqlite3."""

from __future__ import annotations

import sqlite3

import pytest

from desk_testing import Desk

from workbench.desk.sync import resolve, sync
from workbench.drafting.lifecycle import change_status, update_issue
from workbench.store import sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")


@pytest.fixture
def kept_theirs(pg_cluster, desk_db, demo_path, tmp_path):
    """e1 (li) and e2 (wang) finalise v1 offline, e2 with another headline; e1 syncs first; e2 keeps
    theirs. Yields e2's path and the issue id."""
    desk = Desk(pg_cluster, desk_db)
    ca = desk.user("admin")
    a = desk.join(demo_path, ca)
    c1, c2 = desk.user("editor"), desk.user("editor")
    e1, e2 = desk.join(tmp_path / "e1.sqlite", c1), desk.join(tmp_path / "e2.sqlite", c2)
    issue_id, uid = sync_state.issue_uid(e1, "latest")
    change_status(e1, issue_id, "review", by="li")
    change_status(e1, issue_id, "final", by="li")
    issue = e2.issue(issue_id)
    issue.headline = "周观点：本机定稿前改过的标题"
    update_issue(e2, issue)
    change_status(e2, issue_id, "review", by="wang")
    change_status(e2, issue_id, "final", by="wang")
    sync(e1, c1)
    sync(e2, c2)
    [c] = [c for c in sync_state.conflicts(e2) if c["tbl"] == "issue_versions"]
    resolve(e2, c["id"], "theirs")
    sync(e2, c2)
    path = e2.path
    for s in (a, e1, e2):
        s.close()
    return path, issue_id


def test_the_status_log_labels_this_stations_own_final_the_desk_did_not_take(qtbot, kept_theirs, tmp_path):
    from PySide6.QtCore import QCoreApplication

    from ui.issue_editor import IssueEditor

    path, issue_id = kept_theirs
    label = QCoreApplication.translate("IssueEditor", "this station's own final, not taken by the desk")
    con = sqlite3.connect(path)
    log = con.execute("SELECT by, from_status, to_status FROM issue_log WHERE issue_id = ? ORDER BY id",
                      [issue_id]).fetchall()
    con.close()
    # the truth: wang's two steps (to review, to final) made this station's own final; li's the desk's
    own_steps = [(f, t) for by, f, t in log if by == "wang" and t in ("review", "final")]
    desk_steps = [(f, t) for by, f, t in log if by == "li" and t in ("review", "final")]
    assert len(own_steps) == len(desk_steps) == 2
    editor = IssueEditor(path, issue_id, user="wang", confirm=lambda *a: True)
    qtbot.addWidget(editor)
    tree = editor.meta_page.history
    rows = [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
            for i in range(tree.topLevelItemCount())]
    assert len(rows) == len(log)
    labelled = [r for r in rows if any(label in cell for cell in r)]
    assert [r[1] for r in labelled] == ["wang", "wang"], rows
    assert [r[1] for r in rows if r[1] == "li" and any(label in cell for cell in r)] == []
    # it reads whole on screen: the label in the row's tooltip too
    row = next(i for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(1) == "wang"
               and label in " ".join(rows[i]))
    assert label in tree.topLevelItem(row).toolTip(4)
    editor.resize(1400, 900)
    editor.show()
    editor.grab().save(str(tmp_path / "editor.png"))
    editor.close()
