"""A final made knowingly without a colleague's correction is in the issue's record: `workbench status
ID final --accept-changes` on a joined store writes the desk changes it accepted (the desk's value,
then this store's, every digit, the first 20 then how many more) into the final's status-log entry,
as it writes the figures accepted since review; a final made while the desk was out of reach writes
that it was made offline and when the store last synced. Both read back from the store's log and
from `workbench record`'s status_log.csv. Against a real PostgreSQL desk; the desk's values read
with psycopg, the figures written out with decimal arithmetic."""

from __future__ import annotations

import csv
import io
import re
import socket
from decimal import Decimal

import psycopg
import pytest

from desk_testing import Desk

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.domain.times import local_time
from workbench.store import Store
from workbench.store import sync_state as state

pytestmark = pytest.mark.usefixtures("private_password_file")

T, NAME = "002045.SZ", "国光电器"  # printed by the demo issue's table


@pytest.fixture
def joined(pg_cluster, desk_db, demo_path, tmp_path, monkeypatch):
    """An administrator's store holding the demo and an editor's joined store (the issue in review)."""
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    ad = desk.join(demo_path, admin)
    path = tmp_path / "editor.sqlite"
    desk.join(path, editor).close()
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", editor.password)
    with Store(path) as s:
        issue_id = s.issue("latest").id
    assert main(["status", str(issue_id), "review", "--db", str(path), "--by", "ed"]) == 0
    yield desk, (ad, admin), path, issue_id, editor
    ad.close()


def _desk_values(desk, keys) -> dict[str, float]:
    """The desk's newest value of each figure, read from its feed."""
    with psycopg.connect(desk.super_url) as conn:
        rows = conn.execute("SELECT DISTINCT ON (key) key, data->>'value' FROM desk.changes WHERE tbl = 'facts' "
                            "AND key = ANY(%s) ORDER BY key, id DESC", [list(keys)]).fetchall()
    return {k: float(v) for k, v in rows}


def _in_yi(value: float) -> str:
    """An amount in 亿元 as written: the decimal of the float's shortest repr, no trailing zeros."""
    return format((Decimal(repr(value)) / Decimal(10**8)).normalize(), "f")


def _final_entry(path, issue_id) -> dict:
    with Store(path) as s:
        [entry] = [r for r in s.issue_log(issue_id) if r["to_status"] == "final"]
    return entry


def _record_reason(path, issue_id, out) -> str:
    """The final's reason as `workbench record` writes it in status_log.csv."""
    out.mkdir()
    assert main(["record", str(issue_id), "--db", str(path), "-o", str(out)]) == 0
    [folder] = [p for p in out.iterdir() if p.is_dir()]
    rows = list(csv.DictReader(io.StringIO((folder / "status_log.csv").read_text(encoding="utf-8-sig"))))
    [row] = [r for r in rows if r["to_status"] == "final"]
    return row["reason"]


def test_accepted_desk_change_is_written_into_the_finals_log_entry(joined, tmp_path, capsys):
    desk, (ad, admin), path, issue_id, _ = joined
    key = f"{T}|net_profit|2023A"
    ad.set_fact(T, "net_profit", "2023A", -0.04e8)  # a small loss: written -0.04, never 0.0
    sync(ad, admin)
    desk_now = _desk_values(desk, [key])[key]
    with Store(path) as s:
        here = s.fact(T, "net_profit", "2023A")
    assert _in_yi(desk_now) != _in_yi(here)
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed", "--reason", "按期发布",
                 "--accept-changes"]) == 0
    capsys.readouterr()
    for reason in (_final_entry(path, issue_id)["reason"], _record_reason(path, issue_id, tmp_path / "rec")):
        assert reason.startswith("按期发布")  # the editor's own reason first
        [named] = [part for part in re.split(r"[；;]", reason) if NAME in part]
        assert "归母净利润" in named or "净利润" in named
        # the desk's value first, then this store's, each with every digit it was written with
        assert named.index(_in_yi(desk_now)) < named.index("本机 this store") < named.rindex(_in_yi(here))
        assert "团队库" in reason and "accepted" in reason


def test_more_than_twenty_accepted_desk_changes_are_counted_after_the_first_twenty(joined):
    desk, (ad, admin), path, issue_id, _ = joined
    with Store(path) as s:
        issue = s.issue(issue_id)
        segments = set(issue.table.segments)
        tickers = sorted(c["ticker"] for c in s.companies() if c["segment"] in segments)
    changed = [t for t in tickers if ad.fact(t, "revenue", "2023A") is not None][:23]
    assert len(changed) == 23
    for t in changed:
        ad.set_fact(t, "revenue", "2023A", ad.fact(t, "revenue", "2023A") + 1.23e8)
    sync(ad, admin)
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed", "--accept-changes"]) == 0
    reason = _final_entry(path, issue_id)["reason"]
    desk_values = _desk_values(desk, [f"{t}|revenue|2023A" for t in changed])
    named = [v for v in desk_values.values() if _in_yi(v) in reason]
    assert len(named) == 20
    assert "另 3 项 (and 3 more)" in reason


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_final_made_offline_says_so_in_its_log_entry_with_the_last_sync(joined, tmp_path, capsys):
    desk, _, path, issue_id, editor = joined
    with Store(path) as s:
        last = s.get_setting(state.SETTING_LAST_SYNC)
        # the desk's server is away (nothing listens where it was)
        state.set_settings(s, {state.SETTING_URL: f"postgresql://{editor.user}@127.0.0.1:{_closed_port()}/desk"})
    assert last
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed"]) == 0
    capsys.readouterr()
    for reason in (_final_entry(path, issue_id)["reason"], _record_reason(path, issue_id, tmp_path / "rec")):
        assert reason and "离线定稿" in reason and "offline" in reason
        assert local_time(last, "%Y-%m-%d %H:%M") in reason
        assert "无法连接团队服务器" in reason  # why, in words
        assert "127.0.0.1" not in reason  # never the driver's own text


def test_a_final_the_desk_had_nothing_to_say_about_writes_no_desk_words(joined):
    desk, _, path, issue_id, _ = joined
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed"]) == 0
    assert not _final_entry(path, issue_id)["reason"]

