"""One issue per series and week holds under concurrency too: five `new-issue --from` processes
started together over one store make one issue for the new week; the other four are refused,
naming it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys


def test_concurrent_new_issue_runs_make_one_issue(demo_path):
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("WORKBENCH_DB", None)
    runs = [subprocess.Popen([sys.executable, "-m", "workbench", "new-issue", "--from", "1", "--db", str(demo_path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(5)]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in runs]
    for p in runs:
        p.stdout.close()
        p.stderr.close()
    conn = sqlite3.connect(demo_path)
    try:
        source = conn.execute("SELECT series, period_start FROM issues WHERE id = 1").fetchone()
        weeks = conn.execute("SELECT id FROM issues WHERE series = ? AND period_start = date(?, '+7 days')",
                             source).fetchall()
    finally:
        conn.close()
    assert len(weeks) == 1, results
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1, 1, 1, 1], results
    refused = [err for code, _, err in results if code == 1]
    assert all(f"#{weeks[0][0]}" in err and "Traceback" not in err for err in refused)
