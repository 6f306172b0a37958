"""Opening the store file: write access or read-only, the busy timeout, and SQLite's errors in words.

A store in a folder (or a file) the user may not write is opened read-only, so it can still be
read and exported; a command that needs to write then fails with a clear message. A second
writer waits for the first (the busy timeout, 10 s; ``WORKBENCH_BUSY_TIMEOUT_MS`` changes it)
because every transaction takes the write lock when it begins (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path


def _load_sqlite_utils():
    """sqlite-utils without its optional pandas and numpy support, which reading never needs.

    sqlite-utils imports pandas and numpy (about a second at start-up) only to map their types
    to column types. The store loads it with both hidden, so opening a store and reading it (the
    app's first screen, an export) stays light; a later ``import pandas`` works as usual and
    their types still map as sqlite-utils maps them (see ``_DataFrameTypes``).
    """
    if "sqlite_utils" not in sys.modules:
        hidden = [m for m in ("pandas", "numpy") if m not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # makes sqlite-utils' "import pandas" fail quietly
        try:
            import sqlite_utils  # noqa: F401
        finally:
            for name in hidden:
                sys.modules.pop(name, None)
    import sqlite_utils.db

    mapping = sqlite_utils.db.COLUMN_TYPE_MAPPING
    if not isinstance(mapping, _DataFrameTypes):
        mapping = _DataFrameTypes(mapping)
        sqlite_utils.db.COLUMN_TYPE_MAPPING = mapping
    return sqlite_utils


class _DataFrameTypes(dict):
    """sqlite-utils' column-type mapping that also knows numpy and pandas types once loaded:
    numpy integers are INTEGER, numpy floats REAL and ``pandas.Timestamp`` TEXT, as sqlite-utils
    maps them when it loads with both."""

    def __missing__(self, key):
        numpy = sys.modules.get("numpy")
        pandas = sys.modules.get("pandas")
        if isinstance(key, type):
            if numpy is not None and issubclass(key, numpy.integer):
                return "INTEGER"
            if numpy is not None and issubclass(key, numpy.floating):
                return "REAL"
            if pandas is not None and issubclass(key, pandas.Timestamp):
                return "TEXT"
        raise KeyError(key)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default


sqlite_utils = _load_sqlite_utils()

from workbench.errors import StoreUnavailable, ValidationError  # noqa: F401  (StoreUnavailable: imported from here too)
from workbench.store.schema import migrations

DEFAULT_BUSY_TIMEOUT_MS = 10_000
BUSY_TIMEOUT_ENV = "WORKBENCH_BUSY_TIMEOUT_MS"


def busy_timeout_ms() -> int:
    """How long a writer waits for another one (milliseconds; env WORKBENCH_BUSY_TIMEOUT_MS)."""
    try:
        value = int(os.environ.get(BUSY_TIMEOUT_ENV, DEFAULT_BUSY_TIMEOUT_MS))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS
    return max(0, value)


class Database(sqlite_utils.Database):
    """sqlite-utils' Database whose outermost transaction takes the write lock at once.

    With a plain ``BEGIN`` a transaction that reads first and writes later fails at once
    ("database is locked") when another writer committed meanwhile; ``BEGIN IMMEDIATE`` makes it
    wait the busy timeout for its turn instead. Nested blocks stay savepoints.
    """

    read_only = False

    @contextmanager
    def atomic(self):
        if self.read_only or self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


class ForeignDatabase(ValidationError):
    """The file is an SQLite database of another program, not a workbench store."""


def _is_foreign(conn: sqlite3.Connection) -> bool:
    """True for a database holding tables but no record of the workbench's schema history."""
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                          "AND name != '_sqlite_migrations'").fetchone()[0]
    if not tables:
        return False
    has_log = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone()[0]
    if not has_log:
        return True
    return conn.execute("SELECT count(*) FROM _sqlite_migrations WHERE migration_set = ?",
                        [migrations.name]).fetchone()[0] == 0


def _writable(path: Path) -> bool:
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


_SHM_STUB_LIMIT = 32 * 1024  # a working -shm is at least 32 KiB; a failed one is a few bytes


def _side_files(path: Path) -> tuple[Path, Path]:
    """The store's ``-shm`` and ``-wal`` files (they may not exist)."""
    return Path(f"{path}-shm"), Path(f"{path}-wal")  # as SQLite names them (also for a path with no name)


def _remove_stubs(made: list[Path]) -> None:
    """Remove the stubs a failed open made: a ``-shm`` under 32 KiB and an empty ``-wal``.

    A full disk lets SQLite create both but not grow them (a 3-byte ``-shm``, an empty ``-wal``);
    left there they outlive the failure and confuse whoever looks. Only files that did not exist
    before the open are touched, and only at those sizes, so another program's live ones stay.
    """
    for side in made:
        try:
            size = side.stat().st_size
        except OSError:
            continue
        limit = _SHM_STUB_LIMIT if side.name.endswith("-shm") else 1
        if size < limit:
            try:
                side.unlink()
            except OSError:
                pass


def connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """Open the store file; returns the connection and whether it is read-only.

    An existing file that this user may not write, or whose folder they may not write (SQLite
    needs to create its ``-wal`` and ``-shm`` files there), is opened read-only; when even that
    cannot read a WAL store, it is opened as immutable (nobody may be writing it then).
    """
    timeout_ms = busy_timeout_ms()
    if str(path) == ":memory:" or not path.exists() or _writable(path):
        absent = [] if str(path) == ":memory:" else [side for side in _side_files(path) if not side.exists()]
        conn = sqlite3.connect(str(path), timeout=timeout_ms / 1000, isolation_level=None,
                               check_same_thread=True)
        try:
            conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            foreign = _is_foreign(conn)
            if not foreign:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError:
            conn.close()
            _remove_stubs(absent)
            raise
        if foreign:  # another program's database: add no tables to it, change nothing
            conn.close()
            raise ForeignDatabase(f"{path}: 不是工作台数据文件，而是其他程序的数据库；未作任何修改 "
                                  f"(not a workbench store but another program's database; left unchanged)")
        return conn, False
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        conn = sqlite3.connect(uri + query, uri=True, timeout=timeout_ms / 1000, isolation_level=None,
                               check_same_thread=True)
        try:
            conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as exc:
            conn.close()
            last = exc
            if "not a database" in str(exc) or "malformed" in str(exc):
                break
            continue
        if _is_foreign(conn):
            conn.close()
            raise ForeignDatabase(f"{path}: 不是工作台数据文件，而是其他程序的数据库 (not a workbench store but "
                                  f"another program's database)")
        return conn, True
    assert last is not None
    raise last


_FULL_CODES = (13, 4874)  # SQLITE_FULL; SQLITE_IOERR_SHMSIZE (the -shm could not grow)
_FULL_FREE_BYTES = 1024 * 1024  # a "disk I/O error" with less than this free is the disk being full


def _folder(path: str | Path | None) -> Path | None:
    """The folder the store file lives in (None for no file or an in-memory store)."""
    if not path or str(path) == ":memory:":
        return None
    folder = Path(path).parent
    return folder if str(folder) else Path(".")


def _disk_full(exc: sqlite3.Error, low: str, path: str | Path | None) -> bool:
    """Whether SQLite's error means the disk under the store is full."""
    if getattr(exc, "sqlite_errorcode", None) in _FULL_CODES:
        return True
    if "disk is full" in low or "full" in low and "database" in low:
        return True
    if "disk i/o" not in low:
        return False
    folder = _folder(path)
    if folder is None:
        return False
    try:
        return shutil.disk_usage(folder).free < _FULL_FREE_BYTES
    except OSError:
        return False


def explain(exc: sqlite3.Error, path: str | Path | None, *, unchanged: bool = True) -> StoreUnavailable:
    """SQLite's error as a message for the user (Chinese, then English), naming the store file.
    ``unchanged=False`` leaves out "nothing was changed" for a caller that changed something elsewhere
    first (a sync whose push the desk took before this store failed to record it)."""
    text = str(exc)
    low = text.lower()
    where = f": {path}" if path else ""
    reason = "other"
    # "nothing was changed", as a clause of its own and after a noun
    zh, en, en_after = ("，未作任何修改", "; nothing was changed", ", nothing was changed") if unchanged else ("",) * 3
    if _disk_full(exc, low, path):
        folder = _folder(path)
        reason = "full"
        if folder is None:
            message = f"磁盘已满{zh} (the disk is full{en}){where}"
        else:
            message = (f"磁盘已满（{folder} 所在的磁盘）{zh}；请腾出空间后再试 (the disk is full: the "
                       f"one holding {folder}{en}; free some space and try again){where}")
    elif "locked" in low or "busy" in low:
        reason = "locked"
        seconds = busy_timeout_ms() / 1000
        message = (f"数据文件正被其他程序使用，等待 {seconds:g} 秒后仍未释放{zh}；请稍后再试 "
                   f"(the store is locked by another program; waited {seconds:g} s{en}; "
                   f"try again later){where}")
    elif "readonly" in low or "read-only" in low or "query_only" in low or "query-only" in low:
        reason = "read-only"
        message = (f"数据文件只读，此命令需要写入 (the store is read-only and this command needs to write; "
                   f"check the permissions of the file and its folder){where}")
    elif "unable to open" in low or "cannot open" in low:
        reason = "cannot-open"
        message = f"无法打开数据文件 (cannot open the store file; check the path and permissions){where}"
    elif "not a database" in low or "malformed" in low:
        reason = "damaged"
        message = f"不是工作台数据文件，或文件已损坏 (not a workbench store, or the file is damaged){where}"
    elif "disk i/o" in low:
        reason = "io"
        message = f"读写数据文件出错 (disk I/O error on the store){where}"
    elif isinstance(exc, sqlite3.IntegrityError):
        reason = "conflict"
        message = f"数据冲突{zh} (conflicting data{en_after}: {text}){where}"
    else:
        message = f"数据库错误{zh} (database error{en_after}: {text}){where}"
    return StoreUnavailable(message, reason)
