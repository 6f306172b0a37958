"""Rewriting a store's published record as an attacker with write access to the file would: the
guarding triggers dropped, the rows changed, the hash chain recomputed (it has no key) and the
triggers put back as they were. Imported by name (``from forgery_testing import …``)."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from workbench.store.schema import RECORD_FIELDS, register_record_functions, version_record_sha256


@contextmanager
def rewritten_record(path):
    """A connection to the store at ``path`` with the record's guards off; on leaving, the version
    chain is recomputed over the rows as they then are, the guards restored and all committed."""
    conn = sqlite3.connect(path)
    register_record_functions(conn)
    try:
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                     "AND tbl_name IN ('issue_versions', 'version_chain')").fetchall())
        for name in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        yield conn
        prev = None
        for seq, issue_id, v in conn.execute("SELECT seq, issue_id, version FROM version_chain ORDER BY seq").fetchall():
            row = conn.execute(f"SELECT {', '.join(RECORD_FIELDS)} FROM issue_versions WHERE issue_id = ? "
                               "AND version = ?", [issue_id, v]).fetchone()
            digest = version_record_sha256(prev, *row)
            conn.execute("UPDATE version_chain SET prev_sha256 = ?, record_sha256 = ? WHERE seq = ?",
                         [prev, digest, seq])
            prev = digest
        for sql in triggers.values():
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
