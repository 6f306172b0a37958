"""Weekly notes into an issue: the week's notes and inserting one into a section."""

from __future__ import annotations

from workbench.domain.issue import Issue
from workbench.errors import ValidationError

SECTIONS = {
    "market_review": "市场回顾",
    "views": "行业观点",
    "advice": "投资建议",
    "risks": "风险提示",
}


def week_notes(store, issue: Issue) -> list[dict]:
    """Notes dated within the issue's period, newest first."""
    return store.notes(start=issue.period_start, end=issue.period_end)


def insert_note(issue: Issue, text: str, section: str) -> Issue:
    """Add a note's text to a section: a new bullet, risk item or paragraph. Returns the issue."""
    text = text.strip()
    if not text:
        raise ValidationError("笔记内容为空 (note text is empty)")
    if section == "views":
        issue.views.append(text)
    elif section == "risks":
        issue.risks.append(text.rstrip("。；;"))
    elif section in ("market_review", "advice"):
        current = getattr(issue, section).rstrip()
        setattr(issue, section, f"{current}\n\n{text}" if current else text)
    else:
        raise ValidationError(f"未知章节 (unknown section): {section}")
    return issue
