"""The desk's messages say what to do: `desk init` without a password asks for the administrator's
(never `desk join`); a sync whose login is refused after a password change says to join again with
the new password. Against a real PostgreSQL cluster."""

from __future__ import annotations

import pytest

from desk_testing import dbname

from workbench.cli import main
from workbench.desk import roles
from workbench.desk.errors import DeskError
from workbench.desk.sync import sync

pytestmark = pytest.mark.usefixtures("private_password_file")  # no saved password, no keyring


def test_desk_init_without_a_password_asks_for_the_administrators(pg_cluster, desk_db, capsys):
    url = pg_cluster.tcp_url(dbname(desk_db), "postgres")  # over TCP a password is needed, and none is saved
    capsys.readouterr()
    assert main(["desk", "init", url]) == 1
    err = capsys.readouterr().err
    assert "desk join" not in err and "Traceback" not in err
    assert "PASSWORD@" in err  # where to give it


def test_a_sync_refused_after_a_password_change_says_how_to_fix_it(pair):
    desk, (a, ca), (b, cb) = pair
    user = cb.url.split("//", 1)[1].split("@", 1)[0]
    roles.add_user(desk.super_url, user, "analyst", "a-new-password")  # the administrator changes it
    with pytest.raises(DeskError) as raised:
        sync(b, cb)  # still with the old one
    message = str(raised.value)
    assert "refused the login" in message
    assert "desk join" in message and "切换用户" in message and "连接团队服务器" in message
