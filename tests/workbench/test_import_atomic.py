"""An import of several files lands whole or not at all, also when the writing itself fails or is cancelled."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files
from workbench.progress import Cancelled


@pytest.fixture
def two_files(write_csv):
    first = write_csv("a.csv", [["代码", "简称", "PE 2024E"], ["600519", "贵州茅台", "25"]])
    second = write_csv("b.csv", [["代码", "简称", "PE 2025E"], ["000858", "五粮液", "18"]])
    return [first, second]


def test_cancel_while_writing_the_second_file_leaves_the_first_unwritten(store, two_files, snapshot):
    before = snapshot(store)

    def progress(done, total, message):
        return not ("writing" in message and "b.csv" in message)  # cancel once b.csv is being written

    with pytest.raises(Cancelled):
        import_files(store, two_files, progress=progress)
    assert snapshot(store) == before
    assert store.fact("600519.SH", "pe", "2024E") is None


def test_a_store_failure_on_the_second_file_leaves_the_first_unwritten(store, two_files, snapshot, monkeypatch):
    before = snapshot(store)
    real = type(store).write_facts
    calls = []

    def failing(self, rows, *args, **kwargs):
        calls.append(len(rows))
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, rows, *args, **kwargs)

    monkeypatch.setattr(type(store), "write_facts", failing)
    with pytest.raises(ImportFailed, match="nothing was written"):
        import_files(store, two_files)
    assert len(calls) == 2
    monkeypatch.undo()
    assert snapshot(store) == before
    assert store.fact("600519.SH", "pe", "2024E") is None


def test_a_dry_run_counts_and_writes_nothing(store, two_files, snapshot):
    before = snapshot(store)
    result = import_files(store, two_files, dry_run=True)
    assert result.facts.added == 2
    assert snapshot(store) == before
    import_files(store, two_files)
    assert store.fact("600519.SH", "pe", "2024E") == 25.0 and store.fact("000858.SZ", "pe", "2025E") == 18.0
