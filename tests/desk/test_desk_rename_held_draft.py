"""A company renamed on one workstation while a colleague holds the lease of the draft naming it: the
renaming workstation's change of the draft is refused (someone else holds it), so the holder's own
store re-points its draft when it takes the rename, as the holder's edit, and sends it; the desk's
draft and every store's name the new ticker, and the renaming workstation's refused change closes.

Before, the desk's draft kept the old ticker (its PDF printed 【688608.SH】 where the theme named
恒玄科技, the preflight warned the stock was no company), and the renamer's change waited as a
listing until the lease ended, to meet the holder's edits as a conflict. Truths: the demo's own draft
(its first theme names 恒玄科技 688608.SH); the desk read as the superuser; stores compared table by
table with the desk."""

from __future__ import annotations

import psycopg
from desk_testing import same_everywhere

from workbench.desk.leases import release_lease, take_lease
from workbench.desk.sync import sync
from workbench.store import sync_state as state

OLD, NEW = "688608.SH", "688609.SH"


def draft_id(store) -> int:
    [row] = [r for r in store.issues() if r["status"] == "draft"]
    return row["id"]


def desk_theme_tickers(desk, uid) -> list[str]:
    import json

    with psycopg.connect(desk.super_url) as conn:
        content = conn.execute("SELECT data->>'content' FROM desk.rows WHERE tbl = 'issues' AND key = %s",
                               [uid]).fetchone()[0]
    return json.loads(content)["themes"][0]["tickers"]


def test_the_lease_holder_takes_the_rename_into_its_draft_and_everyone_ends_equal(pair):
    desk, (a, admin), (b, analyst) = pair
    issue = draft_id(a)
    uid = state.issue_uid(a, issue)[1]
    sync(b, analyst)
    take_lease(a, issue, admin)  # the holder, editing the draft
    assert OLD in desk_theme_tickers(desk, uid)
    b.rename_ticker(OLD, NEW)
    sync(b, analyst)  # the draft's change is refused (a holds it); the company's rename lands
    assert OLD in desk_theme_tickers(desk, uid)
    r = sync(a, admin)
    assert r.conflicts == 0
    mine = a.issue(draft_id(a)).themes[0].tickers
    assert NEW in mine and OLD not in mine
    on_desk = desk_theme_tickers(desk, uid)
    assert NEW in on_desk and OLD not in on_desk
    # written as the holder's own edit of the draft, on the desk too
    with psycopg.connect(desk.super_url) as conn:
        writer = conn.execute("SELECT writer FROM desk.rows WHERE tbl = 'issues' AND key = %s", [uid]).fetchone()[0]
    assert writer == psycopg.conninfo.conninfo_to_dict(admin.url)["user"]
    sync(b, analyst)
    theirs = b.issue(draft_id(b)).themes[0].tickers
    assert NEW in theirs and OLD not in theirs
    assert [c for c in state.conflicts(b) if c["tbl"] == "issues"] == []  # (the refused change closed)
    same_everywhere(desk, a, b)
    release_lease(a, issue, admin)
    sync(b, analyst)
    sync(a, admin)
    same_everywhere(desk, a, b)


def test_the_holders_draft_prints_the_renamed_company_by_name_on_both_workstations(pair, tmp_path):
    """What the readers see: the draft's PDF, exported on the holder's workstation and on the renamer's
    after both synced, prints the theme's stock by its name, never 【688608.SH】, with no warning of it."""
    import pypdf

    from workbench.report.export import export_pdf
    from workbench.report.preflight import preflight

    desk, (a, admin), (b, analyst) = pair
    sync(b, analyst)
    take_lease(a, draft_id(a), admin)
    b.rename_ticker(OLD, NEW)
    sync(b, analyst)
    sync(a, admin)
    sync(b, analyst)
    for name, store in (("holder", a), ("renamer", b)):
        issue_id = draft_id(store)
        warnings = [w.message for w in preflight(store, issue_id).warnings]
        assert not [w for w in warnings if OLD in w or NEW in w], (name, warnings)
        export_pdf(store, issue_id, tmp_path / f"{name}.pdf")
        text = "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(str(tmp_path / f"{name}.pdf")).pages)
        assert "【恒玄科技】" in text and "【688608.SH】" not in text, name


def test_a_sync_cut_as_it_takes_the_rename_still_brings_the_holders_draft_to_the_new_ticker(pair, monkeypatch):
    """The holder's sync takes the rename and the connection drops as it asks the desk which leases
    it holds: the pull and the draft's re-pointing land together or not at all, so the next sync
    (which would not pull the deletion again had the pull landed alone) re-points and sends it."""
    import pytest

    from workbench.desk import sync as desk_sync
    from workbench.desk.errors import DeskOffline

    desk, (a, admin), (b, analyst) = pair
    issue = draft_id(a)
    uid = state.issue_uid(a, issue)[1]
    sync(b, analyst)
    take_lease(a, issue, admin)
    b.rename_ticker(OLD, NEW)
    sync(b, analyst)

    def cut(*args, **kwargs):
        raise psycopg.OperationalError("connection lost")

    with monkeypatch.context() as m:
        m.setattr(desk_sync, "_follow_renames_in_held_drafts", cut)
        with pytest.raises((DeskOffline, psycopg.OperationalError)):
            sync(a, admin)
    sync(a, admin)
    assert NEW in a.issue(issue).themes[0].tickers
    assert NEW in desk_theme_tickers(desk, uid) and OLD not in desk_theme_tickers(desk, uid)


def test_a_store_not_holding_the_lease_leaves_the_draft_to_the_desk(pair, tmp_path):
    """The draft's lease is held on a workstation that stays offline: a third workstation that pulls the
    rename and holds nothing changes nothing of the draft (it is the holder's to change), and ends equal
    to the desk."""
    desk, (a, admin), (b, analyst) = pair
    other = desk.user("analyst")
    c = desk.join(tmp_path / "c.sqlite", other)
    issue = draft_id(b)
    uid = state.issue_uid(b, issue)[1]
    take_lease(b, issue, analyst)  # b holds it, and stays offline
    a.rename_ticker(OLD, NEW)
    sync(a, admin)
    assert OLD in desk_theme_tickers(desk, uid)
    sync(c, other)
    assert OLD in c.issue(draft_id(c)).themes[0].tickers
    assert not [k for k in state.pending(c).keys if k[0] == "issues"]
    same_everywhere(desk, c)
