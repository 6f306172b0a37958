"""The local side of desk synchronisation: shared rows read and written by their global identity,
the changes not yet pushed, and what the store knows of the server (the revision each row last
agreed on, conflicts, cursors). The only SQL of the desk on the workstation.

A shared row travels as an *image*: a JSON-ready dict of its columns, with every store-local
integer id replaced by the global identity of the row it points to, keyed by ``(table, key)``:

=============== ==================================== ===========================================
table           key                                  image holds besides its own columns
=============== ==================================== ===========================================
house           ``house``                            --
analysts        uid                                  --
segments        uid                                  --
indices         uid                                  --
companies       ticker                               ``segment``: the segment's uid
facts           ``ticker|metric|period``             --
quotes          ``index uid|date``                   --
datasets        name                                 --
notes           uid                                  ``tickers``: the companies it is about
issues          uid                                  ``analysts``: analyst uids in order
issue_log       uid                                  ``issue``: the issue's uid
issue_versions  ``issue uid|version``                ``issue``; ``pdf`` as base64
=============== ==================================== ===========================================

``None`` as an image means the row does not exist (deleted). Published versions and the status
log are records: applied once, never changed or removed.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from itertools import repeat
from operator import gt, itemgetter, lt
from typing import Iterable

from workbench.domain.metrics import PLAUSIBLE, check_value
from workbench.errors import ValidationError
from workbench.store.schema import UNMARKED_ACCOUNTED
from workbench.store.store import Store, now_iso, storable_facts, storable_quote, synced_at

TABLES = ("house", "analysts", "segments", "indices", "companies", "facts", "quotes", "datasets", "notes",
          "issues", "issue_log", "issue_versions")
RECORDS = ("issue_log", "issue_versions")
# Columns that never travel: local ids and what the store derives or keeps for itself.
_LOCAL_COLUMNS = {"id", "uid", "segment_id", "index_id", "issue_id", "note_id", "analyst_id", "log_mark"}
# Columns whose difference is not a conflict (provenance and bookkeeping, not the value itself).
_NOT_COMPARED = {"source", "as_of", "src_row", "src_col", "updated_at", "search_text"}
# Natural keys that the desk keeps unique whatever uid a workstation gave the row.
NATURAL_KEYS = {"segments": ("name",), "indices": ("name", "code"), "analysts": ("sac_no",)}
_UID_TABLES = ("analysts", "segments", "indices", "notes", "issues", "issue_log")

# entity names of the change log -> the synchronised table
_ENTITY_TABLE = {"fact": "facts", "quote": "quotes", "company": "companies"}
#: The entities under which joining a desk names the facts, quotes and companies it sends (their
#: tables' names, not the entities of their changes: naming a row is no change, and no figure's
#: history shows it).
_MARKED = ("facts", "quotes", "companies")

SETTING_URL = "desk.url"
SETTING_USER = "desk.user"
SETTING_PUSHED = "desk.pushed_seq"
SETTING_PULLED = "desk.pulled_id"
SETTING_CONFLICT = "desk.conflict_id"
SETTING_LAST_SYNC = "desk.last_sync"
SETTING_CHECK_ALL = "desk.check_all"  # the next push checks every row it sends against the desk


def compared(table: str, image: dict | None) -> dict | None:
    """The part of an image two workstations must agree on (provenance left out)."""
    if image is None:
        return None
    if table == "facts":
        return {"value": image.get("value")}
    return {k: v for k, v in image.items() if k not in _NOT_COMPARED}


@dataclass
class Pending:
    """Local changes not yet on the server: the newest seq covered and each changed row's key."""

    upto: int
    keys: dict[tuple[str, str], int]  # (table, key) -> seq of its last change


# ---------------------------------------------------------------- state
def setting_int(store: Store, key: str) -> int:
    value = store.get_setting(key)
    return int(value) if value else 0


def set_settings(store: Store, values: dict[str, str | int | None]) -> None:
    with store.transaction():
        for key, value in values.items():
            store.set_setting(key, None if value is None else str(value))


#: The page cache a sync's connection works with (KiB; SQLite's default is 2 MiB).
SYNC_CACHE_KIB = 65536


@contextmanager
def sync_session(store: Store):
    """How the store's connection works while a sync runs, put back afterwards; yields a callable
    that gives the checkpoints back early (before the sync's last commit).

    A larger page cache: a pull writes rows all over the big tables (facts and ``sync_rows`` of a
    million rows each), one write operation after another, and within SQLite's default 2 MiB each
    of them reads the same pages again (and spills them to the WAL before the commit); pages are
    taken only as they are read, and given back with the old size. At most one checkpoint: each of
    the sync's transactions (a pull, the push's record, the pull after it) would otherwise copy
    the WAL into the file as it commits, the same leaf pages once per transaction; with the
    checkpoints given back before the last commit, that commit copies it once if it grew past the
    usual size (a sync with little to do checkpoints no more than before)."""
    conn = store.db.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    every = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    roomy = cache < 0 and -cache >= SYNC_CACHE_KIB or cache >= SYNC_CACHE_KIB // 4  # (pages of 4 KiB)
    if not roomy:
        conn.execute(f"PRAGMA cache_size = -{SYNC_CACHE_KIB}")
    conn.execute("PRAGMA wal_autocheckpoint = 0")

    def checkpoints_back() -> None:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(every)}")

    try:
        yield checkpoints_back
    finally:
        checkpoints_back()
        if not roomy:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _grouped(store: Store):
    """One transaction around the statements of a temporary key table (outside one, each of them
    commits on its own: 0.8 s instead of 0.06 s for 20,000 keys); inside one, nothing more."""
    return nullcontext() if store.db.conn.in_transaction else store.transaction()


def base_revs(store: Store, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The server revision each row last agreed on (absent: never seen on the server)."""
    keys = list(keys)
    out: dict[tuple[str, str], int] = {}
    if len(keys) > 400:  # many keys: one join with a temporary table of them
        db = store.db
        with _grouped(store):
            db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_rev_keys (tbl TEXT, key TEXT, PRIMARY KEY (tbl, key)) "
                       "WITHOUT ROWID")
            db.execute("DELETE FROM temp.sync_rev_keys")
            db.conn.executemany("INSERT OR IGNORE INTO temp.sync_rev_keys VALUES (?, ?)", keys)
            for r in db.execute("SELECT s.tbl, s.key, s.rev FROM temp.sync_rev_keys k "
                                "JOIN sync_rows s ON s.tbl = k.tbl AND s.key = k.key"):
                out[(r[0], r[1])] = r[2]
            db.execute("DELETE FROM temp.sync_rev_keys")
        return out
    for i in range(0, len(keys), 400):
        chunk = keys[i:i + 400]
        where = " OR ".join("(tbl = ? AND key = ?)" for _ in chunk)
        params = [x for k in chunk for x in k]
        for r in store.db.execute(f"SELECT tbl, key, rev FROM sync_rows WHERE {where}", params):
            out[(r[0], r[1])] = r[2]
    return out


def set_base_revs(store: Store, revs: Iterable[tuple[str, str, int]]) -> None:
    """Record the server revisions the rows now agree on (a revision never moves back)."""
    store.db.conn.executemany(
        "INSERT INTO sync_rows (tbl, key, rev) VALUES (?, ?, ?) "
        "ON CONFLICT(tbl, key) DO UPDATE SET rev = excluded.rev WHERE excluded.rev > sync_rows.rev", revs)


def keep_unapplied(store: Store, rows: Iterable[tuple[str, str, int, dict | None, str, str | None]]) -> None:
    """Keep the desk's versions a pull left for the push (the row has local changes waiting):
    (table, key, revision, data, workstation, writer). A later version of a row replaces an earlier."""
    store.db.conn.executemany(
        "INSERT INTO sync_unapplied (tbl, key, rev, data, ws, writer) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(tbl, key) DO UPDATE SET rev = excluded.rev, data = excluded.data, ws = excluded.ws, "
        "writer = excluded.writer WHERE excluded.rev > sync_unapplied.rev",
        [(t, k, rev, _dump(data), ws, writer) for t, k, rev, data, ws, writer in rows])


def unapplied(store: Store) -> dict[tuple[str, str], tuple[int, dict | None, str, str | None]]:
    """The desk's versions pulls left for the push: (table, key) -> (revision, data, workstation, writer)."""
    return {(t, k): (rev, json.loads(data) if data is not None else None, ws, writer)
            for t, k, rev, data, ws, writer in store.db.execute(
                "SELECT tbl, key, rev, data, ws, writer FROM sync_unapplied")}


def forget_unapplied(store: Store, found: dict[tuple[str, str], tuple]) -> None:
    """The versions a push has decided (``found``, as ``unapplied`` read them; a newer one a
    pull kept since stays)."""
    store.db.conn.executemany("DELETE FROM sync_unapplied WHERE tbl = ? AND key = ? AND rev <= ?",
                              [(t, k, v[0]) for (t, k), v in found.items()])


def revs_after(store: Store, rev: int) -> list[tuple[str, str]]:
    """The rows whose agreed revision is past ``rev``."""
    return [(t, k) for t, k in store.db.execute("SELECT tbl, key FROM sync_rows WHERE rev > ?", [int(rev)])]


def rewind(store: Store, agreed: int, revs: Iterable[tuple[str, str, int]], settings: dict) -> None:
    """The desk went back to an earlier state (restored from a backup): its revisions past
    ``agreed`` are given again to other writes, so this store forgets every revision it agreed on
    past it (a row the desk holds at a revision both sides agree on keeps that one: ``revs``) and
    the desk's versions its pulls left for the push past it; then ``settings`` (the pull and push
    marks). One transaction."""
    with store.transaction():
        store.db.execute("DELETE FROM sync_rows WHERE rev > ?", [int(agreed)])
        set_base_revs(store, revs)
        store.db.execute("DELETE FROM sync_unapplied WHERE rev > ?", [int(agreed)])
        set_settings(store, settings)


def pending(store: Store) -> Pending:
    """Rows changed locally since the last push (changes pulled from the desk excluded)."""
    after = setting_int(store, SETTING_PUSHED)
    upto = store.last_seq()
    # facts another program inserted into the file that no sync has logged yet (a sync logs them
    # first: log_outside_inserts): pending as if logged after everything else (a partial index
    # holds them, so the check reads no other fact)
    keys: dict[tuple[str, str], int] = dict.fromkeys(
        (("facts", f"{ticker}|{metric}|{period}") for ticker, metric, period in store.db.execute(UNMARKED_FACTS)),
        upto + 1)
    unmarked = list(keys)
    if upto <= after:
        return Pending(max(upto, after), keys)
    index_uid = {}
    for r in store.db.execute("SELECT uid, code, name FROM indices"):
        index_uid[r[2]] = r[0]
        if r[1]:
            index_uid[r[1]] = r[0]
    cur = store.db.execute(
        "SELECT l.seq, l.entity, l.key1, l.key2, l.key3 FROM change_log l "
        "LEFT JOIN change_batches b ON b.id = l.batch_id "
        "WHERE l.seq > ? AND l.seq <= ? AND coalesce(b.origin, 'external') != 'sync' ORDER BY l.seq",
        [after, upto])
    marked: dict[tuple[str, str], int] = {}
    for seq, entity, k1, k2, k3 in cur:
        if entity == "fact":  # (most of the changes; read in seq order, so the last one read is the newest)
            keys[("facts", f"{k1}|{k2}|{k3}")] = seq
            continue
        table = _ENTITY_TABLE.get(entity, entity)
        # a fact, quote or company marked for the first push (mark_all_pending names it by its table)
        # is sent as of its own last change, where it has one: the write operation it came from
        into = marked if entity in _MARKED else keys
        if table == "facts":
            key = f"{k1}|{k2}|{k3}"
        elif table == "quotes":
            uid = index_uid.get(k1)
            if uid is None:  # the index is gone: its quotes went with it, and its deletion is logged
                continue
            key = f"{uid}|{k2}"
        elif table in TABLES:
            key = k1
        else:
            continue
        into[(table, key)] = max(seq, into.get((table, key), 0))
    # new facts recorded as runs: one entry each, derived from the facts rows
    for seq, ticker, metric, period, origin in store.run_entries(after, upto):
        if origin != "sync":
            key = ("facts", f"{ticker}|{metric}|{period}")
            keys[key] = max(seq, keys.get(key, 0))
    for key in unmarked:  # (after every logged change of theirs; listed first, where they were)
        keys[key] = upto + 1
    for key, seq in marked.items():
        keys.setdefault(key, seq)
    return Pending(upto, keys)


# the facts no write of the workbench inserted (every one of them marks its new facts)
UNMARKED_FACTS = "SELECT ticker, metric, period FROM facts WHERE log_mark IS NULL"


def log_outside_inserts(store: Store) -> int:
    """Log the facts another program inserted into the file (a raw INSERT leaves a fact without a
    mark) as inserts with no batch, as the triggers log a raw UPDATE: the next push sends them as
    written outside the workbench, once. A fact whose newest entry already accounts for its value
    (the workbench changed it since) logs nothing. Each then takes its newest entry's seq as its
    mark. Called by a sync before it reads the pending changes (never by a dry run); returns how
    many were logged."""
    db = store.db
    if store.current_batch() is not None:
        raise RuntimeError("writes outside the workbench are logged outside any change batch")
    if db.execute("SELECT NOT EXISTS (" + UNMARKED_FACTS + ")").fetchone()[0]:
        return 0
    with store.transaction():
        logged = db.execute(
            "INSERT INTO change_log (batch_id, entity, key1, key2, key3, op, old, new, source, as_of, src_row, "
            "src_col) SELECT NULL, 'fact', f.ticker, f.metric, f.period, 'insert', NULL, f.value, f.source, "
            "f.as_of, f.src_row, f.src_col FROM facts f WHERE f.log_mark IS NULL AND NOT "
            + UNMARKED_ACCOUNTED.format(f="f") + " ORDER BY f.ticker, f.metric, f.period").rowcount
        db.execute("UPDATE facts SET log_mark = (SELECT max(l.seq) FROM change_log l WHERE l.key1 = facts.ticker "
                   "AND l.key2 = facts.metric AND l.key3 = facts.period AND l.entity = 'fact') "
                   "WHERE log_mark IS NULL")
    return logged


_BATCH_FIELDS = ("origin", "at", "by", "file", "sha256", "sheet", "note", "as_of")


def local_batches(store: Store, after: int, upto: int, unproven: dict | None = None) -> list[tuple[int, int, dict]]:
    """The write operations of this workstation whose facts, quotes or companies changed in the seq
    range (after, upto], as (first seq, last seq, entry): who, when, from which file and sheet
    (what another workstation logs them under when it pulls them). Pulls and writes made
    outside the workbench are left out. Read from the logged rows and the runs of new facts
    directly (one grouped query, not the changes one by one). A batch the workbench cannot have
    written (``Store.unproven_batches``) is left out too: its file and sheet are not the values'
    origin, which the push names as changed outside the workbench (``mark_outside_writes``)."""
    unproven = store.unproven_batches() if unproven is None else unproven  # (a push reads it once)
    unproven = "".join(f", {int(i)}" for i in unproven)
    sql = ("SELECT min(x.lo), max(x.hi), " + ", ".join(f"b.{f}" for f in _BATCH_FIELDS) + " FROM ("
           "SELECT batch_id, min(seq) AS lo, max(seq) AS hi FROM change_log WHERE seq > :after AND seq <= :upto "
           "AND entity IN ('fact', 'quote', 'company') AND batch_id IS NOT NULL GROUP BY batch_id "
           # a run's seqs all belong to its batch (a fact's entry moves into the log before it changes)
           "UNION ALL SELECT batch_id, max(first_seq, :after + 1), min(last_seq, :upto) FROM change_runs "
           "WHERE last_seq > :after AND first_seq <= :upto) x "
           "JOIN change_batches b ON b.id = x.batch_id WHERE b.origin NOT IN ('sync', 'external') "
           f"AND b.id NOT IN (-1{unproven}) GROUP BY b.id ORDER BY 1")
    out = []
    for r in store.db.execute(sql, {"after": int(after), "upto": int(upto)}):
        out.append((r[0], r[1], {f: v for f, v in zip(_BATCH_FIELDS, r[2:]) if v is not None and (v or f != "as_of")}))
    return out


#: What a fact's provenance says on the desk when its value was written into the file by another
#: program: the earlier import's file, cell and as-of date no longer account for it.
OUTSIDE_CHANGED = "库外修改 (changed outside the workbench)"
OUTSIDE_WRITTEN = "库外写入 (written outside the workbench)"
_JOIN_NOTE = "加入团队库：推送已有数据 (joining a desk: pushing the data already held)"


def mark_outside_writes(store: Store, pend: Pending, images: dict, after: int, user: str | None = None,
                        unproven: dict | None = None) -> int:
    """Facts about to be pushed whose value a write outside the workbench left (a raw UPDATE, a
    raw INSERT, or, when joining a desk sends the whole store, either): their images in ``images``
    lose the import's cell and as-of date and name, as their source, what happened, on which
    workstation and who pushed it. Returns how many. Only the change log after ``after`` is read
    (one range), except when a join sends everything (the store is checked once, as ``workbench
    verify`` does)."""
    found: dict[str, str] = {}
    # the triggers log a write made outside the workbench with no batch (the workbench's own writes
    # always name theirs), and so does a sync for a raw INSERT (log_outside_inserts): one pass over
    # the range's log, no lookup per row
    for seq, op, k1, k2, k3 in store.db.execute(
            "SELECT seq, op, key1, key2, key3 FROM change_log WHERE seq > ? AND seq <= ? AND batch_id IS NULL "
            "AND entity = 'fact'", [int(after), int(pend.upto)]):
        key = f"{k1}|{k2}|{k3}"
        if pend.keys.get(("facts", key)) == seq and images.get(("facts", key)) is not None:
            # the fact's last change before this push is that write
            found[key] = OUTSIDE_WRITTEN if op == "insert" else OUTSIDE_CHANGED
    for (table, key), seq in pend.keys.items():  # a raw INSERT not logged yet (see pending)
        if table == "facts" and seq > pend.upto and images.get((table, key)) is not None:
            found[key] = OUTSIDE_WRITTEN
    if unproven is None:  # a raw write logged under a batch the workbench never wrote
        unproven = store.unproven_batches()
    on_unproven = store.facts_on_batches(unproven) if unproven else []  # logged and as a run alike
    for f in on_unproven:
        key = f"{f['ticker']}|{f['metric']}|{f['period']}"
        if images.get(("facts", key)) is not None:  # pushed now: not as the import its batch claims
            found.setdefault(key, OUTSIDE_CHANGED)
    joining = store.scalar("SELECT EXISTS (SELECT 1 FROM change_batches WHERE origin = 'system' AND note = ? "
                           "AND first_seq >= ? AND first_seq < ?)", [_JOIN_NOTE, int(after), int(pend.upto)])
    if joining:
        for label, rows in ((OUTSIDE_WRITTEN, store.unlogged_facts()),
                            (OUTSIDE_CHANGED, store.externally_changed_facts())):
            for f in rows:
                key = f"{f['ticker']}|{f['metric']}|{f['period']}"
                if images.get(("facts", key)) is not None:
                    found[key] = label
    if not found:
        return 0
    import socket

    where = f"工作站 workstation {socket.gethostname()} {store.workstation_id()}"
    if user:
        where += f", 推送者 pushed by {user}"
    for key, label in found.items():
        image = dict(images[("facts", key)])
        image.update(source=f"{label}: {where}", as_of=None, src_row=None, src_col=None)
        images[("facts", key)] = image
    return len(found)


def pending_count(store: Store) -> int:
    return len(pending(store).keys)


# ---------------------------------------------------------------- reading images
def _columns(store: Store, table: str) -> list[str]:
    return [r[1] for r in store.db.execute(f"PRAGMA table_info({table})")]


def _own(store: Store, table: str, skip: tuple[str, ...] = ()) -> list[str]:
    return [c for c in _columns(store, table) if c not in _LOCAL_COLUMNS and c not in skip]


def _json_value(v):
    if isinstance(v, bytes):
        return {"$b64": base64.b64encode(v).decode("ascii")}
    return v


def _from_json(v):
    if isinstance(v, dict) and set(v) == {"$b64"}:
        return base64.b64decode(v["$b64"])
    return v


def read_images(store: Store, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict | None]:
    """Current images of the given rows (None where the row no longer exists)."""
    by_table: dict[str, set[str]] = {}
    for t, k in keys:
        by_table.setdefault(t, set()).add(k)
    out: dict[tuple[str, str], dict | None] = {}
    for table, wanted in by_table.items():
        found = _images(store, table, wanted)
        for k in wanted:
            out[(table, k)] = found.get(k)
    return out


def images_and_revs(store: Store, keys: Iterable[tuple[str, str]]
                    ) -> tuple[dict[tuple[str, str], dict | None], dict[tuple[str, str], int]]:
    """``read_images`` and ``base_revs`` of the same rows, as a push reads them: the facts' keys
    go into one temporary table, joined with the facts and with the revisions they agreed on."""
    keys = list(keys)
    facts = [k for k in keys if k[0] == "facts" and k[1].count("|") == 2]
    if len(facts) < 200:
        return read_images(store, keys), base_revs(store, keys)
    wanted = set(facts)
    others = [k for k in keys if k not in wanted]
    db = store.db
    cols = _own(store, "facts", ("ticker", "metric", "period"))
    with _grouped(store):
        images, revs = read_images(store, others), base_revs(store, others)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_keys (ticker TEXT, metric TEXT, period TEXT, "
                   "PRIMARY KEY (ticker, metric, period)) WITHOUT ROWID")
        db.execute("DELETE FROM temp.sync_keys")
        db.conn.executemany("INSERT OR IGNORE INTO temp.sync_keys VALUES (?, ?, ?)", [k[1].split("|") for k in facts])
        found = {}
        for r in db.execute(f"SELECT f.ticker, f.metric, f.period, {', '.join('f.' + c for c in cols)} "
                            "FROM temp.sync_keys k JOIN facts f ON f.ticker = k.ticker AND f.metric = k.metric "
                            "AND f.period = k.period"):
            found[("facts", f"{r[0]}|{r[1]}|{r[2]}")] = dict(zip(cols, r[3:]))
        for r in db.execute("SELECT s.key, s.rev FROM temp.sync_keys k JOIN sync_rows s ON s.tbl = 'facts' "
                            "AND s.key = k.ticker || '|' || k.metric || '|' || k.period"):
            revs[("facts", r[0])] = r[1]
        db.execute("DELETE FROM temp.sync_keys")
    for k in facts:
        images[k] = found.get(k)
    return images, revs


class PushImages(dict):
    """The images of the rows a push sends, each read when first asked for: most facts of a push
    are staged by the store itself (``stage_facts``) and never become Python objects. A row that
    is not being pushed has none."""

    def __init__(self, store: Store, keys):
        super().__init__()
        self._store, self._keys = store, keys

    def __missing__(self, key):
        if key not in self._keys:
            return None
        image = read_images(self._store, [key]).get(key)
        self[key] = image
        return image

    def get(self, key, default=None):
        image = self[key]
        return default if image is None else image


# A field of COPY's text format (backslash, tab, newline and carriage return escaped, and the
# character _NUMBER_MARK, so that it marks numbers only), in SQL.
_COPY_FIELD = "replace(replace(replace(replace(replace({x}, '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), " \
              "char(13), '\\r'), char(1), '\\001')"
#: Around each REAL of the staging text the store builds: the number, in 21 significant digits, is
#: replaced by its shortest exact form (``_exact_numbers``).
_NUMBER_MARK = "\x01"
# One JSON value of a column, in SQL. SQLite cannot write a REAL as JSON exactly (its json_object and
# CAST to TEXT keep 15 significant digits, and its 17 are not always right); its 21 always give the
# same double back, and Python then writes that double as it writes any.
_JSON_VALUE = "CASE typeof({x}) WHEN 'real' THEN char(1) || printf('%!.20e', {x}) || char(1) ELSE json_quote({x}) END"


def _exact_numbers(text: str) -> str:
    """The staging text with each marked number in the shortest form that gives the same double."""
    parts = text.split(_NUMBER_MARK)
    parts[1::2] = map(float.__repr__, map(float, parts[1::2]))
    return "".join(parts)


def stage_facts(store: Store, keys: dict[tuple[str, str], int], own: Iterable[tuple[str, str]],
                ws: str) -> tuple[str, int, list, list]:
    """The facts a push sends, as lines of the ``COPY`` that appends them to the desk's feed (table,
    key, JSON image or NULL for a deletion, workstation ``ws``, seq), built by the store in one query:
    ``keys`` maps the rows to push to their seqs (facts ``ticker|metric|period``; other rows are
    left out), ``own`` are facts whose lines the caller writes itself. The revision each fact agreed
    on is not read: a push that fast-forwards does not need it (the few rows it decides are looked
    up then: ``base_revs``); only a deleted fact's tells whether the desk ever had it. Returns the
    text (in key order, byte by byte: the order ``record_fact_revs`` numbers them in), how many
    facts it holds, and the facts it leaves out because they neither exist here nor ever reached
    the desk (created and deleted since the last push), and the facts it holds whose figure the desk
    would refuse, or might (``figures_to_hold`` decides: the push checks only these)."""
    db = store.db
    cols = _own(store, "facts", ("ticker", "metric", "period"))
    text_cols = _text_columns(store, "facts")
    # (a column of text affinity holds no REAL: SQLite stores a number written there as text)
    image = ("printf('{" + ",".join(f"{json.dumps(c)}:%s" for c in cols) + "}', "
             + ", ".join(f"json_quote(f.{c})" if c in text_cols else _JSON_VALUE.format(x=f"f.{c}") for c in cols)
             + ")")
    own = set(own)
    on_desk = "EXISTS (SELECT 1 FROM sync_rows r WHERE r.tbl = 'facts' AND r.key = p.key)"
    with _grouped(store):
        # (no key: rows appended, not sorted in; read in key order by one sort)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_push_facts (key TEXT NOT NULL, seq INTEGER NOT NULL, "
                   "ticker TEXT, metric TEXT, period TEXT)")
        db.execute("DELETE FROM temp.sync_push_facts")
        rows = [(k, seq, *parts) for (t, k), seq in keys.items()
                if t == "facts" and (t, k) not in own and len(parts := k.split("|")) == 3]
        db.conn.executemany("INSERT INTO temp.sync_push_facts VALUES (?, ?, ?, ?, ?)", rows)
        # the keys are escaped as COPY fields only when one of them needs it (a push's keys seldom do:
        # one look at them all instead of five replaces on each)
        escaped = _needs_escape("".join(map(itemgetter(0), rows)))
        del rows
        key = _COPY_FIELD.format(x="p.key") if escaped else "p.key"
        line = "printf('facts\t%s\t%s\t%s\t%d\n', " + key + ", {data}, :ws, p.seq)"
        text, n, dropped, odd = db.execute(
            "SELECT group_concat(CASE WHEN f.ticker IS NOT NULL THEN "
            + line.format(data="replace(" + image + ", '\\', '\\\\')")
            + " WHEN " + on_desk + " THEN " + line.format(data="'\\N'") + " END, ''), "
            # (the keys as JSON arrays: a key written by another program may hold a line break)
            "count(*), json_group_array(p.key) FILTER (WHERE f.ticker IS NULL AND NOT " + on_desk + "), "
            # (the figures the desk would refuse, or might: a good one costs this one test)
            "json_group_array(p.key) FILTER (WHERE f.ticker IS NOT NULL AND " + _odd_figure_sql("f.metric", "f.value")
            + ") "
            # in key order: the facts are read page after page, and the desk numbers them in that order
            "FROM (SELECT * FROM temp.sync_push_facts ORDER BY key) p "
            "LEFT JOIN facts f ON f.ticker = p.ticker AND f.metric = p.metric AND f.period = p.period",
            {"ws": _copy_field(ws)}).fetchone()
        dropped = json.loads(dropped)
        if dropped:  # (what record_fact_revs numbers: the lines only)
            _unstage(store, dropped)
    return (_exact_numbers(text or ""), n - len(dropped), [("facts", k) for k in dropped],
            [("facts", k) for k in json.loads(odd)])


def _unstage(store: Store, keys: list[str]) -> None:
    """Take the facts ``keys`` out of those staged, with one statement (the staged rows have no
    index: one statement per key would read them all each time, a pass per key)."""
    if keys:
        store.db.execute("DELETE FROM temp.sync_push_facts WHERE key IN (SELECT value FROM json_each(?))",
                         [json.dumps(keys, ensure_ascii=False)])


def _text_columns(store: Store, table: str) -> set[str]:
    """The columns of ``table`` with text affinity (SQLite's rules: a declared type naming INT is an
    integer's; else one naming CHAR, CLOB or TEXT is text's)."""
    out = set()
    for r in store.db.execute(f"PRAGMA table_info({table})"):
        declared = (r[2] or "").upper()
        if "INT" not in declared and any(t in declared for t in ("CHAR", "CLOB", "TEXT")):
            out.add(r[1])
    return out


def _needs_escape(text: str) -> bool:
    """Whether ``text`` holds a character a field of the staging text escapes (``_COPY_FIELD``)."""
    return any(c in text for c in ("\\", "\t", "\n", "\r", _NUMBER_MARK))


def _copy_field(value: str) -> str:
    """A field in COPY's text format: backslash, tab, newline and carriage return escaped."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def record_fact_revs(store: Store, first: int, leave_out: Iterable[tuple[str, str]]) -> None:
    """Record the revisions the desk gave the facts ``stage_facts`` held (besides ``leave_out``):
    ``first`` and on, in key order (the order the push wrote them in), with one statement."""
    db = store.db
    _unstage(store, [k for t, k in leave_out if t == "facts"])
    db.execute("INSERT INTO sync_rows (tbl, key, rev) SELECT 'facts', key, ? + row_number() OVER (ORDER BY key) - 1 "
               "FROM temp.sync_push_facts WHERE true "
               "ON CONFLICT(tbl, key) DO UPDATE SET rev = excluded.rev WHERE excluded.rev > sync_rows.rev", [first])
    db.execute("DELETE FROM temp.sync_push_facts")


def all_images(store: Store, table: str) -> dict[str, dict]:
    """Every row of a shared table as images (for comparison and the first push)."""
    return _images(store, table, None)


def _images(store: Store, table: str, wanted: set[str] | None) -> dict[str, dict]:
    db = store.db
    rows: dict[str, dict] = {}

    def keep(key: str) -> bool:
        return wanted is None or key in wanted

    if table == "house":
        cols = _own(store, "house")
        r = db.execute(f"SELECT {', '.join(cols)} FROM house WHERE id = 1").fetchone()
        if r is not None and keep("house"):
            rows["house"] = dict(zip(cols, r))
        return rows
    if table in ("analysts", "segments", "indices"):
        cols = _own(store, table)
        for r in db.execute(f"SELECT uid, {', '.join(cols)} FROM {table} WHERE uid IS NOT NULL"):
            if keep(r[0]):
                rows[r[0]] = dict(zip(cols, r[1:]))
        return rows
    if table == "companies":
        cols = _own(store, "companies", ("ticker",))
        sql = (f"SELECT c.ticker, s.uid, {', '.join('c.' + c for c in cols)} FROM companies c "
               "LEFT JOIN segments s ON s.id = c.segment_id")
        for r in db.execute(sql):
            if keep(r[0]):
                image = rows[r[0]] = {"segment": r[1], **dict(zip(cols, r[2:]))}
                if image.get("formerly") is None:  # (only a renamed company names its former ticker)
                    image.pop("formerly", None)
        return rows
    if table == "facts":
        cols = _own(store, "facts", ("ticker", "metric", "period"))
        sel = f"SELECT ticker, metric, period, {', '.join(cols)} FROM facts"
        if wanted is not None and len(wanted) < 200:
            for key in wanted:
                parts = key.split("|")
                if len(parts) != 3:
                    continue
                r = db.execute(sel + " WHERE ticker = ? AND metric = ? AND period = ?", parts).fetchone()
                if r is not None:
                    rows[key] = dict(zip(cols, r[3:]))
            return rows
        if wanted is not None:  # many keys: one join with a temporary table of them
            with _grouped(store):
                db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_keys (ticker TEXT, metric TEXT, period TEXT, "
                           "PRIMARY KEY (ticker, metric, period)) WITHOUT ROWID")
                db.execute("DELETE FROM temp.sync_keys")
                db.conn.executemany("INSERT OR IGNORE INTO temp.sync_keys VALUES (?, ?, ?)",
                                    [p for p in (k.split("|") for k in wanted) if len(p) == 3])
                cur = db.execute(f"SELECT f.ticker, f.metric, f.period, {', '.join('f.' + c for c in cols)} "
                                 "FROM temp.sync_keys k JOIN facts f ON f.ticker = k.ticker AND f.metric = k.metric "
                                 "AND f.period = k.period")
                for r in cur:
                    rows[f"{r[0]}|{r[1]}|{r[2]}"] = dict(zip(cols, r[3:]))
                db.execute("DELETE FROM temp.sync_keys")
            return rows
        for r in db.execute(sel):
            key = f"{r[0]}|{r[1]}|{r[2]}"
            if keep(key):
                rows[key] = dict(zip(cols, r[3:]))
        return rows
    if table == "quotes":
        cols = _own(store, "quotes", ("date",))
        sql = (f"SELECT i.uid, q.date, {', '.join('q.' + c for c in cols)} FROM quotes q "
               "JOIN indices i ON i.id = q.index_id")
        for r in db.execute(sql):
            key = f"{r[0]}|{r[1]}"
            if keep(key):
                rows[key] = dict(zip(cols, r[2:]))
        return rows
    if table == "datasets":
        cols = _own(store, "datasets", ("name",))
        for r in db.execute(f"SELECT name, {', '.join(cols)} FROM datasets"):
            if keep(r[0]):
                rows[r[0]] = dict(zip(cols, r[1:]))
        return rows
    if table == "notes":
        cols = _own(store, "notes")
        tickers: dict[int, list[str]] = {}
        for nid, t in db.execute("SELECT note_id, ticker FROM note_companies ORDER BY ticker"):
            tickers.setdefault(nid, []).append(t)
        for r in db.execute(f"SELECT uid, id, {', '.join(cols)} FROM notes WHERE uid IS NOT NULL"):
            if keep(r[0]):
                rows[r[0]] = {**dict(zip(cols, r[2:])), "tickers": tickers.get(r[1], [])}
        return rows
    if table == "issues":
        cols = _own(store, "issues")
        analysts: dict[int, list[str]] = {}
        for iid, uid in db.execute("SELECT ia.issue_id, a.uid FROM issue_analysts ia "
                                   "JOIN analysts a ON a.id = ia.analyst_id ORDER BY ia.issue_id, ia.position"):
            analysts.setdefault(iid, []).append(uid)
        for r in db.execute(f"SELECT uid, id, {', '.join(cols)} FROM issues WHERE uid IS NOT NULL"):
            if keep(r[0]):
                rows[r[0]] = {**dict(zip(cols, r[2:])), "analysts": analysts.get(r[1], [])}
        return rows
    if table == "issue_log":
        cols = _own(store, "issue_log")
        sql = (f"SELECT l.uid, i.uid, {', '.join('l.' + c for c in cols)} FROM issue_log l "
               "JOIN issues i ON i.id = l.issue_id WHERE l.uid IS NOT NULL")
        for r in db.execute(sql):
            if keep(r[0]):
                rows[r[0]] = {"issue": r[1], **dict(zip(cols, r[2:]))}
        return rows
    if table == "issue_versions":
        cols = _own(store, "issue_versions", ("version",))
        sql = (f"SELECT i.uid, v.version, {', '.join('v.' + c for c in cols)} FROM issue_versions v "
               "JOIN issues i ON i.id = v.issue_id")
        for r in db.execute(sql):
            key = f"{r[0]}|{r[1]}"
            if keep(key):
                rows[key] = {"issue": r[0], "version": r[1],
                             **{c: _json_value(v) for c, v in zip(cols, r[2:])}}
        return rows
    raise ValueError(table)


# ---------------------------------------------------------------- applying images
@dataclass
class Refusal:
    """A row the local store would not take (its own rules refused it)."""

    table: str
    key: str
    image: dict | None
    message: str


def apply_images(store: Store, items: dict[tuple[str, str], dict | None]) -> list[Refusal]:
    """Write rows as the desk has them (inside the caller's transaction and change batch).

    Tables go in dependency order (deletions in reverse); a row the store's own rules refuse is
    skipped and returned, the rest still land.
    """
    refused: list[Refusal] = []
    writes: dict[str, dict[str, dict]] = {}
    deletes: dict[str, list[str]] = {}
    for (t, k), image in items.items():  # one pass (a first join brings a million rows)
        if image is None:
            deletes.setdefault(t, []).append(k)
        else:
            rows = writes.get(t)
            if rows is None:
                rows = writes[t] = {}
            rows[k] = image
    conn = store.db.conn
    conn.execute("PRAGMA defer_foreign_keys = ON")
    for table in TABLES:  # upserts, parents first
        rows = writes.get(table)
        if rows:
            refused += _upsert(store, table, rows)
    # an issue's row that moves to a later published version is taken once that version's
    # record (applied after the issues) is stored: those refused rows get a second try
    again = {r.key: r.image for r in refused if r.table == "issues"}
    if again:
        refused = [r for r in refused if r.table != "issues"] + _upsert(store, "issues", again)
    for table in reversed(TABLES):  # deletions, children first
        keys = deletes.get(table)
        if keys and table not in RECORDS:
            refused += _delete(store, table, keys)
    return refused


def _fact_tuples(pairs, cols, known: set, image_of, refused: list) -> list[tuple]:
    """Pulled fact images, (key, image) pairs, as rows (ticker, metric, period, *cols) in key order
    (the store's index pages are then written in turn, not at random); a key that is no fact's, a
    company this store does not hold, or a value no double can hold (the desk's JSON gives a double of
    2**63 or more as a whole number) is added to ``refused`` instead. A million rows at a first join:
    the loop is kept to C-level calls."""
    ok = []
    for key, image in pairs:
        parts = key.split("|")
        if parts[0] in known and len(parts) == 3:
            ok.append((*parts, *map(image.get, cols)))
        elif len(parts) != 3:
            refused.append(Refusal("facts", key, image, f"数据键无效 (not a fact key): {key}"))
        else:
            refused.append(Refusal("facts", key, image, f"没有该公司 (no company): {parts[0]}"))
    ok.sort()
    ok, unstorable = storable_facts(ok)
    refused += [Refusal("facts", "|".join(r[:3]), image_of("|".join(r[:3])), why) for r, why in unstorable]
    value = cols.index("value") + 3 if "value" in cols else None
    if value is not None and ok and _odd_figures(ok, value):
        # a figure no report can print (a desk of the release before took anything)
        low, high = _FIGURE_LOW.get, _FIGURE_HIGH.get
        odd = [r for r in ok if r[value] is not None and (type(r[value]) not in _NUMBER_TYPES or not
                                                           low(r[1], -_DOUBLE_MAX) <= r[value] <= high(r[1], _DOUBLE_MAX))]
        if odd:
            dropped = {id(r) for r in odd}
            ok = [r for r in ok if id(r) not in dropped]
            refused += [Refusal("facts", "|".join(r[:3]), image_of("|".join(r[:3])), desk_figure_refusal(r[1], r[value]))
                        for r in odd]
    return ok


def _odd_figures(rows: list[tuple], at: int) -> bool:
    """Whether a value of ``rows`` (at position ``at``; the metric at 1) is not a number or is outside
    its metric's range: C-level passes only (a first join brings a million rows)."""
    values = list(map(itemgetter(at), rows))
    if not set(map(type, values)) <= _FIGURE_TYPES:
        return True
    values = list(map(_NONE_AS_ZERO.get, values, values))
    metrics = list(map(itemgetter(1), rows))
    return (any(map(gt, map(_FIGURE_LOW.get, metrics, repeat(-_DOUBLE_MAX)), values))
            or any(map(lt, map(_FIGURE_HIGH.get, metrics, repeat(_DOUBLE_MAX)), values)))


_NUMBER_TYPES = (float, int)
_FIGURE_TYPES = {float, int, type(None)}
_NONE_AS_ZERO = {None: 0.0}
_DOUBLE_MAX = 1.7976931348623157e308
_FIGURE_LOW = {m: lo for m, (lo, _) in PLAUSIBLE.items()}
_FIGURE_HIGH = {m: hi for m, (_, hi) in PLAUSIBLE.items()}


def _figure_problem(metric_code: str, value) -> tuple[bool, str] | None:
    """Whether a figure is one the desk refuses (its v10 rule, from the same ranges: not a number,
    or outside the range the store's own edits and imports apply, ``metrics.PLAUSIBLE``): None
    when it is not, else (whether it is not a number, what to show). A missing figure is None."""
    if value is None:
        return None
    if type(value) not in _NUMBER_TYPES:
        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, bytes) else repr(value)
        return True, shown[:60]
    if metric_code in PLAUSIBLE:
        try:
            check_value(metric_code, value)
        except (ValidationError, OverflowError) as exc:
            return False, str(exc)
        return None
    if not -_DOUBLE_MAX <= value <= _DOUBLE_MAX:
        return False, repr(value)
    return None


def desk_figure_refusal(metric_code: str, value) -> str | None:
    """Why a figure the desk holds cannot be stored (not a number, or outside the range the store's
    own edits and imports apply, ``metrics.PLAUSIBLE``), or None when it can. ``value`` is what the
    desk's JSON gave: a missing figure is None."""
    return _desk_says(_figure_problem(metric_code, value))


def _desk_says(problem: tuple[bool, str] | None) -> str | None:
    if problem is None:
        return None
    not_a_number, shown = problem
    if not_a_number:
        return f"团队库的值不是数字 (the desk's value is not a number): {shown}"
    return f"团队库的值超出合理范围 (the desk's value is outside the plausible range): {shown}"


#: What the listing of a row held back from the push says (``hold_figures``): told from the
#: refusals of the desk's rows by it
NOT_PUSHED = "未推送 (not pushed: "


def _here_says(problem: tuple[bool, str] | None) -> str | None:
    if problem is None:
        return None
    not_a_number, shown = problem
    if not_a_number:
        return f"本机的值不是数字，{NOT_PUSHED}this store's value is not a number): {shown}"
    return f"本机的值超出合理范围，{NOT_PUSHED}this store's value is outside the plausible range): {shown}"


def _quote_problem(close, change) -> tuple[bool, str] | None:
    if close is None:  # (the desk holds no quote without its close)
        return True, "收盘价为空 (no close)"
    return _figure_problem("index_close", close) or _figure_problem("index_change", change)


#: Up to this many facts to push are looked up one by one (about 12 µs each); more, and the store's
#: facts are read in one pass that returns only the odd ones (about 0.5 s a million facts)
_LOOKED_UP = 20000


def _odd_figure_sql(metric: str, value: str) -> str:
    """SQL that is true for a fact's figure the desk would refuse, or might (``_figure_problem``
    decides): not an integer or a real, or outside its metric's range in ``metrics.PLAUSIBLE`` (a
    double's where the metric has none); false for a missing one. A good figure costs one CASE."""
    within = " ".join(f"WHEN '{m}' THEN {value} BETWEEN {lo!r} AND {hi!r}" for m, (lo, hi) in PLAUSIBLE.items())
    return (f"({value} IS NOT NULL AND NOT coalesce(typeof({value}) IN ('integer', 'real') AND CASE {metric} "
            f"{within} ELSE {value} BETWEEN {-_DOUBLE_MAX!r} AND {_DOUBLE_MAX!r} END, false))")


def _odd_facts_sql() -> str:
    """The facts whose value the desk would refuse, or might (``_figure_problem`` decides): one
    pass over the table."""
    return "SELECT ticker, metric, period, value FROM facts WHERE " + _odd_figure_sql("metric", "value")


def figures_to_hold(store: Store, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The facts and quotes among ``keys`` (rows a push would send) whose figure, as this store
    holds it, the desk refuses (written outside the workbench, say: the store's own edits and
    imports never write one): (table, key) -> why, in the words of a local refusal. The desk's
    check refuses the whole push for one of them, so a push sends them not."""
    keys = list(keys)
    facts = [k for k in keys if k[0] == "facts" and k[1].count("|") == 2]
    found: dict[tuple[str, str], str] = {}
    if len(facts) <= _LOOKED_UP:
        rows = (store.db.execute("SELECT ticker, metric, period, value FROM facts WHERE ticker = ? AND metric = ? "
                                 "AND period = ?", k[1].split("|")).fetchone() for k in facts)
    else:
        wanted = set(facts)
        rows = (r for r in store.db.execute(_odd_facts_sql()).fetchall()
                if ("facts", f"{r[0]}|{r[1]}|{r[2]}") in wanted)
    for r in rows:
        if r is not None and (why := _here_says(_figure_problem(r[1], r[3]))):
            found[("facts", f"{r[0]}|{r[1]}|{r[2]}")] = why
    quotes = [k for k in keys if k[0] == "quotes" and k[1].count("|") == 1]
    for k in quotes:
        uid, date = k[1].split("|")
        r = store.db.execute("SELECT q.close, q.change FROM quotes q JOIN indices i ON i.id = q.index_id "
                             "WHERE i.uid = ? AND q.date = ?", [uid, date]).fetchone()
        if r is not None and (why := _here_says(_quote_problem(r[0], r[1]))):
            found[k] = why
    return found


def held_figures(store: Store) -> dict[tuple[str, str], int]:
    """The rows held back from the push for a figure the desk refuses, listed and not settled:
    (table, key) -> the listing's id."""
    return {(t, k): i for i, t, k in store.db.execute(
        f"SELECT id, tbl, key FROM sync_conflicts WHERE {_HELD_FIGURE} AND resolution IS NULL ORDER BY id",
        [NOT_PUSHED])}


#: A listing of a row held back for a figure the desk refuses (its message names NOT_PUSHED: one ? for it).
_HELD_FIGURE = "kind = 'local' AND instr(coalesce(message, ''), ?) > 0"
#: A listing of an issue this store held back (``is_held``): for analysts the desk lacks, or a week it has.
_HELD_ISSUE = "tbl = 'issues' AND kind = 'refused' AND server_id IS NULL"


def hold_figures(store: Store, held: dict[tuple[str, str], str], theirs: dict[tuple[str, str], dict | None]) -> int:
    """List the rows a push holds back for a figure the desk refuses (``figures_to_hold``), each
    once, as a local refusal beside the desk's row (``theirs``, absent where the desk has none),
    and close the listings whose figure is corrected here since (settled for mine: the corrected
    row goes with the push, as a change of this store's). Inside the caller's transaction; returns
    how many it listed."""
    listed = held_figures(store)
    for key in [k for k in listed if k not in held]:
        if not figures_to_hold(store, [key]):
            mark_resolved(store, listed[key], "mine")
    new = [Refusal(t, k, theirs.get((t, k)), why) for (t, k), why in held.items() if (t, k) not in listed]
    record_local_refusals(store, new)
    return len(new)


def apply_fact_groups(store: Store, groups: list[tuple[dict, dict[tuple[str, str], dict]]]) -> list[Refusal]:
    """Write the desk's facts of several write operations (inside the caller's transaction): each
    group is the ``Store.batch`` arguments of one operation and its facts (never deletions), each
    logged under its own batch as ``apply_images`` logs them, but the new facts of all of them
    inserted in one pass in key order (their runs reserved batch by batch, in the groups' order).
    A row at a time, the facts of twenty operations spread over the same companies cost a seek
    from the root each; in one pass a leaf takes its rows in turn. Returns the rows refused."""
    db, conn = store.db, store.db.conn
    cols = _own(store, "facts", ("ticker", "metric", "period"))
    names = ["ticker", "metric", "period", *cols]
    known = {r[0] for r in db.execute("SELECT ticker FROM companies")}  # (once for all the groups)
    refused: list[Refusal] = []
    parsed = []
    for _, rows in groups:
        ok = _fact_tuples(((key, image) for (_, key), image in rows.items()), cols, known,
                          lambda key, rows=rows: rows[("facts", key)], refused)
        parsed.append(ok)
    # which of them the store holds already (one pass in key order; it also reads in the pages the
    # insert writes); none, in a store holding no facts (a first join)
    held: set[tuple] = set()
    if db.execute("SELECT EXISTS (SELECT 1 FROM facts)").fetchone()[0]:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_fact_keys (ticker TEXT, metric TEXT, period TEXT, "
                   "PRIMARY KEY (ticker, metric, period)) WITHOUT ROWID")
        db.execute("DELETE FROM temp.sync_fact_keys")
        conn.executemany("INSERT OR IGNORE INTO temp.sync_fact_keys VALUES (?, ?, ?)",
                         sorted(r[:3] for ok in parsed for r in ok))
        held = set(conn.execute("SELECT f.ticker, f.metric, f.period FROM temp.sync_fact_keys k JOIN facts f "
                                "ON f.ticker = k.ticker AND f.metric = k.metric AND f.period = k.period"))
        db.execute("DELETE FROM temp.sync_fact_keys")
    conn.execute("PRAGMA defer_foreign_keys = ON")
    update = (f"INSERT INTO facts ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
              f"ON CONFLICT(ticker, metric, period) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in cols))
    new = []
    for (batch, _), ok in zip(groups, parsed):
        fresh = [r for r in ok if r[:3] not in held]
        with store.batch("sync", **batch):
            if fresh:  # their seqs, in this batch's run
                first = store._reserve_run(len(fresh))
                new += [(*r, first + i) for i, r in enumerate(fresh)]
            if len(fresh) < len(ok):  # the update triggers log these under this batch
                conn.executemany(update, [r for r in ok if r[:3] in held])
    if new:
        new.sort()
        conn.executemany(f"INSERT INTO facts ({', '.join(names)}, log_mark) "
                         f"VALUES ({', '.join('?' * (len(names) + 1))})", new)
    return refused


def _quote_refusal(fields: dict) -> str | None:
    """Why a quote the desk holds cannot be stored: its close missing, or a close or change that
    is not a number or is outside the range the store's edits apply (``desk_figure_refusal``)."""
    return _desk_says(_quote_problem(fields.get("close"), fields.get("change")))


def _uid_map(store: Store, table: str) -> dict[str, int]:
    return {r[0]: r[1] for r in store.db.execute(f"SELECT uid, id FROM {table} WHERE uid IS NOT NULL")}


def _guarded(store: Store, table: str, key: str, image, fn) -> Refusal | None:
    conn = store.db.conn
    conn.execute("SAVEPOINT sync_row")
    try:
        fn()
    except sqlite3.DatabaseError as exc:
        conn.execute("ROLLBACK TO SAVEPOINT sync_row")
        conn.execute("RELEASE SAVEPOINT sync_row")
        return Refusal(table, key, image, _worded(exc))
    conn.execute("RELEASE SAVEPOINT sync_row")
    return None


_ROW_WORDS = {"house": ("机构信息", "house profile"), "analysts": ("分析师", "analyst"), "segments": ("板块", "segment"),
              "indices": ("指数", "index"), "companies": ("公司", "company"), "datasets": ("数据集", "dataset"),
              "notes": ("笔记", "note"), "issues": ("周报", "issue"), "issue_log": ("状态记录", "status log entry"),
              "issue_versions": ("发布版本", "published version")}


def _worded(exc: sqlite3.DatabaseError) -> str:
    """Why the store refused a row the desk holds, in words: a missing field named as the analyst
    knows it (a row written on the desk by hand may lack one), else the store's own message."""
    found = re.fullmatch(r"NOT NULL constraint failed: (\w+)\.(\w+)", str(exc))
    if found is None or found[1] not in _ROW_WORDS:
        return str(exc)
    zh, en = _ROW_WORDS[found[1]]
    field = field_label(found[1], found[2], ZH)
    named = f"{field} {found[2]}" if field != found[2] else found[2]
    return f"团队库的{zh}缺少{named} (the desk's {en} has no {found[2]}): 本数据文件不能保存 (this store cannot keep it)"


def _set_clause(cols: list[str]) -> str:
    return ", ".join(f"{c} = ?" for c in cols)


def _upsert(store: Store, table: str, rows: dict[str, dict]) -> list[Refusal]:
    db = store.db
    conn = db.conn
    refused: list[Refusal] = []
    local = set(_columns(store, table))

    def fields(image: dict, drop: tuple[str, ...] = ()) -> dict:
        return {c: _from_json(v) for c, v in image.items()
                if c in local and c not in _LOCAL_COLUMNS and c not in drop}

    if table == "facts":
        cols = _own(store, "facts", ("ticker", "metric", "period"))  # plain values: no blobs in facts
        names = ["ticker", "metric", "period", *cols]
        # new facts go in as one run of the store (logged as its writes log them), then the rows
        # that existed take the desk's values (the update triggers log what changed)
        sql = (f"INSERT INTO facts ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
               f"ON CONFLICT(ticker, metric, period) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in cols))
        known = {r[0] for r in db.execute("SELECT ticker FROM companies")}
        ok = _fact_tuples(rows.items(), cols, known, rows.__getitem__, refused)
        if ok and store._insert_new_facts(names, ok) < len(ok):
            conn.executemany(sql, ok)
        return refused
    if table == "quotes":
        idx = _uid_map(store, "indices")
        data, cols = [], None
        for key, image in rows.items():
            uid, date = key.split("|", 1)
            if uid not in idx:
                refused.append(Refusal("quotes", key, image, f"没有该指数 (no index): {uid}"))
                continue
            f = fields(image, ("date",))
            cols = cols or sorted(f)
            values, why = storable_quote([f.get(c) for c in cols], key)  # (a double of 2**63 or more comes whole)
            why = why or _quote_refusal(f)
            data.append((idx[uid], date, *values)) if why is None else refused.append(Refusal("quotes", key, image, why))
        if data:
            names = ["index_id", "date", *cols]
            conn.executemany(
                f"INSERT INTO quotes ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                f"ON CONFLICT(index_id, date) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in cols),
                data)
        return refused

    if table == "companies" and len(rows) > 1 and _upsert_companies_at_once(store, rows, fields):
        return refused
    for key, image in rows.items():
        def write(key=key, image=image):
            _upsert_one(store, table, key, image, fields)
        r = _guarded(store, table, key, image, write)
        if r is not None:
            refused.append(r)
    return refused


def _upsert_companies_at_once(store: Store, rows: dict[str, dict], fields) -> bool:
    """All companies in one statement per set of columns (thousands at a first join); False,
    with nothing written, when the store refuses one of them: then they go one by one."""
    conn = store.db.conn
    segments = _uid_map(store, "segments")
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for key, image in rows.items():
        f = fields(image, ("ticker", "segment"))
        seg = image.get("segment")
        f["segment_id"] = segments.get(seg) if seg else None
        groups.setdefault(tuple(f), []).append((key, *f.values()))
    conn.execute("SAVEPOINT sync_companies")
    try:
        for cols, data in groups.items():
            names = ["ticker", *cols]
            conn.executemany(f"INSERT INTO companies ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                             f"ON CONFLICT(ticker) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in cols),
                             data)
    except sqlite3.DatabaseError:
        conn.execute("ROLLBACK TO SAVEPOINT sync_companies")
        conn.execute("RELEASE SAVEPOINT sync_companies")
        return False
    conn.execute("RELEASE SAVEPOINT sync_companies")
    return True


def _upsert_one(store: Store, table: str, key: str, image: dict, fields) -> None:
    db = store.db
    if table == "house":
        f = fields(image)
        if f:
            db.execute(f"UPDATE house SET {_set_clause(list(f))} WHERE id = 1", list(f.values()))
        return
    if table == "datasets":
        f = fields(image, ("name",))
        names = ["name", *f]
        db.execute(f"INSERT INTO datasets ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                   f"ON CONFLICT(name) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in f),
                   [key, *f.values()])
        return
    if table == "companies":
        f = fields(image, ("ticker", "segment"))
        seg = image.get("segment")
        f["segment_id"] = _uid_map(store, "segments").get(seg) if seg else None
        names = ["ticker", *f]
        db.execute(f"INSERT INTO companies ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                   f"ON CONFLICT(ticker) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in f),
                   [key, *f.values()])
        return
    if table in RECORDS:
        issue_id = db.execute("SELECT id FROM issues WHERE uid = ?", [image.get("issue")]).fetchone()
        if issue_id is None:
            raise sqlite3.IntegrityError(f"没有该期周报 (no issue): {image.get('issue')}")
        if table == "issue_log":
            if db.execute("SELECT 1 FROM issue_log WHERE uid = ?", [key]).fetchone():
                return
            f = fields(image, ("issue",))
            f.update(uid=key, issue_id=issue_id[0])
        else:
            version = int(image["version"])
            if db.execute("SELECT 1 FROM issue_versions WHERE issue_id = ? AND version = ?",
                          [issue_id[0], version]).fetchone():
                _same_version_or_refuse(store, key, image)
                return
            f = fields(image, ("issue",))
            f.update(issue_id=issue_id[0], version=version)
        db.execute(f"INSERT INTO {table} ({', '.join(f)}) VALUES ({', '.join('?' * len(f))})", list(f.values()))
        return
    # rows with a uid: analysts, segments, indices, notes, issues
    if table == "issues":
        _refuse_missing_analysts(store, image)
    if table == "notes":
        _refuse_missing_companies(store, image)
    extra = {"notes": ("tickers",), "issues": ("analysts",)}.get(table, ())
    f = fields(image, extra)
    for natural in NATURAL_KEYS.get(table, ()):
        # the same segment / index / analyst made on two workstations: the desk's identity wins
        value = f.get(natural)
        if value is not None:
            db.execute(f"UPDATE {table} SET uid = ? WHERE {natural} = ? AND uid != ?", [key, value, key])
    if table == "indices" and f.get("is_benchmark"):
        db.execute("UPDATE indices SET is_benchmark = 0 WHERE uid != ?", [key])
    row = db.execute(f"SELECT id FROM {table} WHERE uid = ?", [key]).fetchone()
    if row is None:
        names = ["uid", *f]
        row_id = db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                            [key, *f.values()]).lastrowid
    else:
        row_id = row[0]
        if table == "issues" and f.get("status") in ("draft", "review"):
            status, version = db.execute("SELECT status, version FROM issues WHERE id = ?", [row_id]).fetchone()
            if status == "final" and f.get("version") == version + 1:
                # a correction of a published issue (a draft, or already in review: the reviewer on
                # another workstation must see it): first the bare step its guard allows, then the
                # draft's text and status
                db.execute("UPDATE issues SET status = 'draft', version = ? WHERE id = ?", [version + 1, row_id])
        if f:
            db.execute(f"UPDATE {table} SET {_set_clause(list(f))} WHERE id = ?", [*f.values(), row_id])
    if table == "notes":  # (every company it names is here: _refuse_missing_companies)
        db.execute("DELETE FROM note_companies WHERE note_id = ?", [row_id])
        for t in image.get("tickers") or []:
            db.execute("INSERT INTO note_companies (note_id, ticker) VALUES (?, ?)", [row_id, t])
    if table == "issues":
        analysts = _uid_map(store, "analysts")
        db.execute("DELETE FROM issue_analysts WHERE issue_id = ?", [row_id])
        for pos, uid in enumerate(image.get("analysts") or []):
            if uid in analysts:
                db.execute("INSERT INTO issue_analysts (issue_id, analyst_id, position) VALUES (?, ?, ?)",
                           [row_id, analysts[uid], pos])


def _refuse_missing_analysts(store: Store, image: dict) -> None:
    """An issue naming analysts this store does not have (the desk took it from a client that did not
    hold such issues back) is refused, naming them, rather than written without them: kept as a
    conflict and tried again at each sync, it is taken once they are here."""
    known = _uid_map(store, "analysts")
    missing = [a for a in image.get("analysts") or [] if a not in known]
    if missing:
        raise sqlite3.IntegrityError(
            f"本数据文件没有该期周报署名的分析师 (this store does not have analysts the issue names): "
            f"{', '.join(missing)}; 分析师同步到本数据文件后自动接受 (taken at the first sync after they are here)")


def _refuse_missing_companies(store: Store, image: dict) -> None:
    """A note naming companies this store does not have (one it deleted, or refused, while the desk
    or a colleague kept it) is refused, naming them, rather than written without them, as an issue
    naming missing analysts is: kept as a conflict and tried again at each sync, it is taken once
    they are here."""
    tickers = image.get("tickers") or []
    if not tickers:
        return
    marks = ", ".join("?" * len(tickers))
    known = {r[0] for r in store.db.execute(f"SELECT ticker FROM companies WHERE ticker IN ({marks})", tickers)}
    missing = [t for t in tickers if t not in known]
    if missing:
        raise sqlite3.IntegrityError(
            f"本数据文件没有该笔记提及的公司 (this store does not have companies the note names): "
            f"{', '.join(missing)}; 公司同步到本数据文件后自动接受 (taken at the first sync after they are here)")


def _same_version_or_refuse(store: Store, key: str, image: dict) -> None:
    """The desk's published version of an issue that this store already holds: the same record is
    nothing to do; a different one (this workstation published its own, which the desk refused, and
    someone else published it there) is refused, so that it is listed as a conflict and named by
    ``workbench verify``, never kept silently apart (a published record is never rewritten). The
    reason says the way out: keeping theirs takes the desk's publication (``desk_publication``)."""
    mine = read_images(store, [("issue_versions", key)]).get(("issue_versions", key))
    mine, theirs = json.loads(_dump(mine or {})), json.loads(_dump(image))
    if mine and _rival_records(mine, theirs):
        v = image.get("version")
        # (two finals of the same text: the same PDF went out, still two publications of the version)
        same = (("两份 PDF 完全相同，", "the two PDFs are the same bytes; ")
                if mine.get("pdf_sha256") == theirs.get("pdf_sha256") else ("", ""))
        raise sqlite3.IntegrityError(
            f"{RIVAL_VERSION} (this store's published version differs from the desk's): "
            f"团队库发布的 v{v} 是 {image.get('frozen_by')} {shown_time(image.get('frozen_at'))} 定稿的，本工作站的 v{v} "
            f"是 {mine.get('frozen_by')} {shown_time(mine.get('frozen_at'))} 定稿的 (the desk published v{v} frozen by "
            f"{image.get('frozen_by')}; this store's v{v} was frozen by {mine.get('frozen_by')}); {same[0]}发布记录不可覆盖，"
            f"用 --keep theirs 采用团队库的发布版本，本工作站的保留为记录 ({same[1]}a published record is never overwritten: "
            f"--keep theirs takes the desk's publication and keeps this store's as a record)")


#: The reason a desk's published version is refused here: this store published its own of that version.
RIVAL_VERSION = "本工作站的发布版本与团队库不同"


def rival(c: dict) -> bool:
    """Whether a listing is of two publications of one version: a published version this store holds
    one of and the desk another, or the issue's final row at that version held otherwise on each side."""
    mine, theirs = c.get("mine"), c.get("theirs")
    if mine is None or theirs is None:
        return False
    if c["tbl"] == "issue_versions":
        # two finals of the same text print the same PDF but are still two publications (each its
        # own editor and time): the same records as the refusal here (``_same_version_or_refuse``)
        return _rival_records(mine, theirs)
    return (c["tbl"] == "issues" and mine.get("status") == theirs.get("status") == "final"
            and str(mine.get("version")) == str(theirs.get("version")) and compared("issues", mine) != compared("issues", theirs))


def _rival_records(mine: dict, theirs: dict) -> bool:
    """Whether two records of one published version differ in anything both hold."""
    mine, theirs = json.loads(_dump(mine)), json.loads(_dump(theirs))
    return any(mine[k] != theirs[k] for k in mine.keys() & theirs.keys())


def published_over(c: dict) -> bool:
    """Whether a listing is of this store's publication that landed on the desk over an edit of its
    draft made there meanwhile (the desk's side: that edit, not in what was published)."""
    mine, theirs = c.get("mine") or {}, c.get("theirs")
    return (c["tbl"] == "issues" and c["kind"] == "conflict" and theirs is not None and mine.get("status") == "final"
            and theirs.get("status") != "final" and str(theirs.get("version")) == str(mine.get("version")))


def draft_under_publication(c: dict) -> bool:
    """Whether a listing is of this store's edit of an issue's draft that a publication of that
    version replaced on the desk (the desk's side: the published row)."""
    mine, theirs = c.get("mine"), c.get("theirs")
    return (c["tbl"] == "issues" and c["kind"] == "conflict" and mine is not None and theirs is not None
            and mine.get("status") != "final" and theirs.get("status") == "final"
            and str(theirs.get("version")) == str(mine.get("version")))


def refused_publication(store: Store, issue_uid: str) -> dict | None:
    """The open listing of a version of this issue that this store published and the desk refused,
    or holds another of (the oldest), or None. While it is open the issue is not corrected or
    finalised here, nor its PDF exported as published: settle it first."""
    for c in conflicts(store):
        if c["tbl"] == "issue_versions" and c["mine"] is not None and c["mine"].get("issue") == issue_uid \
                and not is_held(c) and (c["kind"] != "local" or rival(c)):
            return c
    return None


def desk_publication(store: Store, issue_uid: str, version: int) -> dict | None:
    """The desk's published version taken here over this store's own of that version (a listing of
    the two settled as theirs): its record with the PDF's bytes, or None. This store keeps its own
    in its record beside it; the house's publication of the version is the desk's, and the store's
    own reads give it (``versions``, ``version_pdf``, ``taken_publications``: one home)."""
    issue_id = store.scalar("SELECT id FROM issues WHERE uid = ?", [issue_uid])
    if issue_id is None:
        return None
    return next((t for t in store.taken_publications(issue_id) if t["version"] == int(version)), None)


def rival_listings(store: Store, issue_uid: str, version: int) -> list[dict]:
    """The open listings that go with a published version the desk holds another of: the version's
    own (the desk's conflict and this store's refusal), this store's status-log entries of that
    version the desk refused, and the issue's row where the desk's final differs from this store's."""
    key = f"{issue_uid}|{int(version)}"
    out = []
    for c in conflicts(store):
        image = c["mine"] or {}
        if c["tbl"] == "issue_versions" and c["key"] == key:
            out.append(c)
        elif c["tbl"] == "issue_log" and c["kind"] == "refused" and image.get("issue") == issue_uid \
                and int(image.get("version") or 0) == int(version):
            out.append(c)
        elif c["tbl"] == "issues" and c["key"] == issue_uid and rival(c) and int(image.get("version")) == int(version):
            out.append(c)
    return out


def _delete(store: Store, table: str, keys: list[str]) -> list[Refusal]:
    refused = []
    for key in keys:
        if table == "facts":
            sql, params = "DELETE FROM facts WHERE ticker = ? AND metric = ? AND period = ?", key.split("|")
        elif table == "quotes":
            uid, date = key.split("|", 1)
            sql, params = ("DELETE FROM quotes WHERE date = ? AND index_id = (SELECT id FROM indices WHERE uid = ?)",
                           [date, uid])
        elif table == "companies":
            held = _figures_held(store, key)
            if held:  # (the desk's deletions of its facts came before, children first)
                refused.append(Refusal(table, key, None, f"本数据文件仍有该公司的数据，团队库没有删除它们 (this store "
                                                         f"still holds figures of the company that the desk did not "
                                                         f"delete): {held}; 删除公司会丢失它们，本地保留 (deleting "
                                                         f"the company would lose them: kept in this store)"))
                continue
            sql, params = "DELETE FROM companies WHERE ticker = ?", [key]
        elif table == "datasets":
            sql, params = "DELETE FROM datasets WHERE name = ?", [key]
        elif table in _UID_TABLES:
            sql, params = f"DELETE FROM {table} WHERE uid = ?", [key]
        else:
            continue
        if table == "analysts" and _named_by_an_issue(store, key):
            refused.append(Refusal(table, key, None, "周报仍署名该分析师，本地保留 (an issue still names this "
                                                     "analyst: kept in this store)"))
            continue
        if table == "companies" and (became := renamed_to(store, key)):
            # a company renamed on the desk: the notes that name it here follow it to its new ticker
            # (a note made here since, not yet pushed), rather than losing it with the old one
            sql = [("INSERT OR IGNORE INTO note_companies (note_id, ticker) SELECT note_id, ? FROM note_companies "
                    "WHERE ticker = ?", [became, key]), (sql, params)]
            r = _guarded(store, table, key, None, lambda steps=sql: [store.db.execute(*s) for s in steps])
        else:
            r = _guarded(store, table, key, None, lambda sql=sql, params=params: store.db.execute(sql, params))
        if r is not None:
            refused.append(r)
    return refused


def renamed_to(store: Store, ticker: str) -> str | None:
    """The company of this store a ticker became by renames (``company_renames``, followed to the
    end), or None: not renamed, or to no company here."""
    seen = {ticker}
    at = ticker
    while (row := store.db.execute("SELECT new FROM company_renames WHERE old = ?", [at]).fetchone()) is not None:
        at = row[0]
        if at in seen:  # (renamed back: no end)
            return None
        seen.add(at)
    if at == ticker or not store.db.execute("SELECT 1 FROM companies WHERE ticker = ?", [at]).fetchone():
        return None
    return at


def take_renames(store: Store, renames: Iterable[tuple[str, str]]) -> None:
    """The desk's renames of companies, as this store keeps them (``company_renames``: the desk's
    list replaces it whole; inside the caller's transaction)."""
    store.db.execute("DELETE FROM company_renames")
    store.db.conn.executemany("INSERT OR REPLACE INTO company_renames (old, new) VALUES (?, ?)", list(renames))


def _deleted_here(store: Store, ticker: str) -> bool:
    """Whether the company's last logged change is its deletion by this workstation (not one pulled)."""
    row = store.db.execute("SELECT l.op, coalesce(b.origin, 'external') FROM change_log l LEFT JOIN change_batches b "
                           "ON b.id = l.batch_id WHERE l.entity = 'company' AND l.key1 = ? ORDER BY l.seq DESC LIMIT 1",
                           [ticker]).fetchone()
    return row is not None and row[0] == "delete" and row[1] != "sync"


def _figures_held(store: Store, ticker: str, shown: int = 3) -> str:
    """The company's facts this store holds, named (a few, then how many), or '' for none."""
    rows = store.db.execute("SELECT metric, period FROM facts WHERE ticker = ? ORDER BY metric, period LIMIT ?",
                            [ticker, shown + 1]).fetchall()
    if not rows:
        return ""
    named = ", ".join(f"{m} {p}" for m, p in rows[:shown])
    if len(rows) > shown:
        n = store.scalar("SELECT count(*) FROM facts WHERE ticker = ?", [ticker])
        named += f" 等 {n} 条 ({n} in all)"
    return named


def kept_companies(store: Store) -> set[str]:
    """The companies this store keeps over the desk's deletion of them (open refusals of that
    deletion: it still holds figures of them the desk did not delete, or kept with them)."""
    return {k for (k,) in store.db.execute("SELECT key FROM sync_conflicts WHERE tbl = 'companies' AND kind = 'local' "
                                           "AND resolution IS NULL AND theirs IS NULL")}


def kept_figures(store: Store, tickers: Iterable[str] | None = None) -> list[dict]:
    """The open conflicts of figures this store keeps with a company it keeps over the desk's
    deletion (``tickers``: of these companies only): this workstation's value met the desk's
    deletion of the figure, and the store holds that value (the conflict's side "mine") until the
    user settles it, for the figure keeps its company here. Oldest first."""
    kept = kept_companies(store) if tickers is None else set(tickers) & kept_companies(store)
    if not kept:
        return []
    found = [c for c in conflicts(store) if c["tbl"] == "facts" and c["kind"] == "conflict" and c["theirs"] is None
             and c["mine"] is not None and c["key"].count("|") == 2 and c["key"].split("|")[0] in kept]
    return [c for c in found if compared("facts", current_image(store, ("facts", c["key"])))
            == compared("facts", c["mine"])]


def _named_by_an_issue(store: Store, uid: str) -> bool:
    """Whether an issue names the analyst (the store's foreign keys are deferred during a sync: a
    deletion that breaks one would fail the whole transaction at its commit, not this row)."""
    return store.db.execute("SELECT 1 FROM issue_analysts ia JOIN analysts a ON a.id = ia.analyst_id "
                            "WHERE a.uid = ? LIMIT 1", [uid]).fetchone() is not None


# ---------------------------------------------------------------- conflicts kept locally
def record_conflicts(store: Store, conflicts: Iterable[dict]) -> int:
    """Keep conflicts the desk reported (each once, by its server id)."""
    n = 0
    for c in conflicts:
        cur = store.db.execute(
            "INSERT INTO sync_conflicts (server_id, tbl, key, kind, mine, theirs, by, at, theirs_by, theirs_at, "
            "message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(server_id) DO NOTHING",
            [c["id"], c["tbl"], c["key"], c["kind"], _dump(c.get("mine")), _dump(c.get("theirs")), c.get("by"),
             c.get("at"), c.get("theirs_by"), c.get("theirs_at"), c.get("message")])
        n += cur.rowcount
    return n


def record_local_refusals(store: Store, refusals: list[Refusal],
                          writers: dict[tuple[str, str], str] | None = None) -> None:
    """Rows from the desk that this store's own rules refused, kept as conflicts to settle: this
    side under the store's desk user, the desk's under the desk user who wrote it. A fact refused
    for want of its company says why the company is missing (refused too, or deleted here)."""
    by = desk_user(store)
    for r in _explained(store, refusals):
        store.db.execute(
            "INSERT INTO sync_conflicts (server_id, tbl, key, kind, mine, theirs, by, at, theirs_by, theirs_at, "
            "resolution, message) VALUES (NULL, ?, ?, 'local', ?, ?, ?, ?, ?, NULL, NULL, ?)",
            [r.table, r.key, _dump(read_images(store, [(r.table, r.key)]).get((r.table, r.key))),
             _dump(r.image), by, now_iso(), (writers or {}).get((r.table, r.key)), r.message])


def _explained(store: Store, refusals: list[Refusal]) -> list[Refusal]:
    """The refusals with each fact refused for want of its company told why the company is
    missing: this store refused it too (its reason, from this refusal or an open conflict), or this
    workstation deleted it (the deletion waiting to be pushed, or kept as a conflict)."""
    orphans = [r for r in refusals if r.table == "facts" and r.image is not None and r.key.count("|") == 2
               and not store.db.execute("SELECT 1 FROM companies WHERE ticker = ?", [r.key.split("|")[0]]).fetchone()]
    if not orphans:
        return refusals
    reasons = {r.key: r.message for r in refusals if r.table == "companies" and r.image is not None}
    for t, key, message in store.db.execute("SELECT tbl, key, message FROM sync_conflicts WHERE tbl = 'companies' "
                                            "AND kind = 'local' AND resolution IS NULL AND theirs IS NOT NULL "
                                            "ORDER BY id"):
        reasons.setdefault(key, message or "")
    told = {}
    for r in orphans:
        ticker = r.key.split("|")[0]
        if ticker in reasons:
            why = (f"其公司 {ticker} 未被本数据文件接受 (its company {ticker} was refused by this store): "
                   f"{reasons[ticker]}; 公司接受后自动重试 (tried again once the company is taken)")
        elif _deleted_here(store, ticker):
            why = (f"本工作站已删除公司 {ticker}；团队库上另有人为它添加了此数据 (this workstation deleted the "
                   f"company {ticker}; someone added this figure to it on the desk): 要保留请先恢复该公司，下次同步"
                   f"自动接受 (to keep it, restore the company: the next sync takes it)")
        else:
            continue
        told[id(r)] = Refusal(r.table, r.key, r.image, why)
    return [told.get(id(r), r) for r in refusals]


def desk_user(store: Store) -> str:
    """The desk user this store syncs as."""
    from urllib.parse import unquote, urlsplit

    url = store.get_setting(SETTING_URL)
    return store.get_setting(SETTING_USER) or (unquote(urlsplit(url).username or "") if url else "")


_RETRY_NOTE = "重试本地拒绝的行 (retrying rows this store refused)"


def local_refusals(store: Store) -> dict[tuple[str, str], dict | None]:
    """The desk's rows this store refused and has not settled: (table, key) -> the desk's image."""
    out = {}
    for t, k, theirs in store.db.execute("SELECT tbl, key, theirs FROM sync_conflicts WHERE kind = 'local' "
                                         "AND resolution IS NULL ORDER BY id"):
        out[(t, k)] = json.loads(theirs) if theirs else None
    return out


def last_conflict_id(store: Store) -> int:
    """The newest listing's id (0 for none): a sync notes it first, to tell the refusals it raises."""
    return store.scalar("SELECT coalesce(max(id), 0) FROM sync_conflicts") or 0


def retry_local_refusals(store: Store, origins: dict[tuple[str, str], dict] | None = None,
                         raised_after: int | None = None) -> int:
    """Try again the desk's rows this store refused (conflicts of kind ``local`` still open): a row
    the store now accepts is applied (logged as pulled from the desk, never pushed back) and its
    conflicts close as settled for the desk's value; one still refused keeps the newer reason.
    Parents go first (a company before its facts; deletions children first). Each row is logged
    under the desk user who wrote it, or as ``origins`` says (by row: the ``Store.batch`` arguments
    of the write operation it came from: who, when, which file). A row changed here since (a
    local change waiting, or a newer desk value taken meanwhile) is left to be settled by hand.
    A deletion refused by this sync (listed after ``raised_after``) is tried again at the next one
    only: never settled for the desk in the sync that said it was kept here. Returns how many
    conflicts closed."""
    # (a row of this store's held back from the push is its own, never replaced by the desk's: it
    # goes once corrected here, ``hold_figures``)
    found = store.rows("SELECT id, tbl, key, mine, theirs, theirs_by FROM sync_conflicts "
                       "WHERE kind = 'local' AND resolution IS NULL AND instr(coalesce(message, ''), ?) = 0 "
                       "ORDER BY id", [NOT_PUSHED])
    if not found:
        return 0
    by_row: dict[tuple[str, str], list[dict]] = {}
    for c in found:
        by_row.setdefault((c["tbl"], c["key"]), []).append(c)
    waiting = pending(store).keys
    rank = {t: i for i, t in enumerate(TABLES)}
    groups: dict[tuple, list[tuple[str, str]]] = {}
    for key, cs in by_row.items():
        if key in waiting or (raised_after is not None and cs[-1]["id"] > raised_after and not cs[-1]["theirs"]):
            continue
        step = (0, rank.get(key[0], len(TABLES))) if cs[-1]["theirs"] else (1, -rank.get(key[0], len(TABLES)))
        batch = (origins or {}).get(key) or {"by": cs[-1]["theirs_by"] or "desk"}
        batch = {**batch, "note": f"{batch['note']}; {_RETRY_NOTE}" if batch.get("note") else _RETRY_NOTE}
        groups.setdefault((step, tuple(sorted(batch.items()))), []).append(key)
    closed = 0
    with store.transaction():
        for (_, batch), keys in sorted(groups.items(), key=lambda g: g[0][0]):
            with store.batch("sync", **dict(batch)):
                closed += _retry_rows(store, {k: by_row[k] for k in keys})
    return closed


def _retry_rows(store: Store, by_row: dict[tuple[str, str], list[dict]]) -> int:
    """Apply the refused rows again, each in a savepoint (inside the caller's transaction and batch);
    returns how many conflicts closed."""
    closed = 0
    conn = store.db.conn
    for key, cs in by_row.items():
        newest = cs[-1]
        theirs = json.loads(newest["theirs"]) if newest["theirs"] else None
        mine = json.loads(newest["mine"]) if newest["mine"] else None
        now = read_images(store, [key]).get(key)
        now = json.loads(_dump(now)) if now is not None else None
        if now != mine:  # the row moved since it was refused
            if compared(key[0], now) == compared(key[0], theirs):
                closed += _close(store, cs)
            continue
        conn.execute("SAVEPOINT sync_retry")
        try:
            refused = apply_images(store, {key: theirs})
        except sqlite3.DatabaseError as exc:
            refused = [Refusal(key[0], key[1], theirs, str(exc))]
        if refused:
            conn.execute("ROLLBACK TO SAVEPOINT sync_retry")
            conn.execute("RELEASE SAVEPOINT sync_retry")
            store.db.execute("UPDATE sync_conflicts SET message = ? WHERE id = ?",
                             [_explained(store, refused[:1])[0].message, newest["id"]])
            continue
        conn.execute("RELEASE SAVEPOINT sync_retry")
        closed += _close(store, cs)
    return closed


def _close(store: Store, cs: list[dict]) -> int:
    for c in cs:
        mark_resolved(store, c["id"], "theirs")
    return len(cs)


def _dump(v) -> str | None:
    return None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True, default=_as_text)


def _as_text(v) -> str:
    """A blob in a row (written outside the workbench where a figure belongs) as the text it holds,
    as a figure that is not a number prints (``metrics.not_a_number_text``): a refusal lists it."""
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    raise TypeError(f"Object of type {type(v).__name__} is not JSON serializable")


def current_image(store: Store, key: tuple[str, str]) -> dict | None:
    """A row's image as it is now, in its JSON form (comparable with a conflict's two sides)."""
    image = read_images(store, [key]).get(key)
    return None if image is None else json.loads(_dump(image))


def contested_fields(table: str, mine: dict | None, theirs: dict | None) -> list[str] | None:
    """The fields a conflict is about: those the two sides hold differently (provenance left out);
    None when it is about the whole row (a deletion on one side, or a fact: one value with its
    provenance)."""
    if mine is None or theirs is None or table == "facts":
        return None
    a, b = compared(table, mine), compared(table, theirs)
    return sorted(k for k in a.keys() | b.keys() if a.get(k, _ABSENT) != b.get(k, _ABSENT))


_ABSENT = object()
_TEXT_CHARS = 120


def moved_fields(c: dict, now: dict | None) -> list[str]:
    """The contested fields of a conflict that changed again since (the row now holds neither
    side's value there): all the compared fields when the conflict is about the whole row."""
    tbl, mine, theirs = c["tbl"], c["mine"], c["theirs"]
    fields = contested_fields(tbl, mine, theirs)
    if fields is None:
        if compared(tbl, now) in (compared(tbl, theirs), compared(tbl, mine)):
            return []
        return sorted(compared(tbl, now or mine or theirs or {}))
    if now is None:
        return fields
    return [f for f in fields if now.get(f) not in (theirs.get(f), mine.get(f))]


def _shown_fields(c: dict) -> list[str] | None:
    fields = contested_fields(c["tbl"], c["mine"], c["theirs"])
    if fields is None and c["tbl"] == "facts":
        return ["value", "source"]
    return fields or None


def described(store: Store, *, open_only: bool = True) -> list[dict]:
    """The conflicts with what they are about now: ``fields`` (the contested ones; None for the
    whole row), ``now`` (the row as this store holds it now: the desk's current value, unless
    changed here since), ``stale`` (a contested field moved on since the conflict), the row it is
    about (``what_text``), each side in the analyst's words and the reason with no uid in it, both
    languages as the command line writes them (``mine_text``, ``theirs_text``, ``now_text``,
    ``message_text``)."""
    out = conflicts(store, open_only=open_only)
    names = Names(store, out)
    for c in out:
        now = current_image(store, (c["tbl"], c["key"]))
        shown = _shown_fields(c)
        words = dict(key=c["key"], names=names, exact=prints_alike(c, names))
        desk, desk_by, desk_at = _desk_side(store, c, now)
        # each side against the one it is listed beside: this store's against the desk's (as at the
        # conflict when the desk has none), the others against this store's
        beside = desk if desk is not None else c["theirs"]
        c.update(fields=contested_fields(c["tbl"], c["mine"], c["theirs"]), now=now,
                 stale=bool(moved_fields(c, now)), what_text=what_text(c, names),
                 message_text=message_text(c.get("message"), names),
                 mine_text=image_text(c["tbl"], c["mine"], shown, other=beside, **words)
                 if c["mine"] is not None or c["kind"] != "local" else absent_text(store, c["tbl"], c["key"]),
                 theirs_text=image_text(c["tbl"], c["theirs"], shown, other=c["mine"], **words),
                 now_text=image_text(c["tbl"], now, shown, other=c["mine"], **words))
        writes = _writes(store, c["tbl"], c["key"])
        # when each value was made on its workstation (as trace dates it); the push time beside it
        mine_made = _mine_made(c, writes)
        desk_made = _desk_made(c, writes, desk, now)
        c.update(desk=desk, desk_by=desk_by, desk_at=desk_at, at_text=shown_time(c["at"]),
                 desk_at_text=shown_time(desk_at), mine_made=mine_made, desk_made=desk_made,
                 desk_text=NONE_ON_DESK if desk is None and c["kind"] == "refused" else
                 image_text(c["tbl"], desk, shown, other=c["mine"], **words),
                 desk_moved=compared(c["tbl"], desk) != compared(c["tbl"], c["theirs"]))
        pushed = c["at"] if c["kind"] != "local" else None  # a desk conflict is dated when the push met it
        c.update(mine_who=who_text(c["by"], shown_time(mine_made or c["at"]), pushed if mine_made else None),
                 desk_who=who_text(desk_by, shown_time(desk_made or desk_at), desk_at if desk_made else None),
                 theirs_who=who_text(c["theirs_by"], shown_time(c["theirs_at"])))
    return out


def _mine_made(c: dict, writes: list[dict]) -> str | None:
    """When this store's side of a conflict was made here: its newest write here (not one taken
    from the desk) made before the conflict; for a row this store refused, its newest write then;
    None when none is logged before it."""
    own = [w for w in writes if (c["kind"] == "local" or w.get("origin") != "sync")
           and w.get("at") and _not_before(c["at"], w["at"])]
    return own[-1]["at"] if own else None


def _desk_made(c: dict, writes: list[dict], desk: dict | None, now: dict | None) -> str | None:
    """When the desk's side was made on its workstation, where this store holds that value as taken
    from the desk with its origin's time (a pull dates it so: its note says when it was taken here);
    None when not known (then the desk's own time of the value is shown)."""
    if desk is None or not writes or c["kind"] == "local" or compared(c["tbl"], now) != compared(c["tbl"], desk):
        return None
    last = writes[-1]
    if last.get("origin") != "sync" or not synced_at(last.get("note")):
        return None
    return last["at"]


def who_text(by: str | None, at_text: str, pushed: str | None = None) -> str:
    """Who wrote a side and when, for the command line: ``zhang 2026-11-30 22:44:12``, or what is not
    known; with ``pushed`` (the time the desk got it, when it differs) beside it."""
    if not by and not at_text:
        return "不详 (who and when not known here)"
    text = f"{by or '不详 (who not known)'} {at_text or '时间不详 (time not known)'}"
    pushed_text = shown_time(pushed)
    if pushed_text and pushed_text != at_text:
        text += f", 推送于 pushed {pushed_text}"
    return text


#: The desk's side of a refused row the desk does not hold (a record it never had, say).
NONE_ON_DESK = "团队库没有此项 (none on the desk)"
#: This store's side of a row it refused that it never had (a colleague's new note, say).
NONE_HERE = "本机没有此项 (none here)"


def absent_text(store: Store, table: str, key: str) -> str:
    """This store's side of a row it does not hold: deleted here (a deletion is logged), or never had."""
    last = _writes(store, table, key)[-1:]
    return image_text(table, None) if last and last[0].get("op") == "delete" else NONE_HERE


def shown_time(iso: str | None) -> str:
    """A time as the conflicts list shows it: in this workstation's zone, ``2026-11-30 22:41:40``
    (the store's ISO times and the desk server's alike); empty for none."""
    from workbench.domain.times import local_time

    return local_time(iso)


def _desk_side(store: Store, c: dict, now: dict | None) -> tuple[dict | None, str | None, str | None]:
    """The desk's side of a conflict as this store last knew it from the desk, with the desk user
    and time of that value (None when not known): the desk's row at the conflict, unless this
    store took a newer value of the row from the desk since (the row as it is now, under the
    writer the pull logged it under). Never the local row under the desk's writer."""
    theirs = (c["theirs"], c["theirs_by"], c["theirs_at"])
    if c["resolution"]:
        return theirs
    if c["kind"] == "local" and compared(c["tbl"], now) == compared(c["tbl"], c["mine"]):
        return theirs  # the row as this store kept it over the desk's (taken from the desk before, maybe)
    last = _last_write(store, c["tbl"], c["key"])
    if last is None or last["origin"] != "sync" or not _not_before(synced_at(last["note"]) or last["at"], c["at"]):
        return theirs
    if compared(c["tbl"], now) == compared(c["tbl"], c["theirs"]):
        return theirs  # the conflict's desk value, taken here: its own writer and time
    # the pull dates a change at its origin's time only when it knows it (its note says when it
    # was taken here); otherwise the time of the desk's value is not known here
    return now, last["by"] or None, last["at"] if synced_at(last["note"]) else None


def _not_before(when: str | None, since: str | None) -> bool:
    from datetime import datetime

    try:
        a, b = datetime.fromisoformat(str(when).strip()), datetime.fromisoformat(str(since).strip())
        return a >= b.replace(microsecond=0)  # the store's times are to the second
    except (TypeError, ValueError):
        return False


def _last_write(store: Store, table: str, key: str) -> dict | None:
    """The newest logged write of one shared row here: its seq, origin, by, at and note."""
    writes = _writes(store, table, key, newest_only=True)
    return writes[-1] if writes else None


def _writes(store: Store, table: str, key: str, newest_only: bool = False) -> list[dict]:
    """The logged writes of one shared row here, oldest first: seq, origin, by, at and note."""
    if table == "facts":
        parts = key.split("|")
        return store.history(*parts) if len(parts) == 3 else []
    if table == "quotes":
        uid, _, day = key.partition("|")
        rows = store.rows("SELECT id, uid, code, name FROM indices WHERE uid = ?", [uid])
        if not rows:
            return []
        return sorted((h for f in ("close", "change") for h in store.quote_history(dict(rows[0]), day, f)),
                      key=lambda h: h["seq"])
    rows = store.rows("SELECT l.seq, l.op, coalesce(b.origin, 'external') AS origin, b.at, b.by, b.note "
                      "FROM change_log l LEFT JOIN change_batches b ON b.id = l.batch_id WHERE l.entity = ? AND l.key1 = ? "
                      f"ORDER BY l.seq DESC{' LIMIT 1' if newest_only else ''}",
                      [{"companies": "company"}.get(table, table), key])
    return [dict(r) for r in reversed(rows)]


def refused_keys(store: Store) -> set[tuple[str, str]]:
    """The rows of open conflicts where the desk refused this store's write (kind ``refused``)."""
    return {(t, k) for t, k in store.db.execute("SELECT tbl, key FROM sync_conflicts WHERE kind = 'refused' "
                                                "AND resolution IS NULL")}


def close_settled(store: Store, on_desk: dict[tuple[str, str], dict | None] | None = None) -> int:
    """Open conflicts (of a push) whose row the desk has since brought round to this workstation's
    value, with nothing of it waiting here to be pushed: closed as settled for mine. A write the
    desk refused closes only when the desk holds this store's value (``on_desk``: the desk's
    current data of those rows, absent where it has none): the local row was never replaced, so
    it equals mine whatever the desk holds. Returns how many."""
    every = conflicts(store)
    # (a record here stays; an issue held back here is settled when it goes)
    # (a publication that landed over the desk's edit of its draft holds mine already: the listing
    # is of the desk's edit, left out of what was published, and stays until settled by hand)
    found = [c for c in every if c["kind"] != "local" and c["tbl"] not in RECORDS and not is_held(c)
             and not published_over(c)]
    if not found:
        return 0
    waiting = pending(store).keys
    # a row this store refused to take from the desk holds this store's value, not the desk's
    kept_here = {(c["tbl"], c["key"]) for c in every if c["kind"] == "local"}
    # and so does a figure kept with a company this store keeps over the desk's deletion of both
    kept_here |= {("facts", c["key"]) for c in kept_figures(store)}
    closed = 0
    with store.transaction():
        for c in found:
            key = (c["tbl"], c["key"])
            if key in waiting or key in kept_here:
                continue
            now = current_image(store, key)
            if c["kind"] == "refused":
                if key not in (on_desk or {}):
                    continue
                now = json.loads(_dump(on_desk[key])) if on_desk[key] is not None else None
            fields = contested_fields(c["tbl"], c["mine"], c["theirs"])
            if fields is None:
                same = compared(c["tbl"], now) == compared(c["tbl"], c["mine"])
            else:
                same = now is not None and all(now.get(f) == c["mine"].get(f) for f in fields)
            if same:
                mark_resolved(store, c["id"], "mine")
                closed += 1
    return closed


# ---------------------------------------------------------------- conflicts in words
#: The languages a conflict is said in: the command line's both ("细分板块 segment: CIS"), or the app's.
BOTH, ZH, EN = "both", "zh", "en"

#: Each shared column in the analyst's words (Chinese, English), as the app's forms name them.
_FIELD_WORDS: dict[str, tuple[str, str]] = {
    "headline": ("标题", "headline"), "series": ("系列", "series"), "period_start": ("报告期开始日", "period start"),
    "period_end": ("报告期结束日", "period end"), "publish_date": ("发布日期", "publish date"),
    "industry": ("行业", "industry"), "rating": ("评级", "rating"), "rating_action": ("评级变动", "rating action"),
    "status": ("状态", "status"), "content": ("正文", "content"), "version": ("版本", "version"),
    "correction": ("更正采用的数据", "what the correction takes"),
    "updated_at": ("修改时间", "changed at"), "search_text": ("检索文本", "search text"),
    "analysts": ("署名分析师", "analysts"), "name": ("名称", "name"), "full_name": ("全称", "full name"),
    "segment": ("细分板块", "segment"), "position": ("排序", "position"), "code": ("代码", "code"),
    "name_en": ("英文名称", "English name"), "is_benchmark": ("基准指数", "benchmark"),
    "sample": ("示意数据", "sample data"), "sac_no": ("执业证书编号", "SAC number"), "contact": ("联系方式", "contact"),
    "value": ("数值", "value"), "source": ("来源", "source"), "as_of": ("截至", "as of"),
    "src_row": ("来源行", "source row"), "src_col": ("来源列", "source column"), "date": ("日期", "date"),
    "close": ("收盘", "close"), "change": ("周涨跌幅", "weekly change"),
    "src_close_col": ("收盘来源列", "close's column"), "src_change_col": ("涨跌幅来源列", "change's column"),
    "title": ("标题", "title"), "unit": ("单位", "unit"), "categories": ("类别", "categories"),
    "author": ("作者", "author"), "text": ("内容", "text"), "tags": ("标签", "tags"), "themes": ("主题", "themes"),
    "created_at": ("创建时间", "created at"), "tickers": ("相关公司", "companies"),
    "formerly": ("原代码", "former ticker"),
    "name_zh": ("机构名称", "house name"), "licence": ("业务资格说明", "licence"), "footer": ("页脚", "footer"),
    "declaration": ("分析师声明", "declaration"), "disclaimer": ("免责声明", "disclaimer"),
    "ratings": ("评级定义", "rating definitions"), "fonts": ("机构字体", "fonts"), "colour": ("主题色", "colour"),
    "number_style": ("数字格式", "number style"), "at": ("时间", "at"), "by": ("操作人", "by"),
    "from_status": ("原状态", "from"), "to_status": ("新状态", "to"), "reason": ("原因", "reason"),
    "issue": ("周报", "issue"), "frozen_at": ("定稿时间", "frozen at"), "frozen_by": ("定稿人", "frozen by"),
    "issue_json": ("周报内容", "issue content"), "snapshot_json": ("数据快照", "data snapshot"), "pdf": ("PDF", "PDF"),
    "pdf_sha256": ("PDF 校验值", "PDF SHA-256"),
}
_TABLE_FIELD_WORDS: dict[tuple[str, str], tuple[str, str]] = {
    ("companies", "name"): ("简称", "short name"), ("analysts", "name"): ("姓名", "name"),
    ("house", "name_en"): ("机构英文名称", "house name in English"), ("house", "series"): ("报告系列", "series"),
    ("datasets", "series"): ("数据系列", "series"), ("datasets", "source"): ("资料来源", "source"),
    ("datasets", "name"): ("代号", "name"), ("indices", "name"): ("指数名称", "index name"),
    ("segments", "name"): ("板块名称", "segment name"),
}
#: Columns that name other rows by their uid, and those rows' table.
_REFERENCES = {("companies", "segment"): "segments", ("issues", "analysts"): "analysts",
               ("issue_log", "issue"): "issues", ("issue_versions", "issue"): "issues"}
#: A row a conflict points to that neither this store nor any conflict names.
_UNKNOWN = {t: (f"不详（本机没有该{zh}）", f"not known here: a {en} this store does not have") for t, zh, en in (
    ("segments", "板块", "segment"), ("indices", "指数", "index"), ("analysts", "分析师", "analyst"),
    ("issues", "周报", "issue"), ("companies", "公司", "company"))}
_YES_NO = ("is_benchmark", "sample")


def _say(zh: str, en: str, lang: str, *, label: bool = False) -> str:
    """Words in the given language: both as the command line writes them, a label as "细分板块 segment",
    a value as "细分板块不详 (segment not known here)"."""
    if lang == ZH or zh == en:
        return zh
    if lang == EN:
        return en
    return f"{zh} {en}" if label else f"{zh} ({en})"


def in_form_order(fields: Iterable[str]) -> list[str]:
    """Fields in the order a form lists them (a close before its change, a name before its segment)."""
    order = {f: i for i, f in enumerate(_FIELD_WORDS)}
    return sorted(fields, key=lambda f: (order.get(f, len(order)), f))


def field_label(table: str, name: str, lang: str = BOTH) -> str:
    """A column as the analyst knows it: 细分板块 (segment), 数值 (value); an unknown one as it is."""
    words = _TABLE_FIELD_WORDS.get((table, name)) or _FIELD_WORDS.get(name)
    return _say(*words, lang, label=True) if words else name


class Names:
    """What the rows a conflict points to by uid are called, to show a conflict in words: a segment,
    index, analyst or issue by its name in this store, else as an open conflict's own copy of that
    row names it (a segment the desk has and this store not yet), else said to be unknown; a company
    by its short name; figures in the house's number style."""

    def __init__(self, store: Store | None = None, conflicts: Iterable[dict] = ()):
        self.store = store
        self._named: dict[tuple[str, str], str] = {}
        for c in conflicts:
            for image in (c.get("theirs"), c.get("mine")):
                name = _row_name(c["tbl"], image)
                if name:
                    self._named.setdefault((c["tbl"], c["key"]), name)
        self._cache: dict[tuple[str, str], str | None] = {}
        self.style = None
        if store is not None:
            from workbench.domain.metrics import NumberStyle

            self.style = NumberStyle.lenient((store.house() or {}).get("number_style"))

    def known(self, table: str, key: str) -> str | None:
        """The row's name in this store, else in a conflict's copy of it; None when neither has it."""
        if (table, key) not in self._cache:
            self._cache[(table, key)] = self._stored(table, key) or self._named.get((table, key))
        return self._cache[(table, key)]

    def name(self, table: str, key: str, lang: str = BOTH) -> str:
        """The row's name, or that it is not known here (never its uid)."""
        return self.known(table, key) or _say(*_UNKNOWN.get(table, ("不详", "not known here")), lang)

    def dataset_title(self, name: str) -> str:
        """A dataset as the analyst knows it (its title, as the issue editor lists it), else its name."""
        if ("datasets", name) not in self._cache:
            title = None
            if self.store is not None:
                try:
                    title = (self.store.dataset(name) or {}).get("title")
                except Exception:  # noqa: BLE001 (a dataset this store does not hold: its name)
                    title = None
            self._cache[("datasets", name)] = title or name
        return self._cache[("datasets", name)]

    def by_uid(self, uid: str, lang: str = BOTH) -> str:
        """A row a message names by its uid alone, as this store knows it: an issue by its number
        here (第 3 期), an analyst, segment or index by its name (this store's, else a conflict's
        copy of it), else said to be unknown here; never the uid."""
        if self.store is not None:
            number = self.store.scalar("SELECT id FROM issues WHERE uid = ?", [uid])
            if number is not None:
                return _say(f"第 {number} 期", f"issue {number}", lang)
            for table in ("analysts", "segments", "indices"):
                name = self.store.scalar(f"SELECT name FROM {table} WHERE uid = ?", [uid])
                if name:
                    return name
        named = [name for (_, key), name in self._named.items() if key == uid]
        return named[0] if named else _say("不详", "not known here", lang)

    def _stored(self, table: str, key: str) -> str | None:
        if self.store is None or not key:
            return None
        if table in ("segments", "indices", "analysts"):
            return self.store.scalar(f"SELECT name FROM {table} WHERE uid = ?", [key])
        if table == "companies":
            return self.store.scalar("SELECT name FROM companies WHERE ticker = ?", [key])
        if table == "issues":
            rows = self.store.rows("SELECT series, period_start, period_end FROM issues WHERE uid = ?", [key])
            return _row_name("issues", dict(rows[0])) if rows else None
        return None


_UID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


def message_text(message: str | None, names: Names, lang: str = BOTH) -> str | None:
    """A conflict's reason as the analyst reads it: a row it names by uid (the desk's issue of the
    same week, say) as this store knows it (``Names.by_uid``), never the uid."""
    if not message:
        return message
    message = _OLD_ROLE_REASON.sub(_role_reason_now, message)
    return _UID.sub(lambda m: names.by_uid(m.group(0), lang), message)


#: A desk role's refusal as an earlier release stored it (你的团队库角色 editor 不能修改公司资料和分析师名册):
#: read with the role in words and the house profile as the app names it (``compliance.role_refusal``).
_OLD_ROLE_REASON = re.compile(r"你的团队库角色 (analyst|editor|admin) 不能(修改公司资料和分析师名册|定稿或发布)")


def _role_reason_now(m: re.Match) -> str:
    from workbench.domain.compliance import ROLE_WORDS

    return f"你的团队库角色是{ROLE_WORDS[m.group(1)][0]}，不能{m.group(2).replace('公司资料', '机构信息')}"


def _row_name(table: str, image: dict | None) -> str | None:
    """What a row is called, from its own image: a name, or an issue's series and week."""
    if not image:
        return None
    if table == "issues":
        if not image.get("series") and not image.get("period_start"):
            return None
        return f"{image.get('series') or ''} {image.get('period_start') or ''}..{image.get('period_end') or ''}".strip()
    if table in ("segments", "indices", "analysts", "companies"):
        return image.get("name") or None
    return None


def _plain_number(value: float) -> str:
    """A number with no exponent and no float noise: 0, 12.5, 2260000000."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".")


_UNIT_EN = {"亿元": "", "元": "CNY"}  # the English grid heads an amount's column "(100m CNY)"


def _exact_number(kind: str, value: float, lang: str = BOTH) -> str:
    """A stored number exactly, in the unit it is stored in (元, %), grouped, never in exponent form:
    2,160,000,000 元, 12.345%."""
    from decimal import Decimal

    number = Decimal(repr(float(value)))
    if kind == "ratio":
        number = number.scaleb(2)
    text = format(number, ",f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if kind == "ratio":
        return text + "%"
    unit = "元" if kind in ("amount", "price", "per_share") else ""
    return f"{text} {_UNIT_EN[unit] if lang == EN else unit}".rstrip() if unit else text


def _figure_text(metric_code: str, value: float, names: Names, exact: bool = False, lang: str = BOTH) -> str:
    """A figure as the grid prints it in the house's style, with its unit as a message names it;
    ``exact``: the stored number beside it (two sides that print alike)."""
    from workbench.domain.metrics import METRICS, format_value

    m = METRICS.get(metric_code)
    if m is None:
        return _plain_number(value)
    shown = format_value(m.kind, value, style=names.style)
    unit = m.display_unit() if m.kind in ("amount", "price", "per_share") else ""
    unit = _UNIT_EN[unit] if lang == EN and unit else unit
    if unit:
        shown += f" {unit}"
    return shown + (f" ({_exact_number(m.kind, value, lang)})" if exact else "")


def field_text(table: str, name: str, value, *, key: str = "", names: Names | None = None, lang: str = BOTH,
               exact: bool = False) -> str:
    """One field of a row in the store's words, short: a PDF as its size, a snapshot or the
    issue's JSON as its size, an issue's body as the parts it has, never base64 or raw JSON. With ``names`` (the conflicts list), in the
    analyst's words: a figure (``key`` names it) and a quote as the grid prints them, a segment, an
    analyst or an issue by its name, yes or no, a status in words; numbers never in exponent form
    (``exact``: a figure's stored number beside the printed one)."""
    if value is None:
        return "—"
    if value == "" and names is not None:  # an empty text, said so (never a blank beside its label)
        return _say("空", "empty", lang)
    if isinstance(value, dict) and set(value) == {"$b64"}:
        return f"PDF {_kb(len(value['$b64']) * 3 // 4)}"
    if isinstance(value, bytes):
        return f"PDF {_kb(len(value))}"
    if table == "issues" and name == "content" and isinstance(value, str):  # its parts, never its JSON
        return _parts_summary(value, lang)
    if (table, name) in _STRUCTURED:  # a list or an object (kept as JSON text): in words, never its JSON
        shown = _structured_text(name, value, lang)
        if shown is not None:
            return shown
    if name in ("issue_json", "snapshot_json") or isinstance(value, (dict, list)) and name != "analysts" \
            and name != "tickers":
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return f"{_say('快照', 'snapshot', lang, label=True)} ({_kb(len(text.encode('utf-8')))})"
    if names is not None:
        shown = _in_words(table, name, value, key, names, lang, exact)
        if shown is not None:
            return shown
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= _TEXT_CHARS else text[:_TEXT_CHARS - 1] + "…"


#: Columns holding a list or an object (the house's as JSON text), said in words by ``_structured_text``.
_STRUCTURED = {("house", "series"), ("house", "ratings"), ("house", "fonts"), ("house", "number_style")}
#: The house's rating scales as ``_structured_text`` names them (Chinese, English).
_RATING_SCALES = (("stock", "股票", "stock"), ("industry", "行业", "industry"))


def _structured_text(name: str, value, lang: str) -> str | None:
    """A list or an object in words: a list of names joined with 、, the rating definitions as their
    scales (股票 5 级（买入、增持…）、行业 3 级（…）), another object as its entries, an empty one as 无;
    None for a text that holds neither (shown as it is)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, (list, dict)):
        return None
    if not value:
        return _say("无", "none", lang)
    if isinstance(value, list):
        items = [str(v.get("name") or v) if isinstance(v, dict) else str(v) for v in value]
        return "、".join(items) if lang != EN else ", ".join(items)
    if name == "ratings":
        zh, en = [], []
        for scale, scale_zh, scale_en in _RATING_SCALES:
            grades = [str(g.get("name") if isinstance(g, dict) else g) for g in value.get(scale) or []]
            if grades:
                zh.append(f"{scale_zh} {len(grades)} 级（{'、'.join(grades)}）")
                en.append(f"{len(grades)} {scale_en} grades ({', '.join(grades)})")
        if zh:
            return _say("、".join(zh), "; ".join(en), lang)
    entries = [f"{k} {_structured_text(k, v, lang) if isinstance(v, (list, dict)) else v}" for k, v in value.items()]
    text = "、".join(entries) if lang != EN else ", ".join(entries)
    return text if len(text) <= _TEXT_CHARS else text[:_TEXT_CHARS - 1] + "…"


def _in_words(table: str, name: str, value, key: str, names: Names, lang: str, exact: bool) -> str | None:
    """A field the analyst reads otherwise than the store holds it; None for text shown as it is."""
    from workbench.domain.metrics import format_value

    refers = _REFERENCES.get((table, name))
    if refers:
        uids = value if isinstance(value, list) else [value]
        return "、".join(names.name(refers, str(u), lang) for u in uids) or "—"
    if table == "notes" and name == "tickers" and isinstance(value, list):
        return "、".join(names.known("companies", t) or t for t in value) or "—"
    if isinstance(value, str):
        if name in ("status", "from_status", "to_status") and lang != BOTH:
            from workbench.domain.compliance import STATUS_ZH

            return STATUS_ZH.get(value, value) if lang == ZH else value
        return None
    if not isinstance(value, (int, float)):
        return None
    if table == "facts" and name == "value" and key.count("|") == 2:
        return _figure_text(key.split("|")[1], value, names, exact, lang)
    if table == "quotes" and name in ("close", "change"):
        kind = "price" if name == "close" else "ratio"
        shown = format_value(kind, value, signed=name == "change", style=names.style)
        return shown + (f" ({_exact_number('ratio' if kind == 'ratio' else '', value)})" if exact else "")
    if name in _YES_NO:
        return _say("是", "yes", lang) if value else _say("否", "no", lang)
    return _plain_number(value)


def _kb(n: int) -> str:
    return f"{max(1, round(n / 1024))} KB"


def image_text(table: str, image: dict | None, fields: list[str] | None = None, *, key: str = "",
               names: Names | None = None, lang: str = BOTH, exact: bool = False, other=_ABSENT) -> str:
    """A row (or the given fields of it) in the store's words: ``field: value`` parts; a published
    version as 发布版本 v1 (PDF 139 KB), a status-log entry as its step. With ``names``, fields and
    values in the analyst's words (``side_parts``: against the ``other`` side's row, an issue's body
    as the parts of it that differ, a long text around where it first differs)."""
    if image is None:
        return _say("已删除", "deleted", lang)
    if table == "issue_versions" and not fields:
        pdf = image.get("pdf")
        size = f" ({field_text(table, 'pdf', pdf)})" if pdf else ""
        return f"{'published version' if lang == EN else '发布版本'} v{image.get('version')}{size} " \
               f"{image.get('frozen_by') or ''}".rstrip()
    if table == "issue_log" and not fields:
        status = [field_text(table, f, image.get(f), names=names, lang=lang) if image.get(f) else ""
                  for f in ("from_status", "to_status")]
        return f"{field_label(table, 'status', lang)} {status[0]} → {status[1]} v{image.get('version')} " \
               f"{image.get('by') or ''}".rstrip()
    if fields is None:
        fields = sorted(compared(table, image))
    if names is None:  # the store's own column names (a message of the sync engine)
        return "; ".join(f"{f}: {field_text(table, f, image.get(f))}" for f in fields)
    return "; ".join(f"{p.label}: {p.text}" for p in
                     side_parts(table, image, fields, other=other, key=key, names=names, lang=lang, exact=exact))


def side_parts(table: str, image: dict, fields: Iterable[str], *, other=_ABSENT, key: str = "",
               names: Names | None = None, lang: str = BOTH, exact: bool = False) -> list[Part]:
    """One side of a conflict field by field in the analyst's words (``field_label``, ``field_text``),
    in the order a form lists them. Against the ``other`` side's row: an issue's body as the parts of
    it that differ (市场回顾, 行业观点 2, a theme by its name…), and a text too long to show whole, or
    one that would read as the other's, around where the two first differ, each with its whole text."""
    names = names if names is not None else Names()
    out: list[Part] = []
    for f in in_form_order(fields):
        value = image.get(f)
        against = other.get(f, _ABSENT) if isinstance(other, dict) else _ABSENT
        if table == "issues" and f == "content":
            found = _issue_content_parts(value, against, names, lang)
            if found is not None:
                out += found
                continue
        if table == "issue_versions" and f == "snapshot_json" and isinstance(against, str) and value != against:
            found = _snapshot_figures(value, against, lang)  # the figures it printed otherwise, never its JSON
            if found is not None:
                out.append(Part(field_label(table, f, lang), found))
                continue
        if table in RECORDS and f in ("frozen_at", "at") and isinstance(value, str):
            out.append(Part(field_label(table, f, lang), shown_time(value)))  # (in the local zone)
            continue
        text = field_text(table, f, value, key=key, names=names, lang=lang, exact=exact)
        if isinstance(value, str) and isinstance(against, str) and value != against \
                and (table, f) not in _REFERENCES and (len(value) > _TEXT_CHARS or len(against) > _TEXT_CHARS or
                                                       text == field_text(table, f, against, key=key, names=names,
                                                                          lang=lang, exact=exact)):
            shown = differing_window(value, against) if value else _say("空", "empty", lang)
            out.append(Part(field_label(table, f, lang), shown, value, against))
            continue
        out.append(Part(field_label(table, f, lang), text))
    return out


#: The fields that name a row and matter most, in the order shown, for a row the other side lacks
#: (``brief_parts``); a table not listed is shown whole (a figure, a quote: a field or two).
_BRIEF_FIELDS = {"house": ("name_zh",), "issues": ("headline", "status"), "companies": ("name", "segment"),
                 "analysts": ("name", "sac_no"), "segments": ("name",), "indices": ("name", "code"),
                 "notes": ("date", "tickers", "text"), "datasets": ("title", "name")}


def brief_parts(table: str, image: dict, *, key: str = "", names: Names | None = None, lang: str = BOTH,
                exact: bool = False) -> list[Part]:
    """A row the other side of a conflict does not have, in a few lines: the fields that name it and
    matter (the house by its name; an issue by its headline and status; an analyst by name and SAC
    number), then how many more fields it holds (及其他 8 项), never a wall of every field."""
    shown = _BRIEF_FIELDS.get(table)
    if shown is None:
        return side_parts(table, image, sorted(compared(table, image)), key=key, names=names, lang=lang, exact=exact)
    present = [f for f in shown if image.get(f) not in (None, "", [])]
    parts = [Part(field_label(table, f, lang), field_text(table, f, image.get(f), key=key, names=names, lang=lang,
                                                          exact=exact)) for f in present]
    more = sum(1 for f, v in compared(table, image).items() if f not in shown and _holds(v))
    if more:
        parts.append(Part("", _say(f"及其他 {more} 项", f"and {more} more", lang)))
    return parts


def _holds(value) -> bool:
    """Whether a field holds something (not None, an empty text, or an empty list or object)."""
    if isinstance(value, str) and value.strip() in ("[]", "{}"):
        return False
    return value not in (None, "", [], {})


#: How many of a published version's figures that differ from the other side's are named.
_FIGURES_NAMED = 5


def _snapshot_figures(text: str, other: str, lang: str) -> str | None:
    """A published version's data snapshot against the other side's, in words: the comparison
    table's figures this side printed otherwise (歌尔股份（002241.SZ） 营业收入 2023: 995.0), a company
    only this side printed, the first few and how many more; None when its table printed alike."""
    from workbench.domain.metrics import METRICS, format_value

    try:
        mine, theirs = json.loads(text or "{}"), json.loads(other or "{}")
    except ValueError:
        return None
    table, against = mine.get("table") or {}, theirs.get("table") or {}
    where = {(c.get("metric"), c.get("period")): i for i, c in enumerate(against.get("columns") or [])}
    rows = {r.get("ticker"): r for r in against.get("rows") or []}
    found = []
    for row in table.get("rows") or []:
        twin = rows.get(row.get("ticker"))
        if twin is None:
            found.append(f"{row.get('name')}（{row.get('ticker')}）{_say('只在这一方的对比表中', ' only in this side', lang)}")
            continue
        values, others = row.get("values") or [], twin.get("values") or []
        for i, col in enumerate(table.get("columns") or []):
            metric = METRICS.get(col.get("metric"))
            kind = col.get("kind") or (metric.kind if metric else "amount")
            j = where.get((col.get("metric"), col.get("period")))
            a = values[i] if i < len(values) else None
            b = others[j] if j is not None and j < len(others) else None
            if format_value(kind, a) != format_value(kind, b):
                label = " ".join(p for p in (col.get("group"), col.get("label") or col.get("period")) if p)
                found.append(f"{row.get('name')}（{row.get('ticker')}） {label}: {format_value(kind, a)}")
    if not found:
        return None
    more = len(found) - _FIGURES_NAMED
    return "；".join(found[:_FIGURES_NAMED]) + (f"；{_say(f'另 {more} 项', f'{more} more', lang)}" if more > 0 else "")


# ---------------------------------------------------------------- an issue's parts, a long text's difference
#: An issue's body as the issue editor names its parts (Chinese, English), in the editor's order.
_ISSUE_PARTS = (("market_review", "市场回顾", "market review"), ("views", "行业观点", "industry view"),
                ("advice", "投资建议", "investment advice"), ("themes", "主题", "theme"),
                ("risks", "风险提示", "risks"), ("figures", "图表", "figure"), ("table", "对比表", "comparison table"),
                ("related", "相关报告", "related report"), ("review_indices", "回顾的指数", "indices reviewed"),
                ("sector_index", "行业指数", "sector index"), ("cover_index", "封面图指数", "cover chart index"))
#: How much of a long text a side shows: this many characters before its first difference, this many in all.
_BEFORE_CHARS, _WINDOW_CHARS = 12, 64
#: The marks around a run of text that differs from the other side's.
MARK_OPEN, MARK_CLOSE = "〖", "〗"


@dataclass
class Part:
    """One part of a conflict's side as the analyst reads it: ``label: text``; ``full`` is the part's
    whole text when ``text`` shows only a window of it (around where it differs from the other side),
    ``other`` the other side's whole text of that part (to mark the difference in it)."""

    label: str
    text: str
    full: str | None = None
    other: str | None = None


def _issue_parts(content, names: Names, lang: str) -> dict[str, tuple[str, str, object]] | None:
    """An issue's body (its content JSON) part by part as the issue editor shows it, read with the
    issue model: {part: (label, text, stored value)}; each view, theme, figure and related report a
    part of its own, numbered (a theme by its name too). None when the body is not an issue's."""
    from workbench.domain.issue import Issue, _plain

    if not isinstance(content, str):
        return None
    try:
        issue = Issue.from_row({"content": content, "series": "", "headline": "", "period_start": "",
                                "period_end": "", "publish_date": ""}, [])
    except (ValueError, TypeError, AttributeError):
        return None
    company = lambda t: names.known("companies", t) or t  # noqa: E731
    out: dict[str, tuple[str, str, object]] = {}
    for part, zh, en in _ISSUE_PARTS:
        value = getattr(issue, part)
        if part in ("views", "themes", "figures", "related"):
            for n, item in enumerate(value, 1):
                if part == "views":
                    text, label = item, _say(f"{zh} {n}", f"{en} {n}", lang, label=True)
                elif part == "themes":
                    text = f"{item.name}：{item.rationale}" + (
                        f"【{'、'.join(company(t) for t in item.tickers)}】" if item.tickers else "")
                    label = _say(f"{zh} {n}「{item.name}」", f"{en} {n}", lang, label=True) if lang != EN \
                        else f"{en} {n} “{item.name}”"
                elif part == "figures":
                    text = _figure_part(item, names, lang)
                    label = _say(f"{zh} {n}", f"{en} {n}", lang, label=True)
                else:
                    text, label = f"{item.title}（{item.date}）", _say(f"{zh} {n}", f"{en} {n}", lang, label=True)
                out[f"{part}.{n}"] = (label, text, _plain(item))
            continue
        if part == "risks":
            text = "\n".join(value)
        elif part == "review_indices":
            text = "、".join(value)
        elif part == "table":
            t = value
            bits = [t.title, "、".join(t.segments or []), "、".join(company(x) for x in t.tickers or []),
                    "、".join(f"{c.group} {c.label}".strip() for c in t.columns), t.as_of or "", t.source]
            text = "；".join(b for b in bits if b)
        else:
            text = value or ""
        out[part] = (_say(zh, en, lang, label=True), text, _plain(value))
    return out


#: A figure's kind as the issue editor's 图表与表格 tab names it (Chinese, English).
_FIGURE_KINDS = {"dataset_bars": ("数据集柱状图", "Bars of a dataset"),
                 "relative_performance": ("指数与基准比较", "Index vs benchmark"),
                 "company_bars": ("公司柱状图", "Company bars")}


def _figure_part(item, names: Names, lang: str) -> str:
    """A figure as the issue editor shows it: its title, then its kind, its data (a dataset by its
    title, an index or a company by its name), the series, unit and source line; never an internal key."""
    kind = _FIGURE_KINDS.get(item.kind)
    data = None
    if item.kind == "dataset_bars" and item.dataset:
        data = names.dataset_title(item.dataset)
    elif item.kind == "relative_performance":
        data = item.params.get("index")
    elif item.params.get("ticker"):
        data = names.known("companies", item.params["ticker"]) or item.params["ticker"]
    details = [_say(*kind, lang) if kind else _say("其他图表", "other chart", lang), data, item.series,
               item.unit, item.source]
    return item.title + "（" + "；".join(str(d) for d in details if d) + "）"


def _issue_content_parts(content, other, names: Names, lang: str) -> list[Part] | None:
    """The parts of an issue's body that differ from the other side's, each with its text around
    the first difference (unchanged parts left out); without the other side's body, the parts this
    one has. None when this body is not an issue's."""
    mine = _issue_parts(content, names, lang)
    if mine is None:
        return None
    theirs = _issue_parts(other, names, lang) if isinstance(other, str) else None
    if theirs is None:
        return [Part(field_label("issues", "content", lang), _parts_summary(content, lang))]
    none = _say("无", "none", lang)
    out = []
    for part in [*mine, *(p for p in theirs if p not in mine)]:
        a, b = mine.get(part), theirs.get(part)
        if a is not None and b is not None and a[2] == b[2]:
            continue  # unchanged
        if a is None:
            out.append(Part(b[0], none, "", b[1]))
            continue
        label, text, value = a
        other_text = b[1] if b is not None else ""
        if b is not None and text == other_text:  # differs in what the words do not show: its stored form
            text = json.dumps(value, ensure_ascii=False, sort_keys=True)
            other_text = json.dumps(b[2], ensure_ascii=False, sort_keys=True)
        # an emptied part said so (空), never a blank between marks after its label
        shown = differing_window(text, other_text) if text else _say("空", "empty", lang)
        out.append(Part(label, shown, text, other_text))
    return out or [Part(field_label("issues", "content", lang), _say("各部分相同", "no part differs", lang))]


def _parts_summary(content, lang: str) -> str:
    """What an issue's body holds, by part (市场回顾、行业观点 ×3、主题 ×4…), never its JSON."""
    parts = _issue_parts(content, Names(), lang)
    if parts is None:
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        return f"{_kb(len(text.encode('utf-8')))}"
    held = []
    for part, zh, en in _ISSUE_PARTS:
        n = sum(1 for k, (_, text, _) in parts.items() if k.split(".")[0] == part and text)
        if n:
            held.append((zh, en) if n == 1 or "." not in next(k for k in parts if k.startswith(part))
                        else (f"{zh} ×{n}", f"{en} ×{n}"))
    if not held:
        return _say("空", "empty", lang)
    return _say("、".join(z for z, _ in held), ", ".join(e for _, e in held), lang)


def marked_runs(text: str, other: str) -> list[tuple[str, bool]]:
    """A text cut into runs, each said to differ from the other text or not (a run the other has
    and this one not is an empty run marked as differing); short agreeing runs between two
    differences count as part of them, so 上涨 3.2 against 下跌 1.1 reads as one difference; an
    added bracketed word marked whole (〖（修订版）〗, never （〖修订版）（〗). Each pair of texts is
    compared once (the list, the detail pane and every reload read it again), and only from where
    the two first differ to where they last do, so a long review opens at once."""
    return list(_marked_runs(text, other))


#: Brackets an added or removed run is moved to hold whole (the marks then read around a word).
_BRACKETS = {"（": "）", "(": ")", "【": "】", "「": "」", "《": "》", "〔": "〕", "[": "]", "“": "”"}
_CLOSERS = {v: k for k, v in _BRACKETS.items()}
#: Beyond this many characters on each side, the differing middle of two texts is one difference
#: (comparing it character by character would keep the window waiting).
_COMPARED_CHARS = 4000


def _balanced(run: str) -> bool:
    stack = []
    for ch in run:
        if ch in _BRACKETS:
            stack.append(_BRACKETS[ch])
        elif ch in _CLOSERS:
            if not stack or stack.pop() != ch:
                return False
    return not stack


def _slid(segments: list[list]) -> list[list]:
    """Each run one side has and the other not, moved along the identical text around it (which
    reads the same) to where it holds its brackets whole: （修订版） rather than 修订版）（."""
    for n in range(1, len(segments) - 1):
        before, seg, after = segments[n - 1], segments[n], segments[n + 1]
        if not (before[0] == "equal" == after[0] and seg[0] != "equal" and not (seg[1] and seg[2])):
            continue
        run = seg[1] or seg[2]
        if _balanced(run):
            continue
        # the positions it can take: left while the character before it ends it, right likewise
        shifts = []
        p, r, a = before[1], run, after[1]
        while p and p[-1] == r[-1]:
            p, r, a = p[:-1], p[-1] + r[:-1], r[-1] + a
            shifts.append((p, r, a))
        p, r, a = before[1], run, after[1]
        while a and a[0] == r[0]:
            p, r, a = p + r[0], r[1:] + a[0], a[1:]
            shifts.append((p, r, a))
        found = next(((p, r, a) for p, r, a in sorted(shifts, key=lambda s: abs(len(s[0]) - len(before[1])))
                      if _balanced(r)), None)
        if found is not None:
            p, r, a = found
            before[1] = before[2] = p
            after[1] = after[2] = a
            seg[1], seg[2] = (r, "") if seg[1] else ("", r)
    return segments


from functools import lru_cache  # noqa: E402 (beside the one function that uses it)


@lru_cache(maxsize=256)
def _compared(text: str, other: str) -> tuple[tuple[str, str, str], ...]:
    """The two texts as segments (op, this text's run, the other's): what both share at the start
    and end left out of the comparison, the middle compared with SequenceMatcher (autojunk off)."""
    from difflib import SequenceMatcher
    from os.path import commonprefix

    start = len(commonprefix([text, other]))
    end = len(commonprefix([text[start:][::-1], other[start:][::-1]]))
    a, b = text[start:len(text) - end], other[start:len(other) - end]
    segments: list[list] = [["equal", text[:start], text[:start]]] if start else []
    if len(a) > _COMPARED_CHARS or len(b) > _COMPARED_CHARS:
        segments.append(["replace", a, b])
    elif a or b:
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            segments.append([op, a[i1:i2], b[j1:j2]])
    if end:
        segments.append(["equal", text[len(text) - end:], text[len(text) - end:]])
    if segments and segments[0][0] == "equal" and len(segments) > 1 and segments[1][0] == "equal":
        segments[:2] = [["equal", segments[0][1] + segments[1][1], segments[0][1] + segments[1][1]]]
    return tuple(tuple(s) for s in _slid(segments))


@lru_cache(maxsize=256)
def _marked_runs(text: str, other: str) -> tuple[tuple[str, bool], ...]:
    runs: list[list] = []
    for op, mine, _ in _compared(text, other):
        same = op == "equal"
        if runs and runs[-1][1] == same:
            runs[-1][0] += mine
        else:
            runs.append([mine, same])
    merged: list[list] = []
    for n, (run, same) in enumerate(runs):
        inside = 0 < n < len(runs) - 1
        if same and inside and len(run) <= 2:
            same = False  # a character or two agreeing between two differences
        if merged and merged[-1][1] == same:
            merged[-1][0] += run
        else:
            merged.append([run, same])
    return tuple((run, not same) for run, same in merged)


def _visible(run: str, differs: bool) -> str:
    """A run as a line shows it: a line break as ⏎, a difference only in spaces as ␣."""
    if differs and run and not run.strip():
        return "".join("⏎" if ch == "\n" else "␣" for ch in run)
    return run.replace("\r\n", "\n").replace("\n", "⏎")


def differing_window(text: str, other: str, before: int = _BEFORE_CHARS, width: int = _WINDOW_CHARS) -> str:
    """A text around where it first differs from the other, on one line: a few characters before
    the first difference, then up to ``width`` characters, each differing run in 〖〗 (〖〗 alone
    where the other side has words this one has not), … where text is left out; never the same
    line as the other side's for a different text."""
    if text == other:
        return _visible(text, False)
    shown = _window(text, other, before, width)
    if shown != _window(other, text, before, width):
        return shown
    from os.path import commonprefix

    at = len(commonprefix([text, other]))
    return ("…" if at > before else "") + _visible(text[max(0, at - before):at], False) + \
        f"{MARK_OPEN}{_visible(text[at:at + width], True)}{MARK_CLOSE}"


def _window(text: str, other: str, before: int, width: int) -> str:
    runs = marked_runs(text, other)
    first = 0
    for run, differs in runs:
        if differs:
            break
        first += len(run)
    start = max(0, first - before)
    out, pos, left = ["…" if start else ""], 0, width
    for run, differs in runs:
        end = pos + len(run)
        if end <= start and not (differs and pos == start == end):
            pos = end
            continue
        piece = run[max(0, start - pos):]
        pos = end
        cut = len(piece) > left
        piece = piece[:left]
        left -= len(piece)
        shown = _visible(piece, differs)
        out.append(f"{MARK_OPEN}{shown}{'…' if cut else ''}{MARK_CLOSE}" if differs else shown + ("…" if cut else ""))
        if cut or left <= 0:
            if not cut and pos < len(text):
                out.append("…")
            break
    return "".join(out)


def prints_alike(c: dict, names: Names) -> bool:
    """Whether a conflict's two sides differ but print alike (two revenues under 0.05 亿元 apart):
    then each figure is shown with its stored number beside it, so the sides read apart."""
    tbl, mine, theirs = c["tbl"], c["mine"], c["theirs"]
    if mine is None or theirs is None or compared(tbl, mine) == compared(tbl, theirs):
        return False
    fields = contested_fields(tbl, mine, theirs) or sorted(compared(tbl, mine))
    return image_text(tbl, mine, fields, key=c["key"], names=names, other=theirs) == \
        image_text(tbl, theirs, fields, key=c["key"], names=names, other=mine)


def what_text(c: dict, names: Names, lang: str = BOTH) -> str:
    """The row a conflict is about, as the analyst knows it: a figure by its company, metric and
    period, a quote by its index and day, a company by its short name, a segment, index, analyst or
    issue by its name, a note by its day and opening words; never a uid."""
    from workbench.domain.metrics import METRICS
    from workbench.domain.periods import period_label

    table, key = c["tbl"], c["key"]
    image = c.get("theirs") or c.get("mine") or {}
    if table == "facts" and key.count("|") == 2:
        ticker, code, period = key.split("|")
        m = METRICS.get(code)
        metric = _say(m.zh, m.en, lang, label=True) if m else code
        company = names.known("companies", ticker)
        who = (f"{company}（{ticker}）" if lang == BOTH else company) if company else ticker
        return f"{who} {metric} {period_label(period)}"
    if table == "companies":
        company = names.known("companies", key) or image.get("name")  # as this store's grid names it
        return f"{company}（{key}）" if company else key
    if table == "quotes":
        uid, _, day = key.partition("|")
        return f"{names.name('indices', uid, lang)} {day}".strip()
    if table in ("segments", "indices", "analysts"):
        return image.get("name") or names.name(table, key, lang)
    if table == "issues":
        return image.get("headline") or names.name("issues", key, lang)
    if table == "issue_log":
        return names.name("issues", str(image.get("issue") or ""), lang)
    if table == "issue_versions":
        uid, _, version = key.partition("|")
        return f"{names.name('issues', uid, lang)} v{version}"
    if table == "notes":
        words = " ".join(str(image.get("text") or "").split())
        words = words if len(words) <= 24 else words[:23] + "…"
        return " ".join(p for p in (str(image.get("date") or ""), words) if p) or _say("笔记", "note", lang)
    if table == "house":
        return _say("机构资料", "house profile", lang)
    return key


def conflicts(store: Store, *, open_only: bool = True) -> list[dict]:
    sql = "SELECT * FROM sync_conflicts"
    if open_only:
        sql += " WHERE resolution IS NULL"
    out = store.rows(sql + " ORDER BY id")
    for c in out:
        c["mine"] = json.loads(c["mine"]) if c["mine"] else None
        c["theirs"] = json.loads(c["theirs"]) if c["theirs"] else None
    return out


def conflict(store: Store, conflict_id: int) -> dict | None:
    for c in conflicts(store, open_only=False):
        if c["id"] == conflict_id:
            return c
    return None


def mark_resolved(store: Store, conflict_id: int, resolution: str) -> bool:
    """Settle a conflict that is still open; False when it was settled already (by another window
    or process since it was read: the caller's transaction must then not go on)."""
    return store.db.execute("UPDATE sync_conflicts SET resolution = ?, resolved_at = ? WHERE id = ? "
                            "AND resolution IS NULL", [resolution, now_iso(), conflict_id]).rowcount == 1


def open_conflicts_of(store: Store, table: str, key: str) -> list[dict]:
    """The open conflicts of one row (of any kind), oldest first."""
    return [c for c in conflicts(store) if c["tbl"] == table and c["key"] == key]


def refused_records_of(store: Store, issue_uid: str) -> list[dict]:
    """An issue's published versions and status-log entries the desk refused (open conflicts of
    kind ``refused``) that this store still holds: they go again with the issue's next change."""
    found = [c for c in conflicts(store) if c["kind"] == "refused" and c["tbl"] in RECORDS
             and (c["mine"] or {}).get("issue") == issue_uid]
    held = read_images(store, [(c["tbl"], c["key"]) for c in found])
    return [c for c in found if held.get((c["tbl"], c["key"])) is not None]


def drop_conflicts(store: Store, ids: Iterable[int]) -> None:
    """Remove listings that say again what another open one says (never a settled one)."""
    store.db.conn.executemany("DELETE FROM sync_conflicts WHERE id = ? AND resolution IS NULL", [(int(i),) for i in ids])


def restate_refusal(store: Store, conflict_id: int, theirs: dict | None, theirs_by: str | None,
                    theirs_at: str | None, message: str) -> None:
    """A change the desk refused for a reason that has passed (a lease since given back), met by a
    newer desk value meanwhile: kept as a conflict with that value (``theirs``), ``message`` saying so."""
    store.db.execute("UPDATE sync_conflicts SET kind = 'conflict', theirs = ?, theirs_by = ?, theirs_at = ?, "
                     "message = ? WHERE id = ? AND resolution IS NULL",
                     [_dump(theirs), theirs_by, theirs_at, message, int(conflict_id)])


def is_held(c: dict) -> bool:
    """Whether a conflict is an issue this store held back from the desk (it names an analyst the
    desk does not have): kept here, never reported by the desk."""
    return c["kind"] == "refused" and c["server_id"] is None


def held_issues(store: Store) -> dict[str, int]:
    """The issues held back for the analysts they name and not settled: {issue uid: conflict id}."""
    return {r[0]: r[1] for r in store.db.execute(
        f"SELECT key, id FROM sync_conflicts WHERE {_HELD_ISSUE} AND resolution IS NULL "
        "AND instr(coalesce(message, ''), ?) = 0 ORDER BY id", [TAKEN_WEEK])}


#: the reason of an issue held back for a week its series already has on the desk (``week_holds``)
TAKEN_WEEK = "团队库已有同一系列同一周的周报 (the desk already has an issue for the same series and week"


def week_holds(store: Store) -> dict[str, int]:
    """The new issues held back because the desk already has their series' week (made offline on two
    workstations), not settled: {issue uid: conflict id}."""
    return {r[0]: r[1] for r in store.db.execute(
        f"SELECT key, id FROM sync_conflicts WHERE {_HELD_ISSUE} AND resolution IS NULL "
        "AND instr(coalesce(message, ''), ?) > 0 ORDER BY id", [TAKEN_WEEK])}


def kept_both(store: Store) -> set[str]:
    """The issues held back once and then sent (kept as mine, or let go by the sync): never held again."""
    return {r[0] for r in store.db.execute(
        "SELECT key FROM sync_conflicts WHERE tbl = 'issues' AND kind = 'refused' AND server_id IS NULL "
        "AND resolution = 'mine'")}


def first_logged(store: Store, table: str, keys: Iterable[str]) -> dict[str, int]:
    """The seq of the first change this store logged of each row (its making here, or its arrival)."""
    keys = sorted(set(keys))
    out: dict[str, int] = {}
    for i in range(0, len(keys), 400):
        chunk = keys[i:i + 400]
        out.update({k: seq for k, seq in store.db.execute(
            f"SELECT key1, min(seq) FROM change_log WHERE entity = ? AND key1 IN ({', '.join('?' * len(chunk))}) "
            "GROUP BY key1", [table, *chunk])})
    return out


def hold_issue(store: Store, uid: str, theirs: dict | None, message: str) -> None:
    """List an issue held back from the desk (the desk's row beside it, if it has one). An issue whose
    listing was settled as "mine" (try again) and that is held back again for the same kind of
    reason takes that listing back, open, with the reason as it stands now: the user who pressed
    保留我的 finds the same listing (#3 stays #3), never a new one beside the settled."""
    taken_week = TAKEN_WEEK in message
    for cid, was in store.db.execute(
            f"SELECT id, message FROM sync_conflicts WHERE {_HELD_ISSUE} AND key = ? AND resolution = 'mine' "
            "ORDER BY id DESC LIMIT 1", [uid]).fetchall():
        if (TAKEN_WEEK in (was or "")) == taken_week:
            store.db.execute("UPDATE sync_conflicts SET resolution = NULL, resolved_at = NULL, mine = ?, theirs = ?, "
                             "by = ?, at = ?, message = ? WHERE id = ?",
                             [_dump(current_image(store, ("issues", uid))), _dump(theirs), desk_user(store), now_iso(),
                              message, cid])
            return
    store.db.execute(
        "INSERT INTO sync_conflicts (server_id, tbl, key, kind, mine, theirs, by, at, theirs_by, theirs_at, "
        "resolution, message) VALUES (NULL, 'issues', ?, 'refused', ?, ?, ?, ?, NULL, NULL, NULL, ?)",
        [uid, _dump(current_image(store, ("issues", uid))), _dump(theirs), desk_user(store), now_iso(), message])


def issue_records(store: Store, uid: str) -> list[tuple[str, str]]:
    """An issue's status-log entries and published versions as this store holds them (keys)."""
    return [("issue_log", r[0]) for r in store.db.execute(
        "SELECT l.uid FROM issue_log l JOIN issues i ON i.id = l.issue_id WHERE i.uid = ? AND l.uid IS NOT NULL "
        "ORDER BY l.id", [uid])] + [("issue_versions", f"{uid}|{r[0]}") for r in store.db.execute(
        "SELECT v.version FROM issue_versions v JOIN issues i ON i.id = v.issue_id WHERE i.uid = ? ORDER BY v.version",
        [uid])]


def log_for_push(store: Store, batch_id: int, keys: Iterable[tuple[str, str]]) -> None:
    """Log rows as changed in the given batch, unchanged, so that the next push sends them again
    (a record the desk refused, with the issue row it must ride on; a row this store kept over the
    desk's, settled as mine)."""
    entity = {t: e for e, t in _ENTITY_TABLE.items()}
    rows = []
    for table, key in keys:
        if table == "facts":
            ticker, metric, period = key.split("|")
            rows.append((batch_id, "fact", ticker, metric, period, "update"))
        elif table == "quotes":
            uid, date = key.split("|", 1)
            index = store.db.execute("SELECT coalesce(code, name) FROM indices WHERE uid = ?", [uid]).fetchone()
            if index is not None:
                rows.append((batch_id, "quote", index[0], date, "close", "update"))
        elif table in TABLES:
            rows.append((batch_id, entity.get(table, table), key, None, None,
                         "insert" if table in RECORDS else "update"))
    store.db.conn.executemany(
        "INSERT INTO change_log (batch_id, entity, key1, key2, key3, op) VALUES (?, ?, ?, ?, ?, ?)", rows)


def figures_held(store: Store, ticker: str) -> str:
    """The company's facts this store holds, named (a few, then how many), or '' for none."""
    return _figures_held(store, ticker)


def status(store: Store) -> dict:
    """Cheap figures for a status bar: configured?, pending changes, the changes held back from the
    desk (``held_count``: not pending, yet not on the desk), open conflicts, last sync."""
    url = store.get_setting(SETTING_URL)
    return {
        "url": url,
        "user": desk_user(store) or None,
        "pending": pending_count(store) if url else 0,
        "held": held_count(store),
        "conflicts": store.scalar("SELECT count(*) FROM sync_conflicts WHERE resolution IS NULL"),
        "last_sync": store.get_setting(SETTING_LAST_SYNC),
    }


def held_count(store: Store) -> int:
    """How many of this store's changes the push holds back, listed and not settled: the issues (with
    their records) it keeps from the desk (analysts the desk lacks, a week the desk has:
    ``is_held``) and the rows kept for a figure the desk refuses (``held_figures``). They are not
    among the changes waiting to be pushed, and not on the desk either."""
    return store.scalar(f"SELECT count(*) FROM sync_conflicts WHERE resolution IS NULL AND (({_HELD_ISSUE}) "
                        f"OR ({_HELD_FIGURE}))", [NOT_PUSHED])


# ---------------------------------------------------------------- joining with data
def shared_counts(store: Store) -> dict[str, int]:
    """Rows per shared table (the house profile is one row, counted when it has a name)."""
    out = {"house": store.scalar("SELECT count(*) FROM house WHERE name_zh != ''")}
    for table in TABLES[1:]:
        out[table] = store.scalar(f"SELECT count(*) FROM {table}")
    return out


def mark_all_pending(store: Store) -> None:
    """Name every shared row in the change log, so that the next push sends the whole store (joining
    a desk with a store that already holds data). Facts, quotes and companies are named under their
    tables' names (``_MARKED``), not as changes of theirs: their histories (``workbench trace``) and
    the checks of ``workbench verify`` read only their changes."""
    with store.batch("system", note=_JOIN_NOTE) as batch:
        ins = "INSERT INTO change_log (batch_id, entity, key1, key2, key3, op) "
        db = store.db
        db.execute(ins + "SELECT ?, 'house', 'house', NULL, NULL, 'update'", [batch])
        for table in ("analysts", "segments", "indices", "notes", "issues", "issue_log"):
            db.execute(ins + f"SELECT ?, '{table}', uid, NULL, NULL, 'insert' FROM {table} WHERE uid IS NOT NULL "
                       "ORDER BY id", [batch])
        db.execute(ins + "SELECT ?, 'companies', ticker, NULL, NULL, 'insert' FROM companies ORDER BY ticker", [batch])
        db.execute(ins + "SELECT ?, 'facts', ticker, metric, period, 'insert' FROM facts "
                   "ORDER BY ticker, metric, period", [batch])
        db.execute(ins + "SELECT ?, 'quotes', coalesce(i.code, i.name), q.date, 'close', 'insert' FROM quotes q "
                   "JOIN indices i ON i.id = q.index_id ORDER BY q.index_id, q.date", [batch])
        db.execute(ins + "SELECT ?, 'datasets', name, NULL, NULL, 'insert' FROM datasets ORDER BY name", [batch])
        db.execute(ins + "SELECT ?, 'issue_versions', i.uid || '|' || v.version, NULL, NULL, 'insert' "
                   "FROM issue_versions v JOIN issues i ON i.id = v.issue_id ORDER BY v.issue_id, v.version",
                   [batch])


def issue_uid(store: Store, issue_ref) -> tuple[int, str]:
    """An issue's local id and global identity, from an id or ``latest``."""
    issue = store.issue(issue_ref)
    return issue.id, store.scalar("SELECT uid FROM issues WHERE id = ?", [issue.id])
