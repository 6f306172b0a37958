"""Fuzz the importers for longer than the test suite does.

    .venv/bin/python bench/fuzz_imports.py [EXAMPLES]     (default 2000)

Runs the property of tests/workbench/test_import_fuzz.py (any bytes, cells and sheet layouts:
a clean refusal with the store unchanged, or plausible values and a printable demo issue) on
EXAMPLES generated imports into a copy of the demo store, with a fresh random seed, and prints
how many were refused and accepted. A failure prints the smallest example Hypothesis finds.
"""

from __future__ import annotations

import collections
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "workbench"))
os.environ.setdefault("LANG", "C.UTF-8")


def main() -> int:
    from hypothesis import HealthCheck, given, settings

    import test_import_fuzz as fuzz
    from workbench.demo import build_demo
    from workbench.store import Store

    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "demo.sqlite"
        build_demo(template)
        with Store(template) as s:
            s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tally: collections.Counter = collections.Counter()

        @settings(max_examples=examples, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(generated=fuzz.files)
        def run(generated):
            tally[fuzz.check_import(template, generated)] += 1

        start = time.monotonic()
        run()
        took = time.monotonic() - start
    print(f"{sum(tally.values())} imports in {took:.1f} s: refused {tally['refused']}, accepted {tally['accepted']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
