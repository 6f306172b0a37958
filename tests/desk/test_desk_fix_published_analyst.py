"""An analyst whose store holds an issue published there (joined with --keep-both, say): the desk
refuses it (only an editor publishes), and it is listed once, not also as the desk's deletion of
it; keeping theirs keeps the published record here and stops offering it (its refused status log
and version with it), so nothing of it is left open; the
join's note says the desk refused it, never that it went. Against a real PostgreSQL desk."""

from __future__ import annotations

import shutil

import pytest
from desk_testing import Desk, server_tables

from workbench.desk.sync import join, resolve, sync
from workbench.drafting.lifecycle import change_status
from workbench.store import Store, sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")


@pytest.fixture
def published_here(pg_cluster, desk_db, demo_path, demo_store_template, tmp_path):
    """The demo on a desk; a second store holding the demo's issue made and published on another
    workstation (another identity); an analyst to join with it, and an editor."""
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    second = tmp_path / "second.sqlite"
    shutil.copy(demo_store_template, second)
    with Store(second) as s:
        s.db.execute("UPDATE issues SET uid = 'another-' || uid")
        s.db.conn.commit()
        issue = s.issue("latest").id
        change_status(s, issue, "review", by="林")
        change_status(s, issue, "final", by="林")
        uid = s.scalar("SELECT uid FROM issues WHERE id = ?", [issue])
    return desk, second, uid, desk.user("analyst"), desk.user("editor")


def test_an_analysts_published_issue_is_listed_once_and_keeping_theirs_keeps_it_here(published_here):
    desk, second, uid, analyst, editor = published_here
    store = Store(second)
    try:
        result = join(store, analyst.url, password=analyst.password, confirm=lambda plan: True, keep_both=True)
        assert not any("went to the desk" in n for n in result.notes), result.notes
        assert any("refused" in n and "2024-12-23" in n for n in result.notes), result.notes
        assert uid not in server_tables(desk.super_url)["issues"]
        listed = [c for c in sync_state.conflicts(store) if c["tbl"] == "issues" and c["key"] == uid]
        assert len(listed) == 1 and listed[0]["kind"] == "refused"

        resolve(store, listed[0]["id"], "theirs")
        mine = [c for c in sync_state.conflicts(store) if c["key"] == uid or (c["mine"] or {}).get("issue") == uid]
        assert mine == []  # its status log and version settled with it
        kept = store.issue(store.scalar("SELECT id FROM issues WHERE uid = ?", [uid]))
        assert kept.status == "final" and store.versions(kept.id)  # the published record stays here
        again = sync(store, analyst)
        assert again.refused == 0 and again.conflicts == 0
        assert not [c for c in sync_state.conflicts(store)
                    if c["key"] == uid or (c["mine"] or {}).get("issue") == uid]  # nothing new of it
        assert uid not in server_tables(desk.super_url)["issues"]  # no longer offered
    finally:
        store.close()
