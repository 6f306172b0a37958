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
