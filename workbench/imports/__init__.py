"""Importing Wind/iFinD exports and hand-made sheets (.xlsx, .csv) into the store.

One module per concern: ``readers`` (files, encodings), ``headers`` (Wind-style column headers),
``layouts`` (wide/long/companies/quotes tables), ``indices`` (which stored index a quote belongs
to), ``importer`` (checking and writing).
"""

from workbench.imports.headers import ROLES, ColumnInfo, ColumnRole, header_signature
from workbench.imports.indices import IndexNearMatch, IndicesToConfirm
from workbench.imports.importer import (MAPPING_PREFIX, FileReport, ImportReport, Preview, import_files, preview,
                                        remembered_mapping, save_mapping)
from workbench.imports.layouts import KIND_LABELS, KINDS

__all__ = ["ColumnInfo", "ColumnRole", "FileReport", "ImportReport", "IndexNearMatch", "IndicesToConfirm", "KINDS",
           "KIND_LABELS", "MAPPING_PREFIX", "Preview", "ROLES", "header_signature", "import_files", "preview",
           "remembered_mapping", "save_mapping"]
