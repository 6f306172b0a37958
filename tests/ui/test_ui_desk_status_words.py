"""The desk's part of the status bar says what a user needs in a line they can read at 1366 px: a
copy re-identified by the sync in a few words (no file path, no workstation ids: those stay in the
tooltip), the changes the push holds back beside those waiting (never "待推送 0" alone while the
week's issue is kept off the desk), the desk user the store syncs as, and a join refused for another
user's store with the app's own way on (not a command line cut in half). The core's real messages."""

from __future__ import annotations

import re
import uuid

from ui.desk.status import DeskStatusWidget
from ui.desk.words import message, status_line
from workbench.desk.identity import Reidentified
from workbench.desk.sync import _joined_as_another

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def test_a_reidentified_copy_reads_in_a_few_words_with_no_path_and_no_ids(qapp):
    old, new = str(uuid.uuid4()), str(uuid.uuid4())
    note = Reidentified(old, new, reason="数据文件是 /home/analyst/stores/week-2026-48/a.sqlite 的副本或恢复的备份 "
                                         "(the store is a copy of /home/analyst/stores/week-2026-48/a.sqlite, or a "
                                         "restored backup)").summary()
    line = status_line([note])
    assert line == "此数据文件是另一工作站文件的副本：已设为独立的工作站，数据没有任何丢失"
    assert not _UUID.search(line) and "/home" not in line and "(" not in line


def test_other_notes_keep_their_words_and_are_said_once(qapp):
    again = ("本工作站太久未同步，团队库已清理其未拉取的变更：重新拉取全部数据 (this workstation stayed away longer than "
             "the desk keeps its change feed: everything is pulled again)")
    line = status_line([again, again])
    assert line == "本工作站太久未同步，团队库已清理其未拉取的变更：重新拉取全部数据"


def test_a_store_joined_as_another_user_names_the_apps_way_on(qapp):
    refusal = _joined_as_another("postgresql://zhang_wei@desk.example/desk",
                                 "postgresql://li_na@desk.example/desk").message
    shown = message(refusal)
    assert shown.startswith("此数据文件已以另一团队库用户加入该团队库")
    assert "团队服务器 → 切换用户…" in shown
    assert "workbench" not in shown and "--db" not in shown and not shown.endswith("请用")


def test_held_back_changes_are_counted_beside_those_waiting(qtbot):
    widget = DeskStatusWidget()
    qtbot.addWidget(widget)
    widget.set_figures("2026-12-02T03:00:00+00:00", 0, 4, held=1)
    assert widget.text().endswith(" · 待推送 0 · 暂缓推送 1 · 冲突 4")
    assert "1 项修改暂缓推送" in widget.pending_label.toolTip()
    widget.set_figures("2026-12-02T03:00:00+00:00", 2, 0)  # nothing held: the count alone, as before
    assert widget.text().endswith(" · 待推送 2 · 冲突 0")
    assert "暂缓" not in widget.pending_label.toolTip()


def test_the_status_names_the_desk_user_it_syncs_as(qtbot):
    widget = DeskStatusWidget()
    qtbot.addWidget(widget)
    widget.set_state("online")
    widget.set_user("zhang_wei")
    assert "团队库用户：zhang_wei" in widget.state_label.toolTip()
    widget.set_state("offline", "无法连接团队服务器 (the desk server cannot be reached): connection refused")
    assert "团队库用户：zhang_wei" in widget.state_label.toolTip()
    assert "无法连接团队服务器" in widget.state_label.toolTip()
