"""A published issue whose printed figure the store now holds otherwise: `check N` and `export N` of
the final say so (company, metric, printed against now with every digit, and how to correct), on a
store that never joined a desk, without changing the exit code; a figure unchanged says nothing."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

from workbench.cli import main


def _finalise(path) -> int:
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    with Store(path) as store:
        issue_id = store.issue("latest").id
        change_status(store, issue_id, "review", by="林思远")
        change_status(store, issue_id, "final", by="王编辑")
    return issue_id


def _printed_revenue(path, issue_id):
    """(ticker, name, printed value) of the first company's 2023 revenue in the frozen snapshot, read with sqlite3."""
    with sqlite3.connect(path) as conn:
        snap = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = ? "
                                       "ORDER BY version DESC LIMIT 1", [issue_id]).fetchone()[0])
    table = snap["table"]
    col = next(i for i, c in enumerate(table["columns"]) if (c["metric"], c["period"]) == ("revenue", "2023A"))
    row = next(r for r in table["rows"] if r["values"][col] is not None)
    return row["ticker"], row["name"], row["values"][col]


def _correct_revenue(path, ticker, value):
    from workbench.edits import SetFact
    from workbench.store import Store

    with Store(path) as store:
        SetFact(ticker, "revenue", "2023A", value).apply(store)


def test_check_and_export_of_a_final_name_a_printed_figure_the_store_now_holds_otherwise(demo_path, tmp_path, capsys):
    issue_id = _finalise(demo_path)
    ticker, name, printed = _printed_revenue(demo_path, issue_id)
    now = printed + 83_456_000.0  # a correction made after publication: 0.83456 亿元 more (digits the table rounds)
    _correct_revenue(demo_path, ticker, now)
    with sqlite3.connect(demo_path) as conn:  # the truth: the store's value as stored
        stored = conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = 'revenue' AND period = '2023A'",
                              [ticker]).fetchone()[0]
    assert stored == now
    # the truth in 亿元 (the table's unit), by decimal arithmetic: printed to one decimal, now every digit
    printed_text = f"{Decimal(repr(printed)) / Decimal(10**8):.1f}"
    now_text = format(Decimal(repr(stored)) / Decimal(10**8), "f").rstrip("0").rstrip(".")

    capsys.readouterr()
    assert main(["check", str(issue_id), "--db", str(demo_path)]) == 0  # a warning: the exit stays
    out = capsys.readouterr()
    text = out.out + out.err
    lines = [l for l in text.splitlines() if name in l and "营业收入" in l]
    assert lines, text
    line = lines[0]
    assert printed_text in line and now_text in line and f"workbench correct {issue_id}" in text

    assert main(["export", str(issue_id), "--db", str(demo_path), "-o", str(tmp_path / "out.pdf")]) == 0
    out = capsys.readouterr()
    lines = [l for l in (out.out + out.err).splitlines() if name in l and "营业收入" in l]
    assert lines and printed_text in lines[0] and now_text in lines[0], out
    assert f"workbench correct {issue_id}" in out.err
    # the PDF is still the published one, byte for byte
    with sqlite3.connect(demo_path) as conn:
        pdf = conn.execute("SELECT pdf FROM issue_versions WHERE issue_id = ?", [issue_id]).fetchone()[0]
    assert (tmp_path / "out.pdf").read_bytes() == bytes(pdf)


def test_a_final_whose_figures_are_as_printed_says_nothing_of_them(demo_path, tmp_path, capsys):
    issue_id = _finalise(demo_path)
    capsys.readouterr()
    assert main(["check", str(issue_id), "--db", str(demo_path)]) == 0
    assert main(["export", str(issue_id), "--db", str(demo_path), "-o", str(tmp_path / "out.pdf")]) == 0
    out = capsys.readouterr()
    assert "workbench correct" not in out.out + out.err
