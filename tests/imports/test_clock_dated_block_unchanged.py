"""A file nothing dates that repeats a whole block of stored figures unchanged (every company's PE of
two years, as a valuation export copied again today) confirms none of them: each figure keeps the
as-of date and source it had, the change log gains nothing, and the report counts them as unchanged
with the --as-of advice. Through ``import_files``; the truth is the store read before the import."""

from __future__ import annotations

import os
from datetime import datetime

from workbench.imports import import_files

SAVED = datetime(2025, 1, 10, 9, 0)  # the file's modification time: after the demo's figures' date
PERIODS = ("2024E", "2025E")


def _pe(store) -> dict:
    return {(f["ticker"], f["period"]): (f["value"], f["as_of"], f["source"])
            for f in store.facts() if f["metric"] == "pe" and f["period"] in PERIODS}


def test_an_undated_file_repeating_every_pe_unchanged_confirms_none(demo_store, tmp_path):
    before = _pe(demo_store)
    tickers = sorted({t for t, _ in before})
    assert len(tickers) >= 3 and all(v[1] and v[1] < "2025-01-10" for v in before.values())
    lines = ["证券代码," + ",".join(f"PE {p}" for p in PERIODS)]
    for t in tickers:
        lines.append(t + "," + ",".join(repr(before[(t, p)][0]) if (t, p) in before else "" for p in PERIODS))
    path = tmp_path / "valuation.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.utime(path, (SAVED.timestamp(), SAVED.timestamp()))
    log_before = demo_store.scalar("SELECT count(*) FROM change_log")

    report = import_files(demo_store, [path])

    assert _pe(demo_store) == before  # every value, as-of date and source as it was
    assert demo_store.scalar("SELECT count(*) FROM change_log") == log_before
    text = "\n".join(w for r in report.files for w in r.warnings)
    assert f"{len(before)} 个数值与库中相同，未确认" in text and "--as-of 2025-01-10" in text
