"""Which workstation a store is, and which desk user it syncs as.

A store's workstation id names its changes on the desk (with each change's seq). A copy of the
file (a backup restored on another machine, a store copied to a second laptop) carries the same
id, and two stores pushing as one lose each other's changes: the desk takes the second one's
changes for ones it already has, and neither pulls the other's. So the store records the file
its id was given on (machine, path, device and inode); a store that is not that file, or under
whose id the desk holds changes this store never made (an older backup put back over its own
file), is a copy and gets a new id (``reidentify``, which every sync runs through ``ensure``): it
then syncs as a new workstation, sending again what it has not seen confirmed and taking
everything else from the desk.

A store joined under one desk user moves to another (a shared desk machine, a handed-over
laptop) with ``switch_user``: same desk, new credentials, and only once the old user's changes
are all on the desk, so nothing is ever pushed under a name that did not write it.

Commands: ``workbench desk reidentify --db LOCAL`` and ``workbench desk switch-user URL --db
LOCAL`` (``register`` adds them to the ``desk`` command).
"""

from __future__ import annotations

import json
import socket
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from workbench.desk.errors import DeskError
from workbench.errors import WorkbenchError

SETTING_WORKSTATION = "workstation_id"
#: JSON: the machine, path, device and inode the workstation id was given on
SETTING_HOME = "desk.identity"
#: JSON: the workstation id a re-identified store had, with its newest seq and push mark then, until
#: a sync asked the desk which of its changes under that id it already applied (``confirm_former``)
SETTING_FORMER = "desk.former_identity"


# ---------------------------------------------------------------- where a store lives
def machine_id() -> str:
    """A stable name for this machine: the OS's machine id where it has one, else the host name."""
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            text = Path(path).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return "machine-id:" + text
    if sys.platform == "win32":  # pragma: no cover - Windows only
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography") as key:
                return "machine-guid:" + str(winreg.QueryValueEx(key, "MachineGuid")[0])
        except OSError:
            pass
    return "host:" + socket.gethostname()


def fingerprint(path: str | Path) -> dict | None:
    """Machine, resolved path, device and inode of a store file (None for a store with no file)."""
    if str(path) in ("", ":memory:"):
        return None
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        return None
    return {"machine": machine_id(), "path": str(p.resolve()), "dev": st.st_dev, "ino": st.st_ino}


def recorded(store) -> dict | None:
    value = store.get_setting(SETTING_HOME)
    if not value:
        return None
    try:
        home = json.loads(value)
    except ValueError:
        return None
    return home if isinstance(home, dict) else None


def record(store) -> None:
    """Note the file this store's workstation id belongs to (this one)."""
    here = fingerprint(store.path)
    if here is not None:
        with store.transaction():
            store.workstation_id()  # make sure it has one
            store.set_setting(SETTING_HOME, json.dumps(here, sort_keys=True))


def copy_reason(store) -> str | None:
    """Why this store is a copy of the store its workstation id was given to (None: it is that store,
    or nothing was recorded). A store moved or renamed on the same disk is the same store."""
    home, here = recorded(store), fingerprint(store.path)
    if home is None or here is None:
        return None
    if home.get("machine") != here["machine"]:
        return "数据文件来自另一台计算机 (the store file comes from another computer)"
    same_file = home.get("dev") == here["dev"] and home.get("ino") == here["ino"]
    if here["ino"] == 0 or home.get("ino") == 0:  # a file system without inode numbers: the path decides
        same_file = home.get("path") == here["path"]
    if not same_file:
        return (f"数据文件是 {home.get('path')} 的副本或恢复的备份 (the store is a copy or a restored backup of "
                f"{home.get('path')})")
    return None


def last_seq(store) -> int:
    """The newest change this store has made or reserved (a run of new facts reserves its seqs)."""
    return store.last_seq()


def desk_reason(store, conn) -> str | None:
    """Why the desk shows this store is a copy: it has applied changes under this workstation id
    that this store never made (an older backup put back, or a copy that pushed first). Changes
    the desk holds past this store's push mark are this store's own (a push whose acknowledgement
    was lost) only when each is the change this store made at that seq: a change of that row
    waiting at that seq or later, with the data the desk holds (``_not_made_here``). An older
    copy put back over its own file and worked on makes other changes under the same seqs."""
    from workbench.store import sync_state

    ws = store.workstation_id()
    row = conn.execute("SELECT last_seq, by, at::text FROM desk.workstations WHERE ws = %s", [ws]).fetchone()
    mine = last_seq(store)
    if row is not None and row[0] > mine:
        from workbench.domain.times import local_time

        return (f"团队库已收到本工作站的第 {row[0]} 号变更，而此数据文件只到第 {mine} 号 (the desk has applied "
                f"this workstation's changes up to {row[0]}, {row[1]} at {local_time(row[2])}, and this store only "
                f"has them up to {mine}): 数据文件是副本或恢复的备份 (it is a copy or a restored backup)")
    pushed = sync_state.setting_int(store, sync_state.SETTING_PUSHED)
    after = _pushed_after(conn, ws, pushed)
    theirs = [] if after is None else conn.execute(
        "SELECT tbl, key, seq, by, id, data FROM desk.changes WHERE id > %s AND ws = %s AND seq > %s "
        "ORDER BY seq LIMIT 100000", [after, ws, pushed]).fetchall()
    if theirs:
        waiting = sync_state.pending(store).keys
        for tbl, key, seq, by, _, _ in theirs:
            if seq > mine or waiting.get((tbl, key), 0) < seq:
                return (f"团队库有本工作站的第 {seq} 号变更 ({tbl} {key}, {by})，此数据文件没有做过 (the desk holds "
                        f"this workstation's change {seq} to {tbl} {key}, by {by}, which this store never made): "
                        "数据文件是副本或恢复的备份 (it is a copy or a restored backup)")
        other = _not_made_here(store, conn, theirs, waiting)
        if other is not None:
            tbl, key, seq, by = other
            return (f"团队库中本工作站的第 {seq} 号变更 ({tbl} {key}, {by}) 不是此数据文件的第 {seq} 号变更 (the desk "
                    f"holds this workstation's change {seq} to {tbl} {key}, by {by}, and this store made another "
                    f"change under that seq): 数据文件是副本或恢复的备份 (it is a copy or a restored backup)")
    return None


def _pushed_after(conn, ws: str, seq: int) -> int | None:
    """Where the desk's changes of workstation ``ws`` past ``seq`` begin in its feed: the revision
    before the first push that holds any of them (``desk.pushes``); None when no push does."""
    return conn.execute("SELECT min(after_id) FROM desk.pushes WHERE ws = %s AND last_seq > %s", [ws, seq]).fetchone()[0]


def _not_made_here(store, conn, theirs: list, waiting: dict) -> tuple | None:
    """The first of the desk's changes under this workstation id past the push mark (``theirs``:
    tbl, key, seq, by, id, data) that is not the change this store made at that seq, as (tbl,
    key, seq, by); None when each is (a lost acknowledgement: the same rows with the same data).

    A row this store has not changed since that seq must hold what the desk holds (the fields
    compared between workstations). Where another workstation wrote the row between the revision
    this store last agreed on and that change, the push merged the two: then only the fields that
    change set must hold the desk's values. A fact changed again since must have taken, at that
    seq, the value the desk holds (its change log says)."""
    from workbench.store import sync_state

    now = [t for t in theirs if waiting.get((t[0], t[1])) == t[2]]
    images = sync_state.read_images(store, [(t[0], t[1]) for t in now]) if now else {}
    bases = None
    for tbl, key, seq, by, cid, data in now:
        local, desk = sync_state.compared(tbl, images.get((tbl, key))), sync_state.compared(tbl, data)
        if local == desk:
            continue
        if bases is None:
            bases = sync_state.base_revs(store, [(t[0], t[1]) for t in now])
        prev = conn.execute("SELECT id, data FROM desk.changes WHERE tbl = %s AND key = %s AND id < %s "
                            "ORDER BY id DESC LIMIT 1", [tbl, key, cid]).fetchone()
        if prev is None or prev[0] == bases.get((tbl, key)) or local is None or desk is None:
            return tbl, key, seq, by  # nothing merged into the desk's change: it is not this store's
        before = sync_state.compared(tbl, prev[1]) or {}
        if any(local.get(f) != desk.get(f) for f in set(desk) | set(before) if desk.get(f) != before.get(f)):
            return tbl, key, seq, by
    for tbl, key, seq, by, _, data in theirs:
        if waiting.get((tbl, key), 0) <= seq:
            continue
        if tbl != "facts":  # changed again since: the change at that seq must at least be of that row
            named = _named_at(store, seq)
            if named is not _UNKNOWN and named != (tbl, key):
                return tbl, key, seq, by
            continue
        if key.count("|") != 2:
            continue
        logged = [h for h in store.history(*key.split("|")) if h["seq"] == seq]
        if logged and logged[0]["op"] != "delete" and logged[0]["old"] is None and logged[0]["new"] is None:
            continue  # an entry that only names the fact (sent again as it was): no value to compare
        value = (data or {}).get("value") if data is not None else None
        if not logged or (logged[0]["op"] == "delete") != (data is None) or not _same_value(logged[0]["new"], value):
            return tbl, key, seq, by
    return None


_UNKNOWN = object()


def _named_at(store, seq: int):
    """The row (table, key) this store's change ``seq`` is of: None when the store made no change
    of a row under that seq, ``_UNKNOWN`` when its row cannot be told (a quote of an index gone)."""
    from workbench.store import sync_state

    row = store.db.execute("SELECT entity, key1, key2 FROM change_log WHERE seq = ?", [int(seq)]).fetchone()
    if row is None:
        return None
    entity, k1, k2 = row
    if entity in ("quote", "quotes"):  # (quotes: named for the first push, sync_state.mark_all_pending)
        uid = store.scalar("SELECT uid FROM indices WHERE code = ? OR name = ? OR '#' || id = ? LIMIT 1",
                           [k1, k1, k1])
        return ("quotes", f"{uid}|{k2}") if uid else _UNKNOWN
    table = {"fact": "facts", "company": "companies"}.get(entity, entity)
    return (table, k1) if table in sync_state.TABLES else None


def _same_value(a, b) -> bool:
    try:
        return a is b or float(a) == float(b)
    except (TypeError, ValueError):
        return a == b


def joining_copy(store, conn) -> str | None:
    """Why a store joining this desk (its first contact with it) is a copy: the desk already knows
    its workstation id, whoever's it is (another copy of the same file joined first: a desk setting
    up workstations from one template file, or the same user joining two copies). None when the id
    is new to the desk. Nothing on the file tells such copies apart (none recorded its file before
    it joined, and each join numbers its rows to the same seqs), so ``copy_reason`` and
    ``desk_reason`` cannot: the desk would take this store's rows for the first copy's, already
    applied, and refuse its later pushes under an id that is another user's."""
    ws = store.workstation_id()
    row = conn.execute("SELECT w.by, w.at::text FROM desk.workstations w WHERE w.ws = %s UNION ALL "
                       "SELECT p.by, p.at::text FROM desk.pushes p WHERE p.ws = %s LIMIT 1", [ws, ws]).fetchone()
    if row is None:
        return None
    from workbench.domain.times import local_time

    return (f"团队库已有此数据文件的工作站标识 {ws}（{row[0]} 的工作站，{local_time(row[1])} 起），此数据文件是其副本 "
            f"(the desk already knows this store's workstation id {ws}, {row[0]}'s since {local_time(row[1])}: this "
            "store is a copy of that workstation's file)")


def join_as_new(store, reason: str) -> str:
    """Give a copy that is joining (``joining_copy``) a new workstation id, before anything is pushed:
    it then joins as any store with data does (what the join listed goes to the desk, compared with
    the desk's rows). Returns the one line that says so."""
    done = reidentify(store, reason)
    return (f"{reason}: 已作为新的工作站加入 (joined as a new workstation): {done.old} -> {done.new}; 加入时列出的数据照常"
            "推送 (what the join listed is pushed, as for any first join)")


def db_argument(store) -> str:
    """The store's path as the command lines this module names quote it (``PATH`` for a store with none)."""
    import shlex

    return shlex.quote(str(store.path)) if str(store.path) not in ("", ":memory:") else "PATH"


def refused_words(store, config, detail: str) -> str:
    """A sync the desk refused for want of a privilege (row-level security, or a trigger that guards
    whose workstation a write is under), in words: when this store's workstation id is another desk
    user's on the desk, whose, and how to go on (``workbench desk reidentify``); else what the desk
    would not let this user write. Never PostgreSQL's raw text."""
    import re

    from workbench.desk.connection import connect

    ws, owner, user = store.workstation_id(), None, getattr(config, "user", None)
    db = db_argument(store)
    try:
        with connect(config.url, config.password) as conn:
            user = conn.execute("SELECT session_user").fetchone()[0]
            row = conn.execute("SELECT by FROM desk.workstations WHERE ws = %s", [ws]).fetchone()
            owner = row[0] if row else None
    except Exception:  # (the desk cannot be asked now: the words without the owner)
        pass
    if owner is not None and owner != user:
        return (f"团队服务器拒绝了同步 (the desk refused the sync): 工作站 {ws} 属于 {owner}，{user} 不能以它的名义推送 "
                f"(workstation {ws} is {owner}'s: {user} cannot push under its id), 此数据文件可能是其工作站数据文件的副本 "
                f"(this store is probably a copy of {owner}'s workstation's file); 本次推送未执行，本地的修改都还在 (this "
                "push did not happen: the changes made here are all kept); 让此数据文件成为新的工作站后再同步 (make this "
                f"store a workstation of its own, then sync again): `workbench desk reidentify --db {db}`, 然后 (then) "
                f"`workbench sync --db {db}`")
    if re.search(r"[\u4e00-\u9fff]", detail or ""):  # the desk's own words (its triggers')
        said = detail
    else:
        table = re.search(r'table "([^"]+)"', detail or "")
        what = f" desk.{table.group(1)}" if table else ""
        said = (f"团队库的权限规则不允许 {user} 写入{what} (the desk's rules do not let {user} make this write"
                f"{' to' + what if what else ''})")
    return (f"团队服务器拒绝了同步 (the desk refused the sync): {said}; 本次推送未执行，本地的修改都还在 (this push did "
            "not happen: the changes made here are all kept)")


# ---------------------------------------------------------------- a new identity
@dataclass
class Reidentified:
    old: str
    new: str | None  # None: a dry run, which only says what a sync would do
    reason: str | None = None
    #: what the desk said of the changes made under the former id (``confirm_former``), in words
    confirmed: str | None = None
    earlier: bool = False  # re-identified before this sync (a restore): only ``confirmed`` is news
    #: a dry run's answer from the desk: the push mark the sync would move to (the changes up to it
    #: are on the desk already, not sent again), so that the dry run counts what the sync would do
    confirmed_upto: int | None = None

    def summary(self) -> str:
        if self.earlier:
            return self.confirmed or ""
        text = self._summary()
        return f"{text}; {self.confirmed}" if self.confirmed else text

    def _summary(self) -> str:
        why = f"{self.reason}; " if self.reason else ""
        if self.new is None:
            return (f"{why}同步时将重新标识为新的工作站 (would be re-identified as a new workstation): {self.old}; "
                    "试运行未改动 (the dry run changed nothing)")
        return (f"{why}已重新标识为新的工作站 (re-identified as a new workstation): {self.old} -> {self.new}; "
                "下次同步将作为新工作站推送未确认的修改并拉取其余 (the next sync sends what the desk has not "
                "confirmed and takes the rest)")


def reidentify(store, reason: str | None = None) -> Reidentified:
    """Give the store a new workstation id, recorded for this file.

    Nothing else moves: the changes not yet confirmed by the desk (after the push mark) are sent
    again under the new id, where the desk already holds the same value it is no change and no
    conflict, where someone changed it since it is a conflict listed with both values; the desk's
    feed is read on from where this store left it, now including what was written under the old
    id after this copy was made. Rows travel by their global identity, so nothing is doubled.
    Changes the desk already applied under the old id (pushed by the store this one is a copy of,
    after the copy was made) are not sent again: the next sync asks the desk (``confirm_former``)."""
    from workbench.store import sync_state

    with store.transaction():
        old = store.workstation_id()
        new = str(uuid.uuid4())
        if store.get_setting(sync_state.SETTING_URL):
            # what the desk may already hold of this store under the id it had: asked at the next sync
            # (``confirm_former``), after the ids before it that no sync has asked about yet
            store.set_setting(SETTING_FORMER, json.dumps(formers(store) + [{
                "ws": old, "upto": store.last_seq(),
                "pushed": sync_state.setting_int(store, sync_state.SETTING_PUSHED)}], sort_keys=True))
        store.set_setting(SETTING_WORKSTATION, new)
        here = fingerprint(store.path)
        if here is not None:
            store.set_setting(SETTING_HOME, json.dumps(here, sort_keys=True))
    return Reidentified(old, new, reason)


# ---------------------------------------------------------------- what a restore would drop
@dataclass
class Newer:
    """What the store a restore would replace holds that the backup lacks and, for a store that
    joined a desk, that the desk never received as far as the store knows: published versions (a
    PDF that may already be with readers) and changes not yet pushed. A restore drops them from the
    store; they are kept only in the replaced store's side file."""

    versions: list[dict] = field(default_factory=list)  # issue, version, headline, frozen_at, frozen_by, key
    unpushed: int = 0
    joined: bool = False

    def __bool__(self) -> bool:
        return bool(self.versions or self.unpushed)

    def items(self) -> list[str]:
        """One line for each thing dropped, in words."""
        from workbench.domain.times import local_time

        lines = []
        for v in self.versions:
            zh, en = ("，团队库未确认收到", ", never confirmed by the desk") if self.joined else ("", "")
            when = local_time(v["frozen_at"])
            lines.append(f"已发布的第 {v['issue']} 期 v{v['version']}“{v['headline']}”，定稿于 {when}（{v['frozen_by']}）"
                         f"{zh}，其 PDF 可能已发出 (published version: issue {v['issue']} v{v['version']}, frozen {when} by "
                         f"{v['frozen_by']}{en}; its PDF may already be with readers)")
        if self.unpushed:
            lines.append(f"{self.unpushed} 项修改尚未推送到团队库 ({self.unpushed} changes not yet pushed to the desk)")
        return lines

    def covers(self, now: "Newer") -> bool:
        """Whether ``now`` drops nothing these do not name (what the user agreed to drop still holds)."""
        named = {v["key"] for v in self.versions}
        return all(v["key"] in named for v in now.versions) and now.unpushed <= self.unpushed


class RestoreDrops(WorkbenchError):
    """A restore refused because the store it replaces holds what the backup lacks (``newer``)."""

    def __init__(self, message: str, newer: Newer):
        super().__init__(message)
        self.newer = newer


def side_file(path) -> str:
    """The name (pattern) of the file a restore keeps the replaced store as."""
    p = Path(path)
    return str(p.with_name(f"{p.stem}.before-restore-TIME.sqlite"))


def newer_than_backup(store, backup) -> Newer:
    """What the open ``store`` holds that the file ``backup`` lacks (``Newer``): its published versions
    the backup does not hold (the same issue, version, time and PDF), those of a joined store only
    while the desk has not confirmed them (waiting to be pushed, or refused); and a joined store's
    changes waiting to be pushed that the backup does not hold (all of them, unless the backup is an
    earlier state of this workstation: then those made after the backup's newest change)."""
    import sqlite3

    from workbench.store import sync_state
    from workbench.store.store import _open_backup

    theirs, their_ws, their_last = set(), None, 0
    conn = _open_backup(Path(backup))
    try:
        try:
            theirs = {tuple(r) for r in conn.execute(
                "SELECT issue_id, version, frozen_at, pdf_sha256 FROM issue_versions").fetchall()}
            row = conn.execute("SELECT value FROM settings WHERE key = 'workstation_id'").fetchone()
            their_ws = row[0] if row else None
            their_last = conn.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0]
            their_last = max(their_last, conn.execute(
                "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'change_log'").fetchone()[0])
        except sqlite3.Error:
            pass  # (an older release's backup: what it cannot tell counts as lacking)
    finally:
        conn.close()
    lacking = [v for v in store.rows(
        "SELECT v.issue_id AS issue, v.version, v.frozen_at, v.frozen_by, v.pdf_sha256, i.uid, i.headline "
        "FROM issue_versions v JOIN issues i ON i.id = v.issue_id ORDER BY v.issue_id, v.version")
        if (v["issue"], v["version"], v["frozen_at"], v["pdf_sha256"]) not in theirs]
    for v in lacking:
        v["key"] = ("issue_versions", f"{v['uid']}|{v['version']}")
    joined = bool(store.get_setting(sync_state.SETTING_URL))
    unpushed = 0
    if joined:
        waiting = sync_state.pending(store).keys
        refused = {(r["tbl"], r["key"]) for r in store.rows(
            "SELECT tbl, key FROM sync_conflicts WHERE resolution IS NULL")}
        lacking = [v for v in lacking if v["key"] in waiting or v["key"] in refused]
        named = {v["key"] for v in lacking}
        earlier = their_ws is not None and their_ws in {store.get_setting(SETTING_WORKSTATION),
                                                         *(w["ws"] for w in formers(store))}
        unpushed = sum(1 for k, seq in waiting.items()
                       if k not in named and k[0] not in sync_state.RECORDS and (not earlier or seq > their_last))
    return Newer(lacking, unpushed, joined)


def _newer_at(backup, path) -> Newer | None:
    """``newer_than_backup`` of the store at ``path``; None when there is none or it cannot be read
    (a damaged store: the restore keeps it aside as it is)."""
    import sqlite3

    from workbench.outputs import _same_file, is_sqlite_file
    from workbench.store import Store

    path = Path(path)
    if not path.is_file() or not is_sqlite_file(path) or _same_file(Path(backup), path):
        return None
    try:
        with Store(path) as store:
            return newer_than_backup(store, backup)
    except (WorkbenchError, sqlite3.Error, OSError):
        return None


def restore(backup, path, progress=None, *, unverified: bool = False, warn=None,
            discard_newer: "bool | Newer" = False) -> tuple:
    """Put a backup in place of the store at ``path`` (``Store.restore``: checked, the replaced store
    kept beside it, one rename). A backup that fails ``workbench verify`` is refused, unless
    ``unverified`` (then ``warn(problems)`` hears what it goes ahead with); one whose protection
    triggers were removed is never restored. A restored store that had joined a desk is an older
    copy of a workstation: it is re-identified at once, so that its next sync sends what the desk
    never confirmed and takes the rest as a new workstation (nothing pushed twice, nothing lost).

    A store holding what the backup lacks (``newer_than_backup``: published versions, changes the
    desk never received) is refused naming them (``RestoreDrops``), unless ``discard_newer``: True,
    or the ``Newer`` the user was shown (then refused if the store holds more by now). What is
    dropped is named in the result (``Restored.dropped``) with the side file that keeps it.
    Returns (Restored, Reidentified or None)."""
    from workbench.drafting.record import check_backup_to_restore
    from workbench.store import Store

    accepted = check_backup_to_restore(backup, unverified=unverified)
    if accepted and warn is not None:
        warn(accepted)
    newer = _newer_at(backup, path)
    if newer and (not discard_newer or (isinstance(discard_newer, Newer) and not discard_newer.covers(newer))):
        lacks = "备份和团队库都没有的内容" if newer.joined else "备份中没有的内容"
        en = "what neither the backup nor the desk holds" if newer.joined else "what the backup lacks"
        raise RestoreDrops(
            f"未恢复：要替换的数据文件有{lacks}，恢复后它们只保存在 {side_file(path)} 中 (nothing was restored: the store "
            f"{path} holds {en}; after a restore it would be kept only in {side_file(path)}):\n"
            + "\n".join(f"  - {line}" for line in newer.items())
            + "\n确要丢弃它们，请加 --discard-newer (to restore anyway and drop them from the store, add "
              "--discard-newer)", newer)
    restored = Store.restore(backup, path, progress)
    if newer:
        restored.dropped = newer.items()
    again = None
    if restored.joined:
        with Store(restored.path) as store:
            again = reidentify(store, f"从备份恢复 (restored from the backup {restored.backup})")
    return restored, again


def ensure(store, conn=None, *, dry_run: bool = False) -> Reidentified | None:
    """Before a sync: re-identify a store that is a copy (by its file, or by what the desk has seen
    from its id when ``conn`` is given); record the file of a store that has no record yet, and the
    new path of a store that was moved. Returns what was done when it re-identified (a dry run
    writes nothing and returns what it would do, with no new id)."""
    reason = copy_reason(store)
    if reason is None and conn is not None:
        reason = desk_reason(store, conn)
    if reason is not None:
        if dry_run:
            return Reidentified(store.workstation_id(), None, reason)
        done = reidentify(store, reason)
        if conn is not None:
            done.confirmed = confirm_former(store, conn)
            claim(store, conn)
        return done
    before, was = None, former(store) if conn is not None else None
    if was is not None:  # re-identified earlier (a restore): the desk is asked now
        text, mark = _confirm_former(store, conn, dry_run=dry_run)
        if text:
            before = Reidentified(was["ws"], store.workstation_id(), None, text, earlier=True,
                                  confirmed_upto=mark if dry_run else None)
    if dry_run:
        return before
    home, here = recorded(store), fingerprint(store.path)
    if here is not None and (home is None or home.get("path") != here["path"]):
        record(store)
    if conn is not None:
        claim(store, conn)
    return before


def claim(store, conn) -> None:
    """Make this store's workstation id its desk user's on the desk, if nobody has it yet: from the
    join's first sync on (a store that joins empty pushes nothing then), no other desk user can
    write under it. Claimed as having pulled what a first pull takes (the desk's current state),
    or this store's own pull mark, so a prune keeps what it has still to pull."""
    from workbench.store import sync_state

    after = sync_state.setting_int(store, sync_state.SETTING_PULLED)
    # (one statement: a transaction of its own on the desk's connection, one round trip)
    conn.execute("INSERT INTO desk.workstations (ws, last_seq, pulled) SELECT %s, 0, CASE WHEN %s > 0 THEN %s "
                 "ELSE (SELECT coalesce(max(id), 0) FROM desk.changes) END ON CONFLICT (ws) DO NOTHING",
                 [store.workstation_id(), after, after])


def formers(store) -> list[dict]:
    """The workstation ids this store had before it was re-identified, oldest first, each with its
    newest seq and push mark then ({ws, upto, pushed}), while no sync has asked the desk about them."""
    try:
        value = json.loads(store.get_setting(SETTING_FORMER) or "[]")
    except ValueError:
        return []
    out = []
    for item in value if isinstance(value, list) else [value]:
        try:
            if isinstance(item, dict) and item.get("ws"):
                out.append({"ws": str(item["ws"]), "upto": int(item.get("upto") or 0),
                            "pushed": int(item.get("pushed") or 0)})
        except (TypeError, ValueError):
            continue
    return out


def former(store) -> dict | None:
    """The newest of ``formers``: the id this store had just before its present one; None when none."""
    found = formers(store)
    return found[-1] if found else None


def confirm_former(store, conn, *, dry_run: bool = False) -> str | None:
    """Ask the desk which of this store's changes made under its former workstation id it already
    applied, and take those as confirmed, so that they are not sent again under the new id.

    A store re-identified as a copy (a backup restored, a file copied back) holds changes after its
    push mark that the store it was copied from may have pushed since, under the id both had: sent
    again under the new id, a value a colleague has corrected since would come back as a conflict
    with the correction, and keeping it would put the superseded value back for the whole desk. The
    desk applied the former id's changes up to its mark of that workstation; up to that mark (and
    no further than this store's newest change then), when every change the desk holds under the
    former id is one this store made (``desk_reason``'s test) and every row this store changed is
    there under that id at that seq or later, the push mark moves past them: the pull then takes
    the desk's rows as they are now. When it cannot be told (the desk holds other changes under
    those seqs, or pruned them), nothing moves and they are sent again, as before. The question is
    asked once (a dry run only says what it would do). Returns a note in words, or None."""
    return _confirm_former(store, conn, dry_run=dry_run)[0]


def _confirm_former(store, conn, *, dry_run: bool = False) -> tuple[str | None, int | None]:
    """``confirm_former``'s note, with the push mark it moves to (None when it stays)."""
    from workbench.store import sync_state

    were = formers(store)
    if not were:
        return None, None
    foreign = _anothers_former(store, conn, were[-1]["ws"])
    if foreign is not None:
        return _send_all_again(store, were[-1]["ws"], foreign, dry_run=dry_run), None
    pushed = sync_state.setting_int(store, sync_state.SETTING_PUSHED)
    mark, taken, texts = pushed, 0, []
    if pushed == were[-1]["pushed"]:  # (nothing was pushed under the present id meanwhile)
        for was in were:  # oldest first: each takes the seqs after the one before it
            old = was["ws"]
            row = conn.execute("SELECT last_seq FROM desk.workstations WHERE ws = %s", [old]).fetchone()
            top = min(row[0] if row is not None else 0, was["upto"])
            if top <= mark:
                continue
            found = _applied_there(store, conn, old, mark, top)
            if found is None:
                continue
            if not found:
                texts.append(f"无法确认团队库在原工作站标识 {old} 下收到的修改是本数据文件的，未确认的修改将重新发送 (the "
                             f"desk's changes under the former workstation id {old} could not be told to be this "
                             "store's: the changes it has not confirmed are sent again)")
                break
            mark, taken = top, taken + found
            zh, en = (("同步时将不再发送", "a sync would not send them again") if dry_run
                      else ("不再发送", "they are not sent again"))
            texts.append(f"团队库已收到本数据文件在原工作站标识 {old} 下的 {found} 项修改（由它的原数据文件推送），{zh} (the "
                         f"desk already has {found} of this store's changes, pushed under its former workstation id "
                         f"{old} by the store it was copied from: {en})")
    moved = mark if mark > pushed else None
    if dry_run:
        return "; ".join(texts) or None, moved
    with store.transaction():
        if moved is not None:
            store.set_setting(sync_state.SETTING_PUSHED, str(mark))
        store.set_setting(SETTING_FORMER, None)
    return "; ".join(texts) or None, moved


def _anothers_former(store, conn, old: str) -> str | None:
    """The desk user whose workstation the id ``old`` is, when that is not the user this store syncs
    as (None otherwise): then nothing the desk holds under it came from this store (the desk refuses
    anyone's writes under another user's id), whatever this store took as pushed (a copy of another
    user's store that joined under the same id before the join told copies apart)."""
    row = conn.execute("SELECT w.by, session_user FROM desk.workstations w WHERE w.ws = %s", [old]).fetchone()
    return row[0] if row is not None and row[0] != row[1] else None


def anothers_workstation(store, conn) -> str | None:
    """The desk user whose workstation this store's id is, when not the user it syncs as (None: this
    user's or nobody's): the desk refuses every push of such a store until it is re-identified."""
    return _anothers_former(store, conn, store.workstation_id())


def copy_reason_asked(store) -> str | None:
    """Why this joined store is a copy of another workstation's file, asking the desk too (None when it
    is not: its file is the one its id was given to, the id is this desk user's or nobody's, and the
    desk holds nothing under it this store did not make). The app asks it before it offers
    ``reidentify``. Raises DeskError or DeskOffline when the desk cannot be asked."""
    from workbench.desk import config as desk_config
    from workbench.desk.connection import connect

    reason = copy_reason(store)
    if reason is not None:
        return reason
    config = desk_config.load(store)
    if config is None:  # (never joined: no desk holds its id)
        return None
    with connect(config.url, config.password) as conn:
        if anothers_workstation(store, conn) is not None:
            return joining_copy(store, conn)  # (whose workstation, since when)
        return desk_reason(store, conn)


def _send_all_again(store, old: str, owner: str, *, dry_run: bool = False) -> str:
    """A store re-identified from another user's workstation id (``_anothers_former``) sends all its
    shared rows again, as a first join does: each compared with the desk's (the same value is no
    change; another is a conflict, listed). What it took as pushed under that id never reached the desk."""
    from workbench.store import sync_state

    zh, en = ("同步时将全部重新发送", "a sync would send them all again") if dry_run else ("全部重新发送", "all are sent again")
    text = (f"原工作站标识 {old} 属于 {owner}，团队库在它名下的修改都不是此数据文件推送的 (the former workstation id {old} "
            f"is {owner}'s: nothing the desk holds under it came from this store): 此数据文件的数据{zh}，与团队库的比较，"
            f"同加入时 ({en}, compared with the desk's as at a join)")
    if dry_run:
        return text
    with store.transaction():
        sync_state.mark_all_pending(store)
        store.set_setting(sync_state.SETTING_PUSHED, "0")
        store.set_setting(SETTING_FORMER, None)
    return text


def _applied_there(store, conn, old: str, pushed: int, top: int) -> int | None:
    """How many of this store's rows changed after seq ``pushed`` up to ``top`` the desk holds under
    the workstation id ``old``, when all are and every change the desk holds under it in that range
    is this store's (0 when not; None when the store changed nothing there)."""
    from workbench.store import sync_state

    waiting = sync_state.pending(store).keys
    here = {k: seq for k, seq in waiting.items() if pushed < seq <= top}
    if not here:
        return None
    limit = 100_000
    after = _pushed_after(conn, old, pushed)
    theirs = [] if after is None else conn.execute(
        "SELECT tbl, key, seq, by, id, data FROM desk.changes WHERE id > %s AND ws = %s AND seq > %s "
        "AND seq <= %s ORDER BY seq LIMIT %s", [after, old, pushed, top, limit + 1]).fetchall()
    if len(theirs) > limit:
        return 0
    for tbl, key, seq, _, _, _ in theirs:
        if waiting.get((tbl, key), 0) < seq:
            return 0  # a change there this store never made
    if _not_made_here(store, conn, theirs, waiting) is not None:
        return 0
    newest = {} if after is None else {(t, k): seq for t, k, seq in conn.execute(
        "SELECT tbl, key, max(seq) FROM desk.changes WHERE id > %s AND ws = %s AND seq > %s AND (tbl, key) IN "
        "(SELECT * FROM unnest(%s::text[], %s::text[])) GROUP BY tbl, key",
        [after, old, pushed, [k[0] for k in here], [k[1] for k in here]])}
    if any(newest.get(k, 0) < seq for k, seq in here.items()):
        return 0  # a change of this store the desk does not hold under that id
    return len(here)


# ---------------------------------------------------------------- a desk that went back in time
#: JSON: this store's view of the desk at its last syncs: the workstation id, the desk's mark of it
#: (its last change the desk applied) and, newest first, pull marks with a fingerprint of the feed
#: entry at each ([id, hash]): a desk restored from a dump gives its ids again to other entries
SETTING_DESK_SEEN = "desk.seen"
_MARKS_KEPT = 16
# a feed entry's fingerprint: who wrote it under which seq, and when (the same entry after a restore)
_ENTRY_HASH = "md5(concat_ws('|', tbl, key, ws, seq, extract(epoch FROM at)))"


def _seen(store) -> dict:
    try:
        seen = json.loads(store.get_setting(SETTING_DESK_SEEN) or "{}")
    except ValueError:
        return {}
    return seen if isinstance(seen, dict) else {}


def remember_desk(store, conn) -> None:
    """After a pull or a sync: note the feed entry at this store's pull mark (its id and
    fingerprint) and the desk's mark of this workstation, so that a desk restored from an older
    dump is told at the next sync (``rewound``). Marks are thinned so that they reach back in
    roughly doubling steps (a restore of last month's dump still finds a point both agree on)."""
    from workbench.store import sync_state

    ws, mark = store.workstation_id(), sync_state.setting_int(store, sync_state.SETTING_PULLED)
    digest, acked, desk = conn.execute(f"SELECT (SELECT {_ENTRY_HASH} FROM desk.changes WHERE id = %s), "
                                       "(SELECT last_seq FROM desk.workstations WHERE ws = %s), "
                                       f"({_DESK_ID})", [mark, ws]).fetchone()
    if desk is not None and store.get_setting(SETTING_DESK_ID) != desk:
        sync_state.set_settings(store, {SETTING_DESK_ID: desk})
    seen = _seen(store)
    marks = [m for m in seen.get("marks") or [] if isinstance(m, list) and len(m) == 2] \
        if seen.get("ws") == ws else []
    if digest is not None and (not marks or marks[0] != [mark, digest]):
        marks = [[mark, digest]] + [m for m in marks if m[0] < mark]
        while len(marks) > _MARKS_KEPT:  # drop the mark whose going leaves the smallest gap
            i = min(range(1, len(marks) - 1), key=lambda j: marks[j - 1][0] - marks[j + 1][0])
            del marks[i]
    new = {"ws": ws, "acked": acked or 0, "marks": marks}
    if new != seen:
        sync_state.set_settings(store, {SETTING_DESK_SEEN: json.dumps(new)})


@dataclass
class Rewound:
    """The desk went back to an earlier state than this store saw (restored from a dump)."""

    agreed: int  # the newest feed id both sides still agree on (0: none)
    desk_seq: int  # the desk's mark of this workstation now
    why: str


def rewound(store, conn) -> Rewound | None:
    """Whether the desk went back in time since this store last synced: the feed entry at a pull
    mark is gone or is another entry (ids are given again after a restore), the feed ends before
    this store's pull mark, or the desk's mark of this workstation is below the one it
    acknowledged. None when it did not (one query)."""
    from workbench.store import sync_state

    seen = _seen(store)
    ws = seen.get("ws") or store.workstation_id()
    pulled = sync_state.setting_int(store, sync_state.SETTING_PULLED)
    marks = [m for m in seen.get("marks") or [] if isinstance(m, list) and len(m) == 2]
    top, pruned, desk_seq, found = conn.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM desk.changes), "
        "(SELECT coalesce(max(value::bigint), 0) FROM desk.meta WHERE key = 'pruned_upto'), "
        "(SELECT last_seq FROM desk.workstations WHERE ws = %s), "
        f"(SELECT coalesce(jsonb_object_agg(id, {_ENTRY_HASH}), '{{}}') FROM desk.changes WHERE id = ANY(%s))",
        [ws, [int(m[0]) for m in marks]]).fetchone()
    desk_seq = desk_seq or 0

    def agrees(mark) -> bool | None:  # None: pruned, so it cannot be told
        if str(mark[0]) in found:
            return found[str(mark[0])] == mark[1]
        return None if mark[0] <= min(pruned, top) else False

    why = None
    if pulled > top:
        why = (f"团队库的变更只到第 {top} 号，本数据文件已拉取到第 {pulled} 号 (the desk's change feed ends at {top}, "
               f"and this store has pulled up to {pulled})")
    elif marks and agrees(marks[0]) is False:
        why = (f"团队库第 {marks[0][0]} 号变更已不是本数据文件拉取时的那一项 (the desk's change {marks[0][0]} is not "
               "the one this store pulled)")
    elif desk_seq < (seen.get("acked") or 0) and seen.get("ws") == ws:
        why = (f"团队库只收到本工作站的第 {desk_seq} 号变更，此前已确认到第 {seen['acked']} 号 (the desk holds this "
               f"workstation's changes up to {desk_seq}, and had confirmed them up to {seen['acked']})")
    if why is None:
        return None
    agreed = next((m[0] for m in marks if agrees(m) and m[0] <= top), 0)
    return Rewound(agreed, desk_seq, why)


def recover_rewound(store, conn, gone: Rewound, *, dry_run: bool = False) -> str:
    """Bring a store back in step with a desk that went back in time (``rewound``): its own changes
    the desk lost (after the desk's mark of this workstation) are sent again at this sync, and the
    feed is pulled again from the newest entry both sides agree on (the whole desk when none).
    Revisions this store agreed on past that entry are forgotten (the restored desk gives those
    ids to other writes); a row the desk holds at a revision both agree on keeps it as its base, so
    a change made here after it is written over it, and one someone else made on the restored desk
    meanwhile meets it as a conflict, listed, never dropped. Returns what it did, in words."""
    from workbench.desk.sync import _desk_rows
    from workbench.store import sync_state

    pushed = sync_state.setting_int(store, sync_state.SETTING_PUSHED)
    resend = min(pushed, gone.desk_seq)
    text = (f"团队库已回到较早的状态，如从备份恢复 (the desk went back to an earlier state, as when restored from a "
            f"backup): {gone.why}; ")
    if dry_run:
        return text + ("同步时将重新发送本工作站第 {} 号之后的修改，并从团队库第 {} 号变更起重新拉取 (a sync would send "
                       "again this workstation's changes after {} and pull again from the desk's change {}); "
                       "试运行未改动 (the dry run changed nothing)").format(resend, gone.agreed, resend, gone.agreed)
    later = sync_state.revs_after(store, gone.agreed)
    desk_now = _desk_rows(conn, later) if later else {}
    keep = sorted((t, k, rev) for (t, k), (rev, _) in desk_now.items() if rev <= gone.agreed)
    own_max = conn.execute("SELECT coalesce(max(id), 0) FROM desk.conflicts WHERE ws = %s",
                           [store.workstation_id()]).fetchone()[0]
    cursor = min(sync_state.setting_int(store, sync_state.SETTING_CONFLICT), own_max)
    sync_state.rewind(store, gone.agreed, keep, {
        sync_state.SETTING_PULLED: gone.agreed, sync_state.SETTING_PUSHED: resend,
        sync_state.SETTING_CONFLICT: cursor, sync_state.SETTING_CHECK_ALL: 1, SETTING_DESK_SEEN: None})
    return text + (f"重新发送本工作站第 {resend} 号之后的修改，并从团队库第 {gone.agreed} 号变更起重新拉取 (sending "
                   f"again this workstation's changes after {resend}, and pulling again from the desk's change "
                   f"{gone.agreed}): 团队库丢失的修改回到团队库，恢复后别人的修改照常拉取 (what the restore lost "
                   "goes back to the desk, and what others wrote since is pulled)")


# ---------------------------------------------------------------- another desk user
@dataclass
class Switched:
    old_user: str | None
    new_user: str
    url: str
    leases: list[tuple[str, str]] = field(default_factory=list)  # (issue uid, expires) held by the old user

    def summary(self) -> str:
        text = f"已改为以 {self.new_user} 同步 (now syncing as {self.new_user}; was {self.old_user})"
        if self.leases:
            text += (f"; {self.old_user} 仍持有 {len(self.leases)} 个草稿租约 (still holds {len(self.leases)} "
                     f"draft lease(s)): 请其释放或由编辑解除 (they release them, or an editor breaks them)")
        return text


def same_desk(a: str, b: str) -> bool:
    """Two desk URLs name the same database (host, port, database), whoever logs in."""
    from workbench.desk.config import _parts

    pa, pb = _parts(a), _parts(b)
    return (pa["host"], pa["port"], pa["dbname"]) == (pb["host"], pb["port"], pb["dbname"])


# ---------------------------------------------------------------- the desk under another address
#: The store setting that keeps the identity of the desk it belongs to (desk.meta 'desk_id', made by
#: ``desk init`` and carried by a pg_dump), so the desk is known under any address or URL options
SETTING_DESK_ID = "desk.id"
_DESK_ID = "SELECT value FROM desk.meta WHERE key = 'desk_id'"


def desk_id(conn) -> str | None:
    """The connected desk's identity (None: a desk set up before desks had one)."""
    row = conn.execute(_DESK_ID).fetchone()
    return row[0] if row else None


def is_this_stores_desk(store, conn, url: str) -> bool:
    """Whether the desk ``conn`` reaches (at ``url``) is the one this store belongs to, whatever
    address or options the store knows it by: the desk's identity where both know it, else the
    change feed this store pulled (the entries at its pull marks, as it saw them), else the address
    (host, port and database)."""
    known, there = store.get_setting(SETTING_DESK_ID), desk_id(conn)
    if known and there:
        return known == there
    marks = [m for m in _seen(store).get("marks") or [] if isinstance(m, list) and len(m) == 2]
    if marks:
        found = dict(conn.execute(f"SELECT id, {_ENTRY_HASH} FROM desk.changes WHERE id = ANY(%s)",
                                  [[int(m[0]) for m in marks]]).fetchall())
        seen = [found[int(m[0])] == m[1] for m in marks if int(m[0]) in found]
        if seen:
            return all(seen)
    from workbench.store import sync_state

    return same_desk(store.get_setting(sync_state.SETTING_URL), url)


def refuse_another_desk(store, url: str, password: str | None, refusal: str) -> None:
    """Refuse (with ``refusal``) a URL whose host, port or database differ from the store's desk's
    unless the desk there is this store's (``is_this_stores_desk``); one that cannot be reached or
    logged in to cannot be told, and is refused saying why."""
    import psycopg

    from workbench.desk import schema
    from workbench.desk.connection import connect

    try:
        with connect(url, password) as conn:
            same = schema.server_version(conn) is not None and is_this_stores_desk(store, conn, url)
    except (DeskError, psycopg.Error) as exc:
        why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DeskError(f"{refusal}; 无法确认是同一团队库 (it could not be told to be the same desk under another "
                        f"address): {why}") from None
    if not same:
        raise DeskError(refusal)


def remember_desk_id(store, conn) -> None:
    """Keep the connected desk's identity in the store (once it is known to be its desk)."""
    from workbench.store import sync_state

    there = desk_id(conn)
    if there is not None and store.get_setting(SETTING_DESK_ID) != there:
        sync_state.set_settings(store, {SETTING_DESK_ID: there})


def switch_user(store, url: str, password: str | None = None) -> Switched:
    """Attach a joined store to the same desk as another desk user.

    Refused while the store holds changes not yet on the desk, or open conflicts (the old user's
    values): those are the old user's to sync or settle, never pushed under the new name. The new
    login is checked before anything changes; the store keeps its data and takes a new workstation
    id (the old one stays the old user's on the desk)."""
    from workbench.desk import schema
    from workbench.desk.config import DeskConfig, password_for, remember_password, split_password
    from workbench.desk.connection import connect
    from workbench.store import sync_state

    _refuse_unjoined(store)
    current = store.get_setting(sync_state.SETTING_URL)
    clean, in_url = split_password(url)
    old_user, new_user = DeskConfig(current).user, DeskConfig(clean).user
    if not new_user:
        raise DeskError(f"地址中没有用户名 (the URL names no user): postgresql://USER@HOST/DBNAME: {clean}")
    _refuse_unsynced(store, old_user)
    given = password or in_url
    password = given or password_for(clean)
    import psycopg

    if not same_desk(current, clean):  # the same desk under another address is the store's desk
        refuse_another_desk(store, clean, password,
                            f"这是另一个团队库 (that is another desk): {clean}; 此数据文件属于 (this store belongs to) "
                            f"{current}")
    from workbench.desk.connection import joining

    with joining(), connect(clean, password) as conn:  # the new user's password, as typed: no saved one
        try:
            member = conn.execute("SELECT to_regrole('workbench_analyst') IS NOT NULL AND "
                                  "pg_has_role(current_user, 'workbench_analyst', 'MEMBER')").fetchone()[0]
            if not member:
                raise DeskError(f"{new_user} 不是团队库用户 (is not a desk user): 请管理员运行 (ask the "
                                f"administrator to run) `workbench desk user add {new_user} --role analyst --url URL`")
            schema.check_compatible(conn)
            there = desk_id(conn)
            held = conn.execute("SELECT issue, expires::text FROM desk.leases WHERE holder = %s AND ws = %s "
                                "AND expires > now() ORDER BY issue", [old_user, store.workstation_id()]).fetchall()
        except psycopg.Error as exc:
            raise DeskError(f"团队服务器拒绝了 (the desk refused) {new_user}: {str(exc).strip().splitlines()[0]}") from None
    with store.transaction():
        _refuse_unsynced(store, old_user)  # again, in the write transaction: nothing slipped in
        sync_state.set_settings(store, {sync_state.SETTING_URL: clean, sync_state.SETTING_USER: new_user,
                                        **({SETTING_DESK_ID: there} if there else {})})
        # a workstation id is the desk user's who first synced it (the desk refuses anyone else's
        # writes under it): the new user syncs under a new one; everything of the old is on the desk
        store.set_setting(SETTING_WORKSTATION, str(uuid.uuid4()))
        here = fingerprint(store.path)
        if here is not None:
            store.set_setting(SETTING_HOME, json.dumps(here, sort_keys=True))
    if given:
        remember_password(clean, given)
    return Switched(old_user, new_user, clean, [tuple(r) for r in held])


def _refuse_unsynced(store, old_user: str | None) -> None:
    from workbench.store import sync_state

    pending = sync_state.pending_count(store)
    conflicts = store.scalar("SELECT count(*) FROM sync_conflicts WHERE resolution IS NULL")
    if pending:
        raise DeskError(f"有 {pending} 项修改尚未同步 (there are {pending} changes not yet on the desk), 它们属于 "
                        f"{old_user} (they are {old_user}'s): 先以 {old_user} 同步 (sync them as {old_user} first: "
                        "`workbench sync --db PATH`); 修改不会改记到另一用户名下 (changes are never re-attributed)")
    if conflicts:
        raise DeskError(f"有 {conflicts} 个未解决的冲突 (there are {conflicts} open conflicts) of {old_user}: 先由 "
                        f"{old_user} 解决 (settle them first: `workbench desk conflicts --db PATH`, "
                        "`workbench desk resolve ID --keep mine|theirs --db PATH`, then sync)")


# ---------------------------------------------------------------- command line
def register(desk_sub, db_arg) -> None:
    """Add ``reidentify`` and ``switch-user`` to the ``desk`` command's subparsers."""
    q = desk_sub.add_parser("reidentify", help="give a copied or restored store a new workstation id, so it "
                                               "syncs as a new workstation")
    db_arg(q)
    q.set_defaults(handler=cmd_reidentify)
    q = desk_sub.add_parser("switch-user", help="sync a joined store as another desk user (same desk); "
                                                "refused while the current user's changes are not synced")
    q.add_argument("url", help="postgresql://NEWUSER@HOST:PORT/DBNAME (a password here is moved to the keyring "
                               "or libpq's password file, never kept in the store)")
    db_arg(q)
    q.add_argument("--no-sync", action="store_true", help="do not sync as the new user right away")
    q.set_defaults(handler=cmd_switch_user)


def _open(args):
    from workbench.errors import WorkbenchError
    from workbench.store import Store

    if not Path(args.db).is_file():
        raise WorkbenchError(f"数据文件不存在 (store not found): {args.db}")
    return Store(args.db)


def _refuse_unjoined(store) -> None:
    """A workstation id matters only to a desk: a store that never joined one has nothing to re-identify."""
    from workbench.store import sync_state

    if not store.get_setting(sync_state.SETTING_URL):
        raise DeskError("此数据文件未加入团队库 (this store has not joined a desk): "
                        "用 `workbench desk join URL --db PATH` 加入 (join it first)")


def cmd_reidentify(args) -> int:
    with _open(args) as store:
        _refuse_unjoined(store)
        done = reidentify(store, copy_reason(store))
    print(done.summary())
    return 0


def cmd_switch_user(args) -> int:
    from workbench.desk.config import DeskConfig, password_for, split_password
    from workbench.desk.sync import sync

    clean, in_url = split_password(args.url)
    with _open(args) as store:
        switched = switch_user(store, args.url)
        print(switched.summary())
        if not args.no_sync:
            print(sync(store, DeskConfig(clean, in_url or password_for(clean))).summary())
    return 0
