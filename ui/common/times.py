"""Times as the app shows them: in this workstation's time zone.

The reading itself is the core's (``workbench.domain.times.local_time``: the store's times and the
desk server's, each with its zone, shown in the local zone); this module adds the app's short forms.
"""

from __future__ import annotations

from workbench.domain.times import local_time


def short_time(iso: str | None) -> str:
    """``local_time`` as ``11-30 19:39`` (the full time goes in the caller's tooltip)."""
    return local_time(iso, "%m-%d %H:%M")


def minute_time(iso: str | None) -> str:
    """``local_time`` to the minute, ``2026-11-30 19:39`` (status logs, frozen versions)."""
    return local_time(iso, "%Y-%m-%d %H:%M")


__all__ = ["local_time", "minute_time", "short_time"]
