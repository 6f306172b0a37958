"""Desktop app speed: the Financials grid at scale, its memory, and cold start against a bare Qt window.

Prints numbers and writes bench/RESULTS-ui.md; not a test. Targets: with 50,000 companies x 20
metric/period columns (``--companies 50000``, a million facts) the Financials view opens in < 1 s,
any sort or filter responds in < 200 ms and memory grows no faster than the facts shown; against a
bare PySide6 QMainWindow process (both offscreen, exiting after the first show via
QTimer.singleShot(0, app.quit)) the first paint within 1.5x, the tables filled within 2.5x and the
charts drawn within 4x.

Every grid action is timed in a fresh process (wall and CPU time, median of the runs, the
processes of each code version interleaved); ``--baseline REV`` runs the ``ui`` package of a
git revision side by side with the current one, over the same store and the current core.

    .venv/bin/python bench/bench_ui.py --companies 50000 --baseline 1761350   # the issue's scale
    .venv/bin/python bench/bench_ui.py              # 5,000 x 20, 7 start-up runs each
    .venv/bin/python bench/bench_ui.py --quick      # 1,000 companies, 3 runs
    .venv/bin/python bench/bench_ui.py --cold-start --runs 11   # only the cold start (its section rewritten)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = [(m, p) for m in ("revenue", "revenue_yoy", "net_profit", "net_profit_yoy")
           for p in ("2022A", "2023A", "2024Q1-Q3")] + [
    ("pe", "2024E"), ("pe", "2025E"), ("ytd_return", "2024YTD"), ("eps", "2023A"), ("eps", "2024E"),
    ("market_cap", "2024YTD"), ("close", "2024YTD"), ("pe", "2026E")]  # 20 columns
HANZI = "华为中兴海光紫光长电通富晶方澜起兆易韦尔思特威艾为卓胜圣邦瑞芯全志乐鑫恒玄翱捷炬芯泰凌中科蓝讯东山鹏鼎深南沪电景旺"


# ---------------------------------------------------------------------------- child processes
BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1400, 900)
w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from ui.app import create_application, show_main_window
mode, db = sys.argv[1], Path(sys.argv[2])
app = create_application([])
if mode == "show":        # the brief's measure: exit right after the first show (as run() does it)
    window = show_main_window(db)
    QTimer.singleShot(0, app.quit)
elif mode == "painted":   # after the window's first paint (the store would open next)
    window = show_main_window(None)
    window.first_painted.connect(app.quit)
elif mode == "data":      # store opened, every table filled (charts not yet)
    window = show_main_window(db)
    window.store_opened.connect(lambda *_: app.quit())
elif mode == "charts":    # charts drawn too (pictures of the last session's charts, else their specs drawn)
    window = show_main_window(db)  # (the window paints its chart area before it says charts_ready)
    window.charts_ready.connect(lambda: QTimer.singleShot(0, app.quit))
elif mode == "live":      # the live (pyqtgraph) charts in place
    window = show_main_window(db)
    def ready():
        if window.charts.is_live():
            QTimer.singleShot(0, app.quit)
        else:
            window.charts.panels_ready.connect(lambda: QTimer.singleShot(0, app.quit))
    window.charts_ready.connect(ready)
elif mode == "prime":     # a session that leaves the charts' pictures, as one that ran a while does
    window = show_main_window(db)
    def save():
        QTimer.singleShot(300, lambda: (window.charts.save_pictures(), app.quit()))
    window.charts_ready.connect(lambda: save() if window.charts.is_live() else window.charts.panels_ready.connect(save))
app.exec()
"""


PYCACHE = Path(tempfile.gettempdir()) / "workbench-bench-ui-pycache"


def child_env(config: Path, code: Path = ROOT) -> dict:
    """The environment of a measured process: offscreen, its own settings, and bytecode caches as an
    installed app has them (in a folder of their own, even where the shell says not to write any)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8", XDG_CONFIG_HOME=str(config),
               PYTHONPYCACHEPREFIX=str(PYCACHE / code.name))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    paths = [str(code)] + ([str(ROOT)] if code != ROOT else [])  # an older ui over the current core
    env["PYTHONPATH"] = os.pathsep.join(paths + [env.get("PYTHONPATH", "")])
    return env


def time_process(args: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of a whole child process.

    A ``python -c`` child puts its working folder first on its path: an older ``ui`` runs from its own.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=120)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cold_start(runs: int, demo: Path, config: Path, baseline: tuple[str, Path] | None = None) \
        -> dict[str, tuple[float, float]]:
    """Median wall and CPU time of each case, the runs interleaved so drift hits every case alike.

    The cases run with a settings folder where an earlier session left the charts' pictures,
    except the first-start cases, whose folder never gets any (their processes end before a live
    chart could write one). ``baseline`` (revision, its ui package) adds its first start's charts.
    """
    env, first = child_env(config), child_env(config.with_name(config.name + "-first"))
    subprocess.run([sys.executable, "-c", APP, "prime", str(demo)], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    if len(list(config.rglob("*.png"))) != 2:
        raise SystemExit("the priming session left no pictures of its two charts")
    cases = {
        "bare QMainWindow, exit after show": ([sys.executable, "-c", BARE], env),
        "workbench, exit after show": ([sys.executable, "-c", APP, "show", str(demo)], env),
        "workbench, first paint": ([sys.executable, "-c", APP, "painted", str(demo)], env),
        "workbench, store open and tables filled": ([sys.executable, "-c", APP, "data", str(demo)], env),
        "workbench, charts drawn (pictures of the same charts from the last session)":
            ([sys.executable, "-c", APP, "charts", str(demo)], env),
        "workbench, charts drawn on a first start (no pictures: the specs drawn with QPainter)":
            ([sys.executable, "-c", APP, "charts", str(demo)], first),
        "workbench, live charts in place (pyqtgraph loaded in idle time, 0.4 s after the pictures)":
            ([sys.executable, "-c", APP, "live", str(demo)], env),
        "workbench, live charts in place on a first start (0.4 s after the drawings)":
            ([sys.executable, "-c", APP, "live", str(demo)], first),
    }
    if baseline is not None:
        rev, code = baseline
        cases[f"ui of {rev}, charts drawn on a first start"] = \
            ([sys.executable, "-c", APP, "charts", str(demo)], child_env(config.with_name(config.name + "-base"), code),
             code)
    for args, case_env, *cwd in cases.values():  # warm the file cache once
        time_process(args, case_env, *cwd)
    walls: dict[str, list[float]] = {k: [] for k in cases}
    cpus: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(runs):
        for name, (args, case_env, *cwd) in cases.items():
            wall, cpu = time_process(args, case_env, *cwd)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {k: (statistics.median(walls[k]), statistics.median(cpus[k])) for k in cases}


# ---------------------------------------------------------------------------- big store
def build_store(path: Path, companies: int) -> int:
    from workbench.store import Store

    rng = random.Random(20241229)
    segments = [f"板块{i:02d}" for i in range(15)]
    rows, tickers = [], []
    for i in range(companies):
        code = (600000 + i) if i < companies // 2 else (1 + i)
        ticker = f"{code:06d}.{'SH' if code >= 600000 else 'SZ'}"
        name = "".join(rng.choice(HANZI) for _ in range(4))
        rows.append({"ticker": ticker, "name": name, "segment": segments[i * 15 // companies]})
        tickers.append(ticker)
    facts = []
    for t in tickers:
        for metric, period in COLUMNS:
            if metric in ("revenue", "net_profit", "market_cap"):
                v = rng.lognormvariate(21, 1.5) * (1 if metric != "net_profit" or rng.random() > 0.15 else -1)
            elif metric.endswith("_yoy") or metric == "ytd_return":
                v = rng.gauss(0.1, 0.4)
            elif metric == "pe":
                v = rng.uniform(-50, 150)
            else:
                v = rng.uniform(0.1, 100)
            facts.append((t, metric, period, v))
    from workbench.domain.issue import Issue, TableColumn

    # the desk's weekly report prints all 20 columns: the grid opens with the report's columns
    issue = Issue(series="半导体行业周报", headline="bench", period_start="2024-12-23", period_end="2024-12-29",
                  publish_date="2024-12-30")
    issue.table.columns = [TableColumn(m, p) for m, p in COLUMNS]
    with Store(path) as store:
        store.upsert_companies(rows)
        store.write_facts(facts, source="bench", as_of="2024-12-29")
        store.save_issue(issue)
        return store.counts()["facts"]


def open_as_the_app_does(path: Path):
    """The store as the window opens it: read through the plain reader, the full Store later."""
    try:
        from workbench.store.reader import LazyStore
    except ImportError:  # a core without it
        from workbench.store import Store

        return Store(path)
    return LazyStore.open(path)


def idle(app, seconds: float = 1.0, until=None) -> None:
    """Let the event loop run, as a user looking at the grid does (idle-time work happens): a second,
    or until ``until()`` is true (at most 30 s)."""
    start = time.perf_counter()
    while True:
        app.processEvents()
        waited = time.perf_counter() - start
        if (until() if until is not None else waited >= seconds) or waited > 30:
            break
        time.sleep(0.01)


def timed(fn, app) -> tuple[float, float]:
    """Wall and CPU time of fn() followed by processing the events it caused (the repaint)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    app.processEvents()
    return time.perf_counter() - wall, time.process_time() - cpu


def grid(path: Path) -> dict[str, tuple[float, float]]:
    """Time the grid's actions once each, in this process (run by ``--grid-child``)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.app import create_application
    from ui.models import FinancialsTableModel
    from ui.session import StoreSession
    from ui.table_view import TablePage

    import numpy  # noqa: F401  (loaded with the charts in the app, before anyone sorts)

    app = QApplication.instance() or create_application([])
    session = StoreSession(open_as_the_app_does(path))
    results: dict[str, tuple[float, float]] = {}
    page = TablePage("bench", grouped_header=True)
    page.resize(1400, 700)
    asc, desc = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder

    def open_view():
        model = FinancialsTableModel(session)  # the default columns: the report's, as the app opens it
        model.reload()
        page.set_model(model)
        page.show()

    results["open Financials view (the report's columns; names loaded, facts of the rows shown, first paint)"] = \
        timed(open_view, app)
    model, proxy, view = page.model, page.proxy, page.view
    results["  of which the store query + cache (reload)"] = timed(model.reload, app)
    assert model.columnCount() >= 3 + 11, model.columnCount()  # (a ui without the issue's spec: the 11 standard)
    prepare = getattr(model, "prepare_sort_keys", None)
    if prepare is not None:  # as the window does once the first screen is filled
        prepare()
    idle(app, until=lambda: not getattr(model, "sort_keys_pending", lambda: False)())
    revenue = next(i for i, c in enumerate(model.columns) if c.key == ("revenue", "2023A"))
    results["sort by a number column (first time; its key read in idle time, else read now)"] = \
        timed(lambda: view.sortByColumn(revenue, desc), app)
    results["sort by a number column (again, other order)"] = timed(lambda: view.sortByColumn(revenue, asc), app)
    results["sort by name, pinyin (first time; its key computed in idle time, else now)"] = timed(lambda: view.sortByColumn(2, asc), app)
    results["sort by name, pinyin (again, other order)"] = timed(lambda: view.sortByColumn(2, desc), app)
    results["sort by ticker"] = timed(lambda: view.sortByColumn(1, asc), app)
    results["back to report order"] = timed(lambda: proxy.sort(-1), app)
    results["filter: type one character"] = timed(lambda: page.filter_edit.setText("华"), app)
    results["filter: type a ticker prefix"] = timed(lambda: page.filter_edit.setText("6001"), app)
    results["filter: clear"] = timed(lambda: page.filter_edit.setText(""), app)
    results["segment filter combo"] = timed(lambda: page.group_combo.setCurrentIndex(5), app)
    results["segment filter off"] = timed(lambda: page.group_combo.setCurrentIndex(0), app)
    full = getattr(session.store, "full", None)
    if full is not None:
        full()  # the app opens the full Store (sqlite-utils) in the idle time after the first screen
    index = proxy.index(0, revenue)

    def edit():
        assert proxy.setData(index, f"{random.random() * 100:.1f}")

    results["edit one cell (validate, write, undo step, repaint)"] = timed(edit, app)
    view.setCurrentIndex(proxy.index(10, revenue))

    def paste():
        assert view.paste_text("\n".join("\t".join(f"{random.random() * 10:.2f}" for _ in range(4))
                                         for _ in range(3)))

    results["paste 3 x 4 TSV block"] = timed(paste, app)
    steps = session.undo_stack.count()
    assert steps == 2, steps
    cells = [(r, c) for r in range(40) for c in range(model.columnCount())]
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(10):
        for r, c in cells:
            model.data(model.index(r, c))
    calls = 10 * len(cells)
    results["data() per call (display role, µs)"] = ((time.perf_counter() - wall) / calls * 1e6,
                                                      (time.process_time() - cpu) / calls * 1e6)
    session.close()
    return results


SHOWN = (1000, 5000)  # rows whose facts the memory measure shows: the first 1,000, then 4,000 more


def memory(path: Path) -> dict[str, float]:
    """Memory the grid holds (tracemalloc, and the process's RSS): opened, after showing the first
    SHOWN[0] rows, then SHOWN[1] rows, after sorting by a figure (run by ``--memory-child``)."""
    import tracemalloc

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.app import create_application
    from ui.models import FinancialsTableModel
    from ui.session import StoreSession
    from workbench.store import Store

    def rss() -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    import numpy  # noqa: F401  (loaded with the charts in the app: not the grid's memory)

    QApplication.instance() or create_application([])
    session = StoreSession(Store(path))
    companies = session.store.counts()["companies"]
    model = FinancialsTableModel(session, fact_columns=COLUMNS)
    model.sort(-1)
    tracemalloc.start()
    traced0, rss0 = tracemalloc.get_traced_memory()[0], rss()
    model.reload()
    traced1, rss1 = tracemalloc.get_traced_memory()[0], rss()
    out = {"companies": companies, "opened": traced1 - traced0, "opened rss": rss1 - rss0}
    traced, resident, start = traced1, rss1, 0
    for step, rows in enumerate(SHOWN, start=1):
        rows = min(rows, model.rowCount())
        for r in range(start, rows):
            model.index(r, model.columnCount() - 1).data()
        out[f"facts shown {step}"] = sum(1 for r in range(start, rows) for c in range(3, model.columnCount())
                                         if model.index(r, c).data(Qt.ItemDataRole.UserRole) is not None)
        now, now_rss = tracemalloc.get_traced_memory()[0], rss()
        out[f"shown {step}"], out[f"shown {step} rss"] = now - traced, now_rss - resident
        traced, resident, start = now, now_rss, rows
    model.sort(3, Qt.SortOrder.DescendingOrder)
    now, now_rss = tracemalloc.get_traced_memory()[0], rss()
    out["sorted"], out["sorted rss"] = now - traced, now_rss - resident
    tracemalloc.stop()
    session.close()
    return out


def child(kind: str, code: Path, store: Path, config: Path) -> dict:
    """Run ``grid`` or ``memory`` in a fresh process over a copy of ``store`` with ``code``'s ui package."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="bench-ui-run-") as tmp:
        copy = Path(tmp) / store.name
        shutil.copyfile(store, copy)
        out = subprocess.run([sys.executable, __file__, f"--{kind}-child", str(copy)], env=child_env(config, code),
                             cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def checkout_ui(rev: str, into: Path) -> Path:
    """The ``ui`` package of git revision ``rev``, unpacked under ``into`` (which goes first on the path)."""
    import io
    import tarfile

    data = subprocess.run(["git", "archive", rev, "ui"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def median_pairs(runs: list[dict]) -> dict[str, tuple[float, float]]:
    return {k: (statistics.median(r[k][0] for r in runs), statistics.median(r[k][1] for r in runs)) for k in runs[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--companies", type=int, default=None)
    parser.add_argument("--runs", type=int, default=None, help="start-up runs per case")
    parser.add_argument("--grid-runs", type=int, default=3, help="grid processes per code version")
    parser.add_argument("--baseline", help="a git revision whose ui package runs side by side with the current one")
    parser.add_argument("--memory", default=None, help="store sizes for the memory measure (default 10000,50000)")
    parser.add_argument("--no-write", action="store_true", help="print only, do not write RESULTS-ui.md")
    parser.add_argument("--cold-start", action="store_true",
                        help="only the cold start on the demo store; rewrites only its section of RESULTS-ui.md")
    parser.add_argument("--grid-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.grid_child:
        print(json.dumps(grid(args.grid_child)))
        return 0
    if args.memory_child:
        print(json.dumps(memory(args.memory_child)))
        return 0
    companies = args.companies or (1000 if args.quick else 5000)
    runs = args.runs or (3 if args.quick else 7)
    if args.cold_start:
        return cold_start_only(runs, args.no_write, args.baseline)
    sizes = [int(n) for n in (args.memory or ("1000,5000" if args.quick else "10000,50000")).split(",")]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        tmp = Path(tmp)
        config = tmp / "config"
        os.environ["XDG_CONFIG_HOME"] = str(config)
        versions = {"this version": ROOT}
        if args.baseline:
            versions[f"ui of {args.baseline}"] = checkout_ui(args.baseline, tmp / "baseline")
        stores: dict[int, tuple[Path, int]] = {}
        for n in sorted({companies, *sizes}):
            t0 = time.perf_counter()
            path = tmp / f"big-{n}.sqlite"
            stores[n] = (path, build_store(path, n))
            print(f"built {n:,} companies x {len(COLUMNS)} columns = {stores[n][1]:,} facts "
                  f"in {time.perf_counter() - t0:.1f} s")
        big, n_facts = stores[companies]
        grid_runs: dict[str, list[dict]] = {v: [] for v in versions}
        for _ in range(args.grid_runs):  # the versions' processes interleaved
            for name, code in versions.items():
                grid_runs[name].append(child("grid", code, big, config))
        grids = {name: median_pairs(r) for name, r in grid_runs.items()}
        for name, results in grids.items():
            print(f"-- {name}")
            for k, (wall, cpu) in results.items():
                unit = (lambda v: f"{v:8.1f} µs") if "µs" in k else (lambda v: f"{v * 1000:8.1f} ms")
                print(f"{k:<72} {unit(wall)} wall {unit(cpu)} CPU")
        mem = {name: {n: child("memory", code, stores[n][0], config) for n in sizes} for name, code in versions.items()}
        for name, by_size in mem.items():
            for n, m in by_size.items():
                print(f"-- {name}, {n:,} companies: {m}")

        from workbench.demo import build_demo

        demo = tmp / "demo.sqlite"
        build_demo(demo)
        starts = cold_start(runs, demo, tmp / "config-start")
        bare_wall, bare_cpu = starts["bare QMainWindow, exit after show"]
        for k, (wall, cpu) in starts.items():
            print(f"{k:<55} {wall * 1000:6.0f} ms {wall / bare_wall:4.2f}x   CPU {cpu * 1000:6.0f} ms "
                  f"{cpu / bare_cpu:4.2f}x")

    names = list(versions)
    lines = [
        "# Desktop app speed (bench/bench_ui.py)",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, shared with "
        "other jobs while this ran (wall times inflate; CPU times are the steadier measure); Qt offscreen platform. "
        f"Re-run with `.venv/bin/python bench/bench_ui.py --companies {companies}"
        + (f" --baseline {args.baseline}" if args.baseline else "") + "`.",
        "",
        f"## Financials grid: {companies:,} companies x {len(COLUMNS)} metric/period columns ({n_facts:,} facts)",
        "",
        f"Each action runs once per process, {args.grid_runs} processes per version, interleaved; the table gives "
        "medians. A time includes processing the events the action caused (the repaint). "
        + (f"The second pair of columns runs the `ui` package as it was at `{args.baseline}` over the same store "
           "and the current core, in the same run. " if args.baseline else "")
        + "Targets: open < 1 s, any sort or filter < 200 ms.",
        "",
        "| action | " + " | ".join(f"{n} wall | CPU" for n in names) + " |",
        "|---|" + "---:|---:|" * len(names),
    ]
    for k in grids[names[0]]:
        cells = []
        for n in names:
            wall, cpu = grids[n][k]
            cells += [f"{wall:.1f} µs", f"{cpu:.1f} µs"] if "µs" in k else [ms(wall), ms(cpu)]
        lines.append(f"| {k.strip()} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Memory of the grid (tracemalloc; RSS in brackets), all 20 figure columns",
        "",
        "Opened: the model after `reload()` (segment, ticker and name of every company). Shown: what reading "
        f"the facts of the first {SHOWN[0]:,} rows added, then of the next {SHOWN[1] - SHOWN[0]:,}, per fact "
        "shown. Sorted: what sorting by one figure column added (its key, and the row order once it is not the "
        "report order), per company. Memory should grow with the companies (names) and the facts shown, not "
        "with the facts in the store.",
        "",
        "| version | companies | opened | per company | facts shown | added | per fact | facts shown | added "
        "| per fact | sorted | per company |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, by_size in mem.items():
        for n, m in by_size.items():
            cells = [name, f"{m['companies']:,}", f"{m['opened'] / 1e6:.1f} MB ({m['opened rss'] / 1e6:.1f} MB)",
                     f"{m['opened'] / m['companies']:.0f} B"]
            for step in (1, 2):
                facts = m[f"facts shown {step}"]
                cells += [f"{facts:,}", f"{m[f'shown {step}'] / 1e6:.2f} MB ({m[f'shown {step} rss'] / 1e6:.1f} MB)",
                          f"{m[f'shown {step}'] / max(1, facts):.0f} B"]
            cells += [f"{m['sorted'] / 1e6:.2f} MB ({m['sorted rss'] / 1e6:.1f} MB)",
                      f"{m['sorted'] / m['companies']:.0f} B"]
            lines.append("| " + " | ".join(cells) + " |")
    lines += ["", *cold_start_section(runs, starts), "", NOTES, ""]
    if not args.no_write:
        (ROOT / "bench" / "RESULTS-ui.md").write_text("\n".join(lines), encoding="utf-8")
        print("wrote bench/RESULTS-ui.md")
    return 0


COLD_START_HEADING = "## Cold start on the demo store"


def cold_start_section(runs: int, starts: dict[str, tuple[float, float]]) -> list[str]:
    bare_wall, bare_cpu = starts["bare QMainWindow, exit after show"]
    lines = [
        f"{COLD_START_HEADING} (median of {runs} runs each, interleaved, whole processes)",
        "",
        "Targets against a bare PySide6 QMainWindow process exiting after the first show via "
        "`QTimer.singleShot(0, app.quit)`: first paint <= 1.5x, tables filled <= 2.5x, charts drawn <= 4x. "
        "CPU is the children's user + system time (`getrusage(RUSAGE_CHILDREN)`). The workbench shows its "
        "window first, fills its tables through the plain sqlite3 reader after the first paint, draws the charts "
        "after the tables and opens the full store (sqlite-utils) once they are drawn; the later rows say how "
        "long until data and charts are on screen. The window paints its chart area before it signals that the "
        "charts are drawn, so the drawing is in the time (and so is opening the full store, which runs first "
        "in the idle time after it)."
        + "".join(f" The last row runs the `ui` package of `{k[6:k.index(',')]}` over the same core and store "
                  "(`--baseline`): there a first start loaded pyqtgraph before its charts showed."
                  for k in starts if k.startswith("ui of ")),
        "",
        "| process | wall | vs bare | CPU | vs bare |",
        "|---|---:|---:|---:|---:|",
    ]
    for k, (wall, cpu) in starts.items():
        lines.append(f"| {k} | {wall * 1000:.0f} ms | {wall / bare_wall:.2f}x | {cpu * 1000:.0f} ms "
                     f"| {cpu / bare_cpu:.2f}x |")
    return lines


def cold_start_only(runs: int, no_write: bool, baseline: str | None = None) -> int:
    """Measure the cold start alone and rewrite its section (and the notes after it) in RESULTS-ui.md."""
    from workbench.demo import build_demo

    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        tmp = Path(tmp)
        demo = tmp / "demo.sqlite"
        build_demo(demo)
        base = (baseline, checkout_ui(baseline, tmp / "baseline")) if baseline else None
        starts = cold_start(runs, demo, tmp / "config-start", base)
    bare_wall, bare_cpu = starts["bare QMainWindow, exit after show"]
    for k, (wall, cpu) in starts.items():
        print(f"{k:<55} {wall * 1000:6.0f} ms {wall / bare_wall:4.2f}x   CPU {cpu * 1000:6.0f} ms "
              f"{cpu / bare_cpu:4.2f}x")
    if not no_write:
        path = ROOT / "bench" / "RESULTS-ui.md"
        text = path.read_text(encoding="utf-8")
        head = text[:text.index(COLD_START_HEADING)] if COLD_START_HEADING in text else text.rstrip("\n") + "\n\n"
        path.write_text(head + "\n".join([*cold_start_section(runs, starts), "", NOTES, ""]), encoding="utf-8")
        print("wrote the cold start of bench/RESULTS-ui.md")
    return 0


NOTES = """What the numbers rest on.

The grid: the model keeps every company's segment, ticker and name and reads a row's facts when a
view paints it (`DataTableView` asks for the rows it is about to paint and a page below, in one
query). It opens with the report's columns (the latest issue's table spec, here all 20; a store
without an issue gets the reference issue's 11) and checks that the store has them in its first
20,000 facts, without the `SELECT DISTINCT metric, period FROM facts` over every fact (about 0.4 s
of CPU at this size) that the default columns asked before; only a store lacking most of them still
lists every column. The ui of the baseline opens with the reference issue's 11 columns and that scan.

Sorting computes one key array per column (the values, or each text's rank) and keeps it until a
value in that column changes; a sort is a stable `numpy.argsort`, and a sort already in place moves
nothing. Once the first screen is filled and the full Store is open, the grids compute the keys of a
first sort in idle time: text columns one per event-loop turn (the names' Chinese collation, about
80 ms of CPU at 50,000 companies), figure columns on a pool thread with a read-only sqlite3 reader
of its own (one scan of the facts per column, about 60 ms each; SQLite scans without holding the
GIL). The first-sort rows here are measured after that idle time, so they cost what a second sort
costs; a sort that comes before a key is ready reads its column then (about 50 ms more CPU for a
figure, 100 ms for the names). A key read before an edit of its column, or for rows since
reloaded, is dropped. The keys take 8 bytes per company and column shown (8 MB for 50,000 x 20).
Names are ranked in the Chinese collation by sorting first on a native key (each character's own
collation rank) and checking the result pair by pair with `QCollator`. The filter proxy works out
the matching rows for all rows at once and re-maps them in one layout change.

The start-up: only Qt, the font and the translations load before the first paint. The tables, the
charts' data and the status bar then read the store through `LazyStore` (workbench/store/reader.py):
a read-only plain sqlite3 reader answering the reads the `Store` would, with the same SQL. The full
`Store` (sqlite-utils, with pandas and numpy hidden) opens in the idle time after the charts are
first drawn, or at once when something writes first; from then on the reader reads over the Store's
own connection. A store that needs an upgrade (an older release), a new file or a foreign one opens
as a `Store` before anything reads it, as before; a store that joined a desk opens its Store at once
to sync. The live charts need numpy (about 0.09 s of CPU here) and pyqtgraph, whose `Qt` shim
copies every name of QtCore, QtGui and QtWidgets into its own modules and so makes PySide build every
class and enum of the three (about 0.08 s; no setting avoids it short of patching pyqtgraph), then
imports the rest of itself (about 0.09 s). So the charts are first drawn without them: a chart whose spec (data, titles, source) was drawn in an earlier session
at the same size is shown from its picture; any other chart (a first start, data changed inside or
outside the app, another size) is drawn from its spec with plain QPainter
(`ui/widgets/chart_sketch.py`), laid out as pyqtgraph lays it out (same fonts, margins, tick choice,
ranges, legend, source line and readout), so its pixels are the live chart's within a pixel or two.
pyqtgraph loads 0.4 s later in idle time and the live charts (crosshair, export) replace the
drawings; an Export click before then loads them at once. The measured processes run from bytecode
caches, as an installed app does."""



if __name__ == "__main__":
    raise SystemExit(main())
