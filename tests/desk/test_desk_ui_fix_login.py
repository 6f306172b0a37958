"""A password (or user name) the desk does not accept says so: on a first join, to check them and join
again (never that the password "was changed"); for a joined store whose saved password stopped
working, to join again with the new one. The refusal is structured (LoginRefused: user, first join
or not) so the app words it in its own language. Against a real PostgreSQL desk."""

from __future__ import annotations

import pytest

from desk_testing import Desk

from workbench.cli import main
from workbench.desk.connection import LoginRefused
from workbench.desk.errors import DeskError
from workbench.desk.sync import join, sync
from workbench.desk.config import DeskConfig
from workbench.store import Store

pytestmark = pytest.mark.usefixtures("private_password_file")


@pytest.fixture
def desk(pg_cluster, desk_db):
    return Desk(pg_cluster, desk_db)


def test_a_wrong_password_on_a_first_join_says_it_was_not_accepted(desk, tmp_path, capsys):
    li = desk.user("analyst")
    wrong = li.url.replace(f"{li.user}@", f"{li.user}:wrong@")
    assert main(["desk", "join", wrong, "--db", str(tmp_path / "new.sqlite")]) == 1
    err = capsys.readouterr().err
    assert f"{li.user} 的密码或用户名不被接受" in err and "was not accepted" in err
    assert "已更改" not in err and "was changed" not in err and "Traceback" not in err
    assert not (tmp_path / "new.sqlite").exists()
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(LoginRefused) as refused:
            join(store, li.url, password="wrong")
    assert refused.value.user == li.user and refused.value.first_join
    assert "was changed" not in refused.value.message


def test_a_saved_password_that_stopped_working_says_join_again_with_the_new_one(desk, tmp_path):
    li = desk.user("analyst")
    store = desk.join(tmp_path / "li.sqlite", li)
    with pytest.raises(LoginRefused) as refused:
        sync(store, DeskConfig(li.url, "changed-by-the-admin"))
    assert not refused.value.first_join and isinstance(refused.value, DeskError)
    assert "was not accepted" in refused.value.message and "join again with the new password" in refused.value.message
    store.close()
