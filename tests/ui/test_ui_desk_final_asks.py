"""定稿 in the app on a store that joined a desk asks the desk first, off the UI thread: a figure the
desk corrected since this store's last pull is named in the confirmation (the desk's value and this
store's) with the advice to sync first; a desk out of reach is a warning naming the last sync, and
the final goes on. Against a real PostgreSQL (the desk tests' cluster); the desk's value read with
psycopg, the frozen PDF read back with pypdf."""

from __future__ import annotations

import io
import socket
import threading

import psycopg
import pypdf
import pytest

from desk_testing import Desk

from workbench.desk.config import write_pgpass
from workbench.desk.sync import sync
from workbench.domain.metrics import format_value
from workbench.domain.times import local_time
from workbench.drafting.lifecycle import change_status
from workbench.store import Store, sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")

T, NAME, METRIC, PERIOD = "002045.SZ", "国光电器", "revenue", "2023A"  # printed by the demo issue's table


class Confirm:
    def __init__(self, answer):
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answer


@pytest.fixture
def stale(pg_cluster, desk_db, demo_path, tmp_path):
    """An editor's joined store with the issue in review; the administrator then corrects a revenue
    its table prints and syncs, the editor's store does not."""
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    ad = desk.join(demo_path, admin)
    path = tmp_path / "editor.sqlite"
    with desk.join(path, editor) as s:
        issue_id = s.issue("latest").id
        change_status(s, issue_id, "review", by="ed")
    write_pgpass(editor.url, editor.password)
    ad.set_fact(T, METRIC, PERIOD, round(ad.fact(T, METRIC, PERIOD) * 1.0624, -6))
    sync(ad, admin)
    ad.close()
    return desk, path, issue_id


def _editor(qtbot, path, issue_id, confirm):
    from ui.issue_editor import IssueEditor

    editor = IssueEditor(path, issue_id, confirm=confirm, user="ed")
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    return editor


def _desk_value(desk) -> float:
    with psycopg.connect(desk.super_url) as conn:
        return float(conn.execute("SELECT data->>'value' FROM desk.changes WHERE tbl = 'facts' AND key = %s "
                                  "ORDER BY id DESC LIMIT 1", [f"{T}|{METRIC}|{PERIOD}"]).fetchone()[0])


def _local_value(path) -> float:
    with Store(path) as s:
        return s.fact(T, METRIC, PERIOD)


def _printed_row(path, issue_id) -> list[str]:
    with Store(path) as s:
        pdf = s.version_pdf(issue_id, 1)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    [line] = [line for line in text.splitlines() if T in line and NAME in line]
    return line.split()


def test_finalise_names_the_desks_newer_figure_asked_off_the_ui_thread(stale, qtbot, monkeypatch):
    import workbench.desk.ahead as ahead

    desk, path, issue_id = stale
    asked_in = []
    real = ahead.issue_check

    def check(*a, **kw):
        asked_in.append(threading.current_thread() is threading.main_thread())
        return real(*a, **kw)

    monkeypatch.setattr(ahead, "issue_check", check)
    desk_now, here = format_value("amount", _desk_value(desk)), format_value("amount", _local_value(path))
    assert desk_now != here

    editor = _editor(qtbot, path, issue_id, no := Confirm(False))
    assert editor.finalise() is not None  # the desk is being asked
    qtbot.waitUntil(lambda: bool(no.asked), timeout=20000)
    assert asked_in == [False]  # on a worker, never the window's thread
    [line] = [line for line in no.asked[-1].splitlines() if NAME in line]
    assert "营业收入" in line and "2023" in line and line.index(desk_now) < line.index(here)
    with Store(path) as s:
        assert s.versions(issue_id) == [] and s.issue(issue_id).status == "review"

    editor.confirm = yes = Confirm(True)  # finalised anyway: this store's value is frozen
    with qtbot.waitSignal(editor.status_changed, timeout=60000) as final:
        assert editor.finalise() is not None
    assert final.args == ["final"]
    assert any(NAME in line for line in yes.asked[-1].splitlines())
    assert here in _printed_row(path, issue_id)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_finalise_with_the_desk_out_of_reach_warns_with_the_last_sync_and_goes_on(stale, qtbot):
    desk, path, issue_id = stale
    with Store(path) as s:
        last = s.get_setting(sync_state.SETTING_LAST_SYNC)
        sync_state.set_settings(s, {sync_state.SETTING_URL: f"postgresql://ed@127.0.0.1:{_closed_port()}/desk"})
    editor = _editor(qtbot, path, issue_id, yes := Confirm(True))
    with qtbot.waitSignal(editor.status_changed, timeout=60000) as final:
        assert editor.finalise() is not None
    assert final.args == ["final"]
    [warn] = [line for line in yes.asked[-1].splitlines() if "本机上次与团队库同步于" in line]
    assert local_time(last, "%Y-%m-%d %H:%M") in warn and "团队库上可能有更新的数据" in warn
    assert "last synced" not in warn  # the Chinese UI shows the Chinese words only
    with Store(path) as s:
        assert len(s.versions(issue_id)) == 1
