"""The desk's commands: ``workbench desk init|user|prune|join|status|conflicts|resolve|lease|release``,
``reidentify|switch-user`` (from ``workbench.desk.identity``) and ``workbench sync``.

Registered from workbench/cli.py through ``add_commands``; nothing here imports psycopg until a
desk command runs.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from workbench.errors import WorkbenchError

ROLES = ("analyst", "editor", "admin")


def add_commands(sub, db_arg) -> None:
    """Add ``desk`` and ``sync`` to the command line's subparsers."""
    p = sub.add_parser("desk", help="the desk server (PostgreSQL): set up, users, join, conflicts",
                       description="团队服务器 (desk server): a shared PostgreSQL store that workstations sync with. "
                                   "URL: postgresql://USER@HOST:PORT/DBNAME[?sslmode=verify-full&sslrootcert=FILE]")
    p.set_defaults(handler=_cmd_desk)
    desk = p.add_subparsers(dest="desk_command", metavar="ACTION", required=True)

    q = desk.add_parser("init", help="create or upgrade the desk schema and roles in an existing database")
    q.add_argument("url", help="postgresql://ADMIN@HOST/DBNAME (the database owner or a superuser)")

    q = desk.add_parser("user", help="desk users (PostgreSQL login roles)")
    user = q.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    r = user.add_parser("add", help="add a user (or give an existing one a new password; --force to change "
                                    "its role); the password is prompted, or taken from WORKBENCH_DESK_PASSWORD; the "
                                    "administrator's own from the URL, WORKBENCH_DESK_ADMIN_PASSWORD, the keyring "
                                    "or libpq's password file")
    r.add_argument("name", help="login name: lower-case letters, digits and _")
    r.add_argument("--role", choices=ROLES, required=True)
    r.add_argument("--url", required=True, help="the desk, connected as its administrator")
    r.add_argument("--force", action="store_true",
                   help="change an existing login's role, or make a login that is no desk user one (login roles "
                        "are shared by every database of the PostgreSQL server)")

    q = desk.add_parser("join", help="attach a store to the desk: an empty one pulls everything, one "
                                     "holding data pushes it after a summary")
    q.add_argument("url", help="postgresql://USER@HOST:PORT/DBNAME (a password here is moved to the "
                               "keyring or libpq's password file, never kept in the store)")
    db_arg(q)
    q.add_argument("--yes", action="store_true", help="push a store holding data without asking")
    q.add_argument("--keep-both", action="store_true",
                   help="join even though the desk already has an issue for a series and week this store has: "
                        "both are kept, the local one goes to the desk as a second issue of that week (nothing "
                        "merged or lost; delete or re-date one of them afterwards)")

    q = desk.add_parser("prune", help="remove the change feed entries and tombstones every workstation has "
                                      "pulled (administrators)")
    q.add_argument("--url", required=True, help="the desk, connected as a desk administrator")
    q.add_argument("--days", type=int, default=30,
                   help="a workstation not synced for this many days no longer holds the clean-up back; it pulls "
                        "everything again at its next sync (default 30)")

    q = desk.add_parser("status", help="the desk a store belongs to, pending changes, conflicts, last sync")
    db_arg(q)

    q = desk.add_parser("conflicts", help="list conflicts: values the desk kept over this workstation's")
    db_arg(q)
    q.add_argument("--all", action="store_true", help="include settled ones")

    q = desk.add_parser("resolve", help="settle a conflict: keep mine (pushed by the next sync) or theirs")
    q.add_argument("id", type=int)
    q.add_argument("--keep", choices=("mine", "theirs"), required=True)
    db_arg(q)

    q = desk.add_parser("lease", help="take (or renew) a draft issue's lease: others may only read it")
    q.add_argument("issue", help="issue id or 'latest'")
    q.add_argument("--hours", type=float, default=8.0, help="how long it lasts unless renewed (default 8)")
    db_arg(q)

    q = desk.add_parser("release", help="give a draft issue's lease back (an editor may break another's)")
    q.add_argument("issue", help="issue id or 'latest'")
    db_arg(q)

    from workbench.desk import identity  # reidentify, switch-user (psycopg only when they run)

    identity.register(desk, db_arg)

    p = sub.add_parser("sync", help="push this store's changes to the desk and pull everyone else's")
    db_arg(p)
    p.add_argument("--dry-run", action="store_true", help="count what would move, write nothing")
    p.set_defaults(handler=_cmd_sync)


def _store(args, create: bool = False):
    from pathlib import Path

    from workbench.store import Store

    if create and Path(args.db).parent.is_dir():
        return Store(args.db)  # joining with a new store: it is made, then filled from the desk
    if not Path(args.db).exists():
        raise WorkbenchError(f"数据文件不存在 (store not found): {args.db}")
    return Store(args.db)


def _new_password(name: str) -> str:
    from workbench.desk.config import PASSWORD_ENV

    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise WorkbenchError(f"请输入密码，或设置 {PASSWORD_ENV} (no terminal to ask for the password: "
                             f"set {PASSWORD_ENV})")
    first = getpass.getpass(f"{name} 的密码 (password): ")
    if getpass.getpass("再输入一次 (again): ") != first:
        raise WorkbenchError("两次密码不一致 (the passwords differ)")
    return first


def _cmd_desk(args) -> int:
    handler = globals()["_desk_" + args.desk_command]
    # may take minutes on a big desk: the administrator's limits (and messages: a password is given, never saved)
    if args.desk_command in ("init", "prune", "user"):
        from workbench.desk.connection import admin_work

        with admin_work():
            return handler(args) or 0
    return handler(args) or 0


def _desk_init(args) -> int:
    from workbench.desk.config import admin_password_for, split_password
    from workbench.desk.connection import redact
    from workbench.desk.roles import init_desk

    clean, password = split_password(args.url)
    result = init_desk(clean, password or admin_password_for(clean))
    if result.before is None:
        print(f"团队库已建立 (desk created): schema v{result.after}, {redact(args.url)}")
    elif result.before < result.after:
        print(f"团队库已升级 (desk upgraded): v{result.before} -> v{result.after}")
    else:
        print(f"团队库已是最新 (desk up to date): v{result.after}")
    return 0


def _desk_prune(args) -> int:
    from workbench.desk.config import admin_password_for, password_for, split_password
    from workbench.desk.roles import prune_desk

    clean, password = split_password(args.url)
    print(prune_desk(clean, args.days, password or admin_password_for(clean) or password_for(clean)).summary())
    return 0


def _desk_user(args) -> int:
    from workbench.desk.roles import add_user, validate_user_name

    from workbench.desk.config import admin_password_for, split_password

    validate_user_name(args.name)
    # the administrator's own password: WORKBENCH_DESK_PASSWORD is the new user's
    clean, password = split_password(args.url)
    password = password or admin_password_for(clean)
    # before asking for a password that could not be used
    _refuse_unless_may_add_users(clean, args.name, args.role, args.force, password)
    if add_user(clean, args.name, args.role, _new_password(args.name), password, force=args.force):
        print(f"用户已更改 (user changed): {args.name} ({args.role}), 新密码 (new password); 登录角色由本服务器的"
              f"所有数据库共用 (a login role is shared by every database of the server)")
    else:
        print(f"用户已添加 (user added): {args.name} ({args.role})")
    return 0


def _refuse_unless_may_add_users(url: str, name: str | None = None, role: str | None = None,
                                 force: bool = False, password: str | None = None) -> None:
    """Log in as the administrator given (with ``password``, else libpq's files) and check that it may
    create login roles (and, unless ``force``, that ``name`` is no login of the server holding another
    role, or no desk role)."""
    from workbench.desk.connection import connect
    from workbench.desk.errors import DeskError

    with connect(url, password) as conn:
        may = conn.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").fetchone()
        user = conn.info.user
        if may and may[0] and name is not None and not force:
            from workbench.desk.roles import refuse_role_change

            refuse_role_change(conn, name, role)
    if not (may and may[0]):
        raise DeskError(f"无权添加用户 (not allowed to add users): {user} 不能建立登录角色 (cannot create login "
                        "roles); 请用数据库所有者或有 CREATEROLE 的管理员连接 (connect as the database owner or an "
                        "administrator with CREATEROLE)")


def _desk_join(args) -> int:
    from workbench.desk import sync as desk_sync
    from workbench.desk.config import remember_password, split_password

    clean, password = split_password(args.url)

    def confirm(plan) -> bool:
        print(plan.summary())
        if args.yes:
            return True
        if not sys.stdin.isatty():
            raise WorkbenchError("此数据文件已有数据：确认后用 --yes 再运行 (the store holds data: "
                                 "check the summary and run again with --yes)")
        return input("继续？(continue?) [y/N] ").strip().lower() in ("y", "yes")

    if password is None and sys.stdin.isatty() and not _joined(Path(args.db)):
        password = _ask_password(clean)  # (none anywhere: asked, as the app's dialog does)
    if password is not None:
        from workbench.desk.connection import joining

        with joining(not _joined(Path(args.db))):
            _login_check(clean, password)
        # kept as soon as the desk accepted the login: a join that fails later is completed by a sync
        print(f"密码已保存到 (password kept in) {remember_password(clean, password)}")
    new = not Path(args.db).exists()
    try:
        with _store(args, create=True) as store:
            result = desk_sync.join(store, args.url, confirm=confirm, keep_both=args.keep_both)
    except BaseException:
        if new:
            _remove_unjoined(Path(args.db))
        raise
    print(f"已加入团队库 (joined the desk) {clean}")
    print(result.summary())
    _print_notes(result)
    return 0


def _joined(path) -> bool:
    """Whether the store at ``path`` has joined a desk (a missing file has not)."""
    from workbench.store import Store, sync_state

    if not path.exists():
        return False
    with Store(path) as store:
        return bool(store.get_setting(sync_state.SETTING_URL))


def _remove_unjoined(path) -> None:
    """A join that made a new store file and failed before attaching it leaves no file behind (a
    store attached meanwhile stays: its next sync completes the join)."""
    from workbench.store import Store, sync_state

    if not path.exists():
        return
    with Store(path) as store:
        if store.get_setting(sync_state.SETTING_URL):
            return
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        path.with_name(name).unlink(missing_ok=True)


def _ask_password(url: str) -> str | None:
    """A first join on a terminal with no password anywhere (WORKBENCH_DESK_PASSWORD, the keyring,
    libpq's password or service file) asks for it; None when one is found (the join uses it)."""
    from workbench.desk.config import DeskConfig, password_for
    from workbench.desk.connection import NoPassword, joining

    if password_for(url) is not None:
        return None
    try:
        with joining():
            _login_check(url, None)  # libpq's own files
        return None
    except NoPassword:
        pass
    user = DeskConfig(url).user or "?"
    return getpass.getpass(f"{user} 的密码 (password of {user}): ") or None


def _login_check(url: str, password: str | None) -> None:
    """Log in to the desk once (refused: a clear DeskError, nothing kept)."""
    from workbench.desk import schema
    from workbench.desk.connection import connect

    with connect(url, password) as conn:
        schema.check_compatible(conn)


def _desk_status(args) -> int:
    from workbench.desk.sync import desk_status

    with _store(args) as store:
        s = desk_status(store)
    if not s["url"]:
        print("未加入团队库 (not joined to a desk): 仅本地 (local only)")
        return 0
    from workbench.domain.times import local_time

    print(f"团队库 (desk): {s['url']}")
    held = (f"; 暂缓推送 (held back): {s['held']}，见 (see) `workbench desk conflicts`" if s["held"] else "")
    print(f"待推送 (pending changes): {s['pending']}{held}; 未解决冲突 (open conflicts): {s['conflicts']}; "
          f"上次同步 (last sync): {local_time(s['last_sync']) or '从未 (never)'}")
    return 0


def _desk_conflicts(args) -> int:
    from workbench.store import sync_state

    with _store(args) as store:
        found = sync_state.described(store, open_only=not args.all)
        names = sync_state.Names(store, found)
        # an issue's text: each differing part on a line of its own, under the one before it
        parts = {c["id"]: (_part_lines(c, c["mine"], c["desk"] if c["desk"] is not None else c["theirs"], names),
                           _part_lines(c, c["desk"], c["mine"], names)) for c in found}
        weeks = {c["id"]: issue_week(store, c) for c in found}  # two issues of one headline read apart
    if not found:
        print("没有冲突 (no conflicts)")
        return 0
    for c in found:
        state = f" [已解决 settled: {c['resolution']}]" if c["resolution"] else ""
        kind = {"conflict": "冲突 conflict", "refused": "服务器拒绝 refused by the desk",
                "local": "本地拒绝 refused by this store"}.get(c["kind"], c["kind"])
        if sync_state.is_held(c):  # never sent: the desk would have it name someone it does not have
            kind = "暂缓推送 held back here"
        # the row by what the analyst knows it as (a company, a figure, a segment's name), never a uid
        week = weeks[c["id"]]
        print(f"#{c['id']} {c['tbl']} {c['what_text']}{' · ' + week if week else ''} ({kind}){state}")
        mine_lines, desk_lines = parts[c["id"]]
        _print_side("mine:  ", mine_lines or [c["mine_text"]], c["mine_who"])
        # the desk's value as this store last knew it from the desk (never this store's row), with
        # the desk user and time of that value; times in the local zone, one format
        _print_side("theirs:", desk_lines or [c["desk_text"]], c["desk_who"])
        if c["desk_moved"] and c["kind"] != "local" and not c["resolution"]:
            print(f"    冲突时 at the conflict: {c['theirs_text']}  ({c['theirs_who']}); 该值此后又被修改 (changed again since)")
        if c.get("message"):  # a row it names by uid named as this store knows it
            print(f"    原因 reason: {c['message_text']}")
    return 0


def issue_week(store, c: dict, lang: str = "both") -> str:
    """An issue conflict's issue by its number here and its week (第 2 期 · 12月30日–1月5日), for
    two issues of one headline (next week's copy keeps it) to read apart; empty for other rows.
    ``lang``: sync_state's BOTH (the command line's), ZH or EN (the app's)."""
    from datetime import date

    from workbench.store import sync_state

    if c["tbl"] != "issues":
        return ""
    image = c.get("theirs") or c.get("mine") or {}
    number = store.scalar("SELECT id FROM issues WHERE uid = ?", [c["key"]]) if store is not None else None
    try:
        start, end = (date.fromisoformat(str(image.get(k) or "")[:10]) for k in ("period_start", "period_end"))
    except ValueError:
        start = end = None
    zh, en = [], []
    if number is not None:
        zh.append(f"第 {number} 期")
        en.append(f"issue {number}")
    if start is not None:
        zh.append(f"{start.month}月{start.day}日–{end.month}月{end.day}日")
        month = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()  # (never the locale's names)
        en.append(f"{month[start.month - 1]} {start.day}–{month[end.month - 1]} {end.day}")
    if lang == sync_state.ZH:
        return " · ".join(zh)
    if lang == sync_state.EN:
        return " · ".join(en)
    return f"{' · '.join(zh)} ({', '.join(en)})" if zh else ""


def _part_lines(c: dict, image: dict | None, other: dict | None, names) -> list[str] | None:
    """An issue's side as one line per part that differs from the other side (市场回顾 market review:
    …〖下跌 1.1〗%…), when it shows more than one and any only in part; None otherwise (one line)."""
    from workbench.store import sync_state

    if c["tbl"] != "issues" or image is None or not isinstance(other, dict):
        return None
    fields = c["fields"] or sorted(sync_state.compared(c["tbl"], image))
    found = sync_state.side_parts(c["tbl"], image, fields, other=other, key=c["key"], names=names)
    if len(found) < 2 or all(p.full is None for p in found):
        return None
    return [f"{p.label}: {p.text}" for p in found]


def _print_side(head: str, lines: list[str], who: str) -> None:
    """One side of a conflict: its first line after the side's name, with who and when; the others
    under it."""
    print(f"    {head} {lines[0]}  ({who})")
    for line in lines[1:]:
        print(f"            {line}")


def _desk_resolve(args) -> int:
    from workbench.desk.sync import resolve

    with _store(args) as store:
        c = resolve(store, args.id, args.keep)
    tail = "下次同步推送 (pushed by the next sync)" if args.keep == "mine" else "保留团队库的值 (the desk's value stays)"
    print(f"冲突 #{c['id']} 已解决 (settled): {args.keep}; {tail}")
    return 0


def _desk_lease(args) -> int:
    from workbench.desk.leases import take_lease

    with _store(args) as store:
        lease = take_lease(store, args.issue, hours=args.hours)
    from workbench.domain.times import local_time

    if not lease.binding:  # nothing was taken: saying "you hold it" would promise protection nobody gives
        print(f"错误 error: 第 {lease.issue_id} 期在团队库上已送审，租约只对草稿有效，未取得租约 (issue "
              f"{lease.issue_id} is in review on the desk: leases bind drafts only; none was taken)", file=sys.stderr)
        return 1
    print(f"第 {lease.issue_id} 期由你编辑 (you hold issue {lease.issue_id}'s lease) 至 until "
          f"{local_time(lease.expires)}")
    return 0


def _desk_release(args) -> int:
    from workbench.desk.leases import release_lease

    with _store(args) as store:
        released = release_lease(store, args.issue)
    print("租约已释放 (lease released)" if released else "没有租约 (no lease was held)")
    return 0


def _cmd_sync(args) -> int:
    from workbench.desk.sync import sync

    with _store(args) as store:
        result = sync(store, dry_run=args.dry_run)
    print(result.summary())
    _print_notes(result)
    return 0


def check_before_final(store, issue_ref, *, accept: bool) -> tuple[list[str], str | None]:
    """Before ``status ID final`` on a joined store: ask the desk (briefly) whether it holds changes this
    store has not pulled to what the issue prints. Such changes stop the final (``DeskAhead``, exit 3)
    unless ``accept``; then they are returned, to be printed once the issue is frozen. A desk that
    cannot be reached lets the final go on, with a warning naming the last sync (printed here).
    Returns those lines and the note for the final's status-log entry (``DeskFreshness.log_note``)."""
    from workbench.desk.ahead import DeskAhead, issue_check

    found = issue_check(store, issue_ref)
    warning = found.warning()
    if warning:
        print(f"  ! 警告 WARN  [团队库 desk] {warning}", file=sys.stderr)
    if not found.behind:
        return [], found.log_note()
    if not accept:
        raise DeskAhead(store.issue(issue_ref).id, found)
    return ([f"团队库上有本机尚未拉取的修改，已按本机的值定稿 (the desk holds a change this store has not pulled; "
             f"frozen with this store's value): {line}" for line in found.lines()], found.log_note())


def refuse_if_leased(store, issue) -> None:
    """Before a command saves a draft of a joined store: refused (``DeskError``, nothing saved) while
    someone else holds its lease on the desk, as the app opens such a draft read-only. A desk that
    cannot be asked lets the save go on with a warning (offline work stays possible: the desk sends
    it back as a conflict copy if someone held the draft meanwhile)."""
    from workbench.store import sync_state

    if issue.status != "draft" or not store.get_setting(sync_state.SETTING_URL):
        return  # a lease binds drafts only, and only on a desk
    from workbench.desk.errors import DeskError
    from workbench.desk.leases import lease_of
    from workbench.domain.times import local_time

    try:
        held = lease_of(store, issue.id)
    except DeskError as exc:
        print(f"  ! 警告 WARN  [团队库 desk] 未能向团队库确认第 {issue.id} 期的租约，仍然保存 (could not ask the desk "
              f"who holds issue {issue.id}'s lease; saved anyway): {exc.message}", file=sys.stderr)
        return
    if held is not None and not held.mine:
        until = local_time(held.expires)
        raise DeskError(f"第 {issue.id} 期正由 {held.holder} 编辑（至 {until}），未保存 (issue {issue.id} is being "
                        f"edited by {held.holder} until {until}; not saved)")


def _print_notes(result) -> None:
    """What the sync noticed on the way (a copy re-identified, everything pulled again), one per line."""
    for note in result.notes:
        print(f"注意 (note): {note}")

