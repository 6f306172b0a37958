"""An undone index merge brings the index back under its own row number when nobody took it since, so
the app's earlier undo steps that name the index by its row (a quote typed, a code set) still undo."""

from __future__ import annotations

import sqlite3

from workbench.edits import MergeIndices, SetIndexCode, SetQuote
from workbench.store import Store


def _quote(path, index_id, date):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT close FROM quotes WHERE index_id = ? AND date = ?", [index_id, date]).fetchone()
    finally:
        conn.close()


def test_earlier_undo_steps_still_undo_after_the_merge_is_undone(tmp_path):
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        keep = s.upsert_index("中证人工智能主题指数", "930713.CSI")
        drop = s.upsert_index("中证人工智能指数", None)
        s.upsert_index("申万电子", "801080.SI")  # a later row: the freed number is not simply the next one
        s.write_quotes([(drop, "2024-12-27", 1250.0, None, "Wind")])
        typed = SetQuote(drop, "2024-12-30", 1300.0, None)
        with s.batch("edit"):
            typed.apply(s)
        coded = SetIndexCode(drop, "930999.CSI")
        with s.batch("edit"):
            coded.apply(s)
        merge = MergeIndices(keep, drop)
        with s.batch("merge"):
            merge.apply(s)
        with s.batch("undo"):
            merge.revert(s)
        back = s.index("中证人工智能指数")
        assert back["id"] == drop and back["code"] == "930999.CSI"
        with s.batch("undo"):
            coded.revert(s)
        with s.batch("undo"):
            typed.revert(s)
        assert s.index("中证人工智能指数")["code"] is None
    # read back from the file itself: the typed quote is gone, the imported one stays on the index
    assert _quote(db, drop, "2024-12-30") is None and _quote(db, drop, "2024-12-27") == (1250.0,)


def test_a_row_number_taken_since_gives_the_index_a_new_one(tmp_path):
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        keep = s.upsert_index("沪深300", None)
        drop = s.upsert_index("沪深300指数", "000300.SH")
        s.write_quotes([(drop, "2024-12-27", 3981.03, 0.0136, "Choice")])
        s.merge_indices(keep, drop)
        taken = s.upsert_index("创业板指", "399006.SZ")  # SQLite hands the freed last row number out again
        assert taken == drop
        batch = s.index_merges()[-1]["batch_id"]
        s.unmerge_indices(batch)
        back = s.index("沪深300指数")
        assert s.index("创业板指")["id"] == taken and back["id"] != taken
        assert _quote(db, back["id"], "2024-12-27") == (3981.03,)
