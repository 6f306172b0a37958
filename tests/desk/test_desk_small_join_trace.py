"""Joining a desk with a store that holds data marks every row for the first push; that marking is
no change of any figure, so `workbench trace` shows the same steps after the join as before it (no
`系统 system: -- -> --` line) and `workbench verify` still passes. Against a real cluster."""

from __future__ import annotations

from desk_testing import Desk

from workbench.cli import main
from workbench.store import Store


def _trace(capsys, path, *figure):
    capsys.readouterr()
    code = main(["trace", "--db", str(path), *figure])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_joining_with_data_adds_no_step_to_any_figures_trace(pg_cluster, desk_db, demo_path, capsys):
    with Store(demo_path) as s:
        facts = [(r["ticker"], r["metric"], r["period"]) for r in
                 s.rows("SELECT ticker, metric, period FROM facts ORDER BY ticker, metric, period")]
        index = s.rows("SELECT coalesce(code, name) AS ref FROM indices ORDER BY id LIMIT 1")[0]["ref"]
        before = {f: s.history(*f) for f in facts}
    assert facts and all(before.values())  # the demo's figures have steps of their own
    picked = [facts[0], facts[len(facts) // 2], facts[-1]]
    traced = {f: _trace(capsys, demo_path, *f) for f in picked}
    quote = _trace(capsys, demo_path, index, "close")
    assert main(["verify", "--db", str(demo_path)]) == 0

    desk = Desk(pg_cluster, desk_db)
    store = desk.join(demo_path, desk.user("admin"))
    try:
        assert store.db.execute("SELECT count(*) FROM facts").fetchone()[0] == len(facts)
        after = {f: store.history(*f) for f in facts}
        assert after == before
    finally:
        store.close()
    for f, text in traced.items():
        now = _trace(capsys, demo_path, *f)
        assert "-- -> --" not in now
        assert now == text
    assert _trace(capsys, demo_path, index, "close") == quote
    capsys.readouterr()
    assert main(["verify", "--db", str(demo_path)]) == 0, capsys.readouterr().out
