"""The import dialog: preview, hand mapping (remembered), import on a worker, problems, cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_testing import find_column, snapshot

from ui.dialogs.importing import ImportDialog, PreviewModel
from workbench.domain.metrics import YI
from workbench.imports import MAPPING_PREFIX


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def long_csv(tmp_path):
    return write(tmp_path / "long.csv",
                 "ticker,name,period,metric,value\n"
                 "300493.SZ,润欣科技,2023A,revenue,2500000000\n"
                 "300493.SZ,润欣科技,2024E,pe,66.6\n"
                 "600519.SH,贵州茅台,2023A,revenue,150560000000\n")


def make_dialog(qtbot, session, paths, parent=None):
    dialog = ImportDialog(session, parent, paths=[str(p) for p in paths])
    qtbot.addWidget(dialog)
    return dialog


def test_preview_model_passes_the_model_tester(qtmodeltester, qtbot, session, long_csv):
    dialog = make_dialog(qtbot, session, [long_csv])
    qtmodeltester.check(dialog.preview_model)
    assert isinstance(dialog.preview_model, PreviewModel)


def test_happy_path_long_layout(qtbot, window, long_csv):
    store = window.session.store
    dialog = make_dialog(qtbot, window.session, [long_csv], window)
    dialog.imported.connect(window._on_import_dialog_imported)
    pv = dialog.current_preview()
    assert pv.kind == "long" and not pv.problems
    assert all(dialog.preview_model.is_recognised(c) for c in range(dialog.preview_model.columnCount()))
    assert dialog.preview_model.rowCount() == 3
    assert dialog.preview_model.index(0, 0).data() == "300493.SZ"

    with qtbot.waitSignal(dialog.imported, timeout=30000) as blocker:
        dialog.start_import()
    assert "long.csv" in blocker.args[0]
    assert store.fact("300493.SZ", "revenue", "2023A") == pytest.approx(25 * YI)
    assert store.fact("300493.SZ", "pe", "2024E") == pytest.approx(66.6)
    assert store.company("600519.SH")["name"] == "贵州茅台"
    # the views reload after the import
    fin = window.financials_page.model
    assert fin.index(fin.row_of("300493.SZ"), find_column(fin, ("revenue", "2023A"))).data() == "25.0"
    assert window.companies_page.model.row_of("600519.SH") is not None
    assert window.session.undo_stack.count() == 0  # an import is not an undo step
    qtbot.waitUntil(lambda: "67" in window.counts_label.text(), timeout=5000)  # counts refresh on the next turn


def test_bad_file_shows_problems_and_changes_nothing(qtbot, session, tmp_path):
    bad = write(tmp_path / "bad.csv",
                "ticker,name,period,metric,value\n"
                "300493.SZ,润欣科技,2023A,revenue,abc\n"
                "12345X,坏代码,2023A,revenue,1\n")
    before = snapshot(session.store)
    dialog = make_dialog(qtbot, session, [bad])
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        dialog.start_import()
    assert dialog.problems
    rows = {p.row for p in dialog.problems}
    assert {2, 3} <= rows  # Excel row numbers: the header is row 1
    assert any(p.column for p in dialog.problems)
    assert dialog.problem_list.topLevelItemCount() >= len(dialog.problems)
    assert snapshot(session.store) == before


def test_unrecognised_column_is_marked_and_mapped_by_hand(qtbot, session, tmp_path):
    wide = write(tmp_path / "wide.csv",
                 "证券代码,证券简称,Rev FY23 odd\n"
                 "300493.SZ,润欣科技,22.5\n"
                 "688018.SH,乐鑫科技,15.3\n")
    dialog = make_dialog(qtbot, session, [wide])
    model = dialog.preview_model
    assert not model.is_recognised(2)
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert dialog.mapping.item(2, dialog.MAP_MEANING).foreground().color().name() == "#c62828"

    dialog.set_column_mapping("Rev FY23 odd", "metric:revenue", "2023A", "亿元")
    assert model.is_recognised(2)
    assert dialog.current_preview().columns[2].metric == "revenue"
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    assert session.store.fact("688018.SH", "revenue", "2023A") == pytest.approx(15.3 * YI)
    signature = dialog.previews[str(wide)].signature
    assert session.store.get_setting(MAPPING_PREFIX + signature)

    # a file with the same headers gets the mapping back
    again = write(tmp_path / "wide2.csv", "证券代码,证券简称,Rev FY23 odd\n300493.SZ,润欣科技,30\n")
    second = make_dialog(qtbot, session, [again])
    assert second.preview_model.is_recognised(2)
    combo = second.mapping.cellWidget(2, second.MAP_CHOICE)
    assert combo.currentData() == "metric:revenue"


def test_cancel_leaves_the_store_unchanged(qtbot, session, long_csv, monkeypatch):
    import threading

    import ui.dialogs.importing as module
    from PySide6.QtWidgets import QPushButton

    cancel_clicked = threading.Event()
    real_import = module.import_files

    def import_after_cancel(*args, **kwargs):  # the worker waits until Cancel has been clicked
        cancel_clicked.wait(10)
        return real_import(*args, **kwargs)

    monkeypatch.setattr(module, "import_files", import_after_cancel)
    before = snapshot(session.store)
    dialog = make_dialog(qtbot, session, [long_csv])
    with qtbot.waitSignal(dialog.failed, timeout=30000) as blocker:
        dialog.start_import()
        dialog.task.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
        cancel_clicked.set()
    assert dialog.task is None
    assert blocker.args[0] == dialog.tr("Import cancelled; the store is unchanged.")
    assert snapshot(session.store) == before
