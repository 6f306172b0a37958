"""An issue without a headline is never made final; a refused 定稿 shows the whole preflight.

The headline is the report's title on its cover: an empty one is a warning in a draft and blocks an
issue in review or final, in the core's preflight (so in ``workbench check``, ``workbench status``
and the editor alike). The field's placeholder reads as a hint, not as a title.
"""

from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.drafting.lifecycle import change_status
from workbench.report.preflight import preflight
from workbench.store import Store

pytestmark = pytest.mark.usefixtures("workbench_qapp")


def empty_headline(demo_path, status: str) -> int:
    """The demo's latest issue with its headline emptied, moved to ``status`` (draft or review)."""
    with Store(demo_path) as store:
        issue = store.issue("latest")
        issue.headline = ""
        store.save_issue(issue)
        if status == "review":
            change_status(store, issue.id, "review", by="编辑")
        return issue.id


def headline_findings(demo_path, issue_id):
    with Store(demo_path) as store:
        result = preflight(store, issue_id)
    return ([f for f in result.blockers if f.field == "headline"],
            [f for f in result.warnings if f.field == "headline"])


def test_an_empty_headline_warns_in_a_draft(demo_path):
    issue_id = empty_headline(demo_path, "draft")
    blockers, warnings = headline_findings(demo_path, issue_id)
    assert not blockers and len(warnings) == 1 and warnings[0].label == "标题"


def test_an_empty_headline_blocks_review_and_final(demo_path, capsys):
    issue_id = empty_headline(demo_path, "review")
    blockers, warnings = headline_findings(demo_path, issue_id)
    assert len(blockers) == 1 and not warnings and "标题" in blockers[0].message
    assert main(["check", "--db", str(demo_path), str(issue_id)]) == 3
    assert "[标题]" in capsys.readouterr().out
    assert main(["status", "--db", str(demo_path), str(issue_id), "final", "--by", "编辑"]) == 3
    with Store(demo_path) as store:
        assert store.issue(issue_id).status == "review" and not store.versions(issue_id)


def test_a_whitespace_headline_is_empty(demo_path):
    with Store(demo_path) as store:
        issue = store.issue("latest")
        issue.headline = "  \u3000 "
        store.save_issue(issue)
    blockers, warnings = headline_findings(demo_path, issue.id)
    assert len(blockers) + len(warnings) == 1


def test_the_headline_placeholder_is_a_hint_not_a_title(make_editor):
    editor = make_editor()
    hint = editor.headline.placeholderText()
    assert hint and not hint.startswith("周观点")
    assert "…" not in hint


def test_finalising_an_issue_without_headline_is_refused_in_the_editor(make_editor, qtbot):
    editor = make_editor()
    editor.headline.clear()
    assert editor.save() and editor.submit_for_review()
    with qtbot.waitSignal(editor.lifecycle_failed, timeout=30000):
        editor.finalise()
    assert editor.issue.status == "review"
    assert "headline" in [f.field for f in editor.preflight_panel.result.blockers]


def test_a_refused_finalise_shows_the_warnings_too(make_editor, demo_path, qtbot):
    editor = make_editor()
    editor.risks_edit.clear()
    assert editor.save() and editor.submit_for_review()
    with Store(demo_path) as store:
        truth = preflight(store, editor.issue_id)  # the whole check, run apart from the editor
    assert truth.blockers and truth.warnings  # what this test relies on
    with qtbot.waitSignal(editor.lifecycle_failed, timeout=30000):
        editor.finalise()
    shown = editor.preflight_panel.result
    assert [f.message for f in shown.blockers] == [f.message for f in truth.blockers]
    assert [f.message for f in shown.warnings] == [f.message for f in truth.warnings]
    summary = editor.preflight_panel.summary.text()
    assert str(len(truth.warnings)) in summary and editor.preflight_panel.list.count() == \
        len(truth.blockers) + len(truth.warnings)
