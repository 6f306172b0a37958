"""Old import path of ``ui.common.geometry`` (window sizes that suit desk laptops)."""

from ui.common.geometry import SETTINGS_GROUP, fit_to_screen, remember_geometry, reveal, scroll_page  # noqa: F401
