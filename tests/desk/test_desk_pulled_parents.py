"""A fact pulled for a company this store does not hold: its company goes in first; when the store
refuses the company, or deleted it itself, each of its facts is kept as a conflict that says why,
nothing is dropped, and the next syncs take them once the company is there (credited to who made
them, when and from which file). A company deleted on one workstation while another added facts
to it is not deleted over those facts. Against a real PostgreSQL desk and real stores."""

from __future__ import annotations

import sqlite3

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import local_tables, long_workbook, normalised, server_tables, trace_output
from workbench.cli import main
from workbench.desk.sync import sync
from workbench.store import sync_state

NEW = "301999.SZ"  # a company no store holds yet
T = "688608.SH"  # 恒玄科技 in the demo store
REASON = "此公司被本数据文件的规则拒绝 (a rule of this store refuses the company)"


def _hold_company(path, ticker):
    """A rule of the store's own (a trigger, as its protections are) refusing the company."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"CREATE TRIGGER hold_company BEFORE INSERT ON companies WHEN new.ticker = '{ticker}' "
                     f"BEGIN SELECT RAISE(ABORT, '{REASON}'); END")
    conn.close()


def _release(path):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER hold_company")
    conn.close()


def _import_new_company(a, tmp_path, name="weekly.xlsx"):
    book = long_workbook(tmp_path / name, [[NEW, "新公司", "2024A", "revenue", 1000000000],
                                           [NEW, "新公司", "2025E", "revenue", 1200000000]])
    assert main(["import", str(book), "--db", str(a.path), "--as-of", "2025-01-03"]) == 0
    assert a.has_company(NEW) and a.fact(NEW, "revenue", "2025E") == 1.2e9


def test_facts_of_a_refused_company_say_why_and_arrive_with_it(pair, tmp_path, capsys):
    desk, (a, ca), (b, cb) = pair
    _import_new_company(a, tmp_path)
    sync(a, ca)
    _hold_company(b.path, NEW)
    first = sync(b, cb)
    assert not b.has_company(NEW) and b.fact(NEW, "revenue", "2025E") is None
    found = {(c["tbl"], c["key"]): c for c in sync_state.conflicts(b)}
    assert set(found) == {("companies", NEW), ("facts", f"{NEW}|revenue|2024A"), ("facts", f"{NEW}|revenue|2025E")}
    assert first.refused == 3  # nothing dropped: the company and each of its facts
    assert REASON in found[("companies", NEW)]["message"]
    for key in (f"{NEW}|revenue|2024A", f"{NEW}|revenue|2025E"):
        message = found[("facts", key)]["message"]
        assert NEW in message and REASON in message, message  # the parent's refusal, explained
        assert found[("facts", key)]["theirs_by"] == ca.user

    _release(b.path)
    done = sync(b, cb)
    assert done.settled == 3 and sync_state.conflicts(b) == []
    assert b.has_company(NEW) and b.fact(NEW, "revenue", "2025E") == 1.2e9
    # taken late, still credited to who imported it, when, and from which file
    made = a.history(NEW, "revenue", "2025E")[-1]
    taken = b.history(NEW, "revenue", "2025E")[-1]
    assert (taken["origin"], taken["by"], taken["file"], taken["sheet"]) == ("sync", ca.user, "weekly.xlsx", "盈利预测")
    assert taken["at"] == made["at"]
    line = trace_output(capsys, b.path, NEW, "revenue", "2025E")[-1]
    assert "文件 file weekly.xlsx" in line and f" {ca.user} " in line, line
    assert sync_state.pending(b).keys == {}  # taken from the desk: nothing to push back
    assert normalised(local_tables(b)) == normalised(server_tables(desk.super_url))


def test_a_company_deleted_here_while_facts_were_added_elsewhere(pair, tmp_path):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2031E", 9e9)  # added on a ...
    b.delete_companies([T])  # ... while b deletes the company
    sync(a, ca)
    first = sync(b, cb)
    # b's pull met a fact of a company b deleted: kept as a conflict saying so, not dropped
    [c] = [c for c in sync_state.conflicts(b) if c["tbl"] == "facts"]
    assert c["key"] == f"{T}|revenue|2031E" and c["theirs"]["value"] == 9e9
    assert "删除" in c["message"] and T in c["message"], c["message"]
    assert first.refused >= 1
    # a does not lose the fact the desk still holds when it takes the deletion
    sync(a, ca)
    assert a.fact(T, "revenue", "2031E") == 9e9 and a.has_company(T)
    [kept] = [c for c in sync_state.conflicts(a) if c["tbl"] == "companies"]
    assert kept["key"] == T and kept["theirs"] is None and "2031E" in kept["message"]
    on_desk = server_tables(desk.super_url)["facts"]
    assert on_desk[f"{T}|revenue|2031E"]["value"] == 9e9


def test_a_company_deleted_with_its_facts_elsewhere_goes_here_too(pair):
    desk, (a, ca), (b, cb) = pair
    assert b.has_company(T) and b.has_fact_values(T)
    a.delete_companies([T])
    sync(a, ca)
    result = sync(b, cb)
    assert result.refused == 0 and sync_state.conflicts(b) == []
    assert not b.has_company(T) and b.facts([T]) == []
    last = b.history(T, "revenue", "2023A")[-1]
    assert (last["op"], last["by"]) == ("delete", ca.user)
    assert normalised(local_tables(b)) == normalised(server_tables(desk.super_url))
