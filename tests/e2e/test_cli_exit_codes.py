"""Exit codes as the README documents them: 3 when the preflight blocks an export or a status change,
and a closed output pipe (``workbench ... | head``) is not an error."""

from __future__ import annotations

import os
import subprocess
import sys

from workbench.store import Store

EXIT_BLOCKED = 3  # README: "3 the preflight blocks"
EXIT_CLOSED_PIPE = 128 + 13  # what POSIX tools return when killed by SIGPIPE: `cat big | head`


def _block_the_demo_issue(path) -> None:
    """The demo issue without its risk section: the preflight blocks it (a compliance requirement)."""
    with Store(path) as s:
        issue = s.issue("latest")
        issue.risks = []
        s.save_issue(issue)


def _status_rows(path):
    with Store(path) as s:
        return s.issue("latest").status, len(s.versions(s.issue("latest").id)), s.issue_log(s.issue("latest").id)


def test_export_blocked_by_the_preflight_exits_3_and_writes_nothing(cli, demo_path, tmp_path):
    _block_the_demo_issue(demo_path)
    assert cli("check", "latest", "--db", demo_path).returncode == EXIT_BLOCKED
    pdf = tmp_path / "blocked.pdf"
    out = cli("export", "latest", "--db", demo_path, "-o", pdf)
    assert out.returncode == EXIT_BLOCKED, (out.returncode, out.stderr)
    assert "风险提示" in out.stderr and "Traceback" not in out.stderr
    assert not pdf.exists()


def test_status_final_blocked_by_the_preflight_exits_3_and_leaves_the_issue_in_review(cli, demo_path):
    _block_the_demo_issue(demo_path)
    assert cli("status", "latest", "review", "--by", "林思远", "--db", demo_path).returncode == 0
    before = _status_rows(demo_path)
    out = cli("status", "latest", "final", "--by", "王编辑", "--db", demo_path)
    assert out.returncode == EXIT_BLOCKED, (out.returncode, out.stderr)
    assert "风险提示" in out.stderr and "Traceback" not in out.stderr
    assert _status_rows(demo_path) == before
    assert before[0] == "review" and before[1] == 0


def test_a_user_error_still_exits_1(cli, demo_path):
    out = cli("status", "latest", "final", "--by", "王编辑", "--db", demo_path)  # draft -> final skips review
    assert out.returncode == 1 and "Traceback" not in out.stderr


def _run_into_a_closed_pipe(*args):
    """Run the command line with its stdout a pipe whose reader has already gone (as `| head` leaves it)."""
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("WORKBENCH_DB", None)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the command writes a byte
    try:
        proc = subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], stdout=write_end,
                              stderr=subprocess.PIPE, env=env, timeout=120)
    finally:
        os.close(write_end)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


def test_a_closed_pipe_ends_quietly_with_the_sigpipe_status(demo_path):
    # print() output, a table written straight to the buffer, a diff
    for args in (("trace", "300493.SZ", "revenue", "2023A", "--db", demo_path),
                 ("table", "financials", "--db", demo_path),
                 ("diff", "1", "1", "--db", demo_path)):
        code, err = _run_into_a_closed_pipe(*args)
        assert err == "", (args, err)
        assert code == EXIT_CLOSED_PIPE, (args, code)
    # the help text: argparse itself ignores a failed write and exits 0, also quietly
    for args in (("--help",), ("trace", "--help")):
        assert _run_into_a_closed_pipe(*args) == (0, ""), args


def test_a_closed_pipe_does_not_hide_a_real_error(demo_path, tmp_path):
    code, err = _run_into_a_closed_pipe("trace", "300493.SZ", "revenue", "2023A", "--db", tmp_path / "nope.sqlite")
    assert code == 1 and "store not found" in err
