"""`import` opens only a store that exists: a mistyped --db creates no folder and no empty store,
with or without --dry-run, and the refusal says the store was not found."""

from __future__ import annotations

import pytest

from workbench.cli import main


@pytest.fixture
def csv(tmp_path):
    path = tmp_path / "week.csv"
    path.write_text("ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,300.0\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_import_into_a_mistyped_store_creates_nothing(tmp_path, csv, capsys, dry_run):
    target = tmp_path / "typo" / "sub" / "store.sqlite"
    assert main(["import", *dry_run, "--db", str(target), str(csv)]) == 1
    assert not (tmp_path / "typo").exists()
    err = capsys.readouterr().err
    assert "store not found" in err and str(target) in err and "Traceback" not in err


def test_a_new_store_is_made_only_when_asked_and_never_by_a_dry_run(tmp_path, csv, capsys):
    from workbench.store import Store

    target = tmp_path / "new.sqlite"
    assert main(["import", "--dry-run", "--new-store", "--db", str(target), str(csv)]) == 0
    assert not target.exists()
    assert main(["import", "--new-store", "--db", str(tmp_path / "no" / "new.sqlite"), str(csv)]) == 1
    assert not (tmp_path / "no").exists()
    assert "folder not found" in capsys.readouterr().err
    assert main(["import", "--new-store", "--db", str(target), str(csv)]) == 0
    with Store(target) as s:
        assert s.fact("600584.SH", "revenue", "2023A") == 300.0e8
