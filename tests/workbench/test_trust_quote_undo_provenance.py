"""Undo and redo of an index quote put the row back exactly: the close, the change, the source and
the file's row and columns, as an undo of a figure does. An imported close undone never turns into
one typed by hand (手工录入) in the market review's 数据来源 or in `workbench trace`.

The truth is the quote row read with plain sqlite3 before the edit, in a store built and imported
with the command line (`workbench demo`, `workbench import` of the reference issue's quotes)."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.edits import (MANUAL_SOURCE, Batch, ChangedSince, DeleteQuotes, MergeIndices, SetQuote, apply_edit,
                             revert_edit)
from workbench.store import Store

SEED = Path(__file__).resolve().parents[2] / "resources" / "demo" / "index_quotes.csv"  # the reference issue's quotes
DAY = "2024-12-27"


def cli(*args, cwd):
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("WORKBENCH_DB", None)
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=180)


@pytest.fixture(scope="module")
def imported_template(tmp_path_factory):
    """A demo store with the reference issue's index quotes imported by the command line."""
    folder = tmp_path_factory.mktemp("quotes")
    db = folder / "store.sqlite"
    made = cli("demo", "--db", db, "--force", cwd=folder)
    assert made.returncode == 0, made.stderr
    imported = cli("import", SEED, "--db", db, cwd=folder)
    assert imported.returncode == 0, imported.stderr
    with Store(db) as s:
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture
def db(tmp_path, imported_template):
    target = tmp_path / "store.sqlite"
    shutil.copy(imported_template, target)
    return target


def seed_rows() -> dict[str, int]:
    """Each index code of the seed file with the spreadsheet row its quote is on (the header is row 1)."""
    with SEED.open(encoding="utf-8") as fh:
        return {r["index_code"]: n for n, r in enumerate(csv.DictReader(fh), start=2)}


def raw_quote(path, code: str, day: str = DAY, *, name: str | None = None) -> dict | None:
    """Every column of one quote as SQLite holds it (the index named by code, or by name)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        where = "i.name = ?" if name is not None else "i.code = ?"
        row = conn.execute(f"SELECT q.* FROM quotes q JOIN indices i ON i.id = q.index_id WHERE {where} "
                           "AND q.date = ?", [name if name is not None else code, day]).fetchone()
        return dict(row) if row is not None else None
    finally:
        conn.close()


def imported(path, code: str) -> dict:
    """The quote as the import left it: checked against the seed file so the test cannot pass on a typed one."""
    row = raw_quote(path, code)
    assert row is not None
    assert row["source"] == SEED.name and row["src_row"] == seed_rows()[code]
    assert row["src_close_col"] == "close" and row["src_change_col"] == "weekly_change"
    return row


def trace(path, code: str, field: str = "close") -> list[str]:
    out = cli("trace", code, field, DAY, "--db", path, cwd=Path(path).parent)
    assert out.returncode == 0, out.stderr
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


def verified(path) -> None:
    out = cli("verify", "--db", path, cwd=Path(path).parent)
    assert out.returncode == 0, out.stdout + out.stderr


def assert_undo_logged_as_the_import(store, code: str, before: dict, field: str = "close") -> None:
    """The log's last entry of the field is the undo, naming the file's source, row and column."""
    last = store.quote_history(store.index(code), DAY, field)[-1]
    assert last["origin"] == "undo"
    assert (last["source"], last["row"], last["col"]) == (before["source"], before["src_row"],
                                                          before[f"src_{field}_col"])


@pytest.mark.parametrize("field", ["close", "change"])
def test_undo_of_a_quote_edit_puts_back_every_column_and_redo_the_edit(db, field):
    before = imported(db, "000001.SH")
    with Store(db) as s:
        index_id = s.index("000001.SH")["id"]
        close, change = (3401.0, before["change"]) if field == "close" else (before["close"], 0.0101)
        edit = SetQuote(index_id, DAY, close, change)
        apply_edit(s, edit, by="alice")
        edited = raw_quote(db, "000001.SH")
        assert (edited["close"], edited["change"], edited["source"]) == (close, change, MANUAL_SOURCE)
        revert_edit(s, edit, by="alice")
        assert raw_quote(db, "000001.SH") == before
        assert_undo_logged_as_the_import(s, "000001.SH", before, field)
        apply_edit(s, edit, origin="redo", by="alice")
        assert raw_quote(db, "000001.SH") == edited
        revert_edit(s, edit, by="alice")
        assert raw_quote(db, "000001.SH") == before
    lines = trace(db, "000001.SH", field)
    assert "撤销 undo" in lines[-1]
    assert MANUAL_SOURCE not in lines[-1] and SEED.name in lines[-1]
    assert f"行 row {before['src_row']}" in lines[-1]
    verified(db)


def test_undo_of_a_quote_delete_puts_back_every_column(db):
    codes = ("000001.SH", "399001.SZ")
    before = {c: imported(db, c) for c in codes}
    with Store(db) as s:
        edit = DeleteQuotes([(s.index(c)["id"], DAY) for c in codes])
        apply_edit(s, edit, origin="delete")
        assert all(raw_quote(db, c) is None for c in codes)
        revert_edit(s, edit)
        assert {c: raw_quote(db, c) for c in codes} == before
        for c in codes:
            assert_undo_logged_as_the_import(s, c, before[c])
        apply_edit(s, edit, origin="redo")
        assert all(raw_quote(db, c) is None for c in codes)
        revert_edit(s, edit)
        assert {c: raw_quote(db, c) for c in codes} == before
    assert "撤销 undo" in trace(db, "000001.SH")[-1] and MANUAL_SOURCE not in trace(db, "000001.SH")[-1]
    verified(db)


def test_undo_of_a_pasted_range_of_quotes_puts_back_every_row(db):
    codes = ("000001.SH", "399001.SZ", "399006.SZ")
    before = {c: imported(db, c) for c in codes}
    with Store(db) as s:
        edit = Batch([SetQuote(s.index(c)["id"], DAY, before[c]["close"] + 1.0, before[c]["change"]) for c in codes])
        apply_edit(s, edit, origin="paste")
        assert all(raw_quote(db, c)["source"] == MANUAL_SOURCE for c in codes)
        revert_edit(s, edit)
    assert {c: raw_quote(db, c) for c in codes} == before
    verified(db)


def test_undo_of_a_quote_edit_refuses_over_a_later_change_of_its_source(db):
    """Another program named another source for the typed close since: putting the old row back
    would wipe that, so the undo is refused as over a later change of the close (a figure's too)."""
    before = imported(db, "000001.SH")
    with Store(db) as s:
        edit = SetQuote(s.index("000001.SH")["id"], DAY, 3401.0, before["change"])
        apply_edit(s, edit)
        conn = sqlite3.connect(db)
        conn.execute("UPDATE quotes SET source = 'vendor.csv', src_row = 7 WHERE index_id = ? AND date = ?",
                     [edit.index_id, DAY])
        conn.commit()
        conn.close()
        kept = raw_quote(db, "000001.SH")
        with pytest.raises(ChangedSince) as err:
            revert_edit(s, edit)
    assert "未撤销" in str(err.value)
    assert raw_quote(db, "000001.SH") == kept


def test_undo_of_an_index_merge_puts_back_every_column_of_its_quotes(db, tmp_path):
    """A merged index's quotes come back with their file's row and columns: the one moved to the kept
    index and the one dropped because the kept index held the same close that day."""
    other = tmp_path / "old.csv"
    other.write_text("代码,名称,日期,收盘价,涨跌幅\n,上证老口径,2024-12-20,3368.07,0.50%\n"
                     f",上证老口径,{DAY},3400.14,0.95%\n", encoding="utf-8")
    done = cli("import", other, "--db", db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    before = {d: raw_quote(db, None, d, name="上证老口径") for d in ("2024-12-20", DAY)}
    assert [(r["source"], r["src_row"], r["src_close_col"]) for r in before.values()] == [
        ("old.csv", 2, "收盘价"), ("old.csv", 3, "收盘价")]
    kept = imported(db, "000001.SH")
    with Store(db) as s:
        edit = MergeIndices(s.index("000001.SH")["id"], s.index("上证老口径")["id"])
        apply_edit(s, edit, origin="merge")
        assert raw_quote(db, None, DAY, name="上证老口径") is None
        revert_edit(s, edit)
        back_id = s.index("上证老口径")["id"]
    back = {d: raw_quote(db, None, d, name="上证老口径") for d in ("2024-12-20", DAY)}
    assert back == {d: {**r, "index_id": back_id} for d, r in before.items()}
    assert raw_quote(db, "000001.SH") == kept
    verified(db)


def test_redo_of_a_quote_delete_refuses_over_a_quote_changed_since_the_undo(db):
    """Deleting again would lose a close another program wrote after the undo: nothing is redone."""
    before = imported(db, "000001.SH")
    with Store(db) as s:
        edit = DeleteQuotes([(s.index("000001.SH")["id"], DAY)])
        apply_edit(s, edit, origin="delete")
        revert_edit(s, edit)
        assert raw_quote(db, "000001.SH") == before
        with Store(db) as other:
            with other.batch("import", by="bob", file="week.csv"):
                other.set_quote(edit.keys[0][0], DAY, 3444.44, before["change"])
        kept = raw_quote(db, "000001.SH")
        assert kept["close"] == 3444.44
        with pytest.raises(ChangedSince) as err:
            apply_edit(s, edit, origin="redo")
    assert raw_quote(db, "000001.SH") == kept
    assert "未重做" in str(err.value) and "上证指数" in str(err.value) and DAY in str(err.value)
