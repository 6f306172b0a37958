"""A correction of a published issue, once in review on one workstation, reaches the others for
review: a store holding the published v1 takes the desk's v2 in review (its text, status and
version) the way a local correction goes, never refusing it as a change to the publication record;
the published v1 stays as it was. Against a real PostgreSQL desk."""

from __future__ import annotations

from desk_testing import local_tables, normalised, server_tables

from workbench.desk.sync import sync
from workbench.drafting.lifecycle import change_status, open_correction
from workbench.store import sync_state


def _published(store) -> list[tuple[int, str]]:
    return [(v["version"], v["pdf_sha256"]) for v in store.versions(store.issue("latest").id)]


def test_a_correction_in_review_is_taken_by_a_store_holding_the_published_version(pair):
    desk, (a, ca), (b, cb) = pair
    issue_id = a.issue("latest").id
    change_status(a, issue_id, "review", by="编辑甲")
    change_status(a, issue_id, "final", by="编辑甲")
    sync(a, ca)
    sync(b, cb)
    assert b.issue("latest").status == "final" and b.issue("latest").version == 1
    v1 = _published(b)

    open_correction(a, issue_id, reason="更正措辞", by="编辑甲")
    corrected = a.issue(issue_id)
    corrected.headline = "周观点：更正后的标题"
    a.save_issue(corrected)
    change_status(a, issue_id, "review", by="编辑甲")
    sync(a, ca)
    result = sync(b, cb)

    taken = b.issue("latest")
    assert (taken.status, taken.version, taken.headline) == ("review", 2, "周观点：更正后的标题")
    assert result.refused == 0 and not [c for c in sync_state.conflicts(b) if c["tbl"] == "issues"]
    assert _published(b) == v1  # the published v1 untouched
    assert normalised(local_tables(b)) == normalised(server_tables(desk.super_url))
