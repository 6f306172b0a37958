"""A printed figure resting on a change batch the workbench cannot have written (an "import" no import
recorded, a batch dated back against the log) is named by the preflight's figures-changed-outside
finding: a warning on a draft, blocking review and final until the editor confirms it."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.cli import main
from workbench.report.preflight import preflight
from workbench.store import Store

KEY = ("600584.SH", "revenue", "2023A")  # 长电科技, printed in the demo issue's comparison table
FORGED = 39660000000  # 396.6 亿元


def raw(path, script):
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.commit()
    conn.close()


def forge_import_batch(path, at="2024-12-30T09:00:00+00:00", *, logged=False):
    """A raw write logged under an invented import batch #99 naming a file no import read; with
    ``logged`` an import_log row is faked to match it too (the batch is then unproven by its date)."""
    raw(path, "INSERT INTO change_batches (id, at, by, origin, file, sha256, sheet, as_of, source, first_seq) "
              f"VALUES (99, '{at}', '', 'import', 'Wind_20241229.xlsx', 'ab' || hex(randomblob(31)), "
              "'Sheet1', '2024-12-29', 'Wind_20241229.xlsx', (SELECT max(seq) FROM change_log));"
              "UPDATE change_context SET batch_id = 99;"
              f"UPDATE facts SET value = {FORGED}, source = 'Wind_20241229.xlsx', src_row = 17, src_col = '营业收入' "
              f"WHERE ticker = '{KEY[0]}' AND metric = '{KEY[1]}' AND period = '{KEY[2]}';"
              "UPDATE change_context SET batch_id = NULL;")
    if logged:
        raw(path, "INSERT INTO import_log (at, file, sha256, kind, added, updated, unchanged, batch_id) "
                  "SELECT at, file, sha256, 'financials', 0, 1, 0, id FROM change_batches WHERE id = 99;")


def findings(path):
    with Store(path) as store:
        assert 99 in store.unproven_batches()  # the store itself says the batch is not the workbench's
        result = preflight(store, "latest")
    pick = lambda found: [f for f in found if f.code == "outside_change"]  # noqa: E731
    return pick(result.warnings), pick(result.blockers)


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize("logged", [False, True], ids=["no-import-record", "back-dated"])
def test_a_draft_warns_of_a_figure_on_an_unproven_batch(demo_path, logged):
    forge_import_batch(demo_path, logged=logged)
    warnings, blockers = findings(demo_path)
    assert not blockers and len(warnings) == 1
    message = warnings[0].message
    assert "600584.SH" in message and "396.6" in message  # the figure, as the table prints it
    assert "#99" in message  # the batch it rests on


def test_a_future_batch_is_named_too(demo_path):
    forge_import_batch(demo_path, "2099-01-01T09:00:00+00:00", logged=True)
    warnings, _ = findings(demo_path)
    assert len(warnings) == 1 and "600584.SH" in warnings[0].message


def test_review_and_final_are_refused_until_confirmed(demo_path, capsys):
    db = str(demo_path)
    forge_import_batch(demo_path)
    assert main(["status", "latest", "review", "--by", "qa", "--db", db]) == 0
    _, blockers = findings(demo_path)
    assert len(blockers) == 1 and "600584.SH" in blockers[0].message
    before = dump(demo_path)
    capsys.readouterr()
    assert main(["status", "latest", "final", "--by", "qa", "--db", db]) == 3
    assert dump(demo_path) == before  # nothing frozen
    assert "600584.SH" in capsys.readouterr().err
    assert main(["check", "latest", "--confirm-outside", "--db", db]) == 0
    assert "600584.SH" in capsys.readouterr().out  # the confirmation names what it confirmed
    assert findings(demo_path) == ([], [])
    assert main(["status", "latest", "final", "--by", "qa", "--db", db]) == 0


def test_a_sound_store_and_a_real_import_raise_no_such_finding(demo_path, tmp_path):
    from workbench.imports import import_files

    with Store(demo_path) as store:
        assert store.unproven_batches() == {}
        assert [f for f in preflight(store, "latest").warnings if f.code == "outside_change"] == []
    csv = tmp_path / "fix.csv"
    csv.write_text("ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,296.6\n", encoding="utf-8")
    with Store(demo_path) as store:
        import_files(store, [csv], as_of="2024-12-29", allow_older=True)
        assert store.unproven_batches() == {}
        assert [f for f in preflight(store, "latest").warnings if f.code == "outside_change"] == []


def test_an_import_over_the_forged_figure_clears_it(demo_path, tmp_path):
    from workbench.imports import import_files

    forge_import_batch(demo_path)
    csv = tmp_path / "fix.csv"
    csv.write_text("ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,296.6\n", encoding="utf-8")
    with Store(demo_path) as store:
        import_files(store, [csv], as_of="2024-12-29", allow_older=True)
    assert findings(demo_path) == ([], [])
