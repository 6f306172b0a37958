"""The main window and an issue's open editor agree: an export or 新建下周周报 from the main window
takes the editor's unsaved text (saved first, as the editor's own export does), and a store change
made from the main window (an import, a typed figure or quote) marks the editor's preview and
preflight out of date, so they never show figures the export will not print."""

from __future__ import annotations

import pytest

NEW_HEADLINE = "周观点：编辑器里改好而未保存的新标题"


@pytest.fixture
def dirty_editor(window, qtbot):
    """Issue 1 open in its editor, its headline changed and not saved."""
    editor = window.open_issue_editor(1)
    qtbot.addWidget(editor)
    editor.headline.setText(NEW_HEADLINE)
    assert editor.has_unsaved_changes()
    return editor


def test_main_window_pdf_export_prints_the_editor_s_unsaved_headline(window, dirty_editor, qtbot, tmp_path):
    from pypdf import PdfReader

    from workbench.report import ExportResult

    out = tmp_path / "issue.pdf"
    with qtbot.waitSignal(window.export_done, timeout=60000) as blocker:
        window.export_pdf(1, out_path=str(out))
    assert isinstance(blocker.args[0], ExportResult), blocker.args[0]
    first_page = PdfReader(str(out)).pages[0].extract_text().replace("\n", "")
    assert NEW_HEADLINE.split("：", 1)[1] in first_page  # the cover prints the text typed in the editor
    assert not dirty_editor.has_unsaved_changes()
    assert window.session.store.issue(1).headline == NEW_HEADLINE  # saved, as the editor's own export saves


def test_main_window_table_export_takes_the_editor_s_unsaved_table_title(window, qtbot, tmp_path):
    from openpyxl import load_workbook

    editor = window.open_issue_editor(1)
    qtbot.addWidget(editor)
    title = "先进科技可比公司估值表（编辑器中未保存）"
    editor.table_editor.title.setText(title)
    assert editor.has_unsaved_changes()
    out = tmp_path / "table.xlsx"
    with qtbot.waitSignal(window.exports.table_export_done, timeout=60000) as blocker:
        window.export_table_xlsx(1, out_path=str(out))
    assert not isinstance(blocker.args[0], BaseException), blocker.args[0]
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row if c]
    assert f"【草稿】{title}" in cells  # the demo issue is a draft
    assert not editor.has_unsaved_changes()


def test_a_refused_save_stops_the_export_and_shows_the_editor(window, dirty_editor, qtbot, tmp_path):
    dirty_editor.series.setEditText("")  # the core refuses an issue without its series
    out = tmp_path / "issue.pdf"
    assert window.export_pdf(1, out_path=str(out)) is None
    assert not out.exists()
    assert dirty_editor.has_unsaved_changes()
    assert dirty_editor.error_label.isVisible() or dirty_editor.error_label.text()  # the editor says why
    assert window.session.store.issue(1).headline != NEW_HEADLINE  # nothing was saved


def test_next_week_copies_the_editor_s_unsaved_headline(window, dirty_editor, qtbot):
    new_id = window.new_issue_from_last_week()
    assert new_id is not None and new_id != 1
    new = window.session.store.issue(new_id)
    assert new.related and new.related[0].issue_id == 1
    assert NEW_HEADLINE.split("：", 1)[1] in new.related[0].title  # last week's report, as it was typed
    assert window.session.store.issue(1).headline == NEW_HEADLINE
    assert not dirty_editor.has_unsaved_changes()
    window.editors[new_id].close()


# ---------------------------------------------------------------------- store changes reach the editor
TICKER = "300493.SZ"


@pytest.fixture
def rendered_editor(window, qtbot):
    """Issue 1 in its editor with the preview rendered, its 数据来源 shown and a preflight run."""
    editor = window.open_issue_editor(1)
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    qtbot.waitExposed(editor)
    editor.run_preflight()
    editor.side.setCurrentWidget(editor.preview)
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        editor.preview.show_sources()
    assert not editor.preview.is_stale()
    return editor


def printed_value(editor, ticker: str, column_label: str):
    """The value the preview's last render prints in the comparison table for ``ticker``."""
    table, _style = editor.preview._printed
    col = next(i for i, c in enumerate(table.columns) if c.label == column_label)
    return next(r.values[col] for r in table.rows if r.ticker == ticker)


def test_an_import_from_the_main_window_renders_the_editor_s_preview_again(window, rendered_editor, qtbot, tmp_path):
    from workbench.imports import import_files

    editor = rendered_editor
    table, _ = editor.preview._printed
    pe = next(c for c in table.columns if c.metric == "pe")
    old = printed_value(editor, TICKER, pe.label)
    new = round((old or 50.0) + 11.1, 1)
    src = tmp_path / "figures_revised.csv"
    src.write_text(f"ticker,name,pe_{pe.period.lower()}\n{TICKER},润欣科技,{new}\n", encoding="utf-8")
    import_files(window.session.store, [src], as_of="2025-01-03")
    window._on_import_dialog_imported("1 file imported")  # what the import dialog's finish runs
    window.last_message_box.close()
    assert editor.preview.is_stale() and editor.preview.stale_label.isVisible()  # out of date at once
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        pass  # rendered again by itself after the quiet delay
    assert not editor.preview.is_stale()
    assert printed_value(editor, TICKER, pe.label) == pytest.approx(new)
    panel = editor.preview.sources
    row = next(r for r, entry in enumerate(panel._table.rows) if entry.ticker == TICKER)
    col = 2 + next(i for i, c in enumerate(panel._table.columns) if c.label == pe.label)
    assert panel.figures.item(row, col).text() == f"{new:.1f}"  # the 数据来源 list too


def test_a_quote_typed_in_the_main_window_checks_the_editor_s_review_again(window, rendered_editor, qtbot):
    from workbench.report import preflight

    editor = rendered_editor
    store = window.session.store
    before = editor.preflight_panel.result
    assert before is not None
    review_blockers = [f for f in before.blockers if f.field == "market_review"]
    issue = store.issue(1)
    name = issue.review_indices[0]  # the review's indices by name
    last = max((q for q in store.all_quotes() if q["name"] == name and q["date"] <= issue.period_end),
               key=lambda q: q["date"])
    from workbench.edits import SetQuote

    # a close typed over in the main window's 行情 grid: the review's figure is no longer the week's
    window.session.apply(SetQuote(last["index_id"], last["date"], round(last["close"] * 1.1, 2), last["change"]),
                         "edit a close")
    assert editor.preview.is_stale()
    fresh = preflight(store, editor.current_issue())  # what a new check says now
    assert [f.field for f in fresh.blockers if f.field == "market_review"] != \
        [f.field for f in review_blockers]  # the test changes what the check says
    # checked again on a worker once the changes pause: the window never waits for it
    qtbot.waitUntil(lambda: editor.lifecycle.checks.check_task is None and editor.preflight_panel.result is not before,
                    timeout=30000)
    shown = editor.preflight_panel.result
    assert shown is not None and [str(f) for f in shown.blockers] == [str(f) for f in fresh.blockers]
    assert editor.side.currentWidget() is editor.preview  # checked again without taking the user's tab
