"""A desk server that cannot be verified over TLS, as the join dialog and the status bar say it: the
core's words for it once (not again in the app's own words for the same reason), what to check, and
the driver's text only in the details. The driver's texts are the ones a real server gave
(tests/desk/test_desk_tls.py meets them against a TLS-only PostgreSQL)."""

from __future__ import annotations

import psycopg
import pytest

from workbench.desk import connection
from workbench.desk.errors import DeskOffline

LIBPQ = {
    "name": 'connection failed: connection to server at "127.0.0.1", port 5432 failed: server certificate for '
            '"localhost" (and 1 other name) does not match host name "127.0.0.1"',
    "authority": 'connection failed: connection to server at "127.0.0.1", port 5432 failed: SSL error: certificate '
                 'verify failed',
}


@pytest.mark.parametrize("case", sorted(LIBPQ))
def test_a_tls_refusal_is_said_once_with_what_to_check(qapp, monkeypatch, case):
    from ui.desk.words import split_message

    def refuse(*args, **kwargs):
        raise psycopg.OperationalError(LIBPQ[case])

    monkeypatch.setattr(connection._connection_class(psycopg), "connect", refuse)
    with pytest.raises(DeskOffline) as refused:
        with connection.connect("postgresql://li@127.0.0.1/desk?sslmode=verify-full", "pw"):
            pass
    words, detail = split_message(refused.value.message)
    assert words == "无法与团队服务器建立安全连接；请核对地址中的主机名与服务器证书上的一致，sslrootcert 指向管理员给的根证书"
    assert detail == LIBPQ[case]


def test_a_refused_connection_still_gets_the_apps_reason(qapp):
    from ui.desk.words import reason_words, split_message

    words, _ = split_message('无法连接团队服务器 (cannot reach the desk server): connection failed: connection to '
                             'server at "127.0.0.1", port 1 failed: Connection refused')
    assert words == f"无法连接团队服务器：{reason_words('refused')}"
