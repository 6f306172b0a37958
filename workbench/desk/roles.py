"""Setting up a desk: its schema (created or upgraded), its group roles and its users.

Three group roles, each holding the one below: ``workbench_analyst`` (facts, quotes, companies,
own notes, drafts), ``workbench_editor`` (also moves an issue to final and publishes versions),
``workbench_admin`` (also the house profile and the analyst register). Login roles are members of
one group. The rules themselves are GRANTs and row-level security policies in ``schema.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.desk import schema
from workbench.desk.connection import connect
from workbench.desk.errors import DeskError
from workbench.domain.compliance import ROLE_WORDS

GROUPS = {"analyst": "workbench_analyst", "editor": "workbench_editor", "admin": "workbench_admin"}
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_LOCK = 0x776B_6465  # advisory lock held while the schema changes


@dataclass
class InitResult:
    before: int | None
    after: int


def init_desk(url: str, password: str | None = None) -> InitResult:
    """Create the desk schema and roles in an existing database, or upgrade an older one;
    refuse a schema newer than this release. Idempotent: run again, nothing changes."""
    from psycopg import errors as pg_errors

    with connect(url, password) as conn:
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
                before = schema.server_version(conn)
                if before is not None and before > schema.LATEST:
                    raise DeskError(
                        f"团队服务器的结构版本 v{before} 比本程序新 (the desk server's schema v{before} is "
                        f"newer than this workbench's v{schema.LATEST}): 请升级工作台 (update the workbench)")
                _ensure_groups(conn)
                for version, sql in schema.MIGRATIONS:
                    if before is None or version > before:
                        conn.execute(sql)
                        conn.execute("INSERT INTO desk.meta (key, value) VALUES ('schema_version', %s) "
                                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [str(version)])
                # the desk's identity, kept by every store that joins it: the desk is known under any
                # address (a new server name, a move with pg_dump, TLS options in the URL)
                conn.execute("INSERT INTO desk.meta (key, value) VALUES ('desk_id', gen_random_uuid()::text) "
                             "ON CONFLICT (key) DO NOTHING")
        except pg_errors.InsufficientPrivilege as exc:
            raise DeskError("无权建立团队库 (not allowed to set up the desk): 请用数据库所有者或超级用户连接 "
                            f"(connect as the database owner or a superuser with CREATEROLE): {exc}") from None
        except pg_errors.FeatureNotSupported as exc:  # (v12's btree_gist: one of PostgreSQL's contrib modules)
            raise DeskError("服务器缺少团队库所需的 PostgreSQL 扩展，请在服务器上安装 PostgreSQL 的 contrib 模块 (the server "
                            "lacks a PostgreSQL extension the desk needs: install PostgreSQL's contrib modules on it, "
                            f"e.g. the postgresql-contrib package): {str(exc).splitlines()[0]}") from None
    return InitResult(before, schema.LATEST)


def _ensure_groups(conn) -> None:
    from psycopg import sql

    existing = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)",
                                           [list(GROUPS.values())])}
    for name in GROUPS.values():
        if name not in existing:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
    # each group holds the one below it
    conn.execute("GRANT workbench_analyst TO workbench_editor")
    conn.execute("GRANT workbench_editor TO workbench_admin")


def validate_user_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise DeskError(f"用户名无效 (invalid user name): {name!r}; 用小写字母、数字和下划线 "
                        "(lower-case letters, digits and _), 以字母开头 (starting with a letter)")
    if name.startswith("pg_") or name in GROUPS.values():
        raise DeskError(f"用户名保留 (reserved user name): {name}")
    return name


def add_user(url: str, name: str, role: str, new_password: str, password: str | None = None,
             force: bool = False) -> bool:
    """Create a login role in the desk group for ``role``, or give an existing one a new password.
    Returns whether the login existed (then it was changed, not added).

    Login roles and the desk's groups belong to the PostgreSQL server, shared by all its databases:
    moving an existing login to another role, or taking over a login that is no desk user, changes
    it for every desk (and program) on the server, so it is refused unless ``force``. The password
    travels as a SCRAM verifier computed here, never as plain text in the SQL."""
    from psycopg import errors as pg_errors
    from psycopg import sql

    validate_user_name(name)
    if role not in GROUPS:
        raise DeskError(f"未知角色 (unknown role): {role}; 可选 (choose) analyst, editor, admin")
    if not new_password:
        raise DeskError("密码为空 (the password is empty)")
    with connect(url, password) as conn:
        schema.check_compatible(conn)
        verifier = conn.pgconn.encrypt_password(new_password.encode(), name.encode(), b"scram-sha-256")
        try:
            with conn.transaction():
                exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
                if exists and not force:
                    refuse_role_change(conn, name, role)
                ident = sql.Identifier(name)
                if exists:
                    conn.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(
                        ident, sql.Literal(verifier.decode())))
                    for group in GROUPS.values():
                        conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), ident))
                else:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                        ident, sql.Literal(verifier.decode())))
                conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(GROUPS[role]), ident))
        except pg_errors.InsufficientPrivilege as exc:
            raise DeskError(f"无权添加用户 (not allowed to add users): {exc}") from None
    return exists is not None


def desk_role_of(conn, name: str) -> str | None:
    """The desk role a login holds on this server (admin, editor, analyst), or None."""
    for role in ("admin", "editor", "analyst"):
        if conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [name, GROUPS[role]]).fetchone()[0]:
            return role
    return None


def refuse_role_change(conn, name: str, role: str) -> None:
    """Refuse to move an existing login to another desk role, or to take over a login of the server
    that is no desk user (both change it on every database of the server); None when ``name`` is
    no login yet or already holds ``role`` (then only its password changes)."""
    if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
        return
    held = desk_role_of(conn, name)
    if held == role:
        return
    shared = ("登录角色和团队库的角色组由本 PostgreSQL 服务器上的所有数据库共用，更改会影响其上每个团队库 "
              "(login roles and the desk's role groups are shared by every database of this PostgreSQL server: "
              "the change applies to every desk there); 确认更改请加 --force (to change it anyway, add --force)")
    if held is None:
        raise DeskError(f"{name} 已是本服务器的登录角色，但不是团队库用户 (is already a login role of this server, "
                        f"not a desk user): 不接管其密码和角色 (its password and role are left alone); {shared}")
    raise DeskError(f"{name} 已是团队库用户，角色为 {held} (is already a desk user with the role {held}): "
                    f"不改为 {role} (not changed to {role}); {shared}")


def role_words(role: str | None) -> tuple[str, str]:
    """A desk role in words, (Chinese, English): 分析师 analyst, 编辑 editor, 管理员 administrator."""
    return ROLE_WORDS.get(role or "", (role or "?", role or "?"))


def role_of(conn) -> str | None:
    """The desk role of the connected user: admin, editor, analyst or None (the highest, asked in one
    query: a round trip each would cost a slow link its delay three times)."""
    order = ("admin", "editor", "analyst")
    row = conn.execute("SELECT u.role FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY u(role, grp, n) "
                       "JOIN pg_roles g ON g.rolname = u.grp WHERE pg_has_role(current_user, g.oid, 'MEMBER') "
                       "ORDER BY u.n LIMIT 1", [list(order), [GROUPS[r] for r in order]]).fetchone()
    return row[0] if row else None


@dataclass
class PruneResult:
    feed: int
    tombstones: int
    upto: int
    stale: list[str]

    def summary(self) -> str:
        text = (f"已清理 (pruned): 变更记录 feed entries {self.feed}, 删除标记 tombstones {self.tombstones} "
                f"(直到 up to #{self.upto})")
        if self.stale:
            text += (f"; {len(self.stale)} 个工作站太久未同步，下次同步将重新拉取全部数据 (workstation(s) away too long "
                     f"pull everything again at their next sync): " + ", ".join(self.stale))
        return text


def prune_desk(url: str, days: int = 30, password: str | None = None) -> PruneResult:
    """Remove the feed entries and tombstones every workstation seen in the last ``days`` days
    has pulled (a desk administrator's job; see ``desk.prune`` in schema.py)."""
    from psycopg import errors as pg_errors

    if days < 1:
        raise DeskError(f"--days 至少为 1 (must be at least 1): {days}")
    with connect(url, password) as conn:
        schema.check_compatible(conn)
        try:
            with conn.transaction():
                feed, tombstones, upto, stale = conn.execute("SELECT * FROM desk.prune(%s)", [days]).fetchone()
        except pg_errors.InsufficientPrivilege:
            user = conn.info.user
            owner = conn.execute("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'desk'"
                                 ).fetchone()[0]
            if user == owner:  # set up the desk and adds its users, but is no desk user itself
                raise DeskError(
                    f"只有团队库管理员可以清理 (only a desk administrator may prune the desk): {user} 是团队库的所有者，"
                    f"不是团队库管理员 ({user} owns the desk but is no desk administrator): 请以管理员角色的用户清理 "
                    "(prune as a user with the admin role), 如 (e.g.) `workbench desk user add NAME --role admin "
                    f"--url URL` 然后 (then) `workbench desk prune --url postgresql://NAME@…`") from None
            raise DeskError("只有团队库管理员可以清理 (only a desk administrator may prune the desk): "
                            f"{user} 不是管理员 (is not one)") from None
    return PruneResult(feed, tombstones, upto, list(stale))


def recorded_name(store, given: str | None, fallback: str = "") -> str:
    """The name a status change, a correction, a new draft or a note is recorded under.

    With a desk joined it is the desk user, the one the desk knows logged in (a local name given
    that differs is kept beside it in parentheses, never instead of it); without a desk, the name
    given, or ``fallback``."""
    from workbench.store import sync_state

    url = store.get_setting(sync_state.SETTING_URL)
    if not url:
        return (given or "").strip() or fallback
    from workbench.desk.config import DeskConfig

    user = DeskConfig(url).user or fallback
    given = (given or "").strip()
    return f"{user} ({given})" if given and given != user else user


#: The store setting that keeps the desk role the last sync found (for the app's offline view).
SETTING_ROLE = "desk.role"


def remember_role(store, conn) -> str | None:
    """Keep the connected user's desk role in the store (read by ``may_finalise``)."""
    from workbench.store import sync_state

    role = role_of(conn)
    if store.get_setting(SETTING_ROLE) != role:
        sync_state.set_settings(store, {SETTING_ROLE: role})
    return role


def may_finalise(store) -> bool:
    """Whether this store's user may move an issue to final: always without a desk; on a desk, an
    editor or administrator (as the desk said at the last sync; not known yet: the desk decides)."""
    from workbench.store import sync_state

    if not store.get_setting(sync_state.SETTING_URL):
        return True
    return store.get_setting(SETTING_ROLE) in (None, "editor", "admin")


def refuse_unless_may_finalise(store, action: str = "final") -> None:
    """Refuse at once, naming the role, a status change to final (``action`` "final") or a
    correction ("correct") by a desk user who may not make it (an analyst): the desk would refuse
    the version it publishes, and the store would keep one the desk never has."""
    if may_finalise(store):
        return
    from workbench.store import sync_state

    role = store.get_setting(SETTING_ROLE)
    user = sync_state.desk_user(store)
    zh, en = {"final": ("定稿发布", "move an issue to final"),
              "correct": ("更正已发布的周报", "correct a published issue")}[action]
    raise DeskError(f"只有团队库的编辑或管理员可以{zh} (only an editor or administrator of the desk may {en}): "
                    f"本数据文件的团队库用户 {user} 的角色是{role_words(role)[0]}。 (this store's desk user {user} "
                    f"has the role {role_words(role)[1]})")


def may_set_benchmark(store) -> bool:
    """Whether this store's user may change the benchmark index: always without a desk; on a desk,
    an administrator (as the desk said at the last sync; not known yet: the desk decides)."""
    from workbench.store import sync_state

    if not store.get_setting(sync_state.SETTING_URL):
        return True
    return store.get_setting(SETTING_ROLE) in (None, "admin")


def benchmark_refusal(store) -> str | None:
    """Why this store's user may not change the benchmark (the house's, shared by the whole desk;
    the desk refuses it to every role but admin), or None when they may."""
    if may_set_benchmark(store):
        return None
    from workbench.store import sync_state

    role = store.get_setting(SETTING_ROLE)
    user = sync_state.desk_user(store)
    zh, en = role_words(role)
    return (f"基准指数由团队库的管理员为全组设定，本数据文件的团队库用户 {user} 的角色是{zh}（只有管理员可以更换）。 (the "
            f"benchmark index is set by a desk administrator for the whole desk; this store's desk user {user} has "
            f"the role {en}: only an administrator may change it)")


def merge_refusal(store, drop: dict, keep: dict | None = None) -> str | None:
    """Why merging the index ``drop`` (into ``keep``, when known) is refused to this store's user, or
    None: a merge of the benchmark index carries its flag onto the kept index and removes the
    benchmark's row, a change of the house's benchmark the desk refuses to every role but admin."""
    if not drop.get("is_benchmark") or may_set_benchmark(store):
        return None
    from workbench.store import sync_state

    user = sync_state.desk_user(store)
    zh, en = role_words(store.get_setting(SETTING_ROLE))
    name = drop["name"]
    other_zh, other_en = (f"“{keep['name']}”", f"“{keep['name']}”") if keep else ("保留的指数", "the index kept")
    back_zh, back_en = (f"“{keep['name']}”", f"“{keep['name']}”") if keep else ("另一指数", "the other index")
    return (f"“{name}”是基准指数，合并会把基准换成{other_zh}：基准指数由团队库的管理员为全组设定，本数据文件的团队库用户 "
            f"{user} 的角色是{zh}（只有管理员可以更换），未合并。可以反过来把{back_zh}合并到“{name}”。 (the merge would carry "
            f"the benchmark from “{name}” to {other_en}, and a desk administrator sets it for the whole desk; this "
            f"store's desk user {user} has the role {en}: nothing was merged. Merging {back_en} into “{name}” keeps "
            f"the benchmark)")


def unmerge_refusal(store, merge: dict, keep_id: int | None = None) -> str | None:
    """Why undoing the index merge ``merge`` (an ``index_merges`` entry; into ``keep_id`` when known)
    is refused to this store's user, or None: an undo that gives the benchmark back to the index the
    merge removed, on a store whose desk user is no administrator (the desk would refuse it at the
    next sync). ``workbench index unmerge`` and the app's Undo ask it before writing anything."""
    dropped = merge["dropped"]
    if not dropped.get("is_benchmark"):
        return None  # the undo leaves the benchmark where it is
    why = benchmark_refusal(store)
    if not why:
        return None
    kept = next((i["name"] for i in store.indices() if i["id"] == keep_id), None) if keep_id else \
        store.merge_kept_name(merge["batch_id"])
    bench = store.benchmark()
    if bench is not None and bench["name"] != kept:
        return None  # the benchmark moved on since the merge: the undo leaves it there
    name = dropped["name"]
    now_zh, now_en = (f"（现为“{bench['name']}”）", f" (now “{bench['name']}”)") if bench else ("", "")
    return (f"撤销合并会把基准指数还给“{name}”{now_zh}，未撤销合并 (undoing the merge would give the benchmark "
            f"back to “{name}”{now_en}; nothing was undone): {why}")


def refuse_unless_may_set_benchmark(store) -> None:
    """Refuse at once a benchmark change the desk would refuse (``benchmark_refusal``)."""
    why = benchmark_refusal(store)
    if why:
        raise DeskError(why)
