"""A company deleted on one workstation while another holds a new value of one of its figures,
waiting to be pushed: the second keeps the company (listed as refused by this store, naming the
figure) and the figure (its push meets the desk's deletion: a conflict whose "mine" the store
keeps, since that figure is what keeps the company). Nothing is settled for the user in that
sync; keeping mine of the figure or of the company sends both back to the desk, and from there
to the workstation that deleted them; keeping theirs deletes both here. Against a real
PostgreSQL desk and real stores, the deletion made as the app makes it (Store.delete_companies)
and the figure imported from a CSV file as `workbench import` does."""

from __future__ import annotations

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import local_tables, normalised, server_tables
from workbench.cli import main
from workbench.desk.sync import resolve, sync
from workbench.store import sync_state

T = "688018.SH"  # 乐鑫科技 in the demo store
FACT = (T, "net_profit", "2023A")
KEY = "|".join(FACT)
NEW = 99000000.0


@pytest.fixture
def three(pair, tmp_path):
    """The pair's admin store (a, the demo), analyst b (deletes T) and an editor's store c (imports
    a new value of T's net profit 2023A, not synced yet); b syncs, then c."""
    desk, (a, ca), (b, cb) = pair
    cc = desk.user("editor")
    c = desk.join(tmp_path / "c.sqlite", cc)
    old = c.fact(*FACT)
    assert old is not None and old != NEW  # (the demo's value, on every store)
    b.delete_companies([T])
    csv = tmp_path / "x.csv"
    csv.write_text(f"ticker,name,period,metric,value\n{T},乐鑫科技,2023A,net_profit,{int(NEW)}\n", encoding="utf-8")
    assert main(["import", str(csv), "--db", str(c.path), "--as-of", "2024-12-30"]) == 0
    assert c.fact(*FACT) == NEW
    sync(b, cb)
    on_desk = server_tables(desk.super_url)
    assert T not in on_desk["companies"] and KEY not in on_desk["facts"]  # b's deletion is on the desk
    result = sync(c, cc)
    yield desk, (a, ca), (b, cb), (c, cc), result
    c.close()


def _open(store) -> dict:
    return {(x["tbl"], x["key"]): x for x in sync_state.conflicts(store)}


def test_the_company_and_its_figure_stay_and_both_are_listed_open(three, capsys):
    desk, _, _, (c, cc), result = three
    # the company and the figure waiting to be pushed are kept here
    assert c.has_company(T), "the company was deleted although it held a figure waiting to be pushed"
    assert c.fact(*FACT) == NEW
    # nothing was settled for the user: every conflict of the sync is still open
    assert [x for x in sync_state.conflicts(c, open_only=False) if x["resolution"] is not None] == []
    assert result.settled == 0
    found = _open(c)
    company = found.get(("companies", T))
    assert company is not None and company["kind"] == "local" and company["theirs"] is None
    assert "net_profit 2023A" in company["message"]  # naming the figure that keeps it
    fact = found.get(("facts", KEY))
    assert fact is not None and fact["theirs"] is None and fact["mine"]["value"] == NEW
    # the desk keeps its side (deleted) until the user settles
    on_desk = server_tables(desk.super_url)
    assert T not in on_desk["companies"] and KEY not in on_desk["facts"]
    # the listing shows both, open
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(c.path)]) == 0
    out = capsys.readouterr().out
    assert "本地拒绝" in out and "冲突 conflict" in out, out
    assert "已解决" not in out, out
    # each side as it is: the desk's side of both is the deletion, never the row kept here
    lines = out.splitlines()
    for what in (" companies ", " facts "):
        at = next(i for i, line in enumerate(lines) if line.startswith("#") and what in line)
        theirs = next(line for line in lines[at + 1:] if line.strip().startswith("theirs:"))
        assert "已删除 (deleted)" in theirs, (what, out)
    # a quiet sync changes nothing of it
    again = sync(c, cc)
    assert again.settled == 0 and c.has_company(T) and c.fact(*FACT) == NEW
    assert set(_open(c)) == {("companies", T), ("facts", KEY)}


@pytest.mark.parametrize("first", ["facts", "companies"])
def test_keep_mine_of_either_sends_the_company_and_its_figure_back(three, first):
    desk, (a, ca), (b, cb), (c, cc), _ = three
    found = _open(c)
    settled = resolve(c, found[(first, KEY if first == "facts" else T)]["id"], "mine")
    other = found[("companies", T) if first == "facts" else ("facts", KEY)]
    assert settled["settled_with"] == [other["id"]]  # (for the command line to name)
    # the other one went with it: nothing is left to settle
    assert _open(c) == {}
    assert c.has_company(T) and c.fact(*FACT) == NEW
    pushed = sync(c, cc)
    assert pushed.conflicts == 0 and pushed.refused == 0
    on_desk = server_tables(desk.super_url)
    assert on_desk["companies"][T]["name"] == c.company(T)["name"]
    assert on_desk["facts"][KEY]["value"] == NEW
    # the workstation that deleted them takes them again; the admin's store too
    sync(b, cb)
    sync(a, ca)
    assert b.has_company(T) and b.fact(*FACT) == NEW and a.fact(*FACT) == NEW
    sync(c, cc)
    for s in (a, b, c):
        assert _open(s) == {}, s.path
        assert normalised(local_tables(s)) == normalised(server_tables(desk.super_url)), s.path


def test_keep_theirs_of_the_figure_deletes_both_here(three):
    desk, (a, ca), (b, cb), (c, cc), _ = three
    found = _open(c)
    resolve(c, found[("facts", KEY)]["id"], "theirs")
    assert c.fact(*FACT) is None and not c.has_company(T)
    assert _open(c) == {}
    assert sync_state.pending(c).keys == {}  # the desk holds the deletion already: nothing to send
    sync(c, cc)
    sync(b, cb)
    on_desk = server_tables(desk.super_url)
    assert T not in on_desk["companies"] and KEY not in on_desk["facts"]
    for s in (b, c):
        assert _open(s) == {}, s.path
        assert normalised(local_tables(s)) == normalised(on_desk), s.path


def test_keep_theirs_of_the_company_deletes_it_with_the_figure_kept_for_it(three):
    desk, (a, ca), (b, cb), (c, cc), _ = three
    found = _open(c)
    resolve(c, found[("companies", T)]["id"], "theirs")
    assert c.fact(*FACT) is None and not c.has_company(T)
    assert _open(c) == {}
    sync(c, cc)
    on_desk = server_tables(desk.super_url)
    assert T not in on_desk["companies"] and KEY not in on_desk["facts"]
    assert normalised(local_tables(c)) == normalised(on_desk)


def test_quiet_rounds_leave_every_store_equal_to_the_desk_but_the_listed_rows(three):
    """The simulation's invariant: after quiet rounds every store equals the desk, apart from the
    rows of its open conflicts."""
    desk, (a, ca), (b, cb), (c, cc), _ = three
    for _ in range(2):
        for s, cfg in ((a, ca), (b, cb), (c, cc)):
            sync(s, cfg)
    on_desk = normalised(server_tables(desk.super_url))
    for s in (a, b, c):
        listed = set(_open(s))
        mine = normalised(local_tables(s))
        for t in sync_state.TABLES:
            for k in set(mine[t]) | set(on_desk[t]):
                if (t, k) not in listed:
                    assert mine[t].get(k) == on_desk[t].get(k), (s.path, t, k)
    assert set(_open(c)) == {("companies", T), ("facts", KEY)}
    assert _open(a) == {} and _open(b) == {}


def test_with_two_figures_kept_theirs_of_one_keeps_the_company_for_the_other(pair, tmp_path):
    """Two figures kept with the company: taking the desk's deletion of one leaves the company kept
    for the other (its refusal open, naming it); keeping mine of that one then sends the company
    and it back, never the figure taken as deleted."""
    desk, (a, ca), (b, cb) = pair
    cc = desk.user("editor")
    c = desk.join(tmp_path / "c.sqlite", cc)
    other = (T, "revenue", "2023A")
    b.delete_companies([T])
    csv = tmp_path / "y.csv"
    csv.write_text(f"ticker,name,period,metric,value\n{T},乐鑫科技,2023A,net_profit,{int(NEW)}\n"
                   f"{T},乐鑫科技,2023A,revenue,2000000000\n", encoding="utf-8")
    assert main(["import", str(csv), "--db", str(c.path), "--as-of", "2024-12-30"]) == 0
    sync(b, cb)
    sync(c, cc)
    found = _open(c)
    assert set(found) == {("companies", T), ("facts", KEY), ("facts", "|".join(other))}
    resolve(c, found[("facts", KEY)]["id"], "theirs")
    assert c.fact(*FACT) is None and c.has_company(T) and c.fact(*other) == 2e9
    assert set(_open(c)) == {("companies", T), ("facts", "|".join(other))}
    sync(c, cc)  # the refusal still holds: the company stays for the other figure
    assert c.has_company(T) and c.fact(*other) == 2e9
    [company] = [x for x in sync_state.conflicts(c) if x["tbl"] == "companies"]
    assert "revenue 2023A" in company["message"] and "net_profit" not in company["message"]
    resolve(c, found[("facts", "|".join(other))]["id"], "mine")
    assert _open(c) == {}
    sync(c, cc)
    sync(b, cb)
    on_desk = server_tables(desk.super_url)
    assert on_desk["companies"][T]["name"] == c.company(T)["name"]
    assert on_desk["facts"]["|".join(other)]["value"] == 2e9 and KEY not in on_desk["facts"]
    assert b.fact(*other) == 2e9 and b.fact(*FACT) is None
    for s in (b, c):
        assert normalised(local_tables(s)) == normalised(on_desk), s.path
    c.close()
