"""Export an issue to PDF: preflight, render, and an atomic write next to the target."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.outputs import check_target, write_bytes
from workbench.progress import report
from workbench.report.preflight import Finding, PreflightResult, check, check_spec
from workbench.report.render import render_with_pages
from workbench.report.spec import ReportSpec, build_report_spec, resolve_issue

STEPS = 4


class PreflightFailed(WorkbenchError):
    """The issue has blockers; nothing was written. ``blockers`` (and ``result``) hold the findings.

    Built from a PreflightResult, or from a lead message and the blocking findings. The command
    line exits 3 for it (an export or a status change the preflight blocks), as ``check`` does.
    """

    exit_code = 3  # workbench.cli.EXIT_BLOCKED

    def __init__(self, result: PreflightResult | str, blockers: list[Finding] | None = None):
        if isinstance(result, PreflightResult):
            lead, blockers = "导出被阻止，请先处理以下问题 (export blocked; fix these first):", result.blockers
        else:
            lead, blockers = result, list(blockers or [])
            result = PreflightResult(blockers=list(blockers))
        super().__init__("\n".join([lead] + [f"  - {f}" for f in blockers]))
        self.result = result
        self.blockers = list(blockers)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    sha256: str
    warnings: list[Finding] = field(default_factory=list)


def export_pdf(store, issue_or_id, out_path, *, progress=None, spec: ReportSpec | None = None) -> ExportResult:
    """Preflight the issue, render it (``spec``: the issue's as built by its caller, else now) and
    write ``out_path`` atomically.

    Raises PreflightFailed (nothing written) when preflight finds blockers.
    """
    report(progress, 0, STEPS, "读取数据 (reading the issue)")
    issue = resolve_issue(store, issue_or_id)
    spec = build_report_spec(store, issue) if spec is None else spec
    report(progress, 1, STEPS, "检查 (preflight)")
    result = check(store, issue, spec)
    if not result.ok:
        raise PreflightFailed(result)
    return _write(spec, out_path, result.warnings, progress, store.path)


def export_spec_pdf(spec: ReportSpec, out_path, *, progress=None, store_path=None) -> ExportResult:
    """Render an already built spec (e.g. a final issue's frozen snapshot) and write it atomically."""
    report(progress, 1, STEPS, "检查 (preflight)")
    return _write(spec, out_path, check_spec(spec).warnings, progress, store_path)


def write_pdf_bytes(data: bytes, out_path, *, warnings: list[Finding] | None = None,
                    store_path=None, expected_sha256: str | None = None, what: str = "") -> ExportResult:
    """Write PDF bytes produced earlier (a final issue's stored PDF) with the same atomic write.

    With ``expected_sha256`` (the published version's recorded hash) bytes that do not match it
    are refused and nothing is written: a stored PDF changed after publication is never handed out.
    """
    if expected_sha256 is not None and (data is None or hashlib.sha256(data).hexdigest() != expected_sha256):
        raise WorkbenchError(f"{what + ': ' if what else ''}存储的 PDF 与发布时记录的 SHA-256 不符，拒绝导出；请运行 "
                             f"workbench verify (the stored PDF does not match the SHA-256 recorded at "
                             f"publication; nothing was written; run workbench verify)")
    target = _check_target(out_path, store_path)
    _atomic_write(data, target, store_path)
    return ExportResult(target, count_pages(data), hashlib.sha256(data).hexdigest(), list(warnings or []))


def count_pages(data: bytes) -> int:
    """Pages of a PDF this package wrote (uncompressed page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def _check_target(out_path, store_path=None) -> Path:
    """Before any work: refuse a missing folder, a folder, the store or any other database."""
    return check_target(out_path, store_path)


def _write(spec: ReportSpec, out_path, warnings: list[Finding], progress, store_path=None) -> ExportResult:
    target = _check_target(out_path, store_path)
    data, pages = render_with_pages(spec, progress=progress)
    report(progress, 3, STEPS, "写入文件 (writing)")
    _atomic_write(data, target, store_path)
    report(progress, STEPS, STEPS, "完成 (done)")
    return ExportResult(target, pages, hashlib.sha256(data).hexdigest(), list(warnings))


def _atomic_write(data: bytes, target: Path, store_path=None) -> None:
    """Write to a temporary file in the target's folder, then rename over the target."""
    write_bytes(target, data, store_path)
