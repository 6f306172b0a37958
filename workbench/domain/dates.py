"""Dates written in report text (12月29日, 2024-12-23, 20241223-20241229): found, read, and moved.

A weekly issue copied forward carries last week's dated phrases; this module finds them, reads
the date each means (a month-day without a year is read in the year closest to the issue), and
rewrites a date in the same style it was written in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)")
_ZH_FULL = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")
_ZH_MD = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_DAY_ONLY = re.compile(r"(?P<d>\d{1,2})\s*[日号]")
_RANGE_SEP = re.compile(r"\s*(?:[-–—~～]|至|到)\s*")
_AS_OF = re.compile(r"(?:截至|截止|截止到|截止至)\s*$")


@dataclass(frozen=True)
class DateMention:
    """A date or a date range written in a text: its span, what it says, and the dates it means."""

    start: int
    end: int
    text: str
    first: date
    last: date
    as_of: bool = False  # written as 截至<date>

    @property
    def is_range(self) -> bool:
        return self.first != self.last


@dataclass(frozen=True)
class _Single:
    start: int
    end: int
    match: re.Match
    value: date
    zh: bool


def _nearest(month: int, day: int, near: date) -> date | None:
    best = None
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((d - near).days) < abs((best - near).days):
            best = d
    return best


def _singles(text: str, near: date) -> list[_Single]:
    taken = bytearray(len(text) + 1)  # characters already read as part of a date
    found: list[_Single] = []
    for pattern, zh in ((_ZH_FULL, True), (_ISO, False), (_COMPACT, False), (_ZH_MD, True)):
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            month, day = int(m.group("m")), int(m.group("d"))
            if "y" in pattern.groupindex:
                try:
                    value = date(int(m.group("y")), month, day)
                except ValueError:
                    continue
            else:
                value = _nearest(month, day, near)
                if value is None:
                    continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            found.append(_Single(m.start(), m.end(), m, value, zh))
    return sorted(found, key=lambda s: s.start)


def find_dates(text: str, *, near: date) -> list[DateMention]:
    """Every date and date range in ``text``; a month-day is read in the year closest to ``near``.

    Ranges are two dates joined by -, –, —, ~, 至 or 到 (``12月23日-29日`` keeps the first's month).
    """
    text = text or ""
    singles = _singles(text, near)
    out: list[DateMention] = []
    i = 0
    while i < len(singles):
        a = singles[i]
        end, last = a.end, a.value
        sep = _RANGE_SEP.match(text, a.end)
        if sep and i + 1 < len(singles) and singles[i + 1].start == sep.end():
            b = singles[i + 1]
            end, last = b.end, b.value
            if last < a.value and not b.match.re.groupindex.get("y"):
                last = last.replace(year=last.year + 1) if _valid_next_year(last) else last
            i += 1
        elif sep and a.zh:
            day = _DAY_ONLY.match(text, sep.end())
            if day:
                moved = _day_after(a.value, int(day.group("d")))
                if moved is not None:
                    end, last = day.end(), moved
        as_of = bool(_AS_OF.search(text[max(0, a.start - 6):a.start]))
        out.append(DateMention(a.start, end, text[a.start:end], a.value, last, as_of))
        i += 1
    return out


def _valid_next_year(d: date) -> bool:
    try:
        d.replace(year=d.year + 1)
    except ValueError:
        return False
    return True


def _day_after(first: date, day: int) -> date | None:
    """The date with day-of-month ``day`` on or after ``first`` (same month, else the next)."""
    try:
        d = first.replace(day=day)
    except ValueError:
        d = None
    if d is not None and d >= first:
        return d
    nxt = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
    try:
        return nxt.replace(day=day)
    except ValueError:
        return None


def _render_single(match: re.Match, value: date) -> str:
    """``value`` written the way ``match`` was written (separators, spaces, zero padding)."""
    original = match.group(0)
    base = match.start()
    pieces = []
    pos = 0
    for name in ("y", "m", "d"):
        if name not in match.re.groupindex:
            continue
        s, e = match.span(name)
        s, e = s - base, e - base
        old = original[s:e]
        new = {"y": value.year, "m": value.month, "d": value.day}[name]
        padded = old.startswith("0") or (match.re in (_COMPACT, _ISO) and len(old) == 2)
        width = len(old) if (name == "y" or padded) else 1
        pieces.append(original[pos:s] + f"{new:0{width}d}")
        pos = e
    return "".join(pieces) + original[pos:]


def move_dates(text: str, moves: dict[tuple[date, date], tuple[date, date]], as_of_moves: dict[date, date],
               *, near: date) -> str:
    """``text`` with each written range in ``moves`` and each 截至<date> in ``as_of_moves`` rewritten
    in its own style; every other date is left as written."""
    text = text or ""
    singles = {s.start: s for s in _singles(text, near)}
    out, pos = [], 0
    for mention in find_dates(text, near=near):
        if (mention.first, mention.last) in moves and mention.is_range:
            new_first, new_last = moves[(mention.first, mention.last)]
        elif not mention.is_range and mention.as_of and mention.first in as_of_moves:
            new_first = new_last = as_of_moves[mention.first]
        else:
            continue
        out.append(text[pos:mention.start])
        out.append(_render_range(text, mention, singles, new_first, new_last))
        pos = mention.end
    out.append(text[pos:])
    return "".join(out)


def _render_range(text: str, mention: DateMention, singles: dict[int, _Single], first: date, last: date) -> str:
    a = singles[mention.start]
    if not mention.is_range:
        return _render_single(a.match, first)
    head = _render_single(a.match, first)
    sep = _RANGE_SEP.match(text, a.end)
    second_start = sep.end()
    b = singles.get(second_start)
    if b is not None:
        return head + sep.group(0) + _render_single(b.match, last)
    day = _DAY_ONLY.match(text, second_start)  # 12月23日-29日: the day alone, if still the same month
    if first.year == last.year and first.month == last.month:
        return head + sep.group(0) + _render_single(day, last)
    m = a.match
    month_day = f"{last.month}{text[m.end('m'):m.start('d')]}{day.group(0)}"
    return head + sep.group(0) + _render_single(_ZH_MD.match(month_day), last)
