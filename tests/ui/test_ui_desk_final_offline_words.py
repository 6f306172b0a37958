"""定稿 in the app with the desk server away: the confirmation's 团队服务器 part says in plain Chinese
words that the desk could not be reached and why (无法连接团队服务器…), with the last sync, and never
the driver's English text, the server's address or its port. Against a real PostgreSQL (the desk
tests' cluster) whose address is then pointed at a port nobody listens on; the final goes on."""

from __future__ import annotations

import re
import socket
from urllib.parse import urlsplit

import pytest

from desk_testing import Desk

from workbench.desk.config import write_pgpass
from workbench.domain.times import local_time
from workbench.drafting.lifecycle import change_status
from workbench.store import Store, sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")


class Confirm:
    def __init__(self, answer):
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answer


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_finalise_with_the_desk_away_says_why_in_words(pg_cluster, desk_db, demo_path, tmp_path, qtbot):
    from ui.issue_editor import IssueEditor

    desk = Desk(pg_cluster, desk_db)
    admin_cfg, editor_cfg = desk.user("admin"), desk.user("editor")
    desk.join(demo_path, admin_cfg).close()  # the desk holds the demo and its issue
    path = tmp_path / "editor.sqlite"
    port = _closed_port()
    with desk.join(path, editor_cfg) as s:
        issue_id = s.issue("latest").id
        change_status(s, issue_id, "review", by="ed")
        last = s.get_setting(sync_state.SETTING_LAST_SYNC)
        user = urlsplit(editor_cfg.url).username
        sync_state.set_settings(s, {sync_state.SETTING_URL: f"postgresql://{user}@127.0.0.1:{port}/desk"})
    write_pgpass(f"postgresql://{user}@127.0.0.1:{port}/desk", editor_cfg.password)

    editor = IssueEditor(path, issue_id, confirm=(yes := Confirm(True)), user="ed")
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.status_changed, timeout=60000) as final:
        assert editor.finalise() is not None
    assert final.args == ["final"]
    [warn] = [line for line in yes.asked[-1].splitlines() if "本机上次与团队库同步于" in line]
    assert local_time(last, "%Y-%m-%d %H:%M") in warn
    assert "无法连接团队服务器" in warn
    # no libpq text, no host or port: Chinese words only
    assert not re.search(r"[A-Za-z]{3,}", warn), warn
    assert str(port) not in warn and "127.0.0.1" not in warn
    with Store(path) as s:
        assert len(s.versions(issue_id)) == 1
