"""The import dialog speaks of its own controls, never of the command line's options; a batch with
a real problem and questions shows the real problem and says the questions are asked here; a
successful import's whole summary (every file, its warnings, the total) stays readable."""

from __future__ import annotations

import re

from ui.dialogs.importing import ImportDialog

FLAG = re.compile(r"--[a-z][a-z-]+")

RENAME = "ticker,name,segment,营业收入(亿元)2023年报\n688608.SH,乐鑫科技,AIOT soc,21.9\n"
SAME_INDEX = "index_code,index_name,week_end,close,weekly_change\n000300.SH,上证指数,2025-01-03,3900.00,-0.02\n"
NEAR_INDEX = "index_code,index_name,week_end,close,weekly_change\n,中证人工智能,2025-01-03,1300.00,-0.016\n"
BAD = "ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,abc\n"
NO_UNIT = "ticker,name,revenue_2023\n688608.SH,恒玄科技,21.9\n600584.SH,长电科技,30.5\n"


def _files(tmp_path, **texts):
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _dialog(qtbot, session, paths, parent=None, **kw):
    dialog = ImportDialog(session, parent, paths=paths, **kw)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 720)
    dialog.show()
    return dialog


def _problem_texts(dialog):
    return [dialog.problem_list.topLevelItem(i).text(3) for i in range(dialog.problem_list.topLevelItemCount())]


def _no_flags(texts):
    for text in texts:
        assert not FLAG.search(text), text
        assert not re.search(r"\b(the|of|with|give|nothing|imported)\b", text), text  # no English gloss


def test_a_missing_amount_unit_is_said_as_the_dialog_s_control(qtbot, session, tmp_path):
    dialog = _dialog(qtbot, session, _files(tmp_path, nounit=NO_UNIT))
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        dialog.start_import()
    texts = _problem_texts(dialog) + [dialog.status.text()]
    _no_flags(texts)
    label = dialog.amount_unit_label.text().replace("&", "")
    assert any(f"“{label}”" in t for t in _problem_texts(dialog)), _problem_texts(dialog)


def test_a_mixed_batch_shows_the_real_problem_and_says_where_questions_are_answered(qtbot, session, tmp_path):
    asked = []
    paths = _files(tmp_path, rename=RENAME, same_index=SAME_INDEX, near_index=NEAR_INDEX, bad=BAD)
    dialog = _dialog(qtbot, session, paths, ask_index=lambda *a: asked.append(a) or None,
                     ask_renamed=lambda *a: asked.append(a) or False,
                     ask_named_index=lambda *a: asked.append(a) or False)
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        dialog.start_import()
    texts = _problem_texts(dialog)
    _no_flags(texts + [dialog.status.text()])
    files = [dialog.problem_list.topLevelItem(i).text(0) for i in range(dialog.problem_list.topLevelItemCount())]
    assert files[0] == "bad.csv"  # the real problem first, with its file, row and column
    bad = files.index("bad.csv")
    colours = [dialog.problem_list.topLevelItem(i).foreground(3).color().name()
               for i in range(dialog.problem_list.topLevelItemCount())]
    assert colours[0] != colours[1] and len(set(colours[1:])) == 1  # the questions look unlike the fault
    assert dialog.problem_list.topLevelItem(bad).text(1) == "2" and dialog.problem_list.topLevelItem(bad).text(2)
    for name in ("rename.csv", "same_index.csv", "near_index.csv"):
        assert name in files
        text = texts[files.index(name)]
        assert "（无代码 no code）" not in text and "no code" not in text
    questions = [t for f, t in zip(files, texts) if f != "bad.csv"]
    once = dialog.tr("This dialog asks about it when you import (once the other problems are corrected).")
    assert all(once in t for t in questions), questions
    dialog.grab().save(str(tmp_path / "mixed.png"))


def test_the_whole_summary_of_an_import_stays_readable(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    a = "ticker,name,period,metric,value\n300493.SZ,润欣科技,2023A,revenue,2500000000\n"
    b = "ticker,name,period,metric,value\n600519.SH,贵州茅台,2023A,revenue,150560000000\n"
    paths = _files(tmp_path, first=a, second=b)
    dialog = _dialog(qtbot, window.session, paths, window)
    dialog.imported.connect(window._on_import_dialog_imported)
    with qtbot.waitSignal(dialog.imported, timeout=30000) as done:
        dialog.start_import()
    summary = done.args[0]
    box = window.last_message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    shown = box.text() + "\n" + box.informativeText() + "\n" + box.detailedText()
    for line in summary.splitlines():  # every file, each warning and the total
        assert line.strip() in shown, line
    assert "first.csv" in shown and "second.csv" in shown
    assert "取自文件的修改时间" in shown or "modification time" in shown  # neither file names its date
    assert not FLAG.search(shown), shown
    box.grab().save(str(tmp_path / "summary.png"))
    box.close()


def test_a_question_cancelled_is_listed_as_asked_again_without_flags(qtbot, session, tmp_path):
    dialog = _dialog(qtbot, session, _files(tmp_path, near_index=NEAR_INDEX), ask_index=lambda *a: None)
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        dialog.start_import()
    texts = _problem_texts(dialog)
    _no_flags(texts + [dialog.status.text()])
    assert texts and all(dialog.tr("This dialog asks about it when you import again.") in t for t in texts), texts
