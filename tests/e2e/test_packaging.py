"""The installer recipes in packaging/, checked by what they do.

The bundle itself is built by packaging/build.sh and tested by packaging/smoke.sh in CI (never
here): what those two scripts run is checked by running them, so nothing here greps them. Here the
PyInstaller spec is executed with PyInstaller's build steps recorded instead of run (what it
would bundle, and whether the app finds its files in that layout), the frozen entry point and the
Linux installer are run, and the Windows installer script is parsed and checked against the spec.
"""

from __future__ import annotations

import ast
import configparser
import importlib.metadata
import importlib.util
import os
import pkgutil
import re
import shutil
import struct
import subprocess
import sys
import types
from pathlib import Path

import pytest

import workbench

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "workbench.spec"
DESKTOP = PACKAGING / "linux" / "analyst-workbench.desktop"
ISS = PACKAGING / "windows" / "workbench.iss"


# ---------------------------------------------------------------------- the spec, executed
class Step:
    """One PyInstaller build step (Analysis, PYZ, EXE, COLLECT, BUNDLE), recorded instead of run."""

    calls: list[Step]

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.kind = type(self).__name__
        self.name = kwargs.get("name", "")
        self.datas = list(kwargs.get("datas", []))
        self.binaries, self.scripts, self.pure = [], [], []
        Step.calls.append(self)


def _stub_modules(versioninfo: dict) -> dict[str, types.ModuleType]:
    """PyInstaller's helper modules the spec imports, with the behaviour the spec relies on."""

    def collect_submodules(package: str) -> list[str]:
        spec = importlib.util.find_spec(package)
        names = [package]
        for info in pkgutil.walk_packages(spec.submodule_search_locations, prefix=package + "."):
            names.append(info.name)
        return names

    def collect_data_files(package: str, subdir: str = "") -> list[tuple[str, str]]:
        base = Path(importlib.util.find_spec(package).origin).parent
        return [(str(p), str(p.parent.relative_to(base.parent))) for p in sorted((base / subdir).rglob("*"))
                if p.is_file() and p.suffix not in {".py", ".pyc"}]

    def copy_metadata(name: str) -> list[tuple[str, str]]:
        """The distribution's .dist-info folder, kept under its own name at the bundle's top."""
        path = Path(importlib.metadata.distribution(name)._path)
        return [(str(path), path.name)]

    def recorder(name):
        def make(*args, **kwargs):
            versioninfo.setdefault(name, []).append((args, kwargs))
            return (name, args, kwargs)
        return make

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules, hooks.collect_data_files = collect_submodules, collect_data_files
    hooks.copy_metadata = copy_metadata
    bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    bindepend.get_imports = lambda path: []
    win32 = types.ModuleType("PyInstaller.utils.win32.versioninfo")
    for name in ("FixedFileInfo", "StringFileInfo", "StringStruct", "StringTable", "VarFileInfo", "VarStruct",
                 "VSVersionInfo"):
        setattr(win32, name, recorder(name))
    modules = {"PyInstaller": types.ModuleType("PyInstaller"), "PyInstaller.utils": types.ModuleType("x"),
               "PyInstaller.utils.hooks": hooks, "PyInstaller.depend": types.ModuleType("x"),
               "PyInstaller.depend.bindepend": bindepend, "PyInstaller.utils.win32": types.ModuleType("x"),
               "PyInstaller.utils.win32.versioninfo": win32}
    return modules


def run_spec(platform: str, tmp_path: Path) -> dict:
    """Execute packaging/workbench.spec as PyInstaller would on ``platform``; returns what it built."""
    Step.calls = []
    versioninfo: dict = {}
    ns = {"SPECPATH": str(PACKAGING), "__name__": "__main__", "__file__": str(SPEC)}
    for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        ns[kind] = type(kind, (Step,), {})
    saved_modules = {k: sys.modules.get(k) for k in _stub_modules({})}
    saved_platform, saved_cwd = sys.platform, os.getcwd()
    sys.modules.update(_stub_modules(versioninfo))
    try:
        sys.platform = platform
        os.chdir(tmp_path)  # the Linux post-build step looks for the bundle in the working folder
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), ns)
    finally:
        sys.platform = saved_platform
        os.chdir(saved_cwd)
        for k, v in saved_modules.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
    steps: dict[str, list[Step]] = {}
    for step in Step.calls:
        steps.setdefault(step.kind, []).append(step)
    return {"ns": ns, "steps": steps, "versioninfo": versioninfo}


@pytest.fixture(scope="module")
def linux_spec(tmp_path_factory):
    return run_spec("linux", tmp_path_factory.mktemp("spec_linux"))


@pytest.fixture(scope="module")
def windows_spec(tmp_path_factory):
    return run_spec("win32", tmp_path_factory.mktemp("spec_windows"))


def test_spec_builds_one_folder_not_one_file(linux_spec):
    steps = linux_spec["steps"]
    (collect,) = steps["COLLECT"]
    assert collect.name == "workbench"  # dist/workbench/
    (exe,) = steps["EXE"]
    assert exe.name == "workbench" and exe.kwargs["console"] is True
    assert exe.kwargs["exclude_binaries"] is True  # binaries go to the folder, not into the executable
    assert exe.kwargs["contents_directory"] == "_internal"
    assert exe in collect.args  # the executable is collected into the folder
    assert "BUNDLE" not in steps  # the .app is macOS only


def test_spec_version_is_the_package_version(linux_spec, windows_spec):
    assert linux_spec["ns"]["VERSION"] == workbench.__version__
    strings = {args[0]: args[1] for args, _ in windows_spec["versioninfo"]["StringStruct"]}
    assert strings["ProductVersion"] == strings["FileVersion"] == workbench.__version__
    assert strings["OriginalFilename"] == "workbench.exe"


def test_spec_data_files_exist_and_keep_their_place_under_resources(linux_spec):
    (analysis,) = linux_spec["steps"]["Analysis"]
    datas = [(Path(src), dest.replace("\\", "/")) for src, dest in analysis.datas]
    # files, and folders PyInstaller copies whole (a package's metadata, e.g. keyring's backend list)
    assert all(src.is_file() or src.is_dir() for src, _ in datas), [str(s) for s, _ in datas if not s.exists()]
    folders = [(src, dest) for src, dest in datas if src.is_dir()]
    assert [dest for _, dest in folders] == [src.name for src, _ in folders]
    assert any(dest.startswith("keyring-") and dest.endswith(".dist-info") for _, dest in folders)
    ours = {(src.relative_to(ROOT).as_posix(), dest) for src, dest in datas if ROOT / "resources" in src.parents}
    # every file of resources/ but the sources of generated files, at the same path below resources/
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*")
               if p.is_file() and p.suffix not in {".ts", ".py", ".pyc"} and "__pycache__" not in p.parts}
    assert {src for src, _ in ours} == on_disk
    assert all(Path(src).parent.as_posix() == dest for src, dest in ours)
    assert ("resources/fonts/wqy-microhei.ttc", "resources/fonts") in ours
    assert ("resources/fonts/LICENSE-wqy-microhei.txt", "resources/fonts") in ours


def test_the_frozen_layout_finds_every_resource_the_app_opens(linux_spec, tmp_path):
    """Lay the spec's data files out as the bundle does, and let the app look them up there."""
    (analysis,) = linux_spec["steps"]["Analysis"]
    internal = tmp_path / "_internal"
    for src, dest in analysis.datas:
        if Path(src).is_dir():  # a folder's contents go into dest, as PyInstaller copies them
            shutil.copytree(src, internal / dest, dirs_exist_ok=True)
            continue
        target = internal / dest / Path(src).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, target)
    code = (
        "import sys; sys.frozen = True; sys._MEIPASS = sys.argv[1]\n"
        "from workbench.paths import resources_dir\n"
        "from workbench.report.fonts import bundled_font_path\n"
        "from workbench.demo import demo_file\n"
        "assert str(resources_dir()).startswith(sys.argv[1]), resources_dir()\n"
        "for p in (bundled_font_path(), demo_file('companies.csv'), demo_file('index_quotes.csv')):\n"
        "    assert str(p).startswith(sys.argv[1]) and p.is_file(), p\n"
        "import tempfile, pathlib\n"
        "from workbench.demo import build_demo\n"
        "from workbench.store import Store\n"
        "from workbench.report import export_pdf\n"
        "d = pathlib.Path(tempfile.mkdtemp())\n"
        "build_demo(d / 'demo.sqlite')\n"
        "with Store(d / 'demo.sqlite') as s:\n"
        "    r = export_pdf(s, 'latest', d / 'demo.pdf')\n"
        "print('ok', r.pages)\n")
    done = subprocess.run([sys.executable, "-c", code, str(internal)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ok ")


def test_spec_excludes_nothing_the_app_imports(linux_spec):
    (analysis,) = linux_spec["steps"]["Analysis"]
    excludes = set(analysis.kwargs["excludes"])
    assert {"tkinter", "matplotlib", "pytest", "PySide6.QtWebEngineCore", "PySide6.QtQml"} <= excludes
    imported: set[str] = set()
    for pkg in ("workbench", "ui"):
        for path in (ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported.update(a.name for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    imported.add(node.module)
                    imported.update(f"{node.module}.{a.name}" for a in node.names)
    clashes = {name for name in imported
               if any(name == ex or name.startswith(ex + ".") for ex in excludes)}
    assert clashes == set()


def test_spec_hidden_imports_name_every_module_and_all_exist(linux_spec):
    (analysis,) = linux_spec["steps"]["Analysis"]
    hidden = analysis.kwargs["hiddenimports"]
    for pkg in ("workbench", "ui"):
        ours = {pkg} | {f"{pkg}.{p.relative_to(ROOT / pkg).with_suffix('').as_posix().replace('/', '.')}"
                        for p in (ROOT / pkg).rglob("*.py") if p.name != "__init__.py"}
        ours |= {f"{pkg}.{p.parent.relative_to(ROOT / pkg).as_posix().replace('/', '.')}"
                 for p in (ROOT / pkg).rglob("__init__.py") if p.parent != ROOT / pkg}
        assert ours <= set(hidden), sorted(ours - set(hidden))
    missing = [name for name in hidden if importlib.util.find_spec(name) is None]
    assert missing == []


def test_frozen_entry_point_runs_the_command_line():
    done = subprocess.run([sys.executable, str(PACKAGING / "workbench_main.py"), "--version"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "LANG": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"workbench {workbench.__version__}"


# ---------------------------------------------------------------------- icons and the Linux install
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
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_linux_install_and_uninstall_for_one_user(tmp_path):
    """install.sh run from an unpacked folder laid out as build.sh lays it out."""
    bundle = tmp_path / "unpacked"
    (bundle / "_internal").mkdir(parents=True)
    program = bundle / "workbench"
    program.write_text("#!/bin/sh\necho 'workbench 9.8.7'\n", encoding="utf-8")
    program.chmod(0o755)
    shutil.copy(DESKTOP, bundle / "analyst-workbench.desktop")
    shutil.copy(PACKAGING / "icons" / "workbench.png", bundle / "analyst-workbench.png")
    shutil.copy(PACKAGING / "linux" / "install.sh", bundle / "install.sh")
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    done = subprocess.run(["sh", str(bundle / "install.sh"), "--user"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    app_home = home / ".local" / "opt" / "analyst-workbench"
    assert "Analyst Workbench 9.8.7 installed in" in done.stdout
    assert (app_home / "workbench").is_file() and (app_home / "_internal").is_dir()
    link = home / ".local" / "bin" / "workbench"
    assert link.is_symlink() and link.resolve() == (app_home / "workbench").resolve()
    icon = home / ".local" / "share" / "icons" / "hicolor" / "512x512" / "apps" / "analyst-workbench.png"
    assert icon.read_bytes() == (PACKAGING / "icons" / "workbench.png").read_bytes()
    menu = configparser.ConfigParser(interpolation=None)
    menu.optionxform = str
    menu.read(home / ".local" / "share" / "applications" / "analyst-workbench.desktop", encoding="utf-8")
    assert menu["Desktop Entry"]["Exec"] == f'"{app_home}/workbench"'
    assert menu["Desktop Entry"]["Icon"] == "analyst-workbench"

    gone = subprocess.run(["sh", str(app_home / "install.sh"), "--uninstall", "--user"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert gone.returncode == 0, gone.stderr
    assert not app_home.exists() and not link.exists() and not icon.exists()


def test_linux_install_refuses_a_folder_that_is_not_a_bundle(tmp_path):
    shutil.copy(PACKAGING / "linux" / "install.sh", tmp_path / "install.sh")
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run(["sh", str(tmp_path / "install.sh"), "--user"], capture_output=True, text=True,
                          env={"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}, timeout=60)
    assert done.returncode == 1 and "unpacked Analyst Workbench folder" in done.stderr
    assert list(home.iterdir()) == []


# ---------------------------------------------------------------------- an install for every user
def _fake_bundle(folder: Path, version: str = "9.8.7") -> None:
    """An unpacked folder laid out as build.sh lays it out: a program, libraries, data, a symlink."""
    (folder / "_internal" / "resources" / "fonts").mkdir(parents=True)
    program = folder / "workbench"
    program.write_text(f"#!/bin/sh\necho 'workbench {version}'\n", encoding="utf-8")
    program.chmod(0o755)
    (folder / "_internal" / "libfake.so.1").write_bytes(b"\x7fELF not really")
    (folder / "_internal" / "resources" / "fonts" / "font.ttc").write_bytes(b"glyphs")
    (folder / "_internal" / "libfake.so").symlink_to("libfake.so.1")
    shutil.copy(DESKTOP, folder / "analyst-workbench.desktop")
    shutil.copy(PACKAGING / "icons" / "workbench.png", folder / "analyst-workbench.png")
    shutil.copy(PACKAGING / "linux" / "install.sh", folder / "install.sh")
    (folder / "install.sh").chmod(0o755)


_AS_ROOT_IN_A_MOUNT_NAMESPACE = (os.geteuid() == 0 and shutil.which("unshare") and shutil.which("setpriv")
                                 and subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0)


@pytest.mark.skipif(not sys.platform.startswith("linux") or not _AS_ROOT_IN_A_MOUNT_NAMESPACE,
                    reason="needs root, unshare -m and setpriv (a private /opt and /usr/local for the install)")
@pytest.mark.parametrize("umask", ["077", "022"])
def test_linux_system_install_belongs_to_root_and_runs_for_every_user(umask):
    """`sudo ./install.sh` from a tarball another user unpacked: root's, not theirs, and every user runs it.

    The user who unpacked it (uid 65534) must not be able to change what root and every other user
    run, and a restrictive umask (theirs at unpacking, or root's at install) must not lock the
    other users out. The install goes to a private /opt and /usr/local (a mount namespace).
    """
    import json
    import tarfile
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="workbench-install-", dir="/tmp"))
    try:
        work.chmod(0o755)
        built = work / "built" / "analyst-workbench-9.8.7"
        built.mkdir(parents=True)
        _fake_bundle(built)
        tarball = work / "analyst-workbench-9.8.7-linux-x86_64.tar.gz"
        def as_root(info):  # as build.sh packs it: owner 0
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            return info

        with tarfile.open(tarball, "w:gz") as tar:
            tar.add(built, arcname=built.name, filter=as_root)
        home = work / "home"
        home.mkdir()
        os.chown(home, 65534, 65534)
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        unpacked = subprocess.run([*as_user, "sh", "-c", f'umask {umask} && cd "$1" && tar xzf "$2"', "sh",
                                   str(home), str(tarball)], capture_output=True, text=True, timeout=60)
        assert unpacked.returncode == 0, unpacked.stderr
        folder = home / built.name
        assert folder.stat().st_uid == 65534

        report = work / "report.json"
        inside = r"""
set -e
for d in /opt /usr/local/bin /usr/local/share; do mount -t tmpfs -o mode=755 none "$d"; done
cd "$1"
umask "$3"
./install.sh > "$2/install.out" 2> "$2/install.err" && echo 0 > "$2/install.rc" || echo $? > "$2/install.rc"
"$4" - "$2" <<'PY'
import json, os, subprocess, sys
from pathlib import Path
out = Path(sys.argv[1])
entries = []
for base, dirs, files in os.walk("/opt/analyst-workbench"):
    for name in [""] + dirs + files:
        p = os.path.join(base, name) if name else base
        st = os.lstat(p)
        entries.append([p, st.st_uid, st.st_gid, st.st_mode])
other = ["setpriv", "--reuid=12345", "--regid=12345", "--clear-groups"]
run = subprocess.run([*other, "/usr/local/bin/workbench", "--version"], capture_output=True, text=True)
unpacker = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
tamper = subprocess.run([*unpacker, "sh", "-c", "echo tampered >> /opt/analyst-workbench/workbench"],
                        capture_output=True, text=True)
tamper_lib = subprocess.run([*unpacker, "sh", "-c", "echo x > /opt/analyst-workbench/_internal/evil.so"],
                            capture_output=True, text=True)
json.dump({"entries": entries, "run": [run.returncode, run.stdout, run.stderr],
           "tamper": [tamper.returncode, tamper_lib.returncode],
           "program": Path("/opt/analyst-workbench/workbench").read_text()}, open(out / "report.json", "w"))
PY
"""
        done = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", inside, "sh", str(folder),
                               str(work), umask, sys.executable], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        rc = int((work / "install.rc").read_text())
        out, err = (work / "install.out").read_text(), (work / "install.err").read_text()
        assert rc == 0, out + err
        facts = json.loads(report.read_text())

        import stat as st
        paths = {p: (uid, gid, mode) for p, uid, gid, mode in facts["entries"]}
        expected = {"/opt/analyst-workbench" + p for p in (
            "", "/workbench", "/install.sh", "/analyst-workbench.desktop", "/analyst-workbench.png", "/_internal",
            "/_internal/libfake.so.1", "/_internal/libfake.so", "/_internal/resources",
            "/_internal/resources/fonts", "/_internal/resources/fonts/font.ttc")}
        assert set(paths) == expected
        for path, (uid, gid, mode) in paths.items():
            assert (uid, gid) == (0, 0), (path, uid, gid)
            if st.S_ISLNK(mode):
                continue
            perms = st.S_IMODE(mode)
            if st.S_ISDIR(mode) or path.endswith(("/workbench", "/install.sh")):
                assert perms == 0o755, (path, oct(perms))
            else:
                assert perms == 0o644, (path, oct(perms))
        # another user runs it; the one who unpacked it cannot change it
        assert facts["run"][0] == 0 and facts["run"][1].strip() == "workbench 9.8.7", facts["run"]
        assert facts["tamper"][0] != 0 and facts["tamper"][1] != 0
        assert "tampered" not in facts["program"]
        assert "installed in /opt/analyst-workbench" in out
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------- what the spec keeps
def test_spec_keeps_python_extension_modules_no_library_links_against(linux_spec):
    """The pruning of libraries only dropped plugins needed keeps the Python extension modules.

    An extension module (keyring's Secret Service backend needs ``_cffi_backend`` through
    secretstorage and cryptography) is imported by name, never linked against, so no kept binary
    lists it; it must stay. Real files from this environment, read by PyInstaller's own
    ``get_imports``.
    """
    import importlib.machinery

    pytest.importorskip("PyInstaller.depend.bindepend")
    cffi = Path(importlib.util.find_spec("_cffi_backend").origin)
    qt = Path(importlib.util.find_spec("PySide6").origin).parent / "Qt"
    xcb_plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not xcb_plugin.is_file():
        pytest.skip("no xcb platform plugin in this PySide6")
    xcb_qpa = qt / "lib" / "libQt6XcbQpa.so.6"
    binaries = [
        (cffi.name, str(cffi), "EXTENSION"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", str(xcb_plugin), "BINARY"),
        ("libQt6XcbQpa.so.6", str(xcb_qpa), "BINARY"),
        ("libgtk-3.so.0", "/nonexistent/libgtk-3.so.0", "BINARY"),  # only the dropped GTK theme needed it
    ]
    kept = {dest for dest, _, _ in linux_spec["ns"]["prune_orphan_libraries"](binaries)}
    assert any(cffi.name.endswith(suffix) for suffix in importlib.machinery.EXTENSION_SUFFIXES)
    assert cffi.name in kept
    assert "libQt6XcbQpa.so.6" in kept  # linked by a kept plugin
    assert "libgtk-3.so.0" not in kept  # linked by nothing kept
    # also when PyInstaller files the module as a plain binary: its name says what it is
    kept = {dest for dest, _, _ in linux_spec["ns"]["prune_orphan_libraries"]([(cffi.name, str(cffi), "BINARY")])}
    assert cffi.name in kept


def test_frozen_entry_point_reports_the_modules_it_can_import(tmp_path):
    """WORKBENCH_SMOKE_IMPORTS: smoke.sh asks the bundle whether modules import inside it."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": str(tmp_path)}
    ok = subprocess.run([sys.executable, str(PACKAGING / "workbench_main.py")], cwd=ROOT, capture_output=True,
                        text=True, timeout=60, env={**env, "WORKBENCH_SMOKE_IMPORTS": "json _cffi_backend"})
    assert ok.returncode == 0, ok.stderr
    import _cffi_backend
    import json
    assert f"smoke: import json ok {json.__file__}" in ok.stdout.splitlines()
    assert f"smoke: import _cffi_backend ok {_cffi_backend.__file__}" in ok.stdout.splitlines()
    missing = subprocess.run([sys.executable, str(PACKAGING / "workbench_main.py")], cwd=ROOT, capture_output=True,
                             text=True, timeout=60,
                             env={**env, "WORKBENCH_SMOKE_IMPORTS": "json no_such_module_here"})
    assert missing.returncode == 1
    assert "smoke: import no_such_module_here FAILED" in missing.stdout
    assert "ModuleNotFoundError" in missing.stdout
    assert list(tmp_path.iterdir()) == []  # no app started, no store created


@pytest.mark.parametrize("script", ["build.sh", "smoke.sh", "linux/install.sh", "macos/build.sh",
                                    "macos/make_dmg.sh"])
def test_shell_scripts_parse(script):
    path = PACKAGING / script
    shell = "sh" if script.endswith("install.sh") else "bash"
    result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------- the Windows installer script
def parse_iss(text: str) -> tuple[dict[str, str], dict[str, list]]:
    """Inno Setup script: its #define values and its sections ([Setup] as key=value, others as entries)."""
    defines: dict[str, str] = {}
    sections: dict[str, list] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        m = re.match(r"#\s*define\s+(\w+)\s+(.*)$", line)
        if m:
            defines.setdefault(m.group(1), m.group(2).strip())
            continue
        if line.startswith("#"):
            continue
        m = re.match(r"^\[(\w+)\]$", line)
        if m:
            current = m.group(1)
            sections[current] = []
            continue
        if current == "Setup":
            key, _, value = line.partition("=")
            sections[current].append((key.strip(), value.strip()))
        else:
            entry = {}
            for part in re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line):
                key, value = part
                if value.startswith('"'):
                    value = value[1:-1].replace('""', '"')
                entry[key] = value.strip()
            sections[current].append(entry)
    return defines, sections


@pytest.fixture(scope="module")
def iss():
    data = ISS.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # ISCC reads a BOM-less script in the ANSI code page
    return parse_iss(data.decode("utf-8-sig"))


def test_inno_setup_installs_the_bundle_the_spec_builds(iss, windows_spec):
    defines, sections = iss
    exe_names = [e.name + ".exe" for e in windows_spec["steps"]["EXE"]]
    assert exe_names == ["workbench.exe", "AnalystWorkbench.exe"]
    assert defines["CliExe"] == '"workbench.exe"' and defines["GuiExe"] == '"AnalystWorkbench.exe"'
    (collect,) = windows_spec["steps"]["COLLECT"]
    assert defines["BundleDir"].endswith('"..\\..\\dist\\' + collect.name + '"')
    (files,) = sections["Files"]
    assert files["Source"] == "{#BundleDir}\\*" and "recursesubdirs" in files["Flags"]


def test_inno_setup_reads_the_version_the_spec_writes(iss, windows_spec):
    defines, sections = iss
    assert defines["AppVersion"] == 'GetStringFileInfo(BundleDir + "\\" + CliExe, "ProductVersion")'
    strings = {args[0]: args[1] for args, _ in windows_spec["versioninfo"]["StringStruct"]}
    assert strings["ProductVersion"] == workbench.__version__
    setup = dict(sections["Setup"])
    assert setup["AppVersion"] == "{#AppVersion}"  # no version typed into the script


def test_inno_setup_has_start_menu_uninstall_and_open_with(iss):
    _, sections = iss
    setup = dict(sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest" and setup["ChangesAssociations"] == "yes"
    assert setup.get("Uninstallable", "yes").lower() != "no"
    icons = {e["Name"]: e["Filename"] for e in sections["Icons"]}
    assert icons["{group}\\{#AppName} {#AppNameZh}"] == "{app}\\{#GuiExe}"
    assert "{uninstallexe}" in icons.values()
    commands = [e["ValueData"] for e in sections["Registry"] if e["Subkey"].endswith("shell\\open\\command")]
    assert commands and all(c == '"{app}\\{#GuiExe}" --db "%1"' for c in commands)
    assert any(e["Subkey"].endswith(".sqlite\\OpenWithProgids") for e in sections["Registry"])
    assert "http" not in ISS.read_text(encoding="utf-8-sig").lower()  # nothing is downloaded at install time


def test_the_app_opens_the_store_the_installer_passes(demo_path, tmp_path, monkeypatch):
    """The command Explorer runs for a double-clicked store (`--db "%1"`) opens that store in the app."""
    import ui.launcher

    store = tmp_path / "周报 2024.sqlite"
    shutil.copy(demo_path, store)
    opened = []
    monkeypatch.setattr(ui.launcher, "open_app", lambda path: opened.append(Path(path)) or 0)
    assert ui.launcher.main(["--db", str(store)]) == 0
    assert opened == [store]


def test_readme_documents_every_os():
    text = (PACKAGING / "README.md").read_text(encoding="utf-8")
    for heading in ("Linux", "Windows", "macOS"):
        assert re.search(rf"^##+ .*{heading}", text, re.M), heading
    for must in ("packaging/build.sh", "packaging/smoke.sh", "workbench.iss", "make_dmg.sh",
                 "WORKBENCH_SMOKE_QUIT_MS", "bench/bench_bundle.py"):
        assert must in text, must
