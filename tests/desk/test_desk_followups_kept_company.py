"""A company deleted on one workstation while another added figures to it is kept on the second
(a local conflict: the desk's side is the deletion). Keeping mine sends the company back to the
desk, and from there to the workstation that deleted it, with the figure it was kept for; keeping
theirs is refused while the store still holds its figures, naming them, until the user deletes
them. Against a real PostgreSQL desk and real stores."""

from __future__ import annotations

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import local_tables, normalised, server_tables
from workbench.cli import main
from workbench.desk.errors import DeskError
from workbench.desk.sync import resolve, sync
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store
ADDED = f"{T}|revenue|2031E"


def _but_notes(tables: dict) -> dict:
    """The tables but the notes: b's deletion unlinked another analyst's note from the company, a
    change of that note the desk refuses to b's role (a matter of its own)."""
    return {t: rows for t, rows in normalised(tables).items() if t != "notes"}


@pytest.fixture
def kept(pair):
    """a adds a figure to T while b deletes T; after the syncs a holds T (and the figure) as a
    local conflict whose desk side is the deletion."""
    desk, (a, ca), (b, cb) = pair
    a.set_fact(T, "revenue", "2031E", 9e9)
    b.delete_companies([T])
    sync(a, ca)
    sync(b, cb)
    sync(a, ca)
    [c] = [c for c in sync_state.conflicts(a) if c["tbl"] == "companies"]
    assert c["key"] == T and c["kind"] == "local" and c["theirs"] is None
    assert a.has_company(T) and a.fact(T, "revenue", "2031E") == 9e9
    assert T not in server_tables(desk.super_url)["companies"]
    return desk, (a, ca), (b, cb), c


def test_keep_mine_of_a_kept_company_sends_it_back_to_the_desk_and_on(kept):
    desk, (a, ca), (b, cb), c = kept
    resolve(a, c["id"], "mine")
    assert sync_state.pending(a).keys  # something goes to the desk: the company
    pushed = sync(a, ca)
    assert pushed.pushed >= 1 and pushed.conflicts == 0
    on_desk = server_tables(desk.super_url)
    assert on_desk["companies"][T]["name"] == a.company(T)["name"]
    assert on_desk["facts"][ADDED]["value"] == 9e9
    # the workstation that deleted it takes the company again, and the figure it had refused for want of it
    sync(b, cb)
    assert b.has_company(T) and b.fact(T, "revenue", "2031E") == 9e9
    # b's deletion also took the company off a colleague's note, a change b's role may not make on the
    # desk: that refusal stays listed (settled with keep theirs), nothing else does
    assert [(c["tbl"], c["kind"]) for c in sync_state.conflicts(b)] in ([], [("notes", "refused")])
    assert sync_state.conflicts(a) == []
    assert normalised(local_tables(a)) == normalised(on_desk)
    assert _but_notes(local_tables(b)) == _but_notes(on_desk)


def test_keep_theirs_of_a_kept_company_is_refused_naming_its_figures(kept, capsys):
    desk, (a, ca), (b, cb), c = kept
    before = normalised(local_tables(a))
    with pytest.raises(DeskError) as refused:
        resolve(a, c["id"], "theirs")
    message = str(refused.value)
    assert "revenue 2031E" in message and T in message, message
    assert "--keep mine" in message and "删除" in message, message  # what the user can do
    assert normalised(local_tables(a)) == before and sync_state.conflict(a, c["id"])["resolution"] is None
    # on the command line: exit 1, the same reason, no traceback
    assert main(["desk", "resolve", str(c["id"]), "--keep", "theirs", "--db", str(a.path)]) == 1
    err = capsys.readouterr().err
    assert "revenue 2031E" in err and "Traceback" not in err
    assert normalised(local_tables(a)) == before

    # once the user deletes the figure, theirs is taken: the company goes, as on the desk
    a.set_fact(T, "revenue", "2031E", None)
    resolve(a, c["id"], "theirs")
    assert not a.has_company(T) and sync_state.conflicts(a) == []
    sync(a, ca)
    sync(b, cb)
    on_desk = server_tables(desk.super_url)
    assert T not in on_desk["companies"] and ADDED not in on_desk["facts"]
    assert _but_notes(local_tables(a)) == _but_notes(on_desk)
