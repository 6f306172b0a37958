"""Synchronising a workstation's store with the desk server: join, sync, conflicts.

A sync pulls what others changed, pushes what this store changed since its last push, and pulls
again (which also confirms its own changes). Each step is one transaction on its side:

- **push**: one PostgreSQL transaction holding the desk's push lock, so the feed's ids are
  committed in order. Each changed row goes with the revision this store last agreed on; the
  server applies it when nobody else changed the row since, and keeps the rest as conflicts (the
  server's value stays). The transaction also records the newest local change seq it carries as
  the workstation's high-water mark, so a push retried after a lost acknowledgement applies
  nothing twice.
- **pull**: the feed after the last id seen, applied in one local transaction logged with
  origin ``sync`` (never pushed back); rows with unpushed local changes are left for the push,
  where they meet the server's value as a conflict if they differ.

Interrupted anywhere, both sides stay consistent and the next sync completes the work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

from workbench.desk import schema
from workbench.desk.config import DeskConfig, password_for, split_password
from workbench.desk.connection import connect
from workbench.desk.errors import DeskError, DeskOffline
from workbench.store import sync_state as state
from workbench.store.store import Store, now_iso

PUSH_LOCK = 0x776B_7379
NOTIFY_CHANNEL = "workbench_desk"


@dataclass
class SyncResult:
    """What a sync did (or, in a dry run, would do)."""

    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    refused: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        head = "试运行，未写入 (dry run, nothing written): " if self.dry_run else ""
        text = (f"{head}推送 pushed {self.pushed}, 拉取 pulled {self.pulled}, "
                f"冲突 conflicts {self.conflicts}")
        if self.refused:
            text += f", 被拒绝 refused {self.refused}"
        return text


@dataclass
class _ServerRow:
    rev: int
    data: dict | None
    ws: str
    seq: int
    writer: str
    at: str


def _pg_errors():
    import psycopg

    return psycopg


def sync(store: Store, config: DeskConfig | None = None, progress: Callable | None = None, *,
         dry_run: bool = False) -> SyncResult:
    """Push this store's changes and pull everyone else's; never touches widgets.

    ``progress(done, total, label)`` is called between steps. Raises DeskOffline when the server
    cannot be reached (or the connection drops: the next sync completes the work), DeskError
    when it refuses.
    """
    from workbench.desk import config as desk_config

    config = config or desk_config.load(store)
    if config is None:
        raise DeskError("此数据文件未加入团队库 (this store has not joined a desk): "
                        "`workbench desk join URL --db PATH`")
    psycopg = _pg_errors()
    result = SyncResult(dry_run=dry_run)

    def step(n: int, label: str) -> None:
        if progress is not None:
            progress(n, 4, label)

    try:
        with connect(config.url, config.password) as conn:
            schema.check_compatible(conn)
            ws = store.workstation_id()
            step(0, "拉取 pull")
            _pull(store, conn, ws, result, dry_run)
            step(1, "推送 push")
            _push(store, conn, ws, result, dry_run)
            step(2, "拉取 pull")
            if not dry_run:  # confirms this push's revisions and takes what landed meanwhile
                _pull(store, conn, ws, result, dry_run)
            step(3, "冲突 conflicts")
            if not dry_run:
                result.conflicts += _fetch_conflicts(store, conn, ws)
                state.set_settings(store, {state.SETTING_LAST_SYNC: now_iso()})
            step(4, "完成 done")
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:  # cut off, server gone or restarted
        raise DeskOffline(f"与团队服务器的连接中断 (the connection to the desk was lost): {_first_line(exc)}; "
                          "本地数据完好，下次同步会完成 (local data is intact; the next sync completes it)") from None
    except psycopg.Error as exc:
        raise DeskError(f"团队服务器拒绝了同步 (the desk refused the sync): {_first_line(exc)}") from None
    return result


def _first_line(exc) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------- pull
def _pull(store: Store, conn, ws: str, result: SyncResult, dry_run: bool) -> None:
    after = state.setting_int(store, state.SETTING_PULLED)
    latest: dict[tuple[str, str], tuple[dict | None, int, str, str]] = {}
    with conn.transaction():
        if after == 0:  # first pull: the desk's current state, not its whole history
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            top = conn.execute("SELECT coalesce(max(id), 0) FROM desk.changes").fetchone()[0]
            # (this workstation's own rows need no data: it has them)
            rows = conn.execute(
                "SELECT tbl, key, CASE WHEN ws = %(ws)s THEN NULL ELSE data END, rev, ws, writer FROM desk.rows "
                "UNION ALL SELECT tbl, key, CASE WHEN ws = %(ws)s THEN NULL ELSE data END, rev, ws, writer "
                "FROM desk.records", {"ws": ws})
        else:
            top = after
            rows = conn.execute("SELECT tbl, key, CASE WHEN ws = %s THEN NULL ELSE data END, id, ws, by "
                                "FROM desk.changes WHERE id > %s ORDER BY id", [ws, after])
        for tbl, key, data, rev, row_ws, by in rows:
            prev = latest.get((tbl, key))
            if prev is None or rev > prev[1]:
                latest[(tbl, key)] = (data, rev, row_ws, by)
            top = max(top, rev)
    if dry_run:
        pend = state.pending(store)
        result.pulled += sum(1 for k, v in latest.items() if k not in pend.keys and v[2] != ws)
        return
    if not latest and top == after:
        return
    with store.batch("sync", by="desk"):
        pend = state.pending(store)  # in the same write transaction: nothing slips in between
        apply = {k: v[0] for k, v in latest.items() if k not in pend.keys and v[2] != ws}
        refused = state.apply_images(store, apply)
        state.set_base_revs(store, [(t, k, v[1]) for (t, k), v in latest.items() if (t, k) not in pend.keys])
        state.record_local_refusals(store, refused)
        state.set_settings(store, {state.SETTING_PULLED: top})
    result.pulled += len(apply) - len(refused)
    result.refused += len(refused)
    result.conflicts += len(refused)


# ---------------------------------------------------------------- push
_UNSET = object()


def _server_rows(conn, keys: list[tuple[str, str]], with_data: bool = False) -> dict[tuple[str, str], _ServerRow]:
    """The server's current revision of each row (its data only when asked: it is needed only
    where the row changed on the server since this store last agreed)."""
    out: dict[tuple[str, str], _ServerRow] = {}
    tbls, names = [k[0] for k in keys], [k[1] for k in keys]
    data_col = "r.data" if with_data else "NULL::jsonb"
    for table in ("desk.rows", "desk.records"):
        cur = conn.execute(
            f"SELECT r.tbl, r.key, r.rev, {data_col}, r.ws, r.seq, r.writer, r.at::text FROM "
            f"unnest(%s::text[], %s::text[]) AS k(tbl, key) JOIN {table} r ON r.tbl = k.tbl AND r.key = k.key",
            [tbls, names])
        for tbl, key, rev, data, row_ws, seq, writer, at in cur:
            out[(tbl, key)] = _ServerRow(rev, data if with_data else _UNSET, row_ws, seq, writer, at)
    return out


def _with_data(conn, server: dict, keys) -> None:
    """Fill in the server's data for the given rows."""
    keys = [k for k in keys if k in server and server[k].data is _UNSET]
    if keys:
        for k, s in _server_rows(conn, keys, with_data=True).items():
            server[k] = s


def _mark_pushed(store: Store, upto: int, revs: list[tuple[str, str, int]],
                 theirs: dict[tuple[str, str], dict | None]) -> list:
    """After the server committed: remember what it holds now (one local transaction)."""
    with store.batch("sync", by="desk"):
        refused = state.apply_images(store, theirs) if theirs else []
        state.set_base_revs(store, revs)
        state.record_local_refusals(store, refused)
        state.set_settings(store, {state.SETTING_PUSHED: upto})
    return refused


def _push(store: Store, conn, ws: str, result: SyncResult, dry_run: bool) -> None:
    pend = state.pending(store)
    pushed_before = state.setting_int(store, state.SETTING_PUSHED)
    if not pend.keys:
        if pend.upto > pushed_before and not dry_run:
            state.set_settings(store, {state.SETTING_PUSHED: pend.upto})
        return
    keys = list(pend.keys)
    images = state.read_images(store, keys)
    bases = state.base_revs(store, keys)
    apply: list[tuple[str, str, dict | None, int]] = []
    conflicts: list[tuple[str, str, dict | None, _ServerRow]] = []
    revs: list[tuple[str, str, int]] = []
    theirs: dict[tuple[str, str], dict | None] = {}
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [PUSH_LOCK])
        hw = conn.execute("SELECT last_seq FROM desk.workstations WHERE ws = %s", [ws]).fetchone()
        server = _server_rows(conn, keys)
        # the data of a row is needed only where someone else changed it since this store agreed
        _with_data(conn, server, [k for k in keys if k in server and server[k].rev != bases.get(k)
                                  and not (server[k].ws == ws and server[k].seq >= pend.keys[k])])
        if hw is not None and hw[0] >= max(pend.keys.values()):
            # this push already landed (its acknowledgement was lost): take the server's state
            _with_data(conn, server, keys)
            for k in keys:
                s = server.get(k)
                if s is None:
                    continue
                revs.append((k[0], k[1], s.rev))
                if state.compared(k[0], s.data) != state.compared(k[0], images[k]):
                    theirs[k] = s.data
            if dry_run:
                return
        else:
            for k in keys:
                table, key = k
                mine, s, seq = images[k], server.get(k), pend.keys[k]
                if table in state.RECORDS:
                    if mine is None:
                        continue  # records are never removed
                    if s is None:
                        apply.append((table, key, mine, seq))
                    elif s.rev == bases.get(k) or (s.ws == ws and s.seq >= seq) or \
                            state.compared(table, s.data) == state.compared(table, mine):
                        revs.append((table, key, s.rev))
                    else:
                        conflicts.append((table, key, mine, s))
                    continue
                if s is None:
                    if mine is not None:
                        apply.append((table, key, mine, seq))
                    continue
                if s.ws == ws and s.seq >= seq:  # already applied by an earlier, unacknowledged push
                    revs.append((table, key, s.rev))
                    continue
                if s.rev == bases.get(k):  # nobody else changed it since we agreed
                    apply.append((table, key, mine, seq))
                elif state.compared(table, s.data) == state.compared(table, mine):
                    revs.append((table, key, s.rev))  # the same on both sides: nothing to do
                elif s.ws == ws:
                    apply.append((table, key, mine, seq))
                else:
                    conflicts.append((table, key, mine, s))
            if dry_run:
                result.pushed += len(apply)
                result.conflicts += len(conflicts)
                _rollback(conn)
                return
            refused = _apply_on_server(conn, ws, apply, server, revs)
            if refused:
                _with_data(conn, server, [(r[0], r[1]) for r in refused])
                refused = [(t, k, mine, server.get((t, k)), kind) for t, k, mine, _, kind in refused]
            applied = len(apply) - len(refused)
            for table, key, mine, s, kind in [(*c, "conflict") for c in conflicts] + refused:
                conn.execute(
                    "INSERT INTO desk.conflicts (tbl, key, kind, mine, theirs, ws, theirs_by, theirs_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    [table, key, kind, _json(mine), _json(s.data if s else None), ws,
                     s.writer if s else None, s.at if s else None])
                if s is not None:
                    revs.append((table, key, s.rev))
                theirs[(table, key)] = s.data if s else None
            conn.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, %s) ON CONFLICT (ws) "
                         "DO UPDATE SET last_seq = excluded.last_seq, by = current_user, at = now()",
                         [ws, pend.upto])
            conn.execute("SELECT pg_notify(%s, %s)", [NOTIFY_CHANNEL, ws])
            result.pushed += applied
            result.refused += len(refused)
    if dry_run:
        return
    local_refused = _mark_pushed(store, pend.upto, revs, theirs)
    result.refused += len(local_refused)


def _rollback(conn) -> None:
    from psycopg import Rollback

    raise Rollback()


def _json(v):
    from psycopg.types.json import Jsonb

    return None if v is None else Jsonb(v)


def _apply_on_server(conn, ws: str, apply, server, revs) -> list:
    """Write the accepted rows in bulk; if the server refuses any, row by row so the refused ones
    become conflicts of kind ``refused`` and the others still land. Appends new revisions."""
    psycopg = _pg_errors()
    if not apply:
        return []
    rows = [a for a in apply if a[0] not in state.RECORDS]
    records = [a for a in apply if a[0] in state.RECORDS]
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _push (tbl text, key text, data jsonb, seq bigint) "
                 "ON COMMIT DELETE ROWS")
    try:
        with conn.transaction():
            with conn.cursor().copy("COPY _push (tbl, key, data, seq) FROM STDIN") as copy:
                for table, key, mine, seq in apply:
                    copy.write_row((table, key, None if mine is None else json.dumps(mine, ensure_ascii=False),
                                    seq))
            out = []
            if rows:
                out += conn.execute(
                    "INSERT INTO desk.rows (tbl, key, data, ws, seq) SELECT tbl, key, data, %s, seq FROM _push "
                    "WHERE tbl <> ALL(%s) ON CONFLICT (tbl, key) DO UPDATE SET data = excluded.data, "
                    "ws = excluded.ws, seq = excluded.seq RETURNING tbl, key, rev",
                    [ws, list(state.RECORDS)]).fetchall()
            if records:
                out += conn.execute(
                    "INSERT INTO desk.records (tbl, key, data, ws, seq) SELECT tbl, key, data, %s, seq FROM _push "
                    "WHERE tbl = ANY(%s) RETURNING tbl, key, rev", [ws, list(state.RECORDS)]).fetchall()
            conn.execute("DELETE FROM _push")
        revs.extend(out)
        return []
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.UniqueViolation,
            psycopg.errors.CheckViolation, psycopg.errors.NotNullViolation):
        pass
    refused = []
    for table, key, mine, seq in apply:
        target = "desk.records" if table in state.RECORDS else "desk.rows"
        conflict = "" if table in state.RECORDS else (
            " ON CONFLICT (tbl, key) DO UPDATE SET data = excluded.data, ws = excluded.ws, seq = excluded.seq")
        try:
            with conn.transaction():
                row = conn.execute(f"INSERT INTO {target} (tbl, key, data, ws, seq) VALUES (%s, %s, %s, %s, %s)"
                                   f"{conflict} RETURNING tbl, key, rev",
                                   [table, key, _json(mine), ws, seq]).fetchone()
            revs.append(row)
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.UniqueViolation,
                psycopg.errors.CheckViolation, psycopg.errors.NotNullViolation):
            refused.append((table, key, mine, server.get((table, key)), "refused"))
    return refused


def _fetch_conflicts(store: Store, conn, ws: str) -> int:
    after = state.setting_int(store, state.SETTING_CONFLICT)
    cur = conn.execute("SELECT id, tbl, key, kind, mine, theirs, by, at::text, theirs_by, theirs_at::text "
                       "FROM desk.conflicts WHERE ws = %s AND id > %s ORDER BY id", [ws, after])
    names = ("id", "tbl", "key", "kind", "mine", "theirs", "by", "at", "theirs_by", "theirs_at")
    found = [dict(zip(names, r)) for r in cur]
    if not found:
        return 0
    with store.transaction():
        n = state.record_conflicts(store, found)
        state.set_settings(store, {state.SETTING_CONFLICT: found[-1]["id"]})
    return n


# ---------------------------------------------------------------- join
@dataclass
class JoinPlan:
    """What joining would send: rows per table (empty for an empty store)."""

    counts: dict[str, int]

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())

    def summary(self) -> str:
        parts = [f"{t} {n}" for t, n in self.counts.items() if n]
        return "将推送到团队库 (will be pushed to the desk): " + ", ".join(parts)


def join_plan(store: Store) -> JoinPlan:
    return JoinPlan(state.shared_counts(store))


def join(store: Store, url: str, *, confirm: Callable[[JoinPlan], bool] | None = None,
         progress: Callable | None = None, password: str | None = None) -> SyncResult:
    """Attach a store to a desk: an empty one pulls everything; one holding data shows what it
    will push (``confirm(plan)`` may decline) and pushes it. Then it syncs like any other."""
    clean, in_url = split_password(url)
    password = password or in_url or password_for(clean)
    current = store.get_setting(state.SETTING_URL)
    if current and current != clean:
        raise DeskError(f"此数据文件已加入另一个团队库 (this store already belongs to another desk): {current}")
    with connect(clean, password) as conn:
        schema.check_compatible(conn)
    plan = join_plan(store)
    if not current and not plan.empty and confirm is not None and not confirm(plan):
        raise DeskError("已取消加入 (joining cancelled); 数据未改变 (store unchanged)")
    if not current:
        with store.transaction():
            if plan.empty:
                state.set_settings(store, {state.SETTING_PUSHED: store.scalar(
                    "SELECT coalesce(max(seq), 0) FROM change_log")})
            else:
                state.mark_all_pending(store)
                state.set_settings(store, {state.SETTING_PUSHED: 0})
            state.set_settings(store, {state.SETTING_URL: clean, state.SETTING_PULLED: 0,
                                       state.SETTING_CONFLICT: 0})
    return sync(store, DeskConfig(clean, password), progress)


# ---------------------------------------------------------------- conflicts
def resolve(store: Store, conflict_id: int, keep: str) -> dict:
    """Settle a conflict: ``theirs`` keeps the desk's value (already in the store); ``mine``
    writes this workstation's value back as a new local change, pushed by the next sync."""
    if keep not in ("mine", "theirs"):
        raise DeskError(f"--keep 只能是 mine 或 theirs (must be mine or theirs): {keep}")
    c = state.conflict(store, conflict_id)
    if c is None:
        raise DeskError(f"没有该冲突 (no such conflict): {conflict_id}")
    if c["resolution"] is not None:
        raise DeskError(f"冲突 #{conflict_id} 已解决 (already settled): {c['resolution']}")
    with store.batch("edit"):
        key = (c["tbl"], c["key"])
        if keep == "mine":
            refused = state.apply_images(store, {key: c["mine"]})
        else:
            refused = state.apply_images(store, {key: c["theirs"]}) if c["kind"] == "local" else []
        if refused:
            raise DeskError(f"数据文件拒绝了该值 (the store refused this value): {refused[0].message}")
        state.mark_resolved(store, conflict_id, keep)
    return c


def desk_status(store: Store) -> dict:
    """Cheap status for a status bar: url, user, pending changes, open conflicts, last sync."""
    return state.status(store)
