"""The store's one schema history, applied on open (sqlite-utils Migrations)."""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("workbench")


@migrations()
def m001_initial(db):
    """Everything the first release stores."""
    db.execute("""
        CREATE TABLE house (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name_zh TEXT NOT NULL DEFAULT '',
            name_en TEXT NOT NULL DEFAULT '',
            licence TEXT NOT NULL DEFAULT '',
            footer TEXT NOT NULL DEFAULT '请务必阅读尾页重要声明',
            series TEXT NOT NULL DEFAULT '[]',
            declaration TEXT NOT NULL DEFAULT '',
            disclaimer TEXT NOT NULL DEFAULT '',
            ratings TEXT NOT NULL DEFAULT '{}',
            fonts TEXT NOT NULL DEFAULT '{}',
            colour TEXT NOT NULL DEFAULT '#8B1A1A'
        )""")
    db.execute("INSERT INTO house (id) VALUES (1)")
    db.execute("""
        CREATE TABLE analysts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            sac_no TEXT NOT NULL UNIQUE,
            contact TEXT
        )""")
    db.execute("""
        CREATE TABLE segments (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            position INTEGER NOT NULL
        )""")
    db.execute("""
        CREATE TABLE companies (
            ticker TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            full_name TEXT,
            segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
            industry TEXT,
            position INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("CREATE INDEX companies_segment ON companies(segment_id, position)")
    db.execute("""
        CREATE TABLE facts (
            ticker TEXT NOT NULL REFERENCES companies(ticker) ON DELETE CASCADE,
            metric TEXT NOT NULL,
            period TEXT NOT NULL,
            value REAL,
            source TEXT,
            as_of TEXT,
            PRIMARY KEY (ticker, metric, period)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE indices (
            id INTEGER PRIMARY KEY,
            code TEXT UNIQUE,
            name TEXT NOT NULL UNIQUE,
            name_en TEXT,
            is_benchmark INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL DEFAULT 0,
            sample INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE quotes (
            index_id INTEGER NOT NULL REFERENCES indices(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            close REAL NOT NULL,
            change REAL,
            source TEXT,
            PRIMARY KEY (index_id, date)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE datasets (
            name TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '[]',
            series TEXT NOT NULL DEFAULT '{}'
        )""")
    db.execute("""
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '',
            themes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE note_companies (
            note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
            ticker TEXT NOT NULL REFERENCES companies(ticker) ON DELETE CASCADE,
            PRIMARY KEY (note_id, ticker)
        )""")
    db.execute("""
        CREATE TABLE issues (
            id INTEGER PRIMARY KEY,
            series TEXT NOT NULL,
            headline TEXT NOT NULL,
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            publish_date TEXT NOT NULL,
            industry TEXT NOT NULL DEFAULT '',
            rating TEXT NOT NULL DEFAULT '增持',
            rating_action TEXT NOT NULL DEFAULT '维持',
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'review', 'final')),
            content TEXT NOT NULL DEFAULT '{}',
            search_text TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT
        )""")
    db.execute("""
        CREATE TABLE issue_analysts (
            issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
            analyst_id INTEGER NOT NULL REFERENCES analysts(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (issue_id, analyst_id)
        )""")
    db.execute("""
        CREATE TABLE issue_log (
            id INTEGER PRIMARY KEY,
            issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            version INTEGER NOT NULL,
            reason TEXT
        )""")
    db.execute("""
        CREATE TABLE issue_versions (
            issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            frozen_at TEXT NOT NULL,
            frozen_by TEXT NOT NULL,
            reason TEXT,
            issue_json TEXT NOT NULL,
            snapshot_json TEXT NOT NULL,
            pdf BLOB,
            pdf_sha256 TEXT,
            PRIMARY KEY (issue_id, version)
        )""")
    db.execute("""
        CREATE TABLE autosaves (
            issue_id INTEGER PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
            saved_at TEXT NOT NULL,
            issue_json TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT
        )""")
    # Full-text search. The trigram tokenizer matches any run of three or more characters,
    # which is what Chinese text (no spaces between words) needs.
    for table, cols in (("issues", ("headline", "search_text")), ("notes", ("text", "tags", "themes"))):
        col_list = ", ".join(cols)
        db.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5({col_list}, content='{table}', "
                   f"content_rowid='id', tokenize='trigram')")
        new_vals = ", ".join(f"new.{c}" for c in cols)
        old_vals = ", ".join(f"old.{c}" for c in cols)
        db.execute(f"""CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
            INSERT INTO {table}_fts (rowid, {col_list}) VALUES (new.id, {new_vals}); END""")
        db.execute(f"""CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
            INSERT INTO {table}_fts ({table}_fts, rowid, {col_list}) VALUES ('delete', old.id, {old_vals}); END""")
        db.execute(f"""CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN
            INSERT INTO {table}_fts ({table}_fts, rowid, {col_list}) VALUES ('delete', old.id, {old_vals});
            INSERT INTO {table}_fts (rowid, {col_list}) VALUES (new.id, {new_vals}); END""")



@migrations()
def m002_import_log(db):
    """A record of every import: which file, what it held, what it changed."""
    db.execute("""
        CREATE TABLE import_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL,
            added INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            unchanged INTEGER NOT NULL
        )""")


@migrations()
def m003_keep_published_records(db):
    """Published versions, and the status log of a published issue, are the house's five-year
    record: the database itself refuses to change or delete them."""
    message = "发布记录不可修改或删除 (the publication record cannot be changed)"
    for event in ("UPDATE", "DELETE"):
        db.execute(f"""CREATE TRIGGER issue_versions_no_{event.lower()} BEFORE {event} ON issue_versions
            BEGIN SELECT RAISE(ABORT, '{message}'); END""")
        db.execute(f"""CREATE TRIGGER issue_log_no_{event.lower()} BEFORE {event} ON issue_log
            WHEN EXISTS (SELECT 1 FROM issue_versions WHERE issue_id = old.issue_id)
            BEGIN SELECT RAISE(ABORT, '{message}'); END""")


# Global identity (desk synchronisation): rows that have a store-local integer id also carry a
# random UUID, the same on every workstation, so rows made on two workstations never collide.
UID_TABLES = ("analysts", "segments", "indices", "notes", "issues", "issue_log")
NEW_UID_SQL = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)"
               " || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)"
               " || '-' || hex(randomblob(6)))")


@migrations()
def m030_global_identity(db):
    """A `uid` (UUID text, unique) on every row with a store-local integer id; existing rows get one."""
    # Full-text search follows the searched columns only, so that giving a row its uid (an
    # UPDATE right after the INSERT) never touches the index before the row is in it.
    for table, cols in (("issues", ("headline", "search_text")), ("notes", ("text", "tags", "themes"))):
        col_list = ", ".join(cols)
        new_vals = ", ".join(f"new.{c}" for c in cols)
        old_vals = ", ".join(f"old.{c}" for c in cols)
        db.execute(f"DROP TRIGGER {table}_au")
        db.execute(f"""CREATE TRIGGER {table}_au AFTER UPDATE OF {col_list} ON {table} BEGIN
            INSERT INTO {table}_fts ({table}_fts, rowid, {col_list}) VALUES ('delete', old.id, {old_vals});
            INSERT INTO {table}_fts (rowid, {col_list}) VALUES (new.id, {new_vals}); END""")
    for table in UID_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN uid TEXT")
        # the status log of a published issue is protected against UPDATE: lift its guards for
        # this one assignment, then put them back exactly as they were
        guards = [r[0] for r in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql LIKE '%BEFORE UPDATE%'",
            [table]).fetchall()] if table == "issue_log" else []
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql LIKE '%BEFORE UPDATE%'",
            [table]).fetchall()] if table == "issue_log" else []
        for name in names:
            db.execute(f"DROP TRIGGER {name}")
        db.execute(f"UPDATE {table} SET uid = {NEW_UID_SQL} WHERE uid IS NULL")
        for sql in guards:
            db.execute(sql)
        db.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)")
        # new rows get theirs as they are inserted, whatever writes them (the status log of a
        # published issue is written with its uid by the store: its guards refuse any UPDATE)
        when = "new.uid IS NULL"
        if table == "issue_log":
            when += " AND NOT EXISTS (SELECT 1 FROM issue_versions WHERE issue_id = new.issue_id)"
        db.execute(f"CREATE TRIGGER {table}_new_uid AFTER INSERT ON {table} WHEN {when} BEGIN "
                   f"UPDATE {table} SET uid = {NEW_UID_SQL} WHERE rowid = new.rowid; END")
