"""Fixtures for the import tests against careless files: CSV files written on the fly, and a dump
of what a store holds (to show a refused or questioned import changed nothing)."""

from __future__ import annotations

import pytest

from workbench.cli import main


@pytest.fixture
def write_text(tmp_path):
    """Write CSV text (lines joined with CRLF, UTF-8) to a file of the test's own folder."""

    def make(name: str, *lines: str):
        path = tmp_path / name
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
        return path

    return make


@pytest.fixture
def dump():
    """Everything an import could touch."""

    def take(store) -> dict:
        return {"counts": store.counts(), "facts": store.facts(), "companies": store.companies(),
                "indices": store.indices(), "quotes": store.all_quotes(), "log": store.import_log()}

    return take


@pytest.fixture
def db(tmp_path):
    """A demo store made by the command line, as a user makes one (its path)."""
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--force"]) == 0
    return path
