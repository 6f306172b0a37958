"""LazyStore: the app's first screen reads through the plain sqlite3 reader, anything else opens the
full Store first; a store needing an upgrade is upgraded before anything reads it; writes go through
the Store only and are seen by the reads that follow."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.store import Store
from workbench.store.reader import MIGRATIONS, LazyStore, StoreReader, writable

ROOT = Path(__file__).resolve().parents[2]


def _count(path, sql, params=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, list(params)).fetchone()[0]
    finally:
        conn.close()


def test_reads_need_no_sqlite_utils_and_a_write_opens_the_store(demo_path, tmp_path):
    code = (
        "import sys\n"
        "from workbench.store.reader import LazyStore\n"
        "s = LazyStore.open(sys.argv[1])\n"
        "t = s.companies()[0]['ticker']\n"
        "print(len(s.companies()), s.counts()['facts'], len(s.fact_columns()), s.is_demo(), s.read_only)\n"
        "print(s.is_open, 'sqlite_utils' in sys.modules)\n"
        "with s.batch('edit'):\n"
        "    s.set_fact(t, 'revenue', '2023A', 1.5e8)\n"
        "print(s.is_open, 'sqlite_utils' in sys.modules, 'pandas' in sys.modules, s.fact(t, 'revenue', '2023A'))\n"
        "s.close()\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", code, str(demo_path)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    companies = _count(demo_path, "SELECT count(*) FROM companies")
    facts = _count(demo_path, "SELECT count(*) FROM facts")
    columns = _count(demo_path, "SELECT count(*) FROM (SELECT DISTINCT metric, period FROM facts)")
    assert proc.stdout.split() == [str(companies), str(facts), str(columns), "True", "False",
                                   "False", "False", "True", "True", "False", "150000000.0"]
    ticker = _count(demo_path, "SELECT ticker FROM companies ORDER BY position LIMIT 1")
    assert _count(demo_path, "SELECT value FROM facts WHERE ticker = ? AND metric = 'revenue' AND period = '2023A'",
                  [ticker]) == 1.5e8


def test_reads_before_the_store_opens_never_write(demo_path):
    before = demo_path.read_bytes()
    with LazyStore.open(demo_path) as s:
        assert not s.is_open
        s.companies(), s.counts(), s.fact_columns(), s.issues(), s.all_quotes(), s.notes(), s.house()
        with pytest.raises(sqlite3.OperationalError):  # the reader's own connection refuses writes
            s.reader.conn.execute("DELETE FROM facts")
        assert not s.is_open
    assert demo_path.read_bytes() == before


def test_after_the_store_opens_reads_see_its_writes_even_inside_a_transaction(demo_path):
    with LazyStore.open(demo_path) as s:
        ticker = s.companies()[0]["ticker"]
        old = s.fact(ticker, "pe", "2024E")
        store = s.full()
        assert s.is_open and isinstance(store, Store) and s.full() is store
        with store.transaction():
            store.set_fact(ticker, "pe", "2024E", 12.5)
            assert s.fact(ticker, "pe", "2024E") == 12.5  # the reader reads over the Store's connection now
            assert s.fact_values("pe", "2024E")[ticker] == 12.5
        assert isinstance(s.reader, StoreReader) and s.reader.conn is store.db.conn
    assert old != 12.5
    with Store(demo_path) as again:
        assert again.fact(ticker, "pe", "2024E") == 12.5


def _older_store(path: Path) -> None:
    """A store written by an earlier release: the schema history stops before the last migration."""
    from workbench.store.access import Database
    from workbench.store.schema import migrations

    db = Database(sqlite3.connect(path))
    migrations.apply(db, stop_before=sorted(MIGRATIONS)[-1])
    db.execute("INSERT INTO companies (ticker, name) VALUES ('600519.SH', '贵州茅台')")
    db.conn.commit()
    db.close()


def test_a_store_needing_an_upgrade_is_upgraded_before_anything_reads_it(tmp_path):
    old = tmp_path / "old.sqlite"
    _older_store(old)
    last = sorted(MIGRATIONS)[-1]
    assert _count(old, "SELECT count(*) FROM _sqlite_migrations WHERE name = ?", [last]) == 0
    with LazyStore.open(old) as s:
        assert s.is_open  # opened as a Store at once: it upgraded the file
        assert _count(old, "SELECT count(*) FROM _sqlite_migrations WHERE name = ?", [last]) == 1
        assert [c["name"] for c in s.companies()] == ["贵州茅台"]


def test_a_new_file_is_created_by_the_store_and_a_foreign_one_refused(tmp_path):
    new = tmp_path / "new.sqlite"
    with LazyStore.open(new) as s:
        assert s.is_open and s.counts()["companies"] == 0
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(WorkbenchError):
        LazyStore.open(other)


def test_read_only_follows_the_stores_rule(demo_path, monkeypatch):
    with LazyStore.open(demo_path) as s:
        assert s.read_only is False and writable(demo_path)
    real = os.access

    def no_write_in_folder(path, mode):  # the folder may not be written (SQLite needs its -wal there)
        if mode == os.W_OK and Path(path) == demo_path.parent:
            return False
        return real(path, mode)

    monkeypatch.setattr(os, "access", no_write_in_folder)
    with LazyStore.open(demo_path) as s:
        assert s.read_only is True and not s.is_open
        store = s.full()
        assert store.read_only is True and s.read_only is True  # the Store, opened later, agrees


def test_needs_a_reader_or_a_store():
    with pytest.raises(ValueError):
        LazyStore()


def test_the_readers_write_rule_is_the_stores(tmp_path, monkeypatch):
    import workbench.store.access as access
    import workbench.store.reader as reader

    folder = tmp_path / "folder"
    folder.mkdir()
    path = folder / "s.sqlite"
    Store(path).close()
    real = os.access
    for denied in (None, path, folder):
        monkeypatch.setattr(os, "access", lambda p, mode, denied=denied: False if denied is not None and
                            Path(p) == denied and mode == os.W_OK else real(p, mode))
        expected = access._writable(path)
        assert expected == (denied is None)
        monkeypatch.delitem(sys.modules, "workbench.store.access")  # the reader's own copy of the rule
        assert reader.writable(path) == expected
        monkeypatch.undo()
