"""Synchronising a workstation's store with the desk server: join, sync, conflicts.

A sync pulls what others changed, pushes what this store changed since its last push, and pulls
again (which also confirms its own changes). Each step is one transaction on its side:

- **push**: one PostgreSQL transaction. The rows kept in place (house, analysts, segments,
  indices, notes, issues) and the records, each with the revision this store last agreed on, go in
  one ``COPY`` into a temporary staging table and are read with one join before the desk's push
  lock is taken (so the feed's ids are committed in order), then written set-based under it; a row
  another push changed in between is decided again under the lock. Rows someone else changed since
  are merged field by field against the version both sides agreed on (``merge_fields``); a field
  changed on both sides to different values keeps the server's value and the other is kept as a
  conflict. The versioned tables (companies, facts, quotes, datasets: since schema v6 each write
  is a new version in ``desk.changes``) fast-forward under the lock: the rows someone else may
  have changed since this store agreed are those written after its pull (a range of the feed's
  primary key) and those its pulls left unapplied (kept by the store until a push decides them);
  only they are staged and decided, the rest go straight into the feed with one ``COPY`` (schema
  v8), their revisions the run the sequence gives them (read back should another session draw
  from it meanwhile). The facts' COPY lines are built by the store in one query, and their
  revisions recorded with one statement. The transaction also records the newest local change
  seq it carries as the workstation's high-water mark, so a push retried after a lost
  acknowledgement applies nothing twice (rows at or below the mark are looked up, and since schema
  v12 the push records the range of seqs it applies, ``desk.pushes``, which PostgreSQL refuses
  when it meets one applied before), and where the pushed facts came from (``desk.history``).
- **pull**: the feed after the last id seen, each row's newest entry written by others (one query,
  read through a server-side cursor), applied in one local transaction logged with origin ``sync``
  (never pushed back), each pulled fact under the desk user, file and sheet it came from; rows
  with unpushed local changes are left for the push, where they meet the server's value. A store
  whose unpulled feed entries the desk pruned pulls everything.

Interrupted anywhere, both sides stay consistent and the next sync completes the work.
"""

from __future__ import annotations

import bisect
import gc
import json
import sqlite3
from collections import deque
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter, setitem
from typing import Callable

from workbench.desk import ahead, identity, roles, schema
from workbench.desk.config import DeskConfig, password_for, remember_password, split_password
from workbench.desk.connection import BIG_WORK_ROWS, big_work, connect, joining
from workbench.desk.errors import DeskError, DeskOffline
from workbench.domain.compliance import ROLE_WORDS, role_refusal
from workbench.store import access
from workbench.store import sync_state as state
from workbench.store.schema import take_desk_publications
from workbench.store.store import Store, now_iso

PUSH_LOCK = schema.PUSH_LOCK
NOTIFY_CHANNEL = "workbench_desk"


@dataclass
class SyncResult:
    """What a sync did (or, in a dry run, would do)."""

    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    refused: int = 0
    settled: int = 0  # rows this store had refused, accepted on a later try
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        head = "试运行，未写入 (dry run, nothing written): " if self.dry_run else ""
        text = (f"{head}推送 pushed {self.pushed}, 拉取 pulled {self.pulled}, "
                f"冲突 conflicts {self.conflicts}")
        if self.refused:
            text += f", 被拒绝 refused {self.refused}"
        if self.settled:
            text += f", 自动解决 settled {self.settled}"
        return text


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
        with state.sync_session(store) as checkpoints_back, connect(config.url, config.password) as conn:
            schema.check_compatible(conn)
            if not dry_run:  # what the desk lets this user do, for the app to offer offline
                roles.remember_role(store, conn)
            # a copied or restored store must not push as its original (it would lose changes)
            again = identity.ensure(store, conn, dry_run=dry_run)  # a dry run only says what it would do
            if again is not None:
                result.notes.append(again.summary())
            # a dry run after a restore counts what the sync would send: not what the desk confirmed
            # it already has from the former id (the sync moves its push mark past them)
            confirmed = again.confirmed_upto if dry_run and again is not None else None
            gone = identity.rewound(store, conn)  # a desk restored from an older dump: its ids come again
            if gone is not None:
                result.notes.append(identity.recover_rewound(store, conn, gone, dry_run=dry_run))
            clock = clock_note(store, conn, remember=not dry_run)  # (a clock off forges the record's times)
            if clock:
                result.notes.append(clock)
            ws = store.workstation_id()
            if not dry_run:  # facts another program inserted into the file: logged, so that they are pushed
                state.log_outside_inserts(store)
                from workbench.drafting.lifecycle import record_open_corrections

                record_open_corrections(store, opened_here=True)  # what an open correction takes goes with its issue
            joining = state.setting_int(store, state.SETTING_PULLED) == 0  # (a join decided the taken weeks)
            # (what this store had pulled, and when it last synced: the figures pulled now that an
            # issue published since prints otherwise are named at the end)
            pulled_before, synced_before = (state.setting_int(store, state.SETTING_PULLED),
                                            store.get_setting(state.SETTING_LAST_SYNC))
            listed_before = state.last_conflict_id(store)  # (what this sync lists comes after)
            step(0, "拉取 pull")
            # the long limits only around work that is big (a stopped server is given up soon otherwise)
            big_pull = _big_pull(store, conn)
            with big_work(conn, big_pull):
                known = _pull(store, conn, ws, result, dry_run, report=True, confirmed=confirmed, big=big_pull)
            if not dry_run:
                identity.remember_desk(store, conn)
            step(1, "推送 push")
            if not dry_run:
                _agree_where_decided(store, conn)
                _retry_after_leases(store, conn, result)
            known = _hold_back_issues(store, conn, known, dry_run)
            known = _hold_back_taken_weeks(store, conn, known, dry_run or joining, result)
            big_push = _big_push(store, known)
            with big_work(conn, big_push):
                pushed = _push(store, conn, ws, result, dry_run, known)
            if not dry_run:
                _release_published_leases(conn)
            step(2, "拉取 pull")
            # confirms this push's revisions and takes what landed meanwhile (with nothing pushed, what
            # landed since the pull a moment ago waits for the next sync: a pull fewer over a slow link)
            if not dry_run and pushed:
                with big_work(conn, big_push):
                    _pull(store, conn, ws, result, dry_run, after_push=True, big=big_push)
            step(3, "冲突 conflicts")
            if not dry_run:
                result.conflicts += _fetch_conflicts(store, conn, ws)
                result.refused -= _one_listing_per_refusal(store)
                result.conflicts -= _one_listing_per_rival(store)
                refusals = state.local_refusals(store)
                desk_now = _desk_rows(conn, refusals) if refusals else {}
                result.settled += _close_where_desk_agrees(store, desk_now)
                result.settled += state.retry_local_refusals(store, _refused_origins(store, conn, ws, desk_now),
                                                             listed_before)
                _agree_where_taken(store, desk_now)
                refused = state.refused_keys(store)  # (closed only where the desk holds this store's value)
                result.settled += _close_merged_refusals(store, conn, refused)
                result.settled += state.close_settled(store, _desk_data(conn, refused) if refused else {})
                result.notes += ahead.pulled_notes(store, conn, pulled_before, synced_before)
                checkpoints_back()  # (this last commit checkpoints, if the sync's writes filled the WAL)
                state.set_settings(store, {state.SETTING_LAST_SYNC: now_iso()})
                identity.remember_desk(store, conn)
            step(4, "完成 done")
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:  # cut off, server gone or restarted
        raise DeskOffline(f"与团队服务器的连接中断 (the connection to the desk was lost): {_first_line(exc)}; "
                          "本地数据完好，下次同步会完成 (local data is intact; the next sync completes it)") from None
    except psycopg.errors.InsufficientPrivilege as exc:  # (whose workstation id it is, in words: never the raw text)
        raise DeskError(identity.refused_words(store, config, _first_line(exc))) from None
    except psycopg.Error as exc:
        raise DeskError(f"团队服务器拒绝了同步 (the desk refused the sync): {_first_line(exc)}") from None
    return result


#: A workstation's clock further than this from the desk server's is told at each sync (seconds).
CLOCK_SKEW_LIMIT_S = 300
#: The setting that keeps the difference the last sync found (seconds, this clock minus the server's).
SETTING_CLOCK_SKEW = "desk.clock_skew_s"


def _utc_now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def clock_note(store: Store, conn, *, remember: bool = True) -> str | None:
    """The warning for a workstation whose clock differs from the desk server's by more than
    ``CLOCK_SKEW_LIMIT_S`` (its times in the status log and the change log would be wrong), else
    None. The difference found is kept (``SETTING_CLOCK_SKEW``) for ``status`` to warn with offline."""
    before = _utc_now()
    server = conn.execute("SELECT clock_timestamp()").fetchone()[0]
    after = _utc_now()
    skew = ((before + (after - before) / 2) - server).total_seconds()
    if remember:
        state.set_settings(store, {SETTING_CLOCK_SKEW: str(round(skew))})
    return clock_words(skew)


def known_clock_note(store: Store) -> str | None:
    """The clock warning of the difference the last sync found (None: none found, or within the limit)."""
    try:
        return clock_words(float(store.get_setting(SETTING_CLOCK_SKEW) or 0))
    except ValueError:
        return None


def clock_words(skew: float) -> str | None:
    """``本机时钟比团队服务器慢 1 天 (this computer's clock is 1 day behind the desk server)`` for a
    difference of ``skew`` seconds (this clock minus the server's); None within the limit."""
    if abs(skew) <= CLOCK_SKEW_LIMIT_S:
        return None
    size = abs(skew)
    for seconds, zh, en in ((86400, "天", "day"), (3600, "小时", "hour"), (60, "分钟", "minute")):
        if size >= seconds:
            n = round(size / seconds)
            break
    way_zh, way_en = ("快", "ahead of") if skew > 0 else ("慢", "behind")
    return (f"本机时钟比团队服务器{way_zh} {n} {zh}，记录的时间会有误，请校准本机时钟 (this computer's clock is {n} "
            f"{en}{'s' if n != 1 else ''} {way_en} the desk server: the times it records would be wrong; set the "
            f"computer's clock right)")


def _release_published_leases(conn) -> None:
    """Take the leases of issues published on the desk out of desk.leases: a lease binds a draft only,
    and a final is never edited again (each user's sync takes those its role may release)."""
    conn.execute("DELETE FROM desk.leases l WHERE EXISTS (SELECT 1 FROM desk.rows r WHERE r.tbl = 'issues' "
                 "AND r.key = l.issue AND r.data->>'status' = 'final')")


_LEASE_REFUSAL = "lease is held by"  # (in the reason ``_refusal_reason`` gives a change refused for a lease)


def _retry_after_leases(store: Store, conn, result: SyncResult) -> None:
    """Send again the changes the desk refused because someone else held their issue's lease, once
    nobody else holds it (released, or expired), as the refusal promised: each is kept as mine
    (``resolve``), so the push writes it over the desk's draft as it was when refused (the row's
    base). Where the holder changed the same fields meanwhile (this store took their version since),
    the desk's version stays and the change is listed as a conflict with it, to settle by hand; one
    this store changed again since stays as it is (the change made since goes anyway)."""
    waiting = [c for c in state.conflicts(store) if c["kind"] == "refused" and _LEASE_REFUSAL in (c["message"] or "")]
    if not waiting:
        return
    issue_of = {c["id"]: c["key"] if c["tbl"] == "issues" else (c["mine"] or {}).get("issue") for c in waiting}
    held = {r[0] for r in conn.execute("SELECT issue FROM desk.leases WHERE issue = ANY(%s) AND holder <> current_user "
                                       "AND expires > now()", [sorted({i for i in issue_of.values() if i})])}
    free = [c for c in waiting if issue_of[c["id"]] and issue_of[c["id"]] not in held]
    if not free:
        return
    pend = state.pending(store).keys
    sent, listed = [], []
    names = state.Names(store, free)  # (each row in words, as `desk conflicts` names it: never its uid)
    for c in sorted(free, key=lambda c: (c["tbl"] != "issues", c["id"])):  # an issue's row takes its records
        if state.conflict(store, c["id"])["resolution"] is not None:  # went with its issue's
            continue
        key = (c["tbl"], c["key"])
        if state.moved_fields(c, state.current_image(store, key)):
            desk = None if key in pend else conn.execute(
                "SELECT data, writer, at::text FROM desk.rows WHERE tbl = %s AND key = %s", list(key)).fetchone()
            if desk is not None and desk[0] is not None:
                state.restate_refusal(store, c["id"], desk[0], desk[1], desk[2], _LEASE_ENDED)
                listed.append(f"#{c['id']} {state.what_text(c, names)}")
            continue
        try:
            resolve(store, c["id"], "mine")
        except DeskError:  # (a record whose issue's conflict is open: settled with it)
            continue
        sent.append(f"#{c['id']} {state.what_text(c, names)}")
    if sent:
        result.notes.append("租约已结束，重新推送当时被拒绝的修改 (the lease has ended: sending again the changes it "
                            "refused): " + "; ".join(sent))
    if listed:
        result.notes.append(f"{_LEASE_ENDED}: " + "; ".join(listed))


_LEASE_ENDED = ("租约已结束，但持有人在此期间修改了该期周报：团队库的版本保留，你的修改列为冲突 (the lease has ended, and its "
                "holder changed the issue meanwhile: the desk's version stays and yours is listed as a conflict): "
                "`workbench desk resolve ID --keep mine|theirs --db PATH`")


def _big_pull(store: Store, conn) -> bool:
    """Whether the pull may bring many rows: the first one, one after the desk pruned what this
    store had not pulled, or one far behind the feed (one cheap query)."""
    after = state.setting_int(store, state.SETTING_PULLED)
    if after == 0:
        return True
    return conn.execute("SELECT coalesce(max(id), 0) - %s > %s OR coalesce((SELECT value::bigint FROM desk.meta "
                        "WHERE key = 'pruned_upto'), 0) > %s FROM desk.changes",
                        [after, BIG_WORK_ROWS, after]).fetchone()[0]


def _big_push(store: Store, known: state.Pending | None) -> bool:
    """Whether the push may carry many rows (what the pull found waiting, else the changes logged
    since the last push: at least as many)."""
    if known is not None and known.upto == store.last_seq():
        return len(known.keys) > BIG_WORK_ROWS
    return store.last_seq() - state.setting_int(store, state.SETTING_PUSHED) > BIG_WORK_ROWS


def _hold_back_issues(store: Store, conn, known: state.Pending | None, dry_run: bool) -> state.Pending:
    """What the push sends, less the issues (and their records) that name an analyst the desk does
    not have and this push cannot add (a role that may not change the analyst register, or a SAC
    number another analyst holds on the desk): such an issue would land naming someone no other
    workstation can show. Each is held back as a conflict of kind ``refused`` naming the analysts,
    listed once; once the desk has them (or the issue no longer names them) it is logged again
    and goes with that push. ``desk resolve --keep mine`` of it tries again at the next sync."""
    held = {} if dry_run else state.held_issues(store)
    if held:
        free = [uid for uid, why in _missing_analysts(store, conn, list(held), None).items() if not why]
        free += [uid for uid in held if state.current_image(store, ("issues", uid)) is None]
        if free:
            note = "团队库已有其署名的分析师：推送暂缓的周报 (the desk has the analysts now: sending the issue held back)"
            with store.transaction(), store.batch("edit", by=state.desk_user(store), note=note) as batch:
                for uid in dict.fromkeys(free):
                    state.log_for_push(store, batch, [("issues", uid), *state.issue_records(store, uid)])
                    state.mark_resolved(store, held[uid], "mine")
            known = None
    pend = known if known is not None and known.upto == store.last_seq() else state.pending(store)
    issues = [k[1] for k in pend.keys if k[0] == "issues"]
    if not issues:
        return pend
    blocked = {uid: why for uid, why in _missing_analysts(store, conn, issues, pend).items() if why}
    if not blocked:
        return pend
    if not dry_run:
        theirs = dict(conn.execute("SELECT key, data FROM desk.rows WHERE tbl = 'issues' AND key = ANY(%s)",
                                   [sorted(blocked)]).fetchall())
        with store.transaction():
            for uid, why in blocked.items():
                if uid not in held:
                    state.hold_issue(store, uid, theirs.get(uid), why)
    records = {k for k in pend.keys if k[0] in state.RECORDS}
    issue_of = {k: (image or {}).get("issue") for k, image in state.read_images(store, records).items()}
    keys = {k: seq for k, seq in pend.keys.items()
            if not (k[0] == "issues" and k[1] in blocked) and issue_of.get(k) not in blocked}
    return state.Pending(pend.upto, keys)


def _hold_back_taken_weeks(store: Store, conn, pend: state.Pending, leave: bool, result: SyncResult) -> state.Pending:
    """What the push sends, less the new issues (and their records) made here for a series and week
    the desk already has under another identity, from a workstation this store had not heard from
    when it made them (two colleagues started the same week's issue offline): sent, the week would
    have two issues, silently (``desk join`` and ``new-issue`` refuse this). Each is held back and
    listed once (``hold_issue``) naming the desk's; ``desk resolve --keep mine`` sends it as the
    week's second issue, ``--keep theirs`` keeps it here only, and deleting or re-dating it closes
    the listing at the next sync (re-dated, it goes). An issue made here after the desk's of that
    week was already here (``new-issue --again``) was made knowingly, and goes as it is."""
    if leave:  # a dry run, or a join's first sync (the join refused a taken week, or was told to keep both)
        return pend
    holds = state.week_holds(store)
    issues = [k[1] for k in pend.keys if k[0] == "issues"]
    agreed = state.base_revs(store, [("issues", u) for u in issues]) if issues else {}
    new = [u for u in issues if ("issues", u) not in agreed]  # never on the desk
    if not new and not holds:
        return pend
    mine = {k[1]: image for k, image in state.read_images(store, [("issues", u) for u in {*new, *holds}]).items()}
    weeks = {u: (i["series"], i["period_start"], i["period_end"]) for u, i in mine.items() if i is not None}
    found: dict[tuple, list] = {}
    if weeks:
        for key, series, start, end, status in conn.execute(
                "SELECT key, data->>'series', data->>'period_start', data->>'period_end', data->>'status' "
                "FROM desk.rows WHERE tbl = 'issues' AND data IS NOT NULL AND data->>'period_start' = ANY(%s)",
                [sorted({w[1] for w in weeks.values()})]):
            found.setdefault((series, start, end), []).append((key, status))
    first = state.first_logged(store, "issues", [*weeks, *(k for v in found.values() for k, _ in v)])

    def taken(uid: str) -> list[tuple[str, str]]:  # the desk's issues of its week this store had not when made
        return [(k, s) for k, s in found.get(weeks[uid], []) if k != uid and
                (first.get(k) is None or first.get(uid) is None or first[k] > first[uid])]

    sent_both = state.kept_both(store)
    closed, freed, held = [], [], []
    with store.transaction():
        for uid, cid in holds.items():
            if uid not in weeks:  # deleted here: nothing left to send
                state.mark_resolved(store, cid, "theirs")
                closed.append(uid)
            elif not taken(uid):  # re-dated, or the desk's issue of the week is gone: it goes now
                with store.batch("edit", by=state.desk_user(store), note="周次不再冲突：推送暂缓的周报 (the week is "
                                 "free: sending the issue held back)") as batch:
                    state.log_for_push(store, batch, [("issues", uid), *state.issue_records(store, uid)])
                state.mark_resolved(store, cid, "mine")
                freed.append(uid)
        for uid in new:
            if uid in holds or uid in sent_both or uid not in weeks or not taken(uid):
                continue
            series, start, end = weeks[uid]
            desk_side = "; ".join(f"{k} ({s})" for k, s in taken(uid))
            state.hold_issue(store, uid, None, f"{state.TAKEN_WEEK}): {series} {start} 至 {end}: {desk_side}; 本地这一期暂不"
                             "推送 (the local one is held back): 两期都保留请用 --keep mine (keep both: it goes as the "
                             "week's second issue); 只保留在本地用 --keep theirs (keep it here only); 或删除、改期本地"
                             "这一期 (or delete or re-date it: then this closes by itself)")
            held.append(f"{series} {start} 至 {end}")
    if freed:
        pend = state.pending(store)
    keep_out = set(state.week_holds(store))
    if held:
        result.notes.append(f"{state.TAKEN_WEEK}): 本地的这一期暂不推送，见 `workbench desk conflicts` (the local issue is "
                            "held back: see `workbench desk conflicts`): " + "; ".join(held))
    if not keep_out:
        return pend
    records = {k for k in pend.keys if k[0] in state.RECORDS}
    issue_of = {k: (image or {}).get("issue") for k, image in state.read_images(store, records).items()}
    return state.Pending(pend.upto, {k: seq for k, seq in pend.keys.items()
                                     if not (k[0] == "issues" and k[1] in keep_out) and issue_of.get(k) not in keep_out})


def _missing_analysts(store: Store, conn, issues: list[str], pend: state.Pending | None) -> dict[str, str]:
    """For each issue (by uid) this store holds: why the desk would not have every analyst it names
    after this push ('' when it would), in words naming them."""
    images = state.read_images(store, [("issues", uid) for uid in issues])
    named = {uid: (image or {}).get("analysts") or [] for (_, uid), image in images.items()}
    wanted = sorted({a for v in named.values() for a in v})
    if not wanted:
        return {uid: "" for uid in named}
    mine = state.read_images(store, [("analysts", a) for a in wanted])
    sacs = {a: (image or {}).get("sac_no") for (_, a), image in mine.items()}
    admin, present, taken = conn.execute(
        "SELECT pg_has_role(current_user, 'workbench_admin', 'MEMBER'), "
        "coalesce(array_agg(key) FILTER (WHERE key = ANY(%(uids)s)), '{}'), "
        "coalesce(jsonb_object_agg(nat_name, key) FILTER (WHERE nat_name = ANY(%(sacs)s)), '{}') "
        "FROM desk.rows WHERE tbl = 'analysts' AND data IS NOT NULL AND (key = ANY(%(uids)s) OR nat_name = ANY(%(sacs)s))",
        {"uids": wanted, "sacs": sorted({s for s in sacs.values() if s})}).fetchone()
    present = set(present)
    out = {}
    for uid, analysts in named.items():
        why = []
        for a in analysts:
            if a in present:
                continue
            image = mine.get(("analysts", a)) or {}
            who = f"{image.get('name') or a} ({image.get('sac_no') or '—'})"
            if not admin:
                why.append(f"{who}: 分析师名册只有管理员可以修改 (only a desk administrator may add an analyst)")
            elif taken.get(sacs.get(a)) not in (None, a):
                why.append(f"{who}: 团队库的另一位分析师已用该证书编号 (another analyst on the desk holds this SAC number)")
            elif pend is None or ("analysts", a) not in pend.keys:
                why.append(f"{who}: 本工作站不会推送该分析师 (this workstation has no change of the analyst to push)")
        out[uid] = ("本期署名的分析师不在团队库，周报暂不推送 (the issue names analysts the desk does not have: it is "
                    "held back until they are there): " + "; ".join(why)) if why else ""
    return out


def _first_line(exc) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# ---------------------------------------------------------------- pull
# Plain queries, not COPY: psycopg builds the rows in C (a COPY row costs a Python round of its
# generator and then a split), and the JSON arrives as text, decoded below in one parse.
# Each row comes with when the desk took it (in UTC, whatever the session's DateStyle and TimeZone),
# except those whose write operation dates them (facts, quotes and companies: desk.history, ``_origins``).
_AT = "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
# The desk's current state: the rows of the tables kept in place, then the versions of the others
# in revision order (a later version of a row replaces an earlier one as they arrive).
# Every row comes as its JSON text, decoded by the client in one parse (``_decode``): a first join's
# million facts as arrays of their fields' values, built by the server, cost it three times a plain
# read of the rows, more than the client's parse of the objects saves (bench/RESULTS-desk.md).
_PULL_ALL = ("SELECT tbl, key, CASE WHEN ws = %(ws)s THEN NULL ELSE data::text END, rev, ws, writer, seq, " + _AT
             + " FROM desk.rows UNION ALL SELECT tbl, key, CASE WHEN ws = %(ws)s THEN NULL ELSE "
             "data::text END, rev, ws, writer, seq, " + _AT + " FROM desk.records",
             "SELECT tbl, key, CASE WHEN ws = %(ws)s THEN NULL ELSE data::text END, id, ws, by, "
             "seq, CASE WHEN tbl <> ALL(%(traced)s) THEN " + _AT + " END "
             "FROM desk.changes WHERE tbl = ANY(%(versioned)s) ORDER BY id")
# What others wrote since: each row's newest entry only, and none where that is this workstation's
# own write (its push recorded the revision the desk gave it; an older entry of someone else's is
# what it was merged with or decided against).
_PULL_FEED = ("SELECT tbl, key, data::text, id, ws, by, seq, CASE WHEN tbl <> ALL(%(traced)s) THEN " + _AT + " END "
              "FROM (SELECT DISTINCT ON (c.tbl, c.key) c.tbl, c.key, "
              "c.data, c.id, c.ws, c.by, c.seq, c.at FROM desk.changes c WHERE c.id > %(after)s "
              "ORDER BY c.tbl, c.key, c.id DESC) c WHERE c.ws <> %(ws)s ORDER BY c.id",)
# The same, for the pull that follows this workstation's own push: the range is mostly that push's
# versions, whose rows need no sort to learn that their newest entry is this workstation's own; only
# the rows someone else wrote in the range are sorted (a row none of whose entries there is another's
# has this workstation's as its newest). The same rows as ``_PULL_FEED``; a pull of others' work pays
# for the extra pass, so this is for the pull after a push only.
_PULL_FEED_AFTER_PUSH = (_PULL_FEED[0].replace(
    "WHERE c.id > %(after)s ", "WHERE c.id > %(after)s AND (c.tbl, c.key) IN (SELECT o.tbl, o.key FROM desk.changes o "
    "WHERE o.id > %(after)s AND o.ws <> %(ws)s) "),)
_PULL_CHUNK = 100_000  # rows fetched at a time from the pull's server-side cursor (bounds memory)


@contextmanager
def _collector_paused():
    """Python's cycle collector off while a pull builds its rows: a first join makes millions of
    objects that all live to its end, and each collection would walk them all again (the rows
    hold no cycles; reference counting still frees them)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _pull(store: Store, conn, ws: str, result: SyncResult, dry_run: bool,
          report: bool = False, confirmed: int | None = None, after_push: bool = False,
          big: bool = True) -> state.Pending | None:
    """Take what others changed since this store's last pull (or the desk's whole current state
    on the first pull, and after the desk pruned feed entries this store had not pulled yet).
    Returns the changes waiting to be pushed as the pull found them, when it wrote (they are
    still all there is to push if the store's log has not grown since). A dry run given
    ``confirmed`` (the push mark the sync would move to after a restore) counts, and returns,
    the changes waiting after that mark only. ``after_push``: the pull that confirms this
    workstation's push (``_PULL_FEED_AFTER_PUSH``). ``big``: the pull may bring many rows (else
    it is read in one round trip, ``_quick_pull``)."""
    with _collector_paused():
        return _pull_rows(store, conn, ws, result, dry_run, report, confirmed, after_push, big)


def _after_mark(pend: state.Pending, mark: int) -> state.Pending:
    """The changes waiting to be pushed once the push mark is at ``mark`` (each row's newest change
    after it), without writing the mark."""
    return state.Pending(pend.upto, {k: seq for k, seq in pend.keys.items() if seq > mark})


def _pull_rows(store: Store, conn, ws: str, result: SyncResult, dry_run: bool,
               report: bool, confirmed: int | None = None, after_push: bool = False,
               big: bool = True) -> state.Pending | None:
    after = state.setting_int(store, state.SETTING_PULLED)
    params = {"ws": ws, "after": after, "versioned": list(schema.VERSIONED_TABLES), "traced": list(_TRACED)}
    latest: dict[tuple[str, str], list] = {}  # (tbl, key) -> [data, rev, ws, writer, seq, at]

    def take(rows) -> int:
        # the feed comes in id order (its id is the revision): a later entry of a row replaces an
        # earlier one; returns the newest revision taken
        latest.update({(tbl, key): [data, rev, row_ws, by, seq, at] for tbl, key, data, rev, row_ws, by, seq, at in rows})
        return max(map(itemgetter(3), rows), default=0)

    # a pull not far behind the feed (``big``: the caller's guess, from the desk's newest revision)
    quick = _quick_pull(conn, params, report and not dry_run, after_push) if after and not big else None
    again = False
    if quick is None:
        pruned = conn.execute("SELECT value FROM desk.meta WHERE key = 'pruned_upto'").fetchone()
        pruned = int(pruned[0]) if pruned else 0
        again = 0 < after < pruned
        if again:
            result.notes.append(
                "本工作站太久未同步，团队库已清理其未拉取的变更：重新拉取全部数据 (this workstation stayed away "
                "longer than the desk keeps its change feed: everything is pulled again)")
        if report and after and not dry_run and big:  # (else reported with the quick pull)
            _report_pulled(conn, ws, after)
    with conn.transaction() if quick is None else nullcontext():
        if quick is not None:
            top, rows = quick
            top = max(top, take(rows))
            del rows
        else:
            if after == 0 or again:  # the desk's current state, not its whole history
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                queries = _PULL_ALL  # (this workstation's own rows need no data: it has them)
            else:
                queries = _PULL_FEED_AFTER_PUSH if after_push else _PULL_FEED
            # the newest revision committed: read before the rows, so that none of them is newer than
            # what it saw (pushes commit their revisions in order, under the push lock)
            top = conn.execute("SELECT greatest(coalesce(max(id), 0), %s, %s) FROM desk.changes",
                               [pruned if again or after == 0 else 0, after]).fetchone()[0]
            for sql in queries:
                with conn.cursor(name="workbench_pull") as cur:
                    cur.execute(sql, params)
                    while True:
                        rows = cur.fetchmany(_PULL_CHUNK)
                        if not rows:
                            break
                        top = max(top, take(rows))
                        del rows
        _decode(latest)
        origins = {} if dry_run else _origins(conn, ws, latest)
        # the desk's renames of companies, read with the rows when the pull deletes a company (or may:
        # everything pulled again): a note made here naming a company the desk renamed follows it to
        # its new ticker (``state.renamed_to``)
        renames = None
        if not dry_run and (again or after and any(k[0] == "companies" and v[0] is None for k, v in latest.items())):
            renames = conn.execute("SELECT old, new FROM desk.renames").fetchall()
    if dry_run:
        pend = state.pending(store)
        if confirmed is not None:
            pend = _after_mark(pend, confirmed)
        result.pulled += sum(1 for k, v in latest.items() if k not in pend.keys and v[2] != ws)
        return pend if confirmed is not None else None
    if not latest and top == after:
        return None
    with store.transaction():
        pend = state.pending(store)  # in the same write transaction: nothing slips in between
        # (the passes over every row pulled test only what can matter: a first join brings a
        # million rows and usually nothing is waiting here)
        waiting = pend.keys
        mine = ws in set(map(itemgetter(2), latest.values()))  # (rows this workstation wrote: none, at a first join)
        if waiting or mine:
            apply = {k: v[0] for k, v in latest.items() if k not in waiting and v[2] != ws}
        else:
            apply = dict(zip(latest, map(itemgetter(0), latest.values())))
        # the versions left for the push: it decides them against the changes waiting here
        left = [(t, k, v[1], v[0], v[2], v[3])
                for (t, k), v in ((k, latest.get(k)) for k in waiting)
                if v is not None and v[2] != ws and t in schema.VERSIONED_TABLES]
        if left:
            left.sort(key=lambda r: r[2])  # (in the feed's order, as they came)
            state.keep_unapplied(store, left)
        if again:  # rows deleted on the desk while this store was away: their tombstones are gone
            apply.update({k: None for k in _gone(store, latest, pend)})
        # each row logged under the desk user who wrote it (the feed says who)
        names = set(map(itemgetter(3), latest.values()))  # (usually one: then no row-by-row grouping)
        result.notes += replaced_by_a_settlement(store, apply, origins)  # (before the values go)
        if renames is not None:
            state.take_renames(store, renames)
        refused = _apply_pulled(store, apply, names.pop() if len(names) == 1 else {k: v[3] for k, v in latest.items()},
                                origins, _desk_times(latest))
        with store.batch("sync", by="desk"):
            # a row this store refused keeps its old base: it agrees with the desk only once taken
            # (else a value restored here later would look made on top of the desk's, and overwrite it)
            kept = {(r.table, r.key) for r in refused}
            revs = ([(t, k, v[1]) for (t, k), v in latest.items() if (t, k) not in waiting and (t, k) not in kept]
                    if waiting or kept else list(zip(map(itemgetter(0), latest), map(itemgetter(1), latest),
                                                     map(itemgetter(1), latest.values()))))
            state.set_base_revs(store, revs if after == 0 or again else sorted(revs))  # (a feed's in key order)
            state.record_local_refusals(store, refused, {k: v[3] for k, v in latest.items()} if refused else None)
            # (and, of a versioned table, a version the push decides against, as one left for it: the
            # feed will not show it again)
            refused_versions = [(t, k, v[1], v[0], v[2], v[3])
                                for (t, k), v in ((k, latest.get(k)) for k in kept)
                                if v is not None and t in schema.VERSIONED_TABLES and v[2] != ws]
            if refused_versions:
                state.keep_unapplied(store, refused_versions)
            state.set_settings(store, {state.SETTING_PULLED: top})
            if not pend.keys and not refused:
                # nothing was waiting to be pushed and everything written since is this pull's:
                # the push need not scan it again (at a first join, a million facts)
                state.set_settings(store, {state.SETTING_PUSHED: store.last_seq()})
        # what is waiting to be pushed: the same keys, now up to this pull's own writes (all logged
        # as ``sync``, which a push leaves out); not when an index came in (a quote's key names its
        # index by the identity the store gives it now)
        known = None if any(k[0] == "indices" for k in apply) else state.Pending(store.last_seq(), pend.keys)
        # (in the pull's transaction: a sync killed after the pull cannot leave the held draft behind,
        # since the next pull does not bring the deletion again)
        if renames is not None and _follow_renames_in_held_drafts(
                store, conn, ws, [k[1] for k, v in apply.items() if k[0] == "companies" and v is None]):
            known = None  # (the drafts re-pointed here go with this sync's push)
    result.pulled += len(apply) - len(refused)
    result.refused += len(refused)
    result.conflicts += len(refused)
    return known


def _follow_renames_in_held_drafts(store: Store, conn, ws: str, deleted: list[str]) -> bool:
    """The drafts whose lease this user holds on this workstation name a company the pull took the
    rename of by its new ticker, as this user's own edit of them (pushed with this sync): the renaming
    workstation's change of such a draft was refused (someone else held it), so the desk's draft would
    keep the old ticker. A store holding no lease changes no draft: the desk's is its holder's to change.
    Returns whether any draft changed."""
    moved = [(old, new) for old in deleted if (new := state.renamed_to(store, old))]
    if not moved:
        return False
    held = [r[0] for r in conn.execute("SELECT issue FROM desk.leases WHERE holder = current_user AND ws = %s "
                                       "AND expires > now()", [ws])]
    ids = {r[0] for r in store.db.execute(
        f"SELECT id FROM issues WHERE status = 'draft' AND uid IN ({', '.join('?' * len(held))})", held)} if held else set()
    if not ids:
        return False
    before = store.last_seq()
    words = "、".join(f"{old} → {new}" for old, new in moved)
    note = f"团队库 desk: 公司代码变更 {words}，本机持有租约的草稿随之更新 (a company's ticker changed on the desk: the draft held here follows)"
    with store.transaction(), store.batch("edit", by=state.desk_user(store), note=note):
        for old, new in moved:
            store.rename_in_open_issues(old, new, only=ids)
    return store.last_seq() != before


#: The note of the change a settled conflict writes when its user keeps their own side (``resolve``).
_KEPT_MINE_NOTE = "解决冲突 #{}: mine (settling a desk conflict)"


def replaced_by_a_settlement(store: Store, images: dict[tuple[str, str], dict | None],
                             origins: dict[tuple[str, str], tuple]) -> list[str]:
    """The post-sync notes of the figures a pull is about to replace (``images``) whose value here
    is this store's own last write, with the value a colleague kept when settling a conflict (their
    change's note, in ``origins``, is that of a kept "mine"): the colleague's edit would otherwise
    replace the user's value without a word. Read before the pulled values are written."""
    import re

    from workbench.domain.metrics import METRICS, values_written

    kept_mine = re.compile(re.escape(_KEPT_MINE_NOTE).replace(r"\{\}", r"\d+"))
    names, out = None, []
    # (a million rows pulled come from a few operations: none of them a settlement's, usually)
    if not any(kept_mine.search(e.get("note") or "") for e in set(map(itemgetter(3), origins.values()))):
        return out
    for k, image in images.items():
        origin = origins.get(k)
        if k[0] != "facts" or image is None or origin is None or not kept_mine.search(origin[3].get("note") or ""):
            continue
        ticker, metric, period = k[1].split("|")
        writes = store.history(ticker, metric, period)
        mine, theirs = store.fact(ticker, metric, period), image.get("value")
        if not writes or writes[-1].get("origin") == "sync" or mine is None or mine == theirs:
            continue  # (a value taken from the desk, or none here: not the user's own)
        m = METRICS.get(metric)
        kind = m.kind if m else "multiple"
        unit = m.display_unit() if m and kind in ("amount", "price", "per_share") else ""
        mine_text, theirs_text = (f"{v} {unit}".rstrip() for v in values_written(kind, mine, theirs))
        names = names or state.Names(store)
        c, by = {"tbl": "facts", "key": k[1], "theirs": image}, origin[2]
        out.append(f"{state.what_text(c, names, state.ZH)}：你的 {mine_text} 已被 {by} 解决冲突时保留的 {theirs_text} 取代 "
                   f"({state.what_text(c, names, state.EN)}: your {mine_text} was replaced by {by}'s {theirs_text} "
                   f"when {by} settled a conflict)")
    return out


def _apply_by_writer(store: Store, images: dict[tuple[str, str], dict | None],
                     writers: dict[tuple[str, str], str] | str | None) -> list:
    """Write the desk's rows into the store (inside the caller's transaction), each logged under the
    desk user who wrote it (``writers``: by row, or one name for all): one batch per table and
    writer, tables in the order apply_images keeps (parents first, deletions children first).
    Returns the rows the store refused."""
    if not isinstance(writers, dict):
        with store.batch("sync", by=writers or "desk"):
            return state.apply_images(store, images)
    rank = {t: i for i, t in enumerate(state.TABLES)}
    last = 2 * len(state.TABLES)
    groups: dict[tuple[int, str], dict] = {}
    for k, image in images.items():
        order = rank[k[0]] if image is not None else last - rank[k[0]]
        groups.setdefault((order, writers.get(k) or "desk"), {})[k] = image
    refused = []
    for (_, by), part in sorted(groups.items()):
        with store.batch("sync", by=by):
            refused += state.apply_images(store, part)
    # an issue that moves to a later published version is taken once that version's record is in
    again = {(r.table, r.key): r.image for r in refused if r.table == "issues" and r.image is not None}
    if again:
        refused = [r for r in refused if (r.table, r.key) not in again]
        for by in sorted({writers.get(k) or "desk" for k in again}):
            with store.batch("sync", by=by):
                refused += state.apply_images(store, {k: v for k, v in again.items()
                                                      if (writers.get(k) or "desk") == by})
    return refused


def _apply_pulled(store: Store, images: dict[tuple[str, str], dict | None],
                  writers: dict[tuple[str, str], str] | str | None, origins: dict[tuple[str, str], tuple],
                  times: dict[tuple[str, str], str] | None = None) -> list:
    """Write the desk's rows into the store (inside the caller's transaction): the facts, quotes
    and companies whose write operation is known (``origins``, from desk.history) logged as made
    where they came from, one batch per operation: dated when it was made there, under who made
    it, from which file and sheet; the other rows whose time on the desk is known (``times``)
    under the desk user who wrote them, dated when the desk took them; the rest under their
    writer at the pull's time. Parents first, deletions children first, whichever batch holds
    them. Returns the rows the store refused."""
    if not origins and not times:
        return _apply_by_writer(store, images, writers) if images else []
    times = times or {}
    # in steps, whichever batch logs each row: the upserts table by table, parents first (a company
    # after the segment it names), then the deletions, children first
    rank = {t: i for i, t in enumerate(state.TABLES)}
    parts: dict[int, dict] = {}  # by step: rows of no known operation or time
    groups: dict[int, dict[tuple, dict]] = {}  # by step: operation (or desk time and writer) -> its rows
    who = writers.get if isinstance(writers, dict) else None
    for k, v in images.items():  # (one pass: a first join brings a million rows)
        n = rank[k[0]] if v is not None else 2 * len(state.TABLES) - rank[k[0]]
        origin = origins.get(k)
        if origin is None:
            at = times.get(k)
            if at is None:
                parts.setdefault(n, {})[k] = v
                continue
            origin = _Written(at, (who(k) if who else writers) or "desk")
        groups.setdefault(n, {}).setdefault(origin, {})[k] = v
    if not any(n >= len(state.TABLES) for n in groups):  # the deletions in one go (apply_images orders them)
        gone = {k: v for n in [n for n in parts if n >= len(state.TABLES)] for k, v in parts.pop(n).items()}
        if gone:
            parts[len(state.TABLES)] = gone
    refused, logged = [], {}
    for n in sorted(set(parts) | set(groups)):
        if parts.get(n):
            found = _apply_by_writer(store, parts[n], writers)
            refused += found
            logged.update({(r.table, r.key): None for r in found if r.table == "issues"})
        # in the order they were made
        made = sorted(groups.get(n, {}).items(), key=lambda g: _made_at(g[0]))
        if n == rank["facts"] and len(made) > 1:  # the new facts of all of them in one pass
            refused += state.apply_fact_groups(store, [(_logged_as(origin), rows) for origin, rows in made])
            continue
        for origin, rows in made:
            with store.batch("sync", **_logged_as(origin)):
                found = state.apply_images(store, rows)
            refused += found
            logged.update({(r.table, r.key): origin for r in found if r.table == "issues"})
    # an issue that moves to a later published version is taken once that version's record is in
    again: dict[tuple, dict] = {}
    for r in refused:
        if (r.table, r.key) in logged and r.image is not None:
            again.setdefault(logged[(r.table, r.key)], {})[(r.table, r.key)] = r.image
    if again:
        retried = {k for rows in again.values() for k in rows}
        refused = [r for r in refused if (r.table, r.key) not in retried]
        for origin, rows in sorted(again.items(), key=lambda g: (g[0] is not None, g[0] and _made_at(g[0]))):
            if origin is None:  # (rows of no known operation or time: under their writer, as before)
                refused += _apply_by_writer(store, rows, writers)
                continue
            with store.batch("sync", **_logged_as(origin)):
                refused += state.apply_images(store, rows)
    return refused


class _Written(tuple):
    """How a row with no known write operation is logged when the desk says when it took it: at
    that time, under the desk user who wrote it."""

    def __new__(cls, at: str, by: str):
        return super().__new__(cls, (at, by))


def _made_at(origin: tuple) -> tuple:
    """The order batches of pulled rows are written in: when they were made (a write operation's
    time, else the desk's), then by workstation and first seq, or by writer."""
    if isinstance(origin, _Written):
        return origin[0], origin[1], 0
    return _origin_time(origin[3]) or "", origin[0], origin[1]


def _logged_as(origin: tuple) -> dict:
    """The ``Store.batch`` arguments of a group of pulled rows (see ``_made_at``)."""
    if isinstance(origin, _Written):
        return {"by": origin[1], "at": origin[0]}
    return _origin_batch(origin)


def _desk_times(latest) -> dict[tuple[str, str], str]:
    """When the desk took each pulled row that says so (the pull queries give it for every table
    but facts, quotes and companies), as the store writes times (its local zone, to the second)."""
    from datetime import datetime

    taken = {k: v[5] for k, v in latest.items() if v[5] is not None}
    local = {}
    for at in set(taken.values()):
        try:
            local[at] = datetime.fromisoformat(at).astimezone().isoformat(timespec="seconds")
        except ValueError:  # (never from PostgreSQL's timestamptz text)
            continue
    return {k: local[at] for k, at in taken.items() if at in local}


def _origin_batch(origin: tuple) -> dict:
    """The ``Store.batch`` arguments that log a change as made where it came from (an ``_origins``
    value): dated when it was made there, under who made it, from which file and sheet."""
    _, _, by, entry = origin
    return {"by": by, "at": _origin_time(entry), "file": entry.get("file"), "sha256": entry.get("sha256"),
            "sheet": entry.get("sheet"), "as_of": entry.get("as_of"), "note": _origin_note(entry)}


def _desk_rows(conn, keys) -> dict[tuple[str, str], tuple[int, dict | None]]:
    """The desk's current revision and data of some rows (those this store refused): (tbl, key) ->
    (rev, data); a row the desk never had is absent."""
    keys = sorted(keys)
    wanted = "unnest(%(tbls)s::text[], %(keys)s::text[]) AS w(tbl, key)"
    found = conn.execute(
        f"SELECT r.tbl, r.key, r.rev, r.data FROM desk.rows r JOIN {wanted} ON r.tbl = w.tbl AND r.key = w.key "
        f"UNION ALL SELECT * FROM (SELECT DISTINCT ON (c.tbl, c.key) c.tbl, c.key, c.id, c.data FROM desk.changes c "
        f"JOIN {wanted} ON c.tbl = w.tbl AND c.key = w.key WHERE c.tbl = ANY(%(versioned)s) "
        f"ORDER BY c.tbl, c.key, c.id DESC) v",
        {"tbls": [t for t, _ in keys], "keys": [k for _, k in keys], "versioned": list(schema.VERSIONED_TABLES)})
    return {(t, k): (rev, data) for t, k, rev, data in found}


def _desk_data(conn, keys) -> dict[tuple[str, str], dict | None]:
    """The desk's current data of some rows; a deleted one None, one it never had absent."""
    return {k: data for k, (_, data) in _desk_rows(conn, keys).items()}


def _close_merged_refusals(store: Store, conn, refused: set[tuple[str, str]]) -> int:
    """Close the refusals of rows this store sent under its own identity (an analyst) that the desk
    now holds under another with the same natural key (an administrator registered the same SAC
    number), which this store has taken in their place: the row is gone here, nothing of it waits,
    and its natural key is on the desk. Returns how many closed."""
    natural = [k for k in refused if k[0] in state.NATURAL_KEYS]
    if not natural:
        return 0
    waiting = state.pending(store).keys
    found = [c for c in state.conflicts(store) if c["kind"] == "refused" and (c["tbl"], c["key"]) in natural
             and c["mine"] is not None and (c["tbl"], c["key"]) not in waiting
             and state.current_image(store, (c["tbl"], c["key"])) is None]
    closed = 0
    for c in found:
        fields = state.NATURAL_KEYS[c["tbl"]]
        if any(c["mine"].get(f) is None for f in fields):
            continue
        where = " AND ".join("data->>%s = %s" for _ in fields)
        params = [c["tbl"], *[x for f in fields for x in (f, str(c["mine"][f]))]]
        hit = conn.execute(f"SELECT key FROM desk.rows WHERE tbl = %s AND data IS NOT NULL AND {where}",
                           params).fetchone()
        if hit is not None and state.current_image(store, (c["tbl"], hit[0])) is not None:
            with store.transaction():
                state.mark_resolved(store, c["id"], "theirs")  # (the desk's row, held here in its place)
            closed += 1
    return closed


def _close_where_desk_agrees(store: Store, desk_now: dict[tuple[str, str], tuple[int, dict | None]]) -> int:
    """Close the desk rows this store refused whose row the desk now holds as this store does (a
    company kept here over the desk's deletion that is back on the desk, say), with nothing of it
    waiting here: nothing is left to settle (and the stale desk side is never tried again). Returns
    how many closed."""
    if not desk_now:
        return 0
    found = [c for c in state.conflicts(store) if c["kind"] == "local" and (c["tbl"], c["key"]) in desk_now]
    if not found:
        return 0
    waiting = state.pending(store).keys
    closed = 0
    with store.transaction():
        for c in found:
            key = (c["tbl"], c["key"])
            if key not in waiting and state.compared(c["tbl"], state.current_image(store, key)) == \
                    state.compared(c["tbl"], desk_now[key][1]):
                state.mark_resolved(store, c["id"], "theirs")  # (the desk's value, held here)
                closed += 1
    return closed


def _agree_where_taken(store: Store, desk_now: dict[tuple[str, str], tuple[int, dict | None]]) -> None:
    """Rows this store had refused that now hold the desk's current value (taken on a retry, or come
    round to it), with nothing waiting here: they agree with the desk from its current revision."""
    if not desk_now:
        return
    waiting = state.pending(store).keys
    still = state.local_refusals(store)
    agreed = [(t, k, rev) for (t, k), (rev, data) in desk_now.items()
              if (t, k) not in waiting and (t, k) not in still
              and state.compared(t, state.current_image(store, (t, k))) == state.compared(t, data)]
    if agreed:
        with store.transaction(), store.batch("sync", by="desk"):
            state.set_base_revs(store, sorted(agreed))


def _agree_where_decided(store: Store, conn) -> None:
    """Rows waiting to be pushed whose desk value this store refused and then settled by hand (kept
    mine over it, or took it): while the desk still holds that value, the row agrees with the desk
    from its current revision, so that the push sends a decision made over it, not a conflict. (A
    refused row keeps its old base until then: a value restored here over a newer desk value is a
    conflict, never an overwrite.)"""
    decided = {}
    for c in state.conflicts(store, open_only=False):  # in id order: the newest decision of a row last
        if c["kind"] == "local" and c["resolution"] is not None:
            decided[(c["tbl"], c["key"])] = c
    if not decided:
        return
    waiting = set(state.pending(store).keys) & set(decided)
    if not waiting:
        return
    desk_now = _desk_rows(conn, waiting)
    agreed = [(t, k, rev) for (t, k), (rev, data) in desk_now.items()
              if state.compared(t, data) == state.compared(t, decided[(t, k)]["theirs"])]
    # (a deletion the desk still holds: its tombstone's revision)
    if agreed:
        with store.transaction(), store.batch("sync", by="desk"):
            state.set_base_revs(store, sorted(agreed))


def _refused_origins(store: Store, conn, ws: str,
                     desk_now: dict[tuple[str, str], tuple[int, dict | None]]) -> dict[tuple[str, str], dict]:
    """For the desk's facts this store refused and has not settled: the ``Store.batch`` arguments
    of the write operation each came from (found by the desk's current revision of the row, whose
    data is what a retry takes), so that one taken on a later try is credited as a pulled one is.
    Read only when there are such facts."""
    theirs = {k: v for k, v in state.local_refusals(store).items() if k[0] in _TRACED and v is not None}
    if not theirs:
        return {}
    revs = [(t, k, desk_now[(t, k)][0]) for t, k in theirs if (t, k) in desk_now]
    return {k: _origin_batch(o) for k, o in _taken_origins(conn, ws, revs, theirs).items()}


def _origin_time(entry: dict) -> str | None:
    """When a desk.history entry's write operation was made on its workstation (None if it does not say)."""
    from datetime import datetime

    at = entry.get("at")
    try:
        return at if isinstance(at, str) and datetime.fromisoformat(at).tzinfo is not None else None
    except ValueError:
        return None


#: Tell the desk how far this store has durably pulled (``%(after)s``): what desk.prune may remove.
#: Written only when it moved (or hourly, to show the workstation is alive), and without waiting for
#: the disk (a report lost in a crash only makes the next prune keep more): statements of one message,
#: which the server runs as one transaction (``set_config``'s local value lasts to its end).
_REPORT_PULLED = (
    "SELECT set_config('synchronous_commit', 'off', true); "
    "WITH moved AS (UPDATE desk.workstations SET pulled = %(after)s, pulled_at = now(), by = current_user "
    "WHERE ws = %(ws)s AND (pulled < %(after)s OR pulled_at < now() - interval '1 hour') RETURNING 1) "
    "INSERT INTO desk.workstations (ws, last_seq, pulled) SELECT %(ws)s, 0, %(after)s "
    "WHERE NOT EXISTS (SELECT 1 FROM moved) ON CONFLICT (ws) DO NOTHING")


def _report_pulled(conn, ws: str, after: int) -> None:
    """``_REPORT_PULLED``, in one round trip."""
    _pg_errors().ClientCursor(conn).execute(_REPORT_PULLED, {"ws": ws, "after": after})


#: A pull of a few rows (a pull not far behind the feed), in one message: the report of what this
#: store pulled before (``_REPORT_PULLED``, when asked), the desk's prune mark, the newest revision
#: (read before the rows, none of which is then newer than what it saw, but for those committed
#: between the two statements: the rows themselves say so), and the rows. Each statement reads
#: what was committed before it began.
_QUICK_PULL = ("SELECT coalesce((SELECT value::bigint FROM desk.meta WHERE key = 'pruned_upto'), 0), "
               "greatest(coalesce(max(id), 0), %(after)s) FROM desk.changes; ")


def _quick_pull(conn, params: dict, report: bool, after_push: bool) -> tuple[int, list] | None:
    """The rows others wrote since this store's pull ``params["after"]`` (``_PULL_FEED``, or
    ``_PULL_FEED_AFTER_PUSH``) and the newest revision, read in one round trip (a slow link costs
    one delay, not six); None when the desk pruned past that pull meanwhile (the rows are not all
    there: the caller pulls everything again)."""
    cur = _pg_errors().ClientCursor(conn)
    cur.execute((_REPORT_PULLED + "; " if report else "") + _QUICK_PULL
                + (_PULL_FEED_AFTER_PUSH if after_push else _PULL_FEED)[0], params)
    if report:
        cur.nextset()
        cur.nextset()
    pruned, top = cur.fetchone()
    cur.nextset()
    if pruned > params["after"]:
        return None
    return top, cur.fetchall()


def _decode(latest) -> None:
    """The rows' JSON text decoded in place, in one parse (much cheaper than one per row)."""
    items = [v for v in latest.values() if type(v[0]) is str]
    if items:
        decoded = json.loads("[" + ",".join(map(itemgetter(0), items)) + "]")
        deque(map(setitem, items, repeat(0), decoded), maxlen=0)  # (each in place: C-level, not a loop)


class _Entry(dict):
    """A desk.history entry, hashable so that the facts it produced group under it."""

    # one object per entry read: identity is enough (object's own hash: no Python call per row grouped)
    __hash__ = object.__hash__


#: The tables whose pulled rows are logged as made where they came from (desk.history has their
#: write operations: local_batches).
_TRACED = ("facts", "quotes", "companies")


def _origins(conn, ws: str, latest) -> dict[tuple[str, str], tuple]:
    """For each pulled fact, quote or company, the write operation it came from on its workstation
    (desk.history, found by the seq range holding the row's change): (ws, first seq, desk user, entry)."""
    writers = {v[2] for v in latest.values()}
    writers.discard(ws)
    if not writers:
        return {}
    kept = {w for (w,) in conn.execute("SELECT w FROM unnest(%s::text[]) w WHERE EXISTS (SELECT 1 FROM desk.history h "
                                       "WHERE h.ws = w)", [sorted(writers)])}
    if not kept:  # rows written where no history was kept (loaded straight into the desk)
        return {}
    wanted: dict[str, list] = {}
    for k, v in latest.items():
        if k[0] in _TRACED and v[2] in kept:  # (a deletion too: who deleted it, when)
            wanted.setdefault(v[2], []).append((v[4], k, v[3]))
    if not wanted:
        return {}
    # only the entries that can hold those seqs (from the one holding the lowest): a desk's history
    # grows with every push, a pull needs the few its rows came from
    spans = sorted((w, min(items)[0], max(items)[0]) for w, items in wanted.items())
    ranges: dict[str, tuple[list, list]] = {}
    cur = conn.execute(
        "SELECT h.ws, h.first_seq, h.last_seq, h.entry FROM unnest(%s::text[], %s::bigint[], %s::bigint[]) w(ws, lo, hi) "
        "JOIN desk.history h ON h.ws = w.ws AND h.first_seq <= w.hi AND h.first_seq >= coalesce((SELECT max(x.first_seq) "
        "FROM desk.history x WHERE x.ws = w.ws AND x.first_seq <= w.lo), w.lo) ORDER BY h.ws, h.first_seq",
        [[w for w, _, _ in spans], [lo for _, lo, _ in spans], [hi for _, _, hi in spans]])
    for row_ws, first, last, entry in cur:
        firsts, rest = ranges.setdefault(row_ws, ([], []))
        firsts.append(first)
        rest.append((last, _Entry(entry)))
    out = {}
    for row_ws, items in wanted.items():
        firsts, rest = ranges.get(row_ws, ([], []))
        for seq, k, by in items:
            i = bisect.bisect_right(firsts, seq) - 1
            if i >= 0 and seq <= rest[i][0]:
                out[k] = (row_ws, firsts[i], by, rest[i][1])
    return out


def _origin_note(entry: dict) -> str:
    """How and by whom the change was first made (the local batch's own kind and user; its time,
    when known, dates the batch itself)."""
    at = "" if _origin_time(entry) else entry.get("at") or ""
    parts = [entry.get("origin") or "", at, entry.get("by") or "", entry.get("note") or ""]
    return "团队库 desk: " + " ".join(p for p in parts if p)


def _gone(store: Store, on_desk, pend) -> list[tuple[str, str]]:
    """Rows this store holds that were on the desk once (it knows their revision) and are no
    longer: deleted there while this store was away."""
    local = [(t, k) for t in state.TABLES if t not in state.RECORDS for k in state.all_images(store, t)
             if (t, k) not in on_desk and (t, k) not in pend.keys]
    return list(state.base_revs(store, local))


# ---------------------------------------------------------------- push
# Tables written in bulk: every role may write them and they have no natural key, so a bulk
# statement over them cannot be refused.
_BULK = ("companies", "facts", "quotes", "datasets")
_MISSING = object()
#: An issue whose workflow moved on the desk is never merged field by field.
_WHOLE_ROW = ("status", "version")


def _publishes(base: dict, mine: dict) -> bool:
    """Whether this workstation's side of an issue is a publication made since both agreed (a move
    to final, or a later final version): an act that happened, its PDF gone out as it is."""
    return mine.get("status") == "final" and any(mine.get(f) != base.get(f) for f in _WHOLE_ROW)


def _published_over(base, mine: dict | None, theirs: dict | None) -> bool:
    """A publication pushed over a draft the desk changed meanwhile (its text, or sent it to review)
    without publishing it: the version is the one both agreed on, not final on the desk. The
    publication lands whole, the desk's change is listed."""
    return (isinstance(base, dict) and mine is not None and theirs is not None and _publishes(base, mine)
            and theirs.get("status") != "final" and str(theirs.get("version")) == str(base.get("version")))


@dataclass
class _Contested:
    """A staged row the server holds at another revision than the one this store last agreed on."""

    table: str
    key: str
    rev: int
    data: dict | None
    ws: str
    writer: str
    at: str
    own: bool  # already applied by an earlier, unacknowledged push of this workstation
    base: object  # the row as both sides last agreed (from the feed), or _MISSING


@dataclass
class _Plan:
    """What a push does with its staged rows besides writing them as they are."""

    skip: list[tuple[str, str]] = field(default_factory=list)
    rewrite: list[tuple[str, str, dict | None, int]] = field(default_factory=list)  # merged data, expected rev
    conflicts: list[tuple[str, str, str, dict | None, dict | None, str | None, str | None]] = \
        field(default_factory=list)  # table, key, kind, mine, theirs, theirs_by, theirs_at
    revs: list[tuple[str, str, int]] = field(default_factory=list)
    theirs: dict[tuple[str, str], dict | None] = field(default_factory=dict)
    writers: dict[tuple[str, str], str] = field(default_factory=dict)  # who wrote each of theirs
    # the facts staged by the store: the revision of the first, and those not written
    facts_from: tuple[int, list] | None = None
    taken: int = 0  # the desk's values applied here after the push (of ``theirs``; set by ``_mark_pushed``)
    # issues published here over a desk edit of the draft -> the workstation that made that edit
    published_over: dict = field(default_factory=dict)


def merge_fields(table: str, base: dict | None, mine: dict | None, theirs: dict | None):
    """Three-way merge of one row changed on both sides since they agreed on ``base``.

    Returns ``(merged, clashes)``: the row with every field changed on one side only taken from
    that side, and the fields both sides changed to different values (kept at the server's value
    in ``merged``). None when the row cannot be merged field by field: it was deleted on a side,
    or the base is unknown, or it is an issue whose status or version moved on the desk meanwhile,
    or one this workstation published since (what went out is never merged with the desk's text).
    A fact is one field: its value, its provenance going with it.
    """
    if base is None or mine is None or theirs is None:
        return None
    if table == "issues" and any(theirs.get(f) != base.get(f) for f in _WHOLE_ROW):
        return None  # moved on through its workflow (published, corrected): the text is not merged into it
    if table == "issues" and _publishes(base, mine):
        return None  # published here: the text that went out is not merged with the desk's
    if table == "facts":
        if state.compared(table, mine) == state.compared(table, base):
            return dict(theirs), []
        if state.compared(table, theirs) == state.compared(table, base):
            return dict(mine), []
        return dict(theirs), ["value"]
    compared_fields = set(state.compared(table, {**base, **mine, **theirs}))
    merged, clashes = dict(theirs), []
    for name in sorted(set(base) | set(mine) | set(theirs)):
        b, m, t = base.get(name, _MISSING), mine.get(name, _MISSING), theirs.get(name, _MISSING)
        if m == b or m == t:
            continue  # this workstation did not change it, or both made the same change
        if t == b:
            if m is _MISSING:
                merged.pop(name, None)
            else:
                merged[name] = m
        elif name in compared_fields:
            clashes.append(name)  # both changed it, differently: the server's value stays
    return merged, clashes


def _stage(conn, text: str) -> None:
    """Copy the changed rows, each with the revision this store last agreed on, into a temporary
    table of the push's transaction (one COPY of the text ``_staging_text`` and the store built)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _push (tbl text NOT NULL, key text NOT NULL, data jsonb, "
                 "seq bigint NOT NULL, base bigint, act char(1) NOT NULL DEFAULT 'w') ON COMMIT DELETE ROWS")
    with conn.cursor().copy("COPY _push (tbl, key, data, seq, base) FROM STDIN") as copy:
        copy.write(text)


def _version_text(keys, seqs, images, ws: str) -> str:
    """The COPY lines of versioned rows built here (table, key, data, workstation, seq)."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    text, null, ws = _copy_text, _NULL, _copy_text(ws)
    return "".join(f"{tbl}\t{text(key)}\t{null if images[(tbl, key)] is None else text(dumps(images[(tbl, key)]))}"
                   f"\t{ws}\t{seqs[(tbl, key)]}\n" for tbl, key in keys)


def _staging_text(keys, images, bases) -> str:
    """The staging COPY's lines of the rows the store does not write itself (all but most facts)."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    text, null = _copy_text, _NULL
    lines = []
    for (tbl, key), seq in keys:  # COPY's text format, written in one piece
        mine, base = images[(tbl, key)], bases.get((tbl, key))
        # (table names need no escaping; seq and base are the store's integers)
        lines.append(f"{tbl}\t{text(key)}\t{null if mine is None else text(dumps(mine))}\t{seq}\t"
                     f"{null if base is None else base}\n")
    return "".join(lines)


_NULL = "\\N"  # NULL in COPY's text format


def _copy_text(value: str) -> str:
    """A field in COPY's text format: backslash, tab, newline and carriage return escaped."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _classify(conn, ws: str, images, plan: _Plan) -> None:
    """The rows kept in place and the records: one join finds the staged rows someone else changed
    since this store agreed; each is merged field by field, kept as a conflict, or found to need
    nothing (the rest are written as they are). The versioned tables: ``_write_versions``."""
    cur = conn.execute(
        "SELECT s.tbl, s.key, r.rev, CASE WHEN r.ws = %(ws)s AND r.seq >= s.seq THEN NULL ELSE r.data END, "
        "r.ws, r.writer, r.at::text, r.ws = %(ws)s AND r.seq >= s.seq, c.id IS NOT NULL OR b.rev IS NOT NULL, "
        "CASE WHEN c.id IS NOT NULL THEN c.data ELSE b.data END "
        "FROM _push s JOIN desk.rows r ON r.tbl = s.tbl AND r.key = s.key LEFT JOIN desk.changes c ON c.id = s.base "
        # (the row as both last agreed: from the feed, or kept by a prune that removed its entry)
        "LEFT JOIN desk.bases b ON b.tbl = s.tbl AND b.key = s.key AND b.rev = s.base "
        "WHERE s.act = 'w' AND s.tbl <> ALL(%(versioned)s) AND r.rev IS DISTINCT FROM s.base "
        "UNION ALL SELECT s.tbl, s.key, r.rev, CASE WHEN r.rev IS NOT DISTINCT FROM s.base "
        "OR (r.ws = %(ws)s AND r.seq >= s.seq) THEN NULL ELSE r.data END, r.ws, r.writer, r.at::text, "
        "r.rev IS NOT DISTINCT FROM s.base OR (r.ws = %(ws)s AND r.seq >= s.seq), false, NULL "
        "FROM _push s JOIN desk.records r ON r.tbl = s.tbl AND r.key = s.key WHERE s.act = 'w'", _params(ws))
    _decide(ws, images, plan, [_Contested(t, k, rev, data, row_ws, writer, at, own, base if has_base else _MISSING)
                               for t, k, rev, data, row_ws, writer, at, own, has_base, base in cur])


def _decide(ws: str, images, plan: _Plan, found: list[_Contested]) -> None:
    """What to do with each row someone else changed since this store agreed on it."""
    for c in found:
        k = (c.table, c.key)
        mine = images[k]
        if c.own or state.compared(c.table, c.data) == state.compared(c.table, mine):
            plan.skip.append(k)  # already applied, or the same on both sides: nothing to do
            plan.revs.append((c.table, c.key, c.rev))
            continue
        if c.table in state.RECORDS:  # never changed once written
            plan.skip.append(k)
            if mine is not None:
                plan.conflicts.append((c.table, c.key, "conflict", mine, c.data, c.writer, c.at))
                plan.revs.append((c.table, c.key, c.rev))
                plan.theirs[k] = c.data
                plan.writers[k] = c.writer
            continue
        if c.ws == ws:  # this workstation's own earlier write, not yet agreed on: mine is newer
            plan.rewrite.append((c.table, c.key, mine, c.rev))
            continue
        if c.table == "issues" and _published_over(c.base, mine, c.data):
            # a publication is an act that happened (its PDF went out): it lands as it was published,
            # and the desk's edit of the draft it replaces is listed to its publisher, never merged in
            plan.rewrite.append((c.table, c.key, mine, c.rev))
            plan.conflicts.append((c.table, c.key, "conflict", mine, c.data, c.writer, c.at))
            plan.published_over[k] = c.ws
            continue
        merged = None if c.base is _MISSING else merge_fields(c.table, c.base, mine, c.data)
        if merged is None:
            plan.skip.append(k)
            plan.conflicts.append((c.table, c.key, "conflict", mine, c.data, c.writer, c.at))
            plan.revs.append((c.table, c.key, c.rev))
            plan.theirs[k] = c.data
            plan.writers[k] = c.writer
            continue
        row, clashes = merged
        if state.compared(c.table, row) == state.compared(c.table, c.data) and row == c.data:
            plan.skip.append(k)  # nothing of mine to add to the server's row
            plan.revs.append((c.table, c.key, c.rev))
        else:
            plan.rewrite.append((c.table, c.key, row, c.rev))
        if row != mine:
            plan.theirs[k] = row
            plan.writers[k] = c.writer
        if clashes:
            # what settling for "mine" writes: the merged row with this workstation's values
            # where both changed the same field (a fact's value goes with its own provenance)
            mine_side = dict(mine) if c.table == "facts" else {**row, **{f: mine.get(f) for f in clashes}}
            plan.conflicts.append((c.table, c.key, "conflict", mine_side, row, c.writer, c.at))


# The versions of staged rows written since a pull's high-water mark (a range of the primary key:
# what landed between this sync's pull and its push; only the staged rows' come to the client, under
# the push lock).
_SINCE = ("SELECT c.tbl, c.key, c.id, c.data, c.ws, c.seq, c.by, c.at::text FROM desk.changes c "
          "WHERE c.id > %s AND c.tbl = ANY(%s) AND EXISTS (SELECT 1 FROM _push s WHERE s.tbl = c.tbl "
          "AND s.key = c.key AND s.act = 'w') ORDER BY c.id")
# The rows of the versioned tables written since a pull's high-water mark: usually none (the sync
# pulled just before); matched with the rows a push sends (``_landed``).
_LANDED = "SELECT tbl, key FROM desk.changes WHERE id > %s AND tbl = ANY(%s)"
# The newest version of each of some rows (one sort over the rows' versions, no index on the key).
_NEWEST = ("SELECT DISTINCT ON (c.tbl, c.key) c.tbl, c.key, c.id, c.data, c.ws, c.seq, c.by, c.at::text "
           "FROM desk.changes c JOIN {keys} ON k.tbl = c.tbl AND k.key = c.key ORDER BY c.tbl, c.key, c.id DESC")
_STAGED_VERSIONED = "(SELECT s.tbl, s.key FROM _push s WHERE s.act = 'w' AND s.tbl = ANY(%(versioned)s)) k"
_LISTED = "unnest(%(tbls)s::text[], %(keys)s::text[]) k(tbl, key)"
# The staged (decided) rows of the versioned tables as they go in, with the revisions they took.
_APPEND = (
    "INSERT INTO desk.changes (tbl, key, data, ws, seq) SELECT s.tbl, s.key, s.data, %(ws)s, s.seq FROM _push s "
    "WHERE s.act = 'w' AND s.tbl = ANY(%(versioned)s) AND (s.data IS NOT NULL OR s.base IS NOT NULL) "
    "ORDER BY s.tbl, s.key RETURNING tbl, key, id")
#: The rest go straight into the feed, in the order of their lines.
_COPY_VERSIONS = "COPY desk.changes (tbl, key, data, ws, seq) FROM STDIN"


@dataclass
class _Push:
    """What a push sends of the versioned tables, and what it knows besides: where this store's
    pull left the feed, the versions its pulls left unapplied, and what the desk has applied of
    this workstation."""

    seqs: dict[tuple[str, str], int]  # every row pushed -> seq of its last local change
    text: str  # the COPY lines of the versioned rows (table, key, data, workstation, seq), in this order:
    head: list  # rows built here (tables before facts, in key order),
    n_facts: int  # the facts the store staged (``state.stage_facts``), in key order,
    tail: list  # and rows built here again (facts of their own, then tables after facts)
    dropped: list  # versioned rows that neither exist here nor were ever on the desk: not sent
    base_of: Callable  # keys -> the revision each agreed on (read when a row is decided)
    pulled: int = 0
    unapplied: dict = field(default_factory=dict)
    check_all: bool = False  # every staged row is checked against the desk (once, after an upgrade)
    applied_upto: int = 0  # the desk's high-water mark of this workstation (its pushes applied)

    def staging_lines(self) -> str:
        """All the versioned rows as lines of the staging table (its revision agreed on unknown)."""
        out = []
        for line in self.text.split("\n")[:-1]:
            t, k, data, _, seq = line.split("\t")
            out.append(f"{t}\t{k}\t{data}\t{seq}\t{_NULL}\n")
        return "".join(out)


def _write_versions(conn, ws: str, push: _Push, plan: _Plan, dry_run: bool = False, lock: bool = False) -> int:
    """Write the staged rows of the versioned tables (the caller holds the push lock, so nothing
    moves between the reading and the writing). A fast-forward: the rows someone else may have
    changed since this store agreed are those changed after its pull (one range of the feed: its
    keys, usually none), those its pulls left unapplied (kept by the store) and those this
    workstation's earlier push may hold already (a push whose acknowledgement was lost: seq at or
    below the desk's mark). Only they are staged and decided (merged, kept as conflicts, or found to
    need nothing); the rest go straight into the feed with one ``COPY``, their revisions the run the
    sequence gives them (read back should another session draw from it meanwhile). Returns how many
    versions were written. ``lock``: take the push lock first (in the same round trip as the first
    statement that needs it)."""
    versioned, seqs = schema.VERSIONED_TABLES, push.seqs
    if not push.text and not push.dropped:
        if lock:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [PUSH_LOCK])
        return 0
    start, landed = _landed(conn, push, lock)  # (and the revision before the COPY's first, drawn)
    if push.check_all:
        contested = {k for k in seqs if k[0] in versioned}
    else:
        contested = {k for k in push.unapplied if k in seqs} | landed
        if seqs and push.applied_upto >= min(seqs.values()):  # (else none: seqs after the mark only)
            contested.update(k for k, seq in seqs.items() if seq <= push.applied_upto and k[0] in versioned)
    text, head, n_facts, tail, lines, left_facts = push.text, push.head, push.n_facts, push.tail, {}, []
    if contested:
        text, head, n_facts, tail, lines, left_facts = _set_apart(push, contested)
    n = len(head) + n_facts + len(tail)
    if n and not dry_run:  # first, so that the sequence gives its rows the run after ``start``
        _copy_versions(conn, text)
        last = conn.execute("SELECT currval('desk.change_id')").fetchone()[0]
        if last - start == n:  # the n values after ``start`` are all this COPY's: its lines in order
            plan.revs += [(t, k, start + 1 + i) for i, (t, k) in enumerate(head)]
            plan.revs += [(t, k, start + 1 + len(head) + n_facts + i) for i, (t, k) in enumerate(tail)]
            if n_facts:
                plan.facts_from = start + 1 + len(head), left_facts
        else:  # another session drew from the sequence meanwhile: the revisions are read back
            plan.revs += conn.execute("SELECT tbl, key, id FROM desk.changes WHERE ws = %s AND id > %s",
                                      [ws, start]).fetchall()
    written = n
    if contested:  # (their keys are none of the COPY's: what they meet on the desk is as it was)
        bases = push.base_of(sorted(contested))
        _stage(conn, "".join(
            f"{t}\t{_copy_text(k)}\t{data}\t{seq}\t{_NULL if bases.get((t, k)) is None else bases[(t, k)]}\n"
            for (t, k), (data, seq) in sorted(lines.items())))
        written += _decide_versions(conn, ws, push, {k: seqs[k] for k in contested}, plan)
    return written


#: Up to this many keys of its own a push sends to the desk to be matched with what landed since
#: its pull (one statement); a bigger push asks for what landed first (usually nothing).
_KEYS_SENT = 5000
_DRAWN = "WITH s AS (SELECT nextval('desk.change_id') AS v) SELECT s.v, l.tbl, l.key FROM s LEFT JOIN ({}) l ON true"
_OF_MINE = " AND (tbl, key) IN (SELECT * FROM unnest(%s::text[], %s::text[]))"


def _landed(conn, push: _Push, lock: bool = False) -> tuple[int, set]:
    """The rows this push sends that someone wrote after this store's pull (under the push lock:
    nothing moves meanwhile), matched on the side that holds fewer of them: a small push's keys go
    to the desk; a big one asks for what landed (usually nothing), and sends its keys only when
    more landed than it sends. In the same statement, a revision is drawn: the COPY's rows take
    those after it. Returns (that revision, the rows). ``lock``: the push lock is taken first, sent
    with the statement (one round trip; its own statement, so that the statement's snapshot is
    taken once the lock is held and sees every push committed before)."""
    versioned = list(schema.VERSIONED_TABLES)

    def mine():
        keys = [k for k in push.seqs if k[0] in schema.VERSIONED_TABLES]
        return [push.pulled, versioned, [k[0] for k in keys], [k[1] for k in keys]]

    def drawn(sql: str, params: list) -> list:
        if not lock:
            return conn.execute(sql, params).fetchall()
        # two statements in one message (their values bound here: the server takes several only
        # so), run in turn, the second with a snapshot taken once the first holds the lock
        cur = _pg_errors().ClientCursor(conn)
        cur.execute("SELECT pg_advisory_xact_lock(%s); " + sql, [PUSH_LOCK, *params])
        cur.nextset()
        return cur.fetchall()

    if len(push.seqs) <= _KEYS_SENT:
        rows = drawn(_DRAWN.format(_LANDED + _OF_MINE), mine())
        return rows[0][0], {(t, k) for _, t, k in rows if t is not None}
    rows = drawn(_DRAWN.format(_LANDED + " LIMIT %s"), [push.pulled, versioned, len(push.seqs) + 1])
    start = rows[0][0]
    if len(rows) <= len(push.seqs):
        return start, {(t, k) for _, t, k in rows if (t, k) in push.seqs}
    return start, set(conn.execute(_LANDED + _OF_MINE, mine()))


def _copy_versions(conn, text: str) -> None:
    with conn.cursor().copy(_COPY_VERSIONS) as copy:
        copy.write(text)


def _set_apart(push: _Push, contested: set) -> tuple:
    """The push's COPY lines without the contested rows: (text, head, n_facts, tail) as in
    ``_Push`` for the rest, the contested rows' (data, seq) as written, and the store's facts among
    them (their revisions are not numbered with the others')."""
    wanted = {(t, _copy_text(k)): (t, k) for t, k in contested}
    keep, head, tail, lines, left_facts = [], [], [], {}, []
    n_head, n_facts, facts = len(push.head), push.n_facts, 0
    for i, line in enumerate(push.text.split("\n")[:-1]):
        t, k, data, _, seq = line.split("\t")
        hit = wanted.get((t, k))
        if hit is not None:
            lines[hit] = (data, seq)
            if n_head <= i < n_head + n_facts:
                left_facts.append(hit)
            continue
        keep.append(line)
        if i < n_head:
            head.append(push.head[i])
        elif i < n_head + n_facts:
            facts += 1
        else:
            tail.append(push.tail[i - n_head - n_facts])
    for k in contested:  # (a row created and deleted here: nothing of it to send, decided all the same)
        lines.setdefault(k, (_NULL, push.seqs[k]))
    return ("\n".join(keep) + "\n" if keep else ""), head, facts, tail, lines, left_facts


def _decide_versions(conn, ws: str, push: _Push, staged: dict, plan: _Plan) -> int:
    """Decide the staged rows of the versioned tables someone else may have changed since this
    store agreed, and write those to write; returns how many versions were written."""
    versioned = schema.VERSIONED_TABLES
    newest: dict[tuple[str, str], tuple] = {}
    for t, k, rev, data, row_ws, seq, by, at in conn.execute(_SINCE, [push.pulled, list(versioned)]):
        if (t, k) in staged:
            newest[(t, k)] = (rev, data, row_ws, seq, by, at)
    # rows this workstation's earlier push may hold already: their newest version, however old
    again = list(staged) if push.check_all else [k for k, seq in staged.items() if seq <= push.applied_upto]
    if again:
        sql = _NEWEST.format(keys=_STAGED_VERSIONED if push.check_all else _LISTED)
        for t, k, rev, data, row_ws, seq, by, at in conn.execute(sql, {**_params(ws), "tbls": [k[0] for k in again],
                                                                       "keys": [k[1] for k in again]}):
            newest[(t, k)] = (rev, data, row_ws, seq, by, at)
    # the revision this store agreed on, of the rows someone may have changed since (as staged)
    maybe = sorted(set(newest) | {k for k in push.unapplied if k in staged})
    bases = {(t, k): base for t, k, base in conn.execute(
        "SELECT s.tbl, s.key, s.base FROM unnest(%s::text[], %s::text[]) u(tbl, key) JOIN _push s "
        "ON s.tbl = u.tbl AND s.key = u.key", [[k[0] for k in maybe], [k[1] for k in maybe]])} if maybe else {}
    found = {}
    for k, (rev, data, row_ws, seq, by, at) in newest.items():
        if rev != bases.get(k):
            own = row_ws == ws and seq >= staged[k]
            found[k] = (rev, None if own else data, row_ws, by, at, own)
    for k, (rev, data, row_ws, by) in push.unapplied.items():  # (one this store took since is no longer one)
        if k in staged and k not in found and k not in newest and rev > (bases.get(k) or 0):
            found[k] = (rev, data, row_ws, by, None, False)
    decided = _Plan()
    if found:
        keys = sorted(found)
        mine, base = {}, {}
        for t, k, data, has_base, b in conn.execute(
                "SELECT s.tbl, s.key, s.data, b.id IS NOT NULL OR x.rev IS NOT NULL, "
                "CASE WHEN b.id IS NOT NULL THEN b.data ELSE x.data END FROM unnest(%s::text[], %s::text[]) u(tbl, key) "
                "JOIN _push s ON s.tbl = u.tbl AND s.key = u.key LEFT JOIN desk.changes b ON b.id = s.base "
                # (a base a v5 prune kept: the feed holds a versioned row's base since v6)
                "LEFT JOIN desk.bases x ON x.tbl = s.tbl AND x.key = s.key AND x.rev = s.base",
                [[k[0] for k in keys], [k[1] for k in keys]]):
            mine[(t, k)] = data
            base[(t, k)] = b if has_base else _MISSING
        asked = [v[0] for v in found.values() if v[4] is None]
        when = dict(conn.execute("SELECT id, at::text FROM desk.changes WHERE id = ANY(%s)",
                                 [asked]).fetchall()) if asked else {}
        _decide(ws, mine, decided, [_Contested(k[0], k[1], rev, data, row_ws, by, at or when.get(rev), own, base[k])
                                    for k, (rev, data, row_ws, by, at, own) in sorted(found.items())])
        _mark_staged(conn, decided)
    written = conn.execute(_APPEND, _params(ws)).fetchall()
    plan.revs += written + decided.revs
    plan.skip += decided.skip
    plan.theirs.update(decided.theirs)
    plan.writers.update(decided.writers)
    plan.conflicts += decided.conflicts
    return len(written)


def _mark_staged(conn, plan: _Plan) -> None:
    if plan.skip:
        conn.execute("UPDATE _push s SET act = 's' FROM unnest(%s::text[], %s::text[]) u(tbl, key) "
                     "WHERE s.tbl = u.tbl AND s.key = u.key", [[k[0] for k in plan.skip], [k[1] for k in plan.skip]])
    if plan.rewrite:
        conn.execute("UPDATE _push s SET data = u.data, base = u.base "
                     "FROM unnest(%s::text[], %s::text[], %s::jsonb[], %s::bigint[]) u(tbl, key, data, base) "
                     "WHERE s.tbl = u.tbl AND s.key = u.key",
                     [[r[0] for r in plan.rewrite], [r[1] for r in plan.rewrite], [_json(r[2]) for r in plan.rewrite],
                      [r[3] for r in plan.rewrite]])


def _mark_pushed(store: Store, upto: int, plan: _Plan, push: _Push, conn=None) -> list:
    """After the server committed: remember what it holds now (one local transaction), the
    desk's rows taken over this workstation's logged under the desk user who wrote them (a fact
    as a pulled one is: when, by whom and from which file it was made, read through ``conn``); the
    versions the pulls left for this push are decided."""
    theirs, writers = plan.theirs, plan.writers
    companies = state.kept_companies(store) if any(v is None and t == "facts" for (t, _), v in theirs.items()) else ()
    if companies:  # a figure of a company this store keeps over the desk's deletion stays with it, as the
        # conflict's "mine", until the user settles it (taking the deletion here would let the company go)
        theirs = {k: v for k, v in theirs.items() if not (v is None and k[0] == "facts" and k[1].split("|")[0] in companies)}
    origins = _taken_origins(conn, store.workstation_id(), plan.revs, theirs) if conn is not None and theirs else {}
    with store.transaction():
        refused = _apply_pulled(store, theirs, writers, origins) if theirs else []
        with store.batch("sync", by="desk"):
            if plan.facts_from is not None:
                state.record_fact_revs(store, *plan.facts_from)
            kept = {(r.table, r.key) for r in refused}  # refused: not agreed with the desk (see _pull_rows)
            state.set_base_revs(store, sorted(r for r in plan.revs if (r[0], r[1]) not in kept))  # (in key order)
            state.record_local_refusals(store, refused, writers)
            state.forget_unapplied(store, {k: v for k, v in push.unapplied.items() if k in push.seqs})
            # a versioned row refused here stays the desk's version this store has not taken: a
            # later push of the row decides against it (the desk's feed will not show it again)
            state.keep_unapplied(store, [(t, k, rev, theirs.get((t, k)), "", writers.get((t, k)))
                                         for t, k, rev in plan.revs if (t, k) in kept and t in schema.VERSIONED_TABLES])
            state.set_settings(store, {state.SETTING_PUSHED: upto, state.SETTING_CHECK_ALL: None})
    plan.taken = len(theirs) - len(refused)
    return refused


def _taken_origins(conn, ws: str, revs: list[tuple[str, str, int]],
                   theirs: dict[tuple[str, str], dict | None]) -> dict[tuple[str, str], tuple]:
    """For the desk's facts a push takes over this workstation's: the write operation each came
    from (as ``_origins``), found by the revision the push agreed on. Best effort: a connection
    lost now leaves them credited to their writer only (the push has landed; nothing is lost)."""
    psycopg = _pg_errors()
    wanted = {rev: (t, k) for t, k, rev in revs if t in _TRACED and (t, k) in theirs}
    if not wanted:
        return {}
    try:
        latest = {wanted[rid]: [theirs[wanted[rid]], rid, row_ws, by, seq] for rid, tbl, key, row_ws, by, seq
                  in conn.execute("SELECT id, tbl, key, ws, by, seq FROM desk.changes WHERE id = ANY(%s)",
                                  [sorted(wanted)]) if wanted[rid] == (tbl, key)}
        return _origins(conn, ws, latest)
    except psycopg.Error:
        return {}


def _push(store: Store, conn, ws: str, result: SyncResult, dry_run: bool,
          known: state.Pending | None = None, held: dict | None = None, landed: bool = False) -> bool:
    # the pending changes the pull just listed, unless the store changed since (then listed again),
    # less the rows ``held`` back for a figure the desk refuses (``_hold_back_figures``); ``landed``:
    # ``known`` is the part of them a push whose acknowledgement was lost carried (see below).
    # False: nothing to push (the desk was not asked)
    pend = known if known is not None and (landed or known.upto == store.last_seq()) else state.pending(store)
    if held is None:
        held = {}
        if not dry_run and state.held_figures(store):  # a listing whose figure is corrected here closes
            with store.transaction():
                state.hold_figures(store, {}, {})
    if held:
        pend = state.Pending(pend.upto, {k: seq for k, seq in pend.keys.items() if k not in held})
    pushed_before = state.setting_int(store, state.SETTING_PUSHED)
    if not pend.keys:
        if pend.upto > pushed_before and not dry_run:
            state.set_settings(store, {state.SETTING_PUSHED: pend.upto})
        return False
    check_all = bool(store.get_setting(state.SETTING_CHECK_ALL))  # (read before the landed part clears it)
    if not landed:
        # a push whose acknowledgement was lost, and changes made here since: the desk's mark of
        # this workstation is between them. The changes at or below it landed with that push: they
        # are checked and the desk's state of them taken as after any lost acknowledgement (the
        # branch below, ``_Landed``), never sent and decided again (a conflict it listed would be
        # listed twice, a merged row written again); only the changes made since are pushed
        mark = conn.execute("SELECT last_seq FROM desk.workstations WHERE ws = %s", [ws]).fetchone()
        if mark is not None and min(pend.keys.values()) <= mark[0] < max(pend.keys.values()):
            _push(store, conn, ws, result, dry_run,
                  state.Pending(mark[0], {k: seq for k, seq in pend.keys.items() if seq <= mark[0]}), held, True)
            pend = state.Pending(pend.upto, {k: seq for k, seq in pend.keys.items() if seq > mark[0]})
            pushed_before = state.setting_int(store, state.SETTING_PUSHED)
    keys = list(pend.keys)
    with store.transaction():  # one read transaction (the temporary key tables are not committed one by one)
        # the facts' images are built by the store as it stages them; the other rows' (and those of
        # the facts whose provenance a write outside the workbench changed) here
        images = state.PushImages(store, pend.keys)
        unproven = store.unproven_batches()  # read once: the batches sent and the figures marked agree
        batches = state.local_batches(store, pushed_before, pend.upto, unproven)
        state.mark_outside_writes(store, pend, images, pushed_before, conn.info.user, unproven)
        images.update(state.read_images(store, [k for k in keys if k[0] != "facts" or k[1].count("|") != 2]))
        bases = state.base_revs(store, list(images))
        own_facts = sorted(k for k in images if k[0] == "facts")
        facts, n_facts, dropped, odd = state.stage_facts(store, pend.keys, own_facts, ws)
        # a figure the desk refuses would refuse the whole push: the desk's rule looks at the facts
        # the staging found odd (a good one cost it one test), those built here and the quotes
        found = state.figures_to_hold(store, [*odd, *own_facts, *(k for k in keys if k[0] == "quotes")])
        if not found:
            # a deletion of a row the desk never had goes nowhere
            dropped += [k for k in images if images[k] is None and bases.get(k) is None]
            gone = set(dropped)
            # the rows kept in place in the order of the changes (records go in, and take their revisions,
            # in the order they were made); the versioned ones in key order, the store's facts in between
            versioned = sorted(k for k in images
                               if k[0] in schema.VERSIONED_TABLES and k[0] != "facts" and k not in gone)
            head = [k for k in versioned if k[0] < "facts"]
            tail = [k for k in own_facts if k not in gone] + [k for k in versioned if k[0] > "facts"]
            text = _staging_text([(k, seq) for k, seq in pend.keys.items() if k in images
                                  and k[0] not in schema.VERSIONED_TABLES], images, bases)
            lines = "".join((_version_text(head, pend.keys, images, ws), facts,
                             _version_text(tail, pend.keys, images, ws)))

            def base_of(wanted, known=dict(bases)):
                return {**state.base_revs(store, [k for k in wanted if k not in known]),
                        **{k: known[k] for k in wanted if k in known}}

            push = _Push(pend.keys, lines, head, n_facts, tail, dropped, base_of,
                         state.setting_int(store, state.SETTING_PULLED), state.unapplied(store),
                         check_all=check_all)
            del lines
        del facts
    if found:  # held back and listed, and the push read again without them
        _hold_back_figures(store, conn, found, result, dry_run)
        return _push(store, conn, ws, result, dry_run, pend, {**held, **found}, landed)
    plan = _Plan()
    with conn.transaction():
        hw = conn.execute("SELECT last_seq FROM desk.workstations WHERE ws = %s", [ws]).fetchone()
        push.applied_upto = hw[0] if hw is not None else 0
        if hw is not None and hw[0] >= max(pend.keys.values()):
            # this push already landed (its acknowledgement was lost): take the server's state
            _stage(conn, text + push.staging_lines())
            # every staged row with the desk's current state of it (none: rev NULL) and where that state
            # came from (workstation, seq): the check below needs them all, not only those the desk has
            cur = conn.execute(f"SELECT s.tbl, s.key, r.rev, r.data, r.writer, s.data, s.seq, r.ws, r.seq FROM _push s "
                               f"{_CURRENT} WHERE s.tbl <> ALL(%(versioned)s) UNION ALL SELECT s.tbl, s.key, n.id, "
                               f"n.data, n.by, s.data, s.seq, n.ws, n.seq FROM ({_NEWEST.format(keys=_STAGED_VERSIONED)}) "
                               "n RIGHT JOIN _push s ON s.tbl = n.tbl AND s.key = n.key WHERE s.tbl = ANY(%(versioned)s)",
                               _params(ws))
            check = _Landed(ws, pushed_before, hw[0])
            for tbl, key, rev, data, writer, mine, seq, by_ws, by_seq in cur:
                differs = state.compared(tbl, data) != state.compared(tbl, mine)
                check.row(tbl, key, seq, rev, data, mine, differs, by_ws == ws and by_seq == seq)
                if rev is None:
                    continue
                plan.revs.append((tbl, key, rev))
                if differs:
                    plan.theirs[(tbl, key)] = data
                    plan.writers[(tbl, key)] = writer
            del cur
            check.verify(conn, store, bases)  # (refused: nothing taken, the changes made here still to push)
            if dry_run:
                result.pulled += len(plan.theirs)  # (what the sync would take: counted as pulled)
                return True
        else:
            expected = 0
            if text:  # the rows kept in place and the records: staged, read and merged before the lock
                _stage(conn, text)
                _classify(conn, ws, images, plan)
                expected = sum(1 for k in keys if k[0] not in schema.VERSIONED_TABLES) - len(plan.skip)
            _mark_staged(conn, plan)  # (nothing to mark without them: no statement)
            del text
            # (a dry run's too, rolled back with it: since v13 the desk takes a version only inside its push's record)
            _record_push(conn, ws, pend, push.applied_upto, store)
            if not dry_run:  # what the push records whatever it decides: written before the lock
                _record_push_rest(conn, ws, pend, batches)
            # the lock is held from here to the commit only (``_write_versions`` takes it): the reading
            # and merging of the rows kept in place ran without it, and one someone changed meanwhile is
            # not written (its revision moved); the versioned tables are read and written under it.
            # Every statement under it costs the other pushes a round trip to this workstation (over a
            # slow link, a lot): those that need it only
            versions = _write_versions(conn, ws, push, plan, dry_run, lock=not dry_run)
            if dry_run:
                result.pushed += len(keys) - len(plan.skip)
                result.conflicts += len(plan.conflicts)
                result.pulled += len(plan.theirs)
                _rollback(conn)
            applied, refused = _apply_on_server(conn, ws, images, expected, plan)
            applied += versions
            if plan.published_over and refused:  # (the desk's edit is listed only where the publication landed)
                unwritten = {(r[0], r[1]) for r in refused}
                plan.conflicts = [x for x in plan.conflicts
                                  if not ((x[0], x[1]) in plan.published_over and (x[0], x[1]) in unwritten)]
                plan.published_over = {k: w for k, w in plan.published_over.items() if k not in unwritten}
            # the workstation whose edit of the draft a publication replaced is told too, at its next sync
            told = [(t, k, "conflict", _json(theirs), _json(mine), plan.published_over[(t, k)])
                    for t, k, _, mine, theirs, _, _ in plan.conflicts if (t, k) in plan.published_over]
            if told:  # (the desk's side: this publication, as the desk takes it now)
                conn.cursor().executemany(
                    "INSERT INTO desk.conflicts (tbl, key, kind, mine, theirs, ws, theirs_by, theirs_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, current_user, now())", told)
            rows = [(t, k, kind, _json(mine), _json(theirs), ws, by, at)
                    for t, k, kind, mine, theirs, by, at in plan.conflicts + refused]
            if rows:
                conn.cursor().executemany(
                    "INSERT INTO desk.conflicts (tbl, key, kind, mine, theirs, ws, theirs_by, theirs_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)
            result.pushed += applied
            result.refused += len(refused)
    if dry_run:
        return True
    try:
        local_refused = _mark_pushed(store, pend.upto, plan, push, conn)
    except sqlite3.DatabaseError as exc:  # the desk has committed: never "nothing changed"
        why = access.explain(exc, store.path, unchanged=False)
        raise DeskError(f"团队库已接受推送，但本数据文件未能记下 (the desk took the push, but this store could not "
                        f"record it): {why}; 再运行 (run) `workbench sync` 完成 (to complete it)") from None
    result.refused += len(local_refused)
    result.pulled += plan.taken  # the desk's values the push took over this store's: a figure changed here
    return True


class _Landed:
    """Whether the desk holds, under this workstation's id, what this store pushed, before a push
    the desk's mark says already landed (a retry after a lost acknowledgement) takes the desk's
    state. The mark proves nothing: the same desk user can, with psql under their own login, record
    a push of seqs their station used offline but never pushed, put other figures at those seqs and
    move the mark in one transaction (the desk cannot tell that from a station's push), or the
    schema's owner can move it with no versions at all; the station would then put those figures
    over its offline work, silently, as its own. So each staged row must be on the desk as pushed:
    the feed holds this workstation's entry at the row's seq, and for the versioned tables with this
    store's data (``state.compared``), or data the push merged (the fields that differ are fields
    this store had not changed since the revision it agreed on); a row the push did not write is
    fine where the desk lists a conflict or refusal of it from that push, or holds this store's data
    already. And the range holds no entry of this workstation this store did not push. Cheap: the
    current state the branch reads anyway says, for most rows, that the desk's newest entry of it is
    this workstation's at its seq; the rest are looked up in one query from where the push records
    say the range begins (``after_id``), and the range is counted once."""

    def __init__(self, ws: str, pushed: int, mark: int):
        self.ws, self.lo, self.hi = ws, pushed, mark
        self.found: set[int] = set()  # the feed ids of the entries matched to a staged row
        self.elsewhere: list = []  # (tbl, key, seq, data, mine, differs): the entry at seq not the desk's current
        self.merged: list = []  # (tbl, key, seq, id, data, mine): the entry at seq, its data not this store's

    def row(self, tbl, key, seq, rev, data, mine, differs: bool, current_is_entry: bool) -> None:
        if not current_is_entry:
            self.elsewhere.append((tbl, key, seq, data, mine, differs))
            return
        self.found.add(rev)
        if differs and tbl in schema.VERSIONED_TABLES:
            self.merged.append((tbl, key, seq, rev, data, mine))

    def verify(self, conn, store: Store, bases: dict) -> None:
        ws, lo, hi = self.ws, self.lo, self.hi
        owner = conn.execute("SELECT by = session_user FROM desk.workstations WHERE ws = %s", [ws]).fetchone()
        if not owner[0]:  # another user's workstation: this store is a copy of theirs, which the push's refusal says
            return
        records = conn.execute("SELECT first_seq, last_seq, after_id, by, at::text FROM desk.pushes WHERE ws = %s "
                               "AND last_seq > %s AND first_seq <= %s ORDER BY first_seq", [ws, lo, hi]).fetchall()
        after = min((r[2] for r in records), default=None)
        wrong: list[tuple[str, str, int]] = []
        missing = []  # (tbl, key, seq, data, mine): no entry at seq, and the desk does not hold this store's data
        if self.elsewhere:
            at = {}
            if after is not None:
                t, k, q = zip(*[(r[0], r[1], r[2]) for r in self.elsewhere])
                at = {(tbl, key, seq): (cid, data) for tbl, key, seq, cid, data in conn.execute(
                    "SELECT c.tbl, c.key, c.seq, c.id, c.data FROM unnest(%s::text[], %s::text[], %s::bigint[]) "
                    "u(tbl, key, seq) JOIN desk.changes c ON c.tbl = u.tbl AND c.key = u.key AND c.seq = u.seq "
                    "AND c.id > %s AND c.ws = %s ORDER BY c.id", [list(t), list(k), list(q), after, ws])}
            for tbl, key, seq, data, mine, differs in self.elsewhere:
                entry = at.get((tbl, key, seq))
                if entry is None:
                    if differs:
                        missing.append((tbl, key, seq, data, mine))
                    continue
                self.found.add(entry[0])
                if tbl in schema.VERSIONED_TABLES and state.compared(tbl, entry[1]) != state.compared(tbl, mine):
                    self.merged.append((tbl, key, seq, entry[0], entry[1], mine))
        missing = self._not_held_alike(conn, missing, records)
        if missing or self.merged:  # a conflict or refusal the push listed: the row was not written
            # ... only where the listing keeps this store's values (its side "mine"), as the push
            # lists them: a listing written by hand with other figures accounts for nothing, else
            # the station would take the desk's figure over its own with no trace of its own
            listed: dict[tuple[str, str], list] = {}
            for t, k, listed_mine in conn.execute(
                    "SELECT c.tbl, c.key, c.mine FROM desk.conflicts c JOIN desk.pushes p ON p.ws = c.ws AND p.at = c.at "
                    "WHERE c.ws = %s AND p.last_seq > %s AND p.first_seq <= %s", [ws, lo, hi]):
                listed.setdefault((t, k), []).append(listed_mine)

            # ... on the fields this store changed since the revision it agreed on: the others of a
            # merged row's listing are the desk's as the push found them, which a colleague may have
            # changed again since (the rows as agreed, read once: the merge's check below reads them too)
            rows = [(t, k) for t, k, *_ in missing] + [(m[0], m[1]) for m in self.merged]
            ids = sorted({bases[x] for x in rows if bases.get(x) is not None})
            by_id = dict(conn.execute("SELECT id, data FROM desk.changes WHERE id = ANY(%s)", [ids])) if ids else {}
            agreed = {x: by_id[bases[x]] for x in rows if bases.get(x) in by_id}

            def kept(tbl, key, desk, here) -> bool:
                return any(_keeps_mine(tbl, m, desk, here, agreed.get((tbl, key))) for m in listed.get((tbl, key), ()))

            wrong += [(t, k, seq) for t, k, seq, data, mine in missing if not kept(t, k, data, mine)]
            merged = [m for m in self.merged if not kept(m[0], m[1], m[4], m[5])]
            wrong += [(t, k, seq) for t, k, seq in self._not_merged(merged, agreed)]
        if after is not None:  # an entry of this workstation in the range that no staged row is
            n = conn.execute("SELECT count(*) FROM desk.changes WHERE id > %s AND ws = %s AND seq > %s AND seq <= %s",
                             [after, ws, lo, hi]).fetchone()[0]
            if n > len(self.found):
                # this store's all the same: a row held back this time (a figure or an issue) at its
                # seq, and a row's earlier push at an older seq when this store changed it again
                # since and that push too lost its acknowledgement (the newer one is checked above);
                # an entry of a row this store has not changed since its last acknowledged push is not
                made = state.pending(store).keys
                wrong += [(t, k, seq) for cid, t, k, seq in conn.execute(
                    "SELECT id, tbl, key, seq FROM desk.changes WHERE id > %s AND ws = %s AND seq > %s AND seq <= %s "
                    "ORDER BY id", [after, ws, lo, hi]) if cid not in self.found and seq > made.get((t, k), 0)]
        if wrong:
            raise DeskError(self._words(sorted(set(wrong), key=itemgetter(2)), records))

    @staticmethod
    def _not_held_alike(conn, missing: list, records: list) -> list:
        """Of the rows with no entry at their seq, those the desk did not hold with this store's data
        when the push record covering the seq began (its newest entry of the row at or below the
        record's ``after_id``): a push finding the desk already agreeing writes and lists nothing, and
        a colleague may have changed the row since. A row no record covers is never accounted for."""
        if not missing:
            return missing
        starts = [r[0] for r in records]
        after = {}
        for i, (tbl, key, seq, _, _) in enumerate(missing):
            at = bisect.bisect_right(starts, seq) - 1
            if at >= 0 and seq <= records[at][1]:
                after[i] = records[at][2]
        if not after:
            return missing
        held = dict(conn.execute(
            "SELECT u.i, (SELECT c.data FROM desk.changes c WHERE c.tbl = u.tbl AND c.key = u.key AND c.id <= u.after "
            "ORDER BY c.id DESC LIMIT 1) FROM unnest(%s::int[], %s::text[], %s::text[], %s::bigint[]) u(i, tbl, key, after)",
            [list(after), [missing[i][0] for i in after], [missing[i][1] for i in after], list(after.values())]))
        return [m for i, m in enumerate(missing)
                if i not in held or state.compared(m[0], held[i]) != state.compared(m[0], m[4])]

    @staticmethod
    def _not_merged(merged: list, agreed_rows: dict) -> list:
        """Of the entries at their seq whose data is not this store's, those no merge explains: a
        field differs that this store changed since the revision it agreed on (a merge keeps this
        store's value there, or lists a conflict), or that revision is not on the desk
        (``agreed_rows``: (tbl, key) -> the desk's data of that revision, where the desk has it)."""
        out = []
        for tbl, key, seq, _, data, mine in merged:
            desk, here = state.compared(tbl, data), state.compared(tbl, mine)
            agreed = state.compared(tbl, agreed_rows[(tbl, key)]) if (tbl, key) in agreed_rows else None
            if desk is None or here is None or agreed is None or any(
                    desk.get(f) != here.get(f) and here.get(f) != agreed.get(f) for f in set(desk) | set(here)):
                out.append((tbl, key, seq))
        return out

    def _words(self, wrong: list, records: list) -> str:
        from workbench.domain.times import local_time

        tbl, key, seq = wrong[0]
        record = next((r for r in records if r[0] <= seq <= r[1]), None)
        if record is not None:
            who_zh, who_en = (f"由 {record[3]} 于 {local_time(record[4])} 记录的推送（第 {record[0]}-{record[1]} 号）",
                              f"the push record of changes {record[0]}-{record[1]}, by {record[3]} at "
                              f"{local_time(record[4])}")
        else:
            who_zh = f"没有任何推送记录包含它：团队库对本工作站的标记是被直接改到第 {self.hi} 号的"
            who_en = f"no push record covers it: the desk's mark of this workstation was moved to {self.hi} by hand"
        return (f"团队库在本工作站 {self.ws} 的标识下存有 {len(wrong)} 项不是本数据文件推送的变更，例如第 {seq} 号变更"
                f"（{tbl} {key}），{who_zh}；未取用其中任何数据，本地的修改都还在、仍待推送，请联系团队库管理员核查第 "
                f"{self.lo + 1}-{self.hi} 号变更在 desk.pushes 和 desk.changes 中的记录 (the desk holds, under this "
                f"workstation's id {self.ws}, {len(wrong)} changes this store did not push, e.g. change {seq} to {tbl} "
                f"{key}, {who_en}; nothing of it was taken: the changes made here are all kept, still to push; ask the desk "
                f"administrator, whose desk.pushes and desk.changes entries of changes {self.lo + 1}-{self.hi} name "
                "who wrote them and when)")


def _keeps_mine(tbl: str, listed, desk, here, agreed=None) -> bool:
    """Whether a conflict or refusal listed for this workstation keeps this store's values (its
    side "mine") of a row the desk holds otherwise: on every field where the desk's row differs from
    this store's and, given the row as this store last agreed on it (``agreed``), that this store
    changed since (a merged row's listing holds the merged row with this store's values where both
    changed the same field, the desk's elsewhere); or whole where either side is a deletion."""
    listed, desk, here, agreed = (state.compared(tbl, x) for x in (listed, desk, here, agreed))
    if listed is None or desk is None or here is None:
        return listed == here
    return all(listed.get(f) == here.get(f) for f in set(desk) | set(here)
               if desk.get(f) != here.get(f) and (agreed is None or here.get(f) != agreed.get(f)))


def _record_push(conn, ws: str, pend: state.Pending, applied_upto: int, store: Store) -> None:
    """Record the seqs this push applies: those after the desk's mark of this workstation, up to
    this store's (under the push lock, in the push's transaction). The desk refuses a range that
    meets one it recorded before (``desk.pushes``): a change is never applied twice, whatever
    this store believes it has sent."""
    psycopg = _pg_errors()
    seqs = pend.keys.values()
    first, last = max(applied_upto + 1, min(seqs)), min(max(seqs), pend.upto)
    if first > last:
        return
    try:  # (refused: the push's transaction is rolled back, nothing of it lands)
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, first, last])
    except psycopg.errors.ExclusionViolation:
        db = identity.db_argument(store)
        raise DeskError(f"团队库已应用过本工作站的第 {first}-{last} 号变更中的一部分，推送未执行，本地的修改都还在 (the desk "
                        f"has already applied some of this workstation's changes {first}-{last}: nothing was pushed, "
                        "the changes made here are all kept); 请检查数据文件是否为副本或恢复的备份 (check whether the "
                        "store is a copy or a restored backup); 若是，让此数据文件成为新的工作站后再同步 (if so, make "
                        f"this store a workstation of its own, then sync again): `workbench desk reidentify --db {db}`, "
                        f"然后 (then) `workbench sync --db {db}`") from None


def _record_push_rest(conn, ws: str, pend: state.Pending, batches: list) -> None:
    """What a push records besides its versions and rows, none of it decided under the push lock:
    the history of its write operations, the desk's mark of this workstation (after the push's
    record: the desk moves it only in a transaction that recorded a push) and the word to the
    workstations listening (sent at the commit)."""
    if batches:  # each entry names who made it: the local user, else the desk user pushing it
        conn.cursor().executemany(
            "INSERT INTO desk.history (ws, first_seq, last_seq, entry) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            [(ws, first, last, _json({**entry, "by": entry.get("by") or conn.info.user}))
             for first, last, entry in batches])
    conn.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, %s) ON CONFLICT (ws) "
                 "DO UPDATE SET last_seq = excluded.last_seq, by = current_user, at = now()",
                 [ws, pend.upto])
    conn.execute("SELECT pg_notify(%s, %s)", [NOTIFY_CHANNEL, ws])


def _hold_back_figures(store: Store, conn, held: dict[tuple[str, str], str], result: SyncResult,
                       dry_run: bool) -> None:
    """List the facts and quotes a push holds back because the desk refuses their figure (not a
    number, or outside its plausible range: written outside the workbench, say), checked here by
    the desk's own rule (``state.figures_to_hold``): one of them would refuse the whole push. Each
    is listed once as a local refusal (本机的值…未推送 not pushed) and stays here as it is; once
    corrected here, its change goes with the next push and the listing closes."""
    if dry_run:
        return
    theirs = _desk_data(conn, list(held))
    with store.transaction():
        result.refused += state.hold_figures(store, held, theirs)


def _rollback(conn) -> None:
    from psycopg import Rollback

    raise Rollback()


def _json(v):
    from psycopg.types.json import Jsonb

    return None if v is None else Jsonb(v)


def _params(ws: str) -> dict:
    return {"ws": ws, "versioned": list(schema.VERSIONED_TABLES), "records": list(state.RECORDS)}


# Each staged row's current state on the desk (r: rev, data, ws, seq, writer, at; all NULL when the
# desk has no such row) for the tables kept in place: its row, or its record (the versioned tables:
# _NEWEST).
_CURRENT = (
    "LEFT JOIN LATERAL (SELECT x.rev, x.data, x.ws, x.seq, x.writer, x.at FROM desk.rows x "
    "WHERE x.tbl = s.tbl AND x.key = s.key AND s.tbl <> ALL(%(versioned)s) "
    "UNION ALL SELECT x.rev, x.data, x.ws, x.seq, x.writer, x.at FROM desk.records x "
    "WHERE x.tbl = s.tbl AND x.key = s.key AND s.tbl = ANY(%(records)s)) r ON true")

_WRITE_ROWS = (
    "UPDATE desk.rows r SET data = s.data, ws = %(ws)s, seq = s.seq FROM _push s WHERE s.act = 'w' AND {where} "
    "AND r.tbl = s.tbl AND r.key = s.key AND r.rev IS NOT DISTINCT FROM s.base RETURNING r.tbl, r.key, r.rev",
    "INSERT INTO desk.rows (tbl, key, data, ws, seq) SELECT s.tbl, s.key, s.data, %(ws)s, s.seq FROM _push s "
    "WHERE s.act = 'w' AND {where} AND s.data IS NOT NULL AND NOT EXISTS "
    "(SELECT 1 FROM desk.rows r WHERE r.tbl = s.tbl AND r.key = s.key) ON CONFLICT DO NOTHING "
    "RETURNING tbl, key, rev",
)
_WRITE_RECORDS = (
    "INSERT INTO desk.records (tbl, key, data, ws, seq) SELECT s.tbl, s.key, s.data, %(ws)s, s.seq FROM _push s "
    "WHERE s.act = 'w' AND s.tbl = ANY(%(records)s) AND s.data IS NOT NULL ON CONFLICT DO NOTHING "
    "RETURNING tbl, key, rev"
)


def _apply_on_server(conn, ws: str, images, expected: int, plan: _Plan) -> tuple[int, list]:
    """Write the staged rows of the tables kept in place set-based (the caller holds the push
    lock): one statement each for their updated rows, their new rows and the records; the
    revisions the desk gave them go to ``plan.revs``. Rows the server refuses (row-level rules, a
    natural key taken) are found and become conflicts of kind ``refused``; returns (applied, refused)."""
    psycopg = _pg_errors()
    params = _params(ws)
    written = 0
    if expected > 0:
        small = "s.tbl <> ALL(%(versioned)s) AND s.tbl <> ALL(%(records)s)"
        try:
            with conn.transaction():
                revs = []
                for sql in (*_WRITE_ROWS, _WRITE_RECORDS):
                    revs += conn.execute(sql.format(where=small), params).fetchall()
            plan.revs += revs
            written += len(revs)
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.UniqueViolation,
                psycopg.errors.CheckViolation, psycopg.errors.NotNullViolation):
            written += _write_one_by_one(conn, ws, params, plan)
    if written >= expected:
        return written, []
    more, refused = _unwritten(conn, ws, images, plan)
    return written + more, refused


def _write_one_by_one(conn, ws: str, params, plan: _Plan) -> int:
    """The rows of the tables kept in place and the records one at a time, each in its own
    savepoint, so that a refused one leaves the others written (it stays unwritten and is reported)."""
    psycopg = _pg_errors()
    # an issue's row before its records: the desk takes a record only after its issue's change
    rows = conn.execute("SELECT s.tbl, s.key, s.data, s.seq, s.base FROM _push s WHERE s.act = 'w' AND "
                        "s.tbl <> ALL(%(versioned)s) ORDER BY s.tbl = ANY(%(records)s)", params).fetchall()
    written = 0
    for tbl, key, data, seq, base in rows:
        try:
            with conn.transaction():
                if tbl in state.RECORDS:
                    if data is None:
                        continue
                    rev = conn.execute("INSERT INTO desk.records (tbl, key, data, ws, seq) VALUES (%s, %s, %s, %s, %s) "
                                       "ON CONFLICT DO NOTHING RETURNING rev", [tbl, key, _json(data), ws, seq]).fetchone()
                else:
                    rev = conn.execute("UPDATE desk.rows SET data = %s, ws = %s, seq = %s WHERE tbl = %s AND key = %s "
                                       "AND rev IS NOT DISTINCT FROM %s RETURNING rev",
                                       [_json(data), ws, seq, tbl, key, base]).fetchone()
                    if rev is None and data is not None:
                        rev = conn.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES (%s, %s, %s, %s, %s) "
                                           "ON CONFLICT DO NOTHING RETURNING rev", [tbl, key, _json(data), ws, seq]
                                           ).fetchone()
            if rev is not None:
                plan.revs.append((tbl, key, rev[0]))
                written += 1
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.UniqueViolation,
                psycopg.errors.CheckViolation, psycopg.errors.NotNullViolation):
            pass
    return written


def _unwritten(conn, ws: str, images, plan: _Plan) -> tuple[int, list]:
    """The staged rows that did not land: refused by the server's rules, or changed by another
    push between the reading and the lock. The latter are decided again (the lock is held now, so
    nothing moves any more) and written; returns how many of those were written and the refusals."""
    missing = conn.execute(
        "SELECT s.tbl, s.key, s.data, r.rev, r.data, r.writer, r.at::text, "
        f"r.rev IS NOT DISTINCT FROM s.base FROM _push s {_CURRENT} "
        "WHERE s.act = 'w' AND s.tbl <> ALL(%(versioned)s) AND NOT (r.rev IS NULL AND s.data IS NULL) "
        "AND NOT (r.ws IS NOT DISTINCT FROM %(ws)s AND r.seq IS NOT DISTINCT FROM s.seq)", _params(ws)).fetchall()
    refused = []
    written = 0
    retry = _Plan()
    for tbl, key, mine, rev, theirs, by, at, same_rev in missing:
        if same_rev or rev is None:
            refused.append((tbl, key, "refused", mine, theirs, by, at))
            if rev is not None:
                plan.revs.append((tbl, key, rev))
            plan.theirs[(tbl, key)] = theirs
            plan.writers[(tbl, key)] = by
        else:
            retry.skip.append((tbl, key))
    if retry.skip:  # changed by another push after this one read it: decide again, now under the lock
        conn.execute("UPDATE _push s SET act = 'd' WHERE s.act = 'w'")
        conn.execute("UPDATE _push s SET act = 'w' FROM unnest(%s::text[], %s::text[]) u(tbl, key) "
                     "WHERE s.tbl = u.tbl AND s.key = u.key", [[k[0] for k in retry.skip], [k[1] for k in retry.skip]])
        again = _Plan()
        _classify(conn, ws, images, again)
        _mark_staged(conn, again)
        written, more = _apply_on_server(conn, ws, images, len(retry.skip) - len(again.skip), again)
        plan.revs += again.revs
        plan.theirs.update(again.theirs)
        plan.writers.update(again.writers)
        plan.conflicts += again.conflicts
        plan.published_over.update(again.published_over)
        refused += more
    return written, refused


def _one_listing_per_refusal(store: Store) -> int:
    """A row of this store's that the desk refused and never had (an analyst's published issue, say)
    is listed once, as the desk's refusal: the push took the desk's side of it, a deletion, which
    this store refused in turn (a published record is never deleted), and that second listing,
    settled neither way, is dropped. Returns how many were dropped."""
    found = state.conflicts(store)
    by_desk = {(c["tbl"], c["key"]) for c in found if c["kind"] == "refused" and c["server_id"] is not None
               and c["mine"] is not None and c["theirs"] is None}
    twice = [c["id"] for c in found if c["kind"] == "local" and c["theirs"] is None and (c["tbl"], c["key"]) in by_desk]
    if twice:
        with store.transaction():
            state.drop_conflicts(store, twice)
    return len(twice)


def _one_listing_per_rival(store: Store) -> int:
    """A published version (or final row) this store holds one of and the desk another is listed
    once: this store's refusal of the desk's (with its reason) stays, the desk's listing of the same
    two is dropped. Returns how many were dropped."""
    found = state.conflicts(store)
    here = {(c["tbl"], c["key"]) for c in found if c["kind"] == "local" and c["tbl"] in ("issue_versions", "issues")
            and state.rival(c)}
    twice = [c["id"] for c in found if c["kind"] == "conflict" and (c["tbl"], c["key"]) in here and state.rival(c)]
    if twice:
        with store.transaction():
            state.drop_conflicts(store, twice)
    return len(twice)


def _publication_notes(store: Store, found: list[dict]) -> None:
    """The reason line of a publication that landed over the desk's edit of its draft: the edit is
    not in what was published, and a correction is the way to publish it."""
    for c in found:
        if state.draft_under_publication(c) and not c.get("message"):
            c["by"] = state.desk_user(store)  # (its side "mine" is this store's own edit, whoever listed it)
            local = store.scalar("SELECT id FROM issues WHERE uid = ?", [c["key"]])
            n, v, who = local if local is not None else "N", c["theirs"].get("version"), c.get("theirs_by") or "?"
            c["message"] = (f"{who} 的定稿已作为 v{v} 发布，你对草稿的这次修改没有进入发布版本。要发布它，请更正：workbench "
                            f"correct {n}；用 --keep theirs 关闭本项 ({who}'s final was published as v{v}; this edit of "
                            f"the draft is not in the published version: to publish it, make a correction, workbench "
                            f"correct {n}; settle this with --keep theirs)")
        if state.published_over(c):
            local = store.scalar("SELECT id FROM issues WHERE uid = ?", [c["key"]])
            n, v, who = local if local is not None else "N", c["mine"].get("version"), c.get("theirs_by") or "?"
            c["message"] = (f"本工作站的定稿已作为 v{v} 原样发布；团队库上 {who} 在定稿前对草稿的修改没有进入发布版本。要发布这些修改，"
                            f"请更正：workbench correct {n}；用 --keep mine 关闭本项 (this store's final was published whole "
                            f"as v{v}; {who}'s edit of the draft on the desk, made before it, is not in the published "
                            f"version: to publish it, make a correction, workbench correct {n}; settle this with "
                            f"--keep mine)")


def _fetch_conflicts(store: Store, conn, ws: str) -> int:
    """Keep the conflicts the desk listed for this workstation; returns how many are new conflicts
    (the push that was refused counted its refusals already)."""
    after = state.setting_int(store, state.SETTING_CONFLICT)
    cur = conn.execute("SELECT id, tbl, key, kind, mine, theirs, by, at::text, theirs_by, theirs_at::text "
                       "FROM desk.conflicts WHERE ws = %s AND id > %s ORDER BY id", [ws, after])
    names = ("id", "tbl", "key", "kind", "mine", "theirs", "by", "at", "theirs_by", "theirs_at")
    listed = [dict(zip(names, r)) for r in cur]
    if not listed:
        return 0
    # a listing another desk user wrote under this workstation is taken only as a publication's
    # notice of this store's draft edit it replaced (nothing of it is kept as this store's own edit);
    # any other (a v10 desk took them from a colleague's psql) is not this workstation's
    user = conn.info.user
    found = [c for c in listed if c["by"] == user
             or (state.draft_under_publication(c) and c["theirs_by"] == c["by"])]
    if not found:
        with store.transaction():
            state.set_settings(store, {state.SETTING_CONFLICT: listed[-1]["id"]})
        return 0
    _refusal_reasons(conn, found)  # why the desk refused this user's rows (just now, in this sync's push)
    _publication_notes(store, found)
    n = 0
    with store.transaction():
        for c in found:
            kept = state.record_conflicts(store, [c])
            n += kept if c["kind"] != "refused" else 0
        state.set_settings(store, {state.SETTING_CONFLICT: listed[-1]["id"]})
    return n


def _refusal_reasons(conn, found: list[dict]) -> None:
    """Give each refused conflict of this user's just fetched the desk's reason (``message``): a
    lease someone else holds on its issue (who, until when), the user's desk role, a note of
    someone else's, a name or number another row holds; a record refused with its issue's change
    says that change's reason."""
    user = conn.info.user
    mine = [c for c in found if c["kind"] == "refused" and c["by"] == user]
    for c in sorted(mine, key=lambda c: c["tbl"] in state.RECORDS):  # an issue's row before its records
        c["message"] = _refusal_reason(conn, c, {x["key"]: x.get("message") for x in mine if x["tbl"] == "issues"})


def _refusal_reason(conn, c: dict, issue_reasons: dict[str, str | None]) -> str | None:
    user = conn.info.user
    from workbench.desk.roles import role_of

    tbl, data = c["tbl"], c.get("mine") or {}
    issue = c["key"] if tbl == "issues" else data.get("issue") if tbl in state.RECORDS else None
    if issue:
        lease = conn.execute("SELECT holder, expires FROM desk.leases WHERE issue = %s AND holder <> current_user "
                             "AND expires > %s::timestamptz", [issue, c["at"]]).fetchone()
        if lease:
            until = state.shown_time(lease[1].isoformat())
            return (f"该期周报的租约由 {lease[0]} 持有，至 {until} 止 (the issue's lease is held by {lease[0]} until "
                    f"{until}): 租约到期或释放后再同步 (sync again once it ends or is released)")
    if c.get("mine") is not None and tbl in ("house", "analysts", "notes", "issues", *state.RECORDS):
        row = conn.execute("SELECT owner FROM desk.rows WHERE tbl = %s AND key = %s", [tbl, c["key"]]).fetchone()
        owner = row[0] if row else user
        if not conn.execute("SELECT desk.may_write(%s, %s, %s)", [tbl, _json(data), owner]).fetchone()[0]:
            role = role_of(conn) or "?"
            if tbl in ("house", "analysts"):
                return role_refusal(role, "house")
            if tbl == "notes":
                return f"该笔记属于 {owner}，只有作者能修改 (the note is {owner}'s: only its author may change it)"
            return role_refusal(role, "final")
    if tbl in state.RECORDS:
        if issue in issue_reasons:
            why = issue_reasons.get(issue)
            return ("团队库只随周报的修改接受其记录，该修改也被拒绝 (the desk takes a record only with its issue's change, "
                    "refused too)" + (f": {why}" if why else ""))
        v = data.get("version")
        other = conn.execute("SELECT data->>'frozen_by', data->>'frozen_at' FROM desk.records WHERE tbl = 'issue_versions' "
                             "AND key = %s", [f"{issue}|{v}"]).fetchone() if v is not None else None
        if other is not None and (tbl == "issue_log" or other[1] != data.get("frozen_at")):
            when = state.shown_time(other[1])
            return (f"团队库已有该期 v{v} 的另一份发布（{other[0]} {when} 定稿），本工作站的 v{v} 及其状态记录不被接受，"
                    f"留在本机 (the desk holds another publication of v{v}, frozen by {other[0]} {when}: this store's "
                    f"v{v} and its status-log entries are not taken and stay here); 用 --keep theirs 采用团队库的发布版本 "
                    f"(keep theirs takes the desk's publication)")
        return ("团队库只随同一次推送中该期周报的修改接受其记录，这次推送没有该修改 (the desk takes a record only with its "
                "issue's change in the same push; this push carried none)")
    if tbl == "indices" and not conn.execute("SELECT desk.benchmark_kept('indices', %s, %s)",
                                             [c["key"], _json(c.get("mine"))]).fetchone()[0]:
        role = role_of(conn) or "?"
        return (f"你的团队库角色 {role} 不能更换基准指数：基准指数由管理员为全组设定 (your desk role, {role}, may not "
                "change the benchmark index: an administrator sets it for the whole desk)")
    if tbl in ("segments", "indices", "analysts") and c.get("mine") is not None:
        return ("团队库的另一行已用此名称或编号 (another row on the desk already has this name or number)")
    return None


# ---------------------------------------------------------------- join
@dataclass
class JoinPlan:
    """What joining would send: rows per table (empty for an empty store) and the issues by name."""

    counts: dict[str, int]
    issues: list[str] = field(default_factory=list)
    #: the joining user's desk role, once the join has asked the desk (None before, or for no desk role)
    role: str | None = None

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())

    @property
    def role_withholds(self) -> bool:
        """The joining role (an analyst or editor) may not send what the store holds of the house
        profile and analyst register: the desk lists it as refused (said before the user agrees)."""
        return self.role in ("analyst", "editor") and bool(self.counts.get("house") or self.counts.get("analysts"))

    def summary(self) -> str:
        parts = [f"{t} {n}" for t, n in self.counts.items() if n]
        text = "将推送到团队库 (will be pushed to the desk): " + ", ".join(parts)
        if self.issues:
            text += "\n周报 (issues): " + "; ".join(self.issues)
        if self.role_withholds:
            # said before the user agrees: the desk takes them from an administrator only
            zh, en = ROLE_WORDS[self.role]
            text += (f"\n注意 (note): 你的团队库角色是{zh}，机构信息和分析师名册只有管理员可以修改：团队库没有或不同的部分"
                     f"会列为团队库拒绝，署名团队库没有的分析师的周报暂缓推送，直到管理员登记这些分析师 (your desk role, "
                     f"{en}, may not change the house profile or the analyst register: what of them the desk lacks "
                     "or holds otherwise is listed as refused, and an issue signed by analysts the desk lacks is "
                     "held back until an administrator registers them)")
        return text


def join_plan(store: Store) -> JoinPlan:
    issues = [f"{r['series']} {r['period_start']} 至 {r['period_end']} ({r['status']} v{r['version']})"
              for r in store.rows("SELECT series, period_start, period_end, status, version FROM issues ORDER BY id")]
    return JoinPlan(state.shared_counts(store), issues)


def _issues_the_desk_has(store: Store, conn) -> list[tuple[str, str]]:
    """This store's issues for a series and week the desk already has under another identity:
    joining would make a second issue of that week (as ``new-issue`` refuses locally). Each as
    (its uid, the week with the local issue's status and version and the desk's status)."""
    local = store.rows("SELECT uid, series, period_start, period_end, status, version FROM issues "
                       "WHERE uid IS NOT NULL")
    if not local:
        return []
    on_desk = {(series, start, end): (key, status) for key, series, start, end, status in conn.execute(
        "SELECT key, data->>'series', data->>'period_start', data->>'period_end', data->>'status' FROM desk.rows "
        "WHERE tbl = 'issues' AND data IS NOT NULL")}
    taken = []
    for r in local:
        hit = on_desk.get((r["series"], r["period_start"], r["period_end"]))
        if hit is not None and hit[0] != r["uid"]:
            taken.append((r["uid"], f"{r['series']} {r['period_start']} 至 {r['period_end']} (本地 local "
                                    f"{r['status']} v{r['version']}; 团队库 desk {hit[1]})"))
    return taken


def _joined_as_another(current: str, clean: str) -> DeskError:
    return DeskError(f"此数据文件已以另一用户加入该团队库 (this store is joined to this desk as another user): "
                     f"{current}; 换用户同步请用 (to sync as the new user): workbench desk switch-user {clean} --db PATH")


class IssueTaken(DeskError):
    """Joining refused: the store holds an issue for a series and week the desk already has under
    another identity (``issues`` names them). ``keep_both`` is the way forward."""

    def __init__(self, message: str, issues: list[str], plan: JoinPlan | None = None):
        super().__init__(message)
        self.issues = issues
        self.plan = plan  # what the join would have sent, with the role the desk named


def join(store: Store, url: str, *, confirm: Callable[[JoinPlan], bool] | None = None,
         progress: Callable | None = None, password: str | None = None, keep_both: bool = False) -> SyncResult:
    """Attach a store to a desk: an empty one pulls everything; one holding data shows what it
    will push (``confirm(plan)`` may decline) and pushes it. Then it syncs like any other.

    A local issue for a series and week the desk already has (another workstation made it) is
    refused (IssueTaken), store unchanged, unless ``keep_both``: then both stay, nothing merged
    and nothing lost: the local one goes to the desk as a second issue of that week, with its
    text, status log and published versions as they are, and the desk's comes here beside it
    (the result's notes name them; delete or re-date one of them afterwards)."""
    clean, in_url = split_password(url)
    password = password or in_url or password_for(clean)
    current = store.get_setting(state.SETTING_URL)
    moved = bool(current) and current != clean
    if moved:  # the same desk under another address or URL options (TLS) is followed; another is refused
        same_user = DeskConfig(current).user == DeskConfig(clean).user
        if not same_user and identity.same_desk(current, clean):
            raise _joined_as_another(current, clean)
        if same_user:  # the password kept for the old address (the keyring's), unless given or in libpq's files
            password = password or password_for(current)
        if not identity.same_desk(current, clean):
            identity.refuse_another_desk(store, clean, password, "此数据文件已加入另一个团队库 (this store already "
                                                                 f"belongs to another desk): {current}")
    with joining(not current), connect(clean, password) as conn:
        schema.check_compatible(conn)
        if moved and DeskConfig(current).user != DeskConfig(clean).user:
            raise _joined_as_another(current, clean)
        if current:  # (a store joining now keeps the desk's identity only once the join goes ahead)
            identity.remember_desk_id(store, conn)
        there = identity.desk_id(conn)
        role = None if current else roles.role_of(conn)  # (said in the plan before the user agrees)
        taken = [] if current else _issues_the_desk_has(store, conn)
        # a first contact under an id the desk knows (any user's): a copy of that workstation's file
        copy = None if current else identity.joining_copy(store, conn)
    if moved:
        state.set_settings(store, {state.SETTING_URL: clean})
        if password:  # kept for the new address too (the keyring's entry, or the password file's line)
            remember_password(clean, password)
        result = sync(store, DeskConfig(clean, password), progress)
        result.notes.insert(0, f"团队库地址已更新 (the desk's address is now) {clean}; 原为 (was) {current}")
        return result
    plan = join_plan(store)
    plan.role = role
    if taken and not keep_both:
        raise IssueTaken("团队库已有同一系列同一周的周报 (the desk already has an issue for the same series and week): "
                         + "; ".join(t for _, t in taken) + "; 加入会产生第二期 (joining would make a second one): 请先删除或改期本地的"
                         "这一期，或用空数据文件加入，或确认两期都保留 (delete or re-date the local one first, join with "
                         "an empty store, or keep both: `workbench desk join URL --db PATH --keep-both`); "
                         "数据未改变 (store unchanged)", [t for _, t in taken], plan)
    if not current and not plan.empty and confirm is not None and not confirm(plan):
        raise DeskError("已取消加入 (joining cancelled); 数据未改变 (store unchanged)")
    copied = None
    if not current:
        if copy is not None:  # a new workstation id before anything is pushed: it joins as any store does
            copied = identity.join_as_new(store, copy)
        with store.transaction():
            if plan.empty:
                state.set_settings(store, {state.SETTING_PUSHED: store.last_seq()})
            else:
                state.mark_all_pending(store)
                state.set_settings(store, {state.SETTING_PUSHED: 0})
            state.set_settings(store, {state.SETTING_URL: clean, state.SETTING_PULLED: 0,
                                       state.SETTING_CONFLICT: 0})
            if there is not None:
                state.set_settings(store, {identity.SETTING_DESK_ID: there})
    result = sync(store, DeskConfig(clean, password), progress)
    if copied:
        result.notes.insert(0, copied)
    if taken:  # the local issues as this store holds them; one held back (it names an analyst the desk
        # lacks) did not go yet
        held = state.held_issues(store)
        refused = {c["key"]: c.get("message") for c in state.conflicts(store)
                   if c["tbl"] == "issues" and c["kind"] == "refused" and c["server_id"] is not None}
        sent = [t for uid, t in taken if uid not in held and uid not in refused]
        not_taken = [t + (f": {refused[uid]}" if refused[uid] else "") for uid, t in taken if uid in refused]
        if not_taken:
            result.notes.append("两期都保留 (both kept): 本地的这一期被团队库拒绝，没有推送 (the desk refused the local "
                                "issue: it did not go; `workbench desk conflicts`): " + "; ".join(not_taken))
        if sent:
            result.notes.append("两期都保留 (both kept): 本地的这一期作为同周第二期推送到团队库 (the local issue went "
                                "to the desk as a second issue of its week): " + "; ".join(sent))
        waiting = [t for uid, t in taken if uid in held]
        if waiting:
            result.notes.append("两期都保留 (both kept): 本地的这一期暂缓推送，团队库有其署名的分析师后推送 (the local "
                                "issue is held back, and goes once the desk has the analysts it names: "
                                "`workbench desk conflicts`): " + "; ".join(waiting))
    return result


# ---------------------------------------------------------------- conflicts
def resolve(store: Store, conflict_id: int, keep: str) -> dict:
    """Settle a conflict without undoing anyone's later work.

    ``mine`` writes this workstation's side of the contested field(s) onto the row as it is now
    (every other field keeps its later changes, made here or pulled) as a new local change, pushed
    by the next sync; a fact goes back with its own provenance; a row this store kept over the
    desk's (its rules refused the desk's side) is sent back as it is. Refused when a contested field
    changed again since the conflict (it is stale: the message shows the current value). An
    issue's published versions and status-log entries the desk refused with it go again with it
    (the desk takes a record only with its issue's change); one of them settled alone goes with
    its issue row, once that issue has no open conflict. ``theirs`` keeps what the store holds
    now: the desk's value, or a later one (a row this store refused is written then, or the
    store's reason given). A company this store keeps over the desk's deletion and the figures
    kept with it are settled together: mine sends them all back, theirs of the company deletes it
    with them, theirs of a figure deletes it, and the company once no figure holds it here (the
    returned conflict's ``settled_with`` names the others settled with it). Logged under the desk
    user who settled it. A conflict settled meanwhile (another window, another process) is
    refused, nothing written."""
    if keep not in ("mine", "theirs"):
        raise DeskError(f"--keep 只能是 mine 或 theirs (must be mine or theirs): {keep}")
    c = state.conflict(store, conflict_id)
    if c is None:
        raise DeskError(f"没有该冲突 (no such conflict): {conflict_id}")
    if c["resolution"] is not None:
        raise _settled(c)
    key = (c["tbl"], c["key"])
    note = _KEPT_MINE_NOTE.format(conflict_id) if keep == "mine" else \
        f"解决冲突 #{conflict_id}: {keep} (settling a desk conflict)"
    if state.published_over(c) or state.draft_under_publication(c) or _rival_of(store, c) is not None:
        return _resolve_publication(store, c, keep)
    with store.transaction():
        now = state.current_image(store, key)
        together = _kept_together(store, c)
        image = _mine_onto_now(c, now) if keep == "mine" else c["theirs"]
        if keep == "mine":
            _refuse_unless_role_may(store, c["tbl"], image)
            _refuse_anothers_note(store, c)
        refused, records, gone = [], [], []
        if keep == "mine":
            with store.batch("edit", by=state.desk_user(store), note=note, **_own_origin(store, c, image)) as batch:
                rows = []
                if image != now:
                    refused = state.apply_images(store, {key: image})
                elif (c["kind"] == "local" or together) and now is not None:
                    # this store kept its row over the desk's (a company still holding figures here that
                    # the desk deleted, say, or such a figure): nothing to write here, but the row goes
                    # back to the desk. (A row this store never took has nothing of its own to send:
                    # never a deletion.)
                    rows.append(key)
                if not refused:
                    # a company kept over the desk's deletion goes back as it is, with the figures kept with it
                    rows += [(x["tbl"], x["key"]) for x in together]
                    records = _records_going_again(store, c, now)
                    rows += [(r["tbl"], r["key"]) for r in records]
                    if records and not (c["tbl"] == "issues" and image != now):
                        # the issue's row goes with them (written above, or logged again unchanged)
                        rows.append(("issues", c["key"] if c["tbl"] == "issues" else c["mine"]["issue"]))
                    if state.is_held(c):  # held back here, never sent: the issue and its records go now
                        rows += [("issues", c["key"]), *state.issue_records(store, c["key"])]
                    state.log_for_push(store, batch, list(dict.fromkeys(rows)))
        elif c["kind"] == "local" or together:
            with store.batch("sync", by=state.desk_user(store), note=note):
                if c["tbl"] == "companies":  # the figures kept with it go with it (children first)
                    gone = [x for x in together if x["tbl"] == "facts"]
                    refused = state.apply_images(store, {key: image, **{(x["tbl"], x["key"]): None for x in gone}})
                else:
                    refused = state.apply_images(store, {key: image})
                    # a kept figure taken as deleted: its company goes too, once no figure holds it here
                    for x in together:
                        if x["tbl"] == "companies" and not state.apply_images(store, {(x["tbl"], x["key"]): None}):
                            gone.append(x)
        if refused:
            raise _refused_here(store, c, keep, refused[0].message)
        if keep == "mine" and state.held_figures(store).get(key) == conflict_id:
            # a figure held back because the desk refuses it: kept as it now stands here, it would be
            # held back again (the writes above are rolled back)
            still = state.figures_to_hold(store, [key])
            if still:
                raise _figure_still_refused(store, c, still[key])
        if not state.mark_resolved(store, conflict_id, keep):
            raise _settled(state.conflict(store, conflict_id))  # (rolls the writes above back)
        c["settled_with"] = [x["id"] for x in (together if keep == "mine" else gone)]
        for x in together if keep == "mine" else gone:  # settled with it, the same way
            state.mark_resolved(store, x["id"], keep)
        if keep == "mine":
            for r in records:
                if r["id"] != conflict_id:
                    state.mark_resolved(store, r["id"], "mine")
        elif c["tbl"] == "issues" and c["kind"] == "refused":  # its records the desk refused stay here with it
            for r in state.refused_records_of(store, c["key"]):
                state.mark_resolved(store, r["id"], "theirs")
    return c


def _rival_of(store: Store, c: dict) -> tuple[str, int] | None:
    """For a listing of a published version this store holds one of and the desk another, or of what
    goes with it (its status-log entries the desk refused, a final row the desk holds otherwise):
    (issue uid, version); else None."""
    mine = c.get("mine") or {}
    if c["tbl"] == "issue_versions" and state.rival(c):
        return mine.get("issue"), int(mine.get("version"))
    if c["tbl"] == "issues" and state.rival(c):
        return c["key"], int(mine.get("version"))
    if c["tbl"] == "issue_log" and c["kind"] == "refused" and mine.get("issue") and mine.get("version") is not None:
        key = f"{mine['issue']}|{int(mine['version'])}"
        if any(x["tbl"] == "issue_versions" and x["key"] == key and state.rival(x)
               for x in state.conflicts(store, open_only=False)):
            return mine["issue"], int(mine["version"])
    return None


def _resolve_publication(store: Store, c: dict, keep: str) -> dict:
    """Settle a listing about a publication (an act that happened: nothing published is rewritten).

    A publication of this store's that landed over the desk's edit of its draft: mine settles it
    (the publication stays, as on the desk); theirs is refused, naming the correction that would
    publish the desk's edit. A version the desk holds another of (two editors finalised it
    offline): theirs takes the desk's publication (written in the same transaction into the
    store's append-only record of taken publications, ``schema.take_desk_publications``; every read
    of the version, exports and corrections use it) and keeps this store's as a record beside it,
    its status-log entries and a differing final row settled with it; mine is refused at once,
    saying why (the desk never takes a second publication of a version) and what to do."""
    local = store.scalar("SELECT id FROM issues WHERE uid = ?", [c["key"] if c["tbl"] == "issues"
                                                                 else (c["mine"] or {}).get("issue")])
    n = local if local is not None else "N"
    if state.published_over(c):
        if keep == "theirs":
            v = c["mine"].get("version")
            raise DeskError(f"第 {n} 期 v{v} 已发布，团队库上对草稿的修改不能取代发布版本 (issue #{n} v{v} is published: "
                            f"the desk's edit of its draft cannot replace the published version); 要发布这些修改，请更正："
                            f"workbench correct {n}，改好后定稿；再用 --keep mine 关闭本项 (to publish them, make a "
                            f"correction, workbench correct {n}, and finalise it; then settle this with --keep mine)")
        with store.transaction():
            if not state.mark_resolved(store, c["id"], "mine"):
                raise _settled(state.conflict(store, c["id"]))
        c["settled_with"] = []
        return c
    if state.draft_under_publication(c):  # this store's edit of a draft that was published meanwhile
        if keep == "mine":
            v = c["theirs"].get("version")
            raise DeskError(f"第 {n} 期 v{v} 已发布，草稿的这次修改不能取代发布版本 (issue #{n} v{v} is published: this "
                            f"edit of its draft cannot replace the published version); 要发布它，请更正：workbench "
                            f"correct {n}，在更正稿中重做；再用 --keep theirs 关闭本项 (to publish it, make a correction, "
                            f"workbench correct {n}, and redo it there; then settle this with --keep theirs)")
        with store.transaction():
            if not state.mark_resolved(store, c["id"], "theirs"):
                raise _settled(state.conflict(store, c["id"]))
        c["settled_with"] = []
        return c
    uid, version = _rival_of(store, c)
    theirs = next((x["theirs"] for x in state.conflicts(store, open_only=False)
                   if x["tbl"] == "issue_versions" and x["key"] == f"{uid}|{version}" and state.rival(x)), None) or {}
    if keep == "mine":
        raise DeskError(f"团队库已发布第 {n} 期 v{version}（{theirs.get('frozen_by') or '?'} "
                        f"{state.shown_time(theirs.get('frozen_at'))} 定稿），不接受同一版本的第二份发布 (the desk already "
                        f"published v{version} of issue #{n}, frozen by {theirs.get('frozen_by') or '?'}, and never takes a "
                        f"second publication of a version); 请用 --keep theirs 采用团队库的发布版本，本机的保留为记录；"
                        f"如需改动，之后更正 (settle it with --keep theirs: the desk's publication is taken and this "
                        f"store's kept as a record; to change it, correct it afterwards: workbench correct {n})")
    together = [x for x in state.rival_listings(store, uid, version) if x["id"] != c["id"]]
    with store.transaction():
        if not state.mark_resolved(store, c["id"], "theirs"):
            raise _settled(state.conflict(store, c["id"]))
        for x in together:
            state.mark_resolved(store, x["id"], "theirs")
        # the desk's publication becomes the house's record of the version here, in this transaction
        refused = [t for t in take_desk_publications(store.db, local) if t["version"] == version] \
            if local is not None else []
        if refused:
            raise DeskError(f"本机所存团队库第 {n} 期 v{version} 发布版本的副本不能采用，本项保持未结清 (this store's copy "
                            f"of the desk's publication of issue #{n} v{version} cannot be taken; this stays open): "
                            f"{refused[0]['why']}")
    c["settled_with"] = [x["id"] for x in together]
    return c


def _kept_together(store: Store, c: dict) -> list[dict]:
    """For a company this store keeps over the desk's deletion (its refusal of that deletion), or a
    figure kept with it (a conflict whose "mine" the store holds, the desk's side a deletion): the
    other open conflicts kept together with it, the company's refusal and its kept figures.
    Keeping mine of one sends them all back to the desk; keeping theirs of the company deletes its
    kept figures with it, and of a figure, the company once nothing else holds it here."""
    if c["resolution"] is not None or c["theirs"] is not None:
        return []
    if c["tbl"] == "companies" and c["kind"] == "local":
        ticker = c["key"]
    elif c["tbl"] == "facts" and c["kind"] == "conflict" and c["key"].count("|") == 2:
        ticker = c["key"].split("|")[0]
    else:
        return []
    figures = state.kept_figures(store, [ticker])
    if c["tbl"] == "facts" and all(x["id"] != c["id"] for x in figures):
        return []  # (not a figure kept with its company)
    company = [x for x in state.open_conflicts_of(store, "companies", ticker)
               if x["kind"] == "local" and x["theirs"] is None]
    return [x for x in company + figures if x["id"] != c["id"]]


def keep_mine_refusal(store: Store, c: dict) -> str | None:
    """Why keeping mine of a conflict would only be refused again at every sync (this user's desk
    role, as the desk gave it at the last sync, may not write that row; a colleague's note), in both
    languages and naming ``--keep theirs``; None when it may be kept, or the role is not known yet
    (the desk decides). The app disables its Keep mine for such a row, saying this."""
    if c["mine"] is None:
        return None
    try:
        image = _mine_onto_now(c, state.current_image(store, (c["tbl"], c["key"])))
    except DeskError:  # changed again since: the role still decides whether mine could ever be taken
        image = c["mine"]
    return _role_refusal(store, c["tbl"], image) or _anothers_note_refusal(store, c)


def _refuse_unless_role_may(store: Store, table: str, image: dict | None) -> None:
    """Keeping mine of a row the desk refuses to this user's role (as the desk gave it at the last
    sync) would only be refused again at every sync: a DeskError naming the role instead."""
    refusal = _role_refusal(store, table, image)
    if refusal:
        raise DeskError(refusal)


def _role_refusal(store: Store, table: str, image: dict | None) -> str | None:
    role = store.get_setting(roles.SETTING_ROLE)
    if role is None or role == "admin":
        return None
    if table in ("house", "analysts"):
        return (role_refusal(role, "house") + "; 请用 --keep theirs，或请管理员修改 (settle it with --keep theirs, or "
                "ask an administrator to make the change)")
    final = (table == "issues" and (image or {}).get("status") == "final") or table == "issue_versions" or (
        table == "issue_log" and (image or {}).get("to_status") == "final")
    if final and role == "analyst":
        return (role_refusal(role, "final") + "; 请用 --keep theirs，或请编辑定稿 (settle it with --keep theirs, or ask "
                "an editor to finalise it)")
    return None


def _refuse_anothers_note(store: Store, c: dict) -> None:
    """A note is its author's: the desk refuses anyone else's change of it, whatever their role, so
    keeping mine of a colleague's note (the desk's side written by them) would only be refused
    again at every sync: a DeskError naming the author instead."""
    refusal = _anothers_note_refusal(store, c)
    if refusal:
        raise DeskError(refusal)


def _anothers_note_refusal(store: Store, c: dict) -> str | None:
    author = c.get("theirs_by")
    if c["tbl"] != "notes" or not author or author == "desk" or author == state.desk_user(store):
        return None
    return (f"该笔记属于 {author}，只有作者能修改 (the note is {author}'s: only its author may change it); "
            f"请用 --keep theirs，或请 {author} 修改 (settle it with --keep theirs, or ask {author} to "
            "make the change)")


def _refused_here(store: Store, c: dict, keep: str, message: str) -> DeskError:
    """The store's own rules refused the side to keep: why, and what the user can do instead."""
    if keep == "theirs" and c["tbl"] == "companies" and c["theirs"] is None:
        held = state.figures_held(store, c["key"])
        if held:
            return DeskError(
                f"公司 {c['key']} 在本数据文件中仍有数据，不能按团队库删除 (the company {c['key']} still has figures in "
                f"this store, so the desk's deletion of it cannot be taken): {held}; 请先删除这些数据再选 --keep "
                f"theirs，或用 --keep mine 把公司送回团队库 (delete those figures first and keep theirs again, or keep "
                f"mine: the company goes back to the desk)")
    return DeskError(f"数据文件拒绝了该值 (the store refused this value): {message}"
                     + ("; 只能保留本地的值 (only --keep mine is possible)" if keep == "theirs" else ""))


def _figure_still_refused(store: Store, c: dict, why: str) -> DeskError:
    """Keeping mine of a figure held back from the push while this store's value is still one the
    desk refuses (``state.figures_to_hold``'s reason ``why``): the figure in words, its value and the
    range it must lie in, and what to do instead."""
    what = next((d["what_text"] for d in state.described(store) if d["id"] == c["id"]), None) or c["key"]
    shown = why.split("): ", 1)[1] if "): " in why else why
    if why.startswith("本机的值不是数字"):
        problem = f"本机的值不是数字 (this store's value is not a number): {shown}"
    else:  # (the metric's own words: its value, and the plausible range in the store's unit)
        problem = shown
    return DeskError(f"{what}: {problem}; 团队库会拒收该值，保留本机的值不能解决此项，未作任何更改 (the desk refuses this "
                     "value, so keeping this store's value cannot settle it: nothing was changed); 请在本机改正该值，下次同步即推送"
                     "并关闭此项，或用 --keep theirs 取团队库的值 (correct the value here: the next sync sends it and closes "
                     "this; or take the desk's with --keep theirs)")


def _settled(c: dict) -> DeskError:
    return DeskError(f"冲突 #{c['id']} 已解决 (already settled): {c['resolution']}")


def _records_going_again(store: Store, c: dict, now: dict | None) -> list[dict]:
    """The refused records that keeping mine of conflict ``c`` sends again: an issue's own, or the
    record itself (with its issue row, logged again by the caller). A record whose issue still has
    an open conflict waits for it (the desk would refuse it without that change)."""
    if c["tbl"] == "issues":
        return state.refused_records_of(store, c["key"])
    issue = (c["mine"] or {}).get("issue")
    if c["tbl"] not in state.RECORDS or c["kind"] != "refused" or now is None or not issue:
        return []
    waiting = state.open_conflicts_of(store, "issues", issue)
    if waiting:
        raise DeskError(f"请先解决该期周报的冲突 #{waiting[0]['id']} (settle the issue's conflict "
                        f"#{waiting[0]['id']} first): 团队库只随周报的修改接受其记录，保留本地的值时一并推送 "
                        "(the desk takes a record only with its issue's change; keeping mine there sends it too)")
    # (the issue's other refused records go with the same change)
    return [c] + [r for r in state.refused_records_of(store, issue) if r["id"] != c["id"]]


def _mine_onto_now(c: dict, now: dict | None) -> dict | None:
    """The row as it is now with this workstation's side of the contested field(s) written into
    it; a DeskError when one of them changed again since the conflict."""
    moved = state.moved_fields(c, now)
    if moved:
        raise _stale(c, now, moved)
    mine = c["mine"]
    fields = state.contested_fields(c["tbl"], mine, c["theirs"])
    if fields is None:  # the whole row (still as the conflict left it, or mine already)
        return mine
    row = dict(now)
    for f in fields:
        if f in mine:
            row[f] = mine[f]
        else:
            row.pop(f, None)
    return row


def _stale(c: dict, now: dict | None, fields: list[str]) -> DeskError:
    if now is None:
        current = "已删除 (deleted)"
    else:
        current = "; ".join(f"{f}: {state.field_text(c['tbl'], f, now.get(f))}" for f in fields)
    return DeskError(f"冲突 #{c['id']} 已过时：冲突之后该值又被修改 (the conflict is stale: the value changed again "
                     f"since): 当前值 (current value) {current}; 保留当前值请用 (to keep it) --keep theirs，"
                     "或直接修改该值 (or edit the value)")


def _own_origin(store: Store, c: dict, image: dict | None) -> dict:
    """For a fact kept as mine: the file and sheet this workstation's value came from (its latest
    change to that value made here), so that the write-back carries that provenance."""
    if c["tbl"] != "facts" or image is None or c["key"].count("|") != 2:
        return {}
    for h in reversed(store.history(*c["key"].split("|"))):
        if h["origin"] not in ("sync", "external") and h["new"] is not None \
                and _same_number(h["new"], image.get("value")):
            return {"file": h["file"], "sha256": h["sha256"], "sheet": h["sheet"], "as_of": h["as_of"]}
    return {}


def _same_number(a, b) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return a == b


def desk_status(store: Store) -> dict:
    """Cheap status for a status bar: url, user, pending changes, open conflicts, last sync."""
    return state.status(store)
