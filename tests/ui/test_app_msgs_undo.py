"""A refused undo or redo speaks the app's language: Chinese only, the change's time in the
workstation's zone, the company by name and the figure as the grid shows it; a refused redo is
titled 重做, not 撤销."""

from __future__ import annotations

import re

from workbench.domain.periods import period_label
from workbench.domain.times import local_time
from workbench.imports import import_files
from workbench.store import Store

KEY = ("600584.SH", "revenue", "2023A")


def _import_elsewhere(path, tmp_path, value="300.0"):
    csv = tmp_path / "outside1.csv"
    csv.write_text(f"ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,{value}\n", encoding="utf-8")
    with Store(path) as other:  # another process writes the same figure
        import_files(other, [csv], as_of="2024-12-30", allow_older=True)
        return other.history(*KEY)[-1]


def _boxes(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append((title, text)))
    return shown


def _check_chinese_message(text, window, last, row, col):
    name = window.session.store.company(KEY[0])["name"]
    assert name in text
    assert f"营业收入 {period_label(KEY[2])} " in text and KEY[2] not in text  # the column as the grid heads it
    assert f"现为 {window.financials_page.model.cell_text(row, col)}" in text  # the figure as the grid shows it
    assert last["at"] not in text and local_time(last["at"], "%Y-%m-%d %H:%M") in text  # local time, not UTC ISO
    assert "outside1.csv" in text and "2024-12-30" in text
    words = re.findall(r"[A-Za-z]{2,}", text.replace("outside1.csv", "").replace(KEY[0], ""))
    assert not words, words  # no English gloss left


def test_a_refused_undo_is_chinese_with_local_time_name_and_grid_figure(window, demo_path, tmp_path, monkeypatch,
                                                                      shanghai):
    shown = _boxes(monkeypatch)
    model = window.financials_page.model
    row, col = model._pos[KEY[0]], model.column_of(KEY[1:])
    assert model.setData(model.index(row, col), "290.0")
    last = _import_elsewhere(demo_path, tmp_path)
    window.undo_action.trigger()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "撤销" and text.startswith("未撤销")
    _check_chinese_message(text, window, last, row, col)
    window.grab().save(str(tmp_path / "undo.png"))


def test_a_refused_redo_is_titled_redo(window, demo_path, tmp_path, monkeypatch, shanghai):
    shown = _boxes(monkeypatch)
    model = window.financials_page.model
    row, col = model._pos[KEY[0]], model.column_of(KEY[1:])
    assert model.setData(model.index(row, col), "290.0")
    window.undo_action.trigger()
    assert not shown
    last = _import_elsewhere(demo_path, tmp_path, "310.0")
    window.redo_action.trigger()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "重做" and text.startswith("未重做")
    _check_chinese_message(text, window, last, row, col)


def test_the_core_message_keeps_its_english_for_the_command_line(demo_path, tmp_path):
    from workbench.edits import ChangedSince, SetFact, apply_edit, revert_edit

    with Store(demo_path) as store:
        edit = SetFact(*KEY, 290.0e8)
        apply_edit(store, edit)
        _import_elsewhere(demo_path, tmp_path)
        try:
            revert_edit(store, edit)
        except ChangedSince as exc:
            message = exc.message
        else:
            raise AssertionError("the undo was not refused")
    assert message.startswith("未撤销") and "nothing was undone" in message and "outside1.csv" in message
