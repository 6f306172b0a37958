"""An analyst's store joined to a desk cannot finalise or correct an issue from the command line:
refused at once naming the role (as the app does), exit 1, store unchanged. Against a real desk."""

from __future__ import annotations

from desk_testing import Desk

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.drafting.lifecycle import change_status


def _state(store, issue_id):
    issue = store.issue(issue_id)
    return (issue.status, issue.version, len(store.versions(issue_id)), len(store.issue_log(issue_id)),
            store.last_seq())


def _refused(capsys, store, *args):
    issue_id = store.issue("latest").id
    before = _state(store, issue_id)
    capsys.readouterr()
    assert main([*args[:1], str(issue_id), *args[1:], "--db", str(store.path)]) == 1
    err = capsys.readouterr().err
    assert "analyst" in err and "Traceback" not in err
    assert _state(store, issue_id) == before


def test_an_analyst_may_not_finalise_or_correct_from_the_command_line(pg_cluster, desk_db, demo_path, tmp_path,
                                                                       capsys):
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    editor, analyst = desk.user("editor"), desk.user("analyst")
    ed = desk.join(tmp_path / "ed.sqlite", editor)
    an = desk.join(tmp_path / "an.sqlite", analyst)
    try:
        change_status(ed, ed.issue("latest").id, "review", by="ed")
        sync(ed, editor)
        sync(an, analyst)
        assert an.issue("latest").status == "review"
        _refused(capsys, an, "status", "final")

        change_status(ed, ed.issue("latest").id, "final", by="ed")
        sync(ed, editor)
        sync(an, analyst)
        assert an.issue("latest").status == "final"
        _refused(capsys, an, "correct", "--reason", "更正")
    finally:
        an.close()
        ed.close()
