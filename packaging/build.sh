#!/usr/bin/env bash
# Build the Linux one-folder bundle of Analyst Workbench, from a clean checkout:
#
#   bash packaging/build.sh            -> dist/workbench/  and  dist/analyst-workbench-VERSION-linux-ARCH.tar.gz
#
# Sets the checkout up first when it has no .venv (scripts/setup.sh), installs PyInstaller into
# the venv when it is missing (the `packaging` extra), then runs packaging/workbench.spec and
# adds the menu entry, icon and install.sh to the folder. PYTHON=/path/to/python picks another
# interpreter that has the workbench installed. About 30-60 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8 PYTHONDONTWRITEBYTECODE=1 QT_QPA_PLATFORM=offscreen

PY=${PYTHON:-.venv/bin/python}
if [ ! -x "$PY" ]; then
  echo "== No $PY: setting the checkout up (scripts/setup.sh)"
  bash scripts/setup.sh
fi
if ! "$PY" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "== Installing PyInstaller (the 'packaging' extra)"
  "$PY" -m pip install -q -e '.[packaging]'
fi

VERSION=$(sed -n 's/^__version__ *= *["'\'']\([^"'\'']*\)["'\''].*/\1/p' workbench/__init__.py)
ARCH=$(uname -m)
TARBALL=dist/analyst-workbench-$VERSION-linux-$ARCH.tar.gz
echo "== Analyst Workbench $VERSION: PyInstaller $("$PY" -m PyInstaller --version)"

start=$(date +%s)
rm -rf build/pyinstaller dist/workbench dist/analyst-workbench-*-linux-*.tar.gz
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/workbench.spec

# Linux desktop integration travels inside the folder.
cp packaging/linux/analyst-workbench.desktop dist/workbench/
cp packaging/icons/workbench.png dist/workbench/analyst-workbench.png
install -m 755 packaging/linux/install.sh dist/workbench/install.sh

test -x dist/workbench/workbench
test -f dist/workbench/_internal/resources/fonts/wqy-microhei.ttc

echo "== Packing $TARBALL"
tar -C dist --owner=0 --group=0 --transform "s,^workbench,analyst-workbench-$VERSION," \
  -cf - workbench | gzip -6 > "$TARBALL"

echo "== Built in $(( $(date +%s) - start )) s"
echo "   folder:  dist/workbench ($(du -sm dist/workbench | cut -f1) MB)"
echo "   archive: $TARBALL ($(( $(stat -c %s "$TARBALL") / 1048576 )) MB)"
echo "   test it: bash packaging/smoke.sh"
