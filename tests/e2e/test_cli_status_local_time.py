"""`workbench status` prints the status log's time as the rest of the command line does: in this
workstation's zone, to the second (the log's own ISO time converted with zoneinfo is the truth)."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from workbench.cli import main


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield ZoneInfo("Asia/Shanghai")
    monkeypatch.undo()
    time.tzset()


def test_status_prints_the_logs_time_in_local_time(demo_path, shanghai, capsys):
    capsys.readouterr()
    assert main(["status", "latest", "review", "--db", str(demo_path), "--by", "林思远"]) == 0
    out = capsys.readouterr().out
    with sqlite3.connect(demo_path) as conn:
        at = conn.execute("SELECT at FROM issue_log ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    local = datetime.fromisoformat(at).astimezone(shanghai).strftime("%Y-%m-%d %H:%M:%S")
    line = next(l for l in out.splitlines() if "-> review" in l)
    assert local in line and at not in line and "+00:00" not in line, (line, at)
