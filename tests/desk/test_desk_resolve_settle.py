"""Settling a conflict never reverts anyone's later work: keep mine writes only the contested
field(s) onto the row as it is now, and is refused (showing the current value) when that field
changed again since; keep theirs keeps what the store holds now. Against a real PostgreSQL desk."""

from __future__ import annotations

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import server_tables

from workbench.desk.errors import DeskError
from workbench.desk.sync import resolve, sync
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store


def _contest_industry(a, ca, b, cb):
    """a and b set the same company's industry differently; b syncs second and keeps a conflict."""
    a.set_company_field(T, "industry", "芯片设计")
    b.set_company_field(T, "industry", "半导体")
    sync(a, ca)
    assert sync(b, cb).conflicts == 1
    [c] = sync_state.conflicts(b)
    return c


def test_keep_mine_keeps_the_other_fields_changed_after_the_conflict(pair):
    desk, (a, ca), (b, cb) = pair
    c = _contest_industry(a, ca, b, cb)
    a.set_company_field(T, "full_name", "甲后来改的全称")  # a later change by the other side
    sync(a, ca)
    sync(b, cb)
    b.set_company_field(T, "name", "乙后来改的简称")  # and one of b's own, after the conflict
    resolve(b, c["id"], "mine")
    sync(b, cb)
    sync(a, ca)
    for row in (a.company(T), b.company(T), server_tables(desk.super_url)["companies"][T]):
        assert (row["industry"], row["full_name"], row["name"]) == ("半导体", "甲后来改的全称", "乙后来改的简称")
    assert sync_state.conflicts(a) == [] == sync_state.conflicts(b)


def test_keep_mine_on_a_field_changed_again_since_is_refused_with_its_current_value(pair):
    desk, (a, ca), (b, cb) = pair
    c = _contest_industry(a, ca, b, cb)
    a.set_company_field(T, "industry", "模拟芯片")  # the contested field moved on after the conflict
    sync(a, ca)
    sync(b, cb)
    before = sync_state.all_images(b, "companies")[T]
    seq = b.last_seq()
    with pytest.raises(DeskError) as err:
        resolve(b, c["id"], "mine")
    assert "模拟芯片" in str(err.value) and "industry" in str(err.value)
    assert sync_state.all_images(b, "companies")[T] == before and b.last_seq() == seq
    assert sync_state.conflict(b, c["id"])["resolution"] is None
    # keeping theirs keeps what the desk holds now (never the conflict's older value)
    resolve(b, c["id"], "theirs")
    assert sync(b, cb).pushed == 0
    assert b.company(T)["industry"] == "模拟芯片" == server_tables(desk.super_url)["companies"][T]["industry"]


def test_keep_theirs_after_a_later_change_of_the_field_keeps_the_later_value(pair):
    desk, (a, ca), (b, cb) = pair
    c = _contest_industry(a, ca, b, cb)
    b.set_company_field(T, "industry", "乙再改")  # b's own later change of the same field
    resolve(b, c["id"], "theirs")
    assert b.company(T)["industry"] == "乙再改"
    sync(b, cb)
    sync(a, ca)
    assert a.company(T)["industry"] == "乙再改"


def test_keep_mine_of_a_fact_writes_back_the_value_with_its_own_provenance(pair):
    desk, (a, ca), (b, cb) = pair
    key = (T, "revenue", "2023A")
    a.set_fact(*key, 60.0, source="a_w.csv")
    b.set_fact(*key, 61.0, source="b_w.csv")
    sync(a, ca)
    assert sync(b, cb).conflicts == 1
    [c] = sync_state.conflicts(b)
    assert (c["mine"]["value"], c["mine"]["source"]) == (61.0, "b_w.csv")  # never a's file with b's value
    resolve(b, c["id"], "mine")
    sync(b, cb)
    sync(a, ca)
    for s in (a, b):
        row = sync_state.all_images(s, "facts")["|".join(key)]
        assert (row["value"], row["source"]) == (61.0, "b_w.csv")
    # logged under the desk user who settled it, here, on the desk and where it is pulled
    mine = b.history(*key)[-1]
    assert (mine["by"], mine["new"], mine["source"]) == (cb.user, 61.0, "b_w.csv")
    with psycopg.connect(desk.super_url) as conn:
        who = [r[0] for r in conn.execute("SELECT entry->>'by' FROM desk.history")]
    assert who and "" not in who and None not in who
    theirs = a.history(*key)[-1]
    assert (theirs["by"], theirs["new"], theirs["source"]) == (cb.user, 61.0, "b_w.csv")
