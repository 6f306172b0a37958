"""新建周报… on a week the series already has: the refusal offers to open that issue or (as the core
allows when asked explicitly) to make another one, and the dialog grows to show the message without
squashing its form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from workbench.store import Store


@pytest.fixture
def empty_window(qtbot, tmp_path, settings, confirmations):
    from ui.main_window import MainWindow

    path = tmp_path / "new.sqlite"
    Store(path).close()
    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    assert w.open_store(path)
    return w


def issue_ids(path):
    with Store(path) as store:
        return sorted(row["id"] for row in store.issues())


def drive_dialog(monkeypatch, action):
    """Replace the dialog's exec: pick 2025-03-05, press OK, then ``action(dialog)``; returns the dialogs seen."""
    from ui.dialogs.new_issue import NewIssueDialog

    seen = []

    def exec_(dialog):
        seen.append(dialog)
        dialog.show()
        dialog.day.setDate(QDate(2025, 3, 5))
        dialog.accept()
        action(dialog)
        return dialog.result()
    monkeypatch.setattr(NewIssueDialog, "exec", exec_)
    return seen


def test_a_taken_week_offers_to_open_that_issue(empty_window, monkeypatch):
    w = empty_window
    first = w.windows.new_first_issue("2025-03-04", "行业周报")
    offered = []

    def choose_open(d):
        offered.append((d.error.text(), d.open_button.isVisible(), d.again_button.isVisible(), d.open_button.text()))
        d.open_button.click()
    drive_dialog(monkeypatch, choose_open)
    assert w.windows.new_first_issue() == first
    [(error, open_shown, again_shown, open_text)] = offered
    assert "已有一期" in error and open_shown and again_shown and f"#{first}" in open_text
    assert issue_ids(w.session.path) == [first]  # nothing new
    assert w.issues_page.current_issue_id() == first and w.editors[first].isVisible()


def test_a_taken_week_can_have_another_issue_when_asked(empty_window, monkeypatch):
    w = empty_window
    first = w.windows.new_first_issue("2025-03-04", "行业周报")
    drive_dialog(monkeypatch, lambda d: (d.again_button.isVisible() and d.again_button.click()))
    second = w.windows.new_first_issue()
    assert second is not None and second != first
    assert issue_ids(w.session.path) == [first, second]
    with Store(w.session.path) as store:
        assert store.issue(second).period_start == store.issue(first).period_start == "2025-03-03"
    assert w.issues_page.current_issue_id() == second


def test_a_changed_day_withdraws_the_offer(qtbot):
    from ui.dialogs.new_issue import NewIssueDialog

    dialog = NewIssueDialog(["行业周报"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.offer_taken(7)
    assert dialog.open_button.isVisible() and "#7" in dialog.open_button.text()
    dialog.day.setDate(dialog.day.date().addDays(7))
    assert not dialog.open_button.isVisible() and not dialog.again_button.isVisible()


def test_the_refusal_does_not_squash_the_form(qtbot, tmp_path):
    from ui.dialogs.new_issue import NewIssueDialog
    from workbench.drafting.first import first_issue
    from workbench.errors import WorkbenchError

    with Store(tmp_path / "s.sqlite") as store:
        first_issue(store, "2025-03-05", by="编辑")
        with pytest.raises(WorkbenchError) as refused:
            first_issue(store, "2025-03-05", by="编辑")
    dialog = NewIssueDialog(["行业周报"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.submit = lambda day, series, again=False: refused.value.message
    dialog.accept()
    qtbot.wait(50)
    dialog.grab().save(str(tmp_path / "refused.png"))
    for widget in (dialog.day, dialog.series):
        assert widget.height() >= widget.sizeHint().height(), widget  # not clipped
    assert dialog.series.geometry().bottom() < dialog.error.geometry().top()
    error = dialog.error
    assert error.height() >= error.heightForWidth(error.width())  # every line of the message shows
