"""The one place that knows where bundled resources and the user's data folder are."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "AnalystWorkbench"


def resources_dir() -> Path:
    """Return the folder holding fonts, templates, demo data and translations.

    In a PyInstaller bundle the files sit under ``sys._MEIPASS``; in a checkout or an
    editable install they sit beside the ``workbench`` package.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of one bundled resource file, e.g. ``resource("fonts", "wqy-microhei.ttc")``."""
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """The OS's standard per-user data folder for the workbench (created on demand by callers)."""
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME


def default_store_path() -> Path:
    """The store the app opens when no ``--db`` is given; ``WORKBENCH_DB`` overrides it."""
    env = os.environ.get("WORKBENCH_DB")
    if env:
        return Path(env)
    return user_data_dir() / "workbench.sqlite"
