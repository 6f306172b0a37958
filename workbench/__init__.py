"""Analyst Workbench core: the store, imports, analysis, drafting and the PDF report (no Qt)."""

__version__ = "0.1.0"
