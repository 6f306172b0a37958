"""Reading a store with the standard library's sqlite3 alone: what an export needs, without sqlite-utils.

Opening a ``Store`` loads sqlite-utils (about a tenth of a PDF export's whole run: it pulls in
click, pluggy, dateutil and its own table machinery) to check and apply the schema history. An
export only reads, so ``open_reader`` opens the file for reading only (``query_only``) and
answers the reads the export path makes (the issue, the house, analysts, companies, facts,
quotes, datasets, frozen versions) with the same SQL and the same results as ``Store``.

It is used only for a store whose schema history is exactly this release's (``MIGRATIONS``):
a store that needs an upgrade, one written by a newer release, a foreign or damaged file, or
anything sqlite3 cannot open read-only makes ``open_reader`` return None, and the caller opens
a full ``Store``, which upgrades, refuses or explains as usual. ``MIGRATIONS`` must list the
names of workbench/store/schema.py's migrations (tests/workbench/test_store_reader.py checks it);
a list left behind costs speed, never correctness.

The app's first screen reads through it too: ``LazyStore`` answers the reads the tables, the charts
and the status bar make with a reader and opens the full ``Store`` (sqlite-utils) only for anything
else — a write, or the app's own call in the idle time after the first screen is filled.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

from workbench.domain.issue import Issue
from workbench.domain.tickers import normalize_ticker
from workbench.errors import NotFound, StoreUnavailable, ValidationError

MIGRATION_SET = "workbench"
MIGRATIONS = frozenset({
    "m001_initial", "m002_import_log", "m003_keep_published_records", "m004_change_log", "m005_change_log_runs",
    "m006_unforgeable_records", "m007_quote_sources", "m020_house_number_style", "m030_global_identity",
    "m031_desk_sync", "m032_house_log_number_style", "m033_new_fact_runs", "m034_sync_conflict_message",
    "m035_facts_unmarked", "m036_sync_unapplied", "m037_quote_delete_sources", "m038_taken_publications",
    "m039_issue_correction", "m040_company_renames", "m041_change_log_batch_index",
})
# A fact (``f``) whose current value no change-log entry accounts for: neither a run of new facts
# nor its latest logged entry explains it (a raw INSERT into the file), as ``Store.unlogged_facts``.
UNLOGGED_FACT = (
    "NOT (f.log_mark IS NOT NULL AND EXISTS (SELECT 1 FROM change_runs r WHERE r.first_seq = "
    "(SELECT max(first_seq) FROM change_runs WHERE first_seq <= f.log_mark) AND f.log_mark <= r.last_seq) "
    "AND NOT EXISTS (SELECT 1 FROM change_log WHERE seq = f.log_mark)) "
    "AND NOT EXISTS (SELECT 1 FROM (SELECT l.op, l.new, l.batch_id FROM change_log l "
    "WHERE l.key1 = f.ticker AND l.key2 = f.metric AND l.key3 = f.period AND l.entity = 'fact' "
    "AND NOT (l.op = 'insert' AND l.new IS NULL) ORDER BY l.seq DESC LIMIT 1) e "
    "WHERE e.op != 'delete' AND e.new IS f.value AND NOT (e.op = 'insert' AND NOT EXISTS "
    "(SELECT 1 FROM change_batches b WHERE b.id = e.batch_id)))")
#: The facts typed by hand after a point of the change log (``{since}``: ``l.seq > ?`` or ``b.at >= ?``),
#: oldest first: (ticker, metric, period, the value typed).
TYPED_FACTS_SQL = ("SELECT l.key1, l.key2, l.key3, l.new FROM change_log l JOIN change_batches b ON b.id = l.batch_id "
                   "WHERE l.entity = 'fact' AND b.origin = 'edit' AND {since} ORDER BY l.seq")
HOUSE_JSON_FIELDS = ("series", "ratings", "fonts", "number_style")
#: A published version's fields as ``versions()`` gives them.
VERSION_FIELDS = ("issue_id", "version", "frozen_at", "frozen_by", "reason", "pdf_sha256", "issue_json", "snapshot_json")
#: The issue's columns its published snapshot prints (a final issue's text as the desk published it).
PUBLISHED_META = ("series", "headline", "period_start", "period_end", "publish_date", "industry", "rating",
                  "rating_action")


def _busy_timeout_s() -> float:
    """The store's busy timeout (``WORKBENCH_BUSY_TIMEOUT_MS``, default 10 s), read here as
    ``access.busy_timeout_ms`` reads it: that module loads sqlite-utils, which a reader avoids."""
    try:
        return max(0, int(os.environ.get("WORKBENCH_BUSY_TIMEOUT_MS", 10_000))) / 1000
    except ValueError:
        return 10.0


def writable(path: Path) -> bool:
    """Whether a ``Store`` opens ``path`` for writing: the file and its folder may be written
    (SQLite creates its ``-wal`` and ``-shm`` files beside it). The Store's own rule
    (``access._writable``) answers once its module is loaded; this copy of it before."""
    access = sys.modules.get("workbench.store.access")
    if access is not None:
        return access._writable(path)
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _split_list(text: str | None) -> list[str]:
    """Tags and themes are stored one per line."""
    return [i for i in (text or "").split("\n") if i]


def _fts_subquery(table: str, query: str, cols: tuple[str, ...], params: list, *, words_apart: bool = False) -> str:
    """Rows of ``table`` matching ``query``: FTS5 trigram for 3+ characters, LIKE for shorter.
    ``words_apart``: the table's words are kept in its index only (``{table}_fts``, by rowid)."""
    q = query.strip()
    if len(q) >= 3:
        params.append('"' + q.replace('"', '""') + '"')
        return f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?"
    like = " OR ".join(f"{c} LIKE ?" for c in cols)
    params.extend([f"%{q}%"] * len(cols))
    if words_apart:
        return f"SELECT rowid FROM {table}_fts WHERE {like}"
    return f"SELECT id FROM {table} WHERE {like}"


def open_reader(path: str | Path) -> "StoreReader | None":
    """A read-only reader of the store at ``path``, or None when a full ``Store`` must open it."""
    path = Path(path)
    if not path.is_file():
        return None
    try:  # mode=rw never creates a file; query_only refuses every write. Closing the last
        # connection folds the WAL back into the file, as closing a Store does.
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True, isolation_level=None,
                               check_same_thread=True, timeout=_busy_timeout_s())
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA query_only = ON")
        names = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                                            [MIGRATION_SET])}
    except sqlite3.Error:
        conn.close()
        return None
    if names != MIGRATIONS:
        conn.close()
        return None
    return StoreReader(path, conn)


class StoreReads:
    """The reads a ``Store`` and a ``StoreReader`` answer alike, in one place: each is written
    against ``self.rows(sql, params)`` and ``self.scalar(sql, params)``, which both provide."""

    # A write outside the workbench (no batch) came from no file, cell or as-of date: the log's
    # trigger copied the fact's columns, which still name the earlier import's cell.
    _HISTORY_SQL = (
        "SELECT l.seq, l.batch_id, coalesce(b.origin, 'external') AS origin, b.at, b.by, b.file, b.sha256, "
        "b.sheet, iif(b.id IS NULL, NULL, l.src_row) AS row, iif(b.id IS NULL, NULL, l.src_col) AS col, "
        "iif(b.id IS NULL, NULL, coalesce(l.as_of, b.as_of)) AS as_of, l.op, l.old, "
        "l.new, iif(b.id IS NULL, NULL, coalesce(l.source, b.source)) AS source, b.note "
        "FROM change_log l LEFT JOIN change_batches b ON b.id = l.batch_id ")
    # An entry that changed nothing: joining a desk before this release named every figure for the
    # first push with an insert entry of no old and no new value in its own 'system' batch (trace
    # printed it as a step '-- -> --'); a figure's history leaves those out.
    _CHANGED = ("NOT (l.op = 'insert' AND l.old IS NULL AND l.new IS NULL "
                "AND coalesce(b.origin, 'external') = 'system') ")
    # The insert entries of a run of new facts, derived from the facts rows (see schema.m033):
    # a fact whose mark lies in a run and names no logged row.
    _RUN_FACTS = (
        "FROM facts f JOIN change_runs r ON r.first_seq = (SELECT max(first_seq) FROM change_runs "
        "WHERE first_seq <= f.log_mark) AND f.log_mark <= r.last_seq JOIN change_batches b ON b.id = r.batch_id "
        "WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE seq = f.log_mark) ")
    _RUN_HISTORY_SQL = (
        "SELECT f.log_mark AS seq, r.batch_id, b.origin, b.at, b.by, b.file, b.sha256, b.sheet, "
        "f.src_row AS row, f.src_col AS col, coalesce(f.as_of, b.as_of) AS as_of, 'insert' AS op, NULL AS old, "
        "f.value AS new, coalesce(f.source, b.source) AS source, b.note " + _RUN_FACTS)

    def history(self, ticker: str, metric: str, period: str) -> list[dict]:
        """Every change of one fact, oldest first (newest last); not an entry that changed nothing (``_CHANGED``).

        Each: seq, at, by, origin ('external' when written outside the workbench), file, sha256,
        sheet, row (Excel row number), col (header text), as_of, op, old, new, source, note.
        """
        try:
            ticker = normalize_ticker(ticker)
        except ValidationError:
            pass
        return self.rows(
            self._HISTORY_SQL + "WHERE l.key1 = ?1 AND l.key2 = ?2 AND l.key3 = ?3 AND l.entity = 'fact' AND "
            + self._CHANGED + "UNION ALL " + self._RUN_HISTORY_SQL + "AND f.ticker = ?1 AND f.metric = ?2 AND f.period = ?3 "
            "ORDER BY seq", [ticker, metric, period])

    def house(self) -> dict:
        row = self.rows("SELECT * FROM house WHERE id = 1")[0]
        for name in HOUSE_JSON_FIELDS:
            row[name] = json.loads(row[name])
        row.pop("id")
        return row

    def analysts(self) -> list[dict]:
        return self.rows("SELECT * FROM analysts ORDER BY id")

    def analyst(self, analyst_id: int) -> dict:
        if not -(2 ** 63) <= int(analyst_id) < 2 ** 63:
            raise NotFound(f"没有该分析师 (no analyst) #{analyst_id}")
        rows = self.rows("SELECT * FROM analysts WHERE id = ?", [analyst_id])
        if not rows:
            raise NotFound(f"没有该分析师 (no analyst) #{analyst_id}")
        return rows[0]

    def segments(self) -> list[str]:
        return [r["name"] for r in self.rows("SELECT name FROM segments ORDER BY position, id")]

    def companies(self, segment: str | None = None) -> list[dict]:
        sql = ("SELECT c.ticker, c.name, c.full_name, s.name AS segment, c.industry, c.position "
               "FROM companies c LEFT JOIN segments s ON s.id = c.segment_id ")
        params: list = []
        if segment is not None:
            sql += "WHERE s.name = ? "
            params.append(segment)
        sql += "ORDER BY s.position IS NULL, s.position, c.position, c.ticker"
        return self.rows(sql, params)

    def company(self, ticker: str) -> dict:
        t = normalize_ticker(ticker)
        rows = self.rows("SELECT c.ticker, c.name, c.full_name, s.name AS segment, c.industry, c.position "
                         "FROM companies c LEFT JOIN segments s ON s.id = c.segment_id WHERE ticker = ?", [t])
        if not rows:
            raise NotFound(f"没有该公司 (no company): {ticker}")
        return rows[0]

    def find_company(self, text: str) -> dict | None:
        try:
            t = normalize_ticker(text)
            rows = self.rows("SELECT ticker FROM companies WHERE ticker = ?", [t])
        except ValidationError:
            rows = []
        if not rows:
            rows = self.rows("SELECT ticker FROM companies WHERE name = ?", [text.strip()])
        return self.company(rows[0]["ticker"]) if rows else None

    def facts(self, tickers: list[str] | None = None) -> list[dict]:
        sql = "SELECT f.ticker, c.name, f.metric, f.period, f.value, f.source, f.as_of FROM facts f " \
              "JOIN companies c ON c.ticker = f.ticker"
        params: list = []
        if tickers is not None:
            sql += f" WHERE f.ticker IN ({','.join('?' * len(tickers))})"
            params = list(tickers)
        sql += " ORDER BY f.ticker, f.metric, f.period"
        return self.rows(sql, params)

    def latest_as_of(self) -> str | None:
        return self.scalar("SELECT max(as_of) FROM facts")

    def fact(self, ticker: str, metric: str, period: str) -> float | None:
        return self.scalar("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                           [ticker, metric, period])

    def fact_row(self, ticker: str, metric: str, period: str) -> dict | None:
        rows = self.rows("SELECT * FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                         [ticker, metric, period])
        return rows[0] if rows else None

    def fact_dates(self, tickers: list[str], metrics: list[str] | None = None) -> list[tuple]:
        """(ticker, metric, period, value, as_of) of every fact of ``tickers`` (of ``metrics`` only,
        when given), read 500 companies at a time: the comparison table's figures with their dates,
        for the preflight's freshness checks."""
        names = list(dict.fromkeys(metrics)) if metrics is not None else None
        if names is not None and not names:
            return []
        what = f" AND metric IN ({','.join('?' * len(names))})" if names else ""
        out: list[tuple] = []
        for start in range(0, len(tickers), 500):
            part = list(tickers[start:start + 500])
            out += self.db.execute(f"SELECT ticker, metric, period, value, as_of FROM facts "
                                   f"WHERE ticker IN ({','.join('?' * len(part))}){what}",
                                   [*part, *(names or ())]).fetchall()
        return out

    def unlogged_facts_in(self, tickers: list[str], metrics: list[str], periods: list[str]) -> list[tuple]:
        """(ticker, metric, period, value) of the facts of ``tickers`` x ``metrics`` x ``periods``
        whose current value no change-log entry accounts for, as ``Store.unlogged_facts`` tells them
        (a raw INSERT into the file): one query per 500 companies, not one per figure, so that the
        preflight reads a table of thousands of figures at once."""
        names, days = list(dict.fromkeys(metrics)), list(dict.fromkeys(periods))
        if not names or not days:
            return []
        out: list[tuple] = []
        for start in range(0, len(tickers), 500):
            part = list(tickers[start:start + 500])
            out += self.db.execute(
                "SELECT f.ticker, f.metric, f.period, f.value FROM facts f "
                f"WHERE f.ticker IN ({','.join('?' * len(part))}) AND f.metric IN ({','.join('?' * len(names))}) "
                f"AND f.period IN ({','.join('?' * len(days))}) AND " + UNLOGGED_FACT, [*part, *names, *days]).fetchall()
        return out

    def fact_revisions(self, ticker: str, metric: str, period: str) -> list[tuple]:
        """(old, new, as_of) of each logged update of one fact, oldest first; as_of is the date the
        change carried, else its batch's (None for a write outside the workbench that gave none)."""
        return self.db.execute(
            "SELECT l.old, l.new, coalesce(l.as_of, b.as_of) FROM change_log l LEFT JOIN change_batches b "
            "ON b.id = l.batch_id WHERE l.key1 = ? AND l.key2 = ? AND l.key3 = ? AND l.entity = 'fact' "
            "AND l.op = 'update' ORDER BY l.seq", [ticker, metric, period]).fetchall()

    def fact_writes(self, tickers: list[str], metrics: list[str]) -> list[tuple]:
        """(ticker, metric, period, seq, batch_id, op, old, new) of every write of the facts of ``tickers``
        and ``metrics`` in the change log, in seq order (batch_id None for a write outside the
        workbench): its logged entries (not one that only names a fact) and the insert of a new fact
        that a run recorded and nothing changed since (derived from the fact's row, as ``history``
        derives it); read 500 companies at a time. The preflight asks whether a level changed after
        its growth rate was last written."""
        names = list(dict.fromkeys(metrics))
        if not names:
            return []
        out: list[tuple] = []
        for start in range(0, len(tickers), 500):
            part = list(tickers[start:start + 500])
            who, what = ",".join("?" * len(part)), ",".join("?" * len(names))
            out += self.db.execute(
                "SELECT l.key1, l.key2, l.key3, l.seq, l.batch_id, l.op, l.old, l.new FROM change_log l "
                f"WHERE l.entity = 'fact' AND l.key1 IN ({who}) AND l.key2 IN ({what}) "
                "AND NOT (l.op = 'insert' AND l.new IS NULL) UNION ALL "
                "SELECT f.ticker, f.metric, f.period, f.log_mark, r.batch_id, 'insert', NULL, f.value FROM facts f "
                "JOIN change_runs r ON r.first_seq = (SELECT max(first_seq) FROM change_runs "
                "WHERE first_seq <= f.log_mark) AND f.log_mark <= r.last_seq "
                f"WHERE f.ticker IN ({who}) AND f.metric IN ({what}) "
                "AND NOT EXISTS (SELECT 1 FROM change_log WHERE seq = f.log_mark)",
                [*part, *names, *part, *names]).fetchall()
        return sorted(out, key=lambda w: w[3])

    def has_fact_values(self, ticker: str) -> bool:
        """Whether any of the company's facts holds a value (facts that are all missing do not count)."""
        return self.scalar("SELECT 1 FROM facts WHERE ticker = ? AND value IS NOT NULL LIMIT 1", [ticker]) is not None

    def has_company(self, ticker: str) -> bool:
        return self.scalar("SELECT 1 FROM companies WHERE ticker = ?", [ticker]) is not None

    def counts(self) -> dict[str, int]:
        return {t: self.scalar(f"SELECT count(*) FROM {t}")
                for t in ("companies", "facts", "indices", "quotes", "issues", "notes", "analysts")}

    def note_count(self) -> int:
        """How many notes the store holds (the notes view's total beside its filtered rows)."""
        return self.scalar("SELECT count(*) FROM notes")

    def is_demo(self) -> bool:
        return bool(self.scalar("SELECT EXISTS(SELECT 1 FROM change_batches WHERE origin = 'demo') "
                                "AND NOT EXISTS(SELECT 1 FROM change_batches WHERE origin = 'import')"))

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return default if value is None else value

    def indices(self) -> list[dict]:
        return self.rows("SELECT * FROM indices ORDER BY position, id")

    def index(self, name_or_code: str) -> dict:
        rows = self.rows("SELECT * FROM indices WHERE name = ? OR code = ?", [name_or_code, name_or_code])
        if not rows:
            raise NotFound(f"没有该指数 (no index): {name_or_code}")
        return rows[0]

    def benchmark(self) -> dict | None:
        rows = self.rows("SELECT * FROM indices WHERE is_benchmark = 1")
        return rows[0] if rows else None

    def quotes(self, index_id: int, start: str | None = None, end: str | None = None) -> list[dict]:
        sql = "SELECT date, close, change FROM quotes WHERE index_id = ?"
        params: list = [index_id]
        if start:
            sql += " AND date >= ?"
            params.append(start)
        if end:
            sql += " AND date <= ?"
            params.append(end)
        return self.rows(sql + " ORDER BY date", params)

    def has_quotes_from(self, source: str, index_ids: list[int], start: str, end: str) -> bool:
        """Whether any of the indices holds a quote whose source is ``source`` dated from ``start`` to
        ``end`` (a chart's span drawn partly from the demo's generated history)."""
        ids = list(index_ids)
        if not ids:
            return False
        return bool(self.scalar(f"SELECT EXISTS (SELECT 1 FROM quotes WHERE index_id IN ({','.join('?' * len(ids))}) "
                                "AND date >= ? AND date <= ? AND source = ?)", [*ids, start, end, source]))

    def quote_sources(self, index_ids: list[int], start: str, end: str) -> list[dict]:
        """(index_id, date, source) of every quote of the indices dated from ``start`` to ``end``, in
        index and date order: where a chart's plotted closes came from (its source line)."""
        ids = list(index_ids)
        if not ids:
            return []
        return self.rows(f"SELECT index_id, date, source FROM quotes WHERE index_id IN ({','.join('?' * len(ids))}) "
                         "AND date >= ? AND date <= ? ORDER BY index_id, date", [*ids, start, end])

    def all_quotes(self) -> list[dict]:
        return self.rows("SELECT i.code AS index_code, i.name, q.date, q.close, q.change, i.id AS index_id "
                         "FROM quotes q JOIN indices i ON i.id = q.index_id ORDER BY i.position, i.id, q.date")

    def quote_on_or_before(self, index_id: int, date: str) -> dict | None:
        rows = self.rows("SELECT date, close, change FROM quotes WHERE index_id = ? AND date <= ? "
                         "ORDER BY date DESC LIMIT 1", [index_id, date])
        return rows[0] if rows else None

    def dataset(self, name: str) -> dict:
        rows = self.rows("SELECT * FROM datasets WHERE name = ?", [name])
        if not rows:
            raise NotFound(f"没有该数据集 (no dataset): {name}")
        row = rows[0]
        row["categories"] = json.loads(row["categories"])
        row["series"] = json.loads(row["series"])
        return row

    def datasets(self) -> list[str]:
        return [r["name"] for r in self.rows("SELECT name FROM datasets ORDER BY name")]

    def issue(self, issue_id: int | str) -> Issue:
        if str(issue_id).lower() == "latest":
            found = self.scalar("SELECT id FROM issues ORDER BY period_end DESC, id DESC LIMIT 1")
            if found is None:
                raise NotFound("库中还没有任何周报 (the store holds no issue yet)")
            issue_id = found
        try:
            issue_id = int(issue_id)
        except (TypeError, ValueError):
            raise NotFound(f"期号应为数字或 latest (issue must be a number or 'latest'): {issue_id}") from None
        if not -(2 ** 63) <= issue_id < 2 ** 63:
            raise NotFound(f"没有该期报告 (no issue) #{issue_id}")
        rows = self.rows("SELECT * FROM issues WHERE id = ?", [issue_id])
        if not rows:
            raise NotFound(f"没有该期报告 (no issue) #{issue_id}")
        analysts = [r["analyst_id"] for r in self.rows(
            "SELECT analyst_id FROM issue_analysts WHERE issue_id = ? ORDER BY position", [issue_id])]
        if rows[0]["status"] == "final":
            taken = self.taken_versions(issue_id).get(rows[0]["version"])
            if taken is not None:  # the house's text of the version is the desk's publication
                return self._as_published(rows[0], analysts, taken)
        return Issue.from_row(rows[0], analysts)

    def _as_published(self, row: dict, analysts: list[int], taken: dict) -> Issue:
        """A final issue whose version this store took from the desk over its own: its text as the
        desk published it (the version's text, and the headline, dates and rating its snapshot
        printed), signed by the analysts the snapshot names where this store has each of them."""
        row = dict(row, content=taken["issue_json"])
        try:
            snapshot = json.loads(taken["snapshot_json"])
        except ValueError:
            snapshot = {}
        for name in PUBLISHED_META:
            if isinstance(snapshot.get(name), str):
                row[name] = snapshot[name]
        by_sac = {}
        for a in self.rows("SELECT id, sac_no FROM analysts"):
            by_sac.setdefault(a["sac_no"], []).append(a["id"])
        named = [by_sac.get((a or {}).get("sac_no")) or [] for a in snapshot.get("analysts") or []]
        if named and all(len(ids) == 1 for ids in named):
            analysts = [ids[0] for ids in named]
        return Issue.from_row(row, analysts)

    def issues(self, *, query: str | None = None, status: str | None = None) -> list[dict]:
        sql = "SELECT id, series, headline, period_start, period_end, publish_date, status, version, " \
              "updated_at FROM issues WHERE 1=1"
        params: list = []
        if query:  # a final whose version is the desk's publication taken here: by the desk's words
            taken = _fts_subquery("taken_publications", query, ("headline", "search_text"), params, words_apart=True)
            own = _fts_subquery("issues", query, ("headline", "search_text"), params)
            sql += (" AND CASE WHEN status = 'final' AND EXISTS (SELECT 1 FROM taken_publications t WHERE "
                    "t.issue_id = issues.id AND t.version = issues.version) THEN id IN (SELECT t.issue_id FROM "
                    f"taken_publications t WHERE t.version = issues.version AND t.seq IN ({taken})) "
                    f"ELSE id IN ({own}) END")
        if status:
            sql += " AND status = ?"
            params.append(status)
        rows = self.rows(sql + " ORDER BY period_end DESC, id DESC", params)
        finals = {r["id"] for r in rows if r["status"] == "final"}
        taken = {(t["issue_id"], t["version"]): t for t in self.taken_publications() if t["issue_id"] in finals} \
            if finals else {}
        for row in rows:  # a final issue whose version is the desk's publication: as the desk published it
            t = taken.get((row["id"], row["version"]))
            if t is not None:
                try:
                    snapshot = json.loads(t["snapshot_json"])
                except ValueError:
                    continue
                row.update({k: snapshot[k] for k in PUBLISHED_META if k in row and isinstance(snapshot.get(k), str)})
        return rows

    def versions(self, issue_id: int) -> list[dict]:
        """The house's publication of each version of the issue, oldest first: this store's own, or the
        desk's where this store took it over its own (``taken_versions``). What was published is read
        here by everything that shows, prints, exports, checks or corrects it; ``own_versions`` reads
        this store's own records (its chain of published versions)."""
        taken = self.taken_versions(issue_id)
        return [taken.get(v["version"], v) for v in self.own_versions(issue_id)]

    def own_versions(self, issue_id: int) -> list[dict]:
        """This store's own published records of the issue, oldest first, as its chain holds them."""
        return self.rows("SELECT issue_id, version, frozen_at, frozen_by, reason, pdf_sha256, issue_json, "
                         "snapshot_json FROM issue_versions WHERE issue_id = ? ORDER BY version", [issue_id])

    def taken_versions(self, issue_id: int) -> dict[int, dict]:
        """The desk's publications of the issue's versions that this store took over its own, by version
        (each as ``versions()`` gives a version; see ``taken_publications``)."""
        return {t["version"]: {k: t[k] for k in VERSION_FIELDS} for t in self.taken_publications(issue_id)}

    def taken_publications(self, issue_id: int | None = None) -> list[dict]:
        """The desk's publications of versions this store published otherwise (two editors finalised a
        version offline; the desk kept the other) and took over its own, settling the listing of the
        two with keep theirs, in issue and version order: read from their own append-only record
        (``taken_publications``, written with the settlement and chained to this store's versions;
        ``workbench verify`` checks it), never from the settled listing itself.

        Each has ``versions()``'s fields, the PDF's bytes (``pdf``), its chain fields (``seq``,
        ``over_sha256``, ``prev_sha256``, ``record_sha256``) and ``own``: this store's own record of
        that version, which stays in its chain as a record."""
        sql = ("SELECT seq, issue_id, version, frozen_at, frozen_by, reason, pdf_sha256, issue_json, snapshot_json, "
               "pdf, over_sha256, prev_sha256, record_sha256 FROM taken_publications")
        params: list = []
        if issue_id is not None:
            sql += " WHERE issue_id = ?"
            params.append(issue_id)
        found = self.rows(sql + " ORDER BY issue_id, version", params)
        if not found:
            return []
        ids = sorted({t["issue_id"] for t in found})
        own = {(r["issue_id"], r["version"]): r for r in self.rows(
            "SELECT issue_id, version, frozen_at, frozen_by, reason, pdf_sha256 FROM issue_versions WHERE issue_id IN "
            f"({','.join('?' * len(ids))})", ids)}
        return [dict(t, own=own.get((t["issue_id"], t["version"]))) for t in found]

    def issue_correction(self, issue_id: int) -> dict | None:
        """What the issue's correction takes, as the issue holds it (``issues.correction``: its version,
        the figures taken on purpose, the figures typed in it), or None."""
        try:
            raw = self.scalar("SELECT correction FROM issues WHERE id = ?", [issue_id])
            record = json.loads(raw) if raw else None
        except (sqlite3.Error, ValueError, TypeError):
            return None
        return record if isinstance(record, dict) else None

    def typed_facts(self, *, after_seq: int | None = None, since: str | None = None
                    ) -> dict[tuple[str, str, str], float | None]:
        """The facts typed by hand after the change log's ``after_seq``, or in batches dated ``since`` or
        later, each with the value last typed."""
        where, value = ("l.seq > ?", after_seq) if after_seq is not None else ("b.at >= ?", since)
        return {(r["key1"], r["key2"], r["key3"]): r["new"]
                for r in self.rows(TYPED_FACTS_SQL.format(since=where), [value])}

    def issue_log(self, issue_id: int) -> list[dict]:
        return self.rows("SELECT * FROM issue_log WHERE issue_id = ? ORDER BY id", [issue_id])

    def rival_log_ids(self, issue_id: int) -> set[int]:
        """The ids of the issue's status-log entries that made this store's own final of a version
        whose desk publication it took over its own (``taken_versions``): the desk refused them, and
        they stay here as the record of this station's unpublished rival."""
        taken = self.taken_versions(issue_id)
        if not taken:
            return set()
        rows = self.rows("SELECT l.id, l.version FROM issue_log l JOIN sync_conflicts c ON c.tbl = 'issue_log' "
                         "AND c.key = l.uid AND c.kind = 'refused' AND c.resolution = 'theirs' WHERE l.issue_id = ?",
                         [issue_id])
        return {r["id"] for r in rows if r["version"] in taken}

    def version_pdf(self, issue_id: int, version: int) -> bytes | None:
        """The PDF of the house's publication of the version (``versions``): the desk's where taken."""
        for taken in self.taken_publications(issue_id):
            if taken["version"] == version:
                return taken["pdf"]
        return self.own_version_pdf(issue_id, version)

    def own_version_pdf(self, issue_id: int, version: int) -> bytes | None:
        """The PDF of this store's own record of the version (``own_versions``)."""
        return self.scalar("SELECT pdf FROM issue_versions WHERE issue_id = ? AND version = ?",
                           [issue_id, version])

    def notes(self, *, query: str | None = None, ticker: str | None = None, tag: str | None = None,
              start: str | None = None, end: str | None = None) -> list[dict]:
        sql = ("SELECT n.*, (SELECT group_concat(ticker, ' ') FROM note_companies nc WHERE nc.note_id = n.id) "
               "AS tickers FROM notes n WHERE 1=1")
        params: list = []
        if query:
            sql += " AND n.id IN (" + _fts_subquery("notes", query, ("text", "tags", "themes"), params) + ")"
        if ticker:
            sql += " AND n.id IN (SELECT note_id FROM note_companies WHERE ticker = ?)"
            params.append(normalize_ticker(ticker))
        if tag:
            sql += " AND (char(10) || n.tags || char(10)) LIKE ?"
            params.append(f"%\n{tag.strip()}\n%")
        if start:
            sql += " AND n.date >= ?"
            params.append(start)
        if end:
            sql += " AND n.date <= ?"
            params.append(end)
        rows = self.rows(sql + " ORDER BY n.date DESC, n.id DESC", params)
        for row in rows:
            row["tags"] = _split_list(row["tags"])
            row["themes"] = _split_list(row["themes"])
        return rows

    def fact_values(self, metric: str, period: str) -> dict[str, float | None]:
        """One (metric, period) column: each company's value (a grid sorting by a column)."""
        return dict(self.db.execute("SELECT ticker, value FROM facts WHERE metric = ? AND period = ?",
                                    [metric, period]).fetchall())

    def fact_columns(self) -> list[tuple[str, str]]:
        """Every (metric, period) pair that has at least one fact."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT DISTINCT metric, period FROM facts ORDER BY metric, period").fetchall()]

    def fact_matrix(self, columns: list[tuple[str, str]], tickers: list[str] | None = None
                    ) -> dict[str, dict[tuple[str, str], float | None]]:
        """Values for each company and (metric, period) column, in one query (per 500 tickers)."""
        wanted = set(columns)
        only = None if tickers is None else set(tickers)
        metrics = sorted({m for m, _ in columns})
        sql = f"SELECT ticker, metric, period, value FROM facts WHERE metric IN ({','.join('?' * len(metrics))})"
        out: dict[str, dict[tuple[str, str], float | None]] = {}
        if only is not None:  # a grid's batch of rows: read those companies' facts only
            names = sorted(only)
            found = []
            for start in range(0, len(names), 500):
                part = names[start:start + 500]
                found += self.db.execute(f"{sql} AND ticker IN ({','.join('?' * len(part))})",
                                         [*metrics, *part]).fetchall()
        else:
            found = self.db.execute(sql, metrics).fetchall()
        for ticker, m, p, v in found:
            if (m, p) in wanted and (only is None or ticker in only):
                out.setdefault(ticker, {})[(m, p)] = v
        return out


class StoreReader(StoreReads):
    """The reads of ``Store`` an export and the app's first screen make, over a read-only sqlite3
    connection (same SQL, same results)."""

    read_only = True

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        self.db = conn  # ``db.execute(sql, params)`` as on a Store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "StoreReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ basics
    def rows(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def scalar(self, sql: str, params=()):
        row = self.conn.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------------ house and analysts

    # ------------------------------------------------------------------ segments and companies

    # ------------------------------------------------------------------ facts

    def fact_columns_sampled(self, limit: int = 20_000) -> list[tuple[str, str]]:
        """The (metric, period) pairs among the first ``limit`` facts (in key order): a part of
        ``fact_columns()`` read without scanning every fact (a pair found here has facts; one not
        found may still have some further on). Not a ``Store`` read."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT DISTINCT metric, period FROM (SELECT metric, period FROM facts LIMIT ?) ORDER BY metric, period",
            [limit]).fetchall()]

    # ------------------------------------------------------------------ the status bar and settings

    # ------------------------------------------------------------------ indices, quotes, datasets

    # ------------------------------------------------------------------ notes

    # ------------------------------------------------------------------ issues and versions





READS = frozenset({
    "house", "analysts", "analyst", "segments", "companies", "company", "find_company", "has_company", "facts",
    "fact_matrix", "fact", "fact_row", "fact_values", "fact_columns", "fact_columns_sampled", "latest_as_of",
    "counts", "note_count", "is_demo", "get_setting", "indices", "index", "benchmark", "quotes", "all_quotes",
    "quote_on_or_before", "has_quotes_from", "quote_sources", "dataset", "datasets", "notes", "issue", "issues", "versions",
    "version_pdf", "own_versions", "own_version_pdf", "taken_versions", "taken_publications", "issue_log", "rival_log_ids",
})  # what a LazyStore answers with its reader: StoreReader's reads, the same as Store's


class LazyStore:
    """A store that reads through a ``StoreReader`` and opens the full ``Store`` when something needs it.

    The app's first screen (tables, charts, status bar) only reads: with a reader it is filled
    without loading sqlite-utils. Anything that is not one of the reader's reads (``READS``: a write,
    ``batch``, ``db``, the change history, a backup) opens the ``Store`` first (``open()``; the app
    also calls it when idle), and from then on the reader reads over the Store's own connection, so
    reads see the Store's writes at once, as they did. Writes only ever go through the Store.
    """

    def __init__(self, reader: StoreReader | None = None, store=None):
        if reader is None and store is None:
            raise ValueError("a LazyStore needs a reader or a store")
        self._store = store
        self.path = Path(store.path if store is not None else reader.path)
        if store is not None:
            if reader is not None:
                reader.close()
            reader = StoreReader(self.path, store.db.conn)
        self._reader = reader
        self._writable = writable(self.path)

    @classmethod
    def open(cls, path: str | Path) -> "LazyStore":
        """The store at ``path``: read through a reader when it is this release's store, else opened
        at once as a ``Store`` (which creates, upgrades, refuses or explains as usual)."""
        reader = open_reader(path)
        if reader is not None:
            return cls(reader)
        from workbench.store.store import Store

        return cls(store=Store(path))

    @property
    def is_open(self) -> bool:
        """The full Store is open (sqlite-utils loaded)."""
        return self._store is not None

    @property
    def reader(self) -> StoreReader:
        return self._reader

    def full(self):
        """The full ``Store``, opened now if it is not yet (loads sqlite-utils)."""
        if self._store is None:
            from workbench.store.store import Store

            store = Store(self.path)  # raises WorkbenchError as opening a Store does; the reader stays
            self._reader.close()
            self._reader = StoreReader(self.path, store.db.conn)
            self._store = store
        return self._store

    @property
    def read_only(self) -> bool:
        """The file is opened read-only (the user may not write it or its folder), as Store says."""
        return self._store.read_only if self._store is not None else not self._writable

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        else:
            self._reader.close()

    def __enter__(self) -> "LazyStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("_store", "_reader", "_writable", "path"):
            raise AttributeError(name)  # (not set yet: never open a Store to look for them)
        if name in READS:
            return getattr(self._reader, name)
        return getattr(self.full(), name)


def check_store_path(db, *, new_store: bool = False) -> None:
    """Refuse, before any store is opened, a path naming a folder or nothing (``--db ""``, an unset
    variable, ``.``), something that is no regular file (a pipe would wait for a writer, a device
    gives SQLite's "disk I/O error") and an existing file of 0 bytes (a store truncated by a crash, ``touch
    x.sqlite``): opening would turn the empty file into a new empty store, and a command that only
    reads would destroy the evidence. ``new_store`` (import --new-store, the app's 新建数据文件)
    accepts the empty file: a new store is made in it."""
    path = Path(db)
    if str(db).strip() in ("", ".") or path.is_dir():
        raise StoreUnavailable(f"无法打开数据文件：路径指向文件夹或为空（如 --db \"\"）；请检查路径 (cannot open the "
                               f"store file: the path names a folder or nothing, e.g. --db \"\"; check it): '{db}'", "cannot-open")
    if path.exists() and not path.is_file():  # a pipe, a device or a socket: never opened
        raise StoreUnavailable(f"数据文件不是普通文件（管道、设备等），未打开 (the store is not a regular file: a pipe, "
                               f"a device or the like; not opened): {db}", "cannot-open")
    if new_store or not path.is_file():
        return
    try:
        empty = path.stat().st_size == 0
    except OSError:
        return  # the open says why
    if empty:
        raise StoreUnavailable(f"数据文件为空（0 字节），不是工作台数据文件，未作任何修改；新建数据文件请用 import --new-store "
                               f"(the store file is empty, 0 bytes: no store, left unchanged; import --new-store "
                               f"makes a new one): {db}", "empty")
