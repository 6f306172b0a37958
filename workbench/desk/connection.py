"""Connections to the desk server (psycopg 3, imported only here and only when used)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from workbench.desk.errors import FAILURE_WORDS, DeskError, DeskOffline, failure_kind

CONNECT_TIMEOUT = 10
# A server that accepts the connection and then stops answering must not hold a sync, a lease check
# or the app's exit for long. Two sets of limits: short ones for every connection (a sync with
# nothing to do, a small push or pull, a lease: statements of milliseconds), and long ones only
# around the work that legitimately takes long (``big_work``: a first join's pull, a push of a
# weekly import), with a wide margin over the biggest work measured (bench/RESULTS-desk.md: the
# slowest statement of a 100,000-fact push about 1 s, the push lock held 1.5 s, a 1,000,000-fact
# first join 8 s in all, read in chunks).
#: Longest a small statement may run on the server (seconds).
STATEMENT_TIMEOUT_S = 15
#: Longest a small statement waits for a lock another session holds (another push, an administrator's transaction).
LOCK_TIMEOUT_S = 15
#: The same limits for big work.
BIG_STATEMENT_TIMEOUT_S = 120
BIG_LOCK_TIMEOUT_S = 30
#: A transaction left open by a workstation that vanished is ended by the server after this long.
IDLE_IN_TRANSACTION_S = 300
#: TCP keepalives: a silent connection is probed after KEEPALIVE_IDLE_S, every KEEPALIVE_INTERVAL_S,
#: and given up after KEEPALIVE_COUNT unanswered probes (the LISTEN thread's idle connection too).
KEEPALIVE_IDLE_S = 15
KEEPALIVE_INTERVAL_S = 5
KEEPALIVE_COUNT = 3
#: Data sent and not acknowledged for this long (a server gone from the network) ends the connection.
TCP_USER_TIMEOUT_S = 30
#: The workstation's own limit on waiting for one answer, for a server whose limits never fire (a
#: stopped backend: its kernel still acknowledges packets). Beyond the statement and lock timeouts,
#: so the server's own cancellation comes first whenever it can.
ANSWER_TIMEOUT_S = max(STATEMENT_TIMEOUT_S, LOCK_TIMEOUT_S) + 5
#: The same for big work.
BIG_ANSWER_TIMEOUT_S = BIG_STATEMENT_TIMEOUT_S + 30
#: Rows moved by a push or a pull beyond which it is big work.
BIG_WORK_ROWS = 5_000
#: An administrator's upgrade or prune of a big desk may rewrite every row and wait for the syncs
#: of the moment: limits of its own (``admin_work``), still finite.
ADMIN_STATEMENT_TIMEOUT_S = 3600
ADMIN_LOCK_TIMEOUT_S = 300

_ADMIN = ContextVar("desk_admin_work", default=False)


@contextmanager
def admin_work() -> Iterator[None]:
    """Connections made inside run under the administrator's limits and messages (desk init, prune, user)."""
    token = _ADMIN.set(True)
    try:
        yield
    finally:
        _ADMIN.reset(token)


@contextmanager
def big_work(conn, big: bool = True) -> Iterator[None]:
    """Inside, the connection's statements run under the long limits (``big`` False: nothing
    changes); after, the short ones again. For the work that legitimately takes long: a first
    join's pull, a push or pull of many rows."""
    if not big or _ADMIN.get():  # (an administrator's limits are longer still)
        yield
        return
    _limits(conn, BIG_STATEMENT_TIMEOUT_S, BIG_LOCK_TIMEOUT_S)
    before = getattr(conn, "answer_timeout", None)
    conn.answer_timeout = BIG_ANSWER_TIMEOUT_S
    try:
        yield
    finally:
        conn.answer_timeout = before
        if not conn.closed and not getattr(conn, "no_answer", False):
            try:
                _limits(conn, STATEMENT_TIMEOUT_S, LOCK_TIMEOUT_S)
            except _psycopg().Error:  # (the connection failed: what failed it is what the caller sees)
                pass


def _limits(conn, statement: float, lock: float) -> None:
    conn.execute(f"SET statement_timeout = {int(statement * 1000)}; SET lock_timeout = {int(lock * 1000)}")


def _psycopg():
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the bundle and the venv carry it
        raise DeskError("缺少 psycopg (psycopg is not installed): pip install 'psycopg[binary]'") from None
    return psycopg


@contextmanager
def connect(url: str, password: str | None = None, *, autocommit: bool = True) -> Iterator:
    """A connection to the desk; an unreachable server or a refused login is a DeskError.

    Autocommit by default: every write is inside an explicit ``conn.transaction()``."""
    psycopg = _psycopg()
    kwargs = {"connect_timeout": CONNECT_TIMEOUT, "application_name": "workbench", "keepalives": 1,
              "keepalives_idle": KEEPALIVE_IDLE_S, "keepalives_interval": KEEPALIVE_INTERVAL_S,
              "keepalives_count": KEEPALIVE_COUNT, "tcp_user_timeout": TCP_USER_TIMEOUT_S * 1000}
    if password is not None:
        kwargs["password"] = password
    try:
        conn = _connection_class(psycopg).connect(url, autocommit=autocommit, **kwargs)
        _set_timeouts(conn)
    except psycopg.OperationalError as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "no password supplied" in text:
            raise NoPassword(_no_password(url)) from None
        if "password" in text or "authentication" in text or "role" in text:
            # libpq takes PGPASSWORD before the password file: where no password was given, it is the one refused
            raise LoginRefused(_user_of(url), text, first_join=_ADMIN.get(),
                               pgpassword=password is None and bool(os.environ.get("PGPASSWORD"))) from None
        if failure_kind(text) == "tls":  # reached, but not over a connection it could verify: what to check
            raise DeskOffline(f"{FAILURE_WORDS['tls'][0]} ({FAILURE_WORDS['tls'][1]}): {text}; 请核对地址中的主机名与服务器"
                              "证书上的一致，sslrootcert 指向管理员给的根证书 (check that the address names the host "
                              "the server's certificate is for, and that sslrootcert names the authority your "
                              "administrator gave you)") from None
        raise DeskOffline(f"无法连接团队服务器 (cannot reach the desk server): {text}") from None
    except psycopg.ProgrammingError as exc:
        raise DeskError(f"团队服务器地址无效 (invalid desk URL): {exc}") from None
    try:
        yield conn
    except (psycopg.errors.QueryCanceled, psycopg.errors.LockNotAvailable,
            psycopg.errors.IdleInTransactionSessionTimeout, _NoAnswer) as exc:
        raise DeskOffline(_timed_out(exc)) from None
    except psycopg.OperationalError as exc:
        if getattr(conn, "no_answer", False):  # a later error of the connection given up (a rollback)
            raise DeskOffline(_timed_out(exc)) from None
        raise
    finally:
        conn.close()


_NoAnswer = type("_NoAnswer", (Exception,), {})  # replaced by an OperationalError once psycopg is loaded
_classes: dict = {}


def _connection_class(psycopg):
    """psycopg's Connection whose every wait for the server has the workstation's own deadline
    (``ANSWER_TIMEOUT_S``); given up, the connection is closed (its state is unknown)."""
    if "connection" in _classes:
        return _classes["connection"]
    global _NoAnswer
    wait_timeout = getattr(psycopg.errors, "_WaitTimeout", None)  # psycopg 3.2 and later
    if wait_timeout is None:  # pragma: no cover - an older psycopg: the server's limits only
        _classes["connection"] = psycopg.Connection
        return psycopg.Connection

    class NoAnswer(psycopg.OperationalError):
        """The server did not answer within ANSWER_TIMEOUT_S."""

    class DeskConnection(psycopg.Connection):
        no_answer = False
        answer_timeout = None  # None: ANSWER_TIMEOUT_S (big_work sets BIG_ANSWER_TIMEOUT_S)

        def wait(self, gen, interval=0.1, timeout=None):
            limit = self.answer_timeout or ANSWER_TIMEOUT_S
            try:
                return super().wait(gen, interval=interval, timeout=limit if timeout is None else timeout)
            except wait_timeout:
                if timeout is not None:
                    raise  # the caller's own limit (a LISTEN poll): theirs to handle
                self.no_answer = True
                self.pgconn.finish()
                raise NoAnswer(f"no answer from the server in {limit} s") from None

    _NoAnswer = NoAnswer
    _classes["connection"] = DeskConnection
    return DeskConnection


class NoPassword(DeskError):
    """No password was found for the desk user: none given, none in WORKBENCH_DESK_PASSWORD, the
    keyring or libpq's files (a join on a terminal asks for it)."""


class LoginRefused(DeskError):
    """The desk server did not accept the login: a wrong password or user name (``user``), or a
    saved password the administrator changed since. ``first_join``: a login being set up (a first
    join, an administrator's command), where no password was saved that could have changed. The
    app words it from these fields in its own language; ``detail`` is the server's text.
    ``pgpassword``: the password refused was PGPASSWORD's, which libpq takes before the saved file."""

    def __init__(self, user: str | None, detail: str, first_join: bool = False, pgpassword: bool = False):
        self.user, self.detail, self.first_join, self.pgpassword = user, detail, first_join, pgpassword
        who = user or "?"
        text = (f"团队服务器拒绝登录：{who} 的密码或用户名不被接受 (the desk server refused the login: the password "
                f"or user name of {who} was not accepted): {detail}")
        if pgpassword:
            text += ("; 环境变量 PGPASSWORD 已设置，它优先于本机保存的密码文件，登录用的是它；请取消 PGPASSWORD 后再试 "
                     "(PGPASSWORD is set in the environment and overrides the saved password file: the login used "
                     "it; unset PGPASSWORD and try again)")
        if first_join:
            text += "; 请检查用户名和密码后再试 (check the user name and password and try again)"
        else:
            text += _NEW_PASSWORD
        super().__init__(text)

    def on_first_join(self) -> "LoginRefused":
        """The same refusal where the store is joining for the first time."""
        return LoginRefused(self.user, self.detail, first_join=True, pgpassword=self.pgpassword)


@contextmanager
def joining(first: bool = True) -> Iterator[None]:
    """A login refused inside, while a store joins for the first time (``first``), is worded so:
    no saved password can have changed."""
    try:
        yield
    except LoginRefused as exc:
        if not first or exc.first_join:
            raise
        raise exc.on_first_join() from None


def _user_of(url: str) -> str | None:
    try:
        from psycopg.conninfo import conninfo_to_dict

        return conninfo_to_dict(url).get("user")
    except Exception:  # an unparsable URL is refused elsewhere
        return None


#: How a workstation whose saved password no longer logs in (the administrator changed it) goes on.
# (the English gloss names the menus as the English app does; the Chinese UI keeps only the Chinese)
_NEW_PASSWORD = ("; 密码若已更改，请用新密码再加入一次 (if the password was changed, join again with the new "
                 "password): `workbench desk join URL --db PATH`; 在程序中用新密码重新连接 (in the app, connect again "
                 "with the new password: Desk Server → Switch User…, or File → Connect to the Desk Server…): "
                 "团队服务器 → 切换用户…，或 文件 → 连接团队服务器…")


def _no_password(url: str) -> str:
    """What to do when this workstation has no password for the desk user (never saved, or removed);
    for an administrator's command (desk init, user, prune), where to give the administrator's."""
    if _ADMIN.get():
        return (f"没有 {redact(url)} 的密码 (no password for {redact(url)}): 请在地址中给出 (give it in the URL: "
                "postgresql://USER:PASSWORD@HOST/DBNAME), 或用 libpq 的密码文件 (or in a libpq password file: "
                "PGPASSFILE, ~/.pgpass), 或设置 (or set) WORKBENCH_DESK_ADMIN_PASSWORD")
    return (f"本机没有保存 {redact(url)} 的密码 (no password is saved on this workstation for {redact(url)}): "
            "请用密码再加入一次：在终端上加入时会询问密码，或写在地址中，加入后存入系统钥匙串或 libpq 的密码文件，不存入数据"
            "文件 (join again with the password: a join run on a terminal asks for it, or give it in the URL, and the join "
            "keeps it in the OS keyring or libpq's password file, never in the store): "
            f"`workbench desk join {_with_password(url)} --db PATH`; 或设置环境变量 WORKBENCH_DESK_PASSWORD，"
            "每次加入和同步都读取它 (or set WORKBENCH_DESK_PASSWORD: each join and sync reads it); 或写入 libpq 的密码文件 "
            "(or put it in libpq's password file, PGPASSFILE, else ~/.pgpass, on Windows "
            "%APPDATA%\\postgresql\\pgpass.conf, a line HOST:PORT:DBNAME:USER:PASSWORD readable by its owner only); "
            "在程序中用密码连接 (in the app, connect with the password: File → Connect to the Desk Server…): "
            "文件 → 连接团队服务器…")


def _with_password(url: str) -> str:
    """The desk URL as a join command takes it with its password: postgresql://USER:PASSWORD@HOST…"""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(redact(url))
    if "@" in parts.netloc:
        user, host = parts.netloc.rsplit("@", 1)
        user = user.split(":", 1)[0]
    else:
        user, host = "USER", parts.netloc
    return urlunsplit(parts._replace(netloc=f"{user}:PASSWORD@{host}"))


def _set_timeouts(conn) -> None:
    """The session's limits, sent once after the login (a connection pooler may refuse them as
    startup options)."""
    admin = _ADMIN.get()
    statement = ADMIN_STATEMENT_TIMEOUT_S if admin else STATEMENT_TIMEOUT_S
    lock = ADMIN_LOCK_TIMEOUT_S if admin else LOCK_TIMEOUT_S
    if admin:
        conn.answer_timeout = max(BIG_ANSWER_TIMEOUT_S, ADMIN_STATEMENT_TIMEOUT_S + 30)
    conn.execute(f"SET statement_timeout = {int(statement * 1000)}; "
                 f"SET lock_timeout = {int(lock * 1000)}; "
                 f"SET idle_in_transaction_session_timeout = {int(IDLE_IN_TRANSACTION_S * 1000)}")
    if not conn.autocommit:
        conn.commit()


def _timed_out(exc) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return (f"团队服务器没有及时响应 (the desk server did not answer in time: it is busy, or another session "
            f"holds what this needs): {text}; 本地数据完好，稍后再试 (local data is intact; try again later)")


def redact(url: str) -> str:
    """The URL with any password replaced, for messages and settings."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
