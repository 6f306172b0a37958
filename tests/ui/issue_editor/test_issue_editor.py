"""The issue editor: fields filled from the store, Chinese input, bold markup, themes, notes, autosave,
preflight jumps, the lifecycle up to a read-only final issue, and the PDF export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication


SECTION_TAB = 1


def type_text(widget, text: str) -> None:
    """Type ``text`` as an input method commits it (keyClicks cannot send Chinese)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class Answers:
    """Injectable confirm / ask-text answers that record what was asked."""

    def __init__(self, answer=True):
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answer


@pytest.fixture
def editor(make_editor):
    return make_editor()


def stored(demo_path, issue_id="latest"):
    from workbench.store import Store

    with Store(demo_path) as s:
        return s.issue(issue_id)


# ---------------------------------------------------------------------- opening
def test_editor_opens_the_demo_issue_with_every_part_filled(editor, demo_path):
    issue = stored(demo_path)
    assert editor.headline.text() == issue.headline == "周观点：小米加码万卡算力，端侧 AI 与硬件创新接力"
    assert editor.series.currentText() == "先进科技主题周报"
    assert (editor.period_start.date().toString("yyyy-MM-dd"), editor.period_end.date().toString("yyyy-MM-dd"),
            editor.publish_date.date().toString("yyyy-MM-dd")) == ("2024-12-23", "2024-12-29", "2025-01-03")
    assert (editor.rating.currentText(), editor.rating_action.currentText()) == ("增持", "维持")
    assert editor.current_issue().analysts == issue.analysts == [1, 2]
    assert editor.views_edit.items() == issue.views and len(issue.views) == 3
    assert editor.risks_edit.items() == issue.risks and len(issue.risks) == 4
    assert editor.market_review_edit.markup() == issue.market_review.rstrip("\n")
    assert [t.tickers for t in editor.themes_editor.themes()] == [t.tickers for t in issue.themes]
    assert editor.themes_editor.stocks.item(0).text() == "恒玄科技 688608.SH"
    assert [f.series for f in editor.figures_editor.values()] == ["营业收入", "净利润", "资本开支"]
    assert [r.title for r in editor.related_editor.values()] == [r.title for r in issue.related]
    assert editor.table_editor.source.text() == issue.table.source
    assert editor.table_editor.spec().segments == issue.table.segments
    assert "证券投资咨询业务资格" in editor.house_view.toPlainText()
    assert editor.notes_panel.list.count() == 3
    assert not editor.read_only and not editor.has_unsaved_changes()
    # nothing changed: the issue the fields make is the stored one
    assert editor.current_issue().content_json() == issue.content_json()


def test_chinese_headline_typed_with_an_input_method_is_saved(editor, demo_path, qtbot):
    editor.headline.selectAll()
    with qtbot.waitSignal(editor.modified):
        type_text(editor.headline, "周观点：端侧 AI 加速落地，关注 PCB 与光模块")
    assert editor.headline.text() == "周观点：端侧 AI 加速落地，关注 PCB 与光模块"
    with qtbot.waitSignal(editor.saved):
        assert editor.save()
    assert stored(demo_path).headline == "周观点：端侧 AI 加速落地，关注 PCB 与光模块"
    assert not editor.has_unsaved_changes()
    assert editor.store.autosaved(editor.issue_id) is None


def test_invalid_dates_are_refused_inline_and_nothing_is_saved(editor, demo_path):
    before = stored(demo_path)
    editor.period_start.setDate(editor.period_end.date().addDays(3))
    assert not editor.save()
    assert editor.error_label.isVisibleTo(editor)
    assert "报告期起始晚于结束" in editor.error_label.text()
    assert stored(demo_path).period_start == before.period_start


# ---------------------------------------------------------------------- text
def test_bold_markup_shows_bold_and_saves_back_as_markup(editor, demo_path, qtbot):
    edit = editor.advice_edit
    edit.set_markup("小米搭建**万卡**集群")
    cursor = QTextCursor(edit.document())
    weights = []
    for pos in range(1, len("小米搭建万卡集群") + 1):
        cursor.setPosition(pos)
        weights.append(cursor.charFormat().fontWeight() >= QFont.Weight.Bold)
    assert weights == [False, False, False, False, True, True, False, False]  # 万卡 only
    assert edit.markup() == "小米搭建**万卡**集群"

    # typed text made bold with Ctrl+B becomes markup again
    edit.clear()
    type_text(edit, "光模块龙头订单饱满")
    cursor = edit.textCursor()
    cursor.setPosition(3)
    cursor.setPosition(5, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    qtbot.keyClick(edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert edit.markup() == "光模块**龙头**订单饱满"
    assert editor.save()
    assert stored(demo_path).advice == "光模块**龙头**订单饱满"


def test_pasted_rich_text_keeps_its_words_but_not_its_formatting(editor):
    from PySide6.QtCore import QMimeData

    edit = editor.risks_edit
    edit.moveCursor(QTextCursor.MoveOperation.End)
    mime = QMimeData()
    mime.setHtml("<p style='color:red'><i>汇率波动</i></p><p><b>供应链风险</b></p>")
    mime.setText("汇率波动\n供应链风险")
    edit.insertFromMimeData(mime)
    assert edit.items()[-2:] == ["宏观经济不及预期汇率波动", "供应链风险"]
    assert "**" not in edit.markup()


def test_risks_typed_in_chinese_into_an_emptied_list_are_bullets(editor, demo_path):
    edit = editor.risks_edit
    edit.clear()
    type_text(edit, "汇率波动风险")
    assert edit.document().begin().textList() is not None  # shown as a bullet
    assert edit.items() == ["汇率波动风险"]
    assert editor.save()
    assert stored(demo_path).risks == ["汇率波动风险"]


def test_bullet_keys_join_bullets_and_make_no_empty_ones(editor, qtbot):
    edit = editor.risks_edit
    first, second = edit.items()[:2]
    block = edit.document().findBlockByNumber(1)
    cursor = QTextCursor(block)
    edit.setTextCursor(cursor)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # at a bullet's start: joins it to the one above
    assert edit.items()[0] == first + second and len(edit.items()) == 3
    edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # an empty bullet does not end the list or add another
    assert edit.document().blockCount() == 4
    assert all(b.textList() is not None for b in edit._blocks())
    assert len(edit.items()) == 3


def test_draft_market_review_button_fills_the_review(editor, qtbot):
    editor.market_review_edit.clear()
    qtbot.mouseClick(editor.draft_review_button, Qt.MouseButton.LeftButton)
    # the reference week's quotes (2024-12-27); the sector index trails the CSI 300 benchmark
    assert editor.market_review_edit.markup() == (
        "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；深证成指报收 10659.98 点，周涨跌幅为+0.13%；"
        "创业板指报收 2204.90 点，周涨跌幅为-0.22%；沪深300报收 3981.03 点，周涨跌幅为+1.36%；"
        "中证人工智能指数报收 1321.33 点，周涨跌幅为-0.57%，跑输大盘。")
    assert editor.has_unsaved_changes()


def test_a_week_note_is_inserted_into_the_views_in_one_step(editor, demo_path, qtbot):
    panel = editor.notes_panel
    row = next(i for i, n in enumerate(panel.notes) if "万卡" in n["text"])
    panel.list.setCurrentRow(row)
    panel.section.setCurrentIndex(panel.section.findData("views"))
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    views = editor.views_edit.items()
    assert len(views) == 4 and views[-1] == panel.notes[row]["text"]
    assert editor.save()
    assert stored(demo_path).views[-1].startswith("媒体报道小米正在搭建万卡 GPU 集群")


# ---------------------------------------------------------------------- themes
def test_theme_stock_completer_resolves_a_name_or_a_ticker(editor, qtbot):
    themes = editor.themes_editor
    completer = themes.completer
    for typed in ("恒玄", "688608"):
        completer.setCompletionPrefix(typed)
        assert completer.completionCount() == 1
        assert completer.currentCompletion() == "恒玄科技 688608.SH"

    qtbot.mouseClick(themes.add_button, Qt.MouseButton.LeftButton)
    new = len(themes.themes()) - 1
    assert themes.current() == new
    type_text(themes.name, "端侧 AI 芯片")
    type_text(themes.stock_edit, "恒玄")
    qtbot.keyClick(themes.stock_edit, Qt.Key.Key_Return)
    assert themes.add_stock("思特威 688213.SH") == "688213.SH"  # a completer label
    assert themes.add_stock("不存在的公司") is None
    assert "不存在的公司" in themes.stock_error.text()
    theme = editor.current_issue().themes[new]
    assert (theme.name, theme.tickers) == ("端侧 AI 芯片", ["688608.SH", "688213.SH"])


# ---------------------------------------------------------------------- autosave
def test_autosave_is_offered_and_restored_by_the_next_editor(make_editor, demo_path, qtbot):
    first = make_editor(autosave_ms=30)
    first.headline.selectAll()
    with qtbot.waitSignal(first.autosaved, timeout=3000):
        type_text(first.headline, "周观点：崩溃前没保存的标题")
    assert stored(demo_path).headline != "周观点：崩溃前没保存的标题"  # only autosaved

    answers = Answers(True)
    second = make_editor(confirm=answers)  # as after a crash: the first never saved
    assert len(answers.asked) == 1 and "#1" in answers.asked[0]
    assert second.restored_autosave
    assert second.headline.text() == "周观点：崩溃前没保存的标题"
    assert second.has_unsaved_changes()
    assert second.save()
    assert stored(demo_path).headline == "周观点：崩溃前没保存的标题"


def test_a_declined_autosave_is_discarded(make_editor, demo_path, qtbot):
    first = make_editor(autosave_ms=30)
    with qtbot.waitSignal(first.autosaved, timeout=3000):
        type_text(first.industry, "半导体")
    refuse = Answers(False)
    second = make_editor(confirm=refuse)
    assert len(refuse.asked) == 1
    assert second.industry.text() == "电子" and not second.has_unsaved_changes()
    assert second.store.autosaved(second.issue_id) is None


# ---------------------------------------------------------------------- preflight
def test_clicking_a_preflight_blocker_jumps_to_the_field(editor, qtbot):
    with qtbot.waitActive(editor):
        editor.show()
    editor.tabs.setCurrentIndex(0)
    editor.risks_edit.clear()
    qtbot.mouseClick(editor.preflight_panel.run_button, Qt.MouseButton.LeftButton)
    result = editor.preflight_panel.result
    assert [f.field for f in result.blockers] == ["risks"]
    item = editor.preflight_panel.item_for_field("risks")
    assert item is not None and item.foreground().color().name() == "#c62828"
    assert item.text().endswith("↳ 风险提示")  # the user's words, not the field path
    rect = editor.preflight_panel.list.visualItemRect(item)
    qtbot.mouseClick(editor.preflight_panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.tabs.currentIndex() == SECTION_TAB
    assert editor.risks_edit.hasFocus()


def test_jumps_select_the_bullet_theme_and_figure_at_fault(editor, qtbot):
    with qtbot.waitActive(editor):
        editor.show()
    assert editor.jump_to_field("views[1]")
    assert editor.views_edit.hasFocus()
    assert editor.views_edit.textCursor().selectedText().startswith("小米“人车家全生态”合作伙伴大会召开")
    assert editor.jump_to_field("themes[2].tickers")
    assert editor.themes_editor.current() == 2 and editor.themes_editor.stocks.hasFocus()
    assert editor.jump_to_field("figures[1].source")
    assert (editor.figures_editor.table.currentRow(), editor.figures_editor.table.currentColumn()) == (1, 5)
    assert editor.jump_to_field("table.source") and editor.table_editor.source.hasFocus()
    assert editor.jump_to_field("analysts[1].sac_no") and editor.analysts.currentRow() == 1
    assert editor.jump_to_field("house.licence") and editor.tabs.currentIndex() == 5
    assert not editor.jump_to_field("nonsense!")


# ---------------------------------------------------------------------- lifecycle
def test_review_then_final_makes_the_editor_read_only(make_editor, demo_path, qtbot):
    editor = make_editor()
    assert editor.submit_for_review()
    assert editor.issue.status == "review" and editor.back_action.isEnabled()
    with qtbot.waitSignal(editor.status_changed, timeout=30000) as final:
        assert editor.finalise() is not None
    assert final.args == ["final"]
    assert editor.read_only
    assert editor.headline.isReadOnly() and editor.views_edit.isReadOnly()
    assert not editor.rating.isEnabled() and not editor.draft_review_button.isEnabled()
    assert not editor.save_action.isEnabled() and editor.correction_action.isEnabled()
    version = editor.store.versions(editor.issue_id)[-1]
    assert editor.banner.isVisibleTo(editor)
    assert "v1" in editor.banner.text() and version["pdf_sha256"][:16] in editor.banner.text()
    assert [r["to_status"] for r in editor.store.issue_log(editor.issue_id)][-2:] == ["review", "final"]
    assert editor.store.issue_log(editor.issue_id)[-1]["by"] == "tester"
    assert not editor.save()

    reopened = make_editor(confirm=Answers(True))  # a final issue opens read-only
    assert reopened.read_only and reopened.banner.isVisibleTo(reopened)

    editor.ask_text = Answers(None)  # cancelled: nothing happens
    assert not editor.correction() and editor.issue.status == "final"
    ask = Answers("表格数据更正")
    editor.ask_text = ask
    assert editor.correction()
    assert "#1" in ask.asked[0]
    assert editor.store.issue_log(editor.issue_id)[-1]["reason"] == "更正 correction: 表格数据更正"
    assert editor.issue.status == "draft" and editor.issue.version == 2
    assert not editor.read_only and not editor.headline.isReadOnly()


def test_finalising_with_blockers_lists_them_and_stays_in_review(editor, qtbot):
    assert editor.submit_for_review()
    editor.risks_edit.clear()
    assert editor.save()
    with qtbot.waitSignal(editor.lifecycle_failed, timeout=30000) as failed:
        editor.finalise()
    assert "预检未通过" in failed.args[0]
    assert editor.issue.status == "review" and not editor.read_only
    assert [f.field for f in editor.preflight_panel.result.blockers] == ["risks"]
    assert editor.error_label.isVisibleTo(editor)


def test_export_pdf_runs_on_a_worker(editor, tmp_path, qtbot):
    out = tmp_path / "周报.pdf"
    with qtbot.waitSignal(editor.exported, timeout=30000) as done:
        editor.export_pdf(out)
    result = done.args[0]
    assert result.pages >= 4 and out.read_bytes().startswith(b"%PDF")


def test_new_issue_from_last_week_copies_the_latest_forward(demo_path, make_editor):
    from ui.issue_editor import new_issue_from_last_week

    new_id = new_issue_from_last_week(demo_path)
    assert new_id == 2
    editor = make_editor(new_id)
    assert editor.period_start.date().toString("yyyy-MM-dd") == "2024-12-30"
    assert editor.related_editor.values()[0].issue_id == 1


# ---------------------------------------------------------------------- house profile
def test_house_dialog_writes_the_profile(editor, qtbot):
    from ui.dialogs.house import HouseDialog

    dialog = HouseDialog(editor.store, editor)
    qtbot.addWidget(dialog)
    dialog.colour.setText("not a colour")
    dialog.accept()
    assert "not a colour" in dialog.error.text()
    assert editor.store.house()["colour"] == "#9E1B32"
    dialog.colour.setText("#1F4E79")
    dialog.licence.setPlainText("星海证券经中国证监会核准，具备证券投资咨询业务资格。")
    dialog.stock_ratings.add_row("观察", "测试评级")
    dialog.accept()
    house = editor.store.house()
    assert house["colour"] == "#1F4E79"
    assert house["licence"].startswith("星海证券经中国证监会核准")
    assert house["ratings"]["stock"][-1] == {"name": "观察", "rule": "测试评级"}
    assert house["ratings"]["horizon_stock"] == "报告发布日后 6 个月内"


def test_segments_are_dragged_into_the_printed_order(editor, qtbot):
    from PySide6.QtCore import QModelIndex

    from workbench.report import build_report_spec

    seg = editor.table_editor.segments
    moved = seg.item(13).text()  # 光模块
    with qtbot.waitSignal(editor.table_editor.changed):
        assert seg.model().moveRow(QModelIndex(), 13, QModelIndex(), 0)
    editor.save()
    issue = editor.store.issue(editor.issue_id)
    assert issue.table.segments[0] == moved and len(issue.table.segments) == 15
    rows = build_report_spec(editor.store, issue).table.rows
    assert rows[0].segment == moved


def test_house_dialog_registers_edits_and_refuses_analysts(editor, qtbot):
    from ui.dialogs.house import HouseDialog

    store = editor.store
    dialog = HouseDialog(store, editor)
    qtbot.addWidget(dialog)
    table = dialog.analysts
    assert table.table.rowCount() == 2 and table.table.item(0, 1).text() == "S0990520080001"
    row = table.add_row()
    table.table.item(row, 0).setText("陈晓")
    table.table.item(row, 1).setText("S0990524")  # too short
    dialog.colour.setText("#1F4E79")
    dialog.accept()
    assert "3" in dialog.error.text() and "执业证书编号" in dialog.error.text()
    assert len(store.analysts()) == 2 and store.house()["colour"] == "#9E1B32"  # nothing landed
    table.table.item(row, 1).setText("s0990524010003")
    table.table.item(0, 2).setText("lin@xinghai.example")
    dialog.accept()
    assert [a["sac_no"] for a in store.analysts()] == ["S0990520080001", "S0990523070002", "S0990524010003"]
    assert store.analyst(1)["contact"] == "lin@xinghai.example" and store.house()["colour"] == "#1F4E79"
    again = HouseDialog(store, editor)
    qtbot.addWidget(again)
    again.analysts.table.setCurrentCell(0, 0)  # 林思远 signs the demo issue
    again.analysts._on_remove_clicked()
    again.accept()
    assert "署名" in again.error.text() and len(store.analysts()) == 3  # the Chinese UI shows no English gloss


def test_a_refused_status_change_is_shown_and_signalled(editor, qtbot):
    assert editor.submit_for_review()
    with qtbot.waitSignal(editor.lifecycle_failed) as failed:
        assert not editor.submit_for_review()  # already in review
    assert "已是审核中" in failed.args[0] and editor.error_label.isVisibleTo(editor)
    assert editor.back_to_draft() and editor.issue.status == "draft"
    assert [r["to_status"] for r in editor.store.issue_log(editor.issue_id)][-2:] == ["review", "draft"]


def test_analysts_added_in_the_house_dialog_appear_in_the_editor(editor, monkeypatch):
    from ui.dialogs.house import HouseDialog

    def fake_exec(dialog):
        row = dialog.analysts.add_row("陈晓", "S0990524010003")
        assert row == 2
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(HouseDialog, "exec", fake_exec)
    ticked = [editor.analysts.item(i).checkState() for i in range(editor.analysts.count())]
    assert editor.edit_house()
    texts = [editor.analysts.item(i).text() for i in range(editor.analysts.count())]
    assert any("陈晓" in t and "S0990524010003" in t for t in texts)
    assert [editor.analysts.item(i).checkState() for i in range(2)] == ticked
    assert not editor.has_unsaved_changes()
