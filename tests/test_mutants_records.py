"""Record rules of this release from a second side: a figure resting on an "import" batch that no
import recorded is changed outside the workbench even when the batch is dated in the right order
(now, after every batch before it); backup --force never replaces a store that is not a copy of
this one, however little it holds and however much of the published record it shares."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import uuid
from datetime import datetime, timezone

import pytest

from workbench.cli import main
from workbench.store import Store

KEY = ("300493.SZ", "revenue", "2023A")  # 润欣科技, in the demo
FORGED = 9990000000  # 99.9 亿元


def raw(path, script, *args):
    conn = sqlite3.connect(path)
    if args:
        conn.execute(script, args)
    else:
        conn.executescript(script)
    conn.commit()
    conn.close()


def forge_batch_dated_now(path) -> str:
    """A raw write logged under an invented import batch #99 dated now (after every batch in the log,
    not in the future), naming a file no import read; returns the batch's time."""
    at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    raw(path, "INSERT INTO change_batches (id, at, by, origin, file, sha256, sheet, as_of, source, first_seq) "
              f"VALUES (99, '{at}', '', 'import', 'Wind_20241229.xlsx', '{'ab' * 32}', "
              "'Sheet1', '2024-12-29', 'Wind_20241229.xlsx', (SELECT max(seq) FROM change_log));"
              "UPDATE change_context SET batch_id = 99;"
              f"UPDATE facts SET value = {FORGED}, source = 'Wind_20241229.xlsx', src_row = 17, src_col = '营业收入' "
              f"WHERE ticker = '{KEY[0]}' AND metric = '{KEY[1]}' AND period = '{KEY[2]}';"
              "UPDATE change_context SET batch_id = NULL;")
    return at


def test_an_import_batch_no_import_recorded_is_unproven_whatever_its_date(demo_path):
    at = forge_batch_dated_now(demo_path)
    with Store(demo_path) as store:
        why = store.unproven_batches().get(99)
    assert why is not None and "no import recorded" in why
    # the same batch with the import it claims on record is the workbench's: its date was never the reason
    raw(demo_path, "INSERT INTO import_log (at, file, sha256, kind, added, updated, unchanged, batch_id) "
                   "VALUES (?, 'Wind_20241229.xlsx', ?, 'financials', 0, 1, 0, 99)", at, "ab" * 32)
    with Store(demo_path) as store:
        assert 99 not in store.unproven_batches()


def test_verify_names_a_figure_on_such_a_batch_as_changed_outside(demo_path, capsys):
    forge_batch_dated_now(demo_path)
    capsys.readouterr()
    code = main(["verify", "--db", str(demo_path)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 1
    assert "库外修改" in text and " ".join(KEY) in text and "#99" in text


# ------------------------------------------------------------------ backup --force

def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_force_over_a_colleagues_store_sharing_the_published_record_is_refused(demo_path, tmp_path):
    """A colleague's store synced from the same desk holds the same published versions, but it is
    their store (its own identity), with their drafts and figures: no backup of this one replaces it."""
    from workbench.outputs import UnsafeTarget

    colleague = tmp_path / "colleague.sqlite"
    shutil.copy(demo_path, colleague)
    raw(colleague, "UPDATE settings SET value = ? WHERE key = 'workstation_id'", str(uuid.uuid4()))
    raw(colleague, f"UPDATE facts SET value = 21800000000 WHERE ticker = '{KEY[0]}' AND metric = '{KEY[1]}' "
                   f"AND period = '{KEY[2]}'")  # their own edit
    before = sha(colleague)
    with Store(demo_path) as store:
        assert store.older_backup_problem(colleague)
        with pytest.raises(UnsafeTarget):
            store.backup(colleague, replace=True)
    assert sha(colleague) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("colleague")) == ["colleague.sqlite"]


def test_backup_force_over_a_new_empty_store_is_refused(demo_path, tmp_path, capsys):
    """A store just made (nothing published, nothing imported) is still another store."""
    other = tmp_path / "new.sqlite"
    with Store(other):
        pass
    before = sha(other)
    capsys.readouterr()
    assert main(["backup", "--db", str(demo_path), "-o", str(other), "--force"]) == 1
    err = capsys.readouterr().err
    assert str(other) in err and "Traceback" not in err
    assert sha(other) == before
