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


# ---------------------------------------------------------------------- the app
@pytest.fixture
def empty_window(qtbot, empty_path, settings, confirmations):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=confirmations)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    assert w.open_store(empty_path)
    return w


def test_an_empty_store_says_how_to_make_the_first_issue(empty_window):
    w = empty_window
    w.tabs.setCurrentWidget(w.issues_page)
    assert not w.new_issue_action.isEnabled()  # nothing to copy forward
    assert w.first_issue_action.isEnabled() and w.issues_page.first_button.isEnabled()
    said = w.issues_page.reader.toPlainText()
    assert w.issues_page.first_button.text().rstrip("…").replace("&", "") in said.replace("&", "")


def test_new_issue_drafts_the_chosen_week_lists_and_opens_it(empty_window, qtbot):
    w = empty_window
    issue_id = w.windows.new_first_issue("2025-03-05", "电子行业周报")
    assert issue_id is not None
    [row] = issues(w.session.path)
    assert row["id"] == issue_id and row["series"] == "电子行业周报"
    assert w.issues_page.current_issue_id() == issue_id
    assert issue_id in w.editors and w.editors[issue_id].isVisible()
    assert w.new_issue_action.isEnabled()  # now there is an issue to copy forward
    assert w.windows.new_first_issue("2025-03-07", "电子行业周报") is None  # the same week: refused
    assert len(issues(w.session.path)) == 1


def test_the_new_issue_dialog_shows_the_week_and_says_a_refusal(empty_window, qtbot):
    from PySide6.QtCore import QDate

    from ui.dialogs.new_issue import NewIssueDialog

    dialog = NewIssueDialog(["电子行业周报"], empty_window)
    qtbot.addWidget(dialog)
    dialog.day.setDate(QDate(2025, 3, 5))
    assert "2025-03-03" in dialog.week.text() and "2025-03-09" in dialog.week.text()
    dialog.submit = lambda day, series: "已有一期 (issue #1 already covers this series and week)"
    dialog.accept()
    assert dialog.isVisible() is False or dialog.result() == 0
    assert dialog.error.text() == "已有一期"


def test_empty_charts_draw_no_scale_and_no_empty_chooser(empty_window, qtbot):
    w = empty_window
    w.ensure_charts()
    area = w.charts
    assert area.chooser.isHidden()
    sketch = area._panels["market"].sketch if not area.is_live() else None
    if sketch is not None:  # before the live charts: the sketch draws the message alone
        image = sketch.render_image(400, 240)
        dark = sum(1 for x in range(0, 400, 2) for y in range(200, 236, 2)
                   if image.pixelColor(x, y).lightness() < 160)  # where an axis and its labels would be
        assert dark == 0
    area.load_panels()
    panel = area._panels["market"]
    assert not panel.plot.getAxis("left").isVisible() and not panel.plot.getAxis("bottom").isVisible()
    assert panel.title_item.text  # the message stays
