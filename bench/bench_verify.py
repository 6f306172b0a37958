"""`workbench verify`'s snapshot check: keyed PDFs (/SnapshotSHA256) against rendering every version again.

    .venv/bin/python bench/bench_verify.py   # prints the table, writes bench/RESULTS-verify.md

The demo store with the demo issue published and corrected (``--versions`` published versions in
all, default 6), built twice: once as this release freezes (each PDF carries the SHA-256 of its
snapshot), once with PDFs as an earlier release froze them (no key). Measured, median of --runs:
  * ``verify_store`` on the keyed store (the fast path: the key read with pdfium, the snapshot hashed);
  * ``verify_store`` on the unkeyed store (the slow path: each snapshot rendered again without the
    key, as that release rendered it, and compared byte for byte; the texts only when bytes differ);
  * the check of the previous release (each snapshot rendered again, its SHA-256 compared: render
    cost alone), on the keyed store;
  * ``verify_backup`` (what a restore runs first) on a backup of the keyed store;
and each per version, with a five-year store (260 weekly versions) worked out from it.
Options: --runs N (default 5), --versions N, --no-write.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "RESULTS-verify.md"
FIVE_YEARS = 260


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def published_store(path: Path, versions: int, *, keyed: bool) -> None:
    """The demo store, its issue published ``versions`` times (v1 and corrections); ``keyed=False``
    freezes PDFs without /SnapshotSHA256, as an earlier release wrote them."""
    import workbench.report.render as render
    from workbench.demo import build_demo
    from workbench.drafting.lifecycle import change_status, open_correction
    from workbench.store import Store

    build_demo(path)
    plain = render.canvas_class
    if not keyed:
        render.canvas_class = lambda decorate, epoch=None, info=None: plain(
            decorate, epoch, {k: v for k, v in (info or {}).items() if k != render.SNAPSHOT_KEY})
    try:
        with Store(path) as store:
            issue_id = store.issue("latest").id
            for n in range(versions):
                if n:
                    open_correction(store, issue_id, reason=f"更正 {n}", by="bench")
                change_status(store, issue_id, "review", by="bench")
                change_status(store, issue_id, "final", by="bench")
    finally:
        render.canvas_class = plain


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--versions", type=int, default=6)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from workbench.drafting.record import verify_backup, verify_store
    from workbench.report import render_pdf
    from workbench.report.spec import ReportSpec
    from workbench.store import Store

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as folder:
        keyed, unkeyed, backup = (Path(folder) / n for n in ("keyed.sqlite", "unkeyed.sqlite", "backup.sqlite"))
        published_store(keyed, args.versions, keyed=True)
        published_store(unkeyed, args.versions, keyed=False)
        with Store(keyed) as store:
            store.backup(backup)

        def verify(path):
            with Store(path) as store:
                report = verify_store(store)
            assert report.ok and report.checked == args.versions, report.problems

        def previous_release(path):
            with Store(path) as store:
                for v in store.published_versions():
                    again = render_pdf(ReportSpec.from_json(v["snapshot_json"]))
                    assert hashlib.sha256(again).hexdigest() == v["pdf_sha256"]

        def restore_check():
            assert verify_backup(backup).ok

        verify(keyed)  # warm: fonts registered, modules imported
        fast = median_time(lambda: verify(keyed), args.runs)
        slow = median_time(lambda: verify(unkeyed), args.runs)
        before = median_time(lambda: previous_release(keyed), args.runs)
        backup_check = median_time(restore_check, args.runs)
    n = args.versions
    rows = [
        ("verify, PDFs of this release (keyed: fast path)", fast),
        ("verify, PDFs of an earlier release (each rendered again)", slow),
        ("previous release's check (every snapshot rendered again, SHA-256 compared)", before),
        ("verify_backup before a restore, PDFs of this release", backup_check),
    ]
    lines = [
        "# verify benchmark: the published snapshots' check",
        "",
        f"Run {date.today()} on {platform.system()} {platform.release()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. "
        f"`.venv/bin/python bench/bench_verify.py --runs {args.runs} --versions {n}` "
        f"(load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)",
        "",
        f"The demo store with its issue published {n} times (v1 and {n - 1} corrections); the whole "
        f"`verify_store` (chain, triggers, figures, snapshots), median of {args.runs}. A five-year store "
        f"holds about {FIVE_YEARS} published versions.",
        "",
        f"| measure | {n} versions | per version | {FIVE_YEARS} versions (worked out) |",
        "|---|---|---|---|",
    ]
    lines += [f"| {what} | {t:.3f} s | {t / n * 1000:.0f} ms | {t / n * FIVE_YEARS:.1f} s |" for what, t in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
