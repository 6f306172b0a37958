"""The database itself protects the publication record: raw SQL on the store file, not through the Store.

A published version (PDF, snapshot, text) and a published issue's status log can be added to but
never changed or deleted, whatever program opens the file; a never-published draft's log stays free.
"""

from __future__ import annotations

import sqlite3

import pytest

from workbench.drafting.lifecycle import change_status, copy_forward
from workbench.store import Store

REFUSED = "cannot be changed"


def publish(store: Store) -> int:
    issue = store.issue("latest")
    change_status(store, issue.id, "review", by="analyst")
    change_status(store, issue.id, "final", by="editor")
    return issue.id


def raw(path):
    """A plain sqlite3 connection to the store file, as any other program would open it."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 5000")
    return con


@pytest.fixture
def published(demo_path):
    with Store(demo_path) as store:
        issue_id = publish(store)
        draft_id = copy_forward(store, issue_id, by="编辑").id  # a draft that was never published
    con = raw(demo_path)
    yield con, issue_id, draft_id
    con.close()


def record(con, issue_id):
    versions = con.execute("SELECT * FROM issue_versions WHERE issue_id = ? ORDER BY version", [issue_id]).fetchall()
    log = con.execute("SELECT * FROM issue_log WHERE issue_id = ? ORDER BY id", [issue_id]).fetchall()
    return versions, log


@pytest.mark.parametrize("sql", [
    "UPDATE issue_versions SET pdf_sha256 = '0000' WHERE issue_id = {id}",
    "UPDATE issue_versions SET pdf = x'255044462d' WHERE issue_id = {id}",
    "UPDATE issue_versions SET issue_json = '{{}}' WHERE issue_id = {id}",
    "DELETE FROM issue_versions WHERE issue_id = {id}",
])
def test_a_published_version_cannot_be_changed_or_deleted(published, sql):
    con, issue_id, _ = published
    before = record(con, issue_id)
    assert len(before[0]) == 1
    with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
        con.execute(sql.format(id=issue_id))
    assert record(con, issue_id) == before


@pytest.mark.parametrize("sql", [
    "UPDATE issue_log SET by = '别人' WHERE issue_id = {id}",
    "UPDATE issue_log SET at = '2020-01-01T00:00:00' WHERE issue_id = {id}",
    "DELETE FROM issue_log WHERE issue_id = {id}",
])
def test_a_published_issues_status_log_cannot_be_rewritten(published, sql):
    con, issue_id, _ = published
    before = record(con, issue_id)
    assert [row for row in before[1]]  # the log has the draft -> review -> final steps
    with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
        con.execute(sql.format(id=issue_id))
    assert record(con, issue_id) == before


def test_a_never_published_drafts_log_is_not_protected(published):
    """The log's protection depends on a published version existing: a draft's log may be tidied."""
    con, _, draft_id = published
    con.execute("UPDATE issue_log SET by = '编辑' WHERE issue_id = ?", [draft_id])
    assert {r[0] for r in con.execute("SELECT by FROM issue_log WHERE issue_id = ?", [draft_id])} == {"编辑"}
    con.execute("DELETE FROM issue_log WHERE issue_id = ?", [draft_id])
    assert con.execute("SELECT count(*) FROM issue_log WHERE issue_id = ?", [draft_id]).fetchone()[0] == 0


def test_one_statement_touching_both_is_refused_whole(published):
    """An UPDATE over every log row is refused as a whole: the draft's rows are not changed either."""
    con, issue_id, draft_id = published
    before, draft_before = record(con, issue_id), record(con, draft_id)
    with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
        con.execute("UPDATE issue_log SET by = 'x'")
    assert record(con, issue_id) == before and record(con, draft_id) == draft_before


def test_the_protection_survives_reopening_the_store(published, demo_path):
    con, issue_id, _ = published
    con.close()
    with Store(demo_path):  # opening runs the migrations again
        pass
    again = raw(demo_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
            again.execute("DELETE FROM issue_versions")
        with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
            again.execute("UPDATE issue_log SET reason = 'x' WHERE issue_id = ?", [issue_id])
    finally:
        again.close()


def test_a_correction_adds_a_version_and_keeps_the_first(demo_path):
    """Adding to the record is allowed: the trigger refuses rewriting, not publishing."""
    from workbench.drafting.lifecycle import open_correction

    with Store(demo_path) as store:
        issue_id = publish(store)
        first = store.versions(issue_id)[0]["pdf_sha256"]
        open_correction(store, issue_id, reason="更正", by="editor")
        change_status(store, issue_id, "review", by="analyst")
        change_status(store, issue_id, "final", by="editor")
    con = raw(demo_path)
    try:
        rows = con.execute("SELECT version, pdf_sha256 FROM issue_versions WHERE issue_id = ? ORDER BY version",
                           [issue_id]).fetchall()
    finally:
        con.close()
    assert [v for v, _ in rows] == [1, 2] and rows[0][1] == first
