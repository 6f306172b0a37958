"""Errors of the desk: a clear message for the user, never a traceback."""

from __future__ import annotations

from workbench.errors import WorkbenchError


class DeskError(WorkbenchError):
    """The desk server refused, could not be reached, or is not set up for this workbench."""


class DeskOffline(DeskError):
    """The desk server cannot be reached now; local work continues and syncs later."""


# ---------------------------------------------------------------- why the desk could not be reached
#: What a driver's or server's text for a failed connection means, by the words it holds (never its
#: own text, which names hosts and ports in English): the first kind that matches says it. The
#: final's offline warning words it with ``FAILURE_WORDS``; the app in its own translated words.
_FAILURES = (
    ("no_password", ("no password supplied",)),
    ("hba", ("pg_hba.conf",)),
    ("login", ("password authentication", "authentication failed", "role \"")),
    ("refused", ("connection refused", "could not connect")),
    ("host", ("resolve host", "name or service not known", "could not translate host name", "nodename nor servname",
              "getaddrinfo")),
    ("permission", ("permission denied",)),  # (before the database: "permission denied for database …")
    ("database", ("database \"",)),
    ("timeout", ("timeout", "timed out", "canceling statement")),
    ("tls", ("ssl", "certificate")),
)
#: Each kind in words (Chinese, English).
FAILURE_WORDS = {
    "no_password": ("本机没有保存团队库用户的密码", "no password is saved on this workstation for the desk user"),
    "hba": ("团队服务器不接受本工作站的连接", "the desk server does not accept connections from this workstation"),
    "login": ("团队服务器拒绝登录，用户名或密码不被接受",
              "the desk server refused the login: the user name or password was not accepted"),
    "refused": ("无法连接团队服务器，服务器未运行或地址、端口有误",
                "cannot reach the desk server: it is not running, or the address or port is wrong"),
    "host": ("无法连接团队服务器，找不到服务器的地址", "cannot reach the desk server: its name cannot be found"),
    "database": ("服务器上没有该团队库", "there is no such desk database on the server"),
    "timeout": ("团队服务器没有及时响应", "the desk server did not answer in time"),
    "tls": ("无法与团队服务器建立安全连接", "the secure connection to the desk server could not be set up"),
    "permission": ("团队服务器拒绝了查询", "the desk server refused the question"),
}
UNKNOWN_FAILURE = ("无法使用团队服务器", "the desk server could not be used")


def failure_kind(detail: str | None) -> str | None:
    """What a driver's text for a failed connection means (a key of ``FAILURE_WORDS``), None when not known."""
    low = (detail or "").lower()
    for kind, needles in _FAILURES:
        if any(n in low for n in needles):
            return kind
    return None


def failure_words(detail: str | None) -> tuple[str, str]:
    """Why the desk could not be used, in words (Chinese, English), from the driver's text."""
    return FAILURE_WORDS.get(failure_kind(detail), UNKNOWN_FAILURE)
