"""团队服务器 → 设为新的工作站…: the desk's questions behind it, run on a desk worker (they connect).

A store whose workstation id is another desk user's on the desk (a copy of their workstation's file
that joined under it, as before a join told copies apart) has every sync refused: the desk refuses
anyone's writes under another user's id. ``workbench desk reidentify`` is the way on at the command
line; the app offers the same (``identity.reidentify``), asked first and only for a store that is a
copy (``identity.copy_reason_asked``), then syncs. The answers come from the core's own tests, never
from a message's text.
"""

from __future__ import annotations


def copy_owner(store) -> str | None:
    """After a refused sync: the desk user whose workstation this store's id is, when not the user it
    syncs as; None when it is this user's or nobody's, or the desk cannot be asked now (never raises:
    the refusal is shown as it is)."""
    from workbench.desk import config as desk_config
    from workbench.desk import identity
    from workbench.desk.connection import connect

    try:
        config = desk_config.load(store)
        if config is None:
            return None
        with connect(config.url, config.password) as conn:
            return identity.anothers_workstation(store, conn)
    except Exception:  # (unreachable, or refused again: the refusal's own words stand)
        return None


def check_job(store, progress) -> str | None:
    """Whether the store is a copy (``identity.copy_reason_asked``), before the user is asked."""
    from workbench.desk import identity

    return identity.copy_reason_asked(store)


def reidentify_job(store, progress):
    """Give a copy a new workstation id of its own (``identity.reidentify``): asked again first, so a
    store that is no copy by now (the user took a while to answer) keeps its id. None when it is none."""
    from workbench.desk import identity

    reason = identity.copy_reason_asked(store)
    return None if reason is None else identity.reidentify(store, reason)
