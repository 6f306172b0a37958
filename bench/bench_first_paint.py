"""Start-up of the main window alone: process start to the first paint of an empty window, against a
bare PySide6 QMainWindow, and optionally against the ``ui`` package of an earlier git revision.

Prints numbers and writes bench/RESULTS-first-paint.md; not a test. Each run is a fresh process
(offscreen, fresh settings folder); the processes of the bare window, the current code and the
baseline are interleaved, and the medians of wall time, CPU time (user + system, from
``getrusage(RUSAGE_CHILDREN)``) and the in-process time to ``first_painted`` are reported.

Both code versions run from temporary copies compiled to bytecode first (``compileall``), as an
installed app or a PyInstaller bundle runs; ``--source`` leaves them uncompiled, which is what a
checkout gives when ``PYTHONDONTWRITEBYTECODE`` is set (every module compiled at every start).

    .venv/bin/python bench/bench_first_paint.py --baseline 1761350 --runs 21
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import sys, time
t = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1400, 900)
w.show()
QTimer.singleShot(0, lambda: (print(time.perf_counter() - t), app.quit()))
app.exec()
"""

WINDOW = """
import sys, time
t = time.perf_counter()
from ui.app import create_application, show_main_window
app = create_application(sys.argv[:1])
window = show_main_window(None)
def painted():
    late = sorted(m for m in sys.modules if m.startswith("ui."))
    print(time.perf_counter() - t, len(late))
    app.quit()
window.first_painted.connect(painted)
app.exec()
"""


def copy_tree(rev: str | None, dest: Path, compile_: bool) -> Path:
    """ui/ and workbench/ of ``rev`` (None: the working tree) in ``dest``, resources/ linked."""
    dest.mkdir(parents=True)
    if rev is None:
        for name in ("ui", "workbench"):
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        data = subprocess.run(["git", "archive", rev, "ui", "workbench"], cwd=ROOT, check=True,
                              capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(dest, filter="data")
    (dest / "resources").symlink_to(ROOT / "resources")
    if compile_:
        for name in ("ui", "workbench"):
            compileall.compile_dir(str(dest / name), quiet=1)
    return dest


def run(code: str, cwd: Path, config: Path) -> tuple[float, float, float, int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8", XDG_CONFIG_HOME=str(config),
               PYTHONPATH=str(cwd))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    out = proc.stdout.split()
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, float(out[0]), int(out[1]) if len(out) > 1 else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", help="a git revision whose ui/ and workbench/ run side by side")
    parser.add_argument("--source", action="store_true", help="run uncompiled sources (no .pyc)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS-first-paint.md")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        versions = {"bare QMainWindow": (BARE, tmp)}
        versions["workbench (this tree)"] = (WINDOW, copy_tree(None, tmp / "current", not args.source))
        if args.baseline:
            versions[f"workbench at {args.baseline}"] = (WINDOW, copy_tree(args.baseline, tmp / "baseline",
                                                                          not args.source))
        results = {name: [] for name in versions}
        for _ in range(args.runs):
            for name, (code, cwd) in versions.items():
                results[name].append(run(code, cwd, tmp / "config"))

    med = {name: [statistics.median(r[i] for r in rows) for i in range(4)] for name, rows in results.items()}
    bare = med["bare QMainWindow"]
    lines = ["| process | wall (median) | x bare | CPU (median) | x bare | in-process to first paint | ui modules loaded |",
             "|---|---|---|---|---|---|---|"]
    for name, (wall, cpu, inner, modules) in med.items():
        lines.append(f"| {name} | {wall * 1000:.0f} ms | {wall / bare[0]:.2f}x | {cpu * 1000:.0f} ms | "
                     f"{cpu / bare[1]:.2f}x | {inner * 1000:.0f} ms | {modules if name != 'bare QMainWindow' else ''} |")
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        load = os.getloadavg()
        text = (
            "# Main window start-up: first paint\n\n"
            "Written by `bench/bench_first_paint.py"
            + (f" --baseline {args.baseline}" if args.baseline else "") + f" --runs {args.runs}"
            + (" --source" if args.source else "") + "`.\n\n"
            f"Process start to the first paint of an empty main window (no store), {args.runs} fresh processes "
            "per row, interleaved, offscreen; medians. CPU is user + system time of the child process. "
            + ("Sources uncompiled (every module compiled at every start). " if args.source else
               "Each version runs from a temporary copy compiled to bytecode first, as an installed app does. ")
            + f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average "
            f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end (shared: read the CPU column first).\n\n"
            + table + "\n")
        (ROOT / "bench" / "RESULTS-first-paint.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
