"""The built wheel is complete: installed into a fresh virtual environment with no checkout
beside it, it builds the demo store, exports the demo PDF and opens its window.

Offline: the wheel is built without build isolation (setuptools from this environment) and
installed with ``--no-deps --no-index``; the fresh environment reaches the libraries already
installed here through a ``.pth`` line (a folder named in a .pth is searched, but its own .pth
files, such as the editable install's finder, are not run, so the checkout stays invisible).
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(args, cwd, env, timeout=120):
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout)
    assert proc.returncode == 0, f"{args} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(bin folder, environment, work folder) of a fresh venv holding only the built wheel."""
    base = tmp_path_factory.mktemp("wheel")
    wheels = base / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-q", "-w", wheels, ROOT], cwd=base, env=os.environ.copy(), timeout=300)
    wheel = next(wheels.glob("analyst_workbench-*.whl"))

    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform.startswith("win") else "bin")
    new_python = bin_dir / "python"
    purelib = Path(_run([new_python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        cwd=base, env=os.environ.copy()).stdout.strip())
    (purelib / "_workbench_test_deps.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", new_python, "install", "--no-deps", "--no-index",
          "-q", wheel], cwd=base, env=os.environ.copy(), timeout=300)

    work = base / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "WORKBENCH_", "VIRTUAL_ENV"))}
    env.update(LANG="C.UTF-8", HOME=str(work), XDG_DATA_HOME=str(work / "data"), QT_QPA_PLATFORM="offscreen")
    return bin_dir, env, work


def test_the_installed_package_and_its_resources_live_outside_the_checkout(installed):
    bin_dir, env, work = installed
    out = _run([bin_dir / "python", "-c",
                "import workbench, ui, workbench.paths as p; print(workbench.__file__); "
                "print(ui.__file__); print(p.resources_dir())"], cwd=work, env=env).stdout.split("\n")
    package, ui_package, resources = (Path(line) for line in out[:3])
    for path in (package, ui_package, resources):
        assert ROOT not in path.parents, f"{path} is inside the checkout {ROOT}"
    assert resources == package.parent / "_resources"
    for name in ("fonts/wqy-microhei.ttc", "demo/demo_issue.json", "templates/house_demo.json",
                 "translations/workbench_zh_CN.qm", "docs/guide_zh.md", "icons/workbench.png"):
        assert (resources / name).is_file(), f"{name} is missing from the installed wheel"


def test_demo_and_export_run_from_the_installed_wheel(installed):
    bin_dir, env, work = installed
    db = work / "demo.sqlite"
    _run([bin_dir / "workbench", "demo", "--db", db], cwd=work, env=env)
    assert db.stat().st_size > 0
    pdf = work / "demo.pdf"
    _run([bin_dir / "workbench", "export", "latest", "--db", db, "-o", pdf], cwd=work, env=env)
    head = pdf.read_bytes()
    assert head.startswith(b"%PDF-")
    # the bundled Chinese font is embedded (it is found only inside the installed package)
    assert b"WenQuanYi" in head or b"wqy" in head.lower()


def test_the_window_opens_offscreen_from_the_installed_wheel(installed):
    bin_dir, env, work = installed
    db = work / "window.sqlite"
    _run([bin_dir / "workbench", "demo", "--db", db], cwd=work, env=env)
    out = _run([bin_dir / "workbench", "--db", db], cwd=work,
               env={**env, "WORKBENCH_SMOKE_QUIT_MS": "300"}).stdout
    line = next(l for l in out.splitlines() if l.startswith("smoke: window"))
    assert "visible=True" in line
    assert "companies=0" not in line and "issues=0" not in line
