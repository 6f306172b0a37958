"""The app's dialogs: the small ones (settings, about, user guide, add company) in ``small``, the
house profile in ``house``, importing files in ``importing``.

The package re-exports only the small dialogs, as the old ``ui.dialogs`` module did; the house
profile and the import dialog (which loads the import engine) are imported from their modules.
"""

from ui.dialogs.small import AboutDialog, AddCompanyDialog, SettingsDialog, UserGuideDialog  # noqa: F401

__all__ = ["AboutDialog", "AddCompanyDialog", "SettingsDialog", "UserGuideDialog"]
