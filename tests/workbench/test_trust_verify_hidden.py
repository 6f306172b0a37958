"""Changes hidden from the change log are found: a trigger the schema does not make (one that
drops log entries, say) fails `verify` by name, and a figure resting on an "import" batch that no
import recorded, or one dated back against the order of the log, is named as changed outside the
workbench (库外修改) by `verify` and `trace`, never shown as a clean import of a file."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.cli import main

KEY = ("300493.SZ", "revenue", "2023A")
FORGED = 9990000000


def raw(path, script):
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.commit()
    conn.close()


def run(capsys, *argv) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_an_added_trigger_that_silences_the_log_fails_verify(demo_path, capsys):
    raw(demo_path, "CREATE TRIGGER zz_quiet BEFORE INSERT ON change_log WHEN new.key1 = '300493.SZ' "
                   "BEGIN SELECT RAISE(IGNORE); END;"
                   f"UPDATE facts SET value = {FORGED} WHERE ticker = '{KEY[0]}' AND metric = '{KEY[1]}' "
                   f"AND period = '{KEY[2]}';")
    code, out = run(capsys, "verify", "--db", str(demo_path))
    assert code == 1
    assert "zz_quiet" in out


def test_an_added_view_with_an_instead_of_trigger_fails_verify(demo_path, capsys):
    raw(demo_path, "CREATE VIEW v_facts AS SELECT * FROM facts;"
                   "CREATE TRIGGER v_facts_write INSTEAD OF UPDATE ON v_facts BEGIN SELECT 1; END;")
    code, out = run(capsys, "verify", "--db", str(demo_path))
    assert code == 1
    assert "v_facts_write" in out and "v_facts" in out


def test_a_clean_store_has_no_unknown_triggers(demo_path, capsys):
    assert run(capsys, "verify", "--db", str(demo_path))[0] == 0


def forge_import_batch(path, at: str):
    """A raw write logged under an invented import batch naming a file no import read."""
    raw(path, "INSERT INTO change_batches (id, at, by, origin, file, sha256, sheet, as_of, source, first_seq) "
              f"VALUES (99, '{at}', '', 'import', 'Wind_20241229.xlsx', 'ab' || hex(randomblob(31)), "
              "'Sheet1', '2024-12-29', 'Wind_20241229.xlsx', (SELECT max(seq) FROM change_log));"
              "UPDATE change_context SET batch_id = 99;"
              f"UPDATE facts SET value = {FORGED}, source = 'Wind_20241229.xlsx', src_row = 17, src_col = '营业收入' "
              f"WHERE ticker = '{KEY[0]}' AND metric = '{KEY[1]}' AND period = '{KEY[2]}';"
              "UPDATE change_context SET batch_id = NULL;")


@pytest.mark.parametrize("at", ["2024-12-30T09:00:00+00:00", "2099-01-01T09:00:00+00:00"])
def test_a_figure_on_an_invented_import_batch_is_named_by_verify(demo_path, capsys, at):
    forge_import_batch(demo_path, at)
    code, out = run(capsys, "verify", "--db", str(demo_path))
    assert code == 1
    assert "库外修改" in out and " ".join(KEY) in out
    assert "#99" in out  # the batch is named


def test_trace_names_a_figure_on_an_invented_import_batch_as_changed_outside(demo_path, capsys):
    forge_import_batch(demo_path, "2024-12-30T09:00:00+00:00")
    code, out = run(capsys, "trace", *KEY, "--db", str(demo_path))
    assert code == 0
    forged_line = next(line for line in out.splitlines() if "Wind_20241229.xlsx" in line or "99.90" in line
                       or "库外" in line)
    assert "库外修改" in forged_line
    assert "导入 import" not in forged_line


def test_a_back_dated_batch_with_an_import_record_is_still_named(demo_path, capsys):
    """Even with an import_log row faked to match, a batch dated before the batches logged ahead of it
    is not taken as an import."""
    forge_import_batch(demo_path, "2024-12-30T09:00:00+00:00")
    conn = sqlite3.connect(demo_path)
    file, sha = conn.execute("SELECT file, sha256 FROM change_batches WHERE id = 99").fetchone()
    conn.execute("INSERT INTO import_log (at, file, sha256, kind, added, updated, unchanged, batch_id) "
                 "VALUES ('2024-12-30T09:00:01+00:00', ?, ?, 'financials', 0, 1, 0, 99)", [file, sha])
    conn.commit()
    conn.close()
    code, out = run(capsys, "verify", "--db", str(demo_path))
    assert code == 1 and "库外修改" in out and "#99" in out


def test_a_real_import_is_not_named(demo_path, tmp_path, capsys):
    csv = tmp_path / "fin.csv"
    csv.write_text("证券代码,证券简称,营业收入(亿元)2023年报\n300493.SZ,润欣科技,21.7\n", encoding="utf-8")
    assert main(["import", str(csv), "--db", str(demo_path), "--as-of", "2024-12-29"]) == 0
    code, out = run(capsys, "verify", "--db", str(demo_path))
    assert code == 0, out
    code, out = run(capsys, "trace", *KEY, "--db", str(demo_path))
    assert "库外" not in out and "fin.csv" in out


def test_trace_warns_when_an_added_trigger_can_hide_changes(demo_path, capsys):
    raw(demo_path, "CREATE TRIGGER zz_quiet BEFORE INSERT ON change_log WHEN new.key1 = '300493.SZ' "
                   "BEGIN SELECT RAISE(IGNORE); END;"
                   f"UPDATE facts SET value = {FORGED} WHERE ticker = '{KEY[0]}' AND metric = '{KEY[1]}' "
                   f"AND period = '{KEY[2]}';")
    code, out = run(capsys, "trace", *KEY, "--db", str(demo_path))
    assert code == 0 and "verify" in out and "警告 WARN" in out


def test_trace_of_a_sound_store_has_no_warning(demo_path, capsys):
    code, out = run(capsys, "trace", *KEY, "--db", str(demo_path))
    assert code == 0 and "警告" not in out
