"""The store's one schema history, applied on open (sqlite-utils Migrations)."""

from __future__ import annotations

import json
import re

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


# The change log: every change of a fact, a quote or a company field is appended to change_log
# in the same transaction as the change. A write operation is a batch (change_batches); the store
# names the current batch in the one-row change_context table (triggers in the main schema cannot
# read TEMP tables) and the source cell of an imported value travels in the written row
# (facts.src_row, facts.src_col). Triggers log every update and delete of a fact and every change
# of a quote or a company, whatever the path; a new fact is logged by the store's write functions
# in one set-based statement (rows marked with facts.log_mark), because a per-row insert trigger
# would make a million-row import several times slower. Global identity of a change is
# (the store's workstation_id setting, seq).
_LOG_COLUMNS = "batch_id, entity, key1, key2, key3, op, old, new, source, as_of, src_row, src_col"
_CURRENT_BATCH = "(SELECT batch_id FROM change_context WHERE id = 1)"
COMPANY_LOGGED_FIELDS = ("name", "full_name", "segment", "industry")


def _company_field(row: str, field: str) -> str:
    if field == "segment":
        return f"(SELECT name FROM segments WHERE id = {row}.segment_id)"
    return f"{row}.{field}"


def _quote_index(row: str) -> str:
    return (f"coalesce((SELECT coalesce(code, name) FROM indices WHERE id = {row}.index_id), "
            f"'#' || {row}.index_id)")


def _log(entity: str, keys: tuple[str, str, str], op: str, old: str, new: str, *,
         source: str = "NULL", as_of: str = "NULL", src_row: str = "NULL", src_col: str = "NULL",
         when: str | None = None) -> str:
    values = ", ".join((_CURRENT_BATCH, f"'{entity}'", *keys, f"'{op}'", old, new, source, as_of, src_row,
                        src_col))
    if when is None:
        return f"INSERT INTO change_log ({_LOG_COLUMNS}) VALUES ({values});"
    return f"INSERT INTO change_log ({_LOG_COLUMNS}) SELECT {values} WHERE {when};"


def _change_log_triggers(db) -> None:
    # facts: one log row per changed value
    fk_new = ("new.ticker", "new.metric", "new.period")
    fk_old = ("old.ticker", "old.metric", "old.period")
    same_key = "old.ticker = new.ticker AND old.metric = new.metric AND old.period = new.period"
    db.execute(f"""CREATE TRIGGER facts_log_update AFTER UPDATE ON facts
        WHEN {same_key} AND old.value IS NOT new.value BEGIN
        {_log('fact', fk_new, 'update', 'old.value', 'new.value', source='new.source', as_of='new.as_of',
              src_row='new.src_row', src_col='new.src_col')} END""")
    db.execute(f"""CREATE TRIGGER facts_log_rekey AFTER UPDATE ON facts WHEN NOT ({same_key}) BEGIN
        {_log('fact', fk_old, 'delete', 'old.value', 'NULL', source='old.source', as_of='old.as_of')}
        {_log('fact', fk_new, 'insert', 'NULL', 'new.value', source='new.source', as_of='new.as_of',
              src_row='new.src_row', src_col='new.src_col')} END""")
    db.execute(f"""CREATE TRIGGER facts_log_delete AFTER DELETE ON facts BEGIN
        {_log('fact', fk_old, 'delete', 'old.value', 'NULL', source='old.source', as_of='old.as_of')} END""")

    # quotes: close and change are two values of one (index, date)
    qk_new, qk_old = (_quote_index("new"), "new.date"), (_quote_index("old"), "old.date")
    ins = "".join(_log("quote", (*qk_new, f"'{f}'"), "insert", "NULL", f"new.{f}", source="new.source",
                       when=f"new.{f} IS NOT NULL") for f in ("close", "change"))
    upd = "".join(_log("quote", (*qk_new, f"'{f}'"), "update", f"old.{f}", f"new.{f}", source="new.source",
                       when=f"old.{f} IS NOT new.{f}") for f in ("close", "change"))
    dele = "".join(_log("quote", (*qk_old, f"'{f}'"), "delete", f"old.{f}", "NULL", source="old.source",
                        when=f"old.{f} IS NOT NULL") for f in ("close", "change"))
    same_qkey = "old.index_id = new.index_id AND old.date = new.date"
    db.execute(f"CREATE TRIGGER quotes_log_insert AFTER INSERT ON quotes BEGIN {ins} END")
    db.execute(f"CREATE TRIGGER quotes_log_update AFTER UPDATE ON quotes WHEN {same_qkey} BEGIN {upd} END")
    db.execute(f"CREATE TRIGGER quotes_log_rekey AFTER UPDATE ON quotes WHEN NOT ({same_qkey}) "
               f"BEGIN {dele} {ins} END")
    db.execute(f"CREATE TRIGGER quotes_log_delete AFTER DELETE ON quotes BEGIN {dele} END")

    # companies: one log row per changed field
    def fields(row: str, op: str, when_template: str) -> str:
        out = []
        for f in COMPANY_LOGGED_FIELDS:
            old = _company_field("old", f) if op != "insert" else "NULL"
            new = _company_field("new", f) if op != "delete" else "NULL"
            out.append(_log("company", (f"{row}.ticker", f"'{f}'", "NULL"), op, old, new,
                            when=when_template.format(old=old, new=new)))
        return "".join(out)
    db.execute(f"CREATE TRIGGER companies_log_insert AFTER INSERT ON companies BEGIN "
               f"{fields('new', 'insert', '{new} IS NOT NULL')} END")
    db.execute(f"CREATE TRIGGER companies_log_update AFTER UPDATE ON companies WHEN old.ticker = new.ticker "
               f"BEGIN {fields('new', 'update', '{old} IS NOT {new}')} END")
    db.execute(f"CREATE TRIGGER companies_log_rekey AFTER UPDATE ON companies WHEN old.ticker != new.ticker "
               f"BEGIN {fields('old', 'delete', '{old} IS NOT NULL')} "
               f"{fields('new', 'insert', '{new} IS NOT NULL')} END")
    db.execute(f"CREATE TRIGGER companies_log_delete AFTER DELETE ON companies BEGIN "
               f"{fields('old', 'delete', '{old} IS NOT NULL')} END")


@migrations()
def m004_change_log(db):
    """The store's change log: a batch per write operation, a row per changed value, a workstation id."""
    import uuid

    db.execute("""
        CREATE TABLE change_batches (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL,
            file TEXT,
            sha256 TEXT,
            sheet TEXT,
            as_of TEXT,
            note TEXT,
            source TEXT,
            first_seq INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE change_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            batch_id INTEGER REFERENCES change_batches(id),
            entity TEXT NOT NULL,
            key1 TEXT NOT NULL,
            key2 TEXT,
            key3 TEXT,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
            old,
            new,
            source TEXT,
            as_of TEXT,
            src_row INTEGER,
            src_col TEXT
        )""")
    db.execute("CREATE INDEX change_log_key ON change_log(key1, key2, key3)")
    db.execute("CREATE TABLE change_context (id INTEGER PRIMARY KEY CHECK (id = 1), batch_id INTEGER)")
    db.execute("INSERT INTO change_context (id, batch_id) VALUES (1, NULL)")
    db.execute("ALTER TABLE facts ADD COLUMN src_row INTEGER")
    db.execute("ALTER TABLE facts ADD COLUMN src_col TEXT")
    db.execute("ALTER TABLE facts ADD COLUMN log_mark INTEGER")
    db.execute("ALTER TABLE import_log ADD COLUMN batch_id INTEGER REFERENCES change_batches(id)")
    db.execute("INSERT INTO settings (key, value) VALUES ('workstation_id', ?) "
               "ON CONFLICT(key) DO NOTHING", [str(uuid.uuid4())])

    # What an older store already holds becomes the log's starting entries (origin system).
    if db.execute("SELECT EXISTS (SELECT 1 FROM facts UNION ALL SELECT 1 FROM quotes "
                  "UNION ALL SELECT 1 FROM companies)").fetchone()[0]:
        from datetime import datetime, timezone

        at = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
        batch = db.execute("INSERT INTO change_batches (at, by, origin, note) VALUES (?, '', 'system', ?)",
                           [at, "升级前已有的数据 (data held before the change log existed)"]).lastrowid
        for f in COMPANY_LOGGED_FIELDS:
            value = "(SELECT name FROM segments s WHERE s.id = c.segment_id)" if f == "segment" else f"c.{f}"
            db.execute(f"INSERT INTO change_log ({_LOG_COLUMNS}) SELECT ?, 'company', c.ticker, '{f}', NULL, "
                       f"'insert', NULL, {value}, NULL, NULL, NULL, NULL FROM companies c "
                       f"WHERE {value} IS NOT NULL ORDER BY c.ticker", [batch])
        db.execute(f"INSERT INTO change_log ({_LOG_COLUMNS}) SELECT ?, 'fact', ticker, metric, period, 'insert', "
                   f"NULL, value, source, as_of, NULL, NULL FROM facts ORDER BY ticker, metric, period", [batch])
        for f in ("close", "change"):
            db.execute(f"INSERT INTO change_log ({_LOG_COLUMNS}) SELECT ?, 'quote', {_quote_index('q')}, q.date, "
                       f"'{f}', 'insert', NULL, q.{f}, q.source, NULL, NULL, NULL FROM quotes q "
                       f"WHERE q.{f} IS NOT NULL ORDER BY q.index_id, q.date", [batch])

    _change_log_triggers(db)
    # The log is append-only: what happened cannot be rewritten or erased afterwards.
    message = "变更记录不可修改或删除 (the change log cannot be changed)"
    for table in ("change_log", "change_batches"):
        db.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
    db.execute(f"CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log "
               f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
    # A batch that changed nothing may be dropped again; one that logged a change may not.
    db.execute(f"""CREATE TRIGGER change_batches_no_delete BEFORE DELETE ON change_batches
        WHEN EXISTS (SELECT 1 FROM change_log WHERE seq > old.first_seq AND batch_id = old.id)
          OR EXISTS (SELECT 1 FROM import_log WHERE batch_id = old.id)
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


# The desk's share of the change log: every other shared table logs its changed rows by global
# identity (entity = the table, key1 = the row's key, new = the row's image as JSON), so that a
# sync pushes exactly what changed since the last one. A published version is logged once.
def _image_sql(db, table: str, row: str) -> str:
    cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()
            if r[1] not in ("id", "pdf") and r[2].upper() != "BLOB"]
    return "json_object(" + ", ".join(f"'{c}', {row}.{c}" for c in cols) + ")"


def _desk_log_triggers(db, only: tuple[str, ...] | None = None) -> None:
    keyed = {  # table -> (key of the changed shared row, for new and old)
        "house": ("'house'", "'house'"),
        "analysts": ("new.uid", "old.uid"),
        "segments": ("new.uid", "old.uid"),
        "indices": ("new.uid", "old.uid"),
        "datasets": ("new.name", "old.name"),
        "notes": ("new.uid", "old.uid"),
        "issues": ("new.uid", "old.uid"),
        "issue_log": ("new.uid", "old.uid"),
        "issue_versions": ("(SELECT uid FROM issues WHERE id = new.issue_id) || '|' || new.version", None),
    }
    for table, (new_key, old_key) in keyed.items():
        if only is not None and table not in only:
            continue
        image_new, image_old = _image_sql(db, table, "new"), _image_sql(db, table, "old")
        keys_new = (new_key, "NULL", "NULL")
        db.execute(f"CREATE TRIGGER {table}_desk_insert AFTER INSERT ON {table} BEGIN "
                   f"{_log(table, keys_new, 'insert', 'NULL', image_new, when=f'{new_key} IS NOT NULL')} END")
        if old_key is None:
            continue
        db.execute(f"CREATE TRIGGER {table}_desk_update AFTER UPDATE ON {table} BEGIN "
                   f"{_log(table, (old_key, 'NULL', 'NULL'), 'delete', image_old, 'NULL', when=f'{old_key} IS NOT {new_key} AND {old_key} IS NOT NULL')}"
                   f"{_log(table, keys_new, 'update', image_old, image_new, when=f'{new_key} IS NOT NULL')} END")
        db.execute(f"CREATE TRIGGER {table}_desk_delete AFTER DELETE ON {table} BEGIN "
                   f"{_log(table, (old_key, 'NULL', 'NULL'), 'delete', image_old, 'NULL', when=f'{old_key} IS NOT NULL')} END")
    if only is not None:
        return
    # the links of a note to its companies and of an issue to its analysts belong to the note / issue
    for table, parent, fk in (("note_companies", "notes", "note_id"), ("issue_analysts", "issues", "issue_id")):
        for event, row in (("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new")):
            key = f"(SELECT uid FROM {parent} WHERE id = {row}.{fk})"
            db.execute(f"CREATE TRIGGER {table}_desk_{event.lower()} AFTER {event} ON {table} BEGIN "
                       f"{_log(parent, (key, 'NULL', 'NULL'), 'update', 'NULL', 'NULL', when=f'{key} IS NOT NULL')} END")


@migrations()
def m031_desk_sync(db):
    """What the store knows of the desk server, and the change log of every shared table."""
    db.execute("""
        CREATE TABLE sync_rows (
            tbl TEXT NOT NULL,
            key TEXT NOT NULL,
            rev INTEGER NOT NULL,
            PRIMARY KEY (tbl, key)
        ) WITHOUT ROWID""")
    # versions an older release's pulls left unapplied were not kept: a joined store's next push
    # checks every row it sends against the desk once
    db.execute("INSERT INTO settings (key, value) SELECT 'desk.check_all', '1' WHERE EXISTS "
               "(SELECT 1 FROM settings WHERE key = 'desk.url' AND value IS NOT NULL)")
    db.execute("""
        CREATE TABLE sync_conflicts (
            id INTEGER PRIMARY KEY,
            server_id INTEGER UNIQUE,
            tbl TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            mine TEXT,
            theirs TEXT,
            by TEXT,
            at TEXT,
            theirs_by TEXT,
            theirs_at TEXT,
            resolution TEXT CHECK (resolution IN ('mine', 'theirs')),
            resolved_at TEXT
        )""")
    _desk_log_triggers(db)


@migrations()
def m020_house_number_style(db):
    """The house's number style (thousands separators, decimals per kind); '{}' is the reference's style."""
    db.execute("ALTER TABLE house ADD COLUMN number_style TEXT NOT NULL DEFAULT '{}'")


@migrations()
def m005_change_log_runs(db):
    """A new fact's log entry is written in runs (one per write, sorted by key) that need no index.

    Keeping a key index on every inserted value made a million-row import half as fast again;
    the store finds a fact's insert entries by binary search in the run its row (facts.log_mark)
    or its deletion names (change_log.prev_run). Everything else stays indexed by key.
    """
    db.execute("ALTER TABLE change_log ADD COLUMN run INTEGER")
    db.execute("ALTER TABLE change_log ADD COLUMN prev_run INTEGER")
    db.execute("DROP INDEX change_log_key")
    db.execute("CREATE INDEX change_log_key ON change_log(key1, key2, key3) WHERE run IS NULL")
    # a deleted or re-keyed fact names the run holding its insert entry
    fk_old = ("old.ticker", "old.metric", "old.period")
    fk_new = ("new.ticker", "new.metric", "new.period")
    same_key = "old.ticker = new.ticker AND old.metric = new.metric AND old.period = new.period"
    delete = _log('fact', fk_old, 'delete', 'old.value', 'NULL', source='old.source', as_of='old.as_of')
    delete = delete.replace("src_row, src_col)", "src_row, src_col, prev_run)").replace(
        ", NULL, NULL);", ", NULL, NULL, old.log_mark);")
    assert "prev_run" in delete and "old.log_mark" in delete
    db.execute("DROP TRIGGER facts_log_rekey")
    db.execute("DROP TRIGGER facts_log_delete")
    db.execute(f"""CREATE TRIGGER facts_log_rekey AFTER UPDATE ON facts WHEN NOT ({same_key}) BEGIN
        {delete}
        {_log('fact', fk_new, 'insert', 'NULL', 'new.value', source='new.source', as_of='new.as_of',
              src_row='new.src_row', src_col='new.src_col')} END""")
    db.execute(f"CREATE TRIGGER facts_log_delete AFTER DELETE ON facts BEGIN {delete} END")


# Published records that cannot be forged. A version's record hash covers the version and the
# record hash of the version published before it in this store, so changing, removing or slipping
# in a version breaks every later link (``workbench verify`` names the first broken one). The
# hashes are computed by functions the store registers on its own connection (sha256 is no SQLite
# built-in), so a program writing the file directly cannot add a version at all.
RECORD_FIELDS = ("issue_id", "version", "frozen_at", "frozen_by", "reason", "issue_json", "snapshot_json",
                 "pdf_sha256")


def version_record_sha256(prev: str | None, *fields) -> str:
    """The record hash of one published version, chained to the previous version's record hash."""
    import hashlib
    import json

    payload = json.dumps([prev, *fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def register_record_functions(conn) -> None:
    """The SQL functions the record triggers call (every Store connection registers them)."""
    import hashlib

    conn.create_function("workbench_record_sha256", 1 + len(RECORD_FIELDS), version_record_sha256,
                         deterministic=True)
    conn.create_function("workbench_taken_sha256", 2 + len(RECORD_FIELDS), taken_record_sha256,
                         deterministic=True)
    conn.create_function("workbench_sha256", 1,
                         lambda data: None if data is None else hashlib.sha256(data).hexdigest(),
                         deterministic=True)


def known_migrations() -> list[str]:
    """The names of every migration this release knows, in order."""
    return [m.name for m in migrations._migrations]


def _final_issue_guard(db, refused: str) -> None:
    """A final issue's row stays as published except by a correction (final -> draft with the next
    version number, nothing else changed), a later version whose frozen record is already stored
    (published elsewhere and synchronised), or getting its uid: every column the table has now."""
    issue_cols = [r[1] for r in db.execute("PRAGMA table_info(issues)").fetchall()]
    fixed = " AND ".join([f"new.{c} IS old.{c}" for c in issue_cols
                          if c not in ("status", "version", "updated_at", "uid")]
                         + (["(old.uid IS NULL OR new.uid IS old.uid)"] if "uid" in issue_cols else []))
    db.execute(f"""CREATE TRIGGER issues_final_no_update BEFORE UPDATE ON issues
        WHEN old.status = 'final' AND NOT (
            ({fixed} AND ((new.status = 'draft' AND new.version = old.version + 1)
                          OR (new.status IS old.status AND new.version IS old.version)))
            OR (new.status = 'final' AND new.version > old.version
                AND EXISTS (SELECT 1 FROM issue_versions WHERE issue_id = old.id AND version = new.version)))
        BEGIN SELECT RAISE(ABORT, '{refused}'); END""")


@migrations()
def m006_unforgeable_records(db):
    """REPLACE cannot get around the record's guards, a published issue's row cannot be renamed or
    deleted, a version's PDF must match its SHA-256, and the versions are hash-chained."""
    refused = "发布记录不可修改或删除 (the publication record cannot be changed)"
    # INSERT OR REPLACE deletes the conflicting row without firing delete triggers: refuse the
    # insert itself when it would replace a record row
    db.execute(f"""CREATE TRIGGER issue_versions_no_replace BEFORE INSERT ON issue_versions
        WHEN EXISTS (SELECT 1 FROM issue_versions WHERE issue_id = new.issue_id AND version = new.version)
          OR EXISTS (SELECT 1 FROM issue_versions WHERE rowid = new.rowid)
        BEGIN SELECT RAISE(ABORT, '{refused}'); END""")
    log_cols = [r[1] for r in db.execute("PRAGMA table_info(issue_log)").fetchall()]
    uid_clash = " OR (new.uid IS NOT NULL AND l.uid = new.uid)" if "uid" in log_cols else ""
    db.execute(f"""CREATE TRIGGER issue_log_no_replace BEFORE INSERT ON issue_log
        WHEN EXISTS (SELECT 1 FROM issue_log l WHERE (l.id = new.id{uid_clash})
                     AND EXISTS (SELECT 1 FROM issue_versions v WHERE v.issue_id = l.issue_id))
        BEGIN SELECT RAISE(ABORT, '{refused}'); END""")
    # a published issue's own row: never deleted; while final, unchanged except by a correction
    published = "(old.status = 'final' OR EXISTS (SELECT 1 FROM issue_versions WHERE issue_id = old.id))"
    db.execute(f"""CREATE TRIGGER issues_published_no_delete BEFORE DELETE ON issues WHEN {published}
        BEGIN SELECT RAISE(ABORT, '{refused}'); END""")
    _final_issue_guard(db, refused)
    db.execute(f"""CREATE TRIGGER issues_published_no_replace BEFORE INSERT ON issues
        WHEN EXISTS (SELECT 1 FROM issues i WHERE i.id = new.id AND (i.status = 'final'
                     OR EXISTS (SELECT 1 FROM issue_versions WHERE issue_id = i.id)))
        BEGIN SELECT RAISE(ABORT, '{refused}'); END""")

    # the chain of published versions, in publication order
    db.execute("""
        CREATE TABLE version_chain (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            issue_id INTEGER NOT NULL,
            version INTEGER NOT NULL,
            prev_sha256 TEXT,
            record_sha256 TEXT NOT NULL,
            UNIQUE (issue_id, version)
        )""")
    fields = ", ".join(f"new.{c}" for c in RECORD_FIELDS)
    db.execute("""CREATE TRIGGER issue_versions_pdf_matches BEFORE INSERT ON issue_versions
        WHEN new.pdf IS NOT NULL AND workbench_sha256(new.pdf) IS NOT new.pdf_sha256
        BEGIN SELECT RAISE(ABORT, '发布的 PDF 与其 SHA-256 不符 (the published PDF does not match its SHA-256)'); END""")
    db.execute(f"""CREATE TRIGGER issue_versions_chain AFTER INSERT ON issue_versions BEGIN
        INSERT INTO version_chain (issue_id, version, prev_sha256, record_sha256)
        SELECT new.issue_id, new.version, prev, workbench_record_sha256(prev, {fields})
        FROM (SELECT (SELECT record_sha256 FROM version_chain ORDER BY seq DESC LIMIT 1) AS prev); END""")
    chain_refused = "版本链不可修改或删除 (the chain of published versions cannot be changed)"
    db.execute(f"""CREATE TRIGGER version_chain_no_update BEFORE UPDATE ON version_chain
        BEGIN SELECT RAISE(ABORT, '{chain_refused}'); END""")
    db.execute(f"""CREATE TRIGGER version_chain_no_delete BEFORE DELETE ON version_chain
        BEGIN SELECT RAISE(ABORT, '{chain_refused}'); END""")
    db.execute(f"""CREATE TRIGGER version_chain_no_replace BEFORE INSERT ON version_chain
        WHEN EXISTS (SELECT 1 FROM version_chain WHERE (issue_id = new.issue_id AND version = new.version)
                     OR seq = new.seq)
        BEGIN SELECT RAISE(ABORT, '{chain_refused}'); END""")
    # versions published before the chain existed are linked in the order they were stored
    prev = None
    for row in db.execute(f"SELECT {', '.join(RECORD_FIELDS)} FROM issue_versions ORDER BY rowid").fetchall():
        record = version_record_sha256(prev, *row)
        db.execute("INSERT INTO version_chain (issue_id, version, prev_sha256, record_sha256) VALUES (?, ?, ?, ?)",
                   [row[0], row[1], prev, record])
        prev = record


@migrations()
def m007_quote_sources(db):
    """An imported quote's change-log entries name its Excel row and the close / change column."""
    db.execute("ALTER TABLE quotes ADD COLUMN src_row INTEGER")
    db.execute("ALTER TABLE quotes ADD COLUMN src_close_col TEXT")
    db.execute("ALTER TABLE quotes ADD COLUMN src_change_col TEXT")
    for name in ("quotes_log_insert", "quotes_log_update", "quotes_log_rekey"):
        db.execute(f"DROP TRIGGER {name}")
    qk_new, qk_old = (_quote_index("new"), "new.date"), (_quote_index("old"), "old.date")
    ins = "".join(_log("quote", (*qk_new, f"'{f}'"), "insert", "NULL", f"new.{f}", source="new.source",
                       src_row="new.src_row", src_col=f"new.src_{f}_col", when=f"new.{f} IS NOT NULL")
                  for f in ("close", "change"))
    upd = "".join(_log("quote", (*qk_new, f"'{f}'"), "update", f"old.{f}", f"new.{f}", source="new.source",
                       src_row="new.src_row", src_col=f"new.src_{f}_col", when=f"old.{f} IS NOT new.{f}")
                  for f in ("close", "change"))
    dele = "".join(_log("quote", (*qk_old, f"'{f}'"), "delete", f"old.{f}", "NULL", source="old.source",
                        when=f"old.{f} IS NOT NULL") for f in ("close", "change"))
    same_qkey = "old.index_id = new.index_id AND old.date = new.date"
    db.execute(f"CREATE TRIGGER quotes_log_insert AFTER INSERT ON quotes BEGIN {ins} END")
    db.execute(f"CREATE TRIGGER quotes_log_update AFTER UPDATE ON quotes WHEN {same_qkey} BEGIN {upd} END")
    db.execute(f"CREATE TRIGGER quotes_log_rekey AFTER UPDATE ON quotes WHEN NOT ({same_qkey}) "
               f"BEGIN {dele} {ins} END")


@migrations()
def m032_house_log_number_style(db):
    """The house's change-log image carries every column, the number style included.

    The desk triggers build the row image from the columns that exist when they are created;
    the number style was added after them, so the house's triggers are made again."""
    for event in ("insert", "update", "delete"):
        db.execute(f"DROP TRIGGER IF EXISTS house_desk_{event}")
    _desk_log_triggers(db, only=("house",))


# A run of new facts is recorded once, not as a log row per value: a write that inserts facts
# reserves one seq per new fact (change_runs: the batch and its seq range), and each new fact
# carries its own seq in facts.log_mark next to its value, source, as-of date and source cell.
# The store derives the run's insert entries from those rows (history, changes_since, the desk's
# pending changes). Before such a fact first changes or goes, a trigger writes its insert entry
# into change_log at its reserved seq, so the entry keeps the value and provenance it was
# imported with; after that the fact's mark names a logged row and nothing is derived for it.
# A mark is derived only when it lies inside a run and no logged row holds its seq, so marks of
# older releases (a run's first seq, always a logged row) stay as they were.
FACT_RUN_OF = ("(SELECT r.batch_id FROM change_runs r WHERE r.first_seq = "
               "(SELECT max(first_seq) FROM change_runs WHERE first_seq <= {mark}) AND {mark} <= r.last_seq)")


def _keep_run_entry(row: str) -> str:
    mark = f"{row}.log_mark"
    run = FACT_RUN_OF.format(mark=mark)
    return (f"INSERT INTO change_log (seq, {_LOG_COLUMNS}) SELECT {mark}, {run}, 'fact', {row}.ticker, "
            f"{row}.metric, {row}.period, 'insert', NULL, {row}.value, {row}.source, {row}.as_of, {row}.src_row, "
            f"{row}.src_col WHERE {run} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM change_log WHERE seq = {mark});")


@migrations()
def m033_new_fact_runs(db):
    """New facts are logged per run (batch, seq range), not one change-log row per new value."""
    db.execute("""
        CREATE TABLE change_runs (
            first_seq INTEGER PRIMARY KEY,
            last_seq INTEGER NOT NULL CHECK (last_seq >= first_seq),
            batch_id INTEGER NOT NULL REFERENCES change_batches(id)
        )""")
    # every logged row is found by its key again, the insert entries older releases wrote in runs too
    db.execute("DROP INDEX change_log_key")
    db.execute("CREATE INDEX change_log_key ON change_log(key1, key2, key3)")
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in (
        "ticker", "metric", "period", "value", "source", "as_of", "src_row", "src_col", "log_mark"))
    db.execute(f"CREATE TRIGGER facts_keep_run_entry_update BEFORE UPDATE ON facts "
               f"WHEN old.log_mark IS NOT NULL AND ({changed}) BEGIN {_keep_run_entry('old')} END")
    db.execute(f"CREATE TRIGGER facts_keep_run_entry_delete BEFORE DELETE ON facts "
               f"WHEN old.log_mark IS NOT NULL BEGIN {_keep_run_entry('old')} END")
    message = "变更记录不可修改或删除 (the change log cannot be changed)"
    for statement in ("UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER change_runs_no_{statement.lower()} BEFORE {statement} ON change_runs "
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
    db.execute(f"""CREATE TRIGGER change_batches_no_delete_runs BEFORE DELETE ON change_batches
        WHEN EXISTS (SELECT 1 FROM change_runs WHERE batch_id = old.id)
        BEGIN SELECT RAISE(ABORT, '{message}'); END""")


@migrations()
def m034_sync_conflict_message(db):
    """A row this store refused when it came from the desk keeps the store's reason (shown with the
    conflict; the refusal is tried again at each sync)."""
    db.execute("ALTER TABLE sync_conflicts ADD COLUMN message TEXT")


# A fact another program inserted into the file (a raw INSERT) carries no mark: every write of the
# workbench marks the facts it inserts (a run's seq in facts.log_mark). A partial index holds the
# unmarked facts only, so finding them (a desk's pending changes, a sync logging them as written
# outside the workbench) reads a handful of rows, and a bulk import, whose rows are all marked,
# pays almost nothing for it (a million-row import: +1.6 % CPU; an AFTER INSERT trigger with a WHEN
# clause false for every row of the import instead took it from 1.3x to 2.6x the bare baseline,
# bench/RESULTS-import.md).
#: The newest change-log entry of the fact row ``{f}`` that says something of its value (joining a
#: desk names facts without their values).
LATEST_FACT_ENTRY = ("SELECT l.seq, l.op, l.new, l.batch_id FROM change_log l WHERE l.key1 = {f}.ticker "
                     "AND l.key2 = {f}.metric AND l.key3 = {f}.period AND l.entity = 'fact' "
                     "AND NOT (l.op = 'insert' AND l.new IS NULL) ORDER BY l.seq DESC LIMIT 1")
#: An unmarked fact that the log accounts for: its newest entry left it at its value.
UNMARKED_ACCOUNTED = ("EXISTS (SELECT 1 FROM (" + LATEST_FACT_ENTRY + ") e "
                      "WHERE e.op != 'delete' AND e.new IS {f}.value)")


@migrations()
def m035_facts_unmarked(db):
    """Facts without a mark are found by a partial index; those an older release wrote (the log
    accounts for them) take their newest entry's seq as their mark, so only raw INSERTs stay."""
    db.execute("CREATE INDEX facts_unmarked ON facts(ticker, metric, period) WHERE log_mark IS NULL")
    db.execute("UPDATE facts SET log_mark = (SELECT max(l.seq) FROM change_log l WHERE l.key1 = facts.ticker "
               "AND l.key2 = facts.metric AND l.key3 = facts.period AND l.entity = 'fact') "
               "WHERE log_mark IS NULL AND " + UNMARKED_ACCOUNTED.format(f="facts"))


@migrations()
def m036_sync_unapplied(db):
    """The desk's versions a pull saw but left for the push (the row had local changes waiting):
    the push decides them against this store's changes without asking the desk row by row."""
    db.execute("""
        CREATE TABLE sync_unapplied (
            tbl TEXT NOT NULL,
            key TEXT NOT NULL,
            rev INTEGER NOT NULL,
            data TEXT,
            ws TEXT NOT NULL,
            writer TEXT,
            at TEXT,
            PRIMARY KEY (tbl, key)
        ) WITHOUT ROWID""")
    # versions an older release's pulls left unapplied were not kept: a joined store's next push
    # checks every row it sends against the desk once
    db.execute("INSERT INTO settings (key, value) SELECT 'desk.check_all', '1' WHERE EXISTS "
               "(SELECT 1 FROM settings WHERE key = 'desk.url' AND value IS NOT NULL)")


@migrations()
def m037_quote_delete_sources(db):
    """A quote's delete entries name its Excel row and the close / change column, as its insert
    entries do, so an index unmerge from the log puts a deleted quote back with its file cell.

    A merge logged before this migration named the source only: its unmerge restores that, the
    cell left empty."""
    for name in ("quotes_log_rekey", "quotes_log_delete"):
        db.execute(f"DROP TRIGGER {name}")
    qk_new, qk_old = (_quote_index("new"), "new.date"), (_quote_index("old"), "old.date")
    ins = "".join(_log("quote", (*qk_new, f"'{f}'"), "insert", "NULL", f"new.{f}", source="new.source",
                       src_row="new.src_row", src_col=f"new.src_{f}_col", when=f"new.{f} IS NOT NULL")
                  for f in ("close", "change"))
    dele = "".join(_log("quote", (*qk_old, f"'{f}'"), "delete", f"old.{f}", "NULL", source="old.source",
                        src_row="old.src_row", src_col=f"old.src_{f}_col", when=f"old.{f} IS NOT NULL")
                   for f in ("close", "change"))
    same_qkey = "old.index_id = new.index_id AND old.date = new.date"
    db.execute(f"CREATE TRIGGER quotes_log_rekey AFTER UPDATE ON quotes WHEN NOT ({same_qkey}) "
               f"BEGIN {dele} {ins} END")
    db.execute(f"CREATE TRIGGER quotes_log_delete AFTER DELETE ON quotes BEGIN {dele} END")


# The desk's publications this store took over its own final of a version (two editors finalised
# it offline, the desk kept the other's, and this store settled the listing of the two with keep
# theirs): the house's version of that version on this station, a published record like the
# versions themselves. They are kept in their own append-only table, written in the settlement's
# transaction, and chained: each record's hash covers its fields, the chain's record hash of this
# store's own version it was taken over (``over_sha256``) and the hash of the record taken before
# it, so ``workbench verify`` names one changed, removed or slipped in. Its words are indexed for
# search (``taken_publications_fts``): search finds a taken final by what the house published.
TAKEN_REFUSED = "发布记录不可修改或删除 (the publication record cannot be changed)"


def taken_record_sha256(prev: str | None, over: str | None, *fields) -> str:
    """The record hash of one taken desk publication (``RECORD_FIELDS``), chained to the record
    taken before it and to the chain's record hash of this store's own version it was taken over."""
    return version_record_sha256(prev, "taken", over, *fields)


def _listing_taken(c: dict, own: dict[tuple[int, int], dict]) -> dict | None:
    """The desk's record of a settled listing of a published version, with its PDF's bytes, or
    None: its key's version must be one this store published and "mine" this store's record of it
    (who froze it, when, its PDF's SHA-256)."""
    import base64
    import json

    try:
        version = int(c["key"].rsplit("|", 1)[1])
        mine, theirs = json.loads(c["mine"]), json.loads(c["theirs"])
    except (ValueError, IndexError, TypeError):
        return None
    record = own.get((c["issue_id"], version))
    if record is None or not isinstance(mine, dict) or not isinstance(theirs, dict) \
            or any(mine.get(k) != record[k] for k in ("frozen_at", "frozen_by", "pdf_sha256")):
        return None
    if any(not isinstance(theirs.get(k), str) for k in ("frozen_at", "frozen_by", "issue_json", "snapshot_json")):
        return None
    pdf = theirs.get("pdf")
    try:
        pdf = base64.b64decode(pdf["$b64"], validate=True) if isinstance(pdf, dict) else None
    except (KeyError, TypeError, ValueError):
        pdf = None
    reason, sha = theirs.get("reason"), theirs.get("pdf_sha256")
    return {"issue_id": c["issue_id"], "version": version, "frozen_at": theirs["frozen_at"],
            "frozen_by": theirs["frozen_by"], "reason": reason if isinstance(reason, str) else None,
            "issue_json": theirs["issue_json"], "snapshot_json": theirs["snapshot_json"],
            "pdf_sha256": sha if isinstance(sha, str) else None, "pdf": pdf}


def settled_taken(rows, issue_id: int | None = None) -> list[dict]:
    """The desk's publications the settled listings of this store (``sync_conflicts``, settled with
    keep theirs) took over its own final of a version: the latest such listing's, one per version,
    in issue and version order. ``rows(sql, params)`` reads the store (a list of dicts). What the
    station shows is read from ``taken_publications``; this is what a settlement writes there, and
    what ``verify`` holds that table to (a settled listing without its record: one deleted)."""
    sql = ("SELECT i.id AS issue_id, c.key, c.mine, c.theirs FROM sync_conflicts c JOIN issues i "
           "ON i.uid IS NOT NULL AND substr(c.key, 1, length(i.uid) + 1) = i.uid || '|' "
           "WHERE c.tbl = 'issue_versions' AND c.resolution = 'theirs' AND c.mine IS NOT NULL "
           "AND c.theirs IS NOT NULL")
    params: list = []
    if issue_id is not None:
        sql += " AND i.id = ?"
        params.append(issue_id)
    found = rows(sql + " ORDER BY c.id", params)
    if not found:
        return []
    ids = sorted({c["issue_id"] for c in found})
    own = {(r["issue_id"], r["version"]): r for r in rows(
        "SELECT issue_id, version, frozen_at, frozen_by, pdf_sha256 FROM issue_versions WHERE issue_id IN "
        f"({','.join('?' * len(ids))})", ids)}
    out: dict[tuple[int, int], dict] = {}
    for c in found:
        taken = _listing_taken(c, own)
        if taken is not None:
            out[(taken["issue_id"], taken["version"])] = taken  # (a later listing's wins)
    return [out[k] for k in sorted(out)]


def _dict_rows(db):
    def rows(sql: str, params=()) -> list[dict]:
        cur = db.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    return rows


def take_desk_publications(db, issue_id: int | None = None) -> list[dict]:
    """Write into ``taken_publications`` each desk publication the settled listings took over this
    store's own final (``settled_taken``) that it does not hold yet; call it inside the
    settlement's transaction. Returns the ones it could not take: a PDF missing or not its SHA-256
    (each with ``why``); the first record taken of a version stays (the desk never publishes a
    version twice)."""
    import hashlib
    import json

    from workbench.domain.issue import Issue

    rows = _dict_rows(db)
    held = {(r["issue_id"], r["version"]) for r in rows("SELECT issue_id, version FROM taken_publications")}
    refused = []
    for t in settled_taken(rows, issue_id):
        if (t["issue_id"], t["version"]) in held:
            continue
        if not t["pdf"] or t["pdf_sha256"] is None or hashlib.sha256(t["pdf"]).hexdigest() != t["pdf_sha256"]:
            refused.append(dict(t, why="PDF 缺失或与其 SHA-256 不符 (its PDF is missing or does not match its SHA-256)"))
            continue
        over = rows("SELECT record_sha256 FROM version_chain WHERE issue_id = ? AND version = ?",
                    [t["issue_id"], t["version"]])
        prev = rows("SELECT record_sha256 FROM taken_publications ORDER BY seq DESC LIMIT 1")
        over = over[0]["record_sha256"] if over else None
        prev = prev[0]["record_sha256"] if prev else None
        record = taken_record_sha256(prev, over, *(t[f] for f in RECORD_FIELDS))
        cur = db.execute(f"INSERT INTO taken_publications ({', '.join(RECORD_FIELDS)}, pdf, over_sha256, "
                         f"prev_sha256, record_sha256) VALUES ({', '.join('?' * (len(RECORD_FIELDS) + 4))})",
                         [*(t[f] for f in RECORD_FIELDS), t["pdf"], over, prev, record])
        # its words, for search: the issue's text as the desk published it
        row = (rows("SELECT * FROM issues WHERE id = ?", [t["issue_id"]]) or [{}])[0]
        row = dict(row, content=t["issue_json"])
        try:
            snapshot = json.loads(t["snapshot_json"])
            issue = Issue.from_row(row, [])
        except (ValueError, TypeError, KeyError):
            snapshot, issue = {}, None
        headline = snapshot.get("headline") if isinstance(snapshot.get("headline"), str) else row.get("headline")
        if issue is not None:
            issue.headline = headline or ""
        db.execute("INSERT INTO taken_publications_fts (rowid, headline, search_text) VALUES (?, ?, ?)",
                   [cur.lastrowid, headline or "", issue.search_text() if issue is not None else ""])
        held.add((t["issue_id"], t["version"]))
    return refused


@migrations()
def m038_taken_publications(db):
    """The desk's publications a settlement took over this store's own final of a version are kept
    as published records: append-only, chained, and searchable; a store holding such a settled
    listing already gets its record now."""
    db.execute("""
        CREATE TABLE taken_publications (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            version INTEGER NOT NULL,
            frozen_at TEXT NOT NULL,
            frozen_by TEXT NOT NULL,
            reason TEXT,
            issue_json TEXT NOT NULL,
            snapshot_json TEXT NOT NULL,
            pdf_sha256 TEXT NOT NULL,
            pdf BLOB NOT NULL,
            over_sha256 TEXT NOT NULL,
            prev_sha256 TEXT,
            record_sha256 TEXT NOT NULL,
            UNIQUE (issue_id, version)
        )""")
    db.execute("CREATE VIRTUAL TABLE taken_publications_fts USING fts5(headline, search_text, tokenize='trigram')")
    for event in ("UPDATE", "DELETE"):
        db.execute(f"""CREATE TRIGGER taken_publications_no_{event.lower()} BEFORE {event} ON taken_publications
            BEGIN SELECT RAISE(ABORT, '{TAKEN_REFUSED}'); END""")
    fields = ", ".join(f"new.{c}" for c in RECORD_FIELDS)
    # a record only over a version this store published, once, linked to that version's chain
    # record and to the record taken before it, its hash what the store computes (a program
    # writing the file directly has not the function, so cannot add one at all)
    db.execute(f"""CREATE TRIGGER taken_publications_guard BEFORE INSERT ON taken_publications
        WHEN EXISTS (SELECT 1 FROM taken_publications WHERE (issue_id = new.issue_id AND version = new.version)
                     OR seq = new.seq)
          OR new.over_sha256 IS NOT (SELECT record_sha256 FROM version_chain
                                     WHERE issue_id = new.issue_id AND version = new.version)
          OR new.prev_sha256 IS NOT (SELECT record_sha256 FROM taken_publications ORDER BY seq DESC LIMIT 1)
          OR new.record_sha256 IS NOT workbench_taken_sha256(new.prev_sha256, new.over_sha256, {fields})
        BEGIN SELECT RAISE(ABORT, '{TAKEN_REFUSED}'); END""")
    db.execute("""CREATE TRIGGER taken_publications_pdf_matches BEFORE INSERT ON taken_publications
        WHEN workbench_sha256(new.pdf) IS NOT new.pdf_sha256
        BEGIN SELECT RAISE(ABORT, '发布的 PDF 与其 SHA-256 不符 (the published PDF does not match its SHA-256)'); END""")
    take_desk_publications(db)


@migrations()
def m039_issue_correction(db):
    """What an open correction takes is the issue's content, kept on the issue so that it travels
    with it to every workstation of a desk: ``issues.correction``, JSON {"version": N, "take":
    [[ticker, metric|null, period|null], ...], "typed": [[ticker, metric, period, value], ...]} (the
    newer figures its editor takes and the figures typed in it). The desk triggers and a published
    issue's guard are made again to cover the new column; the take list and the figures typed that
    this store kept in its own settings move into the correction they belong to."""
    from workbench.store.reader import TYPED_FACTS_SQL

    db.execute("ALTER TABLE issues ADD COLUMN correction TEXT")
    for event in ("insert", "update", "delete"):
        db.execute(f"DROP TRIGGER IF EXISTS issues_desk_{event}")
    _desk_log_triggers(db, only=("issues",))
    db.execute("DROP TRIGGER IF EXISTS issues_final_no_update")
    _final_issue_guard(db, "发布记录不可修改或删除 (the publication record cannot be changed)")
    # the settings of release 2026-12-01 (report.spec CORRECTION_TAKE_KEY, CORRECTION_OPENED_KEY)
    found = {}
    for key, value in db.execute("SELECT key, value FROM settings WHERE key LIKE 'correction.take.%' "
                                 "OR key LIKE 'correction.opened_seq.%'").fetchall():
        m = re.fullmatch(r"correction\.(take|opened_seq)\.(\d+)\.v(\d+)", key)
        if m:
            found.setdefault((int(m.group(2)), int(m.group(3))), {})[m.group(1)] = value
    for (issue_id, version), kept in sorted(found.items()):
        if not db.execute("SELECT 1 FROM issues WHERE id = ? AND version = ? AND status != 'final'",
                          [issue_id, version]).fetchone():
            continue  # published since (or gone): its settings stay this store's
        try:
            take = [list(t) for t in json.loads(kept.get("take") or "[]") if len(t) == 3]
        except (ValueError, TypeError):
            take = []
        mark = kept.get("opened_seq") or ""
        typed = {}
        if mark.isdigit():
            for t, m_, p, v in db.execute(TYPED_FACTS_SQL.format(since="l.seq > ?"), [int(mark)]).fetchall():
                typed[(t, m_, p)] = v
        record = {"version": version, "take": take, "typed": [[*k, v] for k, v in typed.items()]}
        db.execute("UPDATE issues SET correction = ? WHERE id = ?",
                   [json.dumps(record, ensure_ascii=False, sort_keys=True), issue_id])
        db.execute("DELETE FROM settings WHERE key = ?", [f"correction.take.{issue_id}.v{version}"])


@migrations()
def m040_company_renames(db):
    """A company keeps the ticker it was renamed from (``companies.formerly``: set by a rename, it
    travels with the company to the desk, which re-points every note naming the old ticker), and the
    store keeps the renames the desk knows (``company_renames``: old ticker -> the ticker it became,
    taken at a pull that deletes a company), so that a note made here before the rename reached this
    store follows the company rather than losing it with the old ticker's deletion."""
    db.execute("ALTER TABLE companies ADD COLUMN formerly TEXT")
    db.execute("CREATE TABLE company_renames (old TEXT PRIMARY KEY, new TEXT NOT NULL)")


@migrations()
def m041_change_log_batch_index(db):
    """The change log's entries found by their batch: the foreign key's check when an empty batch is
    dropped again (every sync and every edit that changed nothing drops one) read the whole log
    without it, and so did undoing a batch; with it both read only that batch's entries (the imports'
    log likewise: the same check, and the trigger that keeps an import's batch, read it whole)."""
    db.execute("CREATE INDEX IF NOT EXISTS change_log_batch ON change_log(batch_id)")
    db.execute("CREATE INDEX IF NOT EXISTS import_log_batch ON import_log(batch_id)")
