"""Export an issue to PDF: preflight, render, and an atomic write next to the target."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.progress import report
from workbench.report.preflight import Finding, PreflightResult, check, check_spec
from workbench.report.render import render_with_pages
from workbench.report.spec import ReportSpec, build_report_spec, resolve_issue

STEPS = 4


class PreflightFailed(WorkbenchError):
    """The issue has blockers; nothing was written. ``result`` holds every finding."""

    def __init__(self, result: PreflightResult):
        lines = [f"  - {f}" for f in result.blockers]
        super().__init__("导出被阻止，请先处理以下问题 (export blocked; fix these first):\n" + "\n".join(lines))
        self.result = result


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    sha256: str
    warnings: list[Finding] = field(default_factory=list)


def export_pdf(store, issue_or_id, out_path, *, progress=None) -> ExportResult:
    """Preflight the issue, render it and write ``out_path`` atomically.

    Raises PreflightFailed (nothing written) when preflight finds blockers.
    """
    report(progress, 0, STEPS, "读取数据 (reading the issue)")
    issue = resolve_issue(store, issue_or_id)
    spec = build_report_spec(store, issue)
    report(progress, 1, STEPS, "检查 (preflight)")
    result = check(store, issue, spec)
    if not result.ok:
        raise PreflightFailed(result)
    return _write(spec, out_path, result.warnings, progress)


def export_spec_pdf(spec: ReportSpec, out_path, *, progress=None) -> ExportResult:
    """Render an already built spec (e.g. a final issue's frozen snapshot) and write it atomically."""
    report(progress, 1, STEPS, "检查 (preflight)")
    return _write(spec, out_path, check_spec(spec).warnings, progress)


def _write(spec: ReportSpec, out_path, warnings: list[Finding], progress) -> ExportResult:
    target = Path(out_path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise WorkbenchError(f"目标文件夹不存在 (the target folder does not exist): {folder}")
    if target.is_dir():
        raise WorkbenchError(f"目标是文件夹而不是文件 (the target is a folder): {target}")
    data, pages = render_with_pages(spec, progress=progress)
    report(progress, 3, STEPS, "写入文件 (writing)")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise WorkbenchError(f"无法写入 (cannot write) {target}: {exc.strerror or exc}") from None
        raise
    report(progress, STEPS, STEPS, "完成 (done)")
    return ExportResult(target, pages, hashlib.sha256(data).hexdigest(), list(warnings))
