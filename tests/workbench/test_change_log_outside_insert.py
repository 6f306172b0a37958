"""A fact inserted into the store's file by another program (a raw INSERT): every write path of the
workbench marks the facts it inserts (facts.log_mark), so an unmarked fact is such a write; the
desk's pending changes count it, and logging it (at a sync) records it as written outside the
workbench. Expected values come from the writes the tests make, never from the code under test.
"""

from __future__ import annotations

import sqlite3

import pytest

from workbench.edits import SetFact
from workbench.imports import import_files
from workbench.sample import populate_sample
from workbench.store import Store, sync_state

MOUTAI = "600519.SH"
LONG_HEADER = ["ticker", "name", "period", "metric", "value"]
UNMARKED = "SELECT ticker, metric, period FROM facts WHERE log_mark IS NULL ORDER BY 1, 2, 3"


@pytest.fixture
def long_csv(write_csv):
    return write_csv("week1.csv", [LONG_HEADER,
                                   [MOUTAI, "贵州茅台", "2023A", "revenue", "150560000000"],
                                   [MOUTAI, "贵州茅台", "2023A", "net_profit", "74734000000"],
                                   ["000001.SZ", "平安银行", "2023A", "revenue", "164699000000"]])


def raw(path) -> sqlite3.Connection:
    """Another program writing the store's file (no workbench functions, no batch)."""
    return sqlite3.connect(path, isolation_level=None)


def _unmarked(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.db.execute(UNMARKED)]


def test_every_write_path_of_the_workbench_marks_the_facts_it_inserts(store, long_csv):
    import_files(store, [long_csv], as_of="2024-12-27")                        # import
    store.set_fact(MOUTAI, "eps", "2023A", 59.49)                                # edit of a new fact
    edit = SetFact(MOUTAI, "roe", "2023A", 0.3)
    edit.apply(store)                                                            # a paste's / an edit's command
    edit.revert(store)                                                           # its undo
    edit.apply(store)                                                            # its redo
    store.set_fact(MOUTAI, "eps", "2023A", None)
    store.restore_fact({"value": 59.49, "source": "手工录入", "as_of": "2024-12-27", "src_row": None,
                        "src_col": None}, (MOUTAI, "eps", "2023A"))               # undo of a deletion
    removed = store.delete_companies(["000001.SZ"])
    store.restore_companies(removed)                                             # undo of a company deletion
    store.write_facts([(MOUTAI, "revenue", "2024E", 1.0, "Wind", "2024-12-27")])
    assert store.scalar("SELECT count(*) FROM facts") == 6
    assert _unmarked(store) == []
    assert sync_state.log_outside_inserts(store) == 0


def test_the_sample_and_the_demo_mark_every_fact(tmp_path, demo_store):
    with Store(tmp_path / "sample.sqlite") as s:
        populate_sample(s, companies=20, segments=3)
        assert s.scalar("SELECT count(*) FROM facts") > 0
        assert _unmarked(s) == []
    assert demo_store.scalar("SELECT count(*) FROM facts") > 0
    assert _unmarked(demo_store) == []


def test_a_raw_insert_is_pending_and_logged_once_as_written_outside(tmp_path, long_csv):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        import_files(s, [long_csv], as_of="2024-12-27")
        s.set_setting(sync_state.SETTING_PUSHED, str(s.last_seq()))  # everything so far was pushed
        assert sync_state.pending(s).keys == {}
    con = raw(path)
    con.execute("INSERT INTO facts (ticker, metric, period, value, source, as_of, src_row, src_col) "
                "VALUES (?, 'eps', '2023A', 59.49, 'week1.csv', '2024-12-27', 9, 'value')", [MOUTAI])
    con.execute("INSERT OR REPLACE INTO facts (ticker, metric, period, value) VALUES (?, 'net_profit', '2023A', 1)",
                [MOUTAI])
    con.close()
    with Store(path) as s:
        seq = s.last_seq()
        # counted as pending before anything is written (a status bar, a dry run)
        assert set(sync_state.pending(s).keys) == {("facts", f"{MOUTAI}|eps|2023A"),
                                                   ("facts", f"{MOUTAI}|net_profit|2023A")}
        assert s.last_seq() == seq and len(_unmarked(s)) == 2
        assert sync_state.log_outside_inserts(s) == 2
        assert _unmarked(s) == []
        pend = sync_state.pending(s)
        assert set(pend.keys) == {("facts", f"{MOUTAI}|eps|2023A"), ("facts", f"{MOUTAI}|net_profit|2023A")}
        assert all(seq < v <= pend.upto for v in pend.keys.values())
        entry = s.history(MOUTAI, "eps", "2023A")[-1]
        # a write from outside: no batch, no file, cell or as-of date, whatever the row claims
        assert (entry["origin"], entry["op"], entry["old"], entry["new"]) == ("external", "insert", None, 59.49)
        assert (entry["file"], entry["row"], entry["col"], entry["as_of"]) == (None, None, None, None)
        assert [h["new"] for h in s.history(MOUTAI, "net_profit", "2023A")][-1] == 1.0
        # the store's own check still calls both written outside the workbench, not changed outside
        assert [(f["metric"], f["value"]) for f in s.unlogged_facts()] == [("eps", 59.49), ("net_profit", 1.0)]
        assert s.externally_changed_facts() == []
        # logged once: a second pass finds nothing
        assert sync_state.log_outside_inserts(s) == 0
        s.set_setting(sync_state.SETTING_PUSHED, str(pend.upto))
        assert sync_state.pending(s).keys == {}


def test_a_raw_insert_edited_in_the_workbench_before_the_sync_keeps_the_edit(tmp_path, long_csv):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        import_files(s, [long_csv], as_of="2024-12-27")
    con = raw(path)
    con.execute("INSERT INTO facts (ticker, metric, period, value) VALUES (?, 'eps', '2023A', 59.49)", [MOUTAI])
    con.close()
    with Store(path) as s:
        s.set_fact(MOUTAI, "eps", "2023A", 60.0)  # the workbench's value accounts for the fact now
        last = s.history(MOUTAI, "eps", "2023A")[-1]
        assert sync_state.log_outside_inserts(s) == 0
        assert s.history(MOUTAI, "eps", "2023A")[-1] == last
        assert _unmarked(s) == [] and s.unlogged_facts() == []


def test_a_raw_update_stays_changed_outside(tmp_path, long_csv):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        import_files(s, [long_csv], as_of="2024-12-27")
    con = raw(path)
    con.execute("UPDATE facts SET value = 3 WHERE ticker = '000001.SZ'")
    con.close()
    with Store(path) as s:
        assert sync_state.log_outside_inserts(s) == 0
        assert [f["ticker"] for f in s.externally_changed_facts()] == ["000001.SZ"]
        assert s.unlogged_facts() == []


def test_upgrading_marks_the_facts_the_log_accounts_for_and_leaves_raw_inserts_pending(tmp_path, long_csv):
    """A store of an earlier release: facts without a mark (written before marks existed) that the
    log accounts for are marked by the upgrade; one a raw INSERT left stays to be logged."""
    path = tmp_path / "old.sqlite"
    with Store(path) as s:
        import_files(s, [long_csv], as_of="2024-12-27")
    con = raw(path)
    # the run's entries move into the log (as the release before runs wrote them), marks go
    con.execute("UPDATE facts SET log_mark = NULL")
    con.execute("INSERT INTO facts (ticker, metric, period, value) VALUES (?, 'eps', '2023A', 59.49)", [MOUTAI])
    con.execute("DROP INDEX facts_unmarked")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm035_facts_unmarked'")
    con.close()
    with Store(path) as s:
        assert "m035_facts_unmarked" in {m["name"] for m in s.db["_sqlite_migrations"].rows}
        assert _unmarked(s) == [(MOUTAI, "eps", "2023A")]
        assert sync_state.log_outside_inserts(s) == 1
        assert _unmarked(s) == []


def test_the_pending_check_reads_only_the_unmarked_facts(store):
    plan = " ".join(r[3] for r in store.db.execute("EXPLAIN QUERY PLAN " + UNMARKED))
    assert "facts_unmarked" in plan, plan



def test_a_raw_update_that_moves_a_fact_to_another_key_writes_it_outside(tmp_path, long_csv):
    """The rekey trigger logs the fact under its new key as an insert with no batch: at that key
    the value was written outside the workbench (the old key's value was deleted)."""
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        import_files(s, [long_csv], as_of="2024-12-27")
    con = raw(path)
    con.execute("UPDATE facts SET period = '2024A' WHERE ticker = '000001.SZ'")
    con.close()
    with Store(path) as s:
        assert [(f["ticker"], f["period"], f["value"]) for f in s.unlogged_facts()] == [
            ("000001.SZ", "2024A", 164699000000.0)]
        assert s.externally_changed_facts() == []


def test_trace_of_a_logged_raw_insert_names_it_once_and_claims_no_missing_entry(tmp_path, long_csv):
    from workbench.trace import trace_lines

    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        import_files(s, [long_csv], as_of="2024-12-27")
    con = raw(path)
    con.execute("INSERT INTO facts (ticker, metric, period, value) VALUES (?, 'eps', '2023A', 59.49)", [MOUTAI])
    con.close()
    with Store(path) as s:
        before = trace_lines(s, MOUTAI, "eps", "2023A")  # nothing logged yet: no entry accounts for it
        assert any("no change-log entry accounts" in line for line in before)
        assert sync_state.log_outside_inserts(s) == 1
        after = trace_lines(s, MOUTAI, "eps", "2023A")
    written = [line for line in after[1:] if "库外写入" in line]
    assert len(written) == 1 and "59.49" in written[0]
    assert not any("no change-log entry accounts" in line for line in after)
