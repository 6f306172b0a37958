"""`workbench index unmerge`: the handler in workbench/index_ops.py, driven through its own parser."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest

from workbench.errors import NotFound, ValidationError, WorkbenchError
from workbench.index_ops import register_unmerge
from workbench.store import Store


def run(*argv):
    parser = argparse.ArgumentParser(prog="workbench index")
    sub = parser.add_subparsers(dest="index_command", required=True)
    register_unmerge(sub, lambda p: p.add_argument("--db", type=Path, required=True))
    args = parser.parse_args([str(a) for a in argv])
    return args.handler(args)


def rows(path):
    conn = sqlite3.connect(path)
    try:
        return (sorted(conn.execute("SELECT uid, code, name, is_benchmark FROM indices")),
                sorted(conn.execute("SELECT i.name, q.date, q.close, q.change, q.source FROM quotes q "
                                    "JOIN indices i ON i.id = q.index_id")))
    finally:
        conn.close()


@pytest.fixture
def merged(tmp_path):
    """A store file where 沪深300指数 (two quotes, one shared with the kept index) was merged into 沪深300."""
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        keep = s.upsert_index("沪深300", None)
        drop = s.upsert_index("沪深300指数", "000300.SH")
        s.write_quotes([(keep, "2024-12-20", 3927.61, None, "Wind"), (drop, "2024-12-20", 3927.61, None, "Wind"),
                        (drop, "2024-12-27", 3981.03, 0.0136, "Choice")])
    before = rows(db)
    with Store(db) as s:
        s.merge_indices(keep, drop)
    return db, before


def test_unmerge_by_the_removed_name_or_code_restores_the_store(merged, capsys):
    db, before = merged
    assert run("unmerge", "000300.SH", "--db", db) == 0
    assert "沪深300指数" in capsys.readouterr().out
    assert rows(db) == before


def test_list_then_unmerge_by_batch(merged, capsys):
    db, before = merged
    assert run("unmerge", "--list", "--db", db) == 0
    header, line = capsys.readouterr().out.strip().splitlines()
    assert "批次 batch" in header and "保留 kept" in header and "合并掉 removed" in header
    # the removed index (code and name) and the one it was merged into, 沪深300 (no code)
    assert line.split("\t")[3:] == ["000300.SH", "沪深300指数", "沪深300"]
    batch = int(line.split()[2])
    assert run("unmerge", "--batch", batch, "--db", db) == 0
    assert rows(db) == before


def test_refusals_name_the_problem_and_change_nothing(merged, tmp_path):
    db, _ = merged
    with Store(db) as s:
        s.set_quote(s.index("沪深300")["id"], "2024-12-27", 3990.0, 0.0136)
    after_edit = rows(db)
    with pytest.raises(ValidationError, match="2024-12-27"):
        run("unmerge", "沪深300指数", "--db", db)
    assert rows(db) == after_edit
    with pytest.raises(NotFound, match="中证800"):
        run("unmerge", "中证800", "--db", db)
    with pytest.raises(WorkbenchError, match="--batch"):
        run("unmerge", "--db", db)
    with pytest.raises(WorkbenchError, match="store not found"):
        run("unmerge", "沪深300指数", "--db", tmp_path / "missing.sqlite")
    assert rows(db) == after_edit


def test_keep_names_a_kept_index_renamed_since(tmp_path):
    db = tmp_path / "s.sqlite"
    with Store(db) as s:  # nothing of the kept index changes in the merge: the log names it by its code
        keep = s.upsert_index("沪深300", "000300.SH")
        drop = s.upsert_index("沪深300指数", None)
        s.write_quotes([(drop, "2024-12-27", 3981.03, 0.0136, "Choice")])
        s.merge_indices(keep, drop)
        s.set_index_code(keep, "000300.CSI")
    before = rows(db)
    with pytest.raises(NotFound, match="--keep"):
        run("unmerge", "沪深300指数", "--db", db)
    assert rows(db) == before
    assert run("unmerge", "沪深300指数", "--keep", "000300.CSI", "--db", db) == 0
    indices, quotes = rows(db)
    assert sorted((name, code) for _, code, name, _ in indices) == [("沪深300", "000300.CSI"), ("沪深300指数", None)]
    assert quotes == [("沪深300指数", "2024-12-27", 3981.03, 0.0136, "Choice")]


def test_list_without_merges_says_so(tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        s.upsert_index("沪深300", None)
    assert run("unmerge", "--list", "--db", db) == 0
    assert capsys.readouterr().out.strip() == "没有合并记录 (no merges)"


def test_list_of_one_index_that_was_never_merged_says_so(merged, capsys):
    db, _ = merged
    assert run("unmerge", "中证800", "--list", "--db", db) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("没有合并记录 (no merges)") and "中证800" in out
