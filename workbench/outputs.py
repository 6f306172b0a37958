"""Files the workbench writes for people: where they may go, how they land, what they may contain.

Every writer (PDF, .xlsx, .csv, the publication record, the store backup) asks ``check_target``
first, so no command and no dialog can overwrite the store it is reading, a store's companion
files, or any other SQLite database; writes go to a temporary file beside the target that is
renamed over it only when complete (``atomic_output``), with the user's normal permissions
(0666 less the umask). Text that a spreadsheet would run as a formula is written inert
(``inert_csv``; the .xlsx writers mark such cells as plain strings). A file the user made
read-only is not replaced; a file replaced keeps its permissions.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import stat
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from workbench.errors import ValidationError, WorkbenchError

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
# A cell starting with one of these is run as a formula by Excel, WPS or LibreOffice (OWASP)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                     *(f"LPT{i}" for i in range(10))}
MAX_NAME_BYTES = 200  # below every common file system's 255-byte limit, leaving room for suffixes


class UnsafeTarget(ValidationError):
    """A write was refused because it would replace the store or another database, or a folder."""


# ---------------------------------------------------------------------- targets
def _head(path: Path, size: int = 16) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def is_sqlite_file(path: str | Path) -> bool:
    """True when ``path`` is a regular file beginning with SQLite's header (a database, any name)."""
    path = Path(path)
    return path.is_file() and _head(path) == SQLITE_MAGIC


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_companion_of_store(resolved: Path) -> Path | None:
    """The database that ``resolved`` (named ``X-wal``, ``X-shm`` or ``X-journal``) belongs to, if any."""
    for suffix in COMPANION_SUFFIXES:
        if resolved.name.endswith(suffix):
            base = resolved.with_name(resolved.name[: -len(suffix)])
            if is_sqlite_file(base):
                return base
    return None


def _resolve(target: Path) -> Path:
    """``target`` with every symbolic link followed; a link loop (or a link chain too long to follow)
    is refused by name instead of raising."""
    try:
        return target.resolve()
    except (RuntimeError, OSError) as exc:
        raise UnsafeTarget(f"目标是循环的符号链接，无法写入 (the target is a symbolic link loop; nothing can be "
                           f"written through it): {target}") from exc


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _read_only(path: Path) -> bool:
    """True when the user may not write the existing file ``path`` (the file itself, not its folder:
    a rename in a writable folder would replace a file its owner made read-only). Root may write
    anything, so for root the file's write bits decide."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not os.access(path, os.W_OK):
        return True
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0 and not st.st_mode & 0o222


def _refuse_the_store(target: Path, resolved: Path, store_path: str | Path | None) -> None:
    """Refuse ``target`` when it is the store at ``store_path`` or one of its -wal/-shm/-journal files
    (also through a symlink or a hard link)."""
    if store_path is None or str(store_path) == ":memory:":
        return
    store = Path(store_path)
    store_resolved = _resolve(store)
    for suffix in ("",) + COMPANION_SUFFIXES:
        own = Path(str(store) + suffix)
        if resolved == Path(str(store_resolved) + suffix) or _same_file(target, own):
            raise UnsafeTarget(
                f"不能覆盖正在使用的数据文件 (the target is the open store{' file ' + suffix if suffix else ''}): "
                f"{target}")


def check_target(path: str | Path, store_path: str | Path | None = None, *,
                 replace_database: bool = False, replace_read_only: bool = False) -> Path:
    """Refuse an output path that would lose data; returns it as a Path.

    Refused: a folder; a missing folder; a symbolic link loop; the store at ``store_path``
    (also through a symlink or hard link) and its ``-wal``, ``-shm`` and ``-journal`` files; the
    companion files of any other SQLite database; an existing SQLite database (unless
    ``replace_database``, used by the backup) or SQLite log; anything that is not a regular
    file; a file the user made read-only (unless ``replace_read_only``: the backup's --force).
    """
    target = Path(path)
    if str(target) in ("", "."):
        raise UnsafeTarget("没有指定输出文件 (no output file given)")
    if _is_dir(target):
        raise UnsafeTarget(f"目标是文件夹而不是文件 (the target is a folder): {target}")
    folder = target.parent
    if not _is_dir(folder):
        raise UnsafeTarget(f"目标文件夹不存在 (the target folder does not exist): {folder}")
    resolved = _resolve(target)
    _refuse_the_store(target, resolved, store_path)
    base = _is_companion_of_store(resolved)
    if base is not None:
        raise UnsafeTarget(f"目标是数据文件 {base.name} 的日志文件，不能覆盖 (the target belongs to the "
                           f"SQLite database {base}): {target}")
    if resolved.exists():
        if not resolved.is_file():
            raise UnsafeTarget(f"目标不是普通文件 (the target is not a regular file): {target}")
        head = _head(resolved)
        if head[:4] in WAL_MAGICS:
            raise UnsafeTarget(f"目标是 SQLite 日志文件，不能覆盖 (the target is an SQLite log file): {target}")
        if head == SQLITE_MAGIC and not replace_database:
            raise UnsafeTarget(f"目标是一个数据库文件（可能是其他数据文件），不能覆盖 (the target is an SQLite "
                               f"database, perhaps another store; refusing to overwrite it): {target}")
        if not replace_read_only and _read_only(resolved):
            raise UnsafeTarget(f"目标文件是只读的，不能替换；如确需替换请先取消其只读属性 (the target is read-only; "
                               f"refusing to replace it; make it writable first if you mean to): {target}")
    return target


def check_folder_target(path: str | Path, store_path: str | Path | None = None) -> Path:
    """Refuse an output folder (the publication record's ``-o DIR``) with the right reason; returns it.

    Refused: the store at ``store_path`` and its ``-wal``, ``-shm`` and ``-journal``
    files (the same refusal as ``check_target``); any other path that exists but is not a
    folder; a folder that does not exist.
    """
    target = Path(path)
    if _is_dir(target):
        return target
    _refuse_the_store(target, _resolve(target), store_path)
    if target.exists() or target.is_symlink():
        raise UnsafeTarget(f"目标不是文件夹 (the target is not a folder): {target}")
    raise UnsafeTarget(f"目标文件夹不存在 (the target folder does not exist): {target}")


def database_in_use(path: str | Path) -> bool:
    """True when some program has the SQLite database at ``path`` open for writing, or left it
    mid-transaction: a ``-wal`` or hot ``-journal`` beside it, or a lock we cannot take."""
    path = Path(path)
    if any(Path(str(path) + s).exists() for s in ("-wal", "-journal")):
        return True
    try:
        conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN EXCLUSIVE")  # granted only when no other connection reads or writes
        conn.execute("ROLLBACK")
        return False
    except sqlite3.Error as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    finally:
        conn.close()


# ---------------------------------------------------------------------- atomic writes
PART_NAME_BYTES = 100  # of the target's name in a temporary file's: ".NAME.xxxxxxxx.part" stays far below 255
STALE_PART_SECONDS = 300  # a temporary file nobody holds and nobody wrote to for this long was left by a kill
_PART = re.compile(r"\.(?P<name>.*)\.[0-9a-f]{8}\.part")
# a temporary database's own files beside its part (a backup killed mid-copy leaves its -journal)
_PART_SIDE = re.compile(r"(?P<part>\..*\.[0-9a-f]{8}\.part)(?:-journal|-wal|-shm)")


def _part_prefix(name: str) -> str:
    """The target's name as its temporary files carry it: cut to PART_NAME_BYTES bytes of UTF-8 (at a
    character), so that a legal name of up to 255 bytes still has a temporary file beside it."""
    cut = name.encode("utf-8")[:PART_NAME_BYTES].decode("utf-8", errors="ignore")
    return cut


def _new_file(folder: Path, name: str) -> Path:
    """Create an empty temporary file beside the target; the mode is 0666 less the umask."""
    prefix = _part_prefix(name)
    for _ in range(100):
        tmp = folder / f".{prefix}.{secrets.token_hex(4)}.part"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"{folder}: cannot create a temporary file")


def _hold(path: Path) -> int | None:
    """Open ``path`` and take an exclusive advisory lock on it, held until the descriptor is closed:
    while a write is under way no cleanup takes its temporary file. None where there are no such
    locks (Windows) or the lock is taken."""
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def clean_stale_parts(folder: Path, name: str) -> list[Path]:
    """Remove the temporary files a killed write to ``folder / name`` left (``.NAME.xxxxxxxx.part``,
    this program's pattern for that target only, with the -journal, -wal or -shm of a temporary
    database beside it): those no running write holds (the part's lock) and nothing has written to
    for STALE_PART_SECONDS. Returns the files removed."""
    import time

    prefix = _part_prefix(name)
    removed = []
    try:
        candidates = sorted(p for p in folder.iterdir() if p.name.endswith((".part", ".part-journal",
                                                                             ".part-wal", ".part-shm")))
    except OSError:
        return removed
    for path in candidates:  # a part before its side files: "x.part" sorts before "x.part-journal"
        side = _PART_SIDE.fullmatch(path.name)
        part = folder / side.group("part") if side else path
        m = _PART.fullmatch(part.name)
        if m is None or m.group("name") != prefix:
            continue
        try:
            recent = [time.time() - p.lstat().st_mtime < STALE_PART_SECONDS for p in {path, part} if p.exists()]
        except OSError:
            continue
        if not path.is_file() or path.is_symlink() or any(recent):  # its part too: a write still going on
            continue
        fd = _hold(part) if part.exists() else _hold(path)
        if fd is None and os.name == "posix":  # a running write holds it
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
        finally:
            if fd is not None:
                os.close(fd)
    return removed


def _write_target(target: Path) -> Path:
    """Where a write to ``target`` lands: through a symbolic link, the file it points to (the link
    stays a link, as an editor saving through it leaves it)."""
    if not target.is_symlink():
        return target
    real = _resolve(target)
    if not real.parent.is_dir():
        raise UnsafeTarget(f"链接指向的文件夹不存在 (the link points into a folder that does not exist): {target} -> "
                           f"{real}")
    return real


def new_folder(parent: str | Path, prefix: str) -> Path:
    """Create a temporary folder under ``parent``; the mode is 0777 less the umask."""
    parent = Path(parent)
    for _ in range(100):
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            folder.mkdir(mode=0o777)
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"{parent}: cannot create a temporary folder")


@contextmanager
def atomic_output(path: str | Path, store_path: str | Path | None = None, *,
                  replace_database: bool = False, replace_read_only: bool = False) -> Iterator[Path]:
    """Checked, all-or-nothing write: yields a temporary path beside the target to write into;
    on success it is flushed to disk and renamed over the target, on any failure removed.

    The target is checked (``check_target``) before and again just before the rename. A file
    replaced keeps its permission bits (a new one gets 0666 less the umask).
    """
    target = check_target(path, store_path, replace_database=replace_database, replace_read_only=replace_read_only)
    real = _write_target(target)
    clean_stale_parts(real.parent, real.name)
    try:
        tmp = _new_file(real.parent, real.name)
    except OSError as exc:
        raise WorkbenchError(f"无法写入 (cannot write) {target}: {exc.strerror or exc}") from None
    held = _hold(tmp)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        check_target(target, store_path, replace_database=replace_database, replace_read_only=replace_read_only)
        try:
            os.chmod(tmp, stat.S_IMODE(os.stat(real).st_mode))  # the replaced file's permissions
        except FileNotFoundError:
            pass
        os.replace(tmp, real)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WorkbenchError(f"无法写入 (cannot write) {target}: {exc.strerror or exc}") from None
        if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc):  # the target's disk, not the store's
            raise WorkbenchError(f"磁盘已满，未写入 (the disk is full; nothing was written): {target}") from None
        raise
    finally:
        if held is not None:
            os.close(held)


def write_bytes(path: str | Path, data: bytes, store_path: str | Path | None = None) -> Path:
    """Write ``data`` to ``path`` with ``atomic_output``; returns the path written."""
    with atomic_output(path, store_path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


# ---------------------------------------------------------------------- names
def safe_name(text: str, fallback: str = "_") -> str:
    """``text`` as one file or folder name on every desktop system: no separators, ``..``,
    control or reserved characters, no Windows device name, at most MAX_NAME_BYTES bytes."""
    name = unicodedata.normalize("NFC", text or "")
    name = _UNSAFE_NAME_CHARS.sub("_", name).strip(" .")
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name or fallback


def child_path(folder: str | Path, name: str) -> Path:
    """``folder / name`` for a name that must stay directly inside ``folder``; refused otherwise."""
    folder_resolved = _resolve(Path(folder))
    path = Path(folder) / name
    if _resolve(path).parent != folder_resolved or name in ("", ".", ".."):
        raise UnsafeTarget(f"文件名会写到目标文件夹之外 (the name would write outside the folder "
                           f"{folder}): {name!r}")
    return path


# ---------------------------------------------------------------------- text shown to people
_SHOWN_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Bidirectional embeddings, overrides and isolates reorder what follows them on screen (a name
# could show its own text backwards or hide where it ends).
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def display_text(value) -> str:
    """``value`` as text safe to show on one line among others (trace, the preview's sources,
    verify): line breaks, tabs, other control characters, line and paragraph separators and
    bidirectional controls are shown escaped (``\\n``, ``\\x1b``, ``\\u202e``), so a file
    name, sheet name, header or note can never print what looks like a line of its own."""
    text = "" if value is None else str(value)
    if text.isprintable() and not any(ch in _BIDI_CONTROLS for ch in text):
        return text
    out = []
    for ch in text:
        if ch in _SHOWN_ESCAPES:
            out.append(_SHOWN_ESCAPES[ch])
        elif ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------- spreadsheet text
def is_formula_text(value) -> bool:
    """True for text that a spreadsheet would run: starting with ``= + - @``, tab or CR, unless it
    is a plain number (``-12.5``, ``+3%``), which a spreadsheet reads as that number."""
    return (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not _PLAIN_NUMBER.fullmatch(value))


def inert_csv(value) -> str:
    """A value as CSV cell text that no spreadsheet runs: formula-like text gets a leading ``'``.

    Numbers (int, float) are written as numbers, negatives included; missing is empty.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if is_formula_text(text) else text
