"""Import speed: a big long CSV against bare pandas + sqlite3, and a Wind-style wide xlsx.

Prints a table; not a test. Targets: the long CSV import (checks, change log with the source
row and column of every value, import log) takes at most 1.5x the time of a bare Python process
doing ``pandas.read_csv`` plus one ``sqlite3.executemany`` transaction of the same rows, and at
most 3x the ``sqlite3`` command-line shell's ``.import`` of the same file (all timed as whole
processes); a 5,000 x 20 Wind-style xlsx imports in under 5 s.

Each process is timed twice: wall time and CPU time (user + system, from the operating system's
account of the finished child). On a machine shared with other jobs the wall times swing with the
load; the CPU times barely do, so the CPU ratios are the ones to compare. The three processes run
interleaved (baseline, shell, workbench, then again), so each round sees the same load. The exit
status (0 when every target is met) judges the CPU ratios and the wide import's call time.

    .venv/bin/python bench/bench_import.py                 # full size: 1,000,000 rows
    .venv/bin/python bench/bench_import.py --rows 50000    # quick
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METRICS = ["revenue", "net_profit", "revenue_yoy", "net_profit_yoy", "eps"]
PERIODS = [f"{y}{k}" for y in range(2005, 2025) for k in ("A", "E")]  # 5 x 40 = 200 facts per company

BASELINE = """
import sqlite3, sys
import pandas as pd
csv_path, db_path = sys.argv[1], sys.argv[2]
df = pd.read_csv(csv_path)
conn = sqlite3.connect(db_path)
conn.execute("CREATE TABLE facts (ticker TEXT NOT NULL, metric TEXT NOT NULL, period TEXT NOT NULL, "
             "value REAL, PRIMARY KEY (ticker, metric, period)) WITHOUT ROWID")
with conn:
    conn.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)",
                     zip(df["ticker"], df["metric"], df["period"], df["value"].tolist()))
conn.close()
"""

SHELL_SCHEMA = ("CREATE TABLE facts (ticker TEXT NOT NULL, name TEXT, period TEXT NOT NULL, metric TEXT NOT NULL, "
                "value REAL, PRIMARY KEY (ticker, metric, period)) WITHOUT ROWID;")

WORKBENCH = """
import sys
from workbench.imports import import_files
from workbench.store import Store
store = Store(sys.argv[2])
result = import_files(store, [sys.argv[1]])
store.close()
print(result.facts.added)
"""


def ticker(i: int) -> str:
    return f"{600000 + i:06d}.SH" if i < 4000 else f"{300000 + i - 4000:06d}.SZ"


def write_long_csv(path: Path, rows: int) -> None:
    rnd = random.Random(1)
    per_company = len(METRICS) * len(PERIODS)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("ticker,name,period,metric,value\n")
        written = 0
        i = 0
        while written < rows:
            t, name = ticker(i), f"公司{i}"
            for m in METRICS:
                for p in PERIODS:
                    if written >= rows:
                        break
                    value = rnd.random() * 1e10 if m in ("revenue", "net_profit") else rnd.random() * 2 - 0.5
                    fh.write(f"{t},{name},{p},{m},{value:.6g}\n")
                    written += 1
            i += 1
    assert written == rows and per_company


def write_wide_xlsx(path: Path, companies: int, columns: int) -> None:
    from openpyxl import Workbook

    rnd = random.Random(2)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("万得")
    ws.append(["电子行业重点公司财务数据"])
    ws.append(["截止日期：2024-12-27"])
    ws.append([])
    kinds = [("营业收入", "亿元"), ("归属母公司股东的净利润", "亿元"), ("营业收入(同比增长率)", "%"),
             ("归属母公司股东的净利润(同比增长率)", "%"), ("每股收益", "元")]
    periods = ["2021年报", "2022年报", "2023年报", "2024三季"]
    headers = ["证券代码", "证券简称"]
    for name, unit in kinds:
        for p in periods:
            headers.append(f"{name}\n[报告期] {p}\n[单位] {unit}")
    headers += ["预测市盈率\n[预测年度] 2024", "预测市盈率\n[预测年度] 2025", "年初至今涨跌幅\n[交易日期] 2024-12-27\n[单位] %"]
    headers = headers[:columns]
    ws.append(headers)
    for i in range(companies):
        row = [ticker(i), f"公司{i}"]
        for j in range(len(headers) - 2):
            row.append("--" if rnd.random() < 0.02 else round(rnd.uniform(-50, 500), 2))
        ws.append(row)
    ws.append([])
    ws.append(["数据来源：Wind"])
    wb.save(path)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(code: str, *args: str) -> tuple[float, float, str]:
    """Wall time, CPU time and output of a Python process running ``code``."""
    env = dict(os.environ, LANG="C.UTF-8", PYTHONPATH=str(ROOT))
    start, cpu = time.perf_counter(), _children_cpu()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if out.returncode != 0:
        raise SystemExit(f"benchmark process failed:\n{out.stderr}")
    return elapsed, cpu, out.stdout.strip()


def run_shell(csv_path: Path, db_path: Path) -> tuple[float, float]:
    """The sqlite3 command-line shell importing the same CSV into a table with the same key."""
    script = f"{SHELL_SCHEMA}\n.import --csv --skip 1 '{csv_path}' facts\n"
    start, cpu = time.perf_counter(), _children_cpu()
    out = subprocess.run(["sqlite3", str(db_path)], input=script, capture_output=True, text=True)
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if out.returncode != 0 or out.stderr.strip():
        raise SystemExit(f"sqlite3 shell import failed:\n{out.stderr}")
    return elapsed, cpu


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the long CSV (default 1,000,000)")
    ap.add_argument("--companies", type=int, default=5000, help="rows of the wide xlsx (default 5,000)")
    ap.add_argument("--columns", type=int, default=20, help="columns of the wide xlsx (default 20)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each process; the median is reported")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        tmp = Path(tmp)
        csv_path = tmp / "long.csv"
        t = time.perf_counter()
        write_long_csv(csv_path, args.rows)
        print(f"long CSV: {args.rows:,} rows, {csv_path.stat().st_size / 1e6:.1f} MB "
              f"(written in {time.perf_counter() - t:.1f} s)")

        base_times, wb_times, shell_times = [], [], []
        base_cpu, wb_cpu, shell_cpu = [], [], []
        has_shell = shutil.which("sqlite3") is not None
        for _ in range(args.repeat):
            elapsed, cpu, _ = run(BASELINE, str(csv_path), str(fresh(tmp / "baseline.sqlite")))
            base_times.append(elapsed)
            base_cpu.append(cpu)
            if has_shell:
                elapsed, cpu = run_shell(csv_path, fresh(tmp / "shell.sqlite"))
                shell_times.append(elapsed)
                shell_cpu.append(cpu)
            elapsed, cpu, added = run(WORKBENCH, str(csv_path), str(fresh(tmp / "workbench.sqlite")))
            if int(added) != args.rows:
                raise SystemExit(f"the import wrote {added} facts, expected {args.rows}")
            wb_times.append(elapsed)
            wb_cpu.append(cpu)
        base, ours = statistics.median(base_times), statistics.median(wb_times)
        shell = statistics.median(shell_times) if shell_times else None
        base_c, ours_c = statistics.median(base_cpu), statistics.median(wb_cpu)
        shell_c = statistics.median(shell_cpu) if shell_cpu else None

        xlsx_path = tmp / "wind.xlsx"
        write_wide_xlsx(xlsx_path, args.companies, args.columns)
        sys.path.insert(0, str(ROOT))
        from workbench.imports import import_files
        from workbench.store import Store

        wide_times = []
        for _ in range(args.repeat):
            with Store(fresh(tmp / "wide.sqlite")) as store:
                start = time.perf_counter()
                result = import_files(store, [xlsx_path])
                wide_times.append(time.perf_counter() - start)
        wide = statistics.median(wide_times)
        wide_process, wide_process_cpu, _ = run(WORKBENCH.replace("print(result.facts.added)", ""), str(xlsx_path),
                              str(fresh(tmp / "wide2.sqlite")))

    def verdict(ratio: float, limit: float) -> str:
        return f"{ratio:.2f}x ({'OK' if ratio <= limit else 'MISSED'})"

    ratio, ratio_c = ours / base, ours_c / base_c
    shell_ratio = ours / shell if shell else None
    shell_ratio_c = ours_c / shell_c if shell_c else None
    print()
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"median of {args.repeat} interleaved runs, whole processes including interpreter start and imports; "
          "CPU = user + system time of the process")
    print()
    print("| case | wall (s) | CPU (s) | target |")
    print("|---|---:|---:|---|")
    print(f"| long CSV {args.rows:,} rows: pandas.read_csv + sqlite3.executemany (bare process) | {base:.2f} | "
          f"{base_c:.2f} | |")
    if shell:
        print(f"| long CSV {args.rows:,} rows: sqlite3 shell `.import` (process) | {shell:.2f} | {shell_c:.2f} | |")
    print(f"| long CSV {args.rows:,} rows: workbench import_files (process) | {ours:.2f} | {ours_c:.2f} | "
          f"pandas+executemany (<= 1.5x): wall {verdict(ratio, 1.5)}, CPU {verdict(ratio_c, 1.5)}"
          + (f"; sqlite3 .import (<= 3x): wall {verdict(shell_ratio, 3)}, CPU {verdict(shell_ratio_c, 3)}"
             if shell else "; sqlite3 shell not found") + " |")
    print(f"| wide xlsx {args.companies:,} x {args.columns} Wind-style: import_files call | {wide:.2f} | | "
          f"< 5 s {'OK' if wide < 5 else 'MISSED'} |")
    print(f"| wide xlsx {args.companies:,} x {args.columns} Wind-style: whole process | {wide_process:.2f} | "
          f"{wide_process_cpu:.2f} | |")
    print()
    print(f"wide import wrote {result.facts.added:,} facts for {result.companies.added:,} companies")
    print("runs, wall (s): baseline " + ", ".join(f"{x:.2f}" for x in base_times)
          + "; sqlite3 shell " + ", ".join(f"{x:.2f}" for x in shell_times) + "; workbench "
          + ", ".join(f"{x:.2f}" for x in wb_times) + "; wide " + ", ".join(f"{x:.2f}" for x in wide_times))
    print("runs, CPU (s): baseline " + ", ".join(f"{x:.2f}" for x in base_cpu)
          + "; sqlite3 shell " + ", ".join(f"{x:.2f}" for x in shell_cpu) + "; workbench "
          + ", ".join(f"{x:.2f}" for x in wb_cpu))
    ok = ratio_c <= 1.5 and (shell_ratio_c is None or shell_ratio_c <= 3) and wide < 5
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
