"""The note beside a drafted market review (a Wind daily export whose 涨跌幅 column is the day's, not
the week's) speaks Chinese only in the Chinese interface, and every note can be read in full within
the Text tab, on a 1366x768 laptop too."""

from __future__ import annotations

import re

import pytest

QUOTES = """日期,指数代码,指数名称,收盘价,涨跌幅(%)
2024-12-30,000001.SH,上证指数,3407.33,0.21
2024-12-31,000001.SH,上证指数,3351.76,-1.63
2025-01-02,000001.SH,上证指数,3262.56,-2.66
2025-01-03,000001.SH,上证指数,3211.43,-1.57
2024-12-30,399001.SZ,深证成指,10666.43,0.06
2024-12-31,399001.SZ,深证成指,10414.61,-2.36
2025-01-02,399001.SZ,深证成指,10088.06,-3.14
2025-01-03,399001.SZ,深证成指,9897.12,-1.89
2024-12-30,399006.SZ,创业板指,2210.08,0.23
2024-12-31,399006.SZ,创业板指,2141.60,-3.10
2025-01-02,399006.SZ,创业板指,2060.55,-3.78
2025-01-03,399006.SZ,创业板指,2012.48,-2.33
2024-12-30,000300.SH,沪深300,3970.11,-0.27
2024-12-31,000300.SH,沪深300,3934.91,-0.89
2025-01-02,000300.SH,沪深300,3820.04,-2.92
2025-01-03,000300.SH,沪深300,3775.16,-1.17
2024-12-30,,中证人工智能指数,1318.47,-0.22
2024-12-31,,中证人工智能指数,1282.90,-2.70
2025-01-02,,中证人工智能指数,1221.36,-4.80
2025-01-03,,中证人工智能指数,1190.02,-2.57
"""

GLOSS = re.compile(r"\s*\([^()]*[A-Za-z]{3,}[^()]*\)\s*$")  # a trailing (English gloss)


@pytest.fixture
def week_two(demo_path, tmp_path):
    """A week whose quotes file carries each day's 涨跌幅, copied forward from the demo issue."""
    from workbench.drafting.lifecycle import copy_forward
    from workbench.imports import import_files
    from workbench.store import Store

    src = tmp_path / "wind_daily_20250103.csv"
    src.write_text(QUOTES, encoding="utf-8")
    with Store(demo_path) as s:
        import_files(s, [src], as_of="2025-01-03")
        return copy_forward(s, 1, by="林思远").id


def test_every_note_is_chinese_only_and_readable_whole(make_editor, week_two, demo_path, qtbot, tmp_path):
    from workbench.analysis.review import draft_market_review_result
    from workbench.store import Store

    editor = make_editor(week_two)
    editor.resize(1366, 740)
    editor.show()
    qtbot.waitExposed(editor)
    assert editor.draft_market_review()
    qtbot.wait(50)
    with Store(demo_path) as s:
        notes = draft_market_review_result(s, editor.current_issue()).notes
    assert len(notes) >= 4  # the test's week: each index's file change disagrees with its closes
    label = editor.review_note
    text = label.text()
    editor.grab().save(str(tmp_path / "note.png"))
    for note in notes:
        chinese = GLOSS.sub("", note)
        assert chinese != note  # the core's note carries its English gloss
        assert chinese in text
    assert not re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}", text)  # no English words left
    # every line can be read: the label is as tall as its wrapped text needs, and the last line can be
    # brought into view inside the Text tab
    assert label.height() >= label.heightForWidth(label.width())
    from PySide6.QtWidgets import QScrollArea

    area = next((w for w in _ancestors(label) if isinstance(w, QScrollArea) and w.widget() is label), None)
    if area is not None:
        area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
        qtbot.wait(20)
    shown = label.visibleRegion().boundingRect()
    assert shown.bottom() >= label.height() - 2 and shown.top() <= label.height() - 20
    assert editor.market_review_edit.height() >= 3 * editor.market_review_edit.fontMetrics().lineSpacing()


def _ancestors(widget):
    while widget is not None:
        widget = widget.parentWidget()
        yield widget
