"""A workstation id is its desk user's from the join on: the join's first sync claims it on the desk
(``desk.workstations``), even for a store that joins empty and pushes nothing, so no other desk user
can write under a fresh station's id before its first push. Against a real PostgreSQL desk."""

from __future__ import annotations

import json
import uuid

import pytest

import psycopg

from desk_testing import server_tables

from workbench.desk.sync import sync

T = "688608.SH"  # 恒玄科技 in the demo store


def _owner(super_url, ws):
    with psycopg.connect(super_url) as su:
        return su.execute("SELECT by FROM desk.workstations WHERE ws = %s", [ws]).fetchone()


def test_an_empty_store_s_workstation_is_its_user_s_from_the_join(pair):
    desk, (a, ca), (b, cb) = pair  # b joined empty: it pulled everything and pushed nothing
    ws = b.workstation_id()
    assert _owner(desk.super_url, ws) == (cb.user,)
    # another desk user (the administrator, with psql) cannot write under it in between
    key = f"{T}|revenue|2036E"
    with psycopg.connect(ca.url, password=ca.password, autocommit=True) as other:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=ws):
            other.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, %s, %s, %s)",
                          [key, json.dumps({"value": 1.0e9}), ws, uuid.uuid4().int % 10**6 + 1])
    assert _owner(desk.super_url, ws) == (cb.user,)
    # and the station's own first push goes under it, as its user's
    b.set_fact(T, "revenue", "2036E", 2.0e9)
    assert sync(b, cb).pushed == 1
    assert server_tables(desk.super_url)["facts"][key]["value"] == 2.0e9
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT array_agg(DISTINCT by) FROM desk.changes WHERE ws = %s", [ws]).fetchone() == \
            ([cb.user],)

