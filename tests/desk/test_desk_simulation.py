"""A seeded simulation of a desk's week: ten workstations (separate stores, analysts, editors and
an admin) edit offline, import, write notes and work on the draft, and sync in random order with
random interruptions (the connection cut after the server committed, a pull killed inside its
transaction, the server restarted mid-push). Until quiet; then every store equals the server
table by table, and every workstation's last value of everything it wrote either made it into the
desk's history or is listed as a conflict in that workstation's store."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk, local_tables, normalised, server_tables  # noqa: E402

from workbench.desk import sync as desk_sync  # noqa: E402
from workbench.desk.errors import DeskOffline  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.store import sync_state  # noqa: E402

SEED = int(os.environ.get("WORKBENCH_DESK_SEED", "20241227"))


class Interrupt(Exception):
    """The process 'dies' here (the local transaction in progress is rolled back)."""


def _accepted(super_url: str) -> set[tuple[str, str, str]]:
    """Every value the desk ever accepted: (table, key, JSON of the compared part)."""
    import json

    out = set()
    with psycopg.connect(super_url) as conn:
        for tbl, key, data in conn.execute("SELECT tbl, key, data FROM desk.changes"):
            out.add((tbl, key, json.dumps(sync_state.compared(tbl, data), sort_keys=True, ensure_ascii=False)))
    return out


def test_ten_workstations_converge_and_lose_nothing(pg_cluster, desk_db, demo_path, tmp_path, monkeypatch):
    import json

    rng = random.Random(SEED)
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    seed_store = desk.join(demo_path, admin)
    seed_store.close()
    roles_ = ["admin"] + ["editor"] * 2 + ["analyst"] * 7
    stations = []
    for i, role in enumerate(roles_):
        config = admin if role == "admin" else desk.user(role)
        store = desk.join(tmp_path / f"ws{i}.sqlite", config)
        stations.append({"store": store, "config": config, "role": role, "name": f"ws{i}", "written": {}})
    tickers = [r["ticker"] for r in stations[0]["store"].rows("SELECT ticker FROM companies ORDER BY ticker")][:12]
    hot = [(t, "revenue", "2023A") for t in tickers[:5]]  # a few figures everyone edits: conflicts

    def edit(st):
        s = st["store"]
        op = rng.choice(["fact", "fact", "import", "note", "quote", "draft", "delete"])
        if op == "fact":
            key = rng.choice(hot)
            value = float(rng.randint(1, 50)) * 1e8
            s.set_fact(*key, value)
            st["written"][("facts", "|".join(key))] = {"value": value}
        elif op == "import":
            rows = [(t, "net_profit", "2024E", float(rng.randint(1, 9)) * 1e8) for t in rng.sample(tickers, 4)]
            s.write_facts(rows, source="sim.xlsx", as_of="2024-12-29", origin="import")
            for t, m, p, v in rows:
                st["written"][("facts", f"{t}|{m}|{p}")] = {"value": v}
        elif op == "note":
            s.add_note(f"{st['name']} 笔记 {rng.randint(0, 10**6)}", date="2024-12-26", author=st["name"],
                       tickers=[rng.choice(tickers)])
        elif op == "quote":
            local_index = s.rows("SELECT id FROM indices ORDER BY id")[0]["id"]
            date = f"2025-01-0{rng.randint(1, 9)}"
            s.write_quotes([(local_index, date, float(rng.randint(3000, 3500)), None, "sim")])
        elif op == "draft":
            issue = s.issue("latest")
            if issue.status == "draft":
                issue.headline = f"周观点：{st['name']} 改写 {rng.randint(0, 999)}"
                s.save_issue(issue)
        elif op == "delete":
            key = rng.choice(hot)
            s.set_fact(*key, None)
            st["written"][("facts", "|".join(key))] = None

    real_mark, real_apply, real_server = desk_sync._mark_pushed, sync_state.apply_images, desk_sync._apply_on_server
    restarts = {"n": 0}

    def run_sync(st, interrupt: str | None):
        def lost_ack(*a, **k):
            raise psycopg.OperationalError("connection lost after commit")

        def killed_pull(store, items):
            real_apply(store, items)
            raise Interrupt

        def restarted(conn, *a):
            pg_cluster.restart()
            restarts["n"] += 1
            return real_server(conn, *a)

        monkeypatch.setattr(desk_sync, "_mark_pushed", lost_ack if interrupt == "ack" else real_mark)
        monkeypatch.setattr(sync_state, "apply_images", killed_pull if interrupt == "pull" else real_apply)
        monkeypatch.setattr(desk_sync, "_apply_on_server", restarted if interrupt == "restart" else real_server)
        try:
            return sync(st["store"], st["config"])
        except (DeskOffline, Interrupt):
            return None
        finally:
            monkeypatch.setattr(desk_sync, "_mark_pushed", real_mark)
            monkeypatch.setattr(sync_state, "apply_images", real_apply)
            monkeypatch.setattr(desk_sync, "_apply_on_server", real_server)

    interrupted = 0
    for _ in range(60):
        st = rng.choice(stations)
        for _ in range(rng.randint(1, 3)):
            edit(st)
        if rng.random() < 0.6:
            interrupt = rng.choice([None, None, None, "ack", "pull", "restart" if restarts["n"] < 2 else None])
            if run_sync(rng.choice(stations), interrupt) is None:
                interrupted += 1
    assert interrupted >= 3  # the run really was interrupted now and then

    # until quiet: a whole round in which nothing moves
    for _ in range(6):
        moved = 0
        for st in rng.sample(stations, len(stations)):
            r = sync(st["store"], st["config"])
            moved += r.pushed + r.pulled
        if moved == 0:
            break
    else:
        pytest.fail("the desk never became quiet")

    server = normalised(server_tables(desk.super_url))
    for st in stations:
        assert normalised(local_tables(st["store"])) == server, st["name"]

    accepted = _accepted(desk.super_url)
    conflicts_seen = 0
    for st in stations:
        listed = {(c["tbl"], c["key"], json.dumps(sync_state.compared(c["tbl"], c["mine"]), sort_keys=True,
                                                  ensure_ascii=False))
                  for c in sync_state.conflicts(st["store"], open_only=False)}
        conflicts_seen += len(listed)
        for (tbl, key), image in st["written"].items():
            entry = (tbl, key, json.dumps(sync_state.compared(tbl, image), sort_keys=True, ensure_ascii=False))
            assert entry in accepted or entry in listed, (st["name"], tbl, key, image)
    assert conflicts_seen > 0  # the hot figures did collide
    for st in stations:
        st["store"].close()


def test_sync_killed_at_random_moments_completes_next_time(pg_cluster, desk_db, demo_path, tmp_path):
    """kill -9 of a real `workbench sync` process, pushing a large import, at random moments."""
    rng = random.Random(SEED)
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    store = desk.join(demo_path, admin)
    tickers = [r["ticker"] for r in store.rows("SELECT ticker FROM companies ORDER BY ticker")]
    for round_ in range(3):
        rows = [(t, "eps", f"20{p:02d}E", float(rng.randint(1, 10**6)) / 100)
                for t in tickers for p in range(round_ * 30, round_ * 30 + 30)]
        store.write_facts(rows, source="big.xlsx", origin="import")
        env = {**os.environ, "WORKBENCH_DESK_PASSWORD": admin.password, "LANG": "C.UTF-8"}
        proc = subprocess.Popen([sys.executable, "-m", "workbench", "sync", "--db", str(store.path)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        r = sync(store, admin)
        assert r.conflicts == 0
        assert sync(store, admin).pushed == 0
        assert normalised(local_tables(store)) == normalised(server_tables(desk.super_url))
    store.close()
