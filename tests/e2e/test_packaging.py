"""Fast checks of the installer recipes in packaging/ (the bundle itself is built by
packaging/build.sh and tested by packaging/smoke.sh, never here)."""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import struct
import subprocess
import tomllib
from pathlib import Path

import pytest

import workbench

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "workbench.spec"
DESKTOP = PACKAGING / "linux" / "analyst-workbench.desktop"
ISS = PACKAGING / "windows" / "workbench.iss"


def spec_namespace(*names: str) -> dict:
    """Run the named top-level functions and assignments of the spec, without PyInstaller."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    wanted = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in names:
            wanted.append(node)
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) in names for t in node.targets):
            wanted.append(node)
    ns: dict = {"ROOT": ROOT, "Path": Path, "ast": ast, "re": re}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(SPEC), "exec"), ns)
    return ns


def test_spec_parses_and_builds_one_folder():
    text = SPEC.read_text(encoding="utf-8")
    tree = ast.parse(text)
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= calls  # COLLECT: one folder, not one file
    assert 'contents_directory="_internal"' in text  # resources end up under sys._MEIPASS


def test_frozen_entry_point_is_the_console_script():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, func = scripts["workbench"].split(":")
    entry = (PACKAGING / "workbench_main.py").read_text(encoding="utf-8")
    assert f"from {module} import {func}" in entry
    assert f"{func}()" in entry


def test_spec_version_is_the_package_version():
    assert spec_namespace("package_version")["package_version"]() == workbench.__version__


def test_spec_carries_every_resource_under_resources():
    files = spec_namespace("SKIP_SUFFIXES", "resource_files")["resource_files"]()
    dests = {(Path(src).relative_to(ROOT).as_posix(), dest.replace("\\", "/")) for src, dest in files}
    assert ("resources/fonts/wqy-microhei.ttc", "resources/fonts") in dests
    assert ("resources/fonts/LICENSE-wqy-microhei.txt", "resources/fonts") in dests
    for folder in ("demo", "templates", "translations", "docs"):
        shipped = {s for s, d in dests if d == f"resources/{folder}"}
        on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources" / folder).iterdir()
                   if p.is_file() and p.suffix not in {".ts", ".py"}}
        assert shipped == on_disk, folder
    # every destination keeps the path below resources/, as workbench.paths.resource() expects
    assert all(Path(src).parent.as_posix() == dest for src, dest in dests)


def test_spec_excludes_unused_qt_but_keeps_what_pyqtgraph_and_the_app_import():
    ns = spec_namespace("QT_UNUSED", "qt_modules_used")
    unused = set(ns["QT_UNUSED"])
    for heavy in ("QtWebEngineCore", "Qt3DCore", "QtMultimedia", "QtQuick", "QtQml", "QtBluetooth",
                  "QtNfc", "QtPositioning", "QtSensors", "QtSerialPort", "QtCharts", "QtDataVisualization",
                  "QtPdf", "QtNetwork"):
        assert heavy in unused
    assert not unused & {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtOpenGL", "QtOpenGLWidgets", "QtTest",
                         "QtPrintSupport"}
    used = ns["qt_modules_used"]()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    text = SPEC.read_text(encoding="utf-8")
    for name in ("tkinter", "matplotlib", "pytest"):
        assert f'"{name}"' in text


def test_spec_names_the_lazily_imported_modules():
    text = SPEC.read_text(encoding="utf-8")
    for name in ('collect_submodules("workbench")', 'collect_submodules("ui")', '"pandas"', '"openpyxl"',
                 '"reportlab.pdfbase.ttfonts"', '"sqlite_utils"'):
        assert name in text


def test_icons_exist_in_every_format():
    png = (PACKAGING / "icons" / "workbench.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (512, 512)
    ico = (PACKAGING / "icons" / "workbench.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    icns = (PACKAGING / "icons" / "workbench.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_desktop_file_is_valid():
    text = DESKTOP.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read_string(text)
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Analyst Workbench" and entry["Name[zh_CN]"] == "分析师工作台"
    assert entry["Exec"].split()[0] == "workbench"
    assert entry["Icon"] == "analyst-workbench"  # the name install.sh gives the PNG
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")
    assert entry["Keywords"].endswith(";")
    install = (PACKAGING / "linux" / "install.sh").read_text(encoding="utf-8")
    assert "apps/analyst-workbench.png" in install and "analyst-workbench.desktop" in install
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_inno_setup_script_takes_the_version_from_the_package():
    text = ISS.read_text(encoding="utf-8")
    # no version typed into the script: it is read from the exe's version resource (set by the
    # spec from workbench.__version__) unless build.ps1 passes /DAppVersion=
    assert '#define AppVersion GetStringFileInfo(BundleDir + "\\" + CliExe, "ProductVersion")' in text
    assert '#define CliExe "workbench.exe"' in text
    assert not re.search(r"AppVersion=\d", text)
    assert "AppVersion={#AppVersion}" in text
    assert 'StringStruct("ProductVersion", VERSION)' in SPEC.read_text(encoding="utf-8")
    ps1 = (PACKAGING / "windows" / "build.ps1").read_text(encoding="utf-8")
    assert "workbench.__version__" in ps1 and "/DAppVersion=$version" in ps1


def test_inno_setup_script_has_start_menu_association_and_uninstall():
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")  # ISCC reads a BOM-less script in the ANSI code page
    text = ISS.read_text(encoding="utf-8-sig")
    sections = set(re.findall(r"^\[(\w+)\]", text, re.M))
    assert {"Setup", "Files", "Icons", "Registry", "Run"} <= sections
    assert re.search(r'^Name: "\{group\}\\', text, re.M)  # Start-menu entry
    assert "{uninstallexe}" in text  # uninstall entry in the Start menu
    assert not re.search(r"^Uninstallable\s*=\s*no", text, re.M | re.I)
    assert 'Source: "{#BundleDir}\\*"' in text and "recursesubdirs" in text
    assert "OpenWithProgids" in text and '--db ""%1""' in text
    assert "ChangesAssociations=yes" in text
    assert "PrivilegesRequired=lowest" in text
    assert "http" not in text.lower()  # nothing is downloaded at install time


@pytest.mark.parametrize("script", ["build.sh", "smoke.sh", "linux/install.sh", "macos/build.sh",
                                    "macos/make_dmg.sh"])
def test_shell_scripts_parse(script):
    path = PACKAGING / script
    shell = "sh" if script.endswith("install.sh") else "bash"
    result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_smoke_test_runs_offline_without_python():
    text = (PACKAGING / "smoke.sh").read_text(encoding="utf-8")
    assert "unshare -n" in text and "env -i" in text
    assert "command -v python3" in text
    assert "QT_QPA_PLATFORM=offscreen" in text and "WORKBENCH_SMOKE_QUIT_MS" in text
    assert "pdftotext" in text and "pdffonts" in text
    assert "export latest" in text and "--version" in text


def test_build_installs_pyinstaller_from_the_packaging_extra():
    build = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert "'.[packaging]'" in build and "packaging/workbench.spec" in build
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'packaging\s*=\s*\[\s*"pyinstaller', pyproject)


def test_readme_documents_every_os():
    text = (PACKAGING / "README.md").read_text(encoding="utf-8")
    for heading in ("Linux", "Windows", "macOS"):
        assert re.search(rf"^##+ .*{heading}", text, re.M), heading
    for must in ("packaging/build.sh", "packaging/smoke.sh", "workbench.iss", "make_dmg.sh",
                 "WORKBENCH_SMOKE_QUIT_MS", "bench/bench_bundle.py"):
        assert must in text, must
