"""定稿 in the app on a store that joined a desk writes what the desk check found into the final's
status-log entry, as `workbench status ID final` does: the desk's changes the editor finalised over
(the desk's value, then this store's, every digit) or, with the desk out of reach, that the final was
made offline and when the store last synced; the editor's status log shows it. Against a real
PostgreSQL (the desk tests' cluster); the desk's value read with psycopg, written out with decimal
arithmetic."""

from __future__ import annotations

import socket
from decimal import Decimal

import psycopg
import pytest

from desk_testing import Desk

from workbench.desk.config import write_pgpass
from workbench.desk.sync import sync
from workbench.domain.times import local_time
from workbench.drafting.lifecycle import change_status
from workbench.store import Store, sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")

T, NAME, METRIC, PERIOD = "002045.SZ", "国光电器", "net_profit", "2023A"  # printed by the demo issue's table
KEY = f"{T}|{METRIC}|{PERIOD}"


def _yes(parent, title, text):
    return True


@pytest.fixture
def joined(pg_cluster, desk_db, demo_path, tmp_path):
    """An editor's joined store with the issue in review, and the administrator's store."""
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    ad = desk.join(demo_path, admin)
    path = tmp_path / "editor.sqlite"
    with desk.join(path, editor) as s:
        issue_id = s.issue("latest").id
        change_status(s, issue_id, "review", by="ed")
    write_pgpass(editor.url, editor.password)
    yield desk, (ad, admin), path, issue_id
    ad.close()


def _editor(qtbot, path, issue_id):
    from ui.issue_editor import IssueEditor

    editor = IssueEditor(path, issue_id, confirm=_yes, user="ed")
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    return editor


def _finalise(qtbot, editor) -> None:
    with qtbot.waitSignal(editor.status_changed, timeout=60000) as final:
        assert editor.finalise() is not None
    assert final.args == ["final"]


def _in_yi(value: float) -> str:
    return format((Decimal(repr(value)) / Decimal(10**8)).normalize(), "f")


def _final_reason(path, issue_id) -> str:
    with Store(path) as s:
        [entry] = [r for r in s.issue_log(issue_id) if r["to_status"] == "final"]
    return entry["reason"] or ""


def _shown_reason(editor) -> str:
    """The final's line of the editor's status log, as shown."""
    tree = editor.history
    rows = [[tree.topLevelItem(i).text(c) for c in range(5)] for i in range(tree.topLevelItemCount())]
    [row] = [r for r in rows if r[2].endswith("定稿") or r[2].lower().endswith("final")]
    return row[4]


def test_finalising_over_the_desks_change_writes_it_into_the_log(joined, qtbot):
    desk, (ad, admin), path, issue_id = joined
    ad.set_fact(T, METRIC, PERIOD, -0.04e8)  # a small loss: written -0.04, never 0.0
    sync(ad, admin)
    with psycopg.connect(desk.super_url) as conn:
        desk_now = float(conn.execute("SELECT data->>'value' FROM desk.changes WHERE tbl = 'facts' AND key = %s "
                                      "ORDER BY id DESC LIMIT 1", [KEY]).fetchone()[0])
    with Store(path) as s:
        here = s.fact(T, METRIC, PERIOD)
    assert _in_yi(desk_now) != _in_yi(here)
    editor = _editor(qtbot, path, issue_id)
    _finalise(qtbot, editor)
    reason = _final_reason(path, issue_id)
    [named] = [part for part in reason.split("；") if NAME in part]
    # the desk's value first, then this store's, each with every digit it was written with, in both
    # languages as the command line records it, whatever the UI's language
    assert named.index(_in_yi(desk_now)) < named.index("本机 this store") < named.rindex(_in_yi(here))
    assert "团队库" in reason and "accepted" in reason
    shown = _shown_reason(editor)
    assert NAME in shown and _in_yi(desk_now) in shown


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_finalising_with_the_desk_out_of_reach_records_an_offline_final(joined, qtbot):
    desk, _, path, issue_id = joined
    with Store(path) as s:
        last = s.get_setting(sync_state.SETTING_LAST_SYNC)
        sync_state.set_settings(s, {sync_state.SETTING_URL: f"postgresql://ed@127.0.0.1:{_closed_port()}/desk"})
    assert last
    editor = _editor(qtbot, path, issue_id)
    _finalise(qtbot, editor)
    reason = _final_reason(path, issue_id)
    assert "离线定稿" in reason and local_time(last, "%Y-%m-%d %H:%M") in reason
    assert "127.0.0.1" not in reason
    assert "离线定稿" in _shown_reason(editor)


def test_finalising_with_nothing_new_on_the_desk_records_no_desk_words(joined, qtbot):
    desk, _, path, issue_id = joined
    editor = _editor(qtbot, path, issue_id)
    _finalise(qtbot, editor)
    assert "团队库" not in _final_reason(path, issue_id)
