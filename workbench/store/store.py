"""Store: one SQLite file holding companies, facts, quotes, house templates, notes and issues."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import compress, repeat
from operator import eq, is_, is_not, itemgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from workbench.domain.compliance import validate_sac
from workbench.domain.issue import Issue, validate_issue
from workbench.domain.metrics import NumberStyle
from workbench.domain.tickers import normalize_ticker
from workbench.errors import NotFound, ReadOnlyIssue, ValidationError, WorkbenchError
from workbench.store import access
from workbench.store.reader import HOUSE_JSON_FIELDS, StoreReads
from workbench.store.schema import known_migrations, migrations, register_record_functions

HOUSE_TEXT_FIELDS = ("name_zh", "name_en", "licence", "footer", "declaration", "disclaimer", "colour")
COMPANY_FIELDS = ("ticker", "name", "full_name", "segment", "industry")
DEFAULT_BENCHMARK = "000300.SH"
# Where a batch of changes came from (change_batches.origin).
ORIGINS = ("import", "edit", "paste", "delete", "undo", "redo", "demo", "sync", "merge", "system")


def _same_house_value(field: str, stored, new) -> bool:
    """Whether a house field's new value is the one stored (a number style: the same printed style)."""
    if field == "number_style":
        try:
            return NumberStyle.from_dict(stored) == NumberStyle.from_dict(new)
        except (ValidationError, TypeError, ValueError):
            return False
    return stored == new


#: The issue fields besides its content that an autosave keeps (status and version are the stored ones).
AUTOSAVE_SAME_FIELDS = ("headline", "series", "period_start", "period_end", "publish_date", "industry", "rating",
                        "rating_action", "analysts")


class IssueChangedElsewhere(WorkbenchError):
    """A save refused: the issue was written (another window, a script) since the revision given."""


def now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


#: What a batch dated at another time than its writing (a change made on another workstation and
#: taken from the desk: ``batch(at=...)``) says in its note about when it was written into this store.
SYNCED_MARK = "同步于 synced "
_SYNCED = re.compile(re.escape(SYNCED_MARK) + r"([^\s;,]+)")  # the time, not the punctuation after it


def synced_at(note: str | None) -> str | None:
    """When a batch dated at its origin's time was written into this store (from its note), else None."""
    found = _SYNCED.search(note or "")
    return found.group(1) if found else None


def _valid_time(at: str) -> str:
    """A batch's time: an ISO 8601 time with its UTC offset, as ``now_iso`` writes it."""
    try:
        when = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        when = None
    if when is None or when.tzinfo is None:
        raise ValidationError(f"变更时间须为带时区的 ISO 8601 时间 (a change's time must be an ISO 8601 time with "
                              f"its UTC offset): {at}")
    return when.isoformat(timespec="seconds")


def current_user() -> str:
    """The operating-system user, recorded as who made a change."""
    return os.environ.get("USER") or os.environ.get("USERNAME") or ""


@dataclass
class Counts:
    """What a write did (or, in a dry run, would do)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    confirmed: int = 0  # of the unchanged: values given again with a newer as-of date, which moved

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.added + other.added, self.updated + other.updated,
                      self.unchanged + other.unchanged, self.confirmed + other.confirmed)

    def __str__(self) -> str:
        text = f"新增 added {self.added}, 更新 updated {self.updated}, 未变 unchanged {self.unchanged}"
        if self.confirmed:
            text += f" (其中确认 confirmed {self.confirmed})"
        return text


class Store(StoreReads):
    """A workbench store file. Each thread must open its own Store on the same path."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._batch: int | None = None  # the change batch the current writes belong to
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn, self.read_only = access.connect(self.path)  # read-only when the user may not write
        except sqlite3.DatabaseError as exc:
            raise self._open_error(exc) from None
        self.db = access.Database(conn)
        self.db.read_only = self.read_only
        register_record_functions(conn)
        try:
            newer = [m.name for m in migrations.applied(self.db) if m.name not in set(known_migrations())]
            if newer:
                conn.close()
                raise access.StoreUnavailable(
                    f"该数据文件由更新版本的工作台写入，本版本不能打开；请升级工作台 (the store was written by a "
                    f"newer release of the workbench; this release cannot open it, please upgrade): {self.path} "
                    f"({', '.join(newer)})")
            if not self.read_only:
                migrations.apply(self.db)
            elif migrations.pending(self.db):
                conn.close()
                raise access.StoreUnavailable(
                    f"数据文件只读，且需要由本版本升级后才能使用；请用有写权限的账户打开一次 (the store is "
                    f"read-only and needs an upgrade by this release; open it once with write access): "
                    f"{self.path}")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._open_error(exc) from None

    def _open_error(self, exc: sqlite3.DatabaseError) -> Exception:
        """Locked, read-only, full: say so; anything else means the file is no workbench store."""
        error = access.explain(exc, self.path)
        if error.reason in ("locked", "read-only", "full", "cannot-open", "io"):
            return error
        return ValidationError(f"{self.path}: 不是工作台数据文件 (not a workbench store): {exc}")

    # ------------------------------------------------------------------ basics
    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Group writes so they land whole or not at all (nests as a savepoint)."""
        with self.db.atomic():
            yield self

    @contextmanager
    def references_checked_once(self) -> Iterator[Callable[[], None]]:
        """For a bulk write (an import): foreign keys are checked once, per distinct parent, by
        the check this yields, instead of once per written row.

        Wrap the write's transaction in it and call the check inside that transaction, last,
        before it commits: every reference the write can have made is checked (all of them in
        every table but the two big ones; there, every ticker that has facts and every change
        logged since the block began), and a missing parent raises SQLite's own foreign-key
        error, so the transaction rolls back whole. SQLite can switch its per-row checks off
        only outside a transaction: inside one they stay on, and the check costs little.
        """
        conn = self.db.conn
        since = self.last_seq()
        off = not (conn.in_transaction or self.read_only)
        if off:
            conn.execute("PRAGMA foreign_keys = OFF")
        try:
            yield lambda: self._check_references(since)
        finally:
            if off:
                conn.execute("PRAGMA foreign_keys = ON")

    _BIG_TABLES = ("facts", "change_log")

    def _check_references(self, since: int) -> None:
        """Raise sqlite3.IntegrityError when a row points at a parent that does not exist."""
        tables = [r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%REFERENCES%'").fetchall()]
        broken = any(self.db.execute(f"PRAGMA foreign_key_check({t})").fetchone()
                     for t in tables if t not in self._BIG_TABLES)
        # facts: each distinct ticker once (a walk along the primary key, one seek per company)
        broken = broken or self.scalar(
            "WITH RECURSIVE t(x) AS (SELECT min(ticker) FROM facts UNION ALL "
            "SELECT (SELECT min(ticker) FROM facts WHERE ticker > t.x) FROM t WHERE t.x IS NOT NULL) "
            "SELECT EXISTS (SELECT 1 FROM t WHERE x IS NOT NULL AND x NOT IN (SELECT ticker FROM companies))")
        broken = broken or self.scalar(
            "SELECT EXISTS (SELECT 1 FROM change_log WHERE seq > ? AND batch_id IS NOT NULL "
            "AND batch_id NOT IN (SELECT id FROM change_batches))", [since])
        if broken:
            raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")

    @contextmanager
    def dry_run(self) -> Iterator["Store"]:
        """Run writes inside a transaction that is always rolled back."""
        conn = self.db.conn
        conn.execute("SAVEPOINT dry_run")
        try:
            yield self
        finally:
            conn.execute("ROLLBACK TO SAVEPOINT dry_run")
            conn.execute("RELEASE SAVEPOINT dry_run")

    def rows(self, sql: str, params: Iterable = ()) -> list[dict]:
        return [dict(r) for r in self.db.query(sql, list(params))]

    def scalar(self, sql: str, params: Iterable = ()):
        row = self.db.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def backup(self, target: str | Path, progress=None, *, replace: bool = False,
               kept: Callable[[Path], None] | None = None) -> Path:
        """Copy the whole store to ``target`` while it stays open (SQLite's online backup).

        Written to a temporary file beside the target and renamed, so a failed backup never
        leaves a half-written file where a good one was. Never over the open store or its
        companion files, nor a database some program is using. An existing file only with
        ``replace``; an existing SQLite database only when it is an older backup of this very
        store (``older_backup_problem``), and then the file replaced is kept beside it as
        ``<name>.before-backup-<time>.sqlite`` (``kept`` is told its path): any other database,
        above all a store holding published versions this one lacks, is refused.
        """
        from workbench.outputs import UnsafeTarget, atomic_output, check_target, database_in_use, is_sqlite_file

        target = check_target(target, self.path, replace_database=True,  # never the store, nor its logs
                              replace_read_only=replace)
        keep = None
        if target.exists():
            other = _not_a_backup(target)
            if other:  # an exported PDF, a spreadsheet, a note: no --force replaces it
                raise UnsafeTarget(f"目标文件已存在，是{other[0]}，不是数据文件的备份；即使加 --force 也不替换，请换一个文件名 "
                                   f"(the target exists and is {other[1]}, not a store backup; it is not replaced, "
                                   f"not even with --force; choose another name): {target}")
            if not replace:
                raise UnsafeTarget(f"目标文件已存在；如需替换（例如旧的备份）请加 --force (the target exists; "
                                   f"use --force to replace an older backup): {target}")
            if is_sqlite_file(target):
                if database_in_use(target):
                    raise UnsafeTarget(f"目标数据文件正在使用中，不能替换 (the target store is in use by a program; "
                                       f"refusing to replace it): {target}")
                problem = self.older_backup_problem(target)
                if problem:
                    raise UnsafeTarget(f"目标不是本数据文件的旧备份，即使加 --force 也不替换；请换一个文件名 (the target "
                                       f"is not an older backup of this store; it is not replaced, not even with "
                                       f"--force; choose another name): {target}: {problem}")
                keep = target
        saved = None
        try:
            with atomic_output(target, self.path, replace_database=replace, replace_read_only=replace) as tmp:
                dest = sqlite3.connect(tmp)
                try:
                    def step(status, remaining, total):
                        if progress is not None and progress(total - remaining, total, "备份 backup") is False:
                            raise KeyboardInterrupt
                    self.db.conn.backup(dest, pages=256, progress=step)
                finally:
                    dest.close()
                if keep is not None:  # a second name for the replaced file, made only once the copy is whole
                    saved = _keep_before(Path(os.path.realpath(keep)), "before-backup")
        except KeyboardInterrupt:
            from workbench.progress import Cancelled

            if saved is not None:
                saved.unlink(missing_ok=True)
            raise Cancelled("backup cancelled") from None
        except BaseException:
            if saved is not None:
                saved.unlink(missing_ok=True)  # the target was not replaced: no second copy of it
            raise
        if saved is not None and kept is not None:
            kept(saved)
        return target

    def older_backup_problem(self, path: str | Path) -> str | None:
        """Why the SQLite database at ``path`` may not be replaced by a backup of this store, or None.

        It may when it is a copy of this store (it carries this store's identity,
        ``workstation_id``) and every published version it holds is here too (same issue,
        version, time and PDF). Another program's database, another store, or a copy of this
        store that published something this one lacks would lose the house's record if replaced.
        Drafts and figures a copy changed by itself are not lost: the file replaced is kept.
        """
        path = Path(path)
        immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
        try:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro" + immutable, uri=True)
        except sqlite3.Error as exc:
            return f"无法读取 (cannot read it): {exc}"
        try:
            try:
                ident = conn.execute("SELECT value FROM settings WHERE key = 'workstation_id'").fetchone()
            except sqlite3.Error:
                return "不是工作台数据文件 (not a workbench store)"
            if not ident or ident[0] != self.get_setting("workstation_id"):
                return "是另一个数据文件，不是本数据文件的副本 (another store, not a copy of this one)"
            try:
                versions = conn.execute("SELECT issue_id, version, frozen_at, pdf_sha256 FROM issue_versions "
                                        "ORDER BY issue_id, version").fetchall()
                finals = conn.execute("SELECT id FROM issues WHERE status = 'final' ORDER BY id").fetchall()
            except sqlite3.Error as exc:
                return f"无法读取其发布记录 (cannot read its published versions): {exc}"
        finally:
            conn.close()
        mine = {tuple(r) for r in self.db.execute(
            "SELECT issue_id, version, frozen_at, pdf_sha256 FROM issue_versions").fetchall()}
        missing = [f"#{r[0]} v{r[1]}" for r in versions if tuple(r) not in mine]
        named = {r[0] for r in versions if tuple(r) not in mine}
        published_here = {r["id"] for r in self.published_issues()}
        missing += [f"#{i}" for (i,) in finals if i not in published_here and i not in named]
        if missing:
            return (f"含本数据文件没有的已发布版本 (it holds published versions this store lacks): "
                    f"{'、'.join(missing)}")
        return None

    @staticmethod
    def check_backup(backup: str | Path) -> None:
        """Refuse (NotFound, ValidationError) what ``restore`` would refuse in the file ``backup`` itself:
        no file, no SQLite file, one failing its integrity check, no workbench store, or one a newer
        release wrote. The file is only read; a caller checks with it before asking anything."""
        from workbench.outputs import is_sqlite_file

        backup = Path(backup)
        if not backup.is_file():
            raise NotFound(f"备份文件不存在 (backup file not found): {backup}")
        if not is_sqlite_file(backup):
            raise ValidationError(f"不是工作台数据文件 (not a workbench store): {backup}")
        source = _open_backup(backup)
        try:
            _check_backup(source, backup)
        finally:
            source.close()

    @staticmethod
    def restore(backup: str | Path, path: str | Path, progress=None) -> "Restored":
        """Put the store in ``backup`` (a file ``backup`` wrote) in place of the store at ``path``.

        The backup is checked first (a SQLite file passing its integrity check, holding this
        workbench's schema history; one written by a newer release is refused) and copied beside
        ``path``; the store it replaces is kept as ``<name>.before-restore-<time>.sqlite`` and the
        copy is renamed over ``path`` in one step, so a restore stopped at any moment leaves either
        the old store or the restored one, never half of one. The store must not be in use.
        """
        from workbench.outputs import (UnsafeTarget, _new_file, _same_file, clean_stale_parts, database_in_use,
                                       is_sqlite_file)
        from workbench.progress import Cancelled

        backup, path = Path(backup), Path(path)
        if not backup.is_file():
            raise NotFound(f"备份文件不存在 (backup file not found): {backup}")
        if backup.resolve() == path.resolve() or _same_file(backup, path):
            raise UnsafeTarget(f"备份文件就是要替换的数据文件本身 (the backup is the store it would replace): {backup}")
        if not is_sqlite_file(backup):
            raise ValidationError(f"不是工作台数据文件 (not a workbench store): {backup}")
        if path.exists():
            if not path.is_file() or not is_sqlite_file(path):
                raise UnsafeTarget(f"要替换的不是数据文件 (the file to replace is not a store): {path}")
            _settle_log(path)
            if database_in_use(path):
                raise UnsafeTarget(f"数据文件正在使用中，请先关闭使用它的程序 (the store is in use; close the program "
                                   f"using it first): {path}")
        elif not path.parent.is_dir():
            raise UnsafeTarget(f"目标文件夹不存在 (the target folder does not exist): {path.parent}")
        source = _open_backup(backup)
        try:
            _check_backup(source, backup)
            clean_stale_parts(path.parent, path.name)  # what a restore killed before left beside the store
            tmp = _new_file(path.parent, path.name)
            try:
                dest = sqlite3.connect(tmp)
                try:
                    def step(status, remaining, total):
                        if progress is not None and progress(total - remaining, total, "恢复 restore") is False:
                            raise KeyboardInterrupt
                    source.backup(dest, pages=256, progress=step)
                    if dest.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                        raise ValidationError(f"备份复制后未通过完整性检查 (the copy failed its integrity check): "
                                              f"{backup}")
                finally:
                    dest.close()
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                kept = None
                if path.exists():
                    kept = _keep_before(path, "before-restore")
                os.replace(tmp, path)
                _sync_folder(path.parent)
            except KeyboardInterrupt:
                raise Cancelled("restore cancelled") from None
            finally:
                tmp.unlink(missing_ok=True)
        finally:
            source.close()
        with Store(path) as store:
            joined = bool(store.get_setting("desk.url"))
        return Restored(path, backup, kept, joined)

    def schema_versions(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    def set_setting(self, key: str, value: str | None) -> None:
        self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    # ------------------------------------------------------------------ change log
    def workstation_id(self) -> str:
        """This store's random identity; with a change's seq it names the change globally."""
        value = self.get_setting("workstation_id")
        if not value:
            import uuid

            value = str(uuid.uuid4())
            self.set_setting("workstation_id", value)
        return value

    def default_author(self) -> str:
        """Who a write names when its caller names nobody (an import, say): on a store that joined a
        desk the desk user, the same person every workstation's log shows (as status changes, notes
        and the app's edits name); else the operating-system user."""
        from workbench.store import sync_state  # (the desk's settings; no desk driver is loaded)

        return (sync_state.desk_user(self) if self.get_setting(sync_state.SETTING_URL) else "") or current_user()

    @contextmanager
    def batch(self, origin: str, by: str | None = None, file: str | None = None, sha256: str | None = None,
              sheet: str | None = None, as_of: str | None = None, note: str | None = None,
              source: str | None = None, at: str | None = None) -> Iterator[int]:
        """One write operation: the writes inside land whole and are logged under one batch id.

        Yields the batch id. Inside another batch the outer one holds the writes (its id is
        yielded). A batch that changed nothing is dropped again, except an import's, which
        stays as the record that the file was read. ``source`` and ``as_of`` are what the
        batch's values carry unless a change names its own. ``at`` dates the batch when its
        changes were made elsewhere (pulled from the desk: the time they were made on their
        workstation); its note then also says when they were written here (``synced_at``).
        The log stays in the order the changes were written here (seq), whatever the times.
        """
        if self._batch is not None:
            yield self._batch
            return
        if origin not in ORIGINS:
            raise ValidationError(f"未知的变更来源 (unknown change origin): {origin}")
        written = now_iso()
        if at is not None:
            at = _valid_time(at)
            note = f"{note}; {SYNCED_MARK}{written}" if note else f"{SYNCED_MARK}{written}"
        with self.transaction():
            first_seq = self.last_seq()
            batch_id = self.db.execute(
                "INSERT INTO change_batches (at, by, origin, file, sha256, sheet, as_of, note, source, first_seq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [at or written, self.default_author() if by is None else by, origin, file, sha256, sheet, as_of, note,
                 source, first_seq]).lastrowid
            self.db.execute("UPDATE change_context SET batch_id = ? WHERE id = 1", [batch_id])
            self._batch = batch_id
            try:
                yield batch_id
            finally:
                self._batch = None
            self.db.execute("UPDATE change_context SET batch_id = NULL WHERE id = 1")
            if origin != "import" and self.last_seq() == first_seq:
                self.db.execute("DELETE FROM change_batches WHERE id = ?", [batch_id])

    def current_batch(self) -> int | None:
        return self._batch

    def index_log_keys(self, index: dict) -> list[str]:
        """Every key the change log may have filed an index's quotes under: its code, its name (a
        quote written before the index had a code), #id, and each code and name it had before (its
        logged row images, found by its uid)."""
        keys = {k for k in (index.get("code"), index["name"], f"#{index['id']}") if k}
        if index.get("uid"):
            for row in self.rows("SELECT old, new FROM change_log WHERE entity = 'indices' AND key1 = ?",
                                 [index["uid"]]):
                for blob in (row["old"], row["new"]):
                    if blob:
                        was = json.loads(blob)
                        keys.update(k for k in (was.get("code"), was.get("name")) if k)
        return sorted(keys)

    def quote_history(self, index: dict, day: str, field: str) -> list[dict]:
        """Every change of one index's ``field`` ("close" or "change") on ``day``, oldest first, under
        any key the log filed it under (``index_log_keys``); each entry as ``history`` gives it."""
        keys = self.index_log_keys(index)
        marks = ",".join("?" * len(keys))
        return self.rows(self._HISTORY_SQL + f"WHERE l.entity = 'quote' AND l.key1 IN ({marks}) AND l.key2 = ? "
                         "AND l.key3 = ? AND " + self._CHANGED + "ORDER BY l.seq", [*keys, day, field])

    _CHANGES_SQL = (
        "SELECT l.seq, l.batch_id, l.entity, l.key1, l.key2, l.key3, l.op, l.old, l.new, "
        "coalesce(l.source, b.source) AS source, coalesce(l.as_of, b.as_of) AS as_of, l.src_row AS row, "
        "l.src_col AS col, coalesce(b.origin, 'external') AS origin, b.at, b.by, b.file, b.sha256, b.sheet, "
        "b.as_of AS batch_as_of, b.note "
        "FROM change_log l LEFT JOIN change_batches b ON b.id = l.batch_id WHERE l.seq > :seq")
    _RUN_CHANGES_SQL = (
        "SELECT f.log_mark, r.batch_id, 'fact', f.ticker, f.metric, f.period, 'insert', NULL, f.value, "
        "coalesce(f.source, b.source), coalesce(f.as_of, b.as_of), f.src_row, f.src_col, b.origin, b.at, b.by, "
        "b.file, b.sha256, b.sheet, b.as_of, b.note " + StoreReads._RUN_FACTS + "AND f.log_mark > :seq")

    def changes_since(self, seq: int, limit: int | None = None) -> list[dict]:
        """The change log after ``seq``, in seq order, with each change's batch (for synchronisation).

        Each: seq, batch_id, entity, key1, key2, key3, op, old, new, source, as_of, row, col and
        the batch's origin, at, by, file, sha256, sheet, batch_as_of, note. The insert entries
        of runs of new facts are included as if they were logged rows.
        """
        sql = self._CHANGES_SQL
        params: dict = {"seq": int(seq)}
        if self._runs_after(seq):
            runs = self._RUN_CHANGES_SQL
            if limit is not None and limit > 0:
                # the first ``limit`` entries lie at or before the limit-th logged one: derive no
                # entries of runs past it (a million-fact store is not sorted for ten changes)
                bound = self.scalar("SELECT seq FROM change_log WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?",
                                    [int(seq), int(limit) - 1])
                if bound is not None:
                    runs += " AND f.log_mark <= :bound"
                    params["bound"] = bound
            sql = f"SELECT * FROM ({sql} UNION ALL {runs})"
        sql += " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = int(limit)
        return [dict(r) for r in self.db.query(sql, params)]

    def _runs_after(self, seq: int) -> bool:
        return bool(self.scalar("SELECT EXISTS (SELECT 1 FROM change_runs WHERE last_seq > ?)", [int(seq)]))

    def run_entries(self, after: int, upto: int | None = None) -> Iterator[tuple]:
        """(seq, ticker, metric, period, origin) of the new facts recorded in runs after ``after``
        (up to ``upto``) that no logged row covers yet: the changes a run stands for."""
        if not self._runs_after(after):
            return iter(())
        sql = "SELECT f.log_mark, f.ticker, f.metric, f.period, b.origin " + self._RUN_FACTS + "AND f.log_mark > ?"
        params = [int(after)]
        if upto is not None:
            sql += " AND f.log_mark <= ?"
            params.append(int(upto))
        return self.db.execute(sql, params)

    def unlogged_facts(self, key: tuple[str, str, str] | None = None, limit: int | None = None) -> list[dict]:
        """Facts whose current value no change-log entry accounts for (ticker, metric, period, value).

        The change log covers every write the workbench makes and every raw UPDATE or DELETE
        (triggers log them as written outside the workbench); a raw INSERT (or INSERT OR REPLACE)
        into the file leaves a fact that neither a run of new facts nor the fact's latest logged
        entry explains, or, once a desk sync has logged it (``sync_state.log_outside_inserts``),
        one whose latest entry is that insert, with no batch. Checked on demand (``workbench
        verify``, a figure's trace), never while importing. ``key`` checks one fact.
        """
        sql = ("SELECT f.ticker, f.metric, f.period, f.value FROM facts f WHERE NOT (f.log_mark IS NOT NULL AND "
               "EXISTS (SELECT 1 FROM change_runs r WHERE r.first_seq = (SELECT max(first_seq) FROM change_runs "
               "WHERE first_seq <= f.log_mark) AND f.log_mark <= r.last_seq) AND NOT EXISTS (SELECT 1 FROM "
               "change_log WHERE seq = f.log_mark)) "
               # the latest logged entry of the fact must have left it at its value (rows that only name
               # a fact, as joining a desk writes them, say nothing of its value)
               "AND NOT EXISTS (SELECT 1 FROM (SELECT l.op, l.new, l.batch_id FROM change_log l "
               "WHERE l.key1 = f.ticker AND l.key2 = f.metric AND l.key3 = f.period AND l.entity = 'fact' "
               "AND NOT (l.op = 'insert' AND l.new IS NULL) ORDER BY l.seq DESC LIMIT 1) e "
               "WHERE e.op != 'delete' AND e.new IS f.value AND NOT (e.op = 'insert' AND NOT EXISTS "
               "(SELECT 1 FROM change_batches b WHERE b.id = e.batch_id)))")
        return self._facts_where(sql, key, limit)

    def externally_changed_facts(self, key: tuple[str, str, str] | None = None, limit: int | None = None
                                 ) -> list[dict]:
        """Facts whose current value a write outside the workbench left (ticker, metric, period, value).

        A raw UPDATE of the file is logged by the triggers with no batch (origin 'external'): the
        fact's latest logged entry is that write and it left the fact at its value (an insert
        logged with no batch is a fact written outside the workbench: ``unlogged_facts``). Checked
        on demand (``workbench verify``), like ``unlogged_facts``. ``key`` checks one fact.
        """
        # only the facts a write outside the workbench touched at all (one pass over the log), then
        # whether that write is the fact's latest entry
        sql = ("SELECT f.ticker, f.metric, f.period, f.value FROM facts f WHERE (f.ticker, f.metric, f.period) IN "
               "(SELECT x.key1, x.key2, x.key3 FROM change_log x WHERE x.entity = 'fact' AND NOT EXISTS "
               "(SELECT 1 FROM change_batches b WHERE b.id = x.batch_id)) AND EXISTS (SELECT 1 FROM "
               "(SELECT l.seq, l.op, l.new, l.batch_id FROM change_log l WHERE l.key1 = f.ticker "
               "AND l.key2 = f.metric AND l.key3 = f.period AND l.entity = 'fact' "
               "AND NOT (l.op = 'insert' AND l.new IS NULL) ORDER BY l.seq DESC LIMIT 1) e "
               "WHERE e.op = 'update' AND e.new IS f.value AND (f.log_mark IS NULL OR e.seq >= f.log_mark) "
               "AND NOT EXISTS (SELECT 1 FROM change_batches b WHERE b.id = e.batch_id))")
        return self._facts_where(sql, key, limit)

    #: How far back a batch written here may be dated against the one logged before it (a clock set
    #: back by a few minutes) before it is taken for one slipped in behind the workbench's back.
    BATCH_CLOCK_SLACK_SECONDS = 3600

    def schema_drift(self) -> dict[str, list[str]]:
        """How this store's triggers and views differ from those this release's schema history
        makes (``schema_triggers``): ``missing``, ``altered`` and ``added`` triggers (temporary
        ones too) and ``views`` (the schema makes none). A trigger removed or altered lets a
        published record or a figure change unlogged; one added can drop the log's entries."""
        have = {r["name"]: r["sql"] for r in self.rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
        temp = [r["name"] for r in self.rows("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'")]
        expected = schema_triggers()
        return {"missing": sorted(n for n in expected if n not in have),
                "altered": sorted(n for n in expected if n in have and have[n] != expected[n]),
                "added": sorted(n for n in have if n not in expected) + sorted(temp),
                "views": sorted(r["name"] for r in self.rows("SELECT name FROM sqlite_master WHERE type = 'view'"))}

    def unproven_batches(self) -> dict[int, str]:
        """Batches the change log points at that the workbench cannot have written: id -> why.

        An ``import`` batch whose import left no import_log row naming it with the same file and
        SHA-256; a batch written here (not one taken from the desk, dated on its workstation)
        dated in the future, or more than BATCH_CLOCK_SLACK_SECONDS before the batch written
        here ahead of it in the log. A raw write that points the log at such a batch
        (``change_context``) would otherwise pass for an import or an edit; its figures are taken
        as changed outside the workbench (``facts_on_batches``).
        """
        problems: dict[int, str] = {}
        for r in self.rows(
                "SELECT b.id, b.file FROM change_batches b WHERE b.origin = 'import' AND NOT EXISTS "
                "(SELECT 1 FROM import_log i WHERE i.batch_id = b.id AND (b.file IS NULL OR i.file = b.file) "
                "AND (b.sha256 IS NULL OR i.sha256 = b.sha256))"):
            what = f"文件 {r['file']}" if r["file"] else "数据"
            problems[r["id"]] = (f"自称导入{what}，但导入记录中没有这次导入 (it claims an import"
                                 f"{' of ' + repr(r['file']) if r['file'] else ''}, but no import recorded one)")
        latest = None
        future = datetime.now(timezone.utc).timestamp() + 86400
        for r in self.rows("SELECT id, at, note FROM change_batches ORDER BY first_seq, id"):
            if SYNCED_MARK in (r["note"] or ""):
                continue
            try:
                at = datetime.fromisoformat(r["at"])
                if at.tzinfo is None:
                    at = at.astimezone()
                stamp = at.timestamp()
            except (TypeError, ValueError):
                problems.setdefault(r["id"], f"时间无法识别 (its time cannot be read): {r['at']!r}")
                continue
            if stamp > future:
                problems.setdefault(r["id"], f"时间在未来 (dated in the future): {r['at']}")
                continue
            if latest is not None and stamp < latest[0] - self.BATCH_CLOCK_SLACK_SECONDS:
                problems.setdefault(r["id"], f"时间 {r['at']} 早于记录中在它之前的批次 #{latest[1]} ({latest[2]}) "
                                             f"(dated before the batch logged ahead of it)")
                continue
            if latest is None or stamp > latest[0]:
                latest = (stamp, r["id"], r["at"])
        return problems

    def facts_on_batches(self, batch_ids: Iterable[int], key: tuple[str, str, str] | None = None,
                         limit: int | None = None) -> list[dict]:
        """Facts whose current value the latest logged change of one of ``batch_ids`` left, or which
        one of them wrote new as a run and nothing changed since (ticker, metric, period, value,
        batch_id)."""
        ids = sorted({int(i) for i in batch_ids})
        if not ids:
            return []
        marks = ",".join(str(i) for i in ids)
        sql = ("SELECT * FROM (SELECT f.ticker, f.metric, f.period, f.value, e.batch_id FROM facts f JOIN "
               "(SELECT l.key1, l.key2, l.key3, l.op, l.new, l.batch_id FROM change_log l "
               f"WHERE l.entity = 'fact' AND (l.key1, l.key2, l.key3) IN (SELECT key1, key2, key3 FROM change_log "
               f"WHERE batch_id IN ({marks}) AND entity = 'fact') AND NOT (l.op = 'insert' AND l.new IS NULL) "
               "AND l.seq = (SELECT max(m.seq) FROM change_log m WHERE m.entity = 'fact' AND m.key1 = l.key1 "
               "AND m.key2 = l.key2 AND m.key3 = l.key3 AND NOT (m.op = 'insert' AND m.new IS NULL))) e "
               f"ON e.key1 = f.ticker AND e.key2 = f.metric AND e.key3 = f.period "
               f"WHERE e.batch_id IN ({marks}) AND e.op != 'delete' AND e.new IS f.value "
               # a run's new facts carry no log entry of their own until they first change
               "UNION ALL SELECT f.ticker, f.metric, f.period, f.value, r.batch_id FROM facts f JOIN change_runs r "
               f"ON f.log_mark BETWEEN r.first_seq AND r.last_seq WHERE r.batch_id IN ({marks}) "
               "AND NOT EXISTS (SELECT 1 FROM change_log l WHERE l.seq = f.log_mark)) f WHERE 1")
        return self._facts_where(sql, key, limit)

    def _facts_where(self, sql: str, key: tuple[str, str, str] | None, limit: int | None) -> list[dict]:
        """``sql`` (a SELECT of facts ``f`` with its WHERE) for one fact or all, in key order."""
        params: list = []
        if key is not None:
            sql += " AND f.ticker = ? AND f.metric = ? AND f.period = ?"
            params += list(key)
        sql += " ORDER BY f.ticker, f.metric, f.period"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self.rows(sql, params)

    def last_seq(self) -> int:
        """The newest change's seq (0 for an empty log), the seqs reserved by runs of new facts included."""
        return self.scalar("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'change_log'), 0), "
                           "coalesce((SELECT max(seq) FROM change_log), 0))")

    def _insert_new_facts(self, columns: Sequence[str], rows: Iterable[tuple], constants: dict | None = None
                          ) -> int:
        """Insert the rows whose key is not stored yet as one run of new facts; returns how many.

        ``rows`` hold the values of ``columns``; ``constants`` are columns with one value for
        every row, written into the statement once instead of bound on every row. Each new fact
        gets the next seq as its mark (``total_changes()`` counts the rows this statement
        inserted so far: rows that already exist are skipped and take no seq), and the run
        (batch, first and last seq) reserves those seqs in the change log. Writing nothing per
        value is what keeps a million-row import cheap; updates are logged by triggers.
        """
        if self._batch is None:
            raise RuntimeError("new facts are written inside a change batch")
        conn = self.db.conn
        first = self.last_seq() + 1
        before = conn.total_changes
        constants = constants or {}
        names = ", ".join([*columns, *constants])
        shared = [self._literal(v) for v in constants.values()]
        added = 0
        # (the rows in groups by which of their values are None, each written as NULL: sqlite3 binds a
        # None far slower than a value, a second a million rows; the seqs run on across the groups)
        for nulls, group in _by_nulls(columns, rows):
            values = ", ".join(["NULL" if i in nulls else "?" for i in range(len(columns))] + shared)
            added += conn.executemany(
                f"INSERT INTO facts ({names}, log_mark) VALUES ({values}, "
                f"{first - before} + total_changes()) ON CONFLICT(ticker, metric, period) DO NOTHING", group).rowcount
        used = conn.total_changes - before
        if self.last_seq() != first - 1:  # something logged while the run was written: its seqs are not free
            raise RuntimeError("the change log grew while new facts were written")
        if used:
            self._record_run(first, first + used - 1)
        return added

    def _reserve_run(self, count: int) -> int:
        """Reserve the next ``count`` seqs as a run of new facts of the current batch; returns the
        first. The caller inserts those facts, marked with these seqs, in the same transaction
        (``_insert_new_facts`` does both at once: this is for facts of several batches inserted in
        one pass)."""
        if self._batch is None:
            raise RuntimeError("new facts are written inside a change batch")
        first = self.last_seq() + 1
        self._record_run(first, first + count - 1)
        return first

    def _record_run(self, first: int, last: int) -> None:
        """Record the seqs first..last as a run of new facts of the current batch, and take them from
        the change log's sequence (the log's next entry comes after them)."""
        self.db.execute("INSERT INTO change_runs (first_seq, last_seq, batch_id) VALUES (?, ?, ?)",
                        [first, last, self._batch])
        if not self.db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'change_log'", [last]).rowcount:
            self.db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('change_log', ?)", [last])

    # ------------------------------------------------------------------ house

    def update_house(self, **fields) -> None:
        unknown = set(fields) - set(HOUSE_TEXT_FIELDS) - set(HOUSE_JSON_FIELDS)
        if unknown:
            raise ValidationError(f"未知的机构字段 (unknown house fields): {sorted(unknown)}")
        if "number_style" in fields:  # stored only when it is a style the report can print
            fields["number_style"] = NumberStyle.from_dict(fields["number_style"]).to_dict()
        stored = self.house()  # a field given its stored value is no change: nothing logged, nothing to sync
        values = {k: (json.dumps(v, ensure_ascii=False) if k in HOUSE_JSON_FIELDS else v)
                  for k, v in fields.items() if not _same_house_value(k, stored.get(k), v)}
        if values:
            self.db["house"].update(1, values)

    # ------------------------------------------------------------------ analysts
    def add_analyst(self, name: str, sac_no: str, contact: str | None = None) -> int:
        if not name.strip():
            raise ValidationError("分析师姓名为空 (analyst name is empty)")
        sac = validate_sac(sac_no)
        existing = self.rows("SELECT id, name FROM analysts WHERE sac_no = ?", [sac])
        if existing:  # never a silent rename: editing is update_analyst (analyst edit)
            raise ValidationError(f"执业证书编号已登记给 #{existing[0]['id']} {existing[0]['name']}；修改请用 analyst edit "
                                  f"(SAC number already registered to #{existing[0]['id']} {existing[0]['name']}; "
                                  f"use analyst edit to change it): {sac}")
        return self.db["analysts"].insert({"name": name.strip(), "sac_no": sac, "contact": contact}).last_pk

    def update_analyst(self, analyst_id: int, *, name: str | None = None, sac_no: str | None = None,
                       contact: str | None = None) -> None:
        """Change an analyst's name, SAC number or contact (validated; SAC numbers stay unique)."""
        stored = self.analyst(analyst_id)
        values: dict = {}
        if name is not None:
            if not name.strip():
                raise ValidationError("分析师姓名为空 (analyst name is empty)")
            values["name"] = name.strip()
        if sac_no is not None:
            sac = validate_sac(sac_no)
            other = self.scalar("SELECT id FROM analysts WHERE sac_no = ? AND id != ?", [sac, analyst_id])
            if other:
                raise ValidationError(f"执业证书编号重复 (SAC number already registered): {sac}")
            values["sac_no"] = sac
        if contact is not None:
            values["contact"] = contact.strip() or None
        # a field given its stored value is no change: nothing logged, nothing to sync
        values = {k: v for k, v in values.items() if stored.get(k) != v}
        if values:
            self.db["analysts"].update(analyst_id, values)

    def delete_analyst(self, analyst_id: int) -> None:
        """Remove an analyst who signs no issue (published issues must keep their signatures)."""
        self.analyst(analyst_id)
        used = self.scalar("SELECT count(*) FROM issue_analysts WHERE analyst_id = ?", [analyst_id])
        if used:
            raise ValidationError(f"该分析师署名了 {used} 期周报，不能删除 (the analyst signs {used} issue(s))")
        self.db.execute("DELETE FROM analysts WHERE id = ?", [analyst_id])

    # ------------------------------------------------------------------ segments and companies
    def segment_id(self, name: str | None, *, create: bool = True) -> int | None:
        if name is None or not str(name).strip():
            return None
        name = str(name).strip()
        found = self.scalar("SELECT id FROM segments WHERE name = ?", [name])
        if found or not create:
            return found
        pos = self.scalar("SELECT coalesce(max(position), -1) + 1 FROM segments")
        return self.db["segments"].insert({"name": name, "position": pos}).last_pk

    def reorder_segments(self, names: list[str]) -> None:
        with self.transaction():
            for pos, name in enumerate(names):
                self.db.execute("UPDATE segments SET position = ? WHERE name = ?", [pos, name])

    def upsert_companies(self, rows: Iterable[dict]) -> Counts:
        """Insert or update companies; fields left None keep their stored value."""
        counts = Counts()
        with self.batch("system"):
            current = {r["ticker"]: r for r in self.rows("SELECT * FROM companies")}
            next_pos = self.scalar("SELECT coalesce(max(position), -1) + 1 FROM companies")
            new_rows, new_tickers = [], set()
            for row in rows:
                ticker = normalize_ticker(row["ticker"])
                values = {k: row.get(k) for k in ("name", "full_name", "industry") if row.get(k) not in (None, "")}
                if row.get("segment") not in (None, ""):
                    values["segment_id"] = self.segment_id(row["segment"])
                cur = current.get(ticker)
                if cur is None:
                    if not values.get("name"):
                        raise ValidationError(f"{ticker}: 公司简称为空 (company name is empty)")
                    cur = {"ticker": ticker, "position": next_pos, "full_name": None, "segment_id": None,
                           "industry": None, **values}
                    current[ticker] = cur
                    new_rows.append(cur)
                    new_tickers.add(ticker)
                    next_pos += 1
                    counts.added += 1
                    continue
                changed = {k: v for k, v in values.items() if cur.get(k) != v}
                if changed:
                    cur.update(changed)
                    if ticker not in new_tickers:
                        self.db["companies"].update(ticker, changed)
                        counts.updated += 1
                elif ticker not in new_tickers:
                    counts.unchanged += 1
            if new_rows:
                self.db["companies"].insert_all(new_rows)
        return counts

    def set_company_field(self, ticker: str, field: str, value) -> None:
        """Change one field of one company (the app's inline edit)."""
        if field not in ("name", "full_name", "segment", "industry"):
            raise ValidationError(f"不可编辑的字段 (field cannot be edited): {field}")
        self.company(ticker)
        if field == "name" and not (value or "").strip():
            raise ValidationError("公司简称不能为空 (company name cannot be empty)")
        with self.batch("edit"):
            if field == "segment":
                self.db["companies"].update(ticker, {"segment_id": self.segment_id(value)})
            else:
                self.db["companies"].update(ticker, {field: value if value != "" else None})

    def rename_ticker(self, old: str, new: str) -> None:
        new_t = normalize_ticker(new)
        if new_t == old:
            return
        if self.has_company(new_t):
            raise ValidationError(f"代码重复 (duplicate ticker): {new_t}")
        with self.batch("edit"):
            self.db.execute("PRAGMA defer_foreign_keys = ON")
            # (the company keeps the ticker it came from: on a desk, every note naming it follows)
            self.db.execute("UPDATE companies SET ticker = ?, formerly = ? WHERE ticker = ?", [new_t, old, old])
            self.db.execute("UPDATE facts SET ticker = ? WHERE ticker = ?", [new_t, old])
            self.db.execute("UPDATE note_companies SET ticker = ? WHERE ticker = ?", [new_t, old])
            self.db.execute("DELETE FROM company_renames WHERE old = ?", [new_t])
            self.db.execute("INSERT OR REPLACE INTO company_renames (old, new) VALUES (?, ?)", [old, new_t])
            self.rename_in_open_issues(old, new_t)

    def rename_in_open_issues(self, old: str, new: str, only: set[int] | None = None) -> None:
        """Drafts and issues in review name a renamed company by its new ticker: their themes' stocks, the
        comparison table's companies, a company's chart, and what an open correction takes (a final is
        the published record: it stays as published). ``only``: just these issues (inside the caller's
        batch)."""
        def swap(tickers):  # (a company named twice once)
            return list(dict.fromkeys(new if t == old else t for t in tickers))

        for (issue_id,) in self.db.execute("SELECT id FROM issues WHERE status IN ('draft', 'review')").fetchall():
            if only is not None and issue_id not in only:
                continue
            issue = self.issue(issue_id)
            changed = False
            for theme in issue.themes:
                if old in theme.tickers:
                    theme.tickers, changed = swap(theme.tickers), True
            if issue.table.tickers and old in issue.table.tickers:
                issue.table.tickers, changed = swap(issue.table.tickers), True
            for figure in issue.figures:
                if (figure.params or {}).get("ticker") == old:
                    figure.params, changed = {**figure.params, "ticker": new}, True
            if changed:
                self.save_issue(issue, keep_status=True)
            record = json.loads(self.scalar("SELECT correction FROM issues WHERE id = ?", [issue_id]) or "null")
            if isinstance(record, dict):
                moved = {part: [[new, *item[1:]] if item and item[0] == old else item for item in record.get(part) or []]
                         for part in ("take", "typed") if part in record}
                if any(moved[p] != record[p] for p in moved):
                    self.set_issue_correction(issue_id, {**record, **moved})

    def delete_companies(self, tickers: list[str]) -> list[dict]:
        """Delete companies with their facts; returns what was removed so it can be restored."""
        removed = []
        with self.batch("delete"):
            for t in tickers:
                comp = {**self.company(t), "formerly": self.scalar("SELECT formerly FROM companies WHERE ticker = ?", [t])}
                facts = self.rows("SELECT * FROM facts WHERE ticker = ?", [t])
                notes = [r[0] for r in self.db.execute("SELECT n.uid FROM note_companies nc JOIN notes n "
                                                       "ON n.id = nc.note_id WHERE nc.ticker = ? ORDER BY n.uid", [t])]
                removed.append({"company": comp, "facts": facts, "notes": notes})
                self.db.execute("DELETE FROM companies WHERE ticker = ?", [t])
        return removed

    def restore_companies(self, removed: list[dict]) -> None:
        with self.batch("undo"):
            for item in removed:
                comp = dict(item["company"])
                seg = comp.pop("segment")
                comp["segment_id"] = self.segment_id(seg)
                self.db["companies"].insert(comp)
                if item["facts"]:
                    self._insert_new_facts(_FACT_COLUMNS, [tuple(f.get(c) for c in _FACT_COLUMNS)
                                                           for f in item["facts"]])
                # the notes that named it name it again (those still here)
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO note_companies (note_id, ticker) SELECT id, ? FROM notes WHERE uid = ?",
                    [(comp["ticker"], uid) for uid in item.get("notes", ())])

    # ------------------------------------------------------------------ facts
    def write_facts(self, rows: "Sequence[tuple] | FactColumns", *, source: str | None = None,
                    as_of: str | None = None, origin: str = "system") -> Counts:
        """Write (ticker, metric, period, value) rows, 6-tuples adding source and as_of, or
        8-tuples adding the source cell (Excel row number, column header) of each value; or
        FactColumns (a bulk write: the same facts as columns).

        One transaction, logged in the current change batch (else a new one of ``origin``); a
        row equal to the stored value counts as unchanged and keeps its recorded source. If it
        comes with an as-of date after the stored one it confirms the value: the fact's as-of
        date moves to it (source and source cell, who first gave the value, stay) and the change
        log gets an update entry whose old and new value are the same, naming the confirming
        source, cell and date; otherwise it logs nothing. Tickers must already be companies in
        the store. A whole-number value is stored as a double, as the REAL column stores every
        number (``fact_value``: one no double can hold is refused naming the fact, nothing written);
        the value is not range-checked here (imports and edits do that; the export's preflight
        blocks a figure no report can print).
        """
        conn = self.db.conn
        if isinstance(rows, FactColumns):
            rows = rows.storable()
            names, full, constants = rows.split()
        else:
            width = len(rows[0]) if rows else 8
            if width == 8:
                full = rows
            elif width == 6:
                full = [(*r, None, None) for r in rows]
            else:
                full = [(*r, source, as_of, None, None) for r in rows]
            names, constants = _FACT_COLUMNS, {}
            full, unstorable = storable_facts(full)
            if unstorable:
                raise ValidationError(unstorable[0][1])
        if not len(rows):
            return Counts()
        # New facts first, as one run, without touching existing ones (no update trigger runs: a
        # plain upsert would pay for the triggers on every row); then only if some rows existed
        # already, the changed values, which the update trigger logs with their old values.
        place = {c: f"?{i}" for i, c in enumerate(names, 1)}
        place.update({c: self._literal(v) for c, v in constants.items()})
        update = (f"UPDATE facts SET {', '.join(f'{c} = {place[c]}' for c in _FACT_COLUMNS[3:])} WHERE "
                  f"ticker = ?1 AND metric = ?2 AND period = ?3 AND value IS NOT {place['value']}")
        confirmed = 0
        own = self._batch is None
        with self.batch(origin) as batch_id:
            added = self._insert_new_facts(names, full, constants)
            if added < len(rows):
                updated = conn.executemany(update, full).rowcount
                # a row can confirm a stored value only where it neither added nor changed a fact: when
                # every row did one or the other under one as-of date, every fact written carries that
                # date and none is dated before it (the pass over the rows is saved)
                if added + updated < len(rows) or not _one_as_of(names, full, constants):
                    confirmed = self._confirm_facts(place, full)
            else:
                updated = 0
            counts = Counts(added=added, updated=updated, unchanged=len(rows) - added - updated, confirmed=confirmed)
            if own and origin == "import":  # an import through this call (a script): recorded as one
                self.log_import(source or "", "", "facts", counts, batch_id)
        return counts

    def _confirm_facts(self, place: dict, rows) -> int:
        """Log and apply the confirmations among ``rows`` (stored value, newer as-of date); returns how many.

        The rows go into a temporary table and one statement logs every confirmation (a statement
        per row would update the log's sequence once per row), then one statement moves the facts'
        as-of dates to the dates those entries name (a run's insert entry is kept by the fact's
        update trigger before that). Nothing is done when no stored fact is dated before the rows."""
        as_of = place["as_of"]
        if as_of == "NULL":
            return 0
        if not as_of.startswith("?") and not self.scalar(
                f"SELECT EXISTS (SELECT 1 FROM facts WHERE as_of IS NULL OR as_of < {as_of})"):
            return 0
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS confirm_facts (ticker, metric, period, value, source, as_of, "
                   "src_row, src_col)")
        db.execute("DELETE FROM temp.confirm_facts")
        db.conn.executemany(f"INSERT INTO temp.confirm_facts VALUES ({', '.join(place[c] for c in _FACT_COLUMNS)})",
                            rows)
        since = self.last_seq()
        confirmed = db.execute(
            "INSERT INTO change_log (batch_id, entity, key1, key2, key3, op, old, new, source, as_of, src_row, "
            f"src_col) SELECT {self._batch}, 'fact', f.ticker, f.metric, f.period, 'update', f.value, f.value, "
            "c.source, c.as_of, c.src_row, c.src_col FROM temp.confirm_facts c JOIN facts f ON f.ticker = c.ticker "
            "AND f.metric = c.metric AND f.period = c.period WHERE c.as_of IS NOT NULL AND (f.as_of IS NULL OR "
            "f.as_of < c.as_of) AND f.value IS c.value ORDER BY c.rowid").rowcount
        db.execute("DELETE FROM temp.confirm_facts")
        if confirmed:
            db.execute(
                "UPDATE facts SET as_of = l.as_of FROM (SELECT key1, key2, key3, as_of FROM change_log WHERE "
                "seq > ? AND batch_id = ? AND entity = 'fact' AND op = 'update' AND old IS new) l "
                "WHERE facts.ticker = l.key1 AND facts.metric = l.key2 AND facts.period = l.key3",
                [since, self._batch])
        return confirmed

    def facts_dated_after(self, as_of: str) -> list[tuple]:
        """(ticker, metric, period, value, as_of) of the facts whose as-of date is after ``as_of``."""
        return self.db.execute("SELECT ticker, metric, period, value, as_of FROM facts WHERE as_of > ?",
                               [as_of]).fetchall()

    def _literal(self, value) -> str:
        """A value as an SQL literal, quoted by SQLite itself (for values shared by every row of a bulk write)."""
        if isinstance(value, str) and "\x00" in value:  # SQLite's quote() would cut the text there
            raise ValueError("a text with a NUL character is bound, not written as a literal")
        return self.scalar("SELECT quote(?)", [value])

    def set_fact(self, ticker: str, metric: str, period: str, value: float | None,
                 source: str = "手工录入", as_of: str | None = None) -> None:
        """One fact edited by hand; None removes it (missing is absent, never 0)."""
        value = fact_value(value, (ticker, metric, period))
        with self.batch("edit"):
            if value is None:
                self.db.execute("DELETE FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                                [ticker, metric, period])
                return
            row = (ticker, metric, period, value, source, as_of or datetime.now().date().isoformat(), None, None)
            if not self._insert_new_facts(_FACT_COLUMNS, [row]):
                self.db.execute("UPDATE facts SET value = ?4, source = ?5, as_of = ?6, src_row = NULL, "
                                "src_col = NULL WHERE ticker = ?1 AND metric = ?2 AND period = ?3", row[:6])

    def restore_fact(self, row: dict | None, key: tuple[str, str, str]) -> None:
        """Put a fact back exactly as it was (undo); ``row`` None means it did not exist."""
        with self.batch("undo"):
            if row is None:
                self.db.execute("DELETE FROM facts WHERE ticker = ? AND metric = ? AND period = ?", list(key))
                return
            full = (*key, *(row.get(c) for c in _FACT_COLUMNS[3:]))
            if not self._insert_new_facts(_FACT_COLUMNS, [full]):
                self.db.execute("UPDATE facts SET value = ?4, source = ?5, as_of = ?6, src_row = ?7, src_col = ?8 "
                                "WHERE ticker = ?1 AND metric = ?2 AND period = ?3", full)

    # ------------------------------------------------------------------ indices and quotes
    def upsert_index(self, name: str, code: str | None = None, name_en: str | None = None,
                     is_benchmark: bool | None = None, sample: bool | None = None) -> int:
        with self.transaction():  # a benchmark switch lands whole: never two benchmarks
            return self._upsert_index(name.strip(), code, name_en, is_benchmark, sample)

    def _upsert_index(self, name: str, code: str | None, name_en: str | None, is_benchmark: bool | None,
                      sample: bool | None) -> int:
        row = None
        if code:
            row = self.rows("SELECT * FROM indices WHERE code = ?", [code])
        if not row:
            row = self.rows("SELECT * FROM indices WHERE name = ?", [name])
        values = {"name": name}
        if code:
            values["code"] = code
        if name_en:
            values["name_en"] = name_en
        if is_benchmark is not None:
            values["is_benchmark"] = int(is_benchmark)
        if sample is not None:
            values["sample"] = int(sample)
        if row:
            index_id = row[0]["id"]
            if any(row[0].get(k) != v for k, v in values.items()):  # an unchanged index writes (and logs) nothing
                self.db["indices"].update(index_id, values)
        else:
            values["position"] = self.scalar("SELECT coalesce(max(position), -1) + 1 FROM indices")
            index_id = self.db["indices"].insert(values).last_pk
        if is_benchmark is None and code == DEFAULT_BENCHMARK and self.benchmark() is None:
            is_benchmark = True  # the CSI 300 is the A-share benchmark until the house says otherwise
        if is_benchmark:
            self.set_benchmark(index_id)
        return index_id

    def set_index_code(self, index_id: int, code: str | None) -> str | None:
        """Give an index its code (``000300.SH``), validated and unique; None or '' removes it."""
        from workbench.domain.tickers import normalize_index_code

        norm = normalize_index_code(code)
        with self.transaction():
            row = self.rows("SELECT * FROM indices WHERE id = ?", [index_id])
            if not row:
                raise NotFound(f"没有该指数 (no index) #{index_id}")
            if norm is not None:
                other = self.rows("SELECT * FROM indices WHERE code = ? AND id != ?", [norm, index_id])
                if other:
                    raise ValidationError(f"代码 {norm} 已属于指数“{other[0]['name']}” (the code {norm} already "
                                          f"belongs to the index {other[0]['name']}; merge the two instead)")
            self.db.execute("UPDATE indices SET code = ? WHERE id = ?", [norm, index_id])
        return norm

    def merge_indices(self, keep_id: int, drop_id: int, *, by: str | None = None) -> int:
        """Move ``drop_id``'s quotes to ``keep_id`` and remove it, in one transaction; returns the
        number of quotes moved. Closes that differ on the same date are refused, naming them; the
        benchmark flag, a code and an English name the kept index lacks come over.

        The merge is one change batch (origin ``merge``) whose log holds everything needed to undo
        it (``unmerge_indices``): the removed index's row image, each of its quotes with its old
        values (moved ones as a delete and an insert under the kept index, a copy the kept index
        already held with the same values as a delete) and the kept index's fields before."""
        if keep_id == drop_id:
            raise ValidationError("不能把指数与自身合并 (an index cannot be merged with itself)")
        names = {r["id"]: r["name"] for r in self.rows("SELECT id, name FROM indices WHERE id IN (?, ?)",
                                                        [keep_id, drop_id])}
        note = (f"合并指数 (index merge): “{names.get(drop_id, drop_id)}” -> “{names.get(keep_id, keep_id)}”"
                if len(names) == 2 else None)
        with self.batch("merge", by=by, note=note):  # the quotes moved are logged as one merge
            keep = self.rows("SELECT * FROM indices WHERE id = ?", [keep_id])
            drop = self.rows("SELECT * FROM indices WHERE id = ?", [drop_id])
            if not keep or not drop:
                raise NotFound(f"没有该指数 (no index) #{keep_id if not keep else drop_id}")
            keep, drop = keep[0], drop[0]
            clashes = self.rows(
                "SELECT k.date, k.close AS keep_close, d.close AS drop_close, k.change AS keep_change, "
                "d.change AS drop_change FROM quotes k JOIN quotes d ON d.date = k.date "
                "WHERE k.index_id = ? AND d.index_id = ? AND (k.close IS NOT d.close OR k.change IS NOT d.change) "
                "ORDER BY k.date", [keep_id, drop_id])
            if clashes:
                listed = "; ".join(f"{c['date']}: {c['keep_close']:g} / {c['drop_close']:g}" for c in clashes[:10])
                more = f" 等 {len(clashes)} 天 ({len(clashes)} dates)" if len(clashes) > 10 else ""
                raise ValidationError(
                    f"“{keep['name']}”与“{drop['name']}”在同一日期有不同的行情，未合并 (the two indices have "
                    f"different quotes on the same dates; nothing was merged): {listed}{more}")
            self.db.execute("DELETE FROM quotes WHERE index_id = ? AND date IN "
                            "(SELECT date FROM quotes WHERE index_id = ?)", [drop_id, keep_id])
            moved = self.db.execute("UPDATE quotes SET index_id = ? WHERE index_id = ?", [keep_id, drop_id]).rowcount
            self.db.execute("DELETE FROM indices WHERE id = ?", [drop_id])
            values = {}
            if not keep["code"] and drop["code"]:
                values["code"] = drop["code"]
            if not keep["name_en"] and drop["name_en"]:
                values["name_en"] = drop["name_en"]
            if drop["is_benchmark"]:
                values["is_benchmark"] = 1
            if drop["sample"] and not keep["sample"]:
                values["sample"] = 1  # the merged history holds sample data
            if values:
                self.db["indices"].update(keep_id, values)
        return moved

    _MERGE_SQL = (
        "SELECT l.batch_id, l.old, b.at, b.by, b.origin FROM change_log l JOIN change_batches b ON b.id = l.batch_id "
        "WHERE l.entity = 'indices' AND l.op = 'delete' AND b.origin IN ('merge', 'redo') ")

    def index_merges(self, name_or_code: str | None = None) -> list[dict]:
        """The merges in the change log, newest first: batch_id, at, by, the removed index's row
        (``dropped``: name, code, uid, ...) and, for a merge undone since (the index came back, by
        ``unmerge_indices`` or Undo), when and by whom (``undone``: at, by; else None);
        ``name_or_code`` keeps those that removed it."""
        sql, params = self._MERGE_SQL, []
        if name_or_code is not None:
            sql += "AND (json_extract(l.old, '$.name') = ? OR json_extract(l.old, '$.code') = ?) "
            params = [name_or_code.strip(), name_or_code.strip()]
        out, later = [], set()  # (the removed indices a newer merge removed again: each such merge was undone)
        present = {r["uid"] for r in self.rows("SELECT uid FROM indices WHERE uid IS NOT NULL")}
        for r in self.rows(sql + "ORDER BY l.seq DESC", params):
            dropped = json.loads(r.pop("old"))
            uid = dropped.get("uid")
            undone = None
            if uid and (uid in present or uid in later):  # the index came back after this merge
                undone = self.rows(
                    "SELECT b.at, b.by FROM change_log l JOIN change_batches b ON b.id = l.batch_id "
                    "WHERE l.entity = 'indices' AND l.op = 'insert' AND json_extract(l.new, '$.uid') = ? "
                    "AND l.batch_id > ? ORDER BY l.seq LIMIT 1", [uid, r["batch_id"]])
                undone = undone[0] if undone else {"at": None, "by": None}
            if uid:
                later.add(uid)
            out.append({**r, "dropped": dropped, "undone": undone})
        return out

    def unmerge_indices(self, batch_id: int, *, keep_id: int | None = None, by: str | None = None,
                        row_id: int | None = None) -> dict:
        """Undo the index merge logged as change batch ``batch_id``, in one transaction.

        The removed index comes back (same uid, name, code, flags), exactly the quotes that came
        from it move back from the kept index (with their sources and cells), a copy the kept
        index already held on the same date is restored to it as well, and the kept index's
        code, English name and flags go back to what they were where the merge set them and
        nothing changed them since. Refused, with the store unchanged, when a moved quote was
        edited or deleted since (the dates are named), when the index was restored already or
        merged again later, or when its name or code now belongs to another index. ``keep_id``
        names the kept index where the log cannot (it names it by its code or name at the time);
        ``row_id``, the row number the index had, brings it back under that number if it is free.
        Returns {"index_id", "name", "moved", "copied"}.
        """
        merges = [m for m in self.index_merges() if m["batch_id"] == batch_id]
        if not merges:
            raise NotFound(f"变更批次 {batch_id} 不是指数合并 (change batch {batch_id} is no index merge)")
        dropped = merges[0]["dropped"]
        uid, name, code = dropped.get("uid"), dropped["name"], dropped.get("code")
        with self.batch("undo", by=by, note=f"撤销合并 (index unmerge): “{name}” (批次 batch {batch_id})"):
            if uid and self.scalar("SELECT 1 FROM indices WHERE uid = ?", [uid]):
                raise ValidationError(f"指数“{name}”已恢复，无需撤销合并 (the index {name} is already restored)")
            later = self.scalar("SELECT max(batch_id) FROM change_log WHERE entity = 'indices' AND op = 'delete' "
                                "AND key1 = ?", [uid]) if uid else None
            if later is not None and later != batch_id:
                raise ValidationError(f"指数“{name}”之后又被合并或删除 (批次 {later})，请先撤销那一次 (the index {name} "
                                      f"was merged or removed again later, in batch {later}; undo that one first)")
            # what the merge logged: the removed index's quotes and the dates moved to the kept index
            quotes: dict[str, dict] = {}
            moved_dates: set[str] = set()
            keep_key = None
            for e in self.rows("SELECT key1, key2, key3, op, old, new, source, src_row, src_col FROM change_log "
                               "WHERE batch_id = ? AND entity = 'quote' ORDER BY seq", [batch_id]):
                if e["op"] == "delete":
                    q = quotes.setdefault(e["key2"], {"close": None, "change": None, "source": e["source"],
                                                      "src_row": None, "src_close_col": None, "src_change_col": None})
                    q[e["key3"]] = e["old"]
                    # the file cell (a merge logged before the store recorded it on deletes: none)
                    if e["key3"] in ("close", "change"):
                        q["src_row"] = q["src_row"] if e["src_row"] is None else e["src_row"]
                        q[f"src_{e['key3']}_col"] = e["src_col"]
                elif e["op"] == "insert":
                    moved_dates.add(e["key2"])
                    keep_key = e["key1"]
            keep = self._merge_kept_index(batch_id, keep_id, keep_key, bool(moved_dates))
            # the moved quotes must still be on the kept index as they were moved
            changed = []
            for date in sorted(moved_dates):
                now = self.rows("SELECT close, change FROM quotes WHERE index_id = ? AND date = ?", [keep["id"], date])
                q = quotes.get(date)
                if q is None or not now or now[0]["close"] != q["close"] or now[0]["change"] != q["change"]:
                    changed.append(date)
            if changed:
                listed = ", ".join(changed[:10]) + (f" 等 {len(changed)} 天 ({len(changed)} dates)"
                                                     if len(changed) > 10 else "")
                raise ValidationError(
                    f"合并后这些日期的行情已被修改或删除，未撤销合并 (quotes moved by the merge were changed or deleted "
                    f"since; nothing was undone): “{keep['name'] if keep else ''}” {listed}")
            # the kept index's fields go back where the merge set them and they still hold its value
            if keep is not None:
                update = self.rows("SELECT old, new FROM change_log WHERE batch_id = ? AND entity = 'indices' "
                                   "AND op = 'update' AND key1 = ? ORDER BY seq", [batch_id, keep["uid"]])
                back = {}
                for u in update:
                    old, new = json.loads(u["old"]), json.loads(u["new"])
                    for f in ("code", "name_en", "is_benchmark", "sample"):
                        if old.get(f) != new.get(f) and keep.get(f) == new.get(f):
                            back[f] = old.get(f)
                if back:
                    self.db["indices"].update(keep["id"], back)
            benchmark = bool(dropped.get("is_benchmark")) and self.benchmark() is None
            clash = self.rows("SELECT name, code FROM indices WHERE name = ? OR (code IS NOT NULL AND code = ?)",
                              [name, code])
            if clash:
                raise ValidationError(
                    f"指数名称或代码已属于“{clash[0]['name']}”，未撤销合并 (the name or code of {name} now belongs to "
                    f"the index {clash[0]['name']}; nothing was undone)")
            columns = {r[1] for r in self.db.execute("PRAGMA table_info(indices)").fetchall()} - {"id"}
            row = {k: v for k, v in dropped.items() if k in columns}
            row["is_benchmark"] = int(benchmark)
            # the row number it had (the app's Undo knows it) when nobody took it since, so the app's
            # earlier undo steps, which name an index by its row, still find it
            if row_id is not None and not self.scalar("SELECT 1 FROM indices WHERE id = ?", [row_id]):
                row["id"] = row_id
            index_id = self.db["indices"].insert(row).last_pk
            if moved_dates:
                marks = ", ".join("?" * len(moved_dates))
                self.db.execute(f"UPDATE quotes SET index_id = ? WHERE index_id = ? AND date IN ({marks})",
                                [index_id, keep["id"], *sorted(moved_dates)])
            copies = [(index_id, d, q["close"], q["change"], q["source"], q["src_row"], q["src_close_col"],
                       q["src_change_col"]) for d, q in sorted(quotes.items())
                      if d not in moved_dates and q["close"] is not None]
            self.db.conn.executemany("INSERT INTO quotes (index_id, date, close, change, source, src_row, src_close_col, "
                                     "src_change_col) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", copies)
        return {"index_id": index_id, "name": name, "moved": len(moved_dates), "copied": len(copies)}

    def merge_kept_name(self, batch_id: int) -> str | None:
        """The name of the index the merge logged as change batch ``batch_id`` kept: as it is now
        where the log still finds it, else as the merge's note named it, else None."""
        keep_key = self.scalar("SELECT key1 FROM change_log WHERE batch_id = ? AND entity = 'quote' AND op = 'insert' "
                               "ORDER BY seq LIMIT 1", [batch_id])
        try:
            kept = self._merge_kept_index(batch_id, None, keep_key, False)
        except NotFound:
            kept = None
        if kept is not None:
            return kept["name"]
        note = self.scalar("SELECT note FROM change_batches WHERE id = ?", [batch_id]) or ""
        named = re.search(r"-> “(.+)”\s*$", note)  # as merge_indices writes it
        return named.group(1) if named else None

    def _merge_kept_index(self, batch_id: int, keep_id: int | None, keep_key: str | None,
                          needed: bool) -> dict | None:
        """The index a merge kept: named by the caller, by its logged row image, or by the code or
        name its moved quotes were logged under."""
        if keep_id is not None:
            rows = self.rows("SELECT * FROM indices WHERE id = ?", [keep_id])
            if not rows:
                raise NotFound(f"没有该指数 (no index) #{keep_id}")
            return rows[0]
        uid = self.scalar("SELECT key1 FROM change_log WHERE batch_id = ? AND entity = 'indices' AND op = 'update' "
                          "ORDER BY seq LIMIT 1", [batch_id])
        rows = self.rows("SELECT * FROM indices WHERE uid = ?", [uid]) if uid else []
        if not rows and keep_key is not None:
            rows = self.rows("SELECT * FROM indices WHERE code = ?", [keep_key]) or self.rows(
                "SELECT * FROM indices WHERE code IS NULL AND name = ?", [keep_key])
        if rows:
            return rows[0]
        if needed:
            raise NotFound(f"找不到合并时保留的指数“{keep_key}”，请指明 (the index the merge kept, {keep_key}, is "
                           f"not found; name it with --keep)")
        return None

    def set_benchmark(self, index_id: int | None) -> None:
        """Make one index the benchmark (None: no benchmark), in one transaction."""
        with self.transaction():
            if index_id is not None and self.scalar("SELECT 1 FROM indices WHERE id = ?", [index_id]) is None:
                raise NotFound(f"没有该指数 (no index) #{index_id}")
            self.db.execute("UPDATE indices SET is_benchmark = (id IS ?)", [index_id])

    def write_quotes(self, rows: list[tuple]) -> Counts:
        """Write (index_id, date, close, change, source) rows, or 8-tuples adding the source cell (Excel
        row number, close column header, change column header), in one transaction (one change batch).
        A whole-number close or change is stored as a double (``storable_quotes``: one no double can hold
        is refused naming the index and the date, nothing written)."""
        conn = self.db.conn
        full = [r if len(r) == 8 else (*r, None, None, None) for r in rows]
        # a whole number beyond 64 bits is stored as its double (as a fact's value); none that no double holds
        full, unstorable = storable_quotes(full, self._index_name)
        if unstorable:
            raise ValidationError(unstorable[0][1])
        with self.batch("system"):
            before_rows = self.scalar("SELECT count(*) FROM quotes")
            changes = conn.executemany(
                "INSERT INTO quotes (index_id, date, close, change, source, src_row, src_close_col, src_change_col) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(index_id, date) DO UPDATE SET close = excluded.close, change = excluded.change, "
                "source = excluded.source, src_row = excluded.src_row, src_close_col = excluded.src_close_col, "
                "src_change_col = excluded.src_change_col WHERE quotes.close IS NOT excluded.close "
                "OR quotes.change IS NOT excluded.change", full).rowcount
            added = self.scalar("SELECT count(*) FROM quotes") - before_rows
        return Counts(added, changes - added, len(rows) - changes)

    def _index_name(self, index_id: int) -> str:
        return self.scalar("SELECT name FROM indices WHERE id = ?", [index_id]) or str(index_id)

    def set_quote(self, index_id: int, date: str, close: float | None, change: float | None) -> None:
        with self.batch("edit"):
            if close is None:
                self.db.execute("DELETE FROM quotes WHERE index_id = ? AND date = ?", [index_id, date])
            else:
                self.write_quotes([(index_id, date, close, change, "手工录入")])

    def quote_row(self, index_id: int, date: str) -> dict | None:
        """One quote with every column (its source and source cell), or None."""
        rows = self.rows("SELECT * FROM quotes WHERE index_id = ? AND date = ?", [index_id, date])
        return rows[0] if rows else None

    def restore_quote(self, row: dict | None, key: tuple[int, str]) -> None:
        """Put a quote back exactly as it was, every column (undo, redo); ``row`` None means it did not exist."""
        with self.batch("undo"):
            if row is None:
                self.db.execute("DELETE FROM quotes WHERE index_id = ? AND date = ?", list(key))
                return
            columns = [c for c in (r[1] for r in self.db.execute("PRAGMA table_info(quotes)").fetchall())
                       if c not in ("index_id", "date") and c in row]
            names = ", ".join(f'"{c}"' for c in ("index_id", "date", *columns))
            self.db.execute(
                f"INSERT INTO quotes ({names}) VALUES ({', '.join('?' * (len(columns) + 2))}) "
                "ON CONFLICT(index_id, date) DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in columns),
                [*key, *(row[c] for c in columns)])

    def log_import(self, file: str, sha256: str, kind: str, counts: Counts, batch_id: int | None = None) -> None:
        """Record one imported file (the audit trail of where the numbers came from), linked to
        the change batch that holds its changes."""
        self.db["import_log"].insert({"at": now_iso(), "file": file, "sha256": sha256, "kind": kind,
                                      "added": counts.added, "updated": counts.updated,
                                      "unchanged": counts.unchanged, "batch_id": batch_id})

    def import_log(self) -> list[dict]:
        return self.rows("SELECT * FROM import_log ORDER BY id")

    # ------------------------------------------------------------------ datasets (chart data)
    def put_dataset(self, name: str, title: str, unit: str, source: str,
                    categories: list[str], series: dict[str, list[float | None]]) -> None:
        for key, values in series.items():
            if len(values) != len(categories):
                raise ValidationError(f"数据集 {name}: 系列 {key} 长度与类别不符 (series length mismatch)")
        self.db["datasets"].upsert({"name": name, "title": title, "unit": unit, "source": source,
                                    "categories": json.dumps(categories, ensure_ascii=False),
                                    "series": json.dumps(series, ensure_ascii=False)}, pk="name")

    # ------------------------------------------------------------------ notes
    def add_note(self, text: str, *, date: str | None = None, author: str = "",
                 tickers: Iterable[str] = (), tags: Iterable[str] = (), themes: Iterable[str] = ()) -> int:
        if not text.strip():
            raise ValidationError("笔记内容为空 (note text is empty)")
        tickers = [normalize_ticker(t) for t in tickers]
        for t in tickers:
            if not self.has_company(t):
                raise NotFound(f"没有该公司 (no company): {t}")
        with self.transaction():
            note_id = self.db["notes"].insert({
                "date": date or datetime.now().date().isoformat(), "author": author, "text": text,
                "tags": _join_list(tags), "themes": _join_list(themes), "created_at": now_iso()}).last_pk
            for t in tickers:
                self.db["note_companies"].insert({"note_id": note_id, "ticker": t})
        return note_id

    # ------------------------------------------------------------------ issues
    def save_issue(self, issue: Issue, *, keep_status: bool = False, revision: int | None = None) -> int:
        """Insert or update an issue (not a final one); returns its id.

        ``keep_status``: the stored status and version stay (an editor's text save; a lifecycle step
        goes through ``set_issue_status``). ``revision``: refused (IssueChangedElsewhere) when the
        issue was written since that revision (``issue_revision``), checked in the write's transaction.
        An autosave is kept unless the saved issue now holds all of its text."""
        validate_issue(issue)
        row = {
            "series": issue.series, "headline": issue.headline, "period_start": issue.period_start,
            "period_end": issue.period_end, "publish_date": issue.publish_date, "industry": issue.industry,
            "rating": issue.rating, "rating_action": issue.rating_action, "status": issue.status,
            "content": issue.content_json(), "search_text": issue.search_text(), "version": issue.version,
            "updated_at": now_iso(),
        }
        with self.transaction():
            if issue.id is not None:
                current = self.rows("SELECT status, version FROM issues WHERE id = ?", [issue.id])
                if not current:
                    raise NotFound(f"没有该期报告 (no issue) #{issue.id}")
                if current[0]["status"] == "final":
                    raise ReadOnlyIssue(f"第 {issue.id} 期已定稿，不能修改；请创建更正版本 "
                                        f"(issue {issue.id} is final and read-only; make a correction)")
                if revision is not None and self.issue_revision(issue.id) != revision:
                    raise IssueChangedElsewhere(f"第 {issue.id} 期在此期间已在别处修改，未保存 "
                                                f"(issue {issue.id} was changed elsewhere meanwhile; not saved)")
                if keep_status:
                    row["status"], row["version"] = current[0]["status"], current[0]["version"]
                self.db["issues"].update(issue.id, row)
            else:
                issue.id = self.db["issues"].insert(row).last_pk
            self.db.execute("DELETE FROM issue_analysts WHERE issue_id = ?", [issue.id])
            for pos, analyst_id in enumerate(issue.analysts):
                self.db["issue_analysts"].insert({"issue_id": issue.id, "analyst_id": analyst_id, "position": pos})
            kept = self.autosaved(issue.id)
            if kept is not None and kept.content_json() == issue.content_json() and \
                    all(getattr(kept, k) == getattr(issue, k) for k in AUTOSAVE_SAME_FIELDS):
                self.discard_autosave(issue.id)  # it holds nothing the issue does not now hold
        issue.updated_at = row["updated_at"]
        issue.status, issue.version = row["status"], row["version"]
        return issue.id

    def issue_revision(self, issue_id: int) -> int:
        """A number that grows with every write of the issue (text, status, analysts), from any process:
        the change log's last entry for it. Unlike ``updated_at`` (whole seconds) it tells apart two
        writes made in the same second."""
        return self.scalar("SELECT coalesce(max(seq), 0) FROM change_log WHERE key1 = "
                           "(SELECT uid FROM issues WHERE id = ?) AND entity = 'issues' AND run IS NULL",
                           [issue_id]) or 0

    def issue_changes_since(self, issue_id: int, revision: int) -> list[dict]:
        """The issue's row images (``old``, ``new`` as dicts) written after ``revision``, oldest first."""
        rows = self.rows("SELECT seq, old, new FROM change_log WHERE key1 = (SELECT uid FROM issues WHERE id = ?) "
                         "AND entity = 'issues' AND run IS NULL AND seq > ? AND new IS NOT NULL ORDER BY seq",
                         [issue_id, revision])
        return [{"seq": r["seq"], "old": json.loads(r["old"]) if r["old"] else None, "new": json.loads(r["new"])}
                for r in rows]

    def published_issues(self) -> list[dict]:
        """Issues that are final or were ever published (have a frozen version): the house's record."""
        return self.rows("SELECT id, series, period_start, period_end, status FROM issues WHERE status = 'final' "
                         "OR id IN (SELECT issue_id FROM issue_versions) ORDER BY id")

    def delete_issue(self, issue_id: int) -> None:
        """Delete a draft that was never published; published records are kept for good."""
        if self.issue(issue_id).status == "final" or self.versions(issue_id):
            raise ReadOnlyIssue(f"第 {issue_id} 期已发布过，发布记录须保留，不能删除 "
                                f"(issue {issue_id} has been published; its record must be kept)")
        self.db.execute("DELETE FROM issues WHERE id = ?", [issue_id])

    def log_status(self, issue_id: int, from_status: str | None, to_status: str, by: str,
                   version: int, reason: str | None = None) -> None:
        import uuid

        self.db["issue_log"].insert({"uid": str(uuid.uuid4()), "issue_id": issue_id, "at": now_iso(),
                                     "by": by, "from_status": from_status, "to_status": to_status,
                                     "version": version, "reason": reason})

    def set_issue_status(self, issue_id: int, status: str, *, version: int | None = None) -> None:
        """Raw status change; the lifecycle rules live in workbench.drafting."""
        values = {"status": status, "updated_at": now_iso()}
        if version is not None:
            values["version"] = version
        self.db["issues"].update(issue_id, values)

    def set_issue_correction(self, issue_id: int, record: dict | None) -> bool:
        """Keep on the issue what its open correction takes (``issue_correction``), so it travels with
        the issue; written only when it differs (every write of the issue is a change the desk gets).
        Returns whether it changed."""
        text = json.dumps(record, ensure_ascii=False, sort_keys=True) if record is not None else None
        with self.transaction():
            if self.scalar("SELECT correction FROM issues WHERE id = ?", [issue_id]) == text:
                return False
            self.db.execute("UPDATE issues SET correction = ? WHERE id = ?", [text, issue_id])
        return True

    def save_version(self, issue_id: int, version: int, by: str, reason: str | None, issue_json: str,
                     snapshot_json: str, pdf: bytes | None, sha256: str | None) -> None:
        self.db["issue_versions"].insert({
            "issue_id": issue_id, "version": version, "frozen_at": now_iso(), "frozen_by": by,
            "reason": reason, "issue_json": issue_json, "snapshot_json": snapshot_json, "pdf": pdf,
            "pdf_sha256": sha256})

    def published_versions(self) -> list[dict]:
        """Every published version (without its PDF), in the order they were stored."""
        return self.rows("SELECT issue_id, version, frozen_at, frozen_by, reason, issue_json, snapshot_json, "
                         "pdf_sha256 FROM issue_versions ORDER BY rowid")

    def version_chain(self) -> list[dict]:
        """The hash chain of published versions, in publication order."""
        return self.rows("SELECT * FROM version_chain ORDER BY seq")

    def autosave(self, issue: Issue, *, base_revision: int | None = None, wait: bool = True) -> str | None:
        """Keep an editor's unsaved fields in the issue's autosave slot; returns the autosave's time
        (full precision: the editor's own mark, for ``discard_autosave``). ``base_revision``: the
        issue's revision the fields were loaded from. ``wait=False``: a busy store is not waited for
        (SQLite's "locked" error at once), so an editor's autosave never holds up typing."""
        if issue.id is None:
            return None
        payload = json.dumps({"meta": {k: getattr(issue, k) for k in (
            "series", "headline", "period_start", "period_end", "publish_date", "industry", "rating",
            "rating_action", "status", "version", "analysts")}, "content": issue.content(),
            "base_revision": base_revision}, ensure_ascii=False)
        saved_at = datetime.now(timezone.utc).astimezone().isoformat(timespec="microseconds")
        waited = None if wait else self.scalar("PRAGMA busy_timeout")
        if waited is not None:
            self.db.execute("PRAGMA busy_timeout = 0")
        try:
            self.db.execute("INSERT INTO autosaves (issue_id, saved_at, issue_json) VALUES (?, ?, ?) "
                            "ON CONFLICT(issue_id) DO UPDATE SET saved_at = excluded.saved_at, "
                            "issue_json = excluded.issue_json", [issue.id, saved_at, payload])
        finally:
            if waited is not None:
                self.db.execute(f"PRAGMA busy_timeout = {int(waited)}")
        return saved_at

    def autosaved(self, issue_id: int) -> Issue | None:
        row = self.rows("SELECT * FROM autosaves WHERE issue_id = ?", [issue_id])
        if not row:
            return None
        data = json.loads(row[0]["issue_json"])
        meta = dict(data["meta"])
        analysts = meta.pop("analysts")
        issue = Issue.from_row({**meta, "id": issue_id, "content": json.dumps(data["content"])}, analysts)
        issue.updated_at = row[0]["saved_at"]
        return issue

    def autosave_base(self, issue_id: int) -> int | None:
        """The issue's revision the autosaved fields were loaded from (None: not recorded)."""
        text = self.scalar("SELECT issue_json FROM autosaves WHERE issue_id = ?", [issue_id])
        return json.loads(text).get("base_revision") if text else None

    def discard_autosave(self, issue_id: int, *, saved_at: str | None = None) -> None:
        """Drop the issue's autosave; with ``saved_at``, only the one written at that time (an editor's own)."""
        if saved_at is None:
            self.db.execute("DELETE FROM autosaves WHERE issue_id = ?", [issue_id])
        else:
            self.db.execute("DELETE FROM autosaves WHERE issue_id = ? AND saved_at = ?", [issue_id, saved_at])


_FACT_COLUMNS = ("ticker", "metric", "period", "value", "source", "as_of", "src_row", "src_col")
_INT64 = (-(2**63), 2**63 - 1)  # the whole numbers SQLite binds as integers


def fact_value(value, key: Sequence[str]):
    """A fact's value as the store binds it: a whole number beyond SQLite's 64-bit integers becomes
    the double that the REAL column keeps for every large number (SQLite makes a smaller whole number
    a double itself, rounded the same way); one that no double can hold is refused naming the fact
    ``key`` (ticker, metric, period)."""
    if type(value) is not int or _INT64[0] <= value <= _INT64[1]:
        return value
    try:
        return float(value)
    except OverflowError:
        digits = int(value.bit_length() * 0.30103)  # (its decimal text may be too long to make)
        raise ValidationError(f"{' '.join(map(str, key))}: 数值超出可存储的范围，约 {'-' if value < 0 else ''}1e{digits} "
                              f"(value too large to store: about {'-' if value < 0 else ''}1e{digits})") from None


def storable_facts(rows: Sequence[tuple]) -> tuple[Sequence[tuple], list[tuple[tuple, str]]]:
    """Fact rows (ticker, metric, period, value, ...) with each value as the store binds it
    (``fact_value``), and the rows refused with the message why. ``rows`` comes back as it is when
    no value is a whole number (one pass over the values at C speed: a pull brings a million)."""
    if int not in set(map(type, map(itemgetter(3), rows))):
        return rows, []
    ok, refused = [], []
    for r in rows:
        if type(r[3]) is not int:
            ok.append(r)
            continue
        try:
            ok.append((*r[:3], fact_value(r[3], r[:3]), *r[4:]))
        except ValidationError as exc:
            refused.append((r, str(exc)))
    return ok, refused


def _beyond_int64(value) -> bool:
    return type(value) is int and not _INT64[0] <= value <= _INT64[1]


def storable_quote(values: Sequence, key: str | Sequence[str]) -> tuple[list, str | None]:
    """A quote's values (close, change, source...) as the store binds them (``fact_value``: a whole
    number beyond 64 bits becomes its double), and None; or the values as given and the message why
    one cannot be stored, naming ``key`` (the index and the date, or "uid|date" as a desk keys it)."""
    key = key.split("|") if isinstance(key, str) else key
    try:
        return [fact_value(v, key) for v in values], None
    except ValidationError as exc:
        return list(values), str(exc)


def storable_quotes(rows: Sequence[tuple], name_of: Callable[[int], object] = str
                    ) -> tuple[Sequence[tuple], list[tuple[tuple, str]]]:
    """Quote rows (index_id, date, close, change, ...) with close and change as the store binds them
    (``fact_value``), and the rows refused with the message why (naming ``name_of(index_id)`` and the
    date). ``rows`` comes back as it is when no close or change is a whole number beyond 64 bits."""
    if not any(_beyond_int64(r[2]) or _beyond_int64(r[3]) for r in rows):
        return rows, []
    ok, refused = [], []
    for r in rows:
        if not (_beyond_int64(r[2]) or _beyond_int64(r[3])):
            ok.append(r)
            continue
        values, why = storable_quote(r[2:4], (str(name_of(r[0])), r[1]))
        if why is None:
            ok.append((*r[:2], *values, *r[4:]))
        else:
            refused.append((r, why))
    return ok, refused


class FactColumns:
    """Facts as columns, for a bulk write: ticker, metric, period and value are lists of equal
    length; source, as_of, src_row and src_col each a list or one value for every fact.

    Reads as the 8-tuples write_facts takes, made on the fly (no list of a million tuples); the
    store writes the shared values into its statements once instead of binding them per row.
    """

    def __init__(self, ticker: list, metric: list, period: list, value: list, *, source=None, as_of=None,
                 src_row=None, src_col=None):
        self.columns = dict(zip(_FACT_COLUMNS, (ticker, metric, period, value, source, as_of, src_row, src_col)))
        self.n = len(ticker)
        if any(isinstance(c, list) and len(c) != self.n for c in self.columns.values()):
            raise ValueError("fact columns of different lengths")

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[tuple]:
        return zip(*(c if isinstance(c, list) else repeat(c, self.n) for c in self.columns.values()))

    def __getitem__(self, i: int) -> tuple:
        if not -self.n <= i < self.n:
            raise IndexError(i)
        return tuple(c[i] if isinstance(c, list) else c for c in self.columns.values())

    def storable(self) -> "FactColumns":
        """These facts with each value as the store binds it (``fact_value``): itself when nothing
        changes; raises ValidationError naming the first fact whose value no double can hold."""
        values = self.columns["value"]
        listed = isinstance(values, list)
        if int not in set(map(type, values if listed else [values])):
            return self
        keys = [self.columns[c] if isinstance(self.columns[c], list) else repeat(self.columns[c], self.n)
                for c in ("ticker", "metric", "period")]
        if listed:
            values = [fact_value(v, k) for v, k in zip(values, zip(*keys))]
        elif self.n:
            values = fact_value(values, next(zip(*keys)))
        other = {c: v for c, v in self.columns.items() if c not in ("ticker", "metric", "period", "value")}
        return FactColumns(self.columns["ticker"], self.columns["metric"], self.columns["period"], values, **other)

    def split(self) -> tuple[list[str], Iterable[tuple], dict]:
        """The per-fact columns' names, their rows (iterable again and again) and the shared values."""
        columns = {k: [c] * self.n if isinstance(c, str) and "\x00" in c else c  # NUL: no SQL literal
                   for k, c in self.columns.items()}
        per_fact = {k: c for k, c in columns.items() if isinstance(c, list)}
        shared = {k: c for k, c in columns.items() if not isinstance(c, list)}
        return list(per_fact), _Rows(list(per_fact.values()), self.n), shared


def _one_as_of(columns: Sequence[str], rows: Iterable[tuple], constants: dict) -> bool:
    """Whether every row of a write of facts (the values of ``columns``, and ``constants``) has the
    same as-of date."""
    if "as_of" in constants or "as_of" not in columns:
        return True
    at = list(columns).index("as_of")
    dates = rows.columns[at] if isinstance(rows, _Rows) else map(itemgetter(at), rows)
    return len(set(dates)) <= 1


def _by_nulls(columns: Sequence[str], rows: Iterable[tuple]) -> list[tuple[set[int], Iterable[tuple]]]:
    """``rows`` (of the values of ``columns``) in groups by which of their values are None: (the
    positions that are None, the rows with those values left out), each group in the rows' order.
    One group of the rows as they are when no value is None (a key column never is). C-level passes
    only: a first join brings a million rows."""
    others = [i for i, c in enumerate(columns) if c not in ("ticker", "metric", "period")]
    if isinstance(rows, _Rows) and not any(None in rows.columns[i] for i in others):
        return [(set(), rows)]  # (an import's columns: no look at its rows)
    if not isinstance(rows, list):
        rows = list(rows)
    nullable = [i for i in others if not all(map(is_not, map(itemgetter(i), rows), repeat(None)))]
    if not nullable:
        return [(set(), rows)]
    patterns = list(zip(*(map(is_, map(itemgetter(i), rows), repeat(None)) for i in nullable)))
    distinct = list(dict.fromkeys(patterns))
    groups = []
    for pattern in distinct:
        nulls = {i for i, null in zip(nullable, pattern) if null}
        group = rows if len(distinct) == 1 else list(compress(rows, map(eq, patterns, repeat(pattern))))
        kept = [i for i in range(len(columns)) if i not in nulls]
        if len(kept) < 2:  # (itemgetter of one position gives no tuple: such a group is bound as it is)
            nulls, kept = set(), range(len(columns))
        groups.append((nulls, list(map(itemgetter(*kept), group)) if nulls else group))
    return groups


class _Rows:
    def __init__(self, columns: list[list], n: int):
        self.columns, self.n = columns, n

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[tuple]:
        return zip(*self.columns)


@dataclass
class Restored:
    """What a restore did: the store now at ``path`` came from ``backup``; the one it replaced is
    kept at ``kept`` (None when there was none); ``joined`` when the restored store had joined a desk."""

    path: Path
    backup: Path
    kept: Path | None
    joined: bool
    #: what the replaced store held that the backup lacks, dropped by this restore (kept in ``kept``)
    dropped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"已从备份恢复 (restored from the backup) {self.backup} -> {self.path}"
        if self.kept is not None:
            text += f"; 原数据文件保存为 (the replaced store is kept as) {self.kept}"
        if self.dropped:
            text += (f"\n以下内容已从数据文件中丢弃，只保存在 {self.kept} 中 (dropped from the store by the restore; kept "
                     f"only in {self.kept}):\n" + "\n".join(f"  - {line}" for line in self.dropped))
        return text


_SCHEMA_TRIGGERS: dict[str, str] = {}


def schema_triggers() -> dict[str, str]:
    """Name -> SQL of every trigger this release's schema history makes (a new store in memory)."""
    if not _SCHEMA_TRIGGERS:
        with Store(":memory:") as fresh:
            _SCHEMA_TRIGGERS.update((r["name"], r["sql"]) for r in fresh.rows(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    return _SCHEMA_TRIGGERS


def _open_backup(backup: Path) -> sqlite3.Connection:
    """The file ``backup`` opened read only; with no -wal beside it, as immutable too, so that checking a
    backup (in WAL mode) leaves no -wal/-shm files next to the user's file."""
    immutable = "" if Path(f"{backup}-wal").exists() else "&immutable=1"
    return sqlite3.connect(backup.resolve().as_uri() + "?mode=ro" + immutable, uri=True)


def _check_backup(conn: sqlite3.Connection, backup: Path) -> None:
    """Refuse a file that is no sound workbench store, or one a newer release wrote."""
    try:
        _check_backup_schema(conn, backup)
    except sqlite3.DatabaseError as exc:
        raise ValidationError(f"不是工作台数据文件 (not a workbench store): {backup}: {exc}") from None


def _check_backup_schema(conn: sqlite3.Connection, backup: Path) -> None:
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise ValidationError(f"备份文件已损坏，未通过完整性检查 (the backup fails its integrity check): {backup}: "
                              f"{'; '.join(problems[:3])}")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone() \
            is None:  # another program's database: said so, without SQLite's "no such table"
        raise ValidationError(f"不是工作台数据文件 (not a workbench store): {backup}")
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                                        [migrations.name])]
    if "m001_initial" not in names:
        raise ValidationError(f"不是工作台数据文件 (not a workbench store): {backup}")
    newer = [n for n in names if n not in set(known_migrations())]
    if newer:
        raise ValidationError(f"该备份由更新版本的工作台写入，本版本不能恢复；请升级工作台 (the backup was written by a "
                              f"newer release of the workbench; this release cannot restore it, please upgrade): "
                              f"{backup} ({', '.join(newer)})")


def _settle_log(path: Path) -> None:
    """Fold a write-ahead log left beside a store that nothing has open (a program that was killed)
    back into the file, so that the file alone holds the store before it is kept aside."""
    if not Path(str(path) + "-wal").exists():
        return
    try:
        conn = sqlite3.connect(path, timeout=0)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def _keep_before(path: Path, label: str) -> Path:
    """Keep the file a restore or a backup replaces beside it, as ``<name>.<label>-<time>.sqlite``:
    a second name for the same file where the file system allows it, else a copy."""
    import shutil

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        kept = path.with_name(f"{path.stem}.{label}-{stamp}{'' if n == 1 else f'-{n}'}.sqlite")
        if not kept.exists():
            break
    try:
        os.link(path, kept)
    except OSError:
        shutil.copy2(path, kept)
    return kept


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_FILE_KINDS = ((b"%PDF", "PDF 文件", "a PDF"), (b"PK\x03\x04", "Excel 或压缩文件", "an Excel (.xlsx) or zip file"),
               (b"\xd0\xcf\x11\xe0", "Office 文件", "an Office (.xls, .doc) file"))


def _not_a_backup(path: Path) -> tuple[str, str] | None:
    """What an existing backup target is when it is neither a SQLite database (a backup, or a
    store ``older_backup_problem`` judges) nor empty: (Chinese, English) words for it, else None."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return None  # the write says why
    if head == b"SQLite format 3\x00":
        return None
    for magic, zh, en in _FILE_KINDS:
        if head.startswith(magic):
            return zh, en
    suffix = path.suffix.lower()
    return (f"{suffix} 文件", f"a {suffix} file") if suffix else ("其他文件", "another file")


def _join_list(items: Iterable[str]) -> str:
    """Tags and themes are stored one per line (a theme may contain spaces)."""
    return "\n".join(i.strip() for i in items if i and i.strip())


def open_store(path: str | Path) -> Store:
    return Store(path)
