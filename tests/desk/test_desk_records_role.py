"""The app does not offer 定稿 (finalise) to a desk user whose role may not finalise: the role the
desk gave at the last sync is kept in the store, and the issue editor reads it."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desk_testing import Desk  # noqa: E402

from workbench.desk import roles  # noqa: E402
from workbench.drafting.lifecycle import change_status  # noqa: E402


@pytest.fixture
def desk(pg_cluster, desk_db, demo_path):
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    return desk


def _editor_for(qtbot, path):
    from ui.issue_editor.editor import IssueEditor

    editor = IssueEditor(path, "latest", user="tester", confirm=lambda *a: True)
    qtbot.addWidget(editor)
    return editor


@pytest.mark.parametrize("role, offered", [("analyst", False), ("editor", True)])
def test_finalise_is_offered_only_to_a_role_that_may_finalise(qtbot, desk, tmp_path, role, offered):
    path = tmp_path / f"{role}.sqlite"
    store = desk.join(path, desk.user(role))
    try:
        assert roles.may_finalise(store) is offered
        change_status(store, store.issue("latest").id, "review", by="x")
    finally:
        store.close()
    editor = _editor_for(qtbot, path)
    assert editor.issue.status == "review"
    assert editor.commands.finalise.isEnabled() is offered
    assert editor.commands.back.isEnabled()  # the rest of review's actions stay


def test_without_a_desk_finalise_is_offered_in_review(qtbot, demo_path):
    from workbench.store import Store

    with Store(demo_path) as s:
        assert roles.may_finalise(s)
        change_status(s, s.issue("latest").id, "review", by="x")
    editor = _editor_for(qtbot, demo_path)
    assert editor.commands.finalise.isEnabled()
    assert editor.user == "tester"  # the name given, as before


def test_the_editor_records_status_changes_under_the_desk_user(qtbot, desk, tmp_path):
    config = desk.user("analyst")
    path = tmp_path / "analyst.sqlite"
    desk.join(path, config).close()
    assert _editor_for(qtbot, path).user == f"{config.user} (tester)"  # the app's name beside, never instead
