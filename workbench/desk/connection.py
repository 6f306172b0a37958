"""Connections to the desk server (psycopg 3, imported only here and only when used)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from workbench.desk.errors import DeskError, DeskOffline

CONNECT_TIMEOUT = 10


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
    kwargs = {"connect_timeout": CONNECT_TIMEOUT, "application_name": "workbench"}
    if password is not None:
        kwargs["password"] = password
    try:
        conn = psycopg.connect(url, autocommit=autocommit, **kwargs)
    except psycopg.OperationalError as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "password" in text or "authentication" in text or "role" in text:
            raise DeskError(f"团队服务器拒绝登录 (the desk server refused the login): {text}") from None
        raise DeskOffline(f"无法连接团队服务器 (cannot reach the desk server): {text}") from None
    except psycopg.ProgrammingError as exc:
        raise DeskError(f"团队服务器地址无效 (invalid desk URL): {exc}") from None
    try:
        yield conn
    finally:
        conn.close()


def redact(url: str) -> str:
    """The URL with any password replaced, for messages and settings."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
