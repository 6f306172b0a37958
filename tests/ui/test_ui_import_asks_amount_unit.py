"""The import dialog's 金额单位 (the command line's --amount-unit): the unit of amount columns whose
header names none, used by the preview and the import alike; an import the core refuses because
such amounts are implausibly small read as 元 points at it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_testing import snapshot

from ui.dialogs.importing import ImportDialog

pytestmark = pytest.mark.usefixtures("workbench_qapp")

# revenue with no unit anywhere: 25.3 and 14.2 are 亿元 (a listed company's revenue is never 25 元)
WIDE = "ticker,name,营业收入2019年报\n300493.SZ,润欣科技,25.3\n688018.SH,乐鑫科技,14.2\n"


@pytest.fixture
def dialog(qtbot, session, tmp_path):
    path = tmp_path / "no_unit.csv"
    path.write_text(WIDE, encoding="utf-8")
    d = ImportDialog(session, None, paths=[str(path)])
    qtbot.addWidget(d)
    d.as_of_check.setChecked(True)
    return d


def _revenue_meaning(d) -> str:
    pv = d.current_preview()
    col = next(c for c in range(d.preview_model.columnCount()) if pv.columns[c].metric == "revenue")
    return d.preview_model.headerData(col, Qt.Orientation.Horizontal)


def test_the_unit_defaults_to_yuan_and_offers_the_three_units(dialog):
    combo = dialog.amount_unit
    assert [combo.itemText(i) for i in range(combo.count())] == ["元", "千元", "万元", "百万元", "亿元"]
    assert combo.currentText() == "元"
    assert "元" in _revenue_meaning(dialog) and "亿元" not in _revenue_meaning(dialog)


def test_the_refusal_points_at_the_unit_and_the_chosen_unit_imports(qtbot, dialog, session, tmp_path):
    before = snapshot(session.store)
    with qtbot.waitSignal(dialog.failed, timeout=30000) as failed:
        dialog.start_import()
    assert snapshot(session.store) == before
    label = dialog.amount_unit_label.text()
    assert label and label in failed.args[0] and label in dialog.status.text()
    dialog.show()
    dialog.grab().save(str(tmp_path / "refused.png"))

    dialog.amount_unit.setCurrentText("亿元")
    assert "亿元" in _revenue_meaning(dialog)  # the preview reads the column in the chosen unit
    assert dialog.current_preview().problems == []
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    assert session.store.fact_row("300493.SZ", "revenue", "2019A")["value"] == pytest.approx(25.3e8)
    assert session.store.fact_row("688018.SH", "revenue", "2019A")["value"] == pytest.approx(14.2e8)


def test_wan_yuan_is_passed_as_it_is(qtbot, dialog, session):
    dialog.amount_unit.setCurrentText("万元")
    assert "万元" in _revenue_meaning(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=30000):  # a unit chosen is a unit stated: no floor check
        dialog.start_import()
    assert session.store.fact_row("300493.SZ", "revenue", "2019A")["value"] == pytest.approx(25.3e4)
