#!/usr/bin/env bash
# Build Analyst Workbench for macOS: dist/Analyst Workbench.app, a smoke test of it, and the .dmg.
#
#   bash packaging/macos/build.sh
#
# Run on a Mac with Python 3.11+ from python.org (its architecture decides the app's: arm64 on
# Apple silicon, x86_64 on Intel; build once on each for both). Optional signing/notarisation:
#   WORKBENCH_CODESIGN_IDENTITY="Developer ID Application: NAME (TEAMID)"  sign the app and the dmg
#   WORKBENCH_NOTARY_PROFILE=PROFILE   notarise and staple the dmg (a profile stored with
#                                      `xcrun notarytool store-credentials PROFILE`)
set -euo pipefail
cd "$(dirname "$0")/../.."
export LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 PYTHONDONTWRITEBYTECODE=1

PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || python3 -m venv .venv
"$PY" -m pip install -q --upgrade pip
"$PY" -m pip install -q -e '.[packaging]'

APP="dist/Analyst Workbench.app"
rm -rf build/pyinstaller dist/workbench "$APP"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/workbench.spec

BIN="$APP/Contents/MacOS/workbench"
VERSION=$("$PY" -c 'import workbench; print(workbench.__version__)')
[ "$("$BIN" --version)" = "workbench $VERSION" ] || { echo "--version does not name $VERSION" >&2; exit 1; }

# Smoke test: demo store, PDF with embedded fonts, the window offscreen (see packaging/README.md).
T=$(mktemp -d)
"$BIN" demo --db "$T/demo.sqlite"
"$BIN" export latest --db "$T/demo.sqlite" -o "$T/demo.pdf"
if command -v pdffonts >/dev/null; then pdffonts "$T/demo.pdf"; fi
QT_QPA_PLATFORM=offscreen WORKBENCH_SMOKE_QUIT_MS=1500 "$BIN" --db "$T/demo.sqlite" 2>&1 | tee "$T/window.log"
grep -q "^smoke: window .* visible=True" "$T/window.log" && ! grep -q Traceback "$T/window.log" \
  || { echo "the window did not report itself visible (or the app raised)" >&2; exit 1; }
echo "== Smoke test passed ($T)"

if [ -n "${WORKBENCH_CODESIGN_IDENTITY:-}" ]; then
  codesign --verify --deep --strict --verbose=2 "$APP"
fi
bash packaging/macos/make_dmg.sh
