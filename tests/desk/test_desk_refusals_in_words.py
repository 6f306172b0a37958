"""The desk's refusal of a sync in words a user can act on, never PostgreSQL's raw text: a push under
a workstation id the desk holds as another user's names the workstation, its owner and how to go on
(`workbench desk reidentify`), and that way goes on. Against a real PostgreSQL desk."""

from __future__ import annotations

import psycopg
import pytest


from workbench.cli import main
from workbench.desk.errors import DeskError
from workbench.desk.sync import sync

T = "688608.SH"  # 恒玄科技 in the demo store


def _user_of(config) -> str:
    return config.url.split("//", 1)[1].split("@", 1)[0]


def test_a_push_under_another_users_workstation_id_is_refused_in_words(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    owner = _user_of(ca)
    with psycopg.connect(desk.super_url, autocommit=True) as su:  # the id is the administrator's on the desk
        su.execute("UPDATE desk.workstations SET by = %s WHERE ws = %s", [owner, ws])
    b.set_fact(T, "revenue", "2037E", 2.5e9)
    with pytest.raises(DeskError) as refused:
        sync(b, cb)
    text = str(refused.value)
    assert ws in text and owner in text, text
    assert "workbench desk reidentify" in text, text
    for raw in ("row-level security", "violates", "policy"):
        assert raw not in text, text
    # the store is unchanged by the refusal, and the way it names goes on: a new id, then the edit lands
    assert b.workstation_id() == ws
    b.close()
    capsys.readouterr()
    assert main(["desk", "reidentify", "--db", str(b.path)]) == 0
    from workbench.store import Store

    with Store(b.path) as again:
        assert again.workstation_id() != ws
        sync(again, cb)
    with psycopg.connect(desk.super_url) as su:
        value = su.execute("SELECT (data->>'value')::float8 FROM desk.current WHERE tbl = 'facts' AND key = %s",
                           [f"{T}|revenue|2037E"]).fetchone()
    assert value == (2.5e9,)
