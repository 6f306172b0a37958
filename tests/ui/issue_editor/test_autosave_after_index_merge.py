"""An autosave written before an index merge names the removed index; restoring it after the merge names
the index the merge kept (as the merge re-pointed the stored draft), and the restore question says so.
An autosave of an index merged and then unmerged again keeps its name.

Truth is independent of the code under test: the indices and the saved issue read from the store file
with plain sqlite3.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

DROP, KEEP = "中证人工智能指数", "中证人工智能主题指数"
TYPED = "周观点：合并前打的标题"


class Answers:
    def __init__(self, answer=True):
        self.answer, self.asked = answer, []

    def __call__(self, parent, title, text):
        self.asked.append(text)
        return self.answer


def _type(widget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _index_names(path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM indices")}


def _stored(path) -> tuple[str, dict]:
    with closing(sqlite3.connect(path)) as conn:
        headline, content = conn.execute("SELECT headline, content FROM issues WHERE id = 1").fetchone()
    return headline, json.loads(content)


def _names_in(content: dict) -> list:
    return [*content.get("review_indices", []), content.get("sector_index"), content.get("cover_index"),
            *((f.get("params") or {}).get("index") for f in content.get("figures", []))]


def _autosave_naming_drop(make_editor, demo_path, qtbot):
    """The demo draft names DROP (reviewed, the sector index); an editor types a headline, its autosave is
    written, and the app dies before saving."""
    from workbench.store import Store

    with Store(demo_path) as s:
        keep = s.upsert_index(KEEP, "930713.CSI")
        s.write_quotes([(keep, "2024-12-30", 1315.2, None, "Wind")])
        issue = s.issue(1)
        issue.review_indices = [DROP, "沪深300"]
        issue.sector_index = DROP
        s.save_issue(issue, keep_status=True)
    first = make_editor(1, autosave_ms=30)
    first.headline.selectAll()
    with qtbot.waitSignal(first.autosaved, timeout=3000):
        _type(first.headline, TYPED)
    first.autosave.stop()  # the app dies: nothing more of it runs
    first.store.close()
    first.store = None
    assert DROP in _names_in(_stored(demo_path)[1])


def _merge(demo_path):
    from workbench.index_ops import merge
    from workbench.store import Store

    with Store(demo_path) as s:
        merge(s, s.index(KEEP), s.index(DROP), by="ed")
    assert DROP not in _index_names(demo_path) and KEEP in _index_names(demo_path)


def test_restoring_an_autosave_after_a_merge_names_the_kept_index(make_editor, demo_path, qtbot):
    _autosave_naming_drop(make_editor, demo_path, qtbot)
    _merge(demo_path)
    answers = Answers(True)
    editor = make_editor(1, confirm=answers)
    assert len(answers.asked) == 1
    assert DROP in answers.asked[0] and KEEP in answers.asked[0], answers.asked[0]  # the question says so
    assert editor.headline.text() == TYPED
    assert editor.save()
    headline, content = _stored(demo_path)
    assert headline == TYPED  # the restored text is kept
    names = _names_in(content)
    assert DROP not in names, names  # nothing names an index the store no longer holds
    assert content["review_indices"] == [KEEP, "沪深300"] and content["sector_index"] == KEEP
    assert {n for n in names if n} <= _index_names(demo_path)


def test_an_autosave_of_an_index_merged_and_unmerged_keeps_its_name(make_editor, demo_path, qtbot):
    from workbench.store import Store

    _autosave_naming_drop(make_editor, demo_path, qtbot)
    _merge(demo_path)
    with Store(demo_path) as s:
        batch = s.index_merges(DROP)[0]["batch_id"]
        s.unmerge_indices(batch, by="ed")
    assert DROP in _index_names(demo_path)
    answers = Answers(True)
    editor = make_editor(1, confirm=answers)
    assert len(answers.asked) == 1 and KEEP not in answers.asked[0]
    assert editor.save()
    _headline, content = _stored(demo_path)
    assert content["review_indices"] == [DROP, "沪深300"] and content["sector_index"] == DROP


def test_an_autosave_differing_only_by_the_merged_name_is_not_offered(make_editor, demo_path, qtbot):
    """Written before the merge with nothing typed since the draft was saved, it holds nothing the
    re-pointed draft does not: dropped, never offered."""
    from workbench.store import Store

    with Store(demo_path) as s:
        keep = s.upsert_index(KEEP, "930713.CSI")
        s.write_quotes([(keep, "2024-12-30", 1315.2, None, "Wind")])
        issue = s.issue(1)
        issue.review_indices = [DROP, "沪深300"]
        s.save_issue(issue, keep_status=True)
        s.autosave(s.issue(1))
    _merge(demo_path)
    assert _stored(demo_path)[1]["review_indices"] == [KEEP, "沪深300"]
    answers = Answers(True)
    make_editor(1, confirm=answers)
    assert answers.asked == []
    with closing(sqlite3.connect(demo_path)) as conn:
        assert conn.execute("SELECT count(*) FROM autosaves WHERE issue_id = 1").fetchone()[0] == 0
