"""Draft leases: one person edits a draft issue at a time.

Taking a lease needs the server (it is the server that others ask). While someone else holds an
issue's lease the server refuses every other user's write to that issue (row-level security), so
work done on it elsewhere, offline or not, comes back to its author as a conflict copy and never
lands over the holder's text. A lease runs out after ``hours`` unless renewed, so a forgotten one
frees itself; an editor may break one. A lease binds only while the issue is a draft on the desk:
once its holder moves it to review, it no longer blocks anyone (the editor's final above all).
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.desk import schema
from workbench.desk.config import DeskConfig, load
from workbench.desk.connection import connect
from workbench.desk.errors import DeskError
from workbench.domain.times import local_time
from workbench.store import sync_state

DEFAULT_HOURS = 8


@dataclass
class Lease:
    issue_id: int
    holder: str
    at: str
    expires: str
    mine: bool
    binding: bool = True  # False: the issue is out of draft on the desk, where no lease binds (nothing was taken)


def _config(store, config: DeskConfig | None) -> DeskConfig:
    config = config or load(store)
    if config is None:
        raise DeskError("此数据文件未加入团队库 (this store has not joined a desk)")
    return config


def lease_of(store, issue_ref, config: DeskConfig | None = None) -> Lease | None:
    """Who holds the issue's lease now (None: nobody)."""
    config = _config(store, config)
    issue_id, uid = sync_state.issue_uid(store, issue_ref)
    with connect(config.url, config.password) as conn:
        schema.check_compatible(conn)
        # a lease binds only while the issue is a draft on the desk (see schema v4)
        row = conn.execute("SELECT holder, at::text, expires::text, holder = current_user FROM desk.leases l "
                           "WHERE issue = %s AND expires > now() AND NOT EXISTS (SELECT 1 FROM desk.rows r "
                           "WHERE r.tbl = 'issues' AND r.key = l.issue AND r.data->>'status' IS DISTINCT FROM "
                           "'draft')", [uid]).fetchone()
    return Lease(issue_id, *row) if row else None


def take_lease(store, issue_ref, config: DeskConfig | None = None, hours: float = DEFAULT_HOURS) -> Lease:
    """Take (or renew) the lease of a draft issue; refused, naming the holder, while someone else holds it."""
    from psycopg import errors as pg_errors

    config = _config(store, config)
    issue_id, uid = sync_state.issue_uid(store, issue_ref)
    if store.issue(issue_id).status == "final":
        raise DeskError(f"第 {issue_id} 期已定稿 (issue {issue_id} is final): 定稿不能再编辑 (a final issue is not edited)")
    if not 0 < hours <= 24 * 7:
        raise DeskError(f"租约时长应在 0 到 168 小时之间 (a lease lasts more than 0 and at most 168 hours): {hours}")
    with connect(config.url, config.password) as conn:
        schema.check_compatible(conn)
        # the desk's word, not this store's: it may not have pulled the issue's publication yet
        status = conn.execute("SELECT data->>'status' FROM desk.rows WHERE tbl = 'issues' AND key = %s",
                              [uid]).fetchone()
        if status is not None and status[0] == "final":
            raise DeskError(f"第 {issue_id} 期已在团队库定稿 (issue {issue_id} is final on the desk): 请先同步 "
                            "(sync first); 定稿不能再编辑 (a final issue is not edited)")
        if status is not None and status[0] != "draft":
            # out of draft no lease binds (schema v4): nothing to take, nobody to wait for
            row = conn.execute("SELECT current_user, now()::text, (now() + %s * interval '1 hour')::text",
                               [hours]).fetchone()
            return Lease(issue_id, row[0], row[1], row[2], True, binding=False)
        try:
            with conn.transaction():
                row = conn.execute(
                    "INSERT INTO desk.leases (issue, ws, expires) VALUES (%s, %s, now() + %s * interval '1 hour') "
                    "ON CONFLICT (issue) DO UPDATE SET holder = current_user, ws = excluded.ws, at = now(), "
                    "expires = excluded.expires WHERE desk.leases.holder = current_user OR desk.leases.expires < now() "
                    "RETURNING holder, at::text, expires::text",
                    [uid, store.workstation_id(), hours]).fetchone()
        except pg_errors.InsufficientPrivilege:
            row = None
        if row is None:
            held = conn.execute("SELECT holder, at::text, expires::text FROM desk.leases WHERE issue = %s",
                                [uid]).fetchone()
            who = whom = "?"
            if held:  # who and when in each language: the English gloss never repeats the Chinese
                since, until = local_time(held[1]), local_time(held[2])
                who = f"{held[0]} (自 since {since}, 至 until {until})"
                whom = f"{held[0]} since {since} until {until}"
            raise DeskError(f"第 {issue_id} 期正由 {who} 编辑 (issue {issue_id} is being edited by {whom}): "
                            "只读打开 (open it read-only)")
    return Lease(issue_id, row[0], row[1], row[2], True)


def release_lease(store, issue_ref, config: DeskConfig | None = None, *, mine_only: bool = False) -> bool:
    """Give the lease back (an editor may also break someone else's). True when one was released.
    ``mine_only``: only a lease this user holds (an app giving back its own, which never ends one
    another editor took over since); none held: False.

    The other workstations hear of it at once (a notification on the desk's channel, as after a
    push, sent when the release commits): a draft open read-only there opens for editing without
    waiting for their next scheduled sync."""
    from workbench.desk.sync import NOTIFY_CHANNEL

    config = _config(store, config)
    _, uid = sync_state.issue_uid(store, issue_ref)
    with connect(config.url, config.password) as conn:
        schema.check_compatible(conn)
        with conn.transaction():
            cur = conn.execute("DELETE FROM desk.leases WHERE issue = %s"
                               + (" AND holder = current_user" if mine_only else ""), [uid])
            if cur.rowcount:
                conn.execute("SELECT pg_notify(%s, %s)", [NOTIFY_CHANNEL, store.workstation_id()])
            elif not mine_only:
                held = conn.execute("SELECT holder FROM desk.leases WHERE issue = %s AND expires > now()",
                                    [uid]).fetchone()
                if held:
                    raise DeskError(f"租约属于 {held[0]} (the lease is held by {held[0]}): 只有本人或编辑可释放 "
                                    "(only they or an editor may release it)")
    return cur.rowcount > 0
