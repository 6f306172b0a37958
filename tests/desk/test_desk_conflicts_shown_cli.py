"""`workbench desk conflicts` tells the truth: the desk's side as this store last knew it from the
desk with the desk user and time of that value, none on the desk for a record it never had, the
desk's reason, every time in one format in the local zone."""

from __future__ import annotations

import re

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import Desk  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.drafting.lifecycle import change_status  # noqa: E402
from workbench.store import sync_state  # noqa: E402


@pytest.fixture
def analyst_final(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    ca = desk.user("analyst")
    a = desk.join(tmp_path / "a.sqlite", ca)
    issue_id, _ = sync_state.issue_uid(a, "latest")
    change_status(a, issue_id, "review", by="zhang")
    change_status(a, issue_id, "final", by="zhang")
    sync(a, ca)
    a.close()
    return admin, tmp_path / "a.sqlite"


def test_desk_conflicts_shows_the_desks_row_none_for_records_and_one_time_format(analyst_final, capsys):
    admin, path = analyst_final
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    blocks = re.split(r"\n(?=#\d+ )", out.strip())
    [refused] = [b for b in blocks if " issues " in b.splitlines()[0] and "refused by the desk" in b]
    theirs = [ln for ln in refused.splitlines() if ln.strip().startswith("theirs:")][0]
    assert "status: draft" in theirs and "final" not in theirs and admin.user in theirs
    assert "原因 reason:" in refused and "analyst" in refused
    logs = [b for b in blocks if " issue_log " in b.splitlines()[0]]
    assert logs and all("团队库没有此项" in b for b in logs)
    times = re.findall(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[^\s);]*", out)
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", t) for t in times), times
