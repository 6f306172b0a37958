"""Bundle size and start-up time: the PyInstaller bundle against the venv, side by side.

    bash packaging/build.sh                  # builds dist/workbench and its tar.gz
    .venv/bin/python bench/bench_bundle.py   # prints the table, writes bench/RESULTS-bundle.md

Sizes: the bundle folder on disk, its tar.gz (the Linux download), and the venv for reference.
Start-up, each measured on the bundle and the venv alternately:
  * ``workbench --version``;
  * the main window offscreen: process start until the app reports its window
    (``smoke: window '...' visible=True ...``, the ``WORKBENCH_SMOKE_QUIT_MS`` hook of ui/app.py,
    which then quits), and until the process has exited. Without the hook: until the window is
    mapped on an Xvfb screen.
"Cold" runs drop the kernel's page cache first (root only; otherwise every run is warm and the
table says so); "warm" is the median of the repeated runs. Options: --runs N (warm runs,
default 7), --cold N (cold runs, default 3), --bundle DIR, --no-write.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS-bundle.md"
WINDOW_TIMEOUT = 120


def disk_mb(path: Path) -> float:
    """Space the tree takes on disk (allocated blocks), in MB."""
    total = 0
    for dirpath, dirnames, filenames in os.walk(path):
        for name in filenames + dirnames:
            st = os.lstat(os.path.join(dirpath, name))
            total += st.st_blocks * 512
    return total / 1e6


def tarball_mb(bundle: Path) -> tuple[float, str]:
    """Size of the tar.gz build.sh made, or of one made now when there is none."""
    found = sorted(ROOT.glob("dist/analyst-workbench-*-linux-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if found and bundle.resolve() == (ROOT / "dist" / "workbench").resolve():
        return found[-1].stat().st_size / 1e6, found[-1].name
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bundle.tar.gz"
        with tarfile.open(out, "w:gz", compresslevel=6) as tar:
            tar.add(bundle, arcname="analyst-workbench")
        return out.stat().st_size / 1e6, "(packed now, gzip -6)"


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TMPDIR": str(home)}
    env.update(extra)
    return env


def time_version(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([*cmd, "--version"], env=env, check=True, capture_output=True, timeout=60)
    return time.perf_counter() - t0


class WindowTimer:
    """Times process start -> main window shown, through the app's smoke hook or, without it, Xvfb."""

    def __init__(self, store: Path):
        self.store = store
        self.mode = "hook"
        self.xvfb: subprocess.Popen | None = None
        self.display = ""

    def detect(self, cmd: list[str], env: dict[str, str]) -> str:
        """Use the WORKBENCH_SMOKE_QUIT_MS hook when the app has it, else a real window on Xvfb."""
        try:
            self._hook(cmd, env, timeout=30)
            self.mode = "hook"
        except (RuntimeError, subprocess.TimeoutExpired):
            self.mode = "xvfb"
            self._start_xvfb()
        return self.mode

    def _start_xvfb(self) -> None:
        read_fd, write_fd = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24",
                                      "-nolisten", "tcp"], pass_fds=(write_fd,), stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            self.display = ":" + f.readline().strip()

    def close(self) -> None:
        if self.xvfb is not None:
            self.xvfb.terminate()
            self.xvfb.wait()

    def __call__(self, cmd: list[str], env: dict[str, str]) -> tuple[float, float | None]:
        """(seconds until the window is shown, seconds until the process exited, or None on Xvfb)."""
        if self.mode == "hook":
            return self._hook(cmd, env)
        return self._xvfb(cmd, env)

    def _hook(self, cmd, env, timeout=WINDOW_TIMEOUT):
        env = {**env, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_SMOKE_QUIT_MS": "1"}
        t0 = time.perf_counter()
        proc = subprocess.Popen([*cmd, "--db", str(self.store)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace")
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        shown, seen = None, []
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.append(line)
            if shown is None and (line.startswith("smoke: window") or "window shown" in line):
                shown = time.perf_counter() - t0
        rc = proc.wait()
        done = time.perf_counter() - t0
        timer.cancel()
        if rc != 0 or shown is None:
            raise RuntimeError(f"window run exited {rc} without reporting its window:\n{''.join(seen)[-1500:]}")
        return shown, done

    def _xvfb(self, cmd, env):
        env = {**env, "DISPLAY": self.display}
        t0 = time.perf_counter()
        proc = subprocess.Popen([*cmd, "--db", str(self.store)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            while time.perf_counter() - t0 < WINDOW_TIMEOUT:
                tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True,
                                      text=True, errors="replace").stdout
                if any(self.store.name in line and re.search(r"\d+x\d+", line) for line in tree.splitlines()):
                    return time.perf_counter() - t0, None
                if proc.poll() is not None:
                    raise RuntimeError(f"the app exited {proc.returncode} before its window appeared")
                time.sleep(0.02)
            raise RuntimeError("no window within the time limit")
        finally:
            proc.terminate()
            proc.wait()


def fmt(xs: list[float]) -> str:
    return f"{statistics.median(xs):.2f}" if xs else "n/a"


def _measure(targets, home, time_window, add, args, cold_ok) -> None:
    # a warm-up of each first, so the warm numbers are warm
    for cmd in targets.values():
        time_version(cmd, clean_env(home))
        time_window(cmd, clean_env(home))
    print(f"Warm runs x{args.runs} ...", flush=True)
    for _ in range(args.runs):
        for name, cmd in targets.items():
            add((name, "version"), time_version(cmd, clean_env(home)))
            shown, done = time_window(cmd, clean_env(home))
            add((name, "shown"), shown)
            add((name, "done"), done)
    if cold_ok:
        print(f"Cold runs x{args.cold} (page cache dropped before each) ...", flush=True)
        for _ in range(args.cold):
            for name, cmd in targets.items():
                drop_caches()
                add((name, "cold version"), time_version(cmd, clean_env(home)))
                drop_caches()
                shown, done = time_window(cmd, clean_env(home))
                add((name, "cold shown"), shown)
                add((name, "cold done"), done)



def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", type=Path, default=ROOT / "dist" / "workbench")
    ap.add_argument("--venv", type=Path, default=ROOT / ".venv")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--cold", type=int, default=3)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)

    bundle_exe = args.bundle / "workbench"
    venv_exe = args.venv / "bin" / "workbench"
    for exe in (bundle_exe, venv_exe):
        if not exe.exists():
            print(f"missing {exe}: run bash packaging/build.sh (and scripts/setup.sh) first", file=sys.stderr)
            return 2
    targets = {"bundle": [str(bundle_exe)], "venv": [str(venv_exe)]}

    print("Sizes ...", flush=True)
    bundle_mb = disk_mb(args.bundle)
    tgz_mb, tgz_name = tarball_mb(args.bundle)
    venv_mb = disk_mb(args.venv)
    site = next((args.venv / "lib").glob("python3*/site-packages"))
    qt_mb = disk_mb(site / "PySide6")

    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        home = Path(tmp)
        store = home / "demo.sqlite"
        subprocess.run([str(bundle_exe), "demo", "--db", str(store)], env=clean_env(home), check=True,
                       capture_output=True, timeout=120)
        version = subprocess.run([str(bundle_exe), "--version"], env=clean_env(home), check=True,
                                 capture_output=True, text=True).stdout.strip()

        cold_ok = drop_caches()
        res: dict[tuple[str, str], list[float]] = {}

        def add(key: tuple[str, str], value: float | None) -> None:
            if value is not None:
                res.setdefault(key, []).append(value)

        time_window = WindowTimer(store)
        mode = time_window.detect(targets["bundle"], clean_env(home))
        print(f"Window timing: {'the app smoke hook' if mode == 'hook' else 'Xvfb (the app did not answer the smoke hook)'}")
        try:
            _measure(targets, home, time_window, add, args, cold_ok)
        finally:
            time_window.close()
    def m(name: str, key: str) -> str:
        return fmt(res.get((name, key), []))

    if mode == "hook":
        rows = [
            ("`workbench --version`", "version", "cold version"),
            ("main window shown (offscreen, demo store)", "shown", "cold shown"),
            ("window shown, closed, process exited", "done", "cold done"),
        ]
        how = ("Window: `QT_QPA_PLATFORM=offscreen WORKBENCH_SMOKE_QUIT_MS=1 workbench --db demo.sqlite`, "
               "from process start to the app's `smoke: window ...` line (printed when the timer fires, "
               "right after the first turns of the event loop), then to the process's exit.")
    else:
        rows = [
            ("`workbench --version`", "version", "cold version"),
            ("main window mapped (Xvfb, demo store)", "shown", "cold shown"),
        ]
        how = ("Window: `workbench --db demo.sqlite` on an Xvfb screen, from process start until "
               "`xwininfo -root -tree` (polled every 20 ms) lists the main window titled with the store "
               "(the app did not answer the `WORKBENCH_SMOKE_QUIT_MS` hook; with it the bench times the offscreen "
               "window instead).")
    lines = [
        f"# Bundle size and start-up ({version})",
        "",
        f"Measured {date.today().isoformat()} by `bench/bench_bundle.py` on {platform.platform()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()} (venv); bundle built by "
        "`packaging/build.sh` (PyInstaller one-folder).",
        "",
        "## Size",
        "",
        "| what | MB |",
        "| --- | ---: |",
        f"| bundle folder `dist/workbench` on disk | {bundle_mb:.0f} |",
        f"| its tar.gz, the Linux download ({tgz_name}) | {tgz_mb:.0f} |",
        f"| for reference: the whole `.venv` (incl. test and build tools) | {venv_mb:.0f} |",
        f"| for reference: PySide6 in the venv | {qt_mb:.0f} |",
        "",
        "## Start-up (seconds, median)",
        "",
        how,
        "",
    ]
    if cold_ok:
        lines += [
            "| measurement | bundle warm | venv warm | bundle cold | venv cold |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for label, warm, cold in rows:
            lines.append(f"| {label} | {m('bundle', warm)} | {m('venv', warm)} | "
                         f"{m('bundle', cold)} | {m('venv', cold)} |")
        lines += ["", f"Warm: median of {args.runs} runs after one warm-up. Cold: median of {args.cold} runs, "
                      "each after `echo 3 > /proc/sys/vm/drop_caches` (nothing of either in the page cache)."]
    else:
        lines += ["| measurement | bundle | venv |", "| --- | ---: | ---: |"]
        for label, warm, _ in rows:
            lines.append(f"| {label} | {m('bundle', warm)} | {m('venv', warm)} |")
        lines += ["", f"Median of {args.runs} runs after one warm-up. No cold runs: dropping the page "
                      "cache needs root."]
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
