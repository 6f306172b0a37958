"""A first issue: the draft for a chosen week when there is no earlier issue to copy forward.

Copy-forward (``workbench.drafting.lifecycle.copy_forward``) makes every later week's draft; a new
store, or a new series, starts here: the week (Monday to Sunday) around a chosen day, the house's
series and signing analysts, and the store's indices for the market review. Everything else is
left for the editor; the preflight says what is still missing.
"""

from __future__ import annotations

from datetime import date, timedelta

from workbench.domain.issue import Issue
from workbench.drafting.lifecycle import _refuse_a_taken_week, _who
from workbench.errors import ValidationError

DEFAULT_SERIES = "行业周报"
REVIEW_INDICES = 4  # indices named in a first market review, in the store's order
FIRST_YEAR = 1990  # the Shanghai and Shenzhen exchanges opened in 1990: no A-share week before
YEARS_AHEAD = 5  # a week further ahead than this is a typing slip (2205 for 2025), not a plan


def check_week_day(day: date, today: date | None = None) -> None:
    """Refuse a day outside the weeks a report can be about (FIRST_YEAR to YEARS_AHEAD years on)."""
    today = today or date.today()
    try:
        last = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        last = today.replace(year=today.year + YEARS_AHEAD, day=28)
    if not date(FIRST_YEAR, 1, 1) <= day <= last:
        raise ValidationError(f"日期超出范围，周报的日期应在 {FIRST_YEAR}-01-01 至 {last.isoformat()} 之间：{day.isoformat()} "
                              f"(the date is out of range: an issue's week lies between {FIRST_YEAR}-01-01 and "
                              f"{last.isoformat()})")


def _day(day: str | date) -> date:
    if isinstance(day, str):
        try:
            return date.fromisoformat(day.strip())
        except ValueError:
            raise ValidationError(f"日期无效（应为 YYYY-MM-DD）：{day!r} (not a date: use YYYY-MM-DD)") from None
    return day


def week_of(day: str | date) -> tuple[str, str]:
    """The week (Monday, Sunday) holding ``day`` (a date or YYYY-MM-DD), as ISO dates."""
    day = _day(day)
    monday = day - timedelta(days=day.weekday())
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()


def first_issue(store, day: str | date, *, by: str, series: str | None = None, again: bool = False) -> Issue:
    """A new draft for the week holding ``day``: the house's series (or ``series``), its analysts, the
    store's indices; published the Monday after the week. Refuses a week the series already has
    (``IssueExists``) unless ``again``. ``by`` names who made it (a blank name is refused)."""
    by = _who(by)
    check_week_day(_day(day))
    start, end = week_of(day)
    house = store.house()
    series = (series or "").strip() or next(iter(house.get("series") or []), "") or DEFAULT_SERIES
    if not again:
        _refuse_a_taken_week(store, series, start, end)
    benchmark = store.benchmark() or {}
    names = [i["name"] for i in store.indices()]
    review = [n for n in names if n != benchmark.get("name")][:REVIEW_INDICES - 1]
    if benchmark.get("name") in names:
        review.append(benchmark["name"])
    new = Issue(series=series, headline="", period_start=start, period_end=end,
                publish_date=(date.fromisoformat(end) + timedelta(days=1)).isoformat(),
                analysts=[a["id"] for a in store.analysts()], review_indices=review)
    with store.transaction():  # takes the write lock (BEGIN IMMEDIATE): two runs cannot both see the week free
        if not again:
            _refuse_a_taken_week(store, series, start, end)
        store.save_issue(new)
        store.log_status(new.id, None, "draft", by, new.version, None)
    return store.issue(new.id)
