"""A cancel (the import dialog's 取消, a progress callback returning False) is heard while the facts
of one file are being written, not only once all of them are: an import of tens of thousands of
figures stops within a part of them, and the store is left as it was."""

from __future__ import annotations

import csv
import sqlite3

import pytest

from workbench.imports import import_files
from workbench.progress import Cancelled
from workbench.store import Store

COMPANIES, PERIODS = 1000, [f"{y}A" for y in range(2010, 2025)]  # 1,000 x 15 x 2 = 30,000 facts


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def files(tmp_path):
    companies, facts = tmp_path / "companies.csv", tmp_path / "financials.csv"
    tickers = [f"{5000 + i:06d}.SZ" for i in range(COMPANIES)]
    with companies.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ticker", "name", "segment"])
        w.writerows([t, f"取消测试{i:04d}", "取消测试板块"] for i, t in enumerate(tickers))
    with facts.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ticker", "name", "period", "metric", "value"])
        for i, t in enumerate(tickers):
            for period in PERIODS:
                w.writerow([t, f"取消测试{i:04d}", period, "revenue", 1e9 + i])
                w.writerow([t, f"取消测试{i:04d}", period, "net_profit", 1e8 + i])
    return companies, facts


def test_a_cancel_while_writing_facts_stops_within_part_of_them(demo_path, files, monkeypatch):
    companies, facts = files
    with Store(demo_path) as store:
        import_files(store, [companies])
    before = dump(demo_path)
    total = 2 * COMPANIES * len(PERIODS)
    written = []
    real = Store.write_facts

    def counting(self, rows, **kwargs):
        counts = real(self, rows, **kwargs)
        written.append(len(rows))
        return counts

    monkeypatch.setattr(Store, "write_facts", counting)

    def progress(done, total_units, message=""):
        return not written  # 取消 as soon as the first facts are written

    with Store(demo_path) as store:
        with pytest.raises(Cancelled):
            import_files(store, [facts], progress=progress)
    assert written and sum(written) < total / 2  # heard within a part of the file, not after all of it
    assert dump(demo_path) == before  # and nothing of it kept


def test_written_in_parts_the_facts_are_all_there(demo_path, files):
    companies, facts = files
    with Store(demo_path) as store:
        import_files(store, [companies])
        report = import_files(store, [facts])
        assert sum(r.facts.added for r in report.files) == 2 * COMPANIES * len(PERIODS)
    conn = sqlite3.connect(demo_path)
    rows = dict(((t, m, p), v) for t, m, p, v in conn.execute(
        "SELECT ticker, metric, period, value FROM facts WHERE ticker LIKE '00%.SZ' AND ticker >= '005000.SZ'"))
    conn.close()
    with facts.open(encoding="utf-8") as f:
        expected = {(r["ticker"], r["metric"], r["period"]): float(r["value"]) for r in csv.DictReader(f)}
    assert rows == expected
