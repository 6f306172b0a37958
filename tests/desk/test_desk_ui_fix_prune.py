"""``desk prune`` as the README shows it: the role that owns the desk (ran ``desk init`` and adds the
users) is no desk administrator; prune is an administrator's job, so its refusal says so, names the
owner as such and says how to prune (as a user with the admin role), which does prune. Against a real
PostgreSQL desk made by a non-superuser owner, as README's set-up makes it."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from desk_testing import dbname

from workbench.cli import main
from workbench.desk import roles

pytestmark = pytest.mark.usefixtures("private_password_file")


@pytest.fixture
def owned_desk(pg_cluster):
    """A desk in a database owned by a login with CREATEROLE (no superuser), set up by that login."""
    owner = f"owner_{uuid.uuid4().hex[:8]}"
    name = f"desk_owned_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(pg_cluster.super_url(), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD 'ownerpw'")
        conn.execute(f'CREATE DATABASE "{name}" OWNER {owner}')
    url = pg_cluster.tcp_url(name, owner)
    roles.init_desk(url, "ownerpw")
    return url, owner


def test_the_owner_is_told_prune_needs_an_admin_user_and_an_admin_prunes(owned_desk, monkeypatch, capsys):
    url, owner = owned_desk
    monkeypatch.setenv("WORKBENCH_DESK_ADMIN_PASSWORD", "ownerpw")
    assert main(["desk", "prune", "--url", url]) == 1
    err = capsys.readouterr().err
    assert f"{owner} 是团队库的所有者" in err and "owns the desk" in err
    assert "--role admin" in err and "Traceback" not in err
    # what the message says to do works: the owner adds an admin user, who prunes
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", "bosspw")
    boss = f"boss_{uuid.uuid4().hex[:6]}"
    assert main(["desk", "user", "add", boss, "--role", "admin", "--url", url]) == 0
    boss_url = url.replace(f"{owner}@", f"{boss}@")
    assert dbname(boss_url) == dbname(url)
    monkeypatch.setenv("WORKBENCH_DESK_ADMIN_PASSWORD", "bosspw")
    capsys.readouterr()
    assert main(["desk", "prune", "--url", boss_url]) == 0
    assert "已清理 (pruned)" in capsys.readouterr().out


def test_an_analyst_is_refused_as_no_administrator(owned_desk, monkeypatch, capsys):
    url, owner = owned_desk
    roles.add_user(url, "analyst_" + owner[6:], "analyst", "apw", password="ownerpw")
    monkeypatch.setenv("WORKBENCH_DESK_ADMIN_PASSWORD", "apw")
    assert main(["desk", "prune", "--url", url.replace(f"{owner}@", f"analyst_{owner[6:]}@")]) == 1
    err = capsys.readouterr().err
    assert "不是管理员 (is not one)" in err and "所有者" not in err
