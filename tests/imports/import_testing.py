"""Helpers of the import tests that read a store as plain SQLite (the independent truth) and write
the careless files they import. Imported by name (``from import_testing import …``), never through
conftest."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def dump_tables(path: Path) -> dict:
    """Every table of the store file, row by row: a refused import must leave all of it as it was."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
    finally:
        con.close()


def stored_value(path: Path, ticker: str, metric: str, period: str) -> float | None:
    """A fact's stored value, read with sqlite3 (None when the store has no such fact)."""
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                          [ticker, metric, period]).fetchone()
    finally:
        con.close()
    return None if row is None else row[0]


def write_csv(path: Path, lines: list[str], encoding: str) -> Path:
    """A CSV file of ``lines`` (CRLF, as Excel writes them) in ``encoding``."""
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path
