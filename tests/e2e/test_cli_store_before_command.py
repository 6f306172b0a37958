"""The store option before the command: `workbench --db PATH check 1` works on PATH, as
`workbench check 1 --db PATH` does, for every command that takes --db (real processes)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _notes(path):
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT text FROM notes ORDER BY id")]
    finally:
        conn.close()


def test_check_with_the_store_before_the_command_is_the_check_with_it_after(cli, demo_path, tmp_path):
    after = cli("check", "1", "--db", demo_path, env={"HOME": str(tmp_path)})
    before = cli("--db", demo_path, "check", "1", env={"HOME": str(tmp_path)})
    assert "required" not in before.stderr, before.stderr
    assert (before.returncode, before.stdout, before.stderr) == (after.returncode, after.stdout, after.stderr)
    assert after.returncode in (0, 3) and "预检" in after.stdout  # the check ran on the demo store
    equals = cli(f"--db={demo_path}", "check", "1", env={"HOME": str(tmp_path)})
    assert (equals.returncode, equals.stdout) == (after.returncode, after.stdout)


def test_a_write_lands_in_the_store_named_before_the_command(cli, demo_path, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    first = _notes(demo_path)
    out = cli("--db", demo_path, "note", "add", "--text", "库在命令前", "--date", "2024-12-27",
              env={"HOME": str(home), "USER": "analyst1"})
    assert out.returncode == 0, out.stderr
    assert _notes(demo_path) == first + ["库在命令前"]  # read back with sqlite3
    assert list(home.rglob("*.sqlite")) == []  # no default store was made or written


def test_nested_commands_take_the_store_before_them_too(cli, demo_path):
    after = cli("index", "list", "--db", demo_path)
    before = cli("--db", demo_path, "index", "list")
    assert before.returncode == 0, before.stderr
    assert before.stdout == after.stdout and before.stdout.count("\n") >= 2
    listing = cli("--db", demo_path, "index", "unmerge", "--list")
    assert listing.returncode == 0, listing.stderr


def test_the_store_after_the_command_wins_over_the_one_before_and_over_the_environment(cli, demo_path, tmp_path):
    other = tmp_path / "other.sqlite"
    other.write_bytes(demo_path.read_bytes())
    out = cli("--db", demo_path, "note", "add", "--text", "后者", "--date", "2024-12-27", "--db", other,
              env={"USER": "analyst1"})
    assert out.returncode == 0, out.stderr
    assert "后者" in _notes(other) and "后者" not in _notes(demo_path)
    out = cli("--db", demo_path, "note", "add", "--text", "前者", "--date", "2024-12-27",
              env={"USER": "analyst1", "WORKBENCH_DB": str(other)})
    assert out.returncode == 0, out.stderr
    assert "前者" in _notes(demo_path) and "前者" not in _notes(other)


def test_the_environment_alone_still_names_the_store(cli, demo_path):
    out = subprocess.run([sys.executable, "-m", "workbench", "index", "list"], capture_output=True, text=True,
                         cwd=demo_path.parent, env={**os.environ, "LANG": "C.UTF-8", "WORKBENCH_DB": str(demo_path)})
    assert out.returncode == 0, out.stderr
    assert out.stdout == cli("index", "list", "--db", demo_path).stdout


def test_no_store_anywhere_is_still_the_usage_error(cli):
    out = cli("check", "1")
    assert out.returncode == 2 and "required: --db" in out.stderr, out.stderr
    out = cli("--db", "check", "1")  # the option's value missing: the command word is taken as the store
    assert out.returncode == 2, out.stderr


def test_an_export_with_the_store_before_it_stays_light(demo_path, tmp_path):
    script = ("import json, sys\nfrom workbench.cli import main\n"
              "code = main(['--db', sys.argv[1], 'export', 'latest', '-o', sys.argv[2]])\n"
              "print(json.dumps([code, sorted(sys.modules)]))\n")
    done = subprocess.run([sys.executable, "-c", script, str(demo_path), str(tmp_path / "out.pdf")], cwd=ROOT,
                          env={**os.environ, "LANG": "C.UTF-8"}, capture_output=True, text=True, check=True)
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0 and (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert [m for m in ("workbench.desk.cli", "sqlite_utils", "pandas") if m in modules] == []


def test_the_store_alone_still_opens_the_app_with_it(demo_path):
    from workbench.cli import main

    opened = []
    assert main(["--db", str(demo_path)], open_app=lambda path: opened.append(Path(path)) or 0) == 0
    assert opened == [demo_path]
