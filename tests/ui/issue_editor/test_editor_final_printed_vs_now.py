"""The issue editor's preflight of a final issue names a figure its published version printed that the
store now holds otherwise, as `workbench check` of the final does (one home:
workbench.drafting.printed); a final whose figures all stand says nothing of the kind."""

from __future__ import annotations

import json
import sqlite3

from workbench.drafting.lifecycle import change_status
from workbench.edits import SetFact
from workbench.store import Store


def _printed(path, issue_id):
    """(ticker, name, value) of a 2023 revenue the frozen snapshot prints, read with sqlite3."""
    with sqlite3.connect(path) as conn:
        snap = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = ? "
                                       "ORDER BY version DESC LIMIT 1", [issue_id]).fetchone()[0])
    table = snap["table"]
    col = next(i for i, c in enumerate(table["columns"]) if (c["metric"], c["period"]) == ("revenue", "2023A"))
    row = next(r for r in table["rows"] if r["values"][col] is not None)
    return row["ticker"], row["name"], row["values"][col]


def _lines(editor):
    panel = editor.preflight_panel
    return [panel.list.item(r).text() for r in range(panel.list.count())]


def test_the_preflight_of_a_final_names_a_figure_fixed_since(make_editor, demo_path):
    with Store(demo_path) as store:
        issue_id = store.issue("latest").id
        change_status(store, issue_id, "review", by="林思远")
        change_status(store, issue_id, "final", by="王编辑")
    ticker, name, printed = _printed(demo_path, issue_id)
    editor = make_editor(issue_id)
    editor.run_preflight()
    assert not [t for t in _lines(editor) if "库中现为" in t]  # nothing fixed yet: nothing named
    editor.close()
    with Store(demo_path) as store:
        SetFact(ticker, "revenue", "2023A", printed + 5e8).apply(store)  # 5 亿元 more, after publication
    editor = make_editor(issue_id)
    editor.run_preflight()
    named = [t for t in _lines(editor) if "库中现为" in t]
    assert len(named) == 1 and name in named[0] and ticker in named[0] and f"workbench correct {issue_id}" in named[0]
