"""The conflicts view on an issue conflict's parts: a long part is compared once per pair of texts
(not again on each reload, and only around where the two texts differ), an emptied part reads
空 in the list, a figure is named as the editor names it (no internal keys), a related report's
added （修订版） is marked as one bracketed word, and rows re-fit after a resize.

Conflicts are recorded in a copy of the demo store as a sync records them; the expected words are
read from the issue and the store independently of the view.
"""

from __future__ import annotations

import difflib
import json

from ui.desk.conflicts_view import ConflictsView
from workbench.domain.issue import Issue
from workbench.store import sync_state as state


def record(store, server_id, tbl, key, mine, theirs):
    with store.transaction():
        state.record_conflicts(store, [{
            "id": server_id, "tbl": tbl, "key": key, "kind": "conflict", "mine": mine, "theirs": theirs,
            "by": "zhang", "at": "2026-11-30 06:44:12.5+00", "theirs_by": "wang",
            "theirs_at": "2026-11-30T06:41:40+00:00", "message": None}])


def with_content(image, **changes):
    content = json.loads(image["content"])
    content.update(changes)
    return {**image, "content": json.dumps(content, ensure_ascii=False, sort_keys=True)}


def latest(store):
    _, uid = state.issue_uid(store, "latest")
    return uid, state.current_image(store, ("issues", uid))


def cells(view, conflict_id):
    for row in range(view.table.rowCount()):
        if int(view.table.item(row, 0).text()) == conflict_id:
            return [view.table.item(row, col).text() for col in range(view.COLUMNS)]
    raise AssertionError(conflict_id)


class _Counting(difflib.SequenceMatcher):
    calls: list = []

    def __init__(self, isjunk=None, a="", b="", autojunk=True):
        _Counting.calls.append((a, b))
        super().__init__(isjunk, a, b, autojunk)


def test_a_long_part_is_compared_once_per_pair_and_only_where_it_differs(qtbot, demo_store, monkeypatch):
    uid, issue = latest(demo_store)
    review = "".join(chr(0x4E00 + i) for i in range(3000))  # distinct characters, as a long pasted review
    for n in range(1, 4):
        record(demo_store, n, "issues", uid,
               with_content(issue, market_review=review[:1500] + f"我方第{n}稿" + review[1500:]),
               with_content(issue, market_review=review[:1500] + f"团队第{n}稿" + review[1500:]))
    _Counting.calls = []
    monkeypatch.setattr(difflib, "SequenceMatcher", _Counting)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    for n in range(1, 4):
        view.select_conflict(n)
    first = list(_Counting.calls)
    assert first, "the parts were compared"
    # each pair of texts a conflict shows compared once (this store's against the desk's, each way, and
    # against the issue as the desk now has it), not about
    # twenty times as when every window, summary and the detail pane compared it anew
    assert len(first) <= 4 * 3, len(first)
    # only the differing middle is compared, never the text both sides share
    shared_start, shared_end = review[:1500], review[1500:]
    assert not any(shared_start in a and shared_start in b or shared_end in a and shared_end in b
                   for a, b in first)
    view.reload()
    for n in range(1, 4):
        view.select_conflict(n)
    assert _Counting.calls == first, "a reload compared the same texts again"
    # the marks still read as before: each side's own words in 〖〗
    _, _, _, mine, theirs = cells(view, 2)
    assert "〖我方〗第2稿" in mine or "〖我方第2稿〗" in mine or "〖我方〗" in mine, mine
    assert "团队" in theirs and "〖" in theirs, theirs


def test_an_emptied_part_reads_empty_not_a_blank(qtbot, demo_store):
    uid, issue = latest(demo_store)
    review = Issue.from_row({**issue, "analysts": None}, []).market_review
    assert review
    record(demo_store, 1, "issues", uid, with_content(issue, market_review=""), issue)
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    _, _, _, mine, theirs = cells(view, 1)
    assert "市场回顾：空" in mine.split("\n"), mine
    assert "〖〗" not in mine
    assert "市场回顾：" in theirs and review[:5] in theirs, theirs


def test_a_figure_is_named_as_the_editor_names_it(qtbot, demo_store):
    uid, issue = latest(demo_store)
    content = json.loads(issue["content"])
    figure = content["figures"][0]
    figures = [{**figure, "title": figure["title"] + "（更新）"}, *content["figures"][1:]]
    related = content["related"]
    retitled = [{**related[0], "title": related[0]["title"] + "（修订版）"}, *related[1:]]
    record(demo_store, 1, "issues", uid, issue, with_content(issue, figures=figures, related=retitled))
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    view.select_conflict(1)
    _, _, _, mine, theirs = cells(view, 1)
    detail = view.detail.toPlainText()
    internal = [figure["kind"], figure.get("dataset")]
    for text in (mine, theirs, detail):
        for key in internal:
            if key:
                assert key not in text, (key, text)
    assert figure["kind"] == "dataset_bars"
    dataset_title = demo_store.dataset(figure["dataset"])["title"]
    assert any(ln.startswith("图表 1：") and dataset_title in ln for ln in theirs.split("\n")), theirs
    assert any(dataset_title in ln for ln in detail.split("\n")), detail
    # the added （修订版） is marked as one bracketed word
    assert "〖（修订版）〗" in theirs, theirs


def test_rows_refit_after_a_resize(qtbot, demo_store):
    uid, issue = latest(demo_store)
    review = Issue.from_row({**issue, "analysts": None}, []).market_review
    record(demo_store, 1, "issues", uid, with_content(issue, market_review=review + "补充一句。" * 20),
           with_content(issue, market_review="另写" + review))
    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.resize(700, 500)
    qtbot.wait(50)
    narrow = view.table.rowHeight(0)
    view.resize(1400, 500)
    qtbot.wait(50)
    wide = view.table.rowHeight(0)
    assert wide == view.table.sizeHintForRow(0)  # fitted to the wrap at the shown widths
    assert wide < narrow


def test_it_opens_using_most_of_the_screen(qtbot, demo_store):
    from ui.common.geometry import available_area

    view = ConflictsView(demo_store, lambda *_: None)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    area = available_area(view)
    assert area is not None
    # most of the available area (less its frame), never past it
    assert view.frameGeometry().height() >= 0.8 * area.height(), (view.size(), area)
    assert view.frameGeometry().width() >= 0.8 * area.width() or view.width() >= 1200, (view.size(), area)
    assert view.frameGeometry().height() <= area.height() and view.frameGeometry().width() <= area.width()
