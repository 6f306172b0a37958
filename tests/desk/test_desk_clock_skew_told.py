"""A workstation whose clock is off from the desk server's by more than five minutes is told at
each sync, in words (slow or fast, by how much); within five minutes nothing is said; `status` on
that store warns before it writes the status log. The server's own time is the truth, read here
with the superuser. Against a real PostgreSQL desk."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import psycopg

from workbench.cli import main
from workbench.desk import sync as desk_sync
from workbench.desk.sync import sync


def _server_now(super_url) -> datetime:
    with psycopg.connect(super_url) as conn:
        return conn.execute("SELECT clock_timestamp()").fetchone()[0]


def _clock_notes(result):
    return [n for n in result.notes if "时钟" in n]


def _shifted(monkeypatch, super_url, by: timedelta):
    """This workstation's clock: the server's, off by ``by``."""
    offset = _server_now(super_url) + by - datetime.now(timezone.utc)
    monkeypatch.setattr(desk_sync, "_utc_now", lambda: datetime.now(timezone.utc) + offset)


def test_a_clock_a_day_behind_is_told_in_words_at_sync(pair, monkeypatch):
    desk, (a, ca), _ = pair
    _shifted(monkeypatch, desk.super_url, -timedelta(days=1, minutes=3))
    [note] = _clock_notes(sync(a, ca))
    assert "本机时钟比团队服务器慢 1 天" in note and "1 day behind the desk server" in note


def test_a_clock_hours_ahead_is_told_too_and_a_close_one_is_not(pair, monkeypatch):
    desk, (a, ca), _ = pair
    _shifted(monkeypatch, desk.super_url, timedelta(hours=3, minutes=10))
    [note] = _clock_notes(sync(a, ca))
    assert "本机时钟比团队服务器快 3 小时" in note and "3 hours ahead of the desk server" in note
    _shifted(monkeypatch, desk.super_url, timedelta(minutes=2))
    assert _clock_notes(sync(a, ca)) == []


def test_status_on_a_store_with_a_known_skew_warns_before_writing_the_log(pair, monkeypatch, capsys):
    desk, (a, ca), _ = pair
    _shifted(monkeypatch, desk.super_url, -timedelta(days=1))
    sync(a, ca)
    issue_id = a.issue("latest").id
    path = a.path
    capsys.readouterr()
    assert main(["status", str(issue_id), "review", "--db", str(path), "--by", "林思远"]) == 0
    out = capsys.readouterr()
    assert "本机时钟比团队服务器慢 1 天" in out.err
    # a clock put right (the next sync finds it close): no warning any more
    _shifted(monkeypatch, desk.super_url, timedelta(0))
    sync(a, ca)
    capsys.readouterr()
    assert main(["status", str(issue_id), "draft", "--db", str(path), "--by", "林思远"]) == 0
    assert "时钟" not in capsys.readouterr().err
