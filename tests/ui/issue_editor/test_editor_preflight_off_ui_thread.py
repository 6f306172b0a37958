"""The editor's preflight never runs on the window's thread: 运行检查, 提交审核 and the check again
after a figure typed in the main window all run it on a pool worker with a Store of its own (a big
desk's table takes seconds to check); a burst of store changes checks once, and the panel says it is
checking meanwhile."""

from __future__ import annotations

import threading

import pytest

import workbench.report as report
from workbench.edits import SetFact


@pytest.fixture
def threads(monkeypatch):
    """The thread each preflight ran on (the editor imports ``preflight`` from workbench.report)."""
    seen = []
    real = report.preflight

    def spy(store, issue):
        seen.append(threading.get_ident())
        return real(store, issue)

    monkeypatch.setattr(report, "preflight", spy)
    return seen


@pytest.fixture
def editor(window, qtbot):
    editor = window.open_issue_editor(1)
    qtbot.addWidget(editor)
    qtbot.waitExposed(editor)
    return editor


def _words(result):
    return [str(f) for f in result.blockers], [str(f) for f in result.warnings]


def test_run_preflight_checks_on_a_worker_and_shows_what_the_store_says(window, editor, threads):
    result = editor.run_preflight()
    assert result is not None and editor.preflight_panel.result is result
    assert threads and threading.main_thread().ident not in threads
    truth = report.preflight(window.session.store, editor.current_issue())  # on this thread: the truth
    assert _words(result) == _words(truth)


def test_a_figure_typed_in_the_main_window_is_checked_again_on_a_worker(window, editor, threads, qtbot):
    editor.run_preflight()
    before = editor.preflight_panel.result
    before_text = editor.preflight_panel.summary.text()
    threads.clear()
    store = window.session.store
    ticker = "300493.SZ"  # printed in the demo issue's comparison table
    # three figures typed in a row, with no pause: one check once they pause
    for value in (1.0e10, 2.0e10, 3.0e10):
        window.session.apply(SetFact(ticker, "revenue", "2023A", value), "edit a figure")
    assert threads == []  # nothing checked on the window's thread meanwhile
    qtbot.wait(50)
    assert threads == [] and editor.lifecycle.checks.check_task is None  # waits for the pause
    qtbot.waitUntil(lambda: editor.lifecycle.checks.check_task is not None or bool(threads), timeout=5000)
    if editor.lifecycle.checks.check_task is not None:  # still checking: the panel says so
        assert not editor.preflight_panel.run_button.isEnabled()
        assert editor.preflight_panel.summary.text() not in (before_text, "")
    qtbot.waitUntil(lambda: editor.lifecycle.checks.check_task is None and editor.preflight_panel.result is not before,
                    timeout=30000)
    assert len(threads) == 1 and threads[0] != threading.main_thread().ident
    assert editor.preflight_panel.run_button.isEnabled()
    truth = report.preflight(store, editor.current_issue())
    assert _words(editor.preflight_panel.result) == _words(truth)


def test_submit_for_review_runs_the_review_s_preflight_on_a_worker(editor, threads, monkeypatch):
    import workbench.drafting.lifecycle as core

    ran_on = []
    real = core.change_status

    def spy(*args, **kwargs):
        ran_on.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(core, "change_status", spy)
    assert editor.submit_for_review()
    assert editor.issue.status == "review"
    assert ran_on and threading.main_thread().ident not in ran_on


def test_finalising_checks_what_going_final_would_find_on_a_worker(editor, qtbot, monkeypatch):
    import workbench.drafting.lifecycle as core

    assert editor.submit_for_review()
    ran_on = []
    real = core.final_check

    def spy(*args, **kwargs):
        ran_on.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(core, "final_check", spy)
    monkeypatch.setattr(editor.lifecycle, "_ask_final", lambda *a: False)  # the user says no at the question
    assert editor.finalise() is None and editor.issue.status == "review"
    assert ran_on and threading.main_thread().ident not in ran_on
