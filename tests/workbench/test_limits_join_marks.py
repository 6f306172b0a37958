"""A store that joined a desk before this release has, for every figure it held, an insert entry in
its change log naming the row for the first push, with no old and no new value (the join logged
each row as a change of its own: ``sync_state.mark_all_pending`` before commit 26da121). Such an
entry changed nothing: `workbench trace` and the store's histories leave it out, so the figure's
trace reads as it did before the join (no ``系统 system: -- -> --`` step); every other entry stays."""

from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.domain.metrics import METRICS, format_value
from workbench.store import Store

# What the join wrote, word for word (commit 58ef830, sync_state.mark_all_pending).
OLD_JOIN_NOTE = "加入团队库：推送已有数据 (joining a desk: pushing the data already held)"


def mark_as_the_old_join_did(store: Store) -> None:
    with store.batch("system", note=OLD_JOIN_NOTE) as batch:
        ins = "INSERT INTO change_log (batch_id, entity, key1, key2, key3, op) "
        db = store.db
        db.execute(ins + "SELECT ?, 'house', 'house', NULL, NULL, 'update'", [batch])
        for table in ("analysts", "segments", "indices", "notes", "issues", "issue_log"):
            db.execute(ins + f"SELECT ?, '{table}', uid, NULL, NULL, 'insert' FROM {table} WHERE uid IS NOT NULL "
                       "ORDER BY id", [batch])
        db.execute(ins + "SELECT ?, 'company', ticker, NULL, NULL, 'insert' FROM companies ORDER BY ticker", [batch])
        db.execute(ins + "SELECT ?, 'fact', ticker, metric, period, 'insert' FROM facts "
                   "ORDER BY ticker, metric, period", [batch])
        db.execute(ins + "SELECT ?, 'quote', coalesce(i.code, i.name), q.date, 'close', 'insert' FROM quotes q "
                   "JOIN indices i ON i.id = q.index_id ORDER BY q.index_id, q.date", [batch])
        db.execute(ins + "SELECT ?, 'datasets', name, NULL, NULL, 'insert' FROM datasets ORDER BY name", [batch])


def histories_of(path, figure) -> list[dict]:
    with Store(path) as s:
        return s.history(*figure)


def _trace(capsys, path, *figure) -> str:
    capsys.readouterr()
    code = main(["trace", "--db", str(path), *figure])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


@pytest.fixture
def figures(demo_path):
    with Store(demo_path) as s:
        facts = [tuple(r) for r in s.db.execute("SELECT ticker, metric, period FROM facts "
                                                "ORDER BY ticker, metric, period").fetchall()]
        index = s.rows("SELECT * FROM indices WHERE id IN (SELECT index_id FROM quotes) ORDER BY id LIMIT 1")[0]
        day = s.scalar("SELECT max(date) FROM quotes WHERE index_id = ?", [index["id"]])
    return facts, index, day


def test_trace_and_history_leave_out_the_old_joins_entries(demo_path, figures, capsys):
    facts, index, day = figures
    picked = [facts[0], facts[len(facts) // 2], facts[-1]]
    ref = index.get("code") or index["name"]
    with Store(demo_path) as s:
        histories = {f: s.history(*f) for f in facts}
        quotes = {f: s.quote_history(index, day, f) for f in ("close", "change")}
    traced = {f: _trace(capsys, demo_path, *f) for f in picked}
    quote = _trace(capsys, demo_path, ref, "close", day)
    assert all(histories.values()) and quotes["close"]  # the demo's figures have steps of their own

    with Store(demo_path) as s:
        mark_as_the_old_join_did(s)
        marks = s.scalar("SELECT count(*) FROM change_log WHERE entity IN ('fact', 'quote') AND op = 'insert' "
                         "AND old IS NULL AND new IS NULL")
        assert marks >= len(facts)  # the old join's entries are there
        assert {f: s.history(*f) for f in facts} == histories
        assert {f: s.quote_history(index, day, f) for f in ("close", "change")} == quotes
    for f, text in traced.items():
        now = _trace(capsys, demo_path, *f)
        assert "-- -> --" not in now
        assert now == text
    assert _trace(capsys, demo_path, ref, "close", day) == quote


def test_only_the_entries_that_changed_nothing_are_left_out(demo_path, figures, capsys):
    """A change made after the old join, a confirmation, and a figure's removal and re-entry all stay."""
    facts, index, day = figures
    kept, gone = facts[0], facts[1]
    with Store(demo_path) as s:
        mark_as_the_old_join_did(s)
        old = s.fact(*kept)
        s.set_fact(*kept, old * 2)
        s.set_fact(*gone, None)
        s.write_facts([(*gone, 5e8)], source="later.xlsx", as_of="2030-01-04", origin="import")
        s.write_facts([(*gone, 5e8)], source="later.xlsx", as_of="2030-01-11", origin="import")  # confirmed
        ops = [(h["origin"], h["op"]) for h in s.history(*kept)][-1:] + \
              [(h["origin"], h["op"]) for h in s.history(*gone)][-3:]
        assert ops == [("edit", "update"), ("edit", "delete"), ("import", "insert"), ("import", "update")]
        assert all(h["old"] is not None or h["new"] is not None for f in (kept, gone) for h in s.history(*f))
    lines = _trace(capsys, demo_path, *gone).splitlines()
    shown = format_value(METRICS[gone[1]].kind, 5e8)
    assert lines[-3].endswith("-> --")  # the removal: its old value -> --
    assert lines[-2].endswith(f"-- -> {shown}")  # entered again
    assert "确认 confirmed" in lines[-1] and lines[-1].endswith(f"{shown} (值未变 unchanged)")
    assert len(lines) == 1 + len(histories_of(demo_path, gone))
