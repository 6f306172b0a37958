"""The core never loads Qt: import every workbench module in a fresh interpreter and look."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import workbench

ROOT = Path(__file__).resolve().parents[2]


def all_core_modules() -> list[str]:
    names = ["workbench"]
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if not info.name.endswith("__main__"):  # running it would start the command line
            names.append(info.name)
    return names


def test_core_modules_load_no_qt():
    modules = all_core_modules()
    assert "workbench.store.store" in modules and "workbench.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph', 'ui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"core modules loaded Qt/UI modules: {out.stdout}"


def test_version_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from workbench.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('PySide6', 'pandas', 'reportlab', 'sqlite_utils', 'pyqtgraph') if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "workbench 0." in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "heavy="


def test_import_linter_contract_is_declared():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.importlinter]" in text and 'forbidden_modules = ["ui", "PySide6"' in text


def test_console_script_answers_version_without_qt():
    """The ``workbench`` script lives in ui.launcher but must not start Qt for --version."""
    code = (
        "import sys\n"
        "from ui.launcher import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('qt=' + ','.join(m for m in ('PySide6', 'pyqtgraph') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "qt="


def test_core_command_line_alone_does_not_open_the_app(tmp_path):
    from workbench.cli import main

    assert main(["--db", str(tmp_path / "s.sqlite")]) == 1  # no app launcher given: a clear message

