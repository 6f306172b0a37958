"""The weekly report as a PDF: spec from the store, preflight, vector rendering, atomic export."""

from workbench.report.export import ExportResult, PreflightFailed, export_pdf, export_spec_pdf, write_pdf_bytes
from workbench.report.preflight import Finding, PreflightResult, preflight
from workbench.report.render import render_pdf
from workbench.report.spec import ReportSpec, build_report_spec

__all__ = ["ExportResult", "Finding", "PreflightFailed", "PreflightResult", "ReportSpec", "build_report_spec",
           "export_pdf", "export_spec_pdf", "preflight", "render_pdf", "write_pdf_bytes"]
