import pytest

from workbench.drafting.notes import insert_note, week_notes
from workbench.errors import ValidationError


def test_week_notes_and_insert_into_sections(demo_store):
    issue = demo_store.issue("latest")
    demo_store.add_note("下周一的笔记", date="2024-12-30")
    notes = week_notes(demo_store, issue)
    assert [n["date"] for n in notes] == ["2024-12-27", "2024-12-26", "2024-12-24"]
    n_views = len(issue.views)
    insert_note(issue, notes[0]["text"], "views")
    assert issue.views[-1] == notes[0]["text"] and len(issue.views) == n_views + 1
    insert_note(issue, "供应链扰动风险。", "risks")
    assert issue.risks[-1] == "供应链扰动风险"
    advice = issue.advice
    insert_note(issue, "补充一段", "advice")
    assert issue.advice == advice + "\n\n补充一段"
    demo_store.save_issue(issue)
    assert notes[0]["text"] in demo_store.issue(issue.id).views
    assert [i["id"] for i in demo_store.issues(query="三方面赋能")] == [issue.id]


def test_insert_refuses_empty_text_and_unknown_section(demo_store):
    issue = demo_store.issue("latest")
    with pytest.raises(ValidationError):
        insert_note(issue, "  ", "views")
    with pytest.raises(ValidationError):
        insert_note(issue, "x", "appendix")
