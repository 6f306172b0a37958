"""Every place the app shows a core message shows it in the UI's language: no English gloss in the
Chinese UI (refusal bubbles, dialogs' error lines, progress labels, export warnings, desk tooltips,
chart notes and message boxes)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from ui_testing import find_column

from workbench.domain.metrics import check_value
from workbench.errors import ValidationError, WorkbenchError

GLOSS = "value outside the plausible range"


@pytest.fixture
def message():
    """A real core message: a revenue no report can print, "中文 (english)"."""
    with pytest.raises(ValidationError) as caught:
        check_value("revenue", 1e20)
    assert GLOSS in caught.value.message
    return caught.value.message


def chinese_only(text: str) -> bool:
    return "超出合理范围" in text and GLOSS not in text and "Revenue" not in text


def test_the_refusal_bubble_speaks_chinese(window):
    page = window.financials_page
    col = find_column(page.model, ("revenue", "2023A"))
    proxy = page.view.model()
    page.view.setCurrentIndex(proxy.index(0, col))
    page.view.selectionModel().select(QItemSelection(proxy.index(0, col), proxy.index(0, col)),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert not page.view.paste_text("1e20\r\n")  # 1e20 亿元: outside the plausible range
    assert chinese_only(page.view.last_refusal) and chinese_only(page.view.refusal_bubble.text())


def test_the_add_company_error_speaks_chinese(qtbot, message):
    from ui.dialogs.small import AddCompanyDialog

    dialog = AddCompanyDialog(["PCB"])
    qtbot.addWidget(dialog)
    dialog.submit = lambda *values: message
    dialog.accept()
    assert chinese_only(dialog.error.text())


@pytest.mark.parametrize("name", ["ConnectDialog", "SwitchUserDialog"])
def test_the_desk_dialogs_errors_speak_chinese(qtbot, session, demo_path, message, name):
    import ui.desk.connect_dialog
    import ui.desk.switch_user_dialog

    cls = getattr(ui.desk.connect_dialog, name, None) or getattr(ui.desk.switch_user_dialog, name)
    dialog = cls(session.store, demo_path)
    qtbot.addWidget(dialog)
    dialog.show_error(message)
    assert chinese_only(dialog.error_label.text())


def test_the_desk_status_tooltip_speaks_chinese(qtbot, message):
    from ui.desk.status import REFUSED, DeskStatusWidget

    widget = DeskStatusWidget()
    qtbot.addWidget(widget)
    widget.set_state(REFUSED, message)
    assert chinese_only(widget.state_label.toolTip())


def test_a_progress_label_speaks_chinese(qtbot, demo_path, message):
    import threading

    from ui.services.workers import run_store_task

    labels = []
    go_on = threading.Event()

    def job(store, progress):
        progress(1, 2, message)
        go_on.wait(10)  # the result waits until the label was read
        return None

    done = []
    task = run_store_task(None, "导入", demo_path, job, on_finished=done.append, on_failed=done.append)

    def shown() -> bool:  # (polled: the job may report before a slot connected here would)
        text = task.dialog.labelText()
        if text != "导入":
            labels.append(text)
        return bool(labels)

    try:
        qtbot.waitUntil(shown, timeout=10000)
    finally:
        go_on.set()
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert chinese_only(labels[-1])


def test_export_warnings_speak_chinese(window, message, tmp_path):
    from types import SimpleNamespace

    result = SimpleNamespace(path=tmp_path / "a.pdf", pages=3, sha256="ab" * 32, warnings=[message])
    window.exports.show_export_result(result, window)
    box = window.last_message_box
    assert "超出合理范围" in box.informativeText() and GLOSS not in box.informativeText()
    box.close()


def test_a_refused_chart_export_speaks_chinese(qtbot, monkeypatch, tmp_path, message):
    import ui.widgets.charts as charts

    panel = charts.ChartPanel()
    qtbot.addWidget(panel)
    shown = []
    monkeypatch.setattr(charts.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "c.png"), ""))
    monkeypatch.setattr(charts.QMessageBox, "warning", lambda parent, title, text: shown.append(text))

    def refuse(*args, **kwargs):
        raise WorkbenchError(message)

    monkeypatch.setattr(panel, "export_png", refuse)
    assert panel.export_with_dialog("png") is None
    assert shown and chinese_only(shown[0])
