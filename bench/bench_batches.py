"""The change log's batches on a store with a long history: a batch that changed nothing, and an
import of updated figures, with the log indexed by batch (store m041) and without, side by side.

Prints a table; not a test. Every sync opens several batches and drops those that changed nothing,
as does every edit that changed nothing; dropping one must not read the whole log. The index costs
each logged entry of an import one more index write: that price is printed beside the gain.

Two stores of the same history (``--history`` weekly imports of ``--facts`` updated figures each),
one with the index dropped, measured round by round alternately (so both see the same load);
medians of ``--rounds``.

    .venv/bin/python bench/bench_batches.py                      # 12 weeks of 100,000 figures
    .venv/bin/python bench/bench_batches.py --facts 20000 --rounds 4   # quick
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

METRICS = ("revenue", "net_profit", "eps", "pe", "roe")
COMPANIES = 2000


def figures(n: int, week: int) -> list[tuple]:
    return [(f"{600000 + i % COMPANIES:06d}.SH", METRICS[(i // COMPANIES) % 5], f"{2020 + i // (COMPANIES * 5)}A",
             float(i) + week + 0.5) for i in range(n)]


def as_of(week: int) -> str:
    return f"2025-{1 + week // 28:02d}-{1 + week % 28:02d}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--facts", type=int, default=100_000, help="updated figures per weekly import")
    ap.add_argument("--history", type=int, default=4, help="weekly imports before the measured rounds")
    ap.add_argument("--rounds", type=int, default=8, help="measured rounds (each one more weekly import)")
    args = ap.parse_args()

    from workbench.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="bench-batches-"))
    stores: dict[str, Store] = {}
    try:
        for name in ("indexed", "not indexed"):
            store = Store(tmp / f"{name.replace(' ', '_')}.sqlite")
            store.upsert_companies([{"ticker": f"{600000 + i:06d}.SH", "name": f"公司{i}"} for i in range(COMPANIES)])
            for week in range(args.history):
                store.write_facts(figures(args.facts, week), source=f"w{week}.xlsx", as_of=as_of(week),
                                  origin="import")
            if name == "not indexed":
                store.db.execute("DROP INDEX change_log_batch")
                store.db.conn.commit()
            stores[name] = store
        imports: dict[str, list[float]] = {n: [] for n in stores}
        empty: dict[str, list[float]] = {n: [] for n in stores}
        for r in range(args.rounds):
            week = args.history + r
            for name in (list(stores) if r % 2 == 0 else list(reversed(stores))):
                store = stores[name]
                t0 = time.perf_counter()
                store.write_facts(figures(args.facts, week), source=f"w{week}.xlsx", as_of=as_of(week), origin="import")
                imports[name].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                with store.batch("edit"):
                    pass
                empty[name].append(time.perf_counter() - t0)
            print(f"round {r + 1}: " + "; ".join(f"{n}: import {imports[n][-1]:.2f} s, empty batch "
                                                 f"{empty[n][-1] * 1000:.1f} ms" for n in stores), flush=True)
        entries = stores["indexed"].scalar("SELECT count(*) FROM change_log")
        a, b = (statistics.median(empty[n]) for n in ("not indexed", "indexed"))
        c, d = (statistics.median(imports[n]) for n in ("not indexed", "indexed"))
        print(f"\nchange log at the end: {entries:,} entries; medians of {args.rounds} rounds")
        print(f"{'':48} {'not indexed':>12} {'indexed':>12} {'ratio':>8}")
        print(f"{'a batch that changed nothing, opened and dropped':48} {a * 1000:10.1f}ms {b * 1000:10.1f}ms "
              f"{a / b:7.0f}x")
        print(f"{'an import of ' + format(args.facts, ',') + ' updated figures':48} {c:11.2f}s {d:11.2f}s "
              f"{d / c:7.2f}x")
    finally:
        for store in stores.values():
            store.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
