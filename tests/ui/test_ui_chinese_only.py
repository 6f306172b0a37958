"""The Chinese UI shows no English glosses of stored text or core messages: the status log's notes,
the import dialog's problems, the diff view's labels. The command line keeps both languages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ui.common.i18n import CHINESE, ENGLISH, install_translations, label_for_ui, log_note_for_ui, strip_glosses

pytestmark = pytest.mark.usefixtures("workbench_qapp")

ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> list[str]:
    return ASCII_WORD.findall(text)


# ---------------------------------------------------------------------- the status log
def _history(editor) -> list[list[str]]:
    tree = editor.meta_page.history
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())] for i in range(tree.topLevelItemCount())]


def test_the_status_log_shows_the_core_s_notes_in_chinese_and_the_user_s_reason_as_typed(make_editor, demo_path):
    from workbench.drafting.lifecycle import change_status, copy_forward, open_correction
    from workbench.store import Store

    with Store(demo_path) as s:
        change_status(s, 1, "review", by="林思远")
        change_status(s, 1, "final", by="王编辑")
        open_correction(s, 1, reason="表格数据更正 (PE restated)", by="王编辑")
        new = copy_forward(s, 1, by="林思远")
        stored = [r["reason"] for r in s.issue_log(1)] + [r["reason"] for r in s.issue_log(new.id)]
    # what the core stores stays bilingual (the command line and the publication record print it)
    assert any("correction" in (r or "") for r in stored) and any("copied forward" in (r or "") for r in stored)

    copied = _history(make_editor(new.id))
    assert [row[4] for row in copied] == ["由第 1 期复制"]
    corrected = _history(make_editor(1))
    assert corrected[-1][4] == "更正：表格数据更正 (PE restated)"  # the reason as the user typed it
    for note in (copied[0][4], corrected[-1][4].replace("(PE restated)", "")):
        assert not english_words(note), note


def test_the_log_note_helper_keeps_users_words_and_the_english_ui_unchanged(workbench_qapp):
    from workbench.report.spec import CORRECTION_LOG_PREFIX

    correction = CORRECTION_LOG_PREFIX + "数据更正"
    assert log_note_for_ui(correction) == "更正：数据更正"
    assert log_note_for_ui("由第 12 期复制 (copied forward from issue #12)") == "由第 12 期复制"
    assert log_note_for_ui("客户要求 (client asked)") == "客户要求 (client asked)"  # a reason typed by a user
    assert log_note_for_ui(None) is None and log_note_for_ui("") == ""
    install_translations(workbench_qapp, ENGLISH)
    try:
        assert log_note_for_ui(correction) == correction
    finally:
        install_translations(workbench_qapp, CHINESE)


# ---------------------------------------------------------------------- the import dialog
def test_an_unsupported_file_type_reads_chinese_only_in_the_import_dialog(qtbot, session, tmp_path):
    from ui.dialogs.importing import ImportDialog

    path = tmp_path / "quotes.json"
    path.write_text("代码,名称,日期,收盘价\n000300.SH,沪深300,2025-01-03,3775.16\n", encoding="utf-8")
    dialog = ImportDialog(session, None, paths=[str(path)])
    qtbot.addWidget(dialog)
    texts = [dialog.problem_list.topLevelItem(i).text(3) for i in range(dialog.problem_list.topLevelItemCount())]
    assert texts, "the .json file is refused"
    assert "请使用 .xlsx 或 .csv" in texts[0]
    assert [w for w in english_words(texts[0]) if w not in ("xlsx", "csv", "json")] == []


@pytest.mark.parametrize("text, expected", [
    ("不支持的文件类型 (unsupported file type) .txt: 请使用 .xlsx 或 .csv (use .xlsx or .csv)",
     "不支持的文件类型 .txt: 请使用 .xlsx 或 .csv"),
    ("共 3 项 (3 items)", "共 3 项"),
])
def test_a_gloss_after_a_file_extension_or_number_closing_chinese_text_is_dropped(text, expected):
    assert strip_glosses(text) == expected


@pytest.mark.parametrize("text", [
    "文件 a b (copy).csv",            # a file name with a parenthesis
    "文件 report.csv (copy)",         # a word after a file name is not a gloss of Chinese
    "Wind .csv (sample data)",        # no Chinese before it
])
def test_what_follows_a_file_name_is_kept(text):
    assert strip_glosses(text) == text


# ---------------------------------------------------------------------- the diff view
def test_the_diff_view_labels_read_chinese_only(qtbot, demo_path):
    from ui.diff_view import DiffView
    from workbench.drafting.diff import diff_issues
    from workbench.drafting.lifecycle import change_status, copy_forward
    from workbench.store import Store

    with Store(demo_path) as s:
        s.set_fact("688608.SH", "eps", "2025E", 0.76, as_of="2024-12-27")  # the forecast week one stood on
        change_status(s, 1, "review", by="tester")
        change_status(s, 1, "final", by="tester")  # its numbers frozen: the live forecast below differs
        new = copy_forward(s, 1, by="编辑")
        issue = s.issue(new.id)
        issue.headline = "周观点：新一周的标题"
        issue.rating_action = "上调"
        issue.themes = [replace(issue.themes[0], tickers=issue.themes[0].tickers[:1]), *issue.themes[1:]]
        s.save_issue(issue)
        s.set_fact("688608.SH", "eps", "2025E", 0.84)  # a revised forecast
        s.set_fact("688608.SH", "pe", "2025E", 58.0)
        cli_meta = [m[0] for m in diff_issues(s, 1, new.id).meta]
    assert "标题 headline" in cli_meta  # the command line keeps both languages
    view = DiffView(demo_path)
    qtbot.addWidget(view)
    view.compare(1, new.id)
    meta = view.changes_tree.topLevelItem(0)
    labels = [meta.child(i).text(0) for i in range(meta.childCount())]
    assert "标题" in labels and "评级变动" in labels
    picks = [t for t in labels if t.startswith("主题标的")]
    assert picks and picks[0] == f"主题标的 · {issue.themes[0].name}"
    assert not [w for t in labels for w in english_words(t.partition(" · ")[0])], labels
    tips = [view.model.data(view.model.index(r, 0), 3) for r in range(view.model.rowCount())]  # ToolTipRole
    assert tips and all("forecast" not in t for t in tips)
    assert any("预测" in t for t in tips)


def test_label_for_ui_keeps_a_user_s_theme_name_whole():
    assert label_for_ui("主题标的 picks · AI 算力 compute") == "主题标的 · AI 算力 compute"
    assert label_for_ui("评级变动 rating action") == "评级变动"
    assert label_for_ui("营业收入 2023") == "营业收入 2023"


# ---------------------------------------------------------------------- the notes view
def test_the_notes_view_s_read_only_refusal_reads_chinese_only(qtbot, demo_path, monkeypatch):
    import workbench.store.access as access
    from ui.views.notes import NewNoteDialog, NotesView

    monkeypatch.setattr(access, "_writable", lambda path: False)  # as in a read-only folder
    view = NotesView(demo_path)
    qtbot.addWidget(view)
    tip = view.new_button.toolTip().replace(str(demo_path), "")  # the store's path stays as it is
    assert "只读" in tip and not english_words(tip), tip
    dialog = NewNoteDialog(view.store, view, author="林思远", note_date="2024-12-28")
    qtbot.addWidget(dialog)
    dialog.accept()
    error = dialog.error.text().replace(str(demo_path), "")
    assert "只读" in error and not english_words(error), error
