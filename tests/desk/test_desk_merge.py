"""Conflicts are per field: two workstations changing different fields of one row merge; the same
field changed to different values on both is a conflict, listed with who and when on both sides and
settled with mine or theirs. Against a real PostgreSQL desk."""

from __future__ import annotations

import pytest

import psycopg  # noqa: F401,E402  (a dependency: never skipped)

from desk_testing import server_tables  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk.sync import merge_fields, resolve, sync  # noqa: E402
from workbench.store import sync_state  # noqa: E402

T = "688608.SH"  # 恒玄科技 in the demo store




def test_different_fields_of_one_company_merge_without_conflict(pair):
    desk, (a, ca), (b, cb) = pair
    before = a.company(T)
    a.set_company_field(T, "full_name", "恒玄科技（上海）股份有限公司·甲")
    b.set_company_field(T, "industry", "半导体·乙")
    assert sync(a, ca).conflicts == 0
    result = sync(b, cb)
    assert (result.conflicts, result.pushed) == (0, 1)
    sync(a, ca)
    for s in (a, b):
        c = s.company(T)
        assert (c["full_name"], c["industry"]) == ("恒玄科技（上海）股份有限公司·甲", "半导体·乙")
        assert c["name"] == before["name"]
    on_desk = server_tables(desk.super_url)["companies"][T]
    assert (on_desk["full_name"], on_desk["industry"]) == ("恒玄科技（上海）股份有限公司·甲", "半导体·乙")
    assert sync_state.conflicts(a, open_only=False) == [] == sync_state.conflicts(b, open_only=False)


def test_different_fields_of_the_house_profile_merge(pair, tmp_path):
    desk, (a, ca), _ = pair
    other_admin = desk.user("admin")
    c = desk.join(tmp_path / "c.sqlite", other_admin)
    a.update_house(name_zh="甲证券")
    c.update_house(name_en="Yi Securities")
    sync(a, ca)
    assert sync(c, other_admin).conflicts == 0
    sync(a, ca)
    for s in (a, c):
        assert (s.house()["name_zh"], s.house()["name_en"]) == ("甲证券", "Yi Securities")
    c.close()


def test_the_same_field_changed_differently_is_a_conflict_naming_both_writers(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "芯片设计")
    b.set_company_field(T, "industry", "消费电子")
    b.set_company_field(T, "full_name", "乙改的全称")
    sync(a, ca)
    result = sync(b, cb)
    assert result.conflicts == 1
    [c] = sync_state.conflicts(b)
    assert (c["tbl"], c["key"], c["kind"]) == ("companies", T, "conflict")
    assert (c["mine"]["industry"], c["theirs"]["industry"]) == ("消费电子", "芯片设计")
    assert (c["by"], c["theirs_by"]) == (cb.user, ca.user) and c["at"] and c["theirs_at"]
    # the server's value stays for the contested field; b's other change still went through
    on_desk = server_tables(desk.super_url)["companies"][T]
    assert (on_desk["industry"], on_desk["full_name"]) == ("芯片设计", "乙改的全称")
    assert (b.company(T)["industry"], b.company(T)["full_name"]) == ("芯片设计", "乙改的全称")


def test_keep_mine_writes_only_the_contested_field_back(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "芯片设计")
    a.set_company_field(T, "full_name", "甲改的全称")
    b.set_company_field(T, "industry", "消费电子")
    sync(a, ca)
    sync(b, cb)
    [c] = sync_state.conflicts(b)
    resolve(b, c["id"], "mine")
    assert sync(b, cb).pushed == 1
    sync(a, ca)
    for s in (a, b):  # b's industry, and a's full name is not undone by b's older one
        assert (s.company(T)["industry"], s.company(T)["full_name"]) == ("消费电子", "甲改的全称")


def test_keep_theirs_leaves_the_desks_value(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "芯片设计")
    b.set_company_field(T, "industry", "消费电子")
    sync(a, ca)
    sync(b, cb)
    [c] = sync_state.conflicts(b)
    resolve(b, c["id"], "theirs")
    assert sync(b, cb).pushed == 0
    assert b.company(T)["industry"] == "芯片设计" == server_tables(desk.super_url)["companies"][T]["industry"]


def test_the_conflicts_command_shows_the_contested_field_with_both_writers(pair, capsys, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "芯片设计")
    b.set_company_field(T, "industry", "消费电子")
    sync(a, ca)
    sync(b, cb)
    assert main(["desk", "conflicts", "--db", str(b.path)]) == 0
    out = capsys.readouterr().out
    assert " companies " in out and f"（{T}）" in out.splitlines()[0] and "行业 industry" in out
    mine_line = next(line for line in out.splitlines() if "mine:" in line)
    theirs_line = next(line for line in out.splitlines() if "theirs:" in line)
    assert "消费电子" in mine_line and cb.user in mine_line
    assert "芯片设计" in theirs_line and ca.user in theirs_line
    assert "full_name" not in out  # the fields both sides agree on are not listed


def test_a_fact_changed_on_one_side_only_takes_that_side(pair):
    desk, (a, ca), (b, cb) = pair
    key = (T, "revenue", "2023A")
    a.set_fact(*key, 100.0)
    b.set_company_field(T, "industry", "消费电子")  # b touches another row only
    sync(a, ca)
    assert sync(b, cb).conflicts == 0
    assert b.fact(*key) == 100.0


# ---------------------------------------------------------------- the merge itself
@pytest.mark.parametrize("base, mine, theirs, merged, clashes", [
    ({"a": 1, "b": 1}, {"a": 2, "b": 1}, {"a": 1, "b": 3}, {"a": 2, "b": 3}, []),
    ({"a": 1, "b": 1}, {"a": 2, "b": 1}, {"a": 5, "b": 1}, {"a": 5, "b": 1}, ["a"]),
    ({"a": 1}, {"a": 2}, {"a": 2}, {"a": 2}, []),
    ({"a": 1}, {"a": 1, "c": 7}, {"a": 4}, {"a": 4, "c": 7}, []),
    ({"a": 1, "updated_at": "x"}, {"a": 1, "updated_at": "m"}, {"a": 2, "updated_at": "t"},
     {"a": 2, "updated_at": "t"}, []),  # bookkeeping never conflicts
])
def test_merge_fields(base, mine, theirs, merged, clashes):
    assert merge_fields("companies", base, mine, theirs) == (merged, clashes)


def test_a_deleted_row_or_an_unknown_base_is_not_merged_field_by_field():
    assert merge_fields("companies", None, {"a": 1}, {"a": 2}) is None
    assert merge_fields("companies", {"a": 1}, None, {"a": 2}) is None
    assert merge_fields("companies", {"a": 1}, {"a": 3}, None) is None


def test_a_fact_is_one_field_with_its_provenance():
    base = {"value": 1.0, "source": "a.xlsx"}
    assert merge_fields("facts", base, {"value": 1.0, "source": "b.xlsx"}, {"value": 2.0, "source": "c.xlsx"}) == (
        {"value": 2.0, "source": "c.xlsx"}, [])
    assert merge_fields("facts", base, {"value": 3.0, "source": "b.xlsx"}, {"value": 1.0, "source": "c.xlsx"}) == (
        {"value": 3.0, "source": "b.xlsx"}, [])
    assert merge_fields("facts", base, {"value": 3.0}, {"value": 2.0})[1] == ["value"]


def test_an_issue_published_or_corrected_meanwhile_is_not_merged():
    base = {"status": "draft", "version": 1, "headline": "甲", "summary": "x"}
    assert merge_fields("issues", base, {**base, "headline": "乙"}, {**base, "status": "final"}) is None
    assert merge_fields("issues", base, {**base, "headline": "乙"}, {**base, "version": 2}) is None
    assert merge_fields("issues", base, {**base, "headline": "乙"}, {**base, "summary": "y"}) == (
        {**base, "headline": "乙", "summary": "y"}, [])


# ---------------------------------------------------------------- a push landing while another decides
def _push_lands_meanwhile(monkeypatch, other_store, other_config):
    """Make the other workstation's sync commit after this push has read the desk and before it
    takes the push lock (the window the lock no longer covers)."""
    from workbench.desk import sync as desk_sync

    real = desk_sync._mark_staged
    done = []

    def meanwhile(conn, plan):
        if not done:
            done.append(True)
            monkeypatch.setattr(desk_sync, "_mark_staged", real)
            assert sync(other_store, other_config).pushed == 1
        return real(conn, plan)

    monkeypatch.setattr(desk_sync, "_mark_staged", meanwhile)
    return done


def test_a_row_changed_by_a_push_landing_meanwhile_is_merged_not_overwritten(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "芯片设计")
    b.set_company_field(T, "full_name", "乙改的全称")
    done = _push_lands_meanwhile(monkeypatch, a, ca)
    result = sync(b, cb)
    assert done and (result.pushed, result.conflicts) == (1, 0)
    on_desk = server_tables(desk.super_url)["companies"][T]
    assert (on_desk["industry"], on_desk["full_name"]) == ("芯片设计", "乙改的全称")
    sync(a, ca)
    for s in (a, b):
        assert (s.company(T)["industry"], s.company(T)["full_name"]) == ("芯片设计", "乙改的全称")


def test_the_same_field_changed_by_a_push_landing_meanwhile_is_a_conflict(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    a.set_company_field(T, "industry", "芯片设计")
    b.set_company_field(T, "industry", "消费电子")
    done = _push_lands_meanwhile(monkeypatch, a, ca)
    result = sync(b, cb)
    assert done and (result.pushed, result.conflicts) == (0, 1)
    assert server_tables(desk.super_url)["companies"][T]["industry"] == "芯片设计"
    [c] = sync_state.conflicts(b)
    assert (c["mine"]["industry"], c["theirs"]["industry"], c["theirs_by"]) == ("消费电子", "芯片设计", ca.user)
    assert b.company(T)["industry"] == "芯片设计"
