"""A `--db` that names no store is refused with a message, never turned into one: a 0-byte file
(a store truncated by a crash, `touch x.sqlite`) is refused like a missing one by every command,
`verify` included, and left at 0 bytes; `--db ""`, `--db .` and `WORKBENCH_DB=.` end in a message,
not a traceback. `backup -o` over a file that is no store backup (an exported PDF) says what the
file is and never destroys it, not even with --force.

Through the command line (``main``); the truth is the files themselves (sizes, hashes, sqlite3)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from workbench.cli import main


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", [["verify"], ["table", "issues"], ["check", "1"], ["backup", "-o", "{out}"],
                                     ["import", "{csv}"], ["export", "1", "-o", "{pdf}"]])
def test_an_empty_store_file_is_refused_and_left_empty(tmp_path, capsys, command):
    db = tmp_path / "z.sqlite"
    db.write_bytes(b"")
    csv = tmp_path / "ok.csv"
    csv.write_text("证券代码,证券简称,细分板块\n300493.SZ,润欣科技,AIOT soc\n", encoding="utf-8")
    args = [a.format(out=tmp_path / "b.sqlite", csv=csv, pdf=tmp_path / "o.pdf") for a in command]
    code = main([*args, "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and str(db) in err
    assert "为空" in err and "--new-store" in err
    assert db.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["z.sqlite", "ok.csv"])


def test_new_store_makes_a_store_in_an_empty_file(tmp_path, capsys):
    import sqlite3

    db = tmp_path / "e2.sqlite"
    db.write_bytes(b"")
    csv = tmp_path / "ok.csv"
    csv.write_text("证券代码,证券简称,细分板块\n300493.SZ,润欣科技,AIOT soc\n", encoding="utf-8")
    assert main(["import", str(csv), "--db", str(db), "--new-store"]) == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM companies").fetchall() == [("润欣科技",)]


def test_verify_of_a_store_truncated_to_nothing_fails(demo_path, capsys):
    assert main(["verify", "--db", str(demo_path)]) == 0
    for side in (demo_path.with_name(demo_path.name + "-wal"), demo_path.with_name(demo_path.name + "-shm")):
        side.unlink(missing_ok=True)
    demo_path.write_bytes(b"")
    capsys.readouterr()
    assert main(["verify", "--db", str(demo_path)]) == 1
    out = capsys.readouterr()
    assert "校验通过" not in out.out + out.err
    assert "为空" in out.err
    assert demo_path.stat().st_size == 0


@pytest.mark.parametrize("db", ["", "."])
def test_a_db_naming_no_file_is_a_message_not_a_traceback(tmp_path, db):
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("WORKBENCH_DB", None)
    before = sorted(os.listdir(tmp_path))
    for args, extra in ((["verify", "--db", db], {}), (["table", "issues", "--db", db], {}),
                        (["table", "issues"], {"WORKBENCH_DB": db})):
        done = subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                              env={**env, **extra}, cwd=tmp_path, timeout=120)
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert "错误 error:" in done.stderr
    assert sorted(os.listdir(tmp_path)) == before


def test_backup_over_an_exported_pdf_names_it_and_never_destroys_it(demo_path, tmp_path, capsys):
    pdf = tmp_path / "周报.pdf"
    assert main(["export", "1", "--db", str(demo_path), "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    sha = _sha(pdf)
    capsys.readouterr()
    assert main(["backup", "--db", str(demo_path), "-o", str(pdf)]) == 1
    err = capsys.readouterr().err
    assert "PDF" in err and "旧的备份" not in err
    assert main(["backup", "--db", str(demo_path), "-o", str(pdf), "--force"]) == 1
    err = capsys.readouterr().err
    assert "PDF" in err and "Traceback" not in err
    assert _sha(pdf) == sha
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("周报")) == ["周报.pdf"]


@pytest.mark.parametrize("command", [["verify"], ["table", "issues"], ["export", "latest", "-o", "{pdf}"],
                                     ["import", "{csv}"]])
def test_a_store_path_that_is_no_regular_file_is_refused_at_once(tmp_path, capsys, command):
    """A pipe (or a device) given as the store is refused naming it, never opened: reading a pipe
    would wait for a writer, and SQLite's own message ('disk I/O error') says nothing useful."""
    fifo = tmp_path / "pipe.sqlite"
    os.mkfifo(fifo)
    csv = tmp_path / "ok.csv"
    csv.write_text("证券代码,证券简称,细分板块\n300493.SZ,润欣科技,AIOT soc\n", encoding="utf-8")
    args = [a.format(pdf=tmp_path / "o.pdf", csv=csv) for a in command]
    code = main([*args, "--db", str(fifo)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and str(fifo) in err
    assert "不是普通文件" in err and "disk I/O" not in err
    assert not (tmp_path / "o.pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["pipe.sqlite", "ok.csv"])


def test_a_device_as_the_store_is_refused(capsys):
    code = main(["table", "issues", "--db", os.devnull])
    err = capsys.readouterr().err
    assert code == 1 and "不是普通文件" in err and "Traceback" not in err
