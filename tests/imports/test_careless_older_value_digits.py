"""An older file's value that differs from the stored one but prints alike (a 500-yuan change of a
19.2 亿元 figure) is refused naming both values to the digit where they differ, never "19.2 亿元 ...
19.2 亿元": the user is asked about two values they can tell apart. Through the command line."""

from __future__ import annotations

import sqlite3

from workbench.cli import main

T = "300493.SZ"  # 润欣科技 in the demo store


def _stored(db) -> tuple[float, str]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT value, as_of FROM facts WHERE ticker = ? AND metric = 'revenue' "
                            "AND period = '2024Q1-Q3'", [T]).fetchone()


def test_an_older_value_that_prints_alike_is_named_to_its_differing_digit(tmp_path, capsys):
    db = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(db), "--force"]) == 0
    value, as_of = _stored(db)
    wan = round(value / 1e4) + 0.05  # the same figure in 万元, 500 yuan more
    older = "2024-01-02"
    assert older < as_of
    f = tmp_path / "older.csv"
    f.write_text(f'证券代码,证券简称,"营业收入\n[报告期] 2024三季\n[单位] 万元"\n{T},润欣科技,{wan}\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(f), "--db", str(db), "--as-of", older]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    line = next(l for l in text.splitlines() if "早于库中的值" in l)
    file_part, stored_part = line.split("早于库中的值", 1)
    incoming = file_part.split("文件中的值", 1)[1].split("（", 1)[0].strip()
    stored = stored_part.split("（", 1)[0].strip()
    assert incoming != stored, line  # two values a user can tell apart
    # each as the 亿元 figure it is: the file's cell and the store's value, to the digits shown
    assert abs(float(incoming.split()[0]) - wan / 1e4) < 1e-9 and abs(float(stored.split()[0]) - value / 1e8) < 1e-9
    assert _stored(db) == (value, as_of)  # nothing imported
