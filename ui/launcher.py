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


def unreachable_display(environ=None, platform: str | None = None) -> str | None:
    """Why the display named in the environment cannot be opened, or None when one can (or none is named).

    A DISPLAY left over from an ended X session (SSH, a closed desktop) or a stale Wayland socket
    makes Qt abort after the demo store was created, blaming a missing libxcb-cursor0. So the
    displays Qt would try are opened here first, cheaply (an xcb connection, a connect on the
    Wayland socket) and closed again; one that opens is enough.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    wanted = [p.strip() for p in environ.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    tries = []  # (name shown, opens?) for each display Qt would try
    if environ.get("DISPLAY") and (not wanted or any(p.startswith("xcb") for p in wanted)):
        tries.append((f"DISPLAY={environ['DISPLAY']}", lambda: _x_display_opens(environ["DISPLAY"])))
    if (environ.get("WAYLAND_DISPLAY") or environ.get("WAYLAND_SOCKET")) and (
            not wanted or any(p.startswith("wayland") for p in wanted)):
        tries.append((f"WAYLAND_DISPLAY={environ.get('WAYLAND_DISPLAY') or environ.get('WAYLAND_SOCKET')}",
                      lambda: _wayland_display_opens(environ)))
    if not tries:  # an explicit back end with no display (offscreen, minimal, vnc ...): nothing to open
        return None
    if any(opens() is not False for _, opens in tries):
        return None
    names = ", ".join(name for name, _ in tries)
    return UNREACHABLE_DISPLAY_MESSAGE.format(names=names)


UNREACHABLE_DISPLAY_MESSAGE = (
    "无法连接显示 {names}，桌面程序无法打开 (cannot connect to the display {names}: the desktop app "
    "cannot open here; the session it belonged to may have ended)。请在图形桌面中启动，或用 "
    "`xvfb-run workbench` 在虚拟显示中运行；无界面的工作请用命令行，见 `workbench --help` "
    "(start it from a graphical desktop, run `xvfb-run workbench`, or use the command line "
    "for headless work: `workbench --help`)"
)


def _x_display_opens(name: str) -> bool | None:
    """Whether an X connection to ``name`` opens (libxcb, as Qt's xcb plugin connects); None when
    libxcb itself cannot be loaded (then Qt names what is missing)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_connection_has_error.restype = ctypes.c_int
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.restype = None
    connection = xcb.xcb_connect(os.fsencode(name), None)  # never NULL: an error connection at worst
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


def _wayland_display_opens(environ) -> bool:
    """Whether the compositor's socket accepts a connection (closed again at once)."""
    import socket

    if environ.get("WAYLAND_SOCKET"):  # an inherited connection: only Qt may use it
        return True
    name = environ["WAYLAND_DISPLAY"]
    if not os.path.isabs(name):
        if not environ.get("XDG_RUNTIME_DIR"):
            return False  # libwayland refuses a relative name without XDG_RUNTIME_DIR
        name = os.path.join(environ["XDG_RUNTIME_DIR"], name)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(5)
        try:
            probe.connect(name)
        except OSError:
            return False
    return True


def app_display_problem(environ=None, platform: str | None = None) -> str | None:
    """Why the app cannot open here: no display named, or none of those named opens."""
    return display_problem(environ, platform) or unreachable_display(environ, platform)


def open_app(path: Path) -> int:
    from ui.app import run

    return run(path)


open_app.check = app_display_problem  # the command line asks before it creates the demo store


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
