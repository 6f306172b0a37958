"""`workbench table … -o`, `check` and `status … review|final` show a progress bar on a terminal, as
`export` does, and none when stderr is piped; Ctrl-C in the middle of `status … final` (the SIGINT a
terminal sends) exits 130 with the store unchanged."""

from __future__ import annotations

import io
import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import time

from openpyxl import load_workbook

from workbench.cli import main
from workbench.store import Store

BAR = "[" + "#" * 30 + "]"  # a full bar, as workbench.progress.TextProgressBar draws it


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(monkeypatch, argv, stderr):
    monkeypatch.setattr(sys, "stderr", stderr)
    code = main(argv)
    monkeypatch.undo()
    return code


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_table_to_a_file_shows_a_bar_on_a_terminal_and_none_when_piped(demo_path, tmp_path, monkeypatch):
    db = str(demo_path)
    screen, piped = Terminal(), io.StringIO()
    assert _run(monkeypatch, ["table", "financials", "--db", db, "--format", "xlsx", "-o",
                              str(tmp_path / "a.xlsx")], screen) == 0
    assert _run(monkeypatch, ["table", "financials", "--db", db, "--format", "xlsx", "-o",
                              str(tmp_path / "b.xlsx")], piped) == 0
    shown = screen.getvalue()
    assert "写入 (writing)" in shown and BAR in shown and "行已写入" in shown
    assert "[#" not in piped.getvalue() and "[-" not in piped.getvalue() and "行已写入" in piped.getvalue()
    # the file holds every fact, header first, whatever the bar did
    with Store(demo_path) as store:
        facts = len(store.facts())
    for name in ("a.xlsx", "b.xlsx"):
        rows = list(load_workbook(tmp_path / name, read_only=True).active.iter_rows(values_only=True))
        assert len(rows) == facts + 1 and rows[0][:3] == ("ticker", "name", "period")


def test_check_and_status_show_a_bar_on_a_terminal_and_none_when_piped(demo_path, monkeypatch, capsys):
    db = str(demo_path)
    screen, piped = Terminal(), io.StringIO()
    assert _run(monkeypatch, ["check", "latest", "--db", db], screen) == 0
    assert "预检 (checking)" in screen.getvalue() and BAR in screen.getvalue()
    assert _run(monkeypatch, ["check", "latest", "--db", db], piped) == 0
    assert "[#" not in piped.getvalue() and "[-" not in piped.getvalue()
    screen, piped = Terminal(), io.StringIO()
    assert _run(monkeypatch, ["status", "latest", "review", "--by", "qa", "--db", db], screen) == 0
    assert "预检 (checking)" in screen.getvalue() and screen.getvalue().rstrip("\n").endswith("完成 (done)".ljust(40))
    screen = Terminal()
    assert _run(monkeypatch, ["status", "latest", "final", "--by", "qa", "--db", db], screen) == 0
    assert "排版 (laying out)" in screen.getvalue()  # the PDF laid out and frozen
    assert screen.getvalue().endswith("\n")  # what follows starts a line of its own
    with Store(demo_path) as store:
        assert store.issue("latest").status == "final"
    assert "[#" not in capsys.readouterr().out and "[-" not in capsys.readouterr().out  # never on stdout


def test_ctrl_c_during_status_final_exits_130_and_changes_nothing(demo_path):
    db = str(demo_path)
    assert main(["status", "latest", "review", "--by", "qa", "--db", db]) == 0
    before = dump(demo_path)
    master, slave = pty.openpty()  # stderr on a terminal: the bar shows when the PDF is being laid out
    env = dict(os.environ, LANG="C.UTF-8")
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "status", "latest", "final", "--by", "qa",
                             "--db", db], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 120
    while "排版".encode() not in seen and time.monotonic() < deadline and proc.poll() is None:
        if select.select([master], [], [], 0.5)[0]:
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
    assert "排版".encode() in seen, seen.decode(errors="replace")
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=120)
    while select.select([master], [], [], 0.2)[0]:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    text = seen.decode(errors="replace")
    assert proc.returncode == 130, text
    assert "已取消 cancelled" in text and "Traceback" not in text
    assert dump(demo_path) == before
    with Store(demo_path) as store:
        assert store.issue("latest").status == "review" and not store.versions(store.issue("latest").id)
