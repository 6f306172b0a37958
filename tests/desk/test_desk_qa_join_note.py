"""The keep-both join's note names the local issue that went to the desk (as this store holds it),
and says so only when it went: one held back (it names an analyst the desk lacks) is said to be held
back. Against a real PostgreSQL desk."""

from __future__ import annotations

import shutil

import pytest

from desk_testing import Desk

from workbench.desk.sync import join
from workbench.drafting.lifecycle import change_status
from workbench.store import Store, sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")


@pytest.fixture
def second(pg_cluster, desk_db, demo_path, demo_store_template, tmp_path):
    """The demo on a desk (its issue a draft); a second store holding the demo's issue under another
    identity, moved to review here; an editor to join with it."""
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    path = tmp_path / "second.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as s:
        s.db.execute("UPDATE issues SET uid = 'another-' || uid")
        s.db.conn.commit()
        change_status(s, s.issue("latest").id, "review", by="ed")
    return desk, path, desk.user("editor")


def _note(result):
    [note] = [n for n in result.notes if "both kept" in n or "held back" in n]
    return note


def test_the_keep_both_note_names_the_local_issue(second):
    desk, path, editor = second
    with Store(path) as store:
        result = join(store, editor.url, password=editor.password, confirm=lambda plan: True, keep_both=True)
        note = _note(result)
        assert "review" in note  # the local one, as this store holds it (the desk's is a draft)
        assert "held back" not in note


def test_the_keep_both_note_says_held_back_when_the_issue_was(second):
    desk, path, editor = second
    with Store(path) as s:
        new = s.add_analyst("新分析师", "S0990599990001")
        s.db.execute("INSERT INTO issue_analysts (issue_id, analyst_id, position) VALUES (?, ?, 99)",
                     [s.issue("latest").id, new])
        s.db.conn.commit()
    with Store(path) as store:
        result = join(store, editor.url, password=editor.password, confirm=lambda plan: True, keep_both=True)
        assert sync_state.held_issues(store)
        note = _note(result)
        assert "held back" in note and "went to the desk" not in note
