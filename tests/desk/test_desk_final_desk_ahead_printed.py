"""What the desk check before a final (``workbench.desk.ahead.issue_check``) names, and how: only
what the issue prints (a colleague's save that changed none of its printed fields is no change, even
though the desk's copy of the issue still says 草稿 while this store moved it to review), the
benchmark an administrator moved on the desk (it decides the verdict and the cover chart), each
figure with every digit it was written with (6.4 against 6.44 亿元, a loss of -0.04 亿元 never
0.0), and a desk out of reach in words, never the driver's English. Against a real PostgreSQL desk;
the desk's rows read with psycopg, the figures recomputed with decimal arithmetic."""

from __future__ import annotations

import re
import socket
from urllib.parse import urlsplit
from decimal import Decimal

import psycopg
import pytest

from desk_testing import Desk

from workbench.desk.ahead import issue_check
from workbench.desk.sync import sync
from workbench.drafting.lifecycle import change_status, update_issue
from workbench.store import sync_state as state

T, NAME = "002045.SZ", "国光电器"  # printed by the demo issue's table (revenue and net profit 2023)


@pytest.fixture
def pair(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    ad = desk.join(demo_path, admin)
    ed = desk.join(tmp_path / "editor.sqlite", editor)
    yield desk, (ad, admin), (ed, editor)
    ad.close()
    ed.close()


def _desk_rows(desk, tbl: str) -> list[tuple[str, dict]]:
    """The feed's newest entry of each row of ``tbl``."""
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute("SELECT DISTINCT ON (key) key, data FROM desk.changes WHERE tbl = %s "
                            "ORDER BY key, id DESC", [tbl]).fetchall()


def _in_yi(value: float) -> str:
    """An amount in 亿元 as written: the decimal of the float's shortest repr, no trailing zeros."""
    return format((Decimal(repr(value)) / Decimal(10**8)).normalize(), "f")


def _numbers(text: str) -> list[Decimal]:
    return [Decimal(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text.replace(",", ""))]


def test_figures_that_print_alike_and_a_small_loss_are_named_with_every_digit(pair):
    desk, (ad, ca), (ed, ce) = pair
    issue = ed.issue("latest")
    revenue = ad.fact(T, "revenue", "2023A")
    moved = revenue + 0.04e8  # prints as the old one at the table's one decimal
    ad.set_fact(T, "revenue", "2023A", moved)
    ad.set_fact(T, "net_profit", "2023A", -0.04e8)  # a small loss, which the table prints 0.0
    sync(ad, ca)
    desk_facts = dict(_desk_rows(desk, "facts"))
    desk_revenue = desk_facts[f"{T}|revenue|2023A"]["value"]
    desk_profit = desk_facts[f"{T}|net_profit|2023A"]["value"]
    assert desk_profit < 0

    found = issue_check(ed, issue.id, config=ce)
    by_key = {c.key: c for c in found.changes}
    rev = by_key[f"{T}|revenue|2023A"]
    assert rev.desk_text != rev.mine_text  # the two read apart
    assert Decimal(_in_yi(desk_revenue)) in _numbers(rev.desk_text)
    assert Decimal(_in_yi(ed.fact(T, "revenue", "2023A"))) in _numbers(rev.mine_text)
    loss = by_key[f"{T}|net_profit|2023A"]
    assert Decimal(_in_yi(desk_profit)) in _numbers(loss.desk_text)  # -0.04, with its sign
    assert Decimal(_in_yi(ed.fact(T, "net_profit", "2023A"))) in _numbers(loss.mine_text)
    line = loss.describe()
    assert line.index(_in_yi(desk_profit)) < line.index("本机")


def test_a_colleagues_save_that_changed_nothing_printed_is_no_change(pair):
    desk, (ad, ca), (ed, ce) = pair
    issue_id = ed.issue("latest").id
    change_status(ed, issue_id, "review", by="ed")  # this store moved it on; not yet synced
    issue = ad.issue("latest")
    issue.headline = issue.headline  # saved again as it was
    update_issue(ad, issue)
    sync(ad, ca)
    [(uid, row)] = _desk_rows(desk, "issues")
    with psycopg.connect(desk.super_url) as conn:
        saves = conn.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'issues'").fetchone()[0]
    # the premise: the desk holds a later save of the issue, whose status is not this store's
    assert saves >= 2 and row["status"] == "draft" and ed.issue(issue_id).status == "review"
    found = issue_check(ed, issue_id, config=ce)
    assert found.reached and found.changes == [] and not found.behind

    # a change to what it prints still is one
    issue.headline = "周观点：团队库上改过的标题"
    update_issue(ad, issue)
    sync(ad, ca)
    found = issue_check(ed, issue_id, config=ce)
    [c] = found.changes
    assert c.table == "issues" and "团队库上改过的标题" in c.desk_text
    assert "status" not in c.describe() and "状态" not in c.describe()


def test_a_benchmark_moved_on_the_desk_is_named(pair):
    desk, (ad, ca), (ed, ce) = pair
    issue_id = ed.issue("latest").id
    was = ed.benchmark()
    new = ad.index("上证指数")
    assert was is not None and was["name"] != new["name"]
    ad.set_benchmark(new["id"])
    sync(ad, ca)
    flagged = [data["name"] for _, data in _desk_rows(desk, "indices") if data.get("is_benchmark")]
    assert flagged == [new["name"]]  # the premise: the desk's benchmark is another than this store's
    assert ed.benchmark()["name"] == was["name"]

    found = issue_check(ed, issue_id, config=ce)
    assert found.behind
    named = [c for c in found.changes if c.table == "indices"]
    assert any(new["name"] in c.what for c in named), [c.describe() for c in found.changes]
    text = "\n".join(found.lines())
    assert "基准指数" in text


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_desk_out_of_reach_is_said_in_words_never_the_drivers_english(pair):
    desk, (ad, ca), (ed, ce) = pair
    state.set_settings(ed, {state.SETTING_URL: f"postgresql://{urlsplit(ce.url).username}"
                                               f"@127.0.0.1:{_closed_port()}/desk"})
    found = issue_check(ed, "latest", timeout=2)
    assert found.joined and not found.reached
    zh = found.warning(state.ZH)
    assert "团队库上可能有更新的数据" in zh and "无法连接团队服务器" in zh
    assert not re.search(r"[A-Za-z]{3,}", zh), zh  # no libpq text, no host, in the Chinese words
    en = found.warning(state.EN)
    assert "cannot reach the desk server" in en and "Connection refused" not in en and "127.0.0.1" not in en
    both = found.warning()  # the command line: both languages, then the driver's own text
    assert "无法连接团队服务器" in both and "(cannot reach the desk server" in both
    assert "Connection refused" in both


def test_the_sync_after_a_final_names_a_small_loss_the_desk_holds_with_its_digits(pair):
    desk, (ad, ca), (ed, ce) = pair
    issue_id = ed.issue("latest").id
    printed = ed.fact(T, "net_profit", "2023A")
    assert printed > 0.05e8  # the premise: the issue prints a profit
    ad.set_fact(T, "net_profit", "2023A", -0.04e8)  # the desk: a small loss, which the table prints 0.0
    sync(ad, ca)
    change_status(ed, issue_id, "review", by="ed")
    change_status(ed, issue_id, "final", by="ed")  # (the library call: no desk check)
    desk_profit = dict(_desk_rows(desk, "facts"))[f"{T}|net_profit|2023A"]["value"]
    notes = [n for n in sync(ed, ce).notes if f"第 {issue_id} 期" in n and NAME in n and "归母净利润" in n]
    assert len(notes) == 1, notes
    after = notes[0].split("团队库在其发布前已改为", 1)[1]
    assert _numbers(after)[0] == Decimal(_in_yi(desk_profit))  # -0.04, never 0.0
