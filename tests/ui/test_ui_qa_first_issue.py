"""A first issue for a chosen week: from the command line (``new-issue --week``) and from the app's
新建周报… on a new, empty store, whose empty views say what to do next."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.cli import main
from workbench.store import Store


@pytest.fixture
def empty_path(tmp_path):
    path = tmp_path / "new.sqlite"
    Store(path).close()
    return path


def issues(path):
    with Store(path) as store:
        return store.issues()


def test_the_command_line_makes_a_first_issue_for_the_week_of_a_day(empty_path, capsys):
    assert main(["new-issue", "--db", str(empty_path), "--week", "2025-03-05", "--series", "电子行业周报",
                 "--by", "编辑"]) == 0
    [row] = issues(empty_path)
    start, end = date.fromisoformat(row["period_start"]), date.fromisoformat(row["period_end"])
    assert start.weekday() == 0 and (end - start).days == 6 and start <= date(2025, 3, 5) <= end
    assert row["series"] == "电子行业周报" and row["status"] == "draft"
    assert f"#{row['id']}" in capsys.readouterr().out
    with Store(empty_path) as store:
        assert store.issue_log(row["id"])[-1]["by"] == "编辑"


def test_the_same_week_again_is_refused_and_changes_nothing(empty_path, capsys):
    assert main(["new-issue", "--db", str(empty_path), "--week", "2025-03-03", "--series", "周报"]) == 0
    before = issues(empty_path)
    assert main(["new-issue", "--db", str(empty_path), "--week", "2025-03-09", "--series", "周报"]) == 1
    err = capsys.readouterr().err
    assert "已有一期" in err and "Traceback" not in err
    assert issues(empty_path) == before


@pytest.mark.parametrize("argv", [["--week", "2025-13-01"], ["--week", "下周"]])
def test_a_bad_day_is_refused_with_the_store_unchanged(empty_path, capsys, argv):
    assert main(["new-issue", "--db", str(empty_path), *argv]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err and issues(empty_path) == []


@pytest.mark.parametrize("argv", [[], ["--from", "latest", "--week", "2025-03-03"], ["--from", "1", "--series", "x"]])
def test_from_and_week_are_one_or_the_other(empty_path, argv):
    with pytest.raises(SystemExit) as exited:
        assert main(["new-issue", "--db", str(empty_path), *argv]) == 2
        raise SystemExit(2)
    assert exited.value.code == 2
    assert issues(empty_path) == []


def test_a_first_issue_takes_the_house_s_series_and_analysts(demo_path):
    from workbench.drafting.first import first_issue

    with Store(demo_path) as store:
        issue = first_issue(store, "2031-06-18", by="编辑")
        assert issue.series == store.house()["series"][0]
        assert issue.analysts == [a["id"] for a in store.analysts()]
        assert set(issue.review_indices) <= {i["name"] for i in store.indices()}
        assert issue.publish_date > issue.period_end
