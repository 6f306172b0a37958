"""The preflight's "level changed after its growth rate" warning names the two levels as they were
written, every digit: a profit turned into a small loss (0.4 亿元 -> -0.04 亿元) reads -0.04, never
0.0, as ``trace`` gives it. Through the command line (``import``, ``check``); the truth is the store
read with plain sqlite3 and decimal arithmetic on the stored figures."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from workbench.cli import main

RUNXIN = "300493.SZ"  # 润欣科技, in the demo issue's table with its 2023 net profit and its YoY
HEAD = "归母净利润(亿元)2023年报"


def fact(db, ticker, metric, period):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT value, as_of FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                            [ticker, metric, period]).fetchone()
    finally:
        conn.close()


def in_yi(value) -> str:
    """A stored amount in 亿元 as written: the decimal of the float's shortest repr, no trailing zeros."""
    text = format((Decimal(repr(value)) / Decimal(10**8)).normalize(), "f")
    return text


def run(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_profit_turned_into_a_small_loss_is_named_with_its_digits(demo_path, tmp_path, capsys):
    db = str(demo_path)
    before, day = fact(db, RUNXIN, "net_profit", "2023A")
    assert fact(db, RUNXIN, "net_profit_yoy", "2023A") is not None
    path = tmp_path / "loss.csv"
    path.write_text(f"证券代码,证券简称,{HEAD}\n{RUNXIN},润欣科技,-0.04\n", encoding="utf-8")
    code, text = run(capsys, "import", str(path), "--db", db, "--as-of", day)
    assert code == 0, text
    after, _ = fact(db, RUNXIN, "net_profit", "2023A")
    assert after < 0 and in_yi(after) == "-0.04"
    code, text = run(capsys, "check", "1", "--db", db)
    [line] = [line for line in text.splitlines() if "润欣科技" in line and "归母净利润 由" in line]
    said = line.split("归母净利润 由", 1)[1]
    old, new = said.split("改为", 1)
    # the old level as written, then the loss with its sign and digits (never rounded to 0.0)
    assert Decimal(old.strip()) == Decimal(in_yi(before))
    assert new.strip().startswith(in_yi(after))
    assert "改为 0.0" not in line
