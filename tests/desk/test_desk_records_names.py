"""With a desk joined, the names a store records are the desk user's: a status change's ``by`` and a
note's author (a local name given is kept beside it, never instead of it); without a desk nothing
changes. The join keeps the password as soon as the desk accepted the login."""

from __future__ import annotations

import pytest

from desk_testing import Desk  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk import roles  # noqa: E402
from workbench.desk.errors import DeskError  # noqa: E402
from workbench.store import Store  # noqa: E402


@pytest.fixture
def joined(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    wang = desk.user("analyst")
    path = tmp_path / "wang.sqlite"
    desk.join(path, wang).close()
    return path, wang


def _last_log_by(path):
    with Store(path) as s:
        return s.issue_log(s.issue("latest").id)[-1]["by"]


def test_a_status_change_is_recorded_under_the_desk_user(joined, monkeypatch):
    path, wang = joined
    monkeypatch.setenv("USER", "zhang")
    assert main(["status", "latest", "review", "--db", str(path)]) == 0
    assert _last_log_by(path) == wang.user  # not $USER
    assert main(["status", "latest", "draft", "--db", str(path), "--by", "r4boss"]) == 0
    assert _last_log_by(path) == f"{wang.user} (r4boss)"  # the name given beside, never instead


def test_a_note_is_written_by_the_desk_user(joined, monkeypatch):
    path, wang = joined
    monkeypatch.setenv("USER", "zhang")
    assert main(["note", "add", "--text", "小米万卡集群", "--db", str(path)]) == 0
    assert main(["note", "add", "--text", "冒名", "--author", "zhang", "--db", str(path)]) == 0
    with Store(path) as s:
        authors = {n["text"]: n["author"] for n in s.notes()}
    assert authors["小米万卡集群"] == wang.user
    assert authors["冒名"] == f"{wang.user} (zhang)"


def test_without_a_desk_the_names_given_are_recorded(demo_path, monkeypatch):
    monkeypatch.setenv("USER", "zhang")
    assert main(["status", "latest", "review", "--db", str(demo_path), "--by", "lisi"]) == 0
    assert _last_log_by(demo_path) == "lisi"
    assert main(["status", "latest", "draft", "--db", str(demo_path)]) == 0
    assert _last_log_by(demo_path) == "zhang"
    with Store(demo_path) as s:
        assert roles.recorded_name(s, None, "analyst") == "analyst"


def test_join_keeps_the_password_once_the_desk_accepted_the_login(pg_cluster, desk_db, demo_path, tmp_path,
                                                                   monkeypatch, capsys):
    """QA: a join that failed after logging in left the store joined but its password unsaved."""
    from desk_testing import dbname

    pgpass = tmp_path / "home" / ".pgpass"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.delenv("WORKBENCH_DESK_PASSWORD", raising=False)
    monkeypatch.setattr("workbench.desk.config._keyring", lambda: None)
    desk = Desk(pg_cluster, desk_db)
    desk.user("analyst", name="li_join")

    def broken(*a, **kw):
        raise DeskError("团队服务器拒绝了同步 (the desk refused the sync): test")

    monkeypatch.setattr("workbench.desk.sync.sync", broken)
    url = pg_cluster.tcp_url(dbname(desk_db), "li_join", "pw-li_join")
    assert main(["desk", "join", url, "--db", str(tmp_path / "li.sqlite"), "--yes"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert "pw-li_join" in pgpass.read_text()
