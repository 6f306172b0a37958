"""An issue's report spec as published or as it stands: the frozen snapshot of a final version,
the live spec of a draft. One home for both, below drafting (which freezes) and beside the
exports (PDF, .xlsx, the week-over-week diff) that read them."""

from __future__ import annotations

import json

from workbench.errors import NotFound
from workbench.report.spec import ReportSpec, build_report_spec


def frozen_spec(store, issue_id, version: int | None = None) -> ReportSpec:
    """The data snapshot (report spec) of a frozen version, by default the latest."""
    versions = store.versions(int(issue_id))
    if not versions:
        raise NotFound(f"第 {issue_id} 期没有定稿版本 (issue has no frozen version)")
    row = versions[-1] if version is None else next((v for v in versions if v["version"] == version), None)
    if row is None:
        raise NotFound(f"第 {issue_id} 期没有版本 v{version} (no such version)")
    return ReportSpec.from_json(row["snapshot_json"])


def issue_snapshot(store, issue_id) -> dict:
    """The report spec of an issue as plain data: frozen for a final issue, live for a draft."""
    issue = store.issue(issue_id)
    if issue.status == "final":
        return json.loads(frozen_spec(store, issue.id).to_json())
    return json.loads(build_report_spec(store, issue).to_json())
