"""`workbench index unmerge --list` says which merges were undone since (the removed index came back:
by `index unmerge` or Undo), when and by whom; a merge made again after its undo is listed as standing.

Through the command line (``main``) on the demo store; the truth is the indices table and the change log
read with sqlite3."""

from __future__ import annotations

import sqlite3

from workbench.cli import main


def _listing(capsys, db) -> list[list[str]]:
    capsys.readouterr()
    assert main(["index", "unmerge", "--list", "--db", db]) == 0
    return [line.split("\t") for line in capsys.readouterr().out.strip().splitlines()[1:]]


def test_an_undone_merge_is_listed_as_undone(demo_path, tmp_path, capsys):
    db = str(demo_path)
    quotes = tmp_path / "q.csv"
    quotes.write_text("代码,名称,日期,收盘价\n,电子行业指数,2020-06-01,4412.3\n", encoding="utf-8")
    assert main(["import", str(quotes), "--db", db]) == 0
    assert main(["index", "merge", "申万电子", "电子行业指数", "--db", db]) == 0
    [row] = _listing(capsys, db)
    assert "已撤销" not in "\t".join(row)
    assert main(["index", "unmerge", "电子行业指数", "--db", db]) == 0
    with sqlite3.connect(db) as conn:  # the removed index is back
        assert conn.execute("SELECT count(*) FROM indices WHERE name = '电子行业指数'").fetchone() == (1,)
    [row] = _listing(capsys, db)
    assert "已撤销" in row[-1] and "undone" in row[-1], row
    # merged again: the new merge stands, the old one stays undone
    assert main(["index", "merge", "申万电子", "电子行业指数", "--db", db]) == 0
    rows = _listing(capsys, db)
    assert len(rows) == 2
    assert "已撤销" not in "\t".join(rows[0]) and "已撤销" in rows[1][-1], rows
