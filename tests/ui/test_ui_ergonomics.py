"""The app fits the analyst's day: no display, truthful states, keyboard, desk screens, preview."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_without_display(tmp_path, *args, extra_env=None):
    """Start ``workbench`` with the environment cleared: no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM."""
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    env.update(extra_env or {})
    code = "import sys; from ui.launcher import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_no_display_says_so_before_creating_the_store(tmp_path):
    store = tmp_path / "new.sqlite"
    result = _run_without_display(tmp_path, "--db", str(store))
    assert result.returncode == 1
    assert "xvfb-run workbench" in result.stderr
    assert "no display" in result.stderr
    assert "Traceback" not in result.stderr
    assert not store.exists()
    assert "xcb" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_no_display_default_store_is_not_created(tmp_path):
    result = _run_without_display(tmp_path)
    assert result.returncode == 1
    assert "无显示" in result.stderr
    # the default store lives under XDG_DATA_HOME: nothing may be created there
    data = tmp_path / "home" / "data"
    assert list(data.rglob("*.sqlite")) == [] if data.exists() else not data.exists()
    assert "创建演示数据" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_headless_commands_still_run_without_display(tmp_path):
    result = _run_without_display(tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert "xvfb-run" not in result.stderr + result.stdout


def test_a_display_or_an_explicit_platform_lets_the_app_open():
    from ui.launcher import display_problem

    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None
    assert "xvfb-run workbench" in display_problem({"DISPLAY": ""}, "linux")
