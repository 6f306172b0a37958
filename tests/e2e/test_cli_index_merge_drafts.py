"""`workbench index merge KEEP DROP`: the drafts naming DROP name KEEP; `index unmerge` puts them back.

The scenario of a new week: the CSI AI index arrives with its code and a new name beside the
code-less index the drafts name; the analyst merges the code-less one into it.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from decimal import ROUND_HALF_UP, Decimal

import pytest

from workbench.drafting.lifecycle import change_status
from workbench.store import Store

KEEP, DROP = "中证人工智能主题指数", "中证人工智能指数"
WEEK = [("2024-12-31", 1280.4, 3934.91), ("2025-01-02", 1220.7, 3820.84), ("2025-01-03", 1190.3, 3775.16)]


def _content(path, issue_id: int) -> dict:
    with closing(sqlite3.connect(path)) as conn:
        return json.loads(conn.execute("SELECT content FROM issues WHERE id = ?", [issue_id]).fetchone()[0])


def _close(path, name: str, day: str) -> float:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT q.close FROM quotes q JOIN indices i ON i.id = q.index_id "
                            "WHERE i.name = ? AND q.date = ?", [name, day]).fetchone()[0]


def _printed(change: float) -> str:
    return f"{Decimal(repr(change * 100)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):+}%"


@pytest.fixture
def new_week(cli, demo_path, tmp_path):
    """The demo's issue published, next week's draft (#2) started, and the week's quotes imported with the
    AI index under its code and new name beside the code-less one both issues name."""
    with Store(demo_path) as s:
        change_status(s, 1, "review", by="ed")
        change_status(s, 1, "final", by="ed")
    out = cli("new-issue", "--from", "latest", "--db", demo_path)
    assert out.returncode == 0, out.stderr
    csv = tmp_path / "week2.csv"
    csv.write_text("date,code,name,close\n" + "".join(
        f"{d},930713.CSI,{KEEP},{ai}\n{d},000300.SH,沪深300,{hs}\n" for d, ai, hs in WEEK), encoding="utf-8")
    out = cli("import", csv, "--new-index", KEEP, "--db", demo_path)
    assert out.returncode == 0, out.stderr + out.stdout
    for issue_id in (1, 2):
        content = _content(demo_path, issue_id)
        assert content["sector_index"] == DROP and DROP in content["review_indices"]
    return demo_path


def test_the_merge_re_points_the_draft_and_says_so_and_the_review_finds_the_weeks_closes(cli, new_week):
    db = new_week
    final_before = _content(db, 1)
    base = _close(db, DROP, "2024-12-27")  # last week's close, held by the index about to be removed
    bench = _close(db, "沪深300", "2025-01-03") / _close(db, "沪深300", "2024-12-27") - 1
    out = cli("index", "merge", KEEP, DROP, "--db", db)
    assert out.returncode == 0, out.stderr
    assert f"第 2 期草稿改为引用“{KEEP}”，原为“{DROP}”" in out.stdout
    assert f"(the draft of issue #2 now names {KEEP} instead of {DROP}: indices reviewed, sector index)" in out.stdout
    assert "第 1 期" not in out.stdout  # published: frozen
    draft = _content(db, 2)
    assert draft["sector_index"] == KEEP
    assert DROP not in draft["review_indices"] and draft["review_indices"].count(KEEP) == 1
    assert _content(db, 1) == final_before

    out = cli("draft-review", "2", "--db", db)
    assert out.returncode == 0, out.stderr
    change = WEEK[-1][1] / base - 1
    verdict = "跑赢大盘" if change > bench else "跑输大盘"
    assert f"{KEEP}报收 {WEEK[-1][1]:.2f} 点，周涨跌幅为{_printed(change)}，{verdict}" in out.stdout
    assert f"{DROP}本周无行情" not in out.stdout and f"{KEEP}本周无行情" not in out.stdout
    out = cli("check", "2", "--db", db)
    said = out.stdout + out.stderr
    assert "市场回顾提到上证指数" in said  # (the file held no quotes of the other reviewed indices)
    assert f"提到{DROP}" not in said and f"提到{KEEP}" not in said


def test_a_review_drafted_before_the_merge_is_named_as_still_saying_the_old_name(cli, new_week):
    db = new_week
    assert cli("draft-review", "2", "--db", db).returncode == 0  # drafted with the old name
    out = cli("index", "merge", KEEP, DROP, "--db", db)
    assert out.returncode == 0, out.stderr
    assert f"市场回顾的文字仍写着“{DROP}”" in out.stdout and "workbench draft-review 2" in out.stdout


def test_unmerge_puts_back_what_the_merge_re_pointed_and_keeps_a_later_change(cli, new_week):
    db = new_week
    before = _content(db, 2)
    with closing(sqlite3.connect(db)) as conn:
        uid, position = conn.execute("SELECT uid, position FROM indices WHERE name = ?", [DROP]).fetchone()
        quotes = conn.execute("SELECT q.date, q.close, q.change, q.source FROM quotes q JOIN indices i "
                              "ON i.id = q.index_id WHERE i.name = ? ORDER BY q.date", [DROP]).fetchall()
    assert cli("index", "merge", KEEP, DROP, "--db", db).returncode == 0
    out = cli("index", "unmerge", DROP, "--db", db)
    assert out.returncode == 0, out.stderr
    assert "第 2 期草稿恢复引用合并前的指数（回顾的指数、行业指数）" in out.stdout
    assert _content(db, 2) == before
    with closing(sqlite3.connect(db)) as conn:
        # the index is back under a new row number, as itself: its uid (what the desk and the log name
        # it by), its place in the list and exactly its quotes; the drafts name it by its name
        assert conn.execute("SELECT uid, position FROM indices WHERE name = ?", [DROP]).fetchone() == (uid, position)
        assert conn.execute("SELECT q.date, q.close, q.change, q.source FROM quotes q JOIN indices i "
                            "ON i.id = q.index_id WHERE i.name = ? ORDER BY q.date", [DROP]).fetchall() == quotes
        # the quotes' change-log entries name an index by its code or name, never by its row number
        assert not conn.execute("SELECT count(*) FROM change_log WHERE entity = 'quote' AND key1 LIKE '#%'"
                                ).fetchone()[0]

    # merged again, then the analyst picks another sector index by hand: the undo leaves that choice
    assert cli("index", "merge", KEEP, DROP, "--db", db).returncode == 0
    with Store(db) as s:
        issue = s.issue(2)
        issue.sector_index = "申万电子"
        s.save_issue(issue, keep_status=True)
    out = cli("index", "unmerge", DROP, "--db", db)
    assert out.returncode == 0, out.stderr
    assert "第 2 期草稿恢复引用合并前的指数（回顾的指数）" in out.stdout
    assert "第 2 期草稿的行业指数在合并后已修改，保持不变" in out.stdout
    after = _content(db, 2)
    assert after["sector_index"] == "申万电子" and after["review_indices"] == before["review_indices"]
