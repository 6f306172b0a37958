"""The ``workbench`` console script: the core's command line, able to open the desktop app.

Qt is imported only when the app is opened, so headless commands and ``--version`` stay light.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NO_DISPLAY_MESSAGE = (
    "无显示，无法打开桌面程序 (no display: the desktop app cannot open here)。"
    "请在图形桌面中启动，或用 `xvfb-run workbench` 在虚拟显示中运行；"
    "无界面的工作请用命令行，见 `workbench --help` "
    "(start it from a graphical desktop, run `xvfb-run workbench`, or use the command line "
    "for headless work: `workbench --help`)"
)


def display_problem(environ=None, platform: str | None = None) -> str | None:
    """Why the desktop app cannot open on this machine, or None when it can.

    On Linux and the BSDs Qt needs an X or Wayland display (or an explicit QT_QPA_PLATFORM such
    as ``offscreen``); without one Qt aborts with a message about xcb plugins. Checked before
    anything is created, so a first start without a display leaves no demo store behind.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    if any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET",
                                         "QT_QPA_PLATFORM")):
        return None
    return NO_DISPLAY_MESSAGE


def open_app(path: Path) -> int:
    from ui.app import run

    return run(path)


open_app.check = display_problem  # the command line asks before it creates the demo store


def main(argv: list[str] | None = None) -> int:
    from workbench.cli import main as cli_main

    return cli_main(argv, open_app=open_app)


def script() -> int:
    """The ``workbench`` command: ``main``, then the process's end without the interpreter's last
    collections walking every object the command made (see workbench/__main__.py)."""
    import gc

    try:
        return main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    raise SystemExit(script())
