"""Times as the app shows them: in this workstation's time zone.

The store writes its times with their zone (``2026-11-30T19:41:07+08:00``) and the desk server
sends its own (``2026-11-30 11:39:00.1+00``); a workstation in another zone, or a row pulled from
a colleague abroad, shows every time in the local zone. A time written without a zone is shown as
written.
"""

from __future__ import annotations


def local_time(iso: str | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """``iso`` in this workstation's time zone, formatted with ``fmt``; empty for no time."""
    if not iso:
        return ""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(str(iso).strip())
    except ValueError:
        return str(iso)
    if when.tzinfo is not None:
        when = when.astimezone()  # the local zone (TZ, or the system's)
    return when.strftime(fmt)


def short_time(iso: str | None) -> str:
    """``local_time`` as ``11-30 19:39`` (the full time goes in the caller's tooltip)."""
    return local_time(iso, "%m-%d %H:%M")


def minute_time(iso: str | None) -> str:
    """``local_time`` to the minute, ``2026-11-30 19:39`` (status logs, frozen versions)."""
    return local_time(iso, "%Y-%m-%d %H:%M")


__all__ = ["local_time", "minute_time", "short_time"]
