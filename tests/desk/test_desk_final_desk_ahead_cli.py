"""`workbench status ID final` on a joined store first asks the desk whether it holds changes this
store has not pulled to what the issue prints: a figure the desk corrected since the last pull
stops the final (exit 3) naming the company, figure, period, the desk's value and this store's;
`--accept-changes` publishes anyway; a desk that cannot be reached lets the final go on with a
warning naming the last sync; the sync that later pulls the correction names the issue that printed
the old figure. Against a real PostgreSQL desk; the desk's value read with psycopg, the PDF read
back with pypdf."""

from __future__ import annotations

import io
import re
import socket
import time

import psycopg
import pytest
from pypdf import PdfReader

from desk_testing import Desk

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.domain.metrics import format_value
from workbench.domain.times import local_time
from workbench.store import Store
from workbench.store import sync_state as state

pytestmark = pytest.mark.usefixtures("private_password_file")

T, NAME, METRIC, PERIOD = "002045.SZ", "国光电器", "revenue", "2023A"  # printed by the demo issue's table
KEY = f"{T}|{METRIC}|{PERIOD}"


@pytest.fixture
def stale(pg_cluster, desk_db, demo_path, tmp_path, monkeypatch):
    """An administrator's store holding the demo and an editor's joined store; the administrator
    then corrects a revenue the issue's table prints and syncs, the editor does not."""
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    ad = desk.join(demo_path, admin)
    path = tmp_path / "editor.sqlite"
    desk.join(path, editor).close()
    was = ad.fact(T, METRIC, PERIOD)
    ad.set_fact(T, METRIC, PERIOD, round(was * 1.0624, -6))  # 59.3 -> 63.0 亿元
    sync(ad, admin)
    ad.close()
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", editor.password)
    with Store(path) as s:
        issue_id = s.issue("latest").id
    return desk, path, issue_id, editor


def review(path, issue_id) -> None:
    assert main(["status", str(issue_id), "review", "--db", str(path), "--by", "ed"]) == 0


def desk_value(desk) -> float:
    """The desk's current value of the figure (its newest version in the feed)."""
    with psycopg.connect(desk.super_url) as conn:
        return float(conn.execute("SELECT data->>'value' FROM desk.changes WHERE tbl = 'facts' AND key = %s "
                                  "ORDER BY id DESC LIMIT 1", [KEY]).fetchone()[0])


def local_value(path) -> float:
    with Store(path) as s:
        return s.fact(T, METRIC, PERIOD)


def printed_row(path, issue_id) -> str:
    """The published PDF's line of the company, read back."""
    with Store(path) as s:
        pdf = s.version_pdf(issue_id, s.versions(issue_id)[-1]["version"])
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    [line] = [line for line in text.splitlines() if T in line and NAME in line]
    return line


def amount(value: float) -> str:
    return format_value("amount", value)


def test_final_stops_naming_the_figure_the_desk_corrected(stale, capsys):
    desk, path, issue_id, _ = stale
    review(path, issue_id)
    desk_now, here = desk_value(desk), local_value(path)
    assert amount(desk_now) != amount(here)
    capsys.readouterr()
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed"]) == 3
    err = capsys.readouterr().err
    [line] = [line for line in err.splitlines() if NAME in line]
    assert T in line and "营业收入" in line and "2023" in line
    # the desk's value first, then this store's, as the grid prints them
    assert line.index(amount(desk_now)) < line.index(amount(here))
    assert "workbench sync" in err and "--accept-changes" in err
    with Store(path) as s:  # nothing frozen
        assert s.versions(issue_id) == [] and s.issue(issue_id).status == "review"
    # synced, the desk has nothing more to say; the figure changed since review is the usual stop,
    # and accepted, the issue prints the desk's value
    assert main(["sync", "--db", str(path)]) == 0
    capsys.readouterr()
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed"]) == 3
    err = capsys.readouterr().err
    assert "送审后" in err and "团队库" not in err
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed", "--accept-changes"]) == 0
    assert "团队库" not in capsys.readouterr().err
    assert amount(desk_now) in printed_row(path, issue_id).split()
    assert amount(here) not in printed_row(path, issue_id).split()


def test_accepted_the_final_publishes_this_stores_value_and_the_sync_names_it(stale, capsys):
    desk, path, issue_id, _ = stale
    review(path, issue_id)
    desk_now, here = desk_value(desk), local_value(path)
    capsys.readouterr()
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed", "--accept-changes"]) == 0
    err = capsys.readouterr().err
    assert any(NAME in line and amount(desk_now) in line and amount(here) in line for line in err.splitlines())
    assert amount(here) in printed_row(path, issue_id).split()
    # the sync that pulls the correction says which issue printed the old figure
    assert main(["sync", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    notes = [line for line in out.splitlines() if f"第 {issue_id} 期 v1" in line]
    assert len(notes) == 1, out
    note = notes[0]
    assert NAME in note and "营业收入" in note and "发布前" in note
    assert note.index(amount(here)) < note.index(amount(desk_now))
    assert local_value(path) == desk_value(desk)  # (pulled)
    # a second sync has nothing new to say
    assert main(["sync", "--db", str(path)]) == 0
    assert f"第 {issue_id} 期" not in capsys.readouterr().out


def test_the_same_value_on_both_sides_does_not_stop_the_final(stale, capsys):
    desk, path, issue_id, _ = stale
    with Store(path) as s:  # the same correction imported here too (not yet pushed)
        s.set_fact(T, METRIC, PERIOD, desk_value(desk))
    review(path, issue_id)
    capsys.readouterr()
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed"]) == 0
    err = capsys.readouterr().err
    assert "团队库" not in err
    assert amount(desk_value(desk)) in printed_row(path, issue_id).split()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_desk_out_of_reach_lets_the_final_go_on_with_the_last_sync_named(stale, capsys):
    desk, path, issue_id, editor = stale
    review(path, issue_id)
    with Store(path) as s:
        last = s.get_setting(state.SETTING_LAST_SYNC)
        # the desk's server is away (nothing listens where it was)
        state.set_settings(s, {state.SETTING_URL: f"postgresql://{editor.user}@127.0.0.1:{_closed_port()}/desk"})
    assert last
    capsys.readouterr()
    started = time.monotonic()
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed"]) == 0
    assert time.monotonic() - started < 30
    err = capsys.readouterr().err
    [warn] = [line for line in err.splitlines() if "本机上次与团队库同步于" in line]
    assert local_time(last, "%Y-%m-%d %H:%M") in warn and "团队库上可能有更新的数据" in warn
    with Store(path) as s:
        assert s.issue(issue_id).status == "final" and len(s.versions(issue_id)) == 1


def test_a_store_without_a_desk_finalises_without_a_word_about_one(demo_path, capsys):
    with Store(demo_path) as s:
        issue_id = s.issue("latest").id
    assert main(["status", str(issue_id), "review", "--db", str(demo_path), "--by", "ed"]) == 0
    capsys.readouterr()
    assert main(["status", str(issue_id), "final", "--db", str(demo_path), "--by", "ed"]) == 0
    assert not re.search("团队库|desk", capsys.readouterr().err)
