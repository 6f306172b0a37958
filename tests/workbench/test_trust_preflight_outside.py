"""A printed figure changed or written in the file outside the workbench (no import or edit accounts
for its value) is named by the preflight: a warning on a draft, blocking the way to final until the
editor confirms those values (`check --confirm-outside`); a value changed again needs confirming again."""

from __future__ import annotations

import sqlite3

from workbench.cli import main
from workbench.report.preflight import preflight
from workbench.store import Store

KEY = ("600584.SH", "revenue", "2023A")  # printed in the demo issue's comparison table


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def raw(path, *sql):
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def raw_update(path, value):
    raw(path, f"UPDATE facts SET value = {value} WHERE ticker = '{KEY[0]}' AND metric = '{KEY[1]}' "
              f"AND period = '{KEY[2]}'")


def findings(path):
    with Store(path) as store:
        result = preflight(store, "latest")
    pick = lambda found: [f for f in found if f.code == "outside_change"]  # noqa: E731
    return pick(result.warnings), pick(result.blockers)


def test_a_sound_store_has_no_such_finding(demo_path):
    assert findings(demo_path) == ([], [])


def test_a_draft_warns_of_a_figure_changed_outside(demo_path):
    raw_update(demo_path, 39660000000)
    warnings, blockers = findings(demo_path)
    assert not blockers and len(warnings) == 1
    assert "600584.SH" in warnings[0].message and "396.6" in warnings[0].message


def test_final_is_refused_until_confirmed(demo_path, capsys):
    raw_update(demo_path, 39660000000)
    db = str(demo_path)
    assert main(["status", "latest", "review", "--by", "qa", "--db", db]) == 0
    _, blockers = findings(demo_path)
    assert len(blockers) == 1 and "--confirm-outside" in blockers[0].message
    before = dump(demo_path)
    capsys.readouterr()
    assert main(["status", "latest", "final", "--by", "qa", "--db", db]) == 3
    assert dump(demo_path) == before  # nothing frozen
    assert "600584.SH" in capsys.readouterr().err  # the refusal names the figure
    assert main(["check", "latest", "--db", db]) == 3
    assert main(["check", "latest", "--confirm-outside", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "600584.SH" in out  # the confirmation names what it confirmed
    assert findings(demo_path) == ([], [])
    raw_update(demo_path, 39770000000)  # changed again: the confirmation was of the other value
    assert len(findings(demo_path)[1]) == 1
    assert main(["check", "latest", "--confirm-outside", "--db", db]) == 0
    # confirmed as written outside, but it prints otherwise than the reviewer saw: final names it too
    capsys.readouterr()
    assert main(["status", "latest", "final", "--by", "qa", "--db", db]) == 3
    assert "600584.SH" in capsys.readouterr().err
    assert main(["status", "latest", "final", "--by", "qa", "--accept-changes", "--db", db]) == 0


def test_a_figure_inserted_outside_is_named_too(demo_path):
    raw(demo_path, f"DELETE FROM facts WHERE ticker = '{KEY[0]}' AND metric = '{KEY[1]}' AND period = '{KEY[2]}'",
        f"INSERT INTO facts (ticker, metric, period, value) VALUES ('{KEY[0]}', '{KEY[1]}', '{KEY[2]}', 39660000000)")
    warnings, _ = findings(demo_path)
    assert len(warnings) == 1 and "600584.SH" in warnings[0].message


def test_an_import_of_the_figure_clears_it(demo_path, tmp_path):
    from workbench.imports import import_files

    raw_update(demo_path, 39660000000)
    csv = tmp_path / "fix.csv"
    csv.write_text("ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,296.6\n", encoding="utf-8")
    with Store(demo_path) as store:
        import_files(store, [csv], as_of="2024-12-29", allow_older=True)
    assert findings(demo_path) == ([], [])


def test_confirming_with_nothing_to_confirm_says_so(demo_path, capsys):
    assert main(["check", "latest", "--confirm-outside", "--db", str(demo_path)]) == 0
    assert "没有" in capsys.readouterr().out
