"""Fixtures for core tests: spreadsheet files made on the fly and a dump of what a store holds.

The ``store`` fixture (a fresh store file) comes from tests/conftest.py.
"""

from __future__ import annotations

import csv
import io

import pytest


@pytest.fixture
def write_xlsx(tmp_path):
    """Write rows to an .xlsx; ``percent`` lists 1-based (row, column) cells formatted as 0.00%."""
    from openpyxl import Workbook

    def make(name: str, rows: list[list], *, percent=(), sheet_title: str = "Sheet1"):
        wb = Workbook()
        ws = wb.active
        ws.title = sheet_title
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for r, c in percent:
            ws.cell(r, c).number_format = "0.00%"
        path = tmp_path / name
        wb.save(path)
        return path

    return make


@pytest.fixture
def write_csv(tmp_path):
    """Write rows to a CSV in the given encoding (utf-8, utf-8-sig, gbk, gb18030, ...)."""

    def make(name: str, rows: list[list], *, encoding: str = "utf-8"):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        path = tmp_path / name
        path.write_bytes(buf.getvalue().encode(encoding))
        return path

    return make


@pytest.fixture
def snapshot():
    """Everything an import could touch, to show a failed import changed nothing."""

    def dump(store) -> dict:
        return {
            "counts": store.counts(),
            "facts": store.facts(),
            "companies": store.companies(),
            "segments": store.segments(),
            "indices": store.indices(),
            "quotes": store.all_quotes(),
            "log": store.import_log(),
        }

    return dump
