"""`workbench draft-review N` saves the drafted market review only over the issue it read: an issue saved
elsewhere while the review was drafted (the app, a desk pull) is refused (exit 1) with a clear message,
and the store keeps the other save's text. Without a change meanwhile it saves as before. The store
read back with plain sqlite3."""

from __future__ import annotations

import json
import sqlite3

import pytest

import workbench.analysis.review as review
from workbench.cli import main
from workbench.store import Store


def _stored(path, issue_id) -> tuple[dict, str]:
    """The issue's content and headline as the file holds them (read with plain sqlite3)."""
    with sqlite3.connect(path) as conn:
        content, headline = conn.execute("SELECT content, headline FROM issues WHERE id = ?", [issue_id]).fetchone()
    return json.loads(content), headline


@pytest.fixture
def issue_id(demo_path):
    with Store(demo_path) as s:
        return s.issue("latest").id


def test_an_issue_saved_elsewhere_while_drafting_is_not_overwritten(demo_path, issue_id, monkeypatch, capsys):
    real = review.draft_market_review_result

    def drafted_while_the_app_saves(store, issue):
        result = real(store, issue)
        with Store(demo_path) as app:  # the app saves the draft meanwhile (its own connection)
            other = app.issue(issue_id)
            other.headline = "应用里刚保存的标题"
            other.views = ["应用里刚保存的观点"]
            app.save_issue(other, keep_status=True)
        return result

    monkeypatch.setattr(review, "draft_market_review_result", drafted_while_the_app_saves)
    before, _ = _stored(demo_path, issue_id)
    capsys.readouterr()
    assert main(["draft-review", str(issue_id), "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert f"第 {issue_id} 期" in err and "未保存" in err and "not saved" in err
    content, headline = _stored(demo_path, issue_id)
    # the app's save stands whole: its headline and views, and the review as it was before
    assert headline == "应用里刚保存的标题"
    assert content["views"] == ["应用里刚保存的观点"]
    assert content["market_review"] == before["market_review"]


def test_without_a_change_meanwhile_the_review_is_saved(demo_path, issue_id, capsys):
    with Store(demo_path) as s:
        s.db.execute("UPDATE issues SET content = json_set(content, '$.market_review', '旧的回顾') WHERE id = ?",
                     [issue_id])
        expected = review.draft_market_review_result(s, s.issue(issue_id)).text
    assert main(["draft-review", str(issue_id), "--db", str(demo_path)]) == 0
    content, _ = _stored(demo_path, issue_id)
    assert content["market_review"] == expected != "旧的回顾"
