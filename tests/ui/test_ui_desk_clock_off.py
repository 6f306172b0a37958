"""The status bar says when this computer's clock is off from the desk server's (as the last sync
found it): a mark whose tooltip says by how much in the UI's language; a clock found right shows
nothing. The difference is the one kept in the store (the truth: the setting the sync wrote)."""

from __future__ import annotations

from ui.desk.controller import _sync_job
from ui.desk.status import DeskStatusWidget


def _status_after_sync(store, skew_s):
    if skew_s is not None:
        store.set_setting("desk.clock_skew_s", str(skew_s))
    outcome, result, status = _sync_job(store, None)  # (no desk here: the sync is refused, the status is read)
    return status


def test_a_clock_a_day_behind_shows_in_the_status_bar(qtbot, demo_store):
    status = _status_after_sync(demo_store, -86400)
    widget = DeskStatusWidget()
    qtbot.addWidget(widget)
    widget.set_clock(status.get("clock"))
    assert not widget.clock_label.isHidden()
    tip = widget.clock_label.toolTip()
    assert ("慢 1 天" in tip) or ("1 day behind" in tip), tip
    assert "(" not in tip or "本机" not in tip  # one language, as the app shows core messages
    import re

    assert re.sub("<[^>]+>", "", widget.clock_label.text()) in widget.text()


def test_a_clock_found_right_shows_nothing(qtbot, demo_store):
    for skew in (None, 120):
        status = _status_after_sync(demo_store, skew)
        widget = DeskStatusWidget()
        qtbot.addWidget(widget)
        widget.set_clock(status.get("clock"))
        assert widget.clock_label.isHidden()
