"""Times in the app are this workstation's: the status log, a final version's banner and the change
history convert the zone the store or the desk wrote them in (a colleague abroad, a desk server in
UTC) to the local one. Expected texts come from zoneinfo, not from the code under test."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest


def _shanghai(iso: str, fmt: str) -> str:
    return datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Shanghai")).strftime(fmt)


@pytest.mark.parametrize("iso", ["2026-11-30T11:39:00+00:00", "2026-11-30 11:39:00.123+00",
                                 "2026-11-30T23:59:30-05:00"])
def test_a_time_with_its_zone_is_shown_in_the_local_one(shanghai, iso):
    from ui.common.times import local_time, minute_time, short_time

    normal = iso.replace(" ", "T").replace("+00", "+00:00") if iso.endswith("+00") else iso
    assert local_time(iso) == _shanghai(normal, "%Y-%m-%d %H:%M:%S")
    assert minute_time(iso) == _shanghai(normal, "%Y-%m-%d %H:%M")
    assert short_time(iso) == _shanghai(normal, "%m-%d %H:%M")


def test_a_time_without_a_zone_is_shown_as_written(shanghai):
    from ui.common.times import local_time, minute_time

    assert local_time("2024-12-27T15:00:00") == "2024-12-27 15:00:00"
    assert minute_time("not a time") == "not a time" and minute_time(None) == ""


def test_the_editors_status_log_shows_its_times_in_the_local_zone(monkeypatch, make_editor, demo_path):
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    monkeypatch.setenv("TZ", "UTC")  # written on a workstation in UTC (a colleague's, pulled from the desk)
    time.tzset()
    try:
        with Store(demo_path) as store:
            change_status(store, 1, "review", by="林思远")
            logged = store.issue_log(1)[-1]["at"]
        assert logged.endswith("+00:00")
        monkeypatch.setenv("TZ", "Asia/Shanghai")  # and read here, eight hours ahead
        time.tzset()
        editor = make_editor(1)
        history = editor.history
        shown = [history.topLevelItem(i).text(0) for i in range(history.topLevelItemCount())]
        assert _shanghai(logged, "%Y-%m-%d %H:%M") in shown, (logged, shown)
        assert logged[:16].replace("T", " ") not in shown  # not the UTC time as written
    finally:
        monkeypatch.undo()
        time.tzset()
