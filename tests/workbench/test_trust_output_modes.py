"""An earlier export the user made read-only is not replaced (exit 1, the file and its mode as they
were); a writable one is replaced keeping its mode; an output path that is a symbolic link loop is
refused with a message naming it, never a traceback."""

from __future__ import annotations

import os
import stat

import pytest

from workbench.cli import main
from workbench.outputs import UnsafeTarget, atomic_output


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_read_only_export_is_not_replaced(demo_path, tmp_path, capsys):
    out = tmp_path / "companies.csv"
    assert main(["table", "companies", "--db", str(demo_path), "-o", str(out)]) == 0
    out.chmod(0o444)
    before = out.read_bytes()
    capsys.readouterr()
    assert main(["table", "issues", "--db", str(demo_path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(out) in err and "只读" in err and "Traceback" not in err
    assert out.read_bytes() == before and mode(out) == 0o444


def test_a_replaced_export_keeps_its_mode(demo_path, tmp_path):
    out = tmp_path / "companies.csv"
    assert main(["table", "companies", "--db", str(demo_path), "-o", str(out)]) == 0
    out.chmod(0o640)
    before = out.read_bytes()
    assert main(["table", "issues", "--db", str(demo_path), "-o", str(out)]) == 0
    assert out.read_bytes() != before and mode(out) == 0o640


def test_a_read_only_file_through_a_link_is_not_replaced(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("kept")
    real.chmod(0o444)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with pytest.raises(UnsafeTarget):
        with atomic_output(link) as tmp:
            tmp.write_text("new")
    assert real.read_text() == "kept"


@pytest.mark.parametrize("command,suffix", [(["export", "1"], ".pdf"), (["table", "companies"], ".csv"),
                                            (["table", "companies"], ".xlsx"), (["backup"], ".sqlite")])
def test_a_symlink_loop_as_the_output_is_refused_by_name(demo_path, tmp_path, capsys, command, suffix):
    a, b = tmp_path / f"l1{suffix}", tmp_path / f"l2{suffix}"
    b.symlink_to(a.name)
    a.symlink_to(b.name)
    capsys.readouterr()
    assert main([*command, "-o", str(a), "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert str(a) in err and "Traceback" not in err, err
    assert a.is_symlink() and b.is_symlink()


def test_a_link_into_a_loop_is_refused(demo_path, tmp_path, capsys):
    a, b = tmp_path / "l1.csv", tmp_path / "l2.csv"
    b.symlink_to(a.name)
    a.symlink_to(b.name)
    c = tmp_path / "l3.csv"
    c.symlink_to(a.name)
    assert main(["table", "companies", "-o", str(c), "--db", str(demo_path)]) == 1
    assert str(c) in capsys.readouterr().err



def test_backup_replaces_a_read_only_older_backup_only_with_force(demo_path, tmp_path, capsys):
    old = tmp_path / "nightly.sqlite"
    assert main(["backup", "--db", str(demo_path), "-o", str(old)]) == 0
    old.chmod(0o444)
    before = old.read_bytes()
    capsys.readouterr()
    assert main(["backup", "--db", str(demo_path), "-o", str(old)]) == 1
    assert "只读" in capsys.readouterr().err and old.read_bytes() == before
    assert main(["backup", "--db", str(demo_path), "-o", str(old), "--force"]) == 0
    assert mode(old) == 0o444  # replaced on request, its permissions kept
