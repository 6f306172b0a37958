"""The note and the listing of an issue held back because the desk already has the week's issue
(two workstations started it offline) are shown by the app, Chinese only, at once: the gloss rule
read that message's long English run before its gloss in exponential time, and the window froze at
every start (the app syncs when it opens). Against a real PostgreSQL desk; the app's own function
runs in a child process so that a relapse fails the test instead of hanging the suite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from workbench.desk.sync import sync
from workbench.drafting.lifecycle import copy_forward
from workbench.store import sync_state

ROOT = Path(__file__).resolve().parents[2]
_SHOW = ("import json, sys; from ui.common.i18n import for_ui; "
         "print(json.dumps([for_ui(t) for t in json.load(sys.stdin)], ensure_ascii=False))")


def _as_the_app_shows(texts: list[str]) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _SHOW], input=json.dumps(texts, ensure_ascii=False),
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_held_back_week_is_shown_in_chinese_without_hanging(pair):
    desk, (a, ca), (b, cb) = pair
    copy_forward(a, a.issue("latest").id, by="甲")
    copy_forward(b, b.issue("latest").id, by="乙")  # the same week, started on both offline
    sync(a, ca)
    result = sync(b, cb)
    notes = [n for n in result.notes if "same series and week" in n]
    [held] = [c for c in sync_state.conflicts(b) if c["tbl"] == "issues"]
    assert notes and sync_state.is_held(held)
    shown = _as_the_app_shows(notes + [held["message"]])
    for original, text in zip(notes + [held["message"]], shown):
        assert "团队库已有同一系列同一周的周报" in text, text
        assert "the desk already has" not in text and "held back" not in text, text  # no English gloss
        assert len(text) < len(original)


def test_desk_status_counts_the_issue_held_back_beside_the_changes_waiting(pair, capsys):
    """`workbench desk status` (and the status the app reads) counts a change the push holds back: the
    week's issue is neither waiting to be pushed nor on the desk, and "待推送 0" alone read as all sent."""
    from workbench.cli import main

    desk, (a, ca), (b, cb) = pair
    copy_forward(a, a.issue("latest").id, by="甲")
    copy_forward(b, b.issue("latest").id, by="乙")
    sync(a, ca)
    sync(b, cb)
    status = sync_state.status(b)
    assert (status["pending"], status["held"], status["conflicts"]) == (0, 1, 1)
    assert sync_state.status(a)["held"] == 0
    path = b.path
    b.close()
    assert main(["desk", "status", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "待推送 (pending changes): 0; 暂缓推送 (held back): 1，见 (see) `workbench desk conflicts`" in out
