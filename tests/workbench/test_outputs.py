"""Where the workbench may write, how a write lands, and what text a spreadsheet may receive."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from workbench.errors import WorkbenchError
from workbench.outputs import (UnsafeTarget, atomic_output, check_folder_target, check_target, child_path, database_in_use,
                               inert_csv, is_formula_text, safe_name, write_bytes)
from workbench.store import Store
from workbench.store import access

SQLITE_MAGIC = b"SQLite format 3\x00"


@pytest.fixture
def db(tmp_path):
    """A small SQLite database file (stands for the open store)."""
    path = tmp_path / "store.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


# ---------------------------------------------------------------------- check_target
def test_an_ordinary_new_or_existing_file_is_accepted(tmp_path, db):
    assert check_target(tmp_path / "new.pdf", db) == tmp_path / "new.pdf"
    old = tmp_path / "old.pdf"
    old.write_bytes(b"%PDF-1.4")
    assert check_target(old, db) == old


def test_the_store_itself_is_refused(db):
    with pytest.raises(UnsafeTarget, match="open store"):
        check_target(db, db)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_the_stores_companion_files_are_refused_even_before_they_exist(db, suffix):
    with pytest.raises(UnsafeTarget, match=suffix):
        check_target(str(db) + suffix, db)


def test_a_symlink_or_hard_link_to_the_store_is_refused(tmp_path, db):
    sym = tmp_path / "a.pdf"
    sym.symlink_to(db)
    hard = tmp_path / "b.pdf"
    os.link(db, hard)
    for link in (sym, hard):
        with pytest.raises(UnsafeTarget):
            check_target(link, db)
        with pytest.raises(UnsafeTarget):
            check_target(link)  # also by its content, with no store named


def test_another_database_is_refused_whatever_its_name(tmp_path):
    other = tmp_path / "report.xlsx"
    other.write_bytes(SQLITE_MAGIC + b"\x00" * 84)
    with pytest.raises(UnsafeTarget, match="SQLite database"):
        check_target(other)
    assert check_target(other, replace_database=True) == other


def test_the_companion_file_of_another_database_is_refused(tmp_path, db):
    with pytest.raises(UnsafeTarget, match="store.sqlite"):
        check_target(tmp_path / "store.sqlite-wal")  # no store named: found by the database beside it
    assert check_target(tmp_path / "notes.txt-wal") == tmp_path / "notes.txt-wal"  # no database beside it


def test_a_wal_log_file_is_refused_by_its_content(tmp_path):
    log = tmp_path / "x.pdf"
    log.write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 28)
    with pytest.raises(UnsafeTarget, match="log"):
        check_target(log)


def test_a_folder_a_missing_folder_and_a_device_are_refused(tmp_path):
    with pytest.raises(UnsafeTarget, match="folder"):
        check_target(tmp_path)
    with pytest.raises(UnsafeTarget, match="does not exist"):
        check_target(tmp_path / "missing" / "x.pdf")
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(UnsafeTarget, match="not a regular file"):
        check_target(fifo)


# ---------------------------------------------------------------------- atomic_output
def test_an_output_folder_is_refused_for_the_right_reason(tmp_path, db):
    assert check_folder_target(tmp_path, db) == tmp_path
    plain = tmp_path / "notes.txt"
    plain.write_text("mine")
    with pytest.raises(UnsafeTarget, match="not a folder"):
        check_folder_target(plain, db)
    with pytest.raises(UnsafeTarget, match="the target is the open store"):
        check_folder_target(db, db)
    with pytest.raises(UnsafeTarget, match="open store file -wal"):
        check_folder_target(str(db) + "-wal", db)
    link = tmp_path / "link"
    link.symlink_to(db)
    with pytest.raises(UnsafeTarget, match="the target is the open store"):
        check_folder_target(link, db)
    with pytest.raises(UnsafeTarget, match="does not exist"):
        check_folder_target(tmp_path / "nowhere", db)
    assert plain.read_text() == "mine" and not (tmp_path / "nowhere").exists()


def test_a_written_file_gets_0666_less_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        write_bytes(tmp_path / "a.pdf", b"one")
    finally:
        os.umask(old)
    old = os.umask(0o002)
    try:
        write_bytes(tmp_path / "b.pdf", b"two")
    finally:
        os.umask(old)
    assert oct((tmp_path / "a.pdf").stat().st_mode & 0o777) == "0o640"
    assert oct((tmp_path / "b.pdf").stat().st_mode & 0o777) == "0o664"


def test_a_failed_write_leaves_the_earlier_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"earlier")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("renderer failed")
    assert target.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_a_target_that_became_a_database_meanwhile_is_not_replaced(tmp_path):
    target = tmp_path / "a.pdf"
    with pytest.raises(UnsafeTarget):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"%PDF")
            target.write_bytes(SQLITE_MAGIC + b"\x00" * 84)  # another program saved a store here
    assert target.read_bytes() == SQLITE_MAGIC + b"\x00" * 84
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_a_folder_without_write_permission_is_a_message(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(WorkbenchError, match="Permission denied"):
        write_bytes(tmp_path / "a.pdf", b"x")


# ---------------------------------------------------------------------- names
@pytest.mark.parametrize("text, expected", [
    ("a/b", "a_b"),
    ("../../x", "_.._x"),
    ("a\\b:c", "a_b_c"),
    ("a\x00b\x1fc", "a_b_c"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("com1", "_com1"),
    ("CONSOLE", "CONSOLE"),
    (" .. ", "_"),
    ("", "_"),
    ("先进科技主题周报", "先进科技主题周报"),
])
def test_safe_name(text, expected):
    assert safe_name(text) == expected


def test_safe_name_stays_within_200_bytes():
    name = safe_name("周" * 100)  # 300 bytes in UTF-8
    assert name == "周" * 66 and len(name.encode("utf-8")) == 198


def test_child_path_stays_inside_its_folder(tmp_path):
    assert child_path(tmp_path, "record_1") == tmp_path / "record_1"
    for name in ("../x", "a/b", "..", "", "/etc/passwd"):
        with pytest.raises(UnsafeTarget):
            child_path(tmp_path, name)


# ---------------------------------------------------------------------- spreadsheet text
@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+cmd", "'+cmd"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("a=b", "a=b"),
    ("贵州茅台", "贵州茅台"),
    ("-12.5", "-12.5"),
    ("+3%", "+3%"),
    ("-1e-3", "-1e-3"),
    (-0.05, "-0.05"),
    (29661000000.0, "29661000000.0"),
    (-3, "-3"),
    (None, ""),
])
def test_inert_csv(value, expected):
    assert inert_csv(value) == expected


def test_is_formula_text_only_for_text():
    assert is_formula_text("=1") and is_formula_text("-A1")
    assert not is_formula_text(-1.0) and not is_formula_text("-1") and not is_formula_text("")


# ---------------------------------------------------------------------- databases in use
def test_database_in_use(tmp_path, db):
    assert database_in_use(db) is False
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM t").fetchall()
    assert database_in_use(db) is True
    reader.execute("COMMIT")
    reader.close()
    assert database_in_use(db) is False
    with Store(tmp_path / "open.sqlite") as s:  # WAL: its -wal file shows it is open
        assert s.counts()["issues"] == 0
        assert database_in_use(tmp_path / "open.sqlite") is True
    assert database_in_use(tmp_path / "open.sqlite") is False


# ---------------------------------------------------------------------- store access
def test_busy_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("WORKBENCH_BUSY_TIMEOUT_MS", raising=False)
    assert access.busy_timeout_ms() == 10000
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "250")
    assert access.busy_timeout_ms() == 250
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "soon")
    assert access.busy_timeout_ms() == 10000


def test_a_second_writer_gives_up_after_the_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "200")
    path = tmp_path / "s.sqlite"
    with Store(path) as first, Store(path) as second:
        with first.transaction():
            first.set_setting("who", "first")
            started = time.monotonic()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                with second.transaction():
                    second.set_setting("who", "second")
            waited = time.monotonic() - started
        assert 0.15 < waited < 5
        assert second.get_setting("who") == "first"


def test_a_transaction_that_read_first_still_waits_its_turn(tmp_path):
    """BEGIN IMMEDIATE: two read-then-write transactions in two threads both land, one after the
    other; with a plain BEGIN the later one fails at once on the other's newer commit."""
    import threading

    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        s.set_setting("n", "0")
    first_read = threading.Event()
    errors = []

    def increment(wait_before_write: float, signal: threading.Event | None, wait_for: threading.Event | None):
        try:
            if wait_for is not None:
                wait_for.wait(5)
            with Store(path) as st, st.transaction():
                value = int(st.get_setting("n"))
                if signal is not None:
                    signal.set()
                time.sleep(wait_before_write)
                st.set_setting("n", str(value + 1))
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)

    a = threading.Thread(target=increment, args=(0.5, first_read, None))
    b = threading.Thread(target=increment, args=(0.0, None, first_read))
    a.start()
    b.start()
    a.join()
    b.join()
    assert errors == []
    with Store(path) as s:
        assert s.get_setting("n") == "2"


@pytest.mark.parametrize("error, reason, words", [
    (sqlite3.OperationalError("database is locked"), "locked", "locked"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "read-only", "read-only"),
    (sqlite3.OperationalError("database or disk is full"), "full", "disk is full"),
    (sqlite3.OperationalError("unable to open database file"), "cannot-open", "cannot open"),
    (sqlite3.DatabaseError("file is not a database"), "damaged", "not a workbench store"),
    (sqlite3.IntegrityError("UNIQUE constraint failed: x.y"), "conflict", "UNIQUE"),
])
def test_explain_names_the_trouble_and_the_file(error, reason, words):
    explained = access.explain(error, "/data/desk.sqlite")
    assert explained.reason == reason
    assert words in str(explained) and "/data/desk.sqlite" in str(explained)


def test_a_store_that_may_not_be_written_opens_read_only(tmp_path, monkeypatch, demo_path):
    monkeypatch.setattr(access, "_writable", lambda path: False)
    before = demo_path.read_bytes()
    with Store(demo_path) as s:
        assert s.read_only is True
        assert s.counts()["companies"] == 66
        with pytest.raises(sqlite3.OperationalError, match="readonly|query_only|read-only"):
            s.set_setting("x", "y")
    assert demo_path.read_bytes() == before


def test_a_writable_store_opens_for_writing(tmp_path):
    with Store(tmp_path / "s.sqlite") as s:
        assert s.read_only is False
        s.set_setting("x", "y")
        assert s.get_setting("x") == "y"


# ---------------------------------------------------------------------- the table writer
def test_table_xlsx_strips_characters_excel_refuses_and_keeps_text_as_text(tmp_path):
    from openpyxl import load_workbook

    from workbench.tables import write_table

    out = tmp_path / "t.xlsx"
    write_table(["ticker", "name", "value"], [["600001.SH", "a\x01b\x1f=c", -1.5], ["600002.SH", "=1+1", None]],
                out, "xlsx")
    rows = [[(c.value, c.data_type) for c in r] for r in load_workbook(out).active.iter_rows(min_row=2)]
    assert rows == [[("600001.SH", "s"), ("ab=c", "s"), (-1.5, "n")],
                    [("600002.SH", "s"), ("=1+1", "s"), (None, "n")]]


def test_table_writer_refuses_the_store_and_writes_nothing(db, tmp_path):
    from workbench.tables import write_table

    before = db.read_bytes()
    for fmt in ("csv", "xlsx"):
        with pytest.raises(UnsafeTarget):
            write_table(["a"], [["=1"]], db, fmt, store_path=db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.sqlite"]
