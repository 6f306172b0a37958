"""A quotes row naming a stored index by its name with another code (`801081.SI,申万电子` where 申万电子
is 801080.SI) is refused naming the ways on, and each way the message names works; nothing changes
until then. Through the command line, on the demo store; the truth is the store read with sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from import_testing import dump_tables

from workbench.cli import main


def _sql(path: Path, sql: str, params=()) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.sqlite"
    assert main(["demo", "--db", str(path), "--force"]) == 0
    assert _sql(path, "SELECT code FROM indices WHERE name = '申万电子'") == [("801080.SI",)]
    return path


@pytest.fixture
def quotes(write_text):
    return write_text("sw.csv", "date,code,name,close", "2025-01-03,801081.SI,申万电子,4000.5")


def test_the_refusal_names_the_ways_on_and_changes_nothing(db, quotes, capsys):
    before = dump_tables(db)
    capsys.readouterr()
    assert main(["import", str(quotes), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "指数名称“申万电子”已属于代码 801080.SI，文件中为 801081.SI" in err
    assert "改正文件中的代码" in err and "correct the code in the file" in err
    assert "workbench index code 申万电子 801081.SI" in err
    assert dump_tables(db) == before


def test_the_code_the_message_names_then_imports_onto_the_index(db, quotes, capsys):
    assert main(["index", "code", "申万电子", "801081.SI", "--db", str(db)]) == 0
    assert main(["import", str(quotes), "--db", str(db)]) == 0
    assert _sql(db, "SELECT i.code, q.close FROM quotes q JOIN indices i ON i.id = q.index_id "
                    "WHERE i.name = '申万电子' AND q.date = '2025-01-03'") == [("801081.SI", 4000.5)]
    assert _sql(db, "SELECT count(*) FROM indices WHERE name = '申万电子'") == [(1,)]
