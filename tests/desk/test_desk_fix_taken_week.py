"""Two workstations that start the same week's issue of a series offline do not end with two drafts
of that week on the desk, silently: the second to sync holds its issue back and lists it (as `desk
join` and `new-issue` refuse a taken week), until the user keeps both (--keep mine: it goes as the
week's second issue) or deletes or re-dates it (the listing closes by itself). A second issue made
knowingly (new-issue --again, the desk's issue of that week already here) goes as it is. Against a
real PostgreSQL desk."""

from __future__ import annotations

from desk_testing import local_tables, normalised, server_tables

from workbench.desk.sync import resolve, sync
from workbench.drafting.lifecycle import copy_forward
from workbench.store import sync_state


def _desk_week(desk, issue) -> list[dict]:
    return [d for d in server_tables(desk.super_url)["issues"].values()
            if (d["series"], d["period_start"], d["period_end"]) == (issue.series, issue.period_start, issue.period_end)]


def _equal_to_desk(desk, *stores) -> None:
    server = normalised(server_tables(desk.super_url))
    for s in stores:
        assert normalised(local_tables(s)) == server


def _both_start_next_week(a, b):
    mine_a = copy_forward(a, a.issue("latest").id, by="甲")
    mine_b = copy_forward(b, b.issue("latest").id, by="乙")
    assert (mine_a.period_start, mine_a.series) == (mine_b.period_start, mine_b.series)
    return mine_a, mine_b


def test_the_second_workstation_to_sync_holds_its_issue_of_the_taken_week_back_and_lists_it(pair):
    desk, (a, ca), (b, cb) = pair
    mine_a, mine_b = _both_start_next_week(a, b)
    sync(a, ca)
    result = sync(b, cb)
    assert len(_desk_week(desk, mine_b)) == 1  # never two drafts of the week, silently
    [c] = [c for c in sync_state.conflicts(b) if c["tbl"] == "issues"]
    assert sync_state.is_held(c) and "same series and week" in c["message"]
    assert any("same series and week" in n for n in result.notes), result.notes
    sync(b, cb)
    assert len([c for c in sync_state.conflicts(b) if c["tbl"] == "issues"]) == 1  # listed once
    assert len(_desk_week(desk, mine_b)) == 1

    resolve(b, c["id"], "mine")  # keep both: it goes as the week's second issue
    sync(b, cb)
    sync(a, ca)
    assert len(_desk_week(desk, mine_b)) == 2
    assert not sync_state.conflicts(b)
    sync(b, cb)
    _equal_to_desk(desk, a, b)


def test_deleting_the_held_back_issue_closes_its_listing(pair):
    desk, (a, ca), (b, cb) = pair
    mine_a, mine_b = _both_start_next_week(a, b)
    sync(a, ca)
    sync(b, cb)
    assert [c["tbl"] for c in sync_state.conflicts(b)] == ["issues"]
    b.delete_issue(mine_b.id)
    sync(b, cb)
    assert not sync_state.conflicts(b)
    assert len(_desk_week(desk, mine_b)) == 1
    sync(a, ca)
    _equal_to_desk(desk, a, b)


def test_a_second_issue_of_the_week_made_knowingly_goes_as_it_is(pair):
    desk, (a, ca), (b, cb) = pair
    source = b.issue("latest").id
    mine_a = copy_forward(a, a.issue("latest").id, by="甲")
    sync(a, ca)
    sync(b, cb)  # b has a's issue of the week now
    again = copy_forward(b, source, by="乙", again=True)
    assert again.period_start == mine_a.period_start
    result = sync(b, cb)
    assert not sync_state.conflicts(b) and not result.notes
    assert len(_desk_week(desk, again)) == 2


def test_joining_with_keep_both_sends_the_local_issue_of_the_taken_week(pair, tmp_path):
    from workbench.cli import main
    from workbench.desk.sync import join
    from workbench.store import Store

    desk, (a, ca), _ = pair
    path = tmp_path / "own.sqlite"
    assert main(["demo", "--db", str(path)]) == 0  # made on its own: its issue has its own identity
    editor = desk.user("editor")
    with Store(path) as own:
        local = own.issue("latest")
        result = join(own, editor.url, password=editor.password, confirm=lambda plan: True, keep_both=True)
        assert any("both kept" in n for n in result.notes)
        assert not [c for c in sync_state.conflicts(own) if c["tbl"] == "issues"]
        sync(own, editor)
        assert not [c for c in sync_state.conflicts(own) if c["tbl"] == "issues"]
    assert len(_desk_week(desk, local)) == 2
