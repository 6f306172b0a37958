"""Index identity in the app: give a code-less index its code (an undoable edit), merge two indices
(a confirmed action), and the import dialog asks about a near-matching index name."""

from __future__ import annotations

import pytest
from ui_testing import snapshot

AI = "中证人工智能指数"  # the demo's one index without a code
QUOTES = "代码,名称,日期,收盘价,涨跌幅\n"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def index_by_name(store, name):
    return next(i for i in store.indices() if i["name"] == name)


def quote_row(page, name):
    model = page.model
    return next(r for r in range(model.rowCount()) if model.value(r, model.INDEX) == name)


# ---------------------------------------------------------------------- the code
def test_typing_a_code_gives_the_index_its_code_as_one_undo_step(window):
    page = window.quotes_page
    store = window.session.store
    model = page.model
    row = quote_row(page, AI)
    assert model.index(row, model.CODE).flags() & model.index(row, model.CODE).flags().ItemIsEditable
    assert model.setData(model.index(row, model.CODE), "930713.csi")
    assert index_by_name(store, AI)["code"] == "930713.CSI"
    assert model.value(quote_row(page, AI), model.CODE) == "930713.CSI"  # every row of the index shows it
    assert window.session.undo_stack.count() == 1
    window.undo_action.trigger()
    assert index_by_name(store, AI)["code"] is None
    window.redo_action.trigger()
    assert index_by_name(store, AI)["code"] == "930713.CSI"


@pytest.mark.parametrize("code, words", [("000300.SH", "沪深300"), ("??bad??", "无效的指数代码")])
def test_a_taken_or_invalid_code_is_refused_at_the_cell(window, code, words):
    page = window.quotes_page
    model = page.model
    before = snapshot(window.session.store)
    codes = [(i["name"], i["code"]) for i in window.session.store.indices()]
    index = page.proxy.mapFromSource(model.index(quote_row(page, AI), model.CODE))
    assert not page.proxy.setData(index, code)
    assert snapshot(window.session.store) == before
    assert [(i["name"], i["code"]) for i in window.session.store.indices()] == codes
    assert words in page.view.refusal_bubble.text() and AI in page.view.refusal_bubble.text()
    assert window.session.undo_stack.count() == 0


def test_set_code_action_starts_editing_the_code_cell(window):
    page = window.quotes_page
    window.tabs.setCurrentWidget(page)
    page.view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(quote_row(page, AI), page.model.DATE)))
    assert window.set_index_code_action in page.context_actions
    window.set_index_code_action.trigger()
    assert page.view.currentIndex().column() == page.model.CODE
    assert page.view.state() == page.view.State.EditingState


# ---------------------------------------------------------------------- merging
@pytest.fixture
def twin(window, tmp_path):
    """A second, code-less AI index (confirmed as new at import) holding one quote of another date."""
    from workbench.imports import import_files

    store = window.session.store
    path = write(tmp_path / "ai.csv", QUOTES + ",中证人工智能,2024-12-30,1330.5,0.64%\n")
    import_files(store, [path], confirm_new_indices={"中证人工智能"})
    window.session.notify_reloaded()
    return index_by_name(store, "中证人工智能")["id"], index_by_name(store, AI)["id"]


def test_merge_moves_the_quotes_after_confirmation(window, twin, confirmations):
    drop, keep = twin
    store = window.session.store
    kept_quotes = len(store.quotes(keep))
    window.choose_index = lambda parent, title, label, choices: keep
    assert window.merge_index(drop)
    assert len(confirmations.asked) == 1 and "中证人工智能" in confirmations.asked[0] and AI in confirmations.asked[0]
    assert [i["name"] for i in store.indices()].count("中证人工智能") == 0
    assert len(store.quotes(keep)) == kept_quotes + 1
    assert store.quotes(keep, start="2024-12-30", end="2024-12-30")[0]["close"] == 1330.5
    assert all(page.model is not None for page in window.table_pages())
    assert "中证人工智能" not in window.quotes_page.model.groups()


def test_merge_declined_or_cancelled_changes_nothing(window, twin, confirmations):
    drop, keep = twin
    before = snapshot(window.session.store)
    window.choose_index = lambda parent, title, label, choices: None  # no index chosen
    assert not window.merge_index(drop)
    confirmations.answer = False
    window.choose_index = lambda parent, title, label, choices: keep
    assert not window.merge_index(drop)
    assert snapshot(window.session.store) == before
    assert len(window.session.store.indices()) == 7


def test_merge_with_clashing_closes_is_refused_naming_the_date(window, twin, monkeypatch):
    drop, keep = twin
    store = window.session.store
    store.set_quote(drop, "2024-12-27", 9999.0, 0.01)  # the kept index has 2024-12-27 too, with another close
    window.session.notify_reloaded()
    before = snapshot(store)
    shown = []
    monkeypatch.setattr(window, "message_box", lambda icon, title, text, informative="", parent=None: shown.append(text))
    window.choose_index = lambda parent, title, label, choices: keep
    assert not window.merge_index(drop)
    assert snapshot(store) == before
    assert shown and "2024-12-27" in shown[0]


def test_merge_is_one_undo_step_that_brings_the_index_and_its_quotes_back(window, twin, confirmations):
    drop, keep = twin
    store = window.session.store
    before = snapshot(store)
    window.choose_index = lambda parent, title, label, choices: keep
    assert window.merge_index(drop)
    assert window.session.undo_stack.count() == 1
    assert "中证人工智能" not in window.quotes_page.model.groups()
    window.undo_action.trigger()
    assert snapshot(store) == before
    assert store.quotes(index_by_name(store, "中证人工智能")["id"]) == [
        {"date": "2024-12-30", "close": 1330.5, "change": 0.0064}]
    assert "中证人工智能" in window.quotes_page.model.groups()
    window.redo_action.trigger()
    assert [i["name"] for i in store.indices()].count("中证人工智能") == 0
    assert store.quotes(keep, start="2024-12-30", end="2024-12-30")[0]["close"] == 1330.5
    window.undo_action.trigger()
    assert snapshot(store) == before


def test_undoing_a_merge_whose_quote_changed_since_is_refused_with_the_date(window, twin, confirmations,
                                                                           monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(text))
    drop, keep = twin
    store = window.session.store
    window.choose_index = lambda parent, title, label, choices: keep
    assert window.merge_index(drop)
    store.set_quote(keep, "2024-12-30", 1400.0, 0.0064)  # changed behind the undo stack's back
    before = snapshot(store)
    failures = []
    window.session.failed.connect(failures.append)
    window.undo_action.trigger()
    assert snapshot(store) == before
    from ui.common.i18n import for_ui

    # the box shows the core's message in the UI's language (no English gloss in the Chinese UI)
    assert failures and "2024-12-30" in failures[0] and shown == [for_ui(f) for f in failures]
    assert "2024-12-30" in shown[0]


# ---------------------------------------------------------------------- the import dialog
@pytest.fixture
def near_csv(tmp_path):
    return write(tmp_path / "week.csv", QUOTES + ",中证人工智能,2024-12-30,1330.5,0.64%\n")


def run_dialog(qtbot, session, path, answer):
    from ui.dialogs.importing import ImportDialog

    asked = []

    def ask(parent, problem):
        asked.append(problem)
        return answer

    dialog = ImportDialog(session, None, paths=[str(path)], ask_index=ask)
    qtbot.addWidget(dialog)
    signal = dialog.failed if answer is None else dialog.imported
    with qtbot.waitSignal(signal, timeout=30000):
        dialog.start_import()
    return dialog, asked


def test_near_match_answered_same_index_lands_on_it(qtbot, session, near_csv):
    keep = index_by_name(session.store, AI)["id"]
    dialog, asked = run_dialog(qtbot, session, near_csv, "same")
    (p,) = asked
    assert (p.incoming, p.existing, p.existing_id, p.row) == ("中证人工智能", AI, keep, 2)
    assert len(session.store.indices()) == 6
    assert session.store.quotes(keep, start="2024-12-30", end="2024-12-30")[0]["close"] == 1330.5


def test_near_match_answered_new_index_creates_it(qtbot, session, near_csv):
    dialog, asked = run_dialog(qtbot, session, near_csv, "new")
    assert len(asked) == 1
    assert {"中证人工智能", AI} <= {i["name"] for i in session.store.indices()}
    assert len(session.store.indices()) == 7
    new = index_by_name(session.store, "中证人工智能")["id"]
    assert [q["close"] for q in session.store.quotes(new)] == [1330.5]


def test_near_match_cancelled_imports_nothing(qtbot, session, near_csv):
    before = snapshot(session.store)
    dialog, asked = run_dialog(qtbot, session, near_csv, None)
    assert len(asked) == 1
    assert snapshot(session.store) == before
    assert dialog.problem_list.topLevelItemCount() == 1
    assert "中证人工智能" in dialog.problem_list.topLevelItem(0).text(3)


def test_near_match_question_offers_same_new_and_cancel(qtbot):
    from ui.dialogs.importing import index_question_box
    from workbench.imports import IndexNearMatch

    p = IndexNearMatch(file="week.csv", row=2, column="名称", value="中证人工智能", message="m",
                       incoming="中证人工智能", existing=AI, existing_id=5)
    box = index_question_box(None, p)
    qtbot.addWidget(box)
    texts = [b.text() for b in box.buttons()]
    assert any("同一个指数" in t for t in texts) and any("新指数" in t for t in texts) and "取消导入" in texts
    assert "week.csv" in box.text() and "第 2 行" in box.text() and AI in box.text()
    # two new names of one import: there is no stored index to map to
    both_new = IndexNearMatch(file="b.csv", row=2, column="名称", value="中证500指数", message="m",
                              incoming="中证500指数", existing="中证500", existing_id=None)
    box2 = index_question_box(None, both_new)
    qtbot.addWidget(box2)
    assert not any("同一个指数" in b.text() for b in box2.buttons())


def test_the_status_bar_says_what_undo_and_redo_of_a_merge_did(window, twin, confirmations):
    drop, keep = twin
    window.choose_index = lambda parent, title, label, choices: keep
    assert window.merge_index(drop)
    merged = window.statusBar().currentMessage()
    assert "中证人工智能" in merged and "1" in merged
    window.undo_action.trigger()
    undone = window.statusBar().currentMessage()
    assert undone != merged and "撤销" in undone and "合并指数" in undone
    window.redo_action.trigger()
    redone = window.statusBar().currentMessage()
    assert "重做" in redone and "合并指数" in redone


def test_a_new_step_after_an_undo_is_not_called_a_redo(window):
    page = window.quotes_page
    model = page.model
    assert model.setData(model.index(quote_row(page, AI), model.CODE), "930713.CSI")
    window.undo_action.trigger()
    window._show_message("")
    assert model.setData(model.index(quote_row(page, AI), model.CODE), "930714.CSI")
    assert "重做" not in window.statusBar().currentMessage()
