"""`workbench index unmerge` on the command line restores every column of each quote as it was
before the merge: a quote the kept index also held on the same date comes back with its source
and its file cell (row, close column, change column), as undo in the app restores it.

Through the CLI on demo stores; the truth is the quote rows read with sqlite3 before the merge. A
merge logged by a release before the change log kept the deleted quote's cell is undone as then
(source, no cell) once the store has upgraded in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.cli import main

SEED = Path(__file__).resolve().parents[2] / "resources" / "demo" / "index_quotes.csv"  # the reference issue's quotes
NEW_MIGRATION = "m037_quote_delete_sources"


def _quotes(path: Path) -> list[tuple]:
    """Every column of every quote, the index named by its uid (its id may change on unmerge)."""
    con = sqlite3.connect(path)
    try:
        cols = [r[1] for r in con.execute("PRAGMA table_info(quotes)") if r[1] != "index_id"]
        assert {"src_row", "src_close_col", "src_change_col", "source"} <= set(cols)
        select = ", ".join(f"q.{c}" for c in cols)
        return sorted(con.execute(f"SELECT i.uid, i.name, {select} FROM quotes q JOIN indices i ON i.id = q.index_id"))
    finally:
        con.close()


def _indices(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute("SELECT uid, code, name, name_en, is_benchmark, sample FROM indices"))
    finally:
        con.close()


def _merged_store(tmp_path: Path) -> tuple[Path, str]:
    """A demo store with the seed's quotes, and a second index (沪深300样本乙) whose file holds the
    seed's 沪深300 quote of 2024-12-27 as it is stored (a copy on the kept index's date) and a week of
    its own; returns the store and the twin's file name."""
    db = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(db), "--force"]) == 0
    assert main(["import", str(SEED), "--db", str(db)]) == 0
    con = sqlite3.connect(db)
    close, change = con.execute("SELECT q.close, q.change FROM quotes q JOIN indices i ON i.id = q.index_id "
                                "WHERE i.code = '000300.SH' AND q.date = '2024-12-27'").fetchone()
    assert con.execute("SELECT count(*) FROM quotes q JOIN indices i ON i.id = q.index_id "
                       "WHERE i.code = '000300.SH' AND q.date = '2025-01-03'").fetchone()[0] == 0
    con.close()
    twin = tmp_path / "twin_quotes.csv"
    twin.write_text("index_code,index_name,week_end,close,weekly_change\n"
                    f"990300.CSI,沪深300样本乙,2025-01-03,4001.5,0.0052\n"
                    f"990300.CSI,沪深300样本乙,2024-12-27,{close!r},{change!r}\n", encoding="utf-8")
    assert main(["import", str(twin), "--db", str(db)]) == 0
    return db, twin.name


def test_cli_unmerge_restores_every_column_of_the_copy_the_kept_index_held(tmp_path, capsys):
    db, twin = _merged_store(tmp_path)
    quotes_before, indices_before = _quotes(db), _indices(db)
    copy = [q for q in quotes_before if q[1] == "沪深300样本乙" and q[2] == "2024-12-27"]
    assert len(copy) == 1
    row = dict(zip(["uid", "name"] + [r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(quotes)")
                                      if r[1] != "index_id"], copy[0]))
    # the file's cell: the twin's third line, its close and change headers
    assert (row["src_row"], row["src_close_col"], row["src_change_col"]) == (3, "close", "weekly_change")
    assert twin in row["source"]

    assert main(["index", "merge", "000300.SH", "990300.CSI", "--db", str(db)]) == 0
    after_merge = _quotes(db)
    assert not any(q[1] == "沪深300样本乙" for q in after_merge)
    assert main(["index", "unmerge", "990300.CSI", "--db", str(db)]) == 0
    capsys.readouterr()
    assert _quotes(db) == quotes_before
    assert _indices(db) == indices_before
    assert main(["verify", "--db", str(db)]) == 0


def test_a_merge_logged_before_the_upgrade_is_undone_with_its_source(tmp_path, monkeypatch, capsys):
    """A store whose merge an earlier release logged (the delete entry named the source only): the
    store upgrades in place on the unmerge, and the copy comes back with its values and source,
    its file cell unknown, as that release's unmerge restored it."""
    from workbench.store.schema import migrations

    assert NEW_MIGRATION in [m.name for m in migrations._migrations]
    earlier = [m for m in migrations._migrations if m.name != NEW_MIGRATION]
    with monkeypatch.context() as m:
        m.setattr(migrations, "_migrations", earlier)
        db, _ = _merged_store(tmp_path)
        quotes_before = _quotes(db)
        assert main(["index", "merge", "000300.SH", "990300.CSI", "--db", str(db)]) == 0
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM _sqlite_migrations WHERE name = ?", [NEW_MIGRATION]).fetchone()[0] == 0
    con.close()

    assert main(["index", "unmerge", "990300.CSI", "--db", str(db)]) == 0
    capsys.readouterr()
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM _sqlite_migrations WHERE name = ?", [NEW_MIGRATION]).fetchone()[0] == 1
    con.close()
    after = _quotes(db)
    copy_key = lambda q: (q[0], q[2])  # noqa: E731  (uid, date)
    before_by_key = {copy_key(q): q for q in quotes_before}
    after_by_key = {copy_key(q): q for q in after}
    assert before_by_key.keys() == after_by_key.keys()
    for key, was in before_by_key.items():
        now = after_by_key[key]
        if was[1] == "沪深300样本乙" and was[2] == "2024-12-27":
            # values and source as before; the cell columns unknown to the earlier log
            assert now[:6] == was[:6] and now[6:] == (None, None, None)
        else:
            assert now == was
    assert main(["verify", "--db", str(db)]) == 0


@pytest.mark.parametrize("field", ["close", "change"])
def test_the_delete_entry_of_a_quote_names_its_cell(tmp_path, field):
    """The change log's delete entry of a quote records the row and the column the value came from
    (as its insert entry does), whatever deleted it."""
    db, twin = _merged_store(tmp_path)
    assert main(["index", "merge", "000300.SH", "990300.CSI", "--db", str(db)]) == 0
    con = sqlite3.connect(db)
    try:
        inserted = con.execute("SELECT src_row, src_col FROM change_log WHERE entity = 'quote' AND op = 'insert' "
                               "AND key1 = '990300.CSI' AND key2 = '2024-12-27' AND key3 = ?", [field]).fetchall()
        deleted = con.execute("SELECT src_row, src_col FROM change_log WHERE entity = 'quote' AND op = 'delete' "
                              "AND key1 = '990300.CSI' AND key2 = '2024-12-27' AND key3 = ?", [field]).fetchall()
    finally:
        con.close()
    assert inserted == [(3, "close" if field == "close" else "weekly_change")]
    assert deleted == inserted
