"""An issue whose two sides differ in nothing a user sees (its time of saving and its derived search
text only) is never left listed: saved again unchanged, put back to the desk's text, or a desk
conflict whose sides differ only so (settled at the sync that fetches it, even while the store's
own later edit waits under a colleague's lease); a real change refused the same way still is.
Against a real PostgreSQL desk."""

from __future__ import annotations

from workbench.desk.leases import take_lease
from workbench.desk.sync import sync
from workbench.store import sync_state


def _issues_listed(store):
    return [c for c in sync_state.conflicts(store) if c["tbl"] == "issues"]


def test_a_resave_refused_under_a_lease_lists_no_conflict(pair):
    desk, (a, ca), (b, cb) = pair
    issue_id = b.issue("latest").id
    take_lease(b, issue_id, cb)
    issue = a.issue(issue_id)
    before = a.issue(issue_id).content_json()
    a.save_issue(issue)  # the same text, saved again
    [(tbl, key)] = [k for k in sync_state.pending(a).keys if k[0] == "issues"] or [(None, None)]
    assert tbl == "issues"  # the truth: the save is a change waiting to be pushed
    assert a.issue(issue_id).content_json() == before
    sync(a, ca)
    assert _issues_listed(a) == []


def test_a_real_change_refused_under_a_lease_is_still_listed(pair):
    desk, (a, ca), (b, cb) = pair
    issue_id = b.issue("latest").id
    take_lease(b, issue_id, cb)
    issue = a.issue(issue_id)
    issue.headline = issue.headline + "（改）"
    a.save_issue(issue)
    sync(a, ca)
    assert len(_issues_listed(a)) == 1


def test_a_change_put_back_to_the_desks_text_under_a_lease_lists_nothing_more(pair):
    desk, (a, ca), (b, cb) = pair
    issue_id = b.issue("latest").id
    take_lease(b, issue_id, cb)
    issue = a.issue(issue_id)
    headline = issue.headline
    issue.headline = headline + "（改）"
    a.save_issue(issue)
    sync(a, ca)
    [first] = _issues_listed(a)
    issue = a.issue(issue_id)
    issue.headline = headline  # put back as the desk has it
    a.save_issue(issue)
    sync(a, ca)
    listed = _issues_listed(a)
    shown = [sync_state.compared("issues", c["mine"]) != sync_state.compared("issues", c["theirs"]) for c in listed]
    assert all(shown), [(c["id"], c["kind"]) for c in listed]


def test_a_desk_conflict_differing_only_in_what_no_user_sees_is_not_listed(pair):
    """The QA desk's case: this store's side of an issue equal to the desk's in all it shows, its
    time of saving and its search text (derived, stale) apart: nothing to settle."""
    import json

    import psycopg

    desk, (a, ca), (b, cb) = pair
    sync(a, ca)
    issue_id = a.issue("latest").id
    _, uid = sync_state.issue_uid(a, issue_id)
    with psycopg.connect(desk.super_url) as su:
        current = "desk.current" if su.execute("SELECT to_regclass('desk.current')").fetchone()[0] else "desk.rows"
        [theirs] = su.execute(f"SELECT data FROM {current} WHERE tbl = 'issues' AND key = %s", [uid]).fetchone()
        same = dict(theirs, updated_at="2026-12-01T01:15:23+00:00", search_text="旧的检索文本")
        changed = dict(same, headline=theirs["headline"] + "（改）")
        for mine in (same, changed):  # (refusals of this workstation's pushes: listed by its own user)
            su.execute("INSERT INTO desk.conflicts (tbl, key, kind, mine, theirs, ws, by) VALUES "
                       "('issues', %s, 'refused', %s, %s, %s, %s)",
                       [uid, json.dumps(mine), json.dumps(theirs), a.workstation_id(), ca.user])
    take_lease(b, issue_id, cb)  # a colleague holds the draft: the store's own later edit waits here
    issue = a.issue(issue_id)  # (its row is neither side any more)
    issue.advice = (issue.advice or "") + "（补充）"
    a.save_issue(issue)
    sync(a, ca)
    listed = _issues_listed(a)
    assert [c for c in listed if c["mine"].get("search_text") == "旧的检索文本" and
            c["mine"]["headline"] == theirs["headline"]] == []
    assert [c["mine"]["headline"] for c in listed if c["mine"].get("search_text") == "旧的检索文本"] == [changed["headline"]]
    # the truth: the one left out differs from the desk's only in fields the conflict view never shows
    assert {k for k in same if same[k] != theirs.get(k)} == {"updated_at", "search_text"}
