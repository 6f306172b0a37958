"""Importing Wind/iFinD exports and hand-made sheets (.xlsx, .csv) into the store.

One module per concern: ``readers`` (files, encodings), ``headers`` (Wind-style column headers),
``layouts`` (wide/long/companies/quotes tables), ``indices`` (which stored index a quote belongs
to), ``questions`` (what an import asks instead of guessing), ``importer`` (checking and writing).
"""

from workbench.imports.headers import ROLES, ColumnInfo, ColumnRole, header_signature
from workbench.imports.indices import IndexNamedAsAnother, IndexNearMatch, IndicesToConfirm
from workbench.imports.importer import (MAPPING_PREFIX, FileReport, ImportReport, Preview, import_files, preview,
                                        remembered_mapping, save_mapping)
from workbench.imports.layouts import KIND_LABELS, KINDS
from workbench.imports.questions import (RATIO_UNITS, ImportQuestions, NameOfAnotherCompany, OlderValue,
                                        RatioUnitQuestion, SameNameCompany, UnfamiliarName)

__all__ = ["ColumnInfo", "ColumnRole", "FileReport", "ImportQuestions", "ImportReport", "IndexNamedAsAnother",
           "IndexNearMatch", "IndicesToConfirm", "KINDS", "KIND_LABELS", "MAPPING_PREFIX", "NameOfAnotherCompany",
           "OlderValue", "Preview", "RATIO_UNITS", "ROLES", "RatioUnitQuestion",
           "SameNameCompany", "UnfamiliarName", "header_signature", "import_files", "preview", "remembered_mapping", "save_mapping"]
