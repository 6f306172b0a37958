"""A throwaway PostgreSQL cluster for the desk tests: Debian's postgresql package, started once per
session on a free loopback port, as the ``postgres`` user when the tests run as root (initdb
refuses root), and stopped at the end. Each test gets its own fresh database.

Password logins over TCP (scram-sha-256) and trust on the private socket for the superuser, so
the tests can prove both that roles log in with their passwords and what each role may do.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

SUPERUSER = "postgres"


def _pg_bin() -> Path | None:
    from desk_testing import pg_bin  # one home, importable by the tests (a conftest is not)

    return pg_bin()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A running throwaway cluster: URLs for its superuser and for fresh databases."""

    def __init__(self, port: int, sockdir: str):
        self.port = port
        self.sockdir = sockdir
        self._n = 0

    def super_url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.sockdir}&port={self.port}"

    def tcp_url(self, dbname: str, user: str, password: str | None = None) -> str:
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        import psycopg

        self._n += 1
        name = f"desk_{self._n}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(self.super_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drop a test's database once it is done (its files would otherwise pile up to gigabytes by
        the session's end, and removing them then takes many seconds). Best effort: a database still
        held (a server stopped or a backend frozen by its test) stays for the session's clean-up."""
        import psycopg

        try:
            with psycopg.connect(self.super_url(), autocommit=True, connect_timeout=5) as conn:
                conn.execute("SET statement_timeout = '10s'")
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg.Error:
            pass

    def restart(self) -> None:
        """Stop and start the server (fast shutdown: open connections are cut)."""
        _pg_ctl(self, "restart", "-m", "fast")


_state: dict = {}


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _pg_ctl(cluster: Cluster, action: str, *extra: str) -> None:
    opts = f"-p {cluster.port} -k {cluster.sockdir} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_postgres([str(_state["bin"] / "pg_ctl"), "-D", _state["data"], "-o", opts,
                                 "-w", "-l", _state["log"], action, *extra]),
                   check=True, capture_output=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_stale(pg_bin: Path) -> None:
    """Stop and remove clusters left by test sessions that were killed before their teardown
    (each cluster folder names the pytest process that owns it)."""
    for base in glob.glob(os.path.join(tempfile.gettempdir(), "workbench-pg-*")):
        try:
            owner = int(Path(base, "owner.pid").read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        data = os.path.join(base, "data")
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            subprocess.run(_as_postgres([str(pg_bin / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]),
                           capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's PostgreSQL cluster (skipped, loudly, only where PostgreSQL is not installed
    and cannot be: not root; as root on Debian the tests must run and fail if they cannot)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.fail("psycopg is not installed: pip install -e '.[test]'")
    pg_bin = _pg_bin()
    if pg_bin is None:
        reason = ("PostgreSQL NOT INSTALLED: the desk server tests did not run. "
                  "Install it with `apt-get install postgresql` (scripts/setup.sh does as root).")
        if os.geteuid() == 0 and shutil.which("apt-get"):
            pytest.fail(reason)
        pytest.skip(reason)
    _clean_stale(pg_bin)
    base = tempfile.mkdtemp(prefix="workbench-pg-")
    Path(base, "owner.pid").write_text(str(os.getpid()))
    data, sockdir = os.path.join(base, "data"), os.path.join(base, "sock")
    os.makedirs(sockdir)
    os.chmod(base, 0o755)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockdir, "postgres")
    _state.update(bin=pg_bin, data=data, log=os.path.join(base, "server.log"))
    subprocess.run(_as_postgres([str(pg_bin / "initdb"), "-D", data, "-U", SUPERUSER, "-E", "UTF8",
                                 "--locale=C.UTF-8", "--auth-local=trust",
                                 "--auth-host=scram-sha-256"]),
                   check=True, capture_output=True)
    cluster = Cluster(_free_port(), sockdir)
    _pg_ctl(cluster, "start")
    try:
        yield cluster
    finally:
        try:
            _pg_ctl(cluster, "stop", "-m", "immediate")
        finally:
            shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def desk_db(pg_cluster):
    """A fresh, empty database in the session's cluster; its superuser URL (dropped afterwards)."""
    name = pg_cluster.new_database()
    yield pg_cluster.super_url(name)
    pg_cluster.drop_database(name)


@pytest.fixture
def pair(pg_cluster, desk_db, demo_path, tmp_path):
    """Two workstations on one desk holding the demo store: an admin's and an analyst's.

    Yields ``(desk, (store_a, admin), (store_b, analyst))``.
    """
    yield from _two_workstations(pg_cluster, desk_db, demo_path, tmp_path, "analyst")


@pytest.fixture
def editor_and_supervisor(pg_cluster, desk_db, demo_path, tmp_path):
    """The demo on a desk: the editor's workstation (an administrator's, which pushed it) and the
    supervisor's (an editor's), as a correction travels between them.

    Yields ``(desk, (store_a, admin), (store_b, editor))``.
    """
    yield from _two_workstations(pg_cluster, desk_db, demo_path, tmp_path, "editor")


def _two_workstations(pg_cluster, desk_db, demo_path, tmp_path, role: str):
    """The demo store joined by an administrator (pushing it), and an empty store joined by a user
    of ``role``: ``(desk, (store_a, admin), (store_b, user))``; both stores closed afterwards."""
    from desk_testing import Desk

    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    a = desk.join(demo_path, admin)
    user = desk.user(role)
    b = desk.join(tmp_path / "b.sqlite", user)
    yield desk, (a, admin), (b, user)
    a.close()
    b.close()


@pytest.fixture
def private_password_file(tmp_path, monkeypatch):
    """libpq's password file in the test's folder; no password from the environment or a keyring
    (a module asks for it on every test with ``pytestmark = pytest.mark.usefixtures(...)``)."""
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    monkeypatch.delenv("WORKBENCH_DESK_PASSWORD", raising=False)
    monkeypatch.setattr("workbench.desk.config._keyring", lambda: None)
    return tmp_path / "pgpass"
