"""A desk publication taken over this store's own final of a version (``taken_publications``) is a
published record: once written, SQLite itself refuses to change any of its fields or to delete it,
through the workbench's connection and through any other program's opening the file, and the row
reads back as written. No desk needed: the record is written as a settlement writes it, over the
store's own v1. Truth: the bytes written here, read back with plain sqlite3, SHA-256 by hashlib."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from workbench.drafting.lifecycle import change_status
from workbench.store.schema import RECORD_FIELDS, taken_record_sha256

REFUSED = "发布记录不可修改或删除"
DESK_PDF = b"%PDF-1.4\n% the desk's own v1, frozen by li\n%%EOF\n"


def _take(store) -> dict:
    """The demo's issue finalised here; a desk publication of its v1 written over it as taken."""
    issue = store.issue("latest")
    change_status(store, issue.id, "review", by="wang")
    change_status(store, issue.id, "final", by="wang")
    own = store.rows("SELECT * FROM issue_versions WHERE issue_id = ? AND version = 1", [issue.id])[0]
    over = store.scalar("SELECT record_sha256 FROM version_chain WHERE issue_id = ? AND version = 1", [issue.id])
    record = {"issue_id": issue.id, "version": 1, "frozen_at": "2025-01-05T10:00:00", "frozen_by": "li",
              "reason": None, "issue_json": own["issue_json"], "snapshot_json": own["snapshot_json"],
              "pdf_sha256": hashlib.sha256(DESK_PDF).hexdigest()}
    sha = taken_record_sha256(None, over, *(record[f] for f in RECORD_FIELDS))
    with store.transaction():
        store.db.execute(f"INSERT INTO taken_publications ({', '.join(RECORD_FIELDS)}, pdf, over_sha256, "
                         f"prev_sha256, record_sha256) VALUES ({', '.join('?' * (len(RECORD_FIELDS) + 4))})",
                         [*(record[f] for f in RECORD_FIELDS), DESK_PDF, over, None, sha])
    return dict(record, pdf=DESK_PDF, over_sha256=over, prev_sha256=None, record_sha256=sha)


def _read(path) -> list[dict]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("SELECT * FROM taken_publications")]
    finally:
        con.close()


CHANGES = [("frozen_by", "wang"), ("pdf", b"%PDF-1.4\n% another\n%%EOF\n"), ("pdf_sha256", "0" * 64),
           ("snapshot_json", "{}"), ("record_sha256", "f" * 64)]


def test_the_store_refuses_to_change_or_delete_a_taken_record(demo_store):
    written = _take(demo_store)
    for column, value in CHANGES:
        with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
            with demo_store.transaction():
                demo_store.db.execute(f"UPDATE taken_publications SET {column} = ?", [value])
    with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
        with demo_store.transaction():
            demo_store.db.execute("DELETE FROM taken_publications")
    [row] = _read(demo_store.path)
    assert {k: row[k] for k in written} == written
    assert hashlib.sha256(row["pdf"]).hexdigest() == row["pdf_sha256"]


def test_another_program_opening_the_file_cannot_change_a_taken_record(demo_store):
    written = _take(demo_store)
    path = demo_store.path
    demo_store.close()
    con = sqlite3.connect(path)
    try:
        for column, value in CHANGES:
            with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
                with con:
                    con.execute(f"UPDATE taken_publications SET {column} = ?", [value])
    finally:
        con.close()
    [row] = _read(path)
    assert {k: row[k] for k in written} == written
