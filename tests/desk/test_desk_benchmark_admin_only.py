"""The benchmark index is the house's (the 跑赢/跑输 verdict, the cover chart, the rating
definitions' 基准指数), shared by every workstation: only a desk administrator changes it.

- An analyst's (or editor's) `workbench benchmark X` on a joined store is refused at once, naming the
  role; the store is unchanged.
- PostgreSQL itself refuses it: a direct UPDATE of an index row that moves its benchmark flag is
  refused under the analyst and editor roles and accepted under the admin role; an analyst's change
  of another field of an index (its English name) is accepted.
- A flag moved on an analyst's store some other way comes back as a refused conflict naming the rule,
  and every other workstation keeps the house's benchmark.

Against the real PostgreSQL the tests start; the truth is the desk's rows read with psycopg."""

from __future__ import annotations

import psycopg
import pytest

from desk_testing import Desk, dbname

from workbench.cli import main
from workbench.desk.sync import sync


_SEQ = iter(range(10 ** 9, 10 ** 9 + 100))  # (direct writes name a workstation and a seq no push used)


def _flags(super_url) -> dict[str, bool]:
    with psycopg.connect(super_url) as conn:
        return {name: flag for name, flag in conn.execute(
            "SELECT data->>'name', coalesce(data->>'is_benchmark', '0') NOT IN ('0', 'false') "
            "FROM desk.rows WHERE tbl = 'indices' AND data IS NOT NULL")}


@pytest.fixture
def desk_of_three(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    analyst = desk.user("analyst")
    an = desk.join(tmp_path / "an.sqlite", analyst)
    yield desk, admin, (an, analyst)
    an.close()


def test_an_analyst_may_not_set_the_benchmark_from_the_command_line(desk_of_three, capsys, monkeypatch):
    desk, admin, (an, analyst) = desk_of_three
    before = an.benchmark()["name"]
    assert before == "沪深300"
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", analyst.password)
    capsys.readouterr()
    assert main(["benchmark", "000001.SH", "--db", str(an.path)]) == 1
    err = capsys.readouterr().err
    assert "管理员" in err and "analyst" in err and "Traceback" not in err
    assert an.benchmark()["name"] == before


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_the_desk_refuses_a_moved_benchmark_flag_to_every_role_but_admin(desk_of_three, pg_cluster, role):
    desk, admin, _ = desk_of_three
    user = desk.user(role)
    url = pg_cluster.tcp_url(dbname(desk.super_url), user.user)
    flags = _flags(desk.super_url)
    bench = next(n for n, f in flags.items() if f)
    other = next(n for n, f in flags.items() if not f)
    for name, value in ((bench, "0"), (other, "1")):
        with psycopg.connect(url, password=user.password) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE desk.rows SET data = jsonb_set(data, '{is_benchmark}', %s::jsonb), "
                             "ws = 'ws-sql', seq = %s WHERE tbl = 'indices' AND data->>'name' = %s",
                             [value, next(_SEQ), name])
    with psycopg.connect(url, password=user.password) as conn:  # another field of an index: every role may
        cur = conn.execute("UPDATE desk.rows SET data = jsonb_set(data, '{name_en}', '\"Renamed\"'), "
                           "ws = 'ws-sql', seq = %s WHERE tbl = 'indices' AND data->>'name' = %s", [next(_SEQ), bench])
        assert cur.rowcount == 1
        conn.rollback()
    admin_url = pg_cluster.tcp_url(dbname(desk.super_url), admin.user)
    with psycopg.connect(admin_url, password=admin.password) as conn:
        cur = conn.execute("UPDATE desk.rows SET data = jsonb_set(data, '{is_benchmark}', '0'::jsonb), "
                           "ws = 'ws-sql', seq = %s WHERE tbl = 'indices' AND data->>'name' = %s", [next(_SEQ), bench])
        assert cur.rowcount == 1
        conn.rollback()
    assert _flags(desk.super_url) == flags


def test_a_flag_moved_on_an_analysts_store_comes_back_refused(desk_of_three, capsys, monkeypatch):
    desk, admin, (an, analyst) = desk_of_three
    flags = _flags(desk.super_url)
    other = next(i for i in an.indices() if not i["is_benchmark"] and i["code"] == "000001.SH")
    an.upsert_index(other["name"], other["code"], is_benchmark=True)  # as an older release would
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", analyst.password)
    result = sync(an, analyst)
    assert result.refused >= 1
    assert _flags(desk.super_url) == flags
    with psycopg.connect(desk.super_url) as conn:
        reasons = [r[0] for r in conn.execute("SELECT tbl FROM desk.conflicts WHERE kind = 'refused'")]
    assert "indices" in reasons
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(an.path)]) == 0
    listing = capsys.readouterr().out
    assert "基准指数" in listing and "管理员" in listing, listing  # the reason, in words
    assert "另一行已用此名称" not in listing
