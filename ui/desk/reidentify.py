"""团队服务器 → 设为新的工作站…: the desk's questions behind it, run on a desk worker (they connect).

A store whose workstation id is another desk user's on the desk (a copy of their workstation's file
that joined under it, as before a join told copies apart) has every sync refused: the desk refuses
anyone's writes under another user's id. ``workbench desk reidentify`` is the way on at the command
line; the app offers the same (``identity.reidentify``), asked first and only for a store that is a
copy, then syncs. The answers come from the core's own tests, never from a message's text.
"""

from __future__ import annotations


def _anothers_id(store, conn) -> str | None:
    """The desk user whose workstation this store's id is, when not the user it syncs as (the core's
    test of a re-identified store's former id, asked of its present one)."""
    from workbench.desk import identity

    return identity._anothers_former(store, conn, store.workstation_id())


def copy_owner(store) -> str | None:
    """After a refused sync: the desk user whose workstation this store's id is, when not the user it
    syncs as; None when it is this user's or nobody's, or the desk cannot be asked now (never raises:
    the refusal is shown as it is)."""
    from workbench.desk import config as desk_config
    from workbench.desk.connection import connect

    try:
        config = desk_config.load(store)
        if config is None:
            return None
        with connect(config.url, config.password) as conn:
            return _anothers_id(store, conn)
    except Exception:  # (unreachable, or refused again: the refusal's own words stand)
        return None


def copy_reason(store) -> str | None:
    """Why this store is a copy of another workstation's file, in the core's words; None when it is not
    (its file is the one its id was given to, the id is this desk user's or nobody's, and the desk holds
    nothing under it this store did not make). Asks the desk: DeskError or DeskOffline when it cannot."""
    from workbench.desk import config as desk_config
    from workbench.desk import identity
    from workbench.desk.connection import connect

    reason = identity.copy_reason(store)
    if reason is not None:
        return reason
    config = desk_config.load(store)
    if config is None:  # (never joined: no desk holds its id)
        return None
    with connect(config.url, config.password) as conn:
        if _anothers_id(store, conn) is not None:
            return identity.joining_copy(store, conn)  # (whose workstation, since when)
        return identity.desk_reason(store, conn)


def check_job(store, progress) -> str | None:
    """Whether the store is a copy (``copy_reason``), before the user is asked."""
    return copy_reason(store)


def reidentify_job(store, progress):
    """Give a copy a new workstation id of its own (``identity.reidentify``): asked again first, so a
    store that is no copy by now (the user took a while to answer) keeps its id. None when it is none."""
    from workbench.desk import identity

    reason = copy_reason(store)
    return None if reason is None else identity.reidentify(store, reason)
