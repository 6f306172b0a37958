"""TLS through the desk's URL, against a real PostgreSQL that takes TCP logins only over TLS (its
pg_hba.conf: ``hostssl`` for the loopback, every plain TCP connection rejected), its certificate
made for ``localhost`` by a throwaway authority (openssl).

A join with ``?sslmode=verify-full&sslrootcert=CA`` works and keeps the address with its TLS
options, so every later sync verifies the server too; the server itself says the session is
encrypted. A certificate for another host name, an authority the workstation was not given, and a
plain connection are each refused with the reason in words, and leave the store as it was."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from desk_testing import pg_bin

from workbench.desk import roles
from workbench.desk.config import DeskConfig
from workbench.desk.connection import connect
from workbench.desk.errors import DeskError, failure_kind
from workbench.desk.sync import join, sync
from workbench.store import Store, sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _openssl(*args: str, cwd: str) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _authority(folder: str, name: str) -> None:
    """A self-signed authority ``name``.crt / ``name``.key in ``folder``."""
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN=workbench test {name}",
             "-keyout", f"{name}.key", "-out", f"{name}.crt", cwd=folder)


def _server_certificate(folder: str) -> None:
    """server.crt / server.key for the name ``localhost`` only (no address), signed by ``ca``."""
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
             "-out", "server.csr", cwd=folder)
    Path(folder, "san.ext").write_text("subjectAltName = DNS:localhost\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
             "-days", "2", "-extfile", "san.ext", "-out", "server.crt", cwd=folder)


class TlsServer:
    def __init__(self, port: int, sockdir: str, certs: str):
        self.port, self.sockdir, self.certs = port, sockdir, certs

    def super_url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@/{dbname}?host={self.sockdir}&port={self.port}"

    def url(self, host: str, user: str, query: str) -> str:
        return f"postgresql://{user}@{host}:{self.port}/desk?{query}"


@pytest.fixture(scope="module")
def tls_server():
    """A cluster of its own for this module (the shared one takes plain TCP logins)."""
    binary = pg_bin()
    if binary is None:
        reason = "PostgreSQL NOT INSTALLED: the desk's TLS tests did not run (apt-get install postgresql)."
        if os.geteuid() == 0 and shutil.which("apt-get"):
            pytest.fail(reason)
        pytest.skip(reason)
    if shutil.which("openssl") is None:
        pytest.fail("openssl is not installed (scripts/setup.sh installs it as root): apt-get install openssl")
    base = tempfile.mkdtemp(prefix="workbench-pg-")  # (the desk tests' prefix: a killed run is cleaned up)
    Path(base, "owner.pid").write_text(str(os.getpid()))
    data, sockdir, certs = (os.path.join(base, d) for d in ("data", "sock", "certs"))
    os.makedirs(sockdir)
    os.makedirs(certs)
    _authority(certs, "ca")
    _authority(certs, "other")
    _server_certificate(certs)
    os.chmod(base, 0o755)
    os.chmod(certs, 0o755)
    for name in os.listdir(certs):
        os.chmod(os.path.join(certs, name), 0o644)
    os.chmod(os.path.join(certs, "server.key"), 0o600)  # (the server refuses a key others can read)
    if os.geteuid() == 0:
        for path in (base, sockdir, os.path.join(certs, "server.key"), os.path.join(certs, "server.crt")):
            shutil.chown(path, "postgres")
    subprocess.run(_as_postgres([str(binary / "initdb"), "-D", data, "-U", "postgres", "-E", "UTF8",
                                 "--locale=C.UTF-8", "--auth-local=trust"]), check=True, capture_output=True)
    hba = ("local all all trust\n"
           "hostssl all all 127.0.0.1/32 scram-sha-256\n"
           "hostnossl all all 0.0.0.0/0 reject\n")
    subprocess.run(_as_postgres(["sh", "-c", f"printf '%s' '{hba}' > {data}/pg_hba.conf"]), check=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    opts = (f"-p {port} -k {sockdir} -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on "
            f"-c ssl_cert_file={certs}/server.crt -c ssl_key_file={certs}/server.key")
    ctl = [str(binary / "pg_ctl"), "-D", data, "-o", opts, "-w", "-l", os.path.join(base, "log")]
    subprocess.run(_as_postgres([*ctl, "start"]), check=True, capture_output=True)
    server = TlsServer(port, sockdir, certs)
    try:
        with psycopg.connect(server.super_url(), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "desk"')
        roles.init_desk(server.super_url("desk"))
        yield server
    finally:
        try:
            subprocess.run(_as_postgres([*ctl, "stop", "-m", "immediate"]), capture_output=True)
        finally:
            shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def analyst(tls_server):
    name = f"tls_{os.urandom(4).hex()}"
    roles.add_user(tls_server.super_url("desk"), name, "analyst", "pw-" + name)
    return name, "pw-" + name


def _verified(tls_server, authority: str = "ca") -> str:
    return f"sslmode=verify-full&sslrootcert={tls_server.certs}/{authority}.crt"


def test_a_join_over_verified_tls_keeps_its_address_and_every_sync_goes_over_it(tls_server, analyst, demo_path,
                                                                                tmp_path):
    name, password = analyst
    url = tls_server.url("localhost", name, _verified(tls_server))
    with Store(tmp_path / "ws.sqlite") as store:
        result = join(store, url, password=password)
        assert result.pulled == 0 and not result.conflicts  # (an empty store, an empty desk)
        kept = store.get_setting(sync_state.SETTING_URL)
        assert "sslmode=verify-full" in kept and f"sslrootcert={tls_server.certs}/ca.crt" in kept
        store.upsert_companies([{"ticker": "688608.SH", "name": "恒玄科技"}])
        assert sync(store, DeskConfig(kept, password)).pushed == 1  # the address as kept: verified again
    with connect(kept, password) as conn:  # the server's own account of the session
        encrypted, version = conn.execute("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    assert encrypted and version.startswith("TLSv1.")
    with psycopg.connect(tls_server.super_url("desk")) as su:
        assert su.execute("SELECT count(*) FROM desk.current WHERE tbl = 'companies' AND key = '688608.SH'"
                          ).fetchone()[0] == 1


@pytest.mark.parametrize("host, authority, why", [
    ("127.0.0.1", "ca", "does not match host name"),  # a certificate for another name than the address
    ("localhost", "other", "certificate verify failed"),  # an authority the workstation does not trust
])
def test_a_server_that_cannot_be_verified_is_refused_and_the_store_is_unchanged(tls_server, analyst, tmp_path, host,
                                                                                authority, why):
    name, password = analyst
    path = tmp_path / "ws.sqlite"
    with Store(path) as store:
        store.upsert_companies([{"ticker": "688608.SH", "name": "恒玄科技"}])
        before = store.last_seq()
        with pytest.raises(DeskError) as refused:
            join(store, tls_server.url(host, name, _verified(tls_server, authority)), password=password)
        message = refused.value.message
        assert why in message and failure_kind(message) == "tls" and "cannot reach" not in message
        assert message.startswith("无法与团队服务器建立安全连接 (the secure connection to the desk server could not be set up)")
        assert "sslrootcert names the authority your administrator gave you" in message  # (what to check)
        assert store.get_setting(sync_state.SETTING_URL) is None and store.last_seq() == before
        ws = store.workstation_id()
    with psycopg.connect(tls_server.super_url("desk")) as su:  # nothing of this store reached the desk
        assert su.execute("SELECT count(*) FROM desk.changes WHERE ws = %s", [ws]).fetchone()[0] == 0


def test_a_plain_connection_is_turned_away_by_a_tls_only_desk(tls_server, analyst, tmp_path):
    name, password = analyst
    with Store(tmp_path / "ws.sqlite") as store:
        with pytest.raises(DeskError) as refused:
            join(store, tls_server.url("localhost", name, "sslmode=disable"), password=password)
        assert failure_kind(refused.value.message) == "hba"
        assert store.get_setting(sync_state.SETTING_URL) is None
