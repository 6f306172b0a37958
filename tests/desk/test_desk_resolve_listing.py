"""What a conflict shows: the desk's value as it is now (not as it was at the conflict), conflicts a
later sync settled dropped, values in the store's words (a published version as its version and PDF
size, never base64), who and when on both sides; keep theirs on a row this store refuses says why.
Against a real PostgreSQL desk."""

from __future__ import annotations

import base64

import pytest

from workbench.cli import main
from workbench.desk.errors import DeskError
from workbench.desk.sync import resolve, sync
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store


def _contest_industry(a, ca, b, cb):
    a.set_company_field(T, "industry", "芯片设计")
    b.set_company_field(T, "industry", "半导体")
    sync(a, ca)
    assert sync(b, cb).conflicts == 1
    [c] = sync_state.conflicts(b)
    return c


def test_the_conflicts_command_shows_the_desks_current_value(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    _contest_industry(a, ca, b, cb)
    a.set_company_field(T, "industry", "模拟芯片")
    sync(a, ca)
    sync(b, cb)
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(b.path)]) == 0
    out = capsys.readouterr().out
    theirs_line = next(line for line in out.splitlines() if "theirs:" in line)
    assert "模拟芯片" in theirs_line and ca.user in theirs_line
    [c] = sync_state.described(b)
    assert c["now"]["industry"] == "模拟芯片" and c["stale"]


def test_a_conflict_a_later_sync_settled_is_dropped(pair):
    desk, (a, ca), (b, cb) = pair
    c = _contest_industry(a, ca, b, cb)
    a.set_company_field(T, "industry", "半导体")  # the desk comes round to b's value
    sync(a, ca)
    result = sync(b, cb)
    assert result.settled == 1
    assert sync_state.conflicts(b) == []
    assert sync_state.conflict(b, c["id"])["resolution"] is not None


def test_a_conflict_still_open_is_not_dropped(pair):
    desk, (a, ca), (b, cb) = pair
    _contest_industry(a, ca, b, cb)
    a.set_company_field(T, "full_name", "甲改的全称")  # another field: the contested one is unchanged
    sync(a, ca)
    assert sync(b, cb).settled == 0
    [c] = sync_state.described(b)
    assert not c["stale"] and c["fields"] == ["industry"]
    assert (c["mine_text"], c["now_text"]) == ("行业 industry: 半导体", "行业 industry: 芯片设计")


def test_a_published_version_and_a_status_step_read_in_the_stores_words():
    pdf = bytes(139 * 1024)
    image = {"issue": "u1", "version": 1, "pdf": {"$b64": base64.b64encode(pdf).decode("ascii")},
             "snapshot_json": '{"a": 1}', "frozen_by": "li"}
    text = sync_state.image_text("issue_versions", image)
    assert text.startswith("发布版本 v1 (PDF 139 KB)") and "$b64" not in text and "{" not in text
    step = sync_state.image_text("issue_log", {"from_status": "review", "to_status": "final", "version": 1,
                                                "by": "li"})
    assert "review" in step and "final" in step and "{" not in step
    assert sync_state.field_text("issues", "snapshot_json", '{"x": "' + "y" * 3000 + '"}').endswith("KB)")


def test_keep_theirs_on_a_row_this_store_refuses_says_why(pair):
    desk, (a, ca), (b, cb) = pair
    image = {"value": 1.0, "source": "x.csv"}
    with b.transaction():
        sync_state.record_local_refusals(b, [sync_state.Refusal("facts", "NOPE.SH|revenue|2023A", image,
                                                                "没有该公司 (no company): NOPE.SH")], {})
    [c] = sync_state.conflicts(b)
    assert c["by"] and c["at"]  # who and when on this side too
    seq = b.last_seq()
    with pytest.raises(DeskError) as err:
        resolve(b, c["id"], "theirs")
    assert "NOPE.SH" in str(err.value) and "--keep mine" in str(err.value)
    assert b.last_seq() == seq and sync_state.conflict(b, c["id"])["resolution"] is None
    resolve(b, c["id"], "mine")
    assert sync_state.conflicts(b) == []
