"""A first issue's week must be one a report can be about: from 1990 (the exchanges opened) to five
years ahead; year 1, 2099 or 9999 is refused up front with the range named, the store unchanged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workbench.cli import main
from workbench.drafting.first import check_week_day
from workbench.errors import ValidationError
from workbench.store import Store


@pytest.mark.parametrize("week", ["0001-01-01", "1989-12-31", "2099-06-01", "9999-12-20", "9999-12-31"])
def test_a_week_out_of_range_is_refused_up_front(demo_path, capsys, week):
    with Store(demo_path) as s:
        before = s.issues()
    capsys.readouterr()
    assert main(["new-issue", "--week", week, "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert week in err and "1990-01-01" in err and "Traceback" not in err
    with Store(demo_path) as s:
        assert s.issues() == before


def test_the_range_ends_five_years_ahead():
    today = date(2026, 11, 30)
    check_week_day(date(1990, 1, 1), today)
    check_week_day(date(2031, 11, 30), today)
    with pytest.raises(ValidationError):
        check_week_day(date(2031, 12, 1), today)
    with pytest.raises(ValidationError):
        check_week_day(date(1989, 12, 31), today)
    check_week_day(date(2033, 2, 28), date(2028, 2, 29))  # a leap day today


def test_a_week_in_range_is_made(demo_path):
    day = (date.today() + timedelta(days=300)).isoformat()
    assert main(["new-issue", "--week", day, "--db", str(demo_path)]) == 0
