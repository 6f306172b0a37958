"""`workbench correct N --take …` (or `--take-point`) on an issue never published says the issue is not
final and is edited directly, as `correct N --reason` alone says, not "no open correction: run
`workbench correct N --reason …`" (the command just run); exit 1, the store unchanged."""

from __future__ import annotations

import hashlib

from workbench.cli import main


def test_a_take_on_an_unpublished_issue_says_it_is_not_final(demo_path, capsys):
    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    for extra in (["--take", "300493.SZ"], ["--take-point", "云厂商资本开支"]):
        capsys.readouterr()
        assert main(["correct", "1", "--db", str(demo_path), "--reason", "r", *extra]) == 1
        err = capsys.readouterr().err
        assert "尚未定稿" in err and "not final" in err and "没有打开的更正版本" not in err, err
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before
