"""A display that is named but cannot be opened (SSH after the X session ended, a stale Wayland
socket): the app says so and exits 1 before creating anything, as it does with no display at all.

Checked against real servers: an Xvfb started here (when installed) and a listening Unix socket for
Wayland; the unreachable ones are display numbers no server holds and a socket nobody listens on.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")


def _free_display() -> int:
    """A display number no X server holds (no socket, no lock file)."""
    for n in range(77, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    pytest.skip("no free X display number")


def _run_app(tmp_path, env_extra, *args):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {"HOME": str(home), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"), **env_extra}
    code = "import sys; from ui.launcher import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=120)


def _stale_socket(path: Path) -> Path:
    """A socket file left behind by a compositor that is gone: it exists, nobody listens."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    s.close()
    return path


def test_an_x_display_that_cannot_be_opened_refuses_before_creating_the_store(tmp_path):
    n = _free_display()
    store = tmp_path / "new.sqlite"
    result = _run_app(tmp_path, {"DISPLAY": f":{n}"}, "--db", str(store))
    assert result.returncode == 1, result.stderr
    assert f":{n}" in result.stderr
    assert "cannot connect to the display" in result.stderr and "无法连接显示" in result.stderr
    assert "xvfb-run workbench" in result.stderr
    assert not store.exists()
    assert "Traceback" not in result.stderr and "xcb-cursor" not in result.stderr


def test_a_first_start_with_a_dead_display_creates_no_demo_store(tmp_path):
    n = _free_display()
    result = _run_app(tmp_path, {"DISPLAY": f":{n}"})
    assert result.returncode == 1, result.stderr
    data = tmp_path / "home" / "data"
    assert not data.exists() or list(data.rglob("*")) == []
    assert "创建演示数据" not in result.stderr


def test_a_stale_wayland_socket_refuses_before_creating_the_store(tmp_path):
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    _stale_socket(runtime / "wayland-9")
    store = tmp_path / "new.sqlite"
    result = _run_app(tmp_path, {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(runtime)},
                      "--db", str(store))
    assert result.returncode == 1, result.stderr
    assert "wayland-9" in result.stderr and "cannot connect to the display" in result.stderr
    assert not store.exists()


def test_a_listening_wayland_socket_counts_as_a_display(tmp_path):
    from ui.launcher import unreachable_display

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(runtime / "wayland-1"))
    server.listen(16)  # never accepted here: room for every probe
    try:
        live = {"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(runtime)}
        assert unreachable_display(live, "linux") is None
        assert unreachable_display({**live, "DISPLAY": f":{_free_display()}"}, "linux") is None  # one is enough
        # an absolute WAYLAND_DISPLAY is the socket itself
        assert unreachable_display({"WAYLAND_DISPLAY": str(runtime / "wayland-1")}, "linux") is None
        # but Qt told to use xcb only needs the X display
        assert "cannot connect" in unreachable_display(
            {**live, "DISPLAY": f":{_free_display()}", "QT_QPA_PLATFORM": "xcb"}, "linux")
    finally:
        server.close()
    assert "wayland-1" in unreachable_display(live, "linux")  # closed: its file stays, nobody listens


def test_other_platforms_and_explicit_non_display_back_ends_are_not_probed():
    from ui.launcher import unreachable_display

    dead = {"DISPLAY": f":{_free_display()}"}
    assert unreachable_display({**dead, "QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert unreachable_display({**dead, "QT_QPA_PLATFORM": "minimal"}, "linux") is None
    assert unreachable_display(dead, "win32") is None
    assert unreachable_display(dead, "darwin") is None
    assert unreachable_display(dead, "linux") is not None


@pytest.mark.skipif(not shutil.which("Xvfb"), reason="needs Xvfb for a real X server")
def test_a_running_x_server_counts_as_a_display(tmp_path):
    from ui.launcher import unreachable_display

    n = _free_display()
    server = subprocess.Popen(["Xvfb", f":{n}", "-nolisten", "tcp", "-screen", "0", "640x480x24"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{n}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        problem = None
        for _ in range(100):  # the socket appears a moment before the server accepts
            problem = unreachable_display({"DISPLAY": f":{n}"}, "linux")
            if problem is None:
                break
            time.sleep(0.05)
        assert problem is None
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert unreachable_display({"DISPLAY": f":{n}"}, "linux") is not None  # the same number once it is gone
