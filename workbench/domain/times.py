"""Times as people read them: in this workstation's time zone.

The store writes its times with their zone (``2026-11-30T19:41:07+08:00``) and the desk server
sends its own (``2026-11-30 11:39:00.1+00``); a workstation in another zone, or a row pulled from
a colleague abroad, shows every time in the local zone. A time written without a zone is shown as
written. The command line and the app (``ui.common.times``) both read times through here.
"""

from __future__ import annotations

from datetime import datetime


def local_time(iso: str | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """``iso`` in this workstation's time zone, formatted with ``fmt``; empty for no time, and the
    text as it is when it is no time."""
    if not iso:
        return ""
    try:
        when = datetime.fromisoformat(str(iso).strip())
    except ValueError:
        return str(iso)
    if when.tzinfo is not None:
        when = when.astimezone()  # the local zone (TZ, or the system's)
    return when.strftime(fmt)
