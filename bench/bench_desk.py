"""Desk server speed on loopback: a throwaway PostgreSQL cluster holding a desk of N companies x 200
facts, and workstations joining and syncing with it. Prints each measurement beside its baseline.

Targets (issue #10), at 5,000 companies and 1,000,000 facts:
- first join (pull of everything into an empty store) <= 3x a bare ``COPY ... TO STDOUT`` of the
  same rows plus a bare sqlite3 ``executemany`` of them;
- push of a weekly import of 100,000 facts <= 3x a bare ``COPY FROM`` of the same rows;
- a sync with nothing to do <= 100 ms;
- 20 workstations syncing at once: p95 of a sync carrying 1,000 changes <= 2 s, nothing lost.

    .venv/bin/python bench/bench_desk.py                          # full size (needs PostgreSQL)
    .venv/bin/python bench/bench_desk.py --companies 1000 --push 20000 --stations 10   # quick

Each timed step also reports CPU time (this process, and the PostgreSQL backend serving it, read
from /proc), because the machine may be shared: the push and its bare ``COPY FROM`` are run
``--rounds`` times interleaved and the medians compared. The push is also split into its server
side (staging and deciding the rows that need it, the ``COPY`` of the rest into the feed, the
commit) and the rest (reading the store, recording what the server holds, the pull that confirms
it); the backend's CPU for the ``COPY`` into the feed (schema v8) is shown on its own.

The workstations syncing at once each carry 1,000 changes of their own and pull the others'; the
client CPU of each sync is printed beside the wall p95, with the server's CPU for the round (on a
2-CPU machine the wall time is bound by the sum: what separate machines would give is a sync's own
CPU plus its server side), and the p95 of each sync's wall time less the time its process and its
server backend spent waiting for a CPU (Linux schedstat): the sync as on a workstation of its own,
the waits for the push lock and the server's work kept in. Then every workstation syncs once more, and the desk and every store are
checked to hold every change ("nothing lost"). ``--rounds 0`` runs the join and the workstations only.

Last, a sync over a slow link (``--link-ms``, a round trip of 40 ms by default: a VPN from a
roadshow), through a local relay that holds each read for half of it in each direction: a sync with
nothing to do and one pushing 1,000 figures, medians of 5, with the round trips each takes besides
the connection's own (counted in libpq's trace). No target: what an analyst away from the office
waits for.
"""

from __future__ import annotations

import argparse
import glob
import json
import multiprocessing
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

METRICS = ["revenue", "net_profit", "revenue_yoy", "net_profit_yoy", "eps"]
PERIODS = [f"{y}{k}" for y in range(2005, 2025) for k in ("A", "E")]  # 5 x 40 = 200 facts per company


def ticker(i: int) -> str:
    return f"{600000 + i:06d}.SH" if i < 4000 else f"{300000 + i - 4000:06d}.SZ"


# ---------------------------------------------------------------- a throwaway cluster
class Cluster:
    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            sys.exit("PostgreSQL is not installed (apt-get install postgresql)")
        self.bin = Path(found[-1]).parent
        self.base = tempfile.mkdtemp(prefix="bench-desk-pg-")
        self.data, self.sock = os.path.join(self.base, "data"), os.path.join(self.base, "sock")
        os.makedirs(self.sock)
        os.chmod(self.base, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
            shutil.chown(self.sock, "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._run("initdb", "-D", self.data, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
                  "--auth-local=trust", "--auth-host=scram-sha-256")
        self._ctl("start")

    def _run(self, tool, *args):
        cmd = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True)

    def _ctl(self, action, *extra):
        opts = f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self._run("pg_ctl", "-D", self.data, "-o", opts, "-w", "-l", os.path.join(self.base, "log"),
                  action, *extra)

    def super_url(self, db="postgres"):
        return f"postgresql://postgres@/{db}?host={self.sock}&port={self.port}"

    def tcp_url(self, db, user):
        return f"postgresql://{user}@127.0.0.1:{self.port}/{db}"

    def stop(self):
        try:
            self._ctl("stop", "-m", "fast")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) a PostgreSQL backend has used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_queue_wait(pid: int | str = "self") -> float:
    """Seconds the process's threads have spent ready to run but waiting for a CPU (Linux
    /proc/PID/task/*/schedstat, its second field); NaN where the kernel does not say."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return float("nan")
    return total / 1e9


def own_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class PushMeter:
    """Wraps the push's server-side steps to time them (wall) and the backend's CPU."""

    STEPS = ("_stage", "_classify", "_mark_staged", "_write_versions", "_apply_on_server")

    def __init__(self):
        from workbench.desk import sync as desk_sync

        self.mod = desk_sync
        self.real = {n: getattr(desk_sync, n) for n in self.STEPS + ("_push", "_pull", "_copy_versions", "_landed",
                                                                      "_mark_pushed")}
        self.server_wall = 0.0
        self.backend = 0.0
        self.lock_wall = 0.0  # the push lock held: from its grant (the answer to its statement) to the commit
        self._granted = None
        self.copy_backend = 0.0  # the backend's CPU for the COPY of the versions into the feed
        self.backend_wait = 0.0  # the sync's backend's time waiting for a CPU, since it started

        def copy(conn, text):
            c0 = backend_cpu(conn.info.backend_pid)
            try:
                return self.real["_copy_versions"](conn, text)
            finally:
                self.copy_backend += backend_cpu(conn.info.backend_pid) - c0
        desk_sync._copy_versions = copy

        def wrap(name):
            real = self.real[name]

            def timed_step(*a, **k):
                t0 = time.perf_counter()
                try:
                    return real(*a, **k)
                finally:
                    self.server_wall += time.perf_counter() - t0
            return timed_step

        def landed(conn, push, lock=False):  # (the push lock comes with the answer to its first statement)
            try:
                return self.real["_landed"](conn, push, lock)
            finally:
                if lock:
                    self._granted = time.perf_counter()

        def mark_pushed(*a, **k):  # (the push's transaction has committed: its lock is released)
            if self._granted is not None:
                self.lock_wall += time.perf_counter() - self._granted
                self._granted = None
            return self.real["_mark_pushed"](*a, **k)

        def push(store, conn, *a, **k):
            pid = conn.info.backend_pid
            c0 = backend_cpu(pid)
            try:
                return self.real["_push"](store, conn, *a, **k)
            finally:
                self.backend += backend_cpu(pid) - c0

        def pull(store, conn, *a, **k):
            try:
                return self.real["_pull"](store, conn, *a, **k)
            finally:  # (a backend serves one sync: its whole wait so far is this sync's)
                self.backend_wait = run_queue_wait(conn.info.backend_pid)

        for n in self.STEPS:
            setattr(desk_sync, n, wrap(n))
        desk_sync._push = push
        desk_sync._pull = pull
        desk_sync._landed = landed
        desk_sync._mark_pushed = mark_pushed

    def reset(self):
        self.server_wall = self.backend = self.lock_wall = self.copy_backend = self.backend_wait = 0.0

    def close(self):
        for n, f in self.real.items():
            setattr(self.mod, n, f)


# ---------------------------------------------------------------- seeding the desk
def plausible(metric: str, value: float) -> float:
    """``value`` folded into the metric's plausible range (desk schema v10 refuses a figure outside it)."""
    from workbench.domain.metrics import PLAUSIBLE

    lo, hi = PLAUSIBLE[metric]
    return value if lo <= value <= hi else lo + value % (hi - lo)


def seed_desk(super_url: str, companies: int) -> int:
    """Companies and their facts straight into the desk's tables (as its owner), as a big desk's
    history would have left them: one version of each (schema v6 keeps these tables as versions
    in desk.changes). Returns the number of facts."""
    import psycopg

    n = 0
    with psycopg.connect(super_url) as conn:
        with conn.cursor().copy("COPY desk.changes (tbl, key, data, ws, seq) FROM STDIN") as copy:
            seq = 0
            for i in range(companies):
                t = ticker(i)
                seq += 1
                copy.write_row(("companies", t, json.dumps({"name": f"公司{i}", "full_name": None, "segment": None,
                                                            "industry": "电子", "position": i}), "seed", seq))
                for m in METRICS:
                    for p in PERIODS:
                        seq += 1
                        n += 1
                        value = plausible(m, float((i * 7919 + seq) % 100000) * 1e4)
                        copy.write_row(("facts", f"{t}|{m}|{p}", json.dumps(
                            {"value": value, "source": "seed.csv", "as_of": "2024-12-29", "src_row": None,
                             "src_col": None}), "seed", seq))
    return n


def baseline_pull(super_url: str, tmp: Path) -> float:
    """Bare COPY TO STDOUT of the desk's rows + a bare sqlite3 executemany of them."""
    import psycopg

    def run():
        rows = []
        with psycopg.connect(super_url) as conn:
            # the desk's rows: those kept in place and the versions (one each on the seeded desk)
            with conn.cursor().copy("COPY (SELECT tbl, key, data FROM desk.rows UNION ALL "
                                    "SELECT tbl, key, data FROM desk.changes) TO STDOUT") as copy:
                for tbl, key, data in copy.rows():
                    rows.append((key, data))
        db = sqlite3.connect(tmp / "baseline_pull.sqlite")
        db.execute("CREATE TABLE rows (key TEXT PRIMARY KEY, data TEXT) WITHOUT ROWID")
        with db:
            db.executemany("INSERT INTO rows VALUES (?, ?)", rows)
        db.close()
    return timed(run)[0]


def baseline_copy_from(super_url: str, rows: list[tuple]) -> tuple[float, float, float]:
    """A bare COPY FROM of the rows into a table of the same columns: (wall, client CPU, backend CPU)."""
    import psycopg

    with psycopg.connect(super_url) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_copy (tbl text, key text, data jsonb, seq bigint)")
        conn.commit()
        pid = conn.info.backend_pid

        def run():
            with conn.transaction():
                with conn.cursor().copy("COPY bench_copy (tbl, key, data, seq) FROM STDIN") as copy:
                    for r in rows:
                        copy.write_row(r)
        c0, b0 = own_cpu(), backend_cpu(pid)
        elapsed = timed(run)[0]
        cpu, backend = own_cpu() - c0, backend_cpu(pid) - b0
        conn.execute("DROP TABLE bench_copy")
        conn.commit()
    return elapsed, cpu, backend


# ---------------------------------------------------------------- concurrent workstations
def _station(path, url, password, ready, results):
    """One workstation as a running app holds it: the code imported and the store open before the
    start; then, released together with the others, one sync (what the app's worker runs)."""
    from workbench.desk.config import DeskConfig
    from workbench.desk.sync import sync
    from workbench.store import Store

    meter = PushMeter()
    try:
        with Store(path) as store:
            store.counts()  # the store's file read once, as an open window has
            ready.wait()  # every workstation is running: go together
            t0, c0, w0 = time.perf_counter(), own_cpu(), run_queue_wait()
            result = sync(store, DeskConfig(url, password))
            results.put((time.perf_counter() - t0, result.pushed, result.conflicts, meter.server_wall,
                         meter.lock_wall, own_cpu() - c0, meter.backend, result.pulled,
                         run_queue_wait() - w0, meter.backend_wait))
    except BaseException as exc:  # said, not waited for: the parent stops at the first failure
        results.put(f"{path}: {type(exc).__name__}: {exc}")
        ready.abort()


def server_cpu(cluster) -> float:
    """CPU seconds the whole PostgreSQL cluster has used so far: the postmaster, its live children
    (backends, WAL writer, checkpointer...) and the backends already ended (reaped by the postmaster)."""
    try:
        pid = int(Path(cluster.data, "postmaster.pid").read_text().split()[0])
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError):
        return float("nan")
    tick = os.sysconf("SC_CLK_TCK")
    total = sum(int(fields[i]) for i in (11, 12, 13, 14)) / tick  # its own and its ended children's
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            f = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(f[1]) == pid:
            total += (int(f[11]) + int(f[12])) / tick
    return total


def run_stations(paths, url, password) -> list[tuple]:
    """Start one process per store, wait until all are ready, release them together, collect."""
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Barrier(len(paths) + 1)
    results = ctx.Queue()
    procs = [ctx.Process(target=_station, args=(str(p), url, password, ready, results)) for p in paths]
    for proc in procs:
        proc.start()
    try:
        ready.wait(timeout=600)
    except threading.BrokenBarrierError:
        pass  # a workstation failed before the start: its message is in the results
    outs = [results.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join()
    failed = [o for o in outs if isinstance(o, str)]
    if failed:
        sys.exit("workstation failed: " + "; ".join(failed))
    return outs


def station_rows(i: int, changes: int, companies: int) -> list[tuple]:
    """The facts workstation ``i`` changes before the concurrent sync (its own keys: no conflicts)."""
    return [(ticker(j % companies), "eps", f"{2030 + i + 100 * (j // companies)}E",
             plausible("eps", float(i * 100000 + j))) for j in range(changes)]


def missing_here(path, expected: set[tuple]) -> int:
    """How many of the workstations' changes the store at ``path`` does not hold (as changed)."""
    from workbench.store import Store

    with Store(path) as s:
        held = set(s.db.execute("SELECT ticker, metric, period, value FROM facts WHERE metric = 'eps' "
                                "AND period >= '2030E'").fetchall())
    return len(expected - held)


class SlowLink:
    """A local relay to ``port`` that holds each read for ``delay`` seconds in each direction (a
    round trip of twice that): the desk as seen from a workstation far from it."""

    def __init__(self, port: int, delay: float):
        self.delay, self.target = delay, ("127.0.0.1", port)
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src, dst) -> None:
        try:
            while data := src.recv(65536):
                time.sleep(self.delay)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()


def slow_link_syncs(cluster, config, store_path: Path, delay_s: float, companies: int) -> str:
    """Syncs of the store at ``store_path`` over a ``SlowLink``: one with nothing to do and one pushing
    1,000 figures, medians of 5, and the round trips of each (libpq's trace, the connection's own
    start not counted)."""
    import contextlib

    import psycopg

    from workbench.desk import sync as desk_sync
    from workbench.desk.config import DeskConfig
    from workbench.store import Store

    port = int(config.url.rsplit(":", 1)[1].split("/")[0])
    link = SlowLink(port, delay_s / 2)
    slow = DeskConfig(config.url.replace(f":{port}/", f":{link.port}/"), config.password)
    trace = Path(tempfile.mkdtemp(prefix="bench-link-")) / "wire.trace"
    real = desk_sync.connect

    @contextlib.contextmanager
    def traced(*a, **k):
        with real(*a, **k) as conn, open(trace, "w", encoding="utf-8") as out:
            conn.pgconn.trace(out.fileno())
            conn.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS | psycopg.pq.Trace.REGRESS_MODE)
            try:
                yield conn
            finally:
                conn.pgconn.untrace()

    def round_trips() -> int:
        lines = [x[:1] for x in trace.read_text(encoding="utf-8").splitlines() if x[:2] in ("F\t", "B\t")]
        return sum(1 for i in range(1, len(lines)) if lines[i] == "B" and lines[i - 1] == "F")

    idle, busy, trips = [], [], {}
    try:
        with Store(store_path) as store:
            desk_sync.sync(store, slow)
            for rnd in range(5):
                desk_sync.connect = traced if rnd == 0 else real
                idle.append(timed(lambda: desk_sync.sync(store, slow))[0])
                trips.setdefault("idle", round_trips())
                store.write_facts([(ticker(i % companies), "revenue", f"{2050 + rnd * 10 + i // companies}E",
                                    plausible("revenue", float(i))) for i in range(1000)],
                                  source="roadshow.xlsx", origin="import")
                t, r = timed(lambda: desk_sync.sync(store, slow))
                assert r.pushed == 1000, r
                busy.append(t)
                trips.setdefault("busy", round_trips())
    finally:
        desk_sync.connect = real
        link.close()
        shutil.rmtree(trace.parent, ignore_errors=True)
    return (f"over a link of {delay_s * 1000:.0f} ms round trip: a sync with nothing to do {statistics.median(idle):.2f} s "
            f"({trips['idle']} round trips), one pushing 1,000 figures {statistics.median(busy):.2f} s "
            f"({trips['busy']} round trips); medians of 5")


def waits_taken_out(out: tuple) -> float:
    """A workstation's sync (``_station``'s result) less the time its process and its server backend
    waited for a CPU: the sync as on a workstation of its own, against a server with CPUs to spare."""
    return out[0] - out[8] - out[9]


def p95(values):
    values = sorted(values)
    return values[max(0, int(round(0.95 * len(values))) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--companies", type=int, default=5000)
    ap.add_argument("--push", type=int, default=100_000, help="facts changed by the weekly import")
    ap.add_argument("--stations", type=int, default=20)
    ap.add_argument("--changes", type=int, default=1000, help="changes per workstation in the concurrent sync")
    ap.add_argument("--rounds", type=int, default=3, help="push and bare COPY pairs, interleaved (medians)")
    ap.add_argument("--link-ms", type=float, default=40.0,
                    help="round trip of the slow link the last syncs go over (0: none)")
    ap.add_argument("--joins", type=int, default=1,
                    help="first joins and their baselines, interleaved (at least 1: the other steps work on the first)")
    args = ap.parse_args()
    if args.joins < 1:
        ap.error("--joins must be at least 1: the push and the workstations start from the first join's store")

    from workbench.desk import roles
    from workbench.desk.config import DeskConfig
    from workbench.desk.sync import join, sync
    from workbench.store import Store

    cluster = Cluster()
    tmp = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    results: list[tuple[str, float, float, float, str]] = []
    notes: list[str] = []
    try:
        import psycopg

        with psycopg.connect(cluster.super_url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE desk")
        super_url = cluster.super_url("desk")
        roles.init_desk(super_url)
        roles.add_user(super_url, "bench", "admin", "bench-pw")
        config = DeskConfig(cluster.tcp_url("desk", "bench"), "bench-pw")
        t_seed, n_facts = timed(lambda: seed_desk(super_url, args.companies))
        with psycopg.connect(super_url, autocommit=True) as conn:  # as autovacuum would after the bulk load
            conn.execute("VACUUM ANALYZE desk.rows")
            conn.execute("VACUUM ANALYZE desk.changes")  # the feed, and the versions of facts and companies
        print(f"desk seeded: {args.companies} companies, {n_facts} facts ({t_seed:.1f} s)", flush=True)

        # 1. first join against a bare COPY TO + executemany, interleaved
        joins, bases, join_cpu, base_cpu = [], [], [], []
        first = tmp / "ws0.sqlite"
        first = tmp / "ws0.sqlite"
        for i in range(args.joins):
            c0 = own_cpu()
            (tmp / f"b{i}").mkdir()
            bases.append(baseline_pull(super_url, tmp / f"b{i}"))
            base_cpu.append(own_cpu() - c0)
            target = first if i == 0 else tmp / f"join{i}.sqlite"
            c0 = own_cpu()
            joins.append(timed(lambda: join(Store(target), config.url, password=config.password))[0])
            join_cpu.append(own_cpu() - c0)
            print(f"join {i}: {joins[-1]:.2f} s (CPU {join_cpu[-1]:.2f} s), baseline {bases[-1]:.2f} s "
                  f"(CPU {base_cpu[-1]:.2f} s)", flush=True)
        t_join, t_base = statistics.median(joins), statistics.median(bases)
        results.append(("first join (pull everything)", t_join, t_base, 3.0,
                        f"COPY TO + executemany; client CPU {statistics.median(join_cpu):.2f} s vs "
                        f"{statistics.median(base_cpu):.2f} s"))

        # 2. push of a weekly import against a bare COPY FROM of the same rows, interleaved
        meter = PushMeter()
        pushes, copies = [], []
        with Store(first) as store:
            for rnd in range(args.rounds):
                rows = [(ticker(i % args.companies), m, PERIODS[(i // (args.companies * 5)) % len(PERIODS)],
                         plausible(m, float(i) + 0.5 + rnd))
                        for i in range(args.push) for m in [METRICS[(i // args.companies) % 5]]]
                store.write_facts(rows, source="weekly.xlsx", as_of="2025-01-03", origin="import")
                images = [("facts", f"{t}|{m}|{p}", json.dumps({"value": v, "source": "weekly.xlsx",
                                                                 "as_of": "2025-01-03"}), i)
                          for i, (t, m, p, v) in enumerate(rows)]
                copies.append(baseline_copy_from(super_url, images))
                meter.reset()
                c0 = own_cpu()
                t_push, r = timed(lambda: sync(store, config))
                assert r.pushed == args.push, r
                pushes.append((t_push, own_cpu() - c0, meter.server_wall, meter.backend, meter.lock_wall,
                               meter.copy_backend))
                print(f"push {rnd}: {t_push:.2f} s (client CPU {pushes[-1][1]:.2f} s; server side "
                      f"{meter.server_wall:.2f} s, backend CPU {meter.backend:.2f} s (the COPY into the feed "
                      f"{meter.copy_backend:.2f} s), locked {meter.lock_wall:.2f} s); "
                      f"bare COPY {copies[-1][0]:.3f} s (client CPU {copies[-1][1]:.3f} s, backend CPU "
                      f"{copies[-1][2]:.3f} s)", flush=True)
        meter.close()

        def med(seq, i):
            return statistics.median(x[i] for x in seq)

        t_copy = med(copies, 0) if copies else 0.0
        results.extend([] if not pushes else [  # (--rounds 0: the workstations only)
            (f"push of {args.push} facts (whole sync)", med(pushes, 0), t_copy, 3.0,
             f"COPY FROM; CPU client+backend {med(pushes, 1) + med(pushes, 3):.2f} s vs "
             f"{med(copies, 1) + med(copies, 2):.3f} s"),
            ("  the same in CPU: client + backend", med(pushes, 1) + med(pushes, 3),
             med(copies, 1) + med(copies, 2), 3.0,
             f"COPY FROM's CPU; client {med(pushes, 1):.2f} s vs {med(copies, 1):.3f} s, backend "
             f"{med(pushes, 3):.2f} s vs {med(copies, 2):.3f} s"),
            ("  of which server side (lock wait, decide, COPY into the feed)", med(pushes, 2), t_copy, 3.0,
             f"COPY FROM; backend CPU {med(pushes, 3):.2f} s (the COPY into the feed "
             f"{med(pushes, 5):.2f} s) vs {med(copies, 2):.3f} s; push lock held {med(pushes, 4):.2f} s")])

        # 3. a sync with nothing to do
        with Store(first) as store:
            sync(store, config)
            times = [timed(lambda: sync(store, config))[0] for _ in range(10)]
        results.append(("sync with nothing to do (median of 10)", statistics.median(times), 0.100, 1.0,
                        "100 ms"))

        # 4. workstations syncing at once, each carrying its own changes and pulling the others'
        if args.stations > 0:  # (--stations 0: the join, the push and the empty sync only)
            with Store(first) as store:
                store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            paths, expected = [], set()
            for i in range(args.stations):
                path = tmp / f"st{i}.sqlite"
                shutil.copy(first, path)
                with Store(path) as s:
                    s.set_setting("workstation_id", str(uuid.uuid4()))
                    s.set_setting("desk.identity", None)
                    rows = station_rows(i, args.changes, args.companies)
                    s.write_facts(rows, source=f"st{i}", origin="import")
                    expected.update(rows)
                paths.append(path)
            s0 = server_cpu(cluster)
            outs = run_stations(paths, config.url, config.password)
            server = server_cpu(cluster) - s0
            with psycopg.connect(super_url) as conn:
                on_server = conn.execute("SELECT count(*) FROM desk.current WHERE tbl = 'facts' AND key LIKE '%%|eps|2%%E' "
                                         "AND split_part(key, '|', 3) >= '2030E' AND data IS NOT NULL").fetchone()[0]
            # then each syncs once more, all at once (what the app's next sync does): every workstation
            # must hold every other's changes, as made
            again = run_stations(paths, config.url, config.password)
            short = {p.name: n for p in paths if (n := missing_here(p, expected))}
            lost = (f"nothing lost (the desk and all {args.stations} stores hold all {len(expected)} changes)"
                    if on_server == len(expected) and not short else
                    f"LOST: the desk holds {on_server} of {len(expected)}; missing in stores: {short}")
            cpus = [o[5] for o in outs]
            results.append((f"{args.stations} workstations at once, p95 of a {args.changes}-change sync", p95(o[0] for o in outs),
                            2.0, 1.0, f"2 s; client CPU per sync p95 {p95(cpus):.2f} s, mean {statistics.mean(cpus):.2f} s; "
                            f"{lost}; conflicts {sum(o[2] for o in outs)}"))
            # the same syncs less the time each waited for one of this machine's CPUs, the workstation's
            # process and its server backend alike: a sync on a workstation of its own, against a server
            # with CPUs to spare (the waits for the push lock and for the server's work stay in)
            alone = list(map(waits_taken_out, outs))
            cores = os.cpu_count() or 1
            results.append(("  the same less its waits for a CPU (machines of their own)", p95(alone), 2.0, 1.0,
                            f"2 s; each sync's wall less the time its process and its server backend waited "
                            f"for one of this machine's {cores} CPUs (Linux schedstat), p95 of those waits "
                            f"{p95(o[8] for o in outs):.2f} s and {p95(o[9] for o in outs):.2f} s"))
            results.append(("  client CPU per sync (p95)", p95(cpus), 0.15, 1.0,
                            f"0.15 s each (twenty of them within about 3 s on 2 shared cores); sum {sum(cpus):.2f} s; "
                            f"pulled per sync p95 {p95(o[7] for o in outs)}"))
            results.append(("  of which server side of the push (p95)", p95(o[3] for o in outs), 2.0, 1.0,
                            f"push lock held p95 {p95(o[4] for o in outs):.3f} s, sum {sum(o[4] for o in outs):.2f} s; "
                            f"backend CPU of the push p95 {p95(o[6] for o in outs):.2f} s; the server's CPU for all "
                            f"{args.stations} syncs {server:.2f} s"))
            notes.append(f"{args.stations} syncs: durations {', '.join(f'{o[0]:.2f}' for o in sorted(outs))}; "
                         f"client CPU {', '.join(f'{c:.2f}' for c in sorted(cpus))}")
            notes.append(f"{args.stations} syncs less their waits for a CPU: "
                         f"{', '.join(f'{a:.2f}' for a in sorted(alone))}")
            notes.append(f"the next sync of each, all at once (pulling the rest): p95 {p95(o[0] for o in again):.2f} s "
                         f"({p95(map(waits_taken_out, again)):.2f} s less the waits for a CPU), "
                         f"client CPU p95 {p95(o[5] for o in again):.2f} s")
            cpu_sum = sum(cpus)
            notes.append(
                f"what this machine can show: the {args.stations} syncs need {cpu_sum:.1f} s of client CPU in all "
                f"(p95 {p95(cpus):.2f} s each) and {server:.1f} s of the server's; on {cores} CPU(s) shared with the "
                f"server the last of them cannot end before about {(cpu_sum + server) / cores:.1f} s, whatever the desk "
                f"does. With each workstation on its own machine a sync would take about its own client CPU plus its "
                f"server side (p95 {p95(o[3] for o in outs):.2f} s) and its wait for the push lock (held "
                f"{sum(o[4] for o in outs):.2f} s in all).")

        # 5. a sync over a slow link
        if args.link_ms > 0:
            notes.append(slow_link_syncs(cluster, config, first, args.link_ms / 1000.0, args.companies))
    finally:
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{'measurement':62s} {'time':>9s} {'baseline':>9s} {'ratio':>6s} {'target':>7s}  baseline is")
    ok = True
    for name, t, base, target, what in results:
        ratio = t / base
        good = ratio <= target
        ok &= good
        print(f"{name:62s} {t:8.3f}s {base:8.3f}s {ratio:6.2f} {'<=' + format(target, '.1f'):>7s}  {what}"
              f"{'' if good else '   MISSED'}")
    for n in notes:
        print(n)
    print("\nall targets met" if ok else "\nsome targets missed")


if __name__ == "__main__":
    main()
