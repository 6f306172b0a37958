"""Which desk a store belongs to, and where its password lives (never in the store or settings).

The store keeps the desk URL with any password taken out. The password comes, in this order,
from ``WORKBENCH_DESK_PASSWORD``, the OS keyring (the ``keyring`` library, where one is installed
with a working backend), or libpq itself: its password file (``~/.pgpass``, on Windows
``%APPDATA%\\postgresql\\pgpass.conf``, or ``PGPASSFILE``; owner-only permissions) or a service
file. TLS is the URL's business: ``?sslmode=verify-full&sslrootcert=...``.

``desk user add`` reads ``WORKBENCH_DESK_PASSWORD`` as the new user's password; the administrator it
logs in as takes its own from the URL, ``WORKBENCH_DESK_ADMIN_PASSWORD``, the keyring or libpq's files
(``admin_password_for``), never from the new user's.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from workbench.desk.errors import DeskError
from workbench.store import sync_state

KEYRING_SERVICE = "analyst-workbench-desk"
PASSWORD_ENV = "WORKBENCH_DESK_PASSWORD"
ADMIN_PASSWORD_ENV = "WORKBENCH_DESK_ADMIN_PASSWORD"


@dataclass
class DeskConfig:
    """A desk to sync with: its URL (no password in it) and the password to use, if known."""

    url: str
    password: str | None = None

    @property
    def user(self) -> str | None:
        return _parts(self.url)["user"]


def split_password(url: str) -> tuple[str, str | None]:
    """The URL without its password, and the password (None when it carries none)."""
    if not url.startswith(("postgresql://", "postgres://")):
        raise DeskError(f"团队服务器地址应以 postgresql:// 开头 (the desk URL must start with postgresql://): {url}")
    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    host = parts.netloc.rsplit("@", 1)[1]
    netloc = f"{parts.username}@{host}" if parts.username else host
    return urlunsplit(parts._replace(netloc=netloc)), unquote(parts.password)


def _parts(url: str) -> dict:
    # the package first, whole: a submodule imported first (in the window thread, while a worker
    # imports psycopg for a sync) takes its import lock before the package's and deadlocks with it
    import importlib

    importlib.import_module("psycopg")
    from psycopg.conninfo import conninfo_to_dict

    try:
        info = conninfo_to_dict(url)
    except Exception as exc:
        raise DeskError(f"团队服务器地址无效 (invalid desk URL): {exc}") from None
    return {"user": info.get("user"), "host": info.get("host") or "localhost",
            "port": str(info.get("port") or 5432), "dbname": info.get("dbname") or info.get("user") or "*"}


def load(store) -> DeskConfig | None:
    """The desk this store is joined to (None: no desk, the store is local only)."""
    url = store.get_setting(sync_state.SETTING_URL)
    if not url:
        return None
    return DeskConfig(url, password_for(url))


def save(store, url: str) -> None:
    clean, password = split_password(url)
    if password is not None:
        raise DeskError("密码不能保存在设置中 (a password is never kept in the settings)")
    sync_state.set_settings(store, {sync_state.SETTING_URL: clean})


# ---------------------------------------------------------------- passwords
def password_for(url: str) -> str | None:
    """The password to log in with, or None to let libpq find it (password or service file)."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return _kept_password(url)


def admin_password_for(url: str) -> str | None:
    """The administrator's password where ``WORKBENCH_DESK_PASSWORD`` is another's (the new user's in
    ``desk user add``): ``WORKBENCH_DESK_ADMIN_PASSWORD``, the keyring, or None (libpq's own files)."""
    if os.environ.get(ADMIN_PASSWORD_ENV):
        return os.environ[ADMIN_PASSWORD_ENV]
    return _kept_password(url)


def _kept_password(url: str) -> str | None:
    ring = _keyring()
    if ring is not None:
        try:
            return ring.get_password(KEYRING_SERVICE, url)
        except Exception:  # a locked or broken keyring: fall back to libpq's own files
            return None
    return None


def remember_password(url: str, password: str) -> str:
    """Keep the password for later syncs; returns where (for the user): keyring or password file."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(KEYRING_SERVICE, url, password)
            return "系统钥匙串 (the OS keyring)"
        except Exception:
            pass
    path = write_pgpass(url, password)
    return f"密码文件 (password file) {path}"


def _keyring():
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def pgpass_path() -> Path:
    """Where libpq looks for its password file: ``PGPASSFILE``, else ``%APPDATA%\\postgresql\\pgpass.conf``
    on Windows (the roaming application data folder), else ``~/.pgpass``."""
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming"
        return Path(appdata) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def write_pgpass(url: str, password: str) -> Path:
    """Add or replace this desk's line in libpq's password file, readable by its owner only."""
    p = _parts(url)
    host = p["host"]
    if host.startswith("/"):
        host = "localhost"  # libpq matches a Unix socket as localhost
    prefix = ":".join(_escape(x) for x in (host, p["port"], p["dbname"], p["user"] or "*")) + ":"
    path = pgpass_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    lines = [line for line in lines if not line.startswith(prefix)] + [prefix + _escape(password)]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
    return path
