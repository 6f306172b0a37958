"""The work of staging a push's facts grows with the push, not with its square: facts created and
deleted since the last push (an import undone before the sync: none of them goes to the desk) and
facts the push sets apart (changed on the desk meanwhile) are taken out of the staged rows at once,
not each by a pass over all of them. The work is counted in SQLite's virtual machine steps (the
same on any machine, whatever else it runs), and what comes out is checked against the rows."""

from __future__ import annotations

from vm_steps import steps

from workbench.store import sync_state


def _staged_and_recorded(tmp_path, n: int, name: str):
    """Stage ``n`` facts that exist and ``n`` deleted ones the desk never had, then record the
    revisions of the existing ones but ``n // 2`` of them set apart; returns the steps each took,
    what the staging dropped and the revisions recorded."""
    from workbench.store import Store

    store = Store(tmp_path / f"{name}.sqlite")
    conn = store.db.conn
    with store.transaction():
        conn.execute("INSERT INTO companies (ticker, name) VALUES ('600000.SH', '浦发银行')")
        conn.executemany("INSERT INTO facts (ticker, metric, period, value) VALUES ('600000.SH', ?, ?, 1.5)",
                         [(f"m{i:06d}", "2024A") for i in range(n)])
    keys = {("facts", f"600000.SH|m{i:06d}|2024A"): 100 + i for i in range(n)}
    gone = {("facts", f"600000.SH|gone{i:06d}|2024A"): 100 + n + i for i in range(n)}
    keys.update(gone)
    apart = [("facts", f"600000.SH|m{i:06d}|2024A") for i in range(0, n, 2)]
    with store.transaction():
        (text, count, dropped, _odd), stage_steps = steps(store, lambda: sync_state.stage_facts(store, keys, [], "ws"), 1000)
        _, record_steps = steps(store, lambda: sync_state.record_fact_revs(store, 1, apart), 1000)
    revs = dict(conn.execute("SELECT key, rev FROM sync_rows WHERE tbl = 'facts'").fetchall())
    store.close()
    assert count == n and text.count("\n") == n
    return stage_steps, record_steps, dropped, gone, revs, apart


def _checked(tmp_path, n: int, name: str):
    stage_steps, record_steps, dropped, gone, revs, apart = _staged_and_recorded(tmp_path, n, name)
    assert sorted(dropped) == sorted(gone)
    kept = sorted(f"600000.SH|m{i:06d}|2024A" for i in range(n))
    kept = [k for k in kept if ("facts", k) not in set(apart)]
    assert revs == {k: 1 + i for i, k in enumerate(kept)}
    return stage_steps, record_steps


def test_facts_created_and_deleted_since_the_last_push_cost_in_proportion(tmp_path):
    small, big = _checked(tmp_path, 500, "small"), _checked(tmp_path, 4000, "big")
    # eight times the facts: the work about eight times (its square would be sixty-four times)
    assert big[0] < 16 * small[0], (small[0], big[0])


def test_a_push_setting_facts_apart_costs_in_proportion(tmp_path):
    small, big = _checked(tmp_path, 500, "small"), _checked(tmp_path, 4000, "big")
    assert big[1] < 16 * small[1], (small[1], big[1])
    assert sum(big) < 16 * sum(small), (small, big)  # (the whole push: staged, then recorded)
