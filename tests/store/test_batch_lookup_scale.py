"""Dropping a batch that changed nothing (every sync and every edit that changed nothing drops one)
and reading one batch's entries cost the same however long the change log is: the log's entries are
found by their batch through an index (store m041; the imports' log too), not by reading the whole log, which on a desk's
store of a year's imports took a good part of a second each time. The work is counted in SQLite's
virtual machine steps (the same on any machine), at two lengths of the log."""

from __future__ import annotations

from vm_steps import steps

from workbench.store import Store

def _store_with_a_log(tmp_path, entries: int) -> Store:
    """A store whose change log holds about ``entries`` entries (updates of one company's facts)."""
    store = Store(tmp_path / f"log{entries}.sqlite")
    store.upsert_companies([{"ticker": "600000.SH", "name": "浦发银行"}])
    rows = [("600000.SH", "eps", f"{2000 + i % 50}E", 1.0) for i in range(50)]
    store.write_facts(rows, source="a.xlsx", origin="import")
    for n in range(entries // 50):
        store.write_facts([(t, m, p, 2.0 + n) for t, m, p, _ in rows], source=f"w{n}.xlsx", origin="import")
    return store


def _fourth_import(store) -> int:
    return store.scalar("SELECT id FROM change_batches WHERE origin = 'import' ORDER BY id LIMIT 1 OFFSET 4")


def _empty_batch(store) -> None:
    with store.batch("edit"):
        pass


def _one_batch_entries(store, batch_id: int) -> list:
    return store.rows("SELECT seq FROM change_log WHERE batch_id = ? ORDER BY seq", [batch_id])


def test_an_empty_batch_is_dropped_without_reading_the_log(tmp_path):
    short, long = _store_with_a_log(tmp_path, 500), _store_with_a_log(tmp_path, 20000)
    assert long.scalar("SELECT count(*) FROM change_log") >= 20000 > 10 * short.scalar("SELECT count(*) FROM change_log")
    batches = long.scalar("SELECT count(*) FROM change_batches")
    steps_short, steps_long = steps(short, lambda: _empty_batch(short))[1], steps(long, lambda: _empty_batch(long))[1]
    assert long.scalar("SELECT count(*) FROM change_batches") == batches  # (dropped again: nothing changed)
    assert steps_long <= steps_short + 5, (steps_short, steps_long)  # (the whole log: hundreds of calls more)


def test_one_batchs_entries_are_read_without_reading_the_log(tmp_path):
    short, long = _store_with_a_log(tmp_path, 500), _store_with_a_log(tmp_path, 20000)
    for store in (short, long):  # the same entries, found by their batch
        assert len(_one_batch_entries(store, _fourth_import(store))) == 50
    counted = [steps(s, lambda s=s, b=_fourth_import(s): _one_batch_entries(s, b))[1] for s in (short, long)]
    assert counted[1] <= counted[0] + 5, counted


def test_an_older_store_gets_the_index_when_opened(tmp_path):
    path = tmp_path / "old.sqlite"
    Store(path).close()
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX change_log_batch")
    conn.execute("DROP INDEX import_log_batch")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm041_change_log_batch_index'")
    conn.commit()
    conn.close()
    with Store(path) as store:
        for table, index in (("change_log", "change_log_batch"), ("import_log", "import_log_batch")):
            plan = " ".join(r[3] for r in store.db.execute(
                f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE batch_id = 7").fetchall())
            assert index in plan
