"""On a store joined to a desk, the app's new issues (新建周报…, 从上周新建) name the desk user in their
status log, as `workbench new-issue` does, never the operating-system login. The desk is not reached:
the store names an address nobody answers at, and who is recorded comes from that address's user."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from workbench.store import Store, sync_state

DESK_USER = "zhang_desk"
NOBODY = f"postgresql://{DESK_USER}@127.0.0.1:1/desk"  # port 1: refused at once, the app shows 离线


@pytest.fixture
def joined_path(tmp_path, demo_path):
    path = tmp_path / "joined.sqlite"
    shutil.copy(demo_path, path)
    with Store(path) as store:
        sync_state.set_settings(store, {sync_state.SETTING_URL: NOBODY})
    return path


def _log_of(path, issue_id):
    """Who the issue's status log names (read with sqlite3, not through the app)."""
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT by FROM issue_log WHERE issue_id = ? ORDER BY id", [issue_id])]


def test_a_new_issue_from_last_week_names_the_desk_user(joined_path):
    from ui.issue_editor.lifecycle import next_week_issue

    issue_id, made = next_week_issue(joined_path)
    assert made
    assert _log_of(joined_path, issue_id) == [DESK_USER]


def test_a_first_issue_made_in_the_app_names_the_desk_user(qtbot, joined_path, settings, confirmations):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    with qtbot.waitSignal(w.desk.synced, timeout=20000):
        assert w.open_store(joined_path)
    issue_id = w.windows.new_first_issue("2031-03-04", "行业周报")
    assert issue_id is not None
    assert _log_of(joined_path, issue_id) == [DESK_USER]


def test_without_a_desk_the_app_names_the_user_as_before(tmp_path, demo_path):
    from ui.common.companies import current_user
    from ui.issue_editor.lifecycle import next_week_issue

    path = tmp_path / "alone.sqlite"
    shutil.copy(demo_path, path)
    issue_id, made = next_week_issue(path)
    assert made
    assert _log_of(path, issue_id) == [current_user()]
