"""What the desk check before a final looks at (``workbench.desk.ahead.issue_check``): the
changes this store has not pulled to what the issue prints (a close of one of its indices within its
week, the issue's own text, a company the desk added to one of its table's segments), and nothing
else (a close after its week, a company in no segment of its table). Against a real PostgreSQL desk;
the desk's rows read with psycopg, this store's from the store."""

from __future__ import annotations

import psycopg
import pytest

from desk_testing import Desk

from workbench.desk.ahead import issue_check
from workbench.desk.sync import sync
from workbench.drafting.lifecycle import update_issue
from workbench.store import Store

INDEX = "上证指数"  # among the demo issue's review indices


@pytest.fixture
def pair(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    ad = desk.join(demo_path, admin)
    ed = desk.join(tmp_path / "editor.sqlite", editor)
    yield desk, (ad, admin), (ed, editor)
    ad.close()
    ed.close()


def _desk_row(desk, tbl: str, key: str) -> dict | None:
    with psycopg.connect(desk.super_url) as conn:
        row = conn.execute("SELECT data FROM desk.changes WHERE tbl = %s AND key = %s ORDER BY id DESC LIMIT 1",
                           [tbl, key]).fetchone()
        if row is None:
            row = conn.execute("SELECT data FROM desk.rows WHERE tbl = %s AND key = %s", [tbl, key]).fetchone()
    return row[0] if row else None


def _digits(text: str) -> str:
    return text.replace(",", "")


def test_a_close_of_one_of_its_indices_within_its_week_is_named_one_after_it_is_not(pair):
    desk, (ad, ca), (ed, ce) = pair
    issue = ed.issue("latest")
    index = ad.index(INDEX)
    [week_close] = [q for q in ad.quotes(index["id"], issue.period_start, issue.period_end)]
    ad.set_quote(index["id"], week_close["date"], round(week_close["close"] + 10, 2), week_close["change"])
    ad.set_quote(index["id"], "2025-01-06", 3500.0, 0.01)  # after the issue's week: printed nowhere in it
    sync(ad, ca)
    key = f"{index['uid']}|{week_close['date']}"
    desk_close = _desk_row(desk, "quotes", key)["close"]
    here = ed.quote_row(ed.index(INDEX)["id"], week_close["date"])["close"]
    assert desk_close != here

    found = issue_check(ed, issue.id, config=ce)
    assert found.reached and found.behind
    [c] = found.changes
    assert (c.table, c.key) == ("quotes", key)
    assert INDEX in c.what and week_close["date"] in c.what
    line = _digits(c.describe())
    assert line.index(f"{desk_close:.2f}") < line.index(f"{here:.2f}")


def test_the_issues_own_text_changed_on_the_desk_is_named(pair):
    desk, (ad, ca), (ed, ce) = pair
    issue = ad.issue("latest")
    issue.market_review = "本周上证指数报收 3410.14 点（团队库上改过的市场回顾）。"
    update_issue(ad, issue)
    sync(ad, ca)
    found = issue_check(ed, ed.issue("latest").id, config=ce)
    [c] = found.changes
    assert c.table == "issues"
    uid = c.key
    assert _desk_row(desk, "issues", uid) is not None
    # (the part that differs marked 〖〗, as the conflicts list marks it)
    desk_text, mine_text = (t.replace("〖", "").replace("〗", "") for t in (c.desk_text, c.mine_text))
    assert "3410.14" in desk_text and "3410.14" not in mine_text
    assert "市场回顾" in c.describe()


def test_a_company_the_desk_added_to_a_table_segment_is_named_one_in_no_segment_is_not(pair):
    desk, (ad, ca), (ed, ce) = pair
    segment = ed.issue("latest").table.segments[0]
    ad.upsert_companies([{"ticker": "600000.SH", "name": "新公司甲", "segment": segment},
                         {"ticker": "600001.SH", "name": "新公司乙"}])
    sync(ad, ca)
    assert _desk_row(desk, "companies", "600000.SH")["name"] == "新公司甲"
    assert _desk_row(desk, "companies", "600001.SH") is not None
    found = issue_check(ed, ed.issue("latest").id, config=ce)
    assert [(c.table, c.key) for c in found.changes] == [("companies", "600000.SH")]
    assert "新公司甲" in found.changes[0].describe()


def test_nothing_waiting_on_the_desk_lets_the_final_through(pair):
    desk, (ad, ca), (ed, ce) = pair
    found = issue_check(ed, ed.issue("latest").id, config=ce)
    assert found.reached and not found.behind and found.warning() is None
    with Store(ed.path) as again:  # (and an unchanged store on a second look)
        assert not issue_check(again, "latest", config=ce).behind
