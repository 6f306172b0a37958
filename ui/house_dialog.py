"""Old import path of ``ui.dialogs.house`` (the house profile dialog)."""

from ui.dialogs.house import AnalystsTable, HouseDialog, NumberStyleEditor, PairTable  # noqa: F401
