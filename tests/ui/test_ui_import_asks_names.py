"""The import dialog asks what the command line asks with --rename and --same-index: a stored ticker
on a row named as another stored company, an index code on a row named as another stored index.
A yes imports (the ticker's figures, the code's quotes); a no, or closing the box, imports nothing."""

from __future__ import annotations

import pytest
from ui_testing import snapshot

from ui.dialogs.importing import ImportDialog

pytestmark = pytest.mark.usefixtures("workbench_qapp")

# 300493.SZ is stored as 润欣科技, 688018.SH as 乐鑫科技 (the demo store)
TYPO_LONG = "ticker,name,period,metric,value\n300493.SZ,乐鑫科技,2019A,revenue,2500000000\n"
# 000300.SH is stored as 沪深300 (index 4), 000001.SH as 上证指数
TYPO_QUOTES = "代码,名称,日期,收盘价,涨跌幅(%)\n000300.SH,上证指数,2025-01-03,3775.16,-5.17\n"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def run(qtbot, session, path, *, renamed=None, named_index=None, succeeds=True):
    asked = {"renamed": [], "named_index": []}

    def ask_renamed(parent, problem):
        asked["renamed"].append(problem)
        return renamed

    def ask_named_index(parent, problem):
        asked["named_index"].append(problem)
        return named_index

    dialog = ImportDialog(session, None, paths=[str(path)], ask_renamed=ask_renamed, ask_named_index=ask_named_index)
    qtbot.addWidget(dialog)
    dialog.as_of_check.setChecked(True)
    with qtbot.waitSignal(dialog.imported if succeeds else dialog.failed, timeout=30000):
        dialog.start_import()
    return dialog, asked


def test_a_stored_ticker_named_as_another_company_confirmed_imports_its_figures(qtbot, session, tmp_path):
    typo = write(tmp_path / "typo.csv", TYPO_LONG)
    assert session.store.fact_row("300493.SZ", "revenue", "2019A") is None
    dialog, asked = run(qtbot, session, typo, renamed=True)
    (p,) = asked["renamed"]
    assert (p.file, p.row, p.ticker, p.name, p.other) == ("typo.csv", 2, "300493.SZ", "乐鑫科技", "688018.SH")
    assert session.store.fact_row("300493.SZ", "revenue", "2019A")["value"] == 2.5e9
    assert session.store.fact_row("688018.SH", "revenue", "2019A") is None


def test_a_stored_ticker_named_as_another_company_declined_imports_nothing(qtbot, session, tmp_path):
    typo = write(tmp_path / "typo.csv", TYPO_LONG)
    before = snapshot(session.store)
    dialog, asked = run(qtbot, session, typo, renamed=False, succeeds=False)
    assert len(asked["renamed"]) == 1
    assert snapshot(session.store) == before
    text = dialog.problem_list.topLevelItem(0).text(3)
    assert "300493.SZ" in text and "688018.SH" in text


def _index_quotes(store, index_id):
    return [(q["date"], q["close"]) for q in store.all_quotes() if q["index_id"] == index_id]


def test_an_index_code_named_as_another_index_confirmed_imports_the_code_s_quotes(qtbot, session, tmp_path):
    typo = write(tmp_path / "typo_quotes.csv", TYPO_QUOTES)
    ids = {q["name"]: q["index_id"] for q in session.store.all_quotes()}
    dialog, asked = run(qtbot, session, typo, named_index=True)
    (p,) = asked["named_index"]
    assert (p.file, p.row, p.code, p.name, p.other_name) == ("typo_quotes.csv", 2, "000300.SH", "上证指数", "上证指数")
    assert p.stored_name == "沪深300"
    assert ("2025-01-03", 3775.16) in _index_quotes(session.store, ids["沪深300"])
    assert "2025-01-03" not in {d for d, _ in _index_quotes(session.store, ids["上证指数"])}


def test_an_index_code_named_as_another_index_declined_imports_nothing(qtbot, session, tmp_path):
    typo = write(tmp_path / "typo_quotes.csv", TYPO_QUOTES)
    before = snapshot(session.store)
    dialog, asked = run(qtbot, session, typo, named_index=False, succeeds=False)
    assert len(asked["named_index"]) == 1
    assert snapshot(session.store) == before


@pytest.mark.parametrize("kind", ["company", "index"])
def test_the_real_question_names_file_row_and_both_names_and_defaults_to_no(qtbot, session, tmp_path, kind):
    path = write(tmp_path / "typo.csv", TYPO_LONG if kind == "company" else TYPO_QUOTES)
    before = snapshot(session.store)
    dialog = ImportDialog(session, None, paths=[str(path)])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.as_of_check.setChecked(True)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.answers.question is not None and dialog.answers.question.isVisible(),
                    timeout=30000)
    box = dialog.answers.question
    text = box.text() + "\n" + box.informativeText()
    names = ("300493.SZ", "润欣科技", "乐鑫科技", "688018.SH") if kind == "company" else \
        ("000300.SH", "沪深300", "上证指数")
    for part in ("typo.csv", "2") + names:
        assert part in text, (part, text)
    assert box.windowModality() != box.windowModality().NonModal
    assert not box.defaultButton().property("answer")  # Enter imports nothing
    assert box.escapeButton() is box.defaultButton()
    (yes,) = [b for b in box.buttons() if b.property("answer")]
    assert yes.text()
    box.grab().save(str(tmp_path / f"question_{kind}.png"))
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        box.defaultButton().click()
    assert snapshot(session.store) == before


def test_the_real_question_answered_yes_imports(qtbot, session, tmp_path):
    path = write(tmp_path / "typo.csv", TYPO_LONG)
    dialog = ImportDialog(session, None, paths=[str(path)])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.as_of_check.setChecked(True)
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.answers.question is not None and dialog.answers.question.isVisible(),
                    timeout=30000)
    (yes,) = [b for b in dialog.answers.question.buttons() if b.property("answer")]
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        yes.click()
    assert session.store.fact_row("300493.SZ", "revenue", "2019A")["value"] == 2.5e9
