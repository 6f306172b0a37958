"""A file that nothing dates (no --as-of, no date in it) takes its modification time as its as-of date;
that time is no proof of when the figures were true, so the figures it repeats unchanged keep their
as-of dates (not confirmed as of the file's time) and the summary says so, naming --as-of; a figure it
changes is imported as before, dated by that time and flagged. With --as-of the same file confirms them.
Through the command line on the demo store; the truth is the store read with sqlite3 before and after."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

import pytest

from workbench.cli import main

SAVED = datetime(2025, 1, 10, 9, 0)  # the file was saved (or copied) then: after the demo's figures' date


def _facts(db) -> dict:
    con = sqlite3.connect(db)
    try:
        return {(t, m, p): (v, a, s) for t, m, p, v, a, s in con.execute(
            "SELECT ticker, metric, period, value, as_of, source FROM facts WHERE metric = 'pe'")}
    finally:
        con.close()


@pytest.fixture
def setup(demo_path, tmp_path):
    before = _facts(demo_path)
    (same_key, same), (changed_key, changed) = sorted(before.items())[:2]
    assert same[1] < SAVED.date().isoformat() and changed[1] < SAVED.date().isoformat()
    path = tmp_path / "pe.csv"
    rows = [f"{same_key[0]},{same[0]}"]
    header = f"证券代码,PE {same_key[2]}"
    if changed_key[2] == same_key[2]:
        rows.append(f"{changed_key[0]},{changed[0] + 1}")
    else:  # the second stored PE is another year: a column of its own
        header += f",PE {changed_key[2]}"
        rows = [f"{same_key[0]},{same[0]},", f"{changed_key[0]},,{changed[0] + 1}"]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    os.utime(path, (SAVED.timestamp(), SAVED.timestamp()))
    return demo_path, path, before, same_key, changed_key


def test_an_undated_files_unchanged_figures_keep_their_dates_and_the_summary_says_so(setup, capsys):
    db, path, before, same_key, changed_key = setup
    capsys.readouterr()
    assert main(["import", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    after = _facts(db)
    assert after[same_key] == before[same_key]  # value, as-of date and source as they were
    assert after[changed_key][0] == before[changed_key][0] + 1 and after[changed_key][1] == "2025-01-10"
    assert {k: v for k, v in after.items() if k != changed_key} == {k: v for k, v in before.items()
                                                                     if k != changed_key}
    assert "1 个数值与库中相同，未确认" in out and "--as-of 2025-01-10" in out
    assert "修改时间" in out


def test_with_as_of_the_same_file_confirms_them(setup, capsys):
    db, path, before, same_key, _ = setup
    assert main(["import", str(path), "--as-of", "2025-01-10", "--db", str(db)]) == 0
    assert "未确认" not in capsys.readouterr().out
    value, as_of, source = _facts(db)[same_key]
    assert (value, as_of, source) == (before[same_key][0], "2025-01-10", before[same_key][2])
