"""Every value a workstation takes from the desk is logged under the desk user who wrote it (the
feed says who), never under "desk": pulled changes, pulled deletions and the desk's value taken over
this workstation's in a conflict. Against a real PostgreSQL desk."""

from __future__ import annotations

from workbench.desk.sync import sync

T = "688608.SH"  # 恒玄科技 in the demo store
FACT = (T, "revenue", "2023A")


def _last_company_change(store, ticker):
    return store.rows("SELECT b.by, b.origin FROM change_log l JOIN change_batches b ON b.id = l.batch_id "
                      "WHERE l.entity = 'company' AND l.key1 = ? ORDER BY l.seq DESC LIMIT 1", [ticker])[0]


def test_a_pulled_company_change_is_logged_under_its_writer(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "芯片设计")
    sync(a, ca)
    sync(b, cb)
    assert b.company(T)["industry"] == "芯片设计"
    assert _last_company_change(b, T) == {"by": ca.user, "origin": "sync"}


def test_a_pulled_deletion_is_logged_under_who_deleted(pair):
    desk, (a, ca), (b, cb) = pair
    assert b.fact(*FACT) is not None
    a.set_fact(*FACT, None)
    sync(a, ca)
    sync(b, cb)
    assert b.fact(*FACT) is None
    last = b.history(*FACT)[-1]
    assert (last["op"], last["by"], last["origin"]) == ("delete", ca.user, "sync")


def test_the_desks_value_taken_over_mine_in_a_conflict_is_logged_under_its_writer(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(*FACT, 60.0, source="a_w.csv")
    b.set_fact(*FACT, 61.0, source="b_w.csv")
    sync(a, ca)
    assert sync(b, cb).conflicts == 1
    last = b.history(*FACT)[-1]
    assert (last["new"], last["source"], last["by"], last["origin"]) == (60.0, "a_w.csv", ca.user, "sync")
