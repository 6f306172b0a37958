"""An issue held back because the desk already has its week (two workstations started it offline)
is listed by `desk conflicts` and the app in words: its analysts by name, its body by the parts it
holds (never its JSON), and the desk's issue of that week named by its number here and its
headline, never by a UUID. Against a real PostgreSQL desk."""

from __future__ import annotations

import re

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.drafting.lifecycle import copy_forward
from workbench.store import sync_state

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_the_held_back_week_is_listed_without_uuids_or_json(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    theirs = copy_forward(a, a.issue("latest").id, by="甲")
    mine = copy_forward(b, b.issue("latest").id, by="乙")  # the same week, started on both offline
    sync(a, ca)
    sync(b, cb)
    [held] = [c for c in sync_state.conflicts(b) if c["tbl"] == "issues"]
    assert sync_state.is_held(held) and UUID.search(held["message"])  # the reason as recorded names a uid
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(b.path)]) == 0
    out = capsys.readouterr().out
    assert not UUID.search(out), out
    assert '{"' not in out and "cover_index" not in out, out
    analysts = [r["name"] for r in b.rows("SELECT a.name FROM issue_analysts ia JOIN analysts a ON a.id = "
                                          "ia.analyst_id WHERE ia.issue_id = ? ORDER BY ia.position", [mine.id])]
    assert analysts and "、".join(analysts) in out
    # the desk's issue of the week: as this store numbers it (pulled by the sync), with its headline
    [(number, headline)] = b.db.execute("SELECT id, headline FROM issues WHERE uid != ? AND period_start = ?",
                                        [held["key"], theirs.period_start]).fetchall()
    reason = [ln for ln in out.splitlines() if "reason:" in ln][0]
    assert f"第 {number} 期" in reason and f"issue {number}" in reason


def test_an_empty_field_of_a_held_issue_is_said_to_be_empty(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    copy_forward(a, a.issue("latest").id, by="甲")
    mine = copy_forward(b, b.issue("latest").id, by="乙")
    mine.industry = ""
    b.save_issue(mine)
    sync(a, ca)
    sync(b, cb)
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(b.path)]) == 0
    [line] = [ln for ln in capsys.readouterr().out.splitlines() if ln.strip().startswith("mine:")]
    assert "行业 industry: 空 (empty);" in line, line
