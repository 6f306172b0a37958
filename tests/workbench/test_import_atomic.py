"""An import of several files lands whole or not at all, also when the writing itself fails or is cancelled."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files
from workbench.progress import Cancelled


@pytest.fixture
def two_files(write_csv):
    first = write_csv("a.csv", [["代码", "简称", "PE 2024E"], ["600519", "贵州茅台", "25"]])
    second = write_csv("b.csv", [["代码", "简称", "PE 2025E"], ["000858", "五粮液", "18"]])
    return [first, second]


def test_cancel_while_writing_the_second_file_leaves_the_first_unwritten(store, two_files, snapshot):
    before = snapshot(store)

    def progress(done, total, message):
        return not ("writing" in message and "b.csv" in message)  # cancel once b.csv is being written

    with pytest.raises(Cancelled):
        import_files(store, two_files, progress=progress)
    assert snapshot(store) == before
    assert store.fact("600519.SH", "pe", "2024E") is None


def test_a_store_failure_on_the_second_file_leaves_the_first_unwritten(store, two_files, snapshot, monkeypatch):
    before = snapshot(store)
    real = type(store).write_facts
    calls = []

    def failing(self, rows, *args, **kwargs):
        calls.append(len(rows))
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, rows, *args, **kwargs)

    monkeypatch.setattr(type(store), "write_facts", failing)
    with pytest.raises(ImportFailed, match="nothing was written"):
        import_files(store, two_files)
    assert len(calls) == 2
    monkeypatch.undo()
    assert snapshot(store) == before
    assert store.fact("600519.SH", "pe", "2024E") is None


def test_a_dry_run_counts_and_writes_nothing(store, two_files, snapshot):
    before = snapshot(store)
    result = import_files(store, two_files, dry_run=True)
    assert result.facts.added == 2
    assert snapshot(store) == before
    import_files(store, two_files)
    assert store.fact("600519.SH", "pe", "2024E") == 25.0 and store.fact("000858.SZ", "pe", "2025E") == 18.0


# --------------------------------------------------------------------------- killed, and foreign keys
KILLED_IMPORT = """
import os, signal, sys
from workbench.imports import importer
from workbench.store import Store

importer.FACT_CHUNK = 50  # several writes, so the kill lands between two of them
seen = []

def progress(done, total, message):
    if "writing facts" in message:
        seen.append(message)
        if len(seen) == 3:  # two chunks of facts are written, the transaction is open
            os.kill(os.getpid(), signal.SIGKILL)

store = Store(sys.argv[1])
importer.import_files(store, [sys.argv[2]], progress=progress)
print("not killed")
"""


def test_an_import_killed_while_writing_leaves_the_store_as_it_was(tmp_path, write_csv, snapshot):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from workbench.store import Store

    rows = [["ticker", "name", "period", "metric", "value"]]
    rows += [[f"{600000 + i:06d}.SH", f"公司{i}", f"{y}A", "revenue", str(i + y)] for i in range(40)
             for y in range(2019, 2024)]
    big = write_csv("big.csv", rows)
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        import_files(store, [write_csv("a.csv", [["代码", "简称", "PE 2024E"], ["600519", "贵州茅台", "25"]])])
        before = snapshot(store)
        seq = store.last_seq()
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), LANG="C.UTF-8")
    out = subprocess.run([sys.executable, "-c", KILLED_IMPORT, str(path), str(big)], env=env, cwd=root,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == -9, out.stderr  # killed by SIGKILL, not finished
    with Store(path) as store:
        assert snapshot(store) == before
        assert store.last_seq() == seq and store.changes_since(seq) == []
        assert store.scalar("PRAGMA foreign_keys") == 1
        assert store.scalar("PRAGMA integrity_check") == "ok"
        import_files(store, [big])  # and the same file imports whole afterwards
        assert store.counts()["facts"] == 1 + 200
        [h] = store.history("600039.SH", "revenue", "2023A")
        assert (h["file"], h["row"], h["new"]) == ("big.csv", 201, 2062.0)


def test_a_bulk_write_with_a_missing_parent_is_rolled_back_whole(store, snapshot):
    store.upsert_companies([{"ticker": "600519.SH", "name": "贵州茅台"}])
    before = snapshot(store)
    seq = store.last_seq()
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        with store.references_checked_once() as check, store.batch("import", file="x.csv"):
            assert store.scalar("PRAGMA foreign_keys") == 0  # checked once, below
            store.write_facts([("600519.SH", "revenue", "2023A", 1.0), ("000858.SZ", "revenue", "2023A", 2.0)])
            check()
    assert snapshot(store) == before
    assert store.last_seq() == seq
    index_id = store.upsert_index("上证指数", "000001.SH")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        with store.references_checked_once() as check, store.batch("import", file="q.csv"):
            store.write_quotes([(index_id + 1, "2024-12-27", 3400.14, None, "Wind")])
            check()
    assert store.all_quotes() == []


def test_foreign_keys_are_checked_per_row_again_after_an_import(store, two_files):
    import_files(store, two_files)
    assert store.scalar("PRAGMA foreign_keys") == 1
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.write_facts([("000001.SZ", "revenue", "2023A", 1.0)])
    assert store.fact("000001.SZ", "revenue", "2023A") is None


def test_inside_an_outer_transaction_an_import_checks_every_row(store):
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        with store.transaction(), store.references_checked_once(), store.batch("import"):
            assert store.scalar("PRAGMA foreign_keys") == 1
            store.write_facts([("000001.SZ", "revenue", "2023A", 1.0)])
    assert store.counts()["facts"] == 0


def test_an_import_whose_facts_lack_their_company_is_refused_and_writes_nothing(store, two_files, snapshot,
                                                                                 monkeypatch):
    # a fault that leaves the companies unwritten: the facts would point at nothing
    from workbench.store.store import Counts

    before = snapshot(store)
    monkeypatch.setattr(type(store), "upsert_companies", lambda self, rows: Counts())
    with pytest.raises(ImportFailed, match="nothing was written"):
        import_files(store, two_files)
    monkeypatch.undo()
    assert snapshot(store) == before
    assert store.scalar("PRAGMA foreign_keys") == 1
