"""UI test set-up: offscreen Qt, throwaway settings, the bundled font and Chinese UI once per session."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt: no display is needed, and QSettings never touch the user's files.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="workbench-ui-config-")

import importlib.util  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

# The desk tests' throwaway PostgreSQL cluster, fresh databases and private password file, for the
# app's desk screens: loaded once here, so that the UI tests share one cluster per worker.
_DESK_TESTS = Path(__file__).resolve().parent.parent / "desk"
sys.path.insert(0, str(_DESK_TESTS))  # (desk_testing: desks with users, stores joined to them)
_spec = importlib.util.spec_from_file_location("desk_cluster_fixtures_ui", _DESK_TESTS / "conftest.py")
_desk_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_desk_fixtures)
pg_cluster = _desk_fixtures.pg_cluster
desk_db = _desk_fixtures.desk_db
private_password_file = _desk_fixtures.private_password_file



@pytest.fixture(scope="session", autouse=True)
def workbench_qapp(qapp):
    """The test QApplication set up as the app does: bundled font (after the app exists), Chinese UI."""
    from ui.app import register_fonts
    from ui.i18n import CHINESE, install_translations

    register_fonts(qapp)
    install_translations(qapp, CHINESE)
    yield qapp
    # background tasks (exports, syncs, previews) end before the session does
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def join_dialog(qtbot, settings):
    """A window opened on a store and its File → 连接团队服务器… filled in for a desk user:
    ``join_dialog(path, desk, config)`` gives (window, dialog), the join not started."""

    def make(path, desk, config):
        from desk_testing import dbname
        from ui.main_window import MainWindow

        w = MainWindow(settings=settings, confirm=lambda *a: True)
        qtbot.addWidget(w)
        w.show()
        assert w.open_store(path)
        dialog = w.desk.show_connect_dialog()
        dialog.url_edit.setText(f"postgresql://127.0.0.1:{desk.cluster.port}/{dbname(desk.super_url)}")
        dialog.user_edit.setText(config.user)
        dialog.password_edit.setText(config.password)
        return w, dialog

    return make


@pytest.fixture
def session(demo_path):
    """A StoreSession (store + undo stack) on a private copy of the demo store."""
    from ui.session import StoreSession
    from workbench.store import Store

    s = StoreSession(Store(demo_path))
    yield s
    s.close()


@pytest.fixture
def confirmations():
    """Answers for the window's delete confirmations (default yes), and the questions asked."""
    class Confirm:
        def __init__(self):
            self.answer = True
            self.asked: list[str] = []

        def __call__(self, parent, title, text):
            self.asked.append(text)
            return self.answer

    return Confirm()


@pytest.fixture
def window(qtbot, demo_path, settings, confirmations):
    """The main window on the demo store, 1400x900, with injectable delete confirmation."""
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    assert w.open_store(demo_path)
    return w


@pytest.fixture
def make_editor(qtbot, demo_path):
    """An issue editor on the demo store (1400x900); confirmations answer yes unless given."""
    from ui.issue_editor import IssueEditor

    def make(issue_id="latest", **kw):
        kw.setdefault("confirm", lambda parent, title, text: True)
        kw.setdefault("user", "tester")
        editor = IssueEditor(demo_path, issue_id, **kw)
        qtbot.addWidget(editor)
        editor.resize(1400, 900)
        return editor

    return make


@pytest.fixture
def real_prompts():
    """Ask for this fixture to get the editor's real Save / Discard / Cancel and restore boxes."""
    return True


@pytest.fixture(autouse=True)
def no_blocking_prompts(request, monkeypatch):
    """A modal box nobody answers would hang the run: unless a test asks for ``real_prompts``, an
    editor closed with unsaved text discards it (as a test's teardown closes every widget), an
    autosave is restored, and a save over a version saved elsewhere overwrites it (as before)."""
    if "real_prompts" in request.fixturenames:
        return
    import ui.issue_editor.prompts

    monkeypatch.setattr(ui.issue_editor.prompts, "ask_save_changes", lambda parent, title, text: "discard")
    monkeypatch.setattr(ui.issue_editor.prompts, "ask_restore_autosave", lambda parent, title, text: True)
    monkeypatch.setattr(ui.issue_editor.prompts, "ask_overwrite_changes", lambda parent, title, text: True)


@pytest.fixture
def shanghai(monkeypatch):
    """The workstation's time zone is Asia/Shanghai (UTC+8) for the test."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# ---------------------------------------------------------------- two workstations on one desk
# These stand on the desk tests' PostgreSQL fixtures (``pg_cluster``, ``desk_db`` and
# ``private_password_file`` of tests/desk/conftest.py), loaded at the top of this file.
@pytest.fixture
def desk(pg_cluster, desk_db, demo_path, tmp_path):
    """A desk holding the demo data, pushed by an administrator's workstation (a copy of the demo store)."""
    from desk_testing import desk_with_demo

    return desk_with_demo(pg_cluster, desk_db, demo_path, tmp_path)


@pytest.fixture
def stations(desk, tmp_path, private_password_file):
    """Join two workstations to ``desk``: ``stations(role)`` returns ``((path_a, config_a), (store_b,
    config_b))``, the app's store file (joined as ``role``, an analyst unless given, its password in
    libpq's password file, closed for the app to open) and a colleague's store (an analyst's, open)."""
    from workbench.desk.config import write_pgpass

    opened = []

    def join(role_a: str = "analyst"):
        ca, cb = desk.user(role_a), desk.user("analyst")
        desk.join(tmp_path / "a.sqlite", ca).close()
        write_pgpass(ca.url, ca.password)
        b = desk.join(tmp_path / "b.sqlite", cb)
        opened.append(b)
        return (tmp_path / "a.sqlite", ca), (b, cb)

    yield join
    for b in opened:
        b.close()


@pytest.fixture
def two_workstations(stations):
    """The app's workstation (an analyst) and a colleague's on a desk holding the demo: see ``stations``."""
    return stations()
