"""The benchmark index stays the administrator's, whatever way a desk user tries to move it.

- PostgreSQL refuses, under the analyst and editor roles, every write that would move it: a new
  index row already flagged while the desk has a benchmark (one row, or two in one statement), a
  change of an index row's key (with or without its flag), an index row moved to another table; it
  takes them under the admin role. Analysts still add indices and edit their names and codes, and a
  store's first join onto an empty desk brings its benchmark.
- `workbench index merge` on a joined analyst's store refuses at once, naming the role in words, a
  merge that would carry the benchmark onto the kept index; a merge that keeps the benchmark works.
- A merge of the benchmark made on an analyst's store anyway (as an older release would) is refused
  by the desk, and the administrator's station keeps the house's benchmark after a sync.

Against the real PostgreSQL the tests start; the truth is the desk's rows read with psycopg."""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest

from desk_testing import Desk, dbname

from workbench.cli import main
from workbench.desk.sync import sync


_SEQ = iter(range(2 * 10 ** 9, 2 * 10 ** 9 + 1000))  # (direct writes name a workstation and a seq no push used)


def _flags(super_url) -> dict[str, bool]:
    with psycopg.connect(super_url) as conn:
        return {name: flag for name, flag in conn.execute(
            "SELECT data->>'name', coalesce(data->>'is_benchmark', '0') NOT IN ('0', 'false') "
            "FROM desk.rows WHERE tbl = 'indices' AND data IS NOT NULL")}


def _rows(super_url) -> list[tuple]:
    with psycopg.connect(super_url) as conn:
        return conn.execute("SELECT tbl, key, data::text FROM desk.rows WHERE tbl = 'indices' ORDER BY key").fetchall()


def _new_index(name: str, code: str, flagged: bool) -> str:
    return json.dumps({"name": name, "code": code, "name_en": None, "sample": 0, "position": 9,
                       "is_benchmark": 1 if flagged else 0}, ensure_ascii=False)


def _insert(conn, *images) -> None:
    values = ", ".join(["('indices', %s, %s::jsonb, 'ws-sql', %s)"] * len(images))
    params = []
    for image in images:
        params += [str(uuid.uuid4()), image, next(_SEQ)]
    conn.execute(f"INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES {values}", params)


@pytest.fixture
def desk_of_three(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(demo_path, admin).close()
    analyst = desk.user("analyst")
    an = desk.join(tmp_path / "an.sqlite", analyst)
    yield desk, admin, (an, analyst)
    an.close()


def _url(pg_cluster, desk, user):
    return pg_cluster.tcp_url(dbname(desk.super_url), user.user)


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_the_desk_refuses_every_way_to_move_the_benchmark_but_an_admins(desk_of_three, pg_cluster, role):
    desk, admin, _ = desk_of_three
    user = desk.user(role)
    url = _url(pg_cluster, desk, user)
    flags = _flags(desk.super_url)
    before = _rows(desk.super_url)
    bench = next(n for n, f in flags.items() if f)
    other = next(n for n, f in flags.items() if not f)
    refused = [
        # a new index row already flagged, while the desk has a benchmark
        lambda c: _insert(c, _new_index("中证500", "000905.SH", True)),
        # the benchmark row's key changed (its flag kept): the row the stations know as benchmark goes
        lambda c: c.execute("UPDATE desk.rows SET key = 'zz-' || key, seq = %s WHERE tbl = 'indices' "
                            "AND data->>'name' = %s", [next(_SEQ), bench]),
        # another index's key and flag changed together
        lambda c: c.execute("UPDATE desk.rows SET key = 'zz-' || key, seq = %s, data = data || '{\"is_benchmark\": 1}' "
                            "WHERE tbl = 'indices' AND data->>'name' = %s", [next(_SEQ), other]),
        # another index's key alone
        lambda c: c.execute("UPDATE desk.rows SET key = 'zz-' || key, seq = %s WHERE tbl = 'indices' "
                            "AND data->>'name' = %s", [next(_SEQ), other]),
        # the benchmark row moved to another table
        lambda c: c.execute("UPDATE desk.rows SET tbl = 'segments', seq = %s WHERE tbl = 'indices' "
                            "AND data->>'name' = %s", [next(_SEQ), bench]),
        # the benchmark row deleted, the flag set on another (as a merge would)
        lambda c: c.execute("UPDATE desk.rows SET data = NULL, seq = %s WHERE tbl = 'indices' AND data->>'name' = %s",
                            [next(_SEQ), bench]),
        lambda c: c.execute("UPDATE desk.rows SET data = data || '{\"is_benchmark\": 1}', seq = %s "
                            "WHERE tbl = 'indices' AND data->>'name' = %s", [next(_SEQ), other]),
    ]
    for n, write in enumerate(refused):
        with psycopg.connect(url, password=user.password) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                write(conn)
        assert _rows(desk.super_url) == before, n
    # what every role still does with indices: add one, rename one, give one a code
    with psycopg.connect(url, password=user.password) as conn:
        _insert(conn, _new_index("中证500", "000905.SH", False))
        cur = conn.execute("UPDATE desk.rows SET data = data || '{\"name\": \"上证综指（改）\", \"code\": \"000001.XX\"}', "
                           "seq = %s WHERE tbl = 'indices' AND data->>'name' = %s", [next(_SEQ), other])
        assert cur.rowcount == 1
        cur = conn.execute("UPDATE desk.rows SET data = data || '{\"name_en\": \"Renamed\"}', seq = %s "
                           "WHERE tbl = 'indices' AND data->>'name' = %s", [next(_SEQ), bench])
        assert cur.rowcount == 1
        conn.rollback()
    assert _rows(desk.super_url) == before
    # the administrator may move the benchmark (since v14 no role changes a row's table or key)
    with psycopg.connect(_url(pg_cluster, desk, admin), password=admin.password) as conn:
        for write in refused[:1] + refused[5:]:
            write(conn)
        conn.rollback()
    for write in refused[1:5]:
        with psycopg.connect(_url(pg_cluster, desk, admin), password=admin.password) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="keeps its table and key"):
                write(conn)
    assert _flags(desk.super_url) == flags


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_a_desk_without_a_benchmark_takes_one_flagged_index_from_anyone_but_not_two(pg_cluster, desk_db, role):
    desk = Desk(pg_cluster, desk_db)
    user = desk.user(role)
    url = _url(pg_cluster, desk, user)
    with psycopg.connect(url, password=user.password) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # two benchmarks in one statement
            _insert(conn, _new_index("沪深300", "000300.SH", True), _new_index("中证500", "000905.SH", True))
    assert _flags(desk.super_url) == {}
    with psycopg.connect(url, password=user.password) as conn:
        _insert(conn, _new_index("沪深300", "000300.SH", True), _new_index("中证500", "000905.SH", False))
    assert _flags(desk.super_url) == {"沪深300": True, "中证500": False}
    with psycopg.connect(url, password=user.password) as conn:  # and then no second one
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _insert(conn, _new_index("上证50", "000016.SH", True))


def test_an_analysts_first_join_onto_an_empty_desk_brings_its_benchmark(pg_cluster, desk_db, demo_path, tmp_path):
    from workbench.store import Store

    desk = Desk(pg_cluster, desk_db)
    analyst = desk.user("analyst")
    local = Store(demo_path)
    expected = {i["name"]: bool(i["is_benchmark"]) for i in local.indices()}
    local.close()
    store = desk.join(demo_path, analyst)
    try:
        assert _flags(desk.super_url) == expected
        assert sum(expected.values()) == 1
    finally:
        store.close()


def _quote_counts(store) -> dict[str, int]:
    counts = {}
    for q in store.all_quotes():
        counts[q["index_id"]] = counts.get(q["index_id"], 0) + 1
    return {i["name"]: counts.get(i["id"], 0) for i in store.indices()}


def test_an_analysts_merge_of_the_benchmark_is_refused_at_once(desk_of_three, capsys, monkeypatch):
    desk, admin, (an, analyst) = desk_of_three
    bench = an.benchmark()
    an.upsert_index("电子行业指数", "801080.XX")
    before = (_quote_counts(an), {i["name"]: i["is_benchmark"] for i in an.indices()})
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", analyst.password)
    capsys.readouterr()
    assert main(["index", "merge", "电子行业指数", bench["name"], "--db", str(an.path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    zh = err.split(" (")[0]
    assert "角色是分析师" in zh and "管理员" in zh and "角色是 analyst" not in zh, err  # the role in words
    assert (_quote_counts(an), {i["name"]: i["is_benchmark"] for i in an.indices()}) == before
    # the other way round the benchmark stays where it is: the merge is the analyst's to make
    assert main(["index", "merge", bench["name"], "电子行业指数", "--db", str(an.path)]) == 0
    assert an.benchmark()["name"] == bench["name"]
    assert "电子行业指数" not in {i["name"] for i in an.indices()}


def test_a_merge_of_the_benchmark_made_anyway_leaves_the_house_benchmark(desk_of_three, tmp_path, capsys,
                                                                          monkeypatch):
    from workbench.store import Store

    desk, admin, (an, analyst) = desk_of_three
    flags = _flags(desk.super_url)
    bench = an.benchmark()
    an.upsert_index("电子行业指数", "801080.XX")  # a new index, not on the desk yet
    new = an.index("801080.XX")
    an.merge_indices(new["id"], bench["id"])  # as an older release would
    assert an.benchmark()["name"] == "电子行业指数"
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", analyst.password)
    result = sync(an, analyst)
    assert result.refused >= 2  # the benchmark's deletion, and the new index arriving flagged
    assert _flags(desk.super_url) == flags
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(an.path)]) == 0
    listing = capsys.readouterr().out
    assert listing.count("不能更换基准指数") >= 2, listing  # both refusals, with the rule in words
    assert "另一行已用此名称" not in listing
    boss = Store(tmp_path / "boss.sqlite")
    from workbench.desk.sync import join

    join(boss, admin.url, password=admin.password, confirm=lambda plan: True)
    assert boss.benchmark()["name"] == bench["name"]
    boss.close()
