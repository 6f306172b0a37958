"""The one place that knows where bundled resources and the user's data folder are."""

from __future__ import annotations

import importlib.resources
import os
import sys
from pathlib import Path

APP_DIR_NAME = "AnalystWorkbench"


RESOURCES_PACKAGE = "workbench._resources"  # resources/ as installed from the wheel (setup.py)
RESOURCES_ENV = "WORKBENCH_RESOURCES"  # a resources folder to use instead (a checkout in another folder)


def resources_dir() -> Path:
    """Return the folder holding fonts, templates, demo data and translations.

    In a PyInstaller bundle the files sit under ``sys._MEIPASS``; in an installed wheel (and an
    editable install) they are the package ``workbench._resources``, found through
    ``importlib.resources``; in a bare checkout they sit beside the ``workbench`` package.
    Outside a bundle, ``WORKBENCH_RESOURCES`` names another folder (a second checkout's
    resources/, which an editable install would otherwise resolve to the first one's).
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    installed = _installed_resources()
    if installed is not None:
        return installed
    return Path(__file__).resolve().parent.parent / "resources"


def _installed_resources() -> Path | None:
    """The installed ``workbench._resources`` folder, or None when it is not installed."""
    try:
        folder = importlib.resources.files(RESOURCES_PACKAGE)
    except ModuleNotFoundError:
        return None
    # A wheel installs unpacked, so the package is a real folder; anything else (a zip) is not
    # a layout this app ships.
    return folder if isinstance(folder, Path) and folder.is_dir() else None


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
