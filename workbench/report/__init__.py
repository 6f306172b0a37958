"""The weekly report as a PDF: spec from the store, preflight, vector rendering, atomic export."""

from workbench.report.lazy_patterns import load_paragraph_modules

load_paragraph_modules()  # before anything below imports reportlab.platypus

from workbench.report.export import ExportResult, PreflightFailed, export_pdf, export_spec_pdf, write_pdf_bytes  # noqa: E402
from workbench.report.preflight import Finding, PreflightResult, preflight  # noqa: E402
from workbench.report.render import render_pdf  # noqa: E402
from workbench.report.spec import ReportSpec, build_report_spec  # noqa: E402
from workbench.report.pdf_numbers import install as _remember_numbers  # noqa: E402

_remember_numbers()  # after everything above has loaded the reportlab modules it draws with

__all__ = ["ExportResult", "Finding", "PreflightFailed", "PreflightResult", "ReportSpec", "build_report_spec",
           "export_pdf", "export_spec_pdf", "preflight", "render_pdf", "write_pdf_bytes"]
