"""One issue per series and week, when the week is taken while a copy-forward is being drafted:
another workstation (another connection to the same store file) makes the week's issue after this
copy-forward found the week free but before it writes. The copy must then be refused naming the
issue made meanwhile, and the store must hold that one issue of the week, not two. The interleaving
is made deterministic by running the other copy-forward at the drafting step between the two."""

from __future__ import annotations

import sqlite3

import pytest


def _week_issues(path, source_id: int) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        series, start = conn.execute("SELECT series, period_start FROM issues WHERE id = ?", (source_id,)).fetchone()
        return [r[0] for r in conn.execute(
            "SELECT id FROM issues WHERE series = ? AND period_start = date(?, '+7 days') ORDER BY id",
            (series, start))]
    finally:
        conn.close()


def test_a_week_taken_while_the_copy_is_drafted_is_refused_when_it_writes(demo_path, monkeypatch):
    from workbench.drafting import lifecycle
    from workbench.store import Store

    assert _week_issues(demo_path, 1) == []  # the week is free when both start
    real = lifecycle.draft_market_review_result
    made: list[int] = []
    started = False

    def meanwhile(store, new):
        nonlocal started
        if not started:  # once: the other workstation's own copy drafts through here too
            started = True
            with Store(demo_path) as other:
                made.append(lifecycle.copy_forward(other, 1, by="王五").id)
        return real(store, new)

    monkeypatch.setattr(lifecycle, "draft_market_review_result", meanwhile)
    with Store(demo_path) as store:
        with pytest.raises(lifecycle.IssueExists) as refused:
            lifecycle.copy_forward(store, 1, by="张三")
    assert len(made) == 1
    assert refused.value.issue_id == made[0]
    assert f"#{made[0]}" in str(refused.value)
    assert _week_issues(demo_path, 1) == made


def test_a_week_taken_by_another_process_meanwhile_is_refused_when_the_copy_writes(demo_path, monkeypatch):
    """The other workstation is a `workbench new-issue --from 1` process that runs to its end while
    this copy-forward works out the segments to add (after its first look at the week)."""
    import os
    import subprocess
    import sys

    import workbench.report.freshness as freshness
    from workbench.drafting import lifecycle
    from workbench.store import Store

    real = freshness.segments_new_since
    runs: list[subprocess.CompletedProcess] = []

    def meanwhile(store, src):
        if not runs:
            env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
            env.pop("WORKBENCH_DB", None)
            runs.append(subprocess.run([sys.executable, "-m", "workbench", "new-issue", "--from", "1",
                                        "--db", str(demo_path)], capture_output=True, text=True, env=env,
                                       timeout=300))
        return real(store, src)

    monkeypatch.setattr(freshness, "segments_new_since", meanwhile)
    with Store(demo_path) as store:
        with pytest.raises(lifecycle.IssueExists) as refused:
            lifecycle.copy_forward(store, 1, by="张三")
    assert len(runs) == 1 and runs[0].returncode == 0, runs
    week = _week_issues(demo_path, 1)
    assert len(week) == 1  # the other process's issue, and no second one
    assert refused.value.issue_id == week[0]
