#!/usr/bin/env bash
# Smoke-test the built Analyst Workbench bundle the way a locked-down desk machine runs it:
# no network (a fresh network namespace), no Python on PATH, an empty environment and HOME.
#
#   bash packaging/smoke.sh              unpacks dist/analyst-workbench-*-linux-*.tar.gz and tests that
#   bash packaging/smoke.sh DIR          tests an unpacked bundle folder (e.g. dist/workbench)
#
# Checks: --version names the package version; `demo` builds a store; `export latest` writes the
# demo PDF, whose text holds the Chinese series title and an SAC number and whose fonts are all
# embedded; a table goes out as .xlsx and is read back by the importer (dry run); the desk server's
# driver (psycopg and its libpq) loads; keyring's Secret Service backend and the C extensions it
# needs import inside the bundle (WORKBENCH_SMOKE_IMPORTS, the frozen entry point's hook); the window
# opens offscreen and closes itself (QT_QPA_PLATFORM=offscreen and WORKBENCH_SMOKE_QUIT_MS, the
# app's smoke hook; an Xvfb look-up while the app lacks it); a DISPLAY no server answers is refused
# with exit 1 and nothing created; a first start with no store creates the demo store in the user's
# data folder; nothing is written inside the bundle; install.sh installs a working command and a
# valid menu entry, and (as root, from the tarball) an install for every user from a folder another
# user unpacked under umask 077 is root's, 755/644, and runs for a third user.
# Needs poppler-utils (pdftotext, pdffonts).
# Leaves the PDF, a screenshot and the logs in dist/smoke/. Exit 0 only when every check passed.
set -uo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
ROOT=$(pwd)
OUT=$ROOT/dist/smoke
VERSION=$(sed -n 's/^__version__ *= *["'\'']\([^"'\'']*\)["'\''].*/\1/p' workbench/__init__.py)
SERIES=$(sed -n 's/^ *"series": *"\([^"]*\)".*/\1/p' resources/demo/demo_issue.json | head -1)
SAC_NO=$(grep -o 'S[0-9]\{13\}' resources/demo/demo_issue.json | head -1)
QUIT_MS=${WORKBENCH_SMOKE_QUIT_MS:-1500}

T=$(mktemp -d /tmp/workbench-smoke.XXXXXX)
trap 'rm -rf "$T"' EXIT
rm -rf "$OUT" && mkdir -p "$OUT"

failures=0
pass() { printf '  PASS  %s\n' "$*"; }
fail() { printf '  FAIL  %s\n' "$*"; failures=$((failures + 1)); }
note() { printf '        %s\n' "$*"; }

# --- the bundle under test ----------------------------------------------------------------------
if [ $# -ge 1 ]; then
  APP=$(cd "$1" && pwd)
  echo "Bundle: $APP"
else
  TARBALL=$(ls -t dist/analyst-workbench-*-linux-*.tar.gz 2>/dev/null | head -1)
  if [ -z "$TARBALL" ]; then
    echo "No dist/analyst-workbench-*-linux-*.tar.gz: run bash packaging/build.sh first" >&2
    exit 2
  fi
  mkdir -p "$T/unpacked"
  tar -C "$T/unpacked" -xzf "$TARBALL"
  APP=$(ls -d "$T"/unpacked/analyst-workbench-*)
  echo "Bundle: $TARBALL ($(( $(stat -c %s "$TARBALL") / 1048576 )) MB), unpacked"
fi
echo "Expect: workbench $VERSION; PDF text '$SERIES' and '$SAC_NO'"
[ -x "$APP/workbench" ] || { echo "no executable $APP/workbench" >&2; exit 2; }

# --- the desk machine: empty environment, no Python on PATH, no network ---------------------------
mkdir -p "$T/bin" "$T/home"
ln -s "$(command -v sh)" "$T/bin/sh"   # the only tool on the bundle's PATH
DESK_ENV=(env -i "PATH=$T/bin" "HOME=$T/home" "LANG=C.UTF-8" "LC_ALL=C.UTF-8" "TMPDIR=$T")
if "${DESK_ENV[@]}" sh -c 'command -v python3 || command -v python' >/dev/null 2>&1; then
  fail "a Python is reachable on the test PATH"
fi
if unshare -n true 2>/dev/null; then
  NET=(unshare -n --)
  offline="no network (unshare -n)"
elif unshare -rn true 2>/dev/null; then
  NET=(unshare -rn --)
  offline="no network (unshare -rn, user namespace)"
else
  NET=()
  offline="NETWORK NOT ISOLATED (unshare unavailable here)"
  [ "${SMOKE_REQUIRE_OFFLINE:-0}" = "1" ] && { echo "unshare -n is unavailable and SMOKE_REQUIRE_OFFLINE=1" >&2; exit 2; }
fi
echo "Environment: env -i, PATH=$T/bin (sh only, no python), HOME=$T/home, $offline"

# desk STEP [VAR=value...] COMMAND...: run the bundle on the desk machine; output in $OUT/STEP.log
desk() {
  local step=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  (cd "$T" && timeout 120 "${NET[@]}" "${DESK_ENV[@]}" "$@") >"$OUT/$step.log" 2>&1
  local rc=$?
  t1=$(date +%s%N)
  LAST_MS=$(( (t1 - t0) / 1000000 ))
  return $rc
}

touch "$T/before"
sleep 1

echo "Checks:"
# 1. version
if desk version "$APP/workbench" --version && grep -qx "workbench $VERSION" "$OUT/version.log"; then
  pass "--version: $(cat "$OUT/version.log") (${LAST_MS} ms)"
else
  fail "--version printed '$(head -c 200 "$OUT/version.log")', want 'workbench $VERSION'"
fi

# 2. demo store
if desk demo "$APP/workbench" demo --db "$T/demo.sqlite" && [ -s "$T/demo.sqlite" ]; then
  pass "demo store built (${LAST_MS} ms)"
else
  fail "workbench demo: $(tail -3 "$OUT/demo.log")"
fi

# 3. the demo PDF: text and embedded fonts
if desk export "$APP/workbench" export latest --db "$T/demo.sqlite" -o "$T/demo.pdf" && [ -s "$T/demo.pdf" ]; then
  cp "$T/demo.pdf" "$OUT/demo.pdf"
  pages=$(pdfinfo "$T/demo.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
  pass "demo PDF exported: ${pages:-?} pages, $(( $(stat -c %s "$T/demo.pdf") / 1024 )) kB (${LAST_MS} ms)"
  pdftotext -enc UTF-8 "$T/demo.pdf" "$OUT/demo.txt"
  flat=$(tr -d ' \t\r\n\f' < "$OUT/demo.txt")
  case "$flat" in *"$SERIES"*) pass "PDF text holds the series title $SERIES";; *) fail "PDF text lacks '$SERIES'";; esac
  case "$flat" in *"$SAC_NO"*) pass "PDF text holds the SAC number $SAC_NO";; *) fail "PDF text lacks '$SAC_NO'";; esac
  pdffonts "$T/demo.pdf" > "$OUT/pdffonts.txt" 2>&1
  nfonts=$(tail -n +3 "$OUT/pdffonts.txt" | grep -c .)
  notemb=$(tail -n +3 "$OUT/pdffonts.txt" | awk '$(NF-4) != "yes"' | grep -c .)
  names=$(tail -n +3 "$OUT/pdffonts.txt" | awk '{print $1}' | sort -u | tr '\n' ' ')
  if [ "$nfonts" -gt 0 ] && [ "$notemb" -eq 0 ]; then
    pass "all $nfonts fonts embedded: $names"
  else
    fail "fonts not embedded ($notemb of $nfonts): see $OUT/pdffonts.txt"
  fi
else
  fail "workbench export: $(tail -3 "$OUT/export.log")"
fi

# 3b. Excel both ways (openpyxl, pandas and the importers, all imported lazily)
if desk table "$APP/workbench" table companies --db "$T/demo.sqlite" -o "$T/companies.xlsx" \
   && desk import "$APP/workbench" import "$T/companies.xlsx" --db "$T/demo.sqlite" --dry-run \
   && grep -q "companies" "$OUT/import.log"; then
  pass "xlsx written and read back: $(grep -m1 'companies' "$OUT/import.log")"
else
  fail "xlsx round trip: $(tail -3 "$OUT/table.log" "$OUT/import.log")"
fi

# 3c. the desk server's driver (psycopg with its bundled libpq) loads: a desk command reaches the
#     point of connecting and reports the (unreachable) server, not a missing driver
desk deskdriver "$APP/workbench" desk init "postgresql://smoke@127.0.0.1:1/smoke"
if grep -q "cannot reach the desk server" "$OUT/deskdriver.log" && ! grep -q "psycopg is not installed" "$OUT/deskdriver.log"; then
  pass "desk driver (psycopg, libpq) loads: $(grep -m1 -o 'cannot reach the desk server' "$OUT/deskdriver.log")"
else
  fail "desk driver: $(tail -3 "$OUT/deskdriver.log")"
fi

# 3d. desk passwords: keyring's package metadata is bundled, which is how it finds the OS keyring,
#     and its Secret Service backend (the Linux desktops' keyring) really imports inside the bundle:
#     secretstorage, and the C extensions it needs (cryptography's, and _cffi_backend, which is
#     imported by name and never linked, so a library pruning can drop it unseen). The modules are
#     those the build's own Python loads for that backend, where it is at hand.
if ls -d "$APP"/_internal/keyring-*.dist-info >/dev/null 2>&1; then
  pass "keyring and its backend list bundled: $(basename "$(ls -d "$APP"/_internal/keyring-*.dist-info | head -1)")"
else
  fail "keyring's metadata is missing from the bundle (it could not find the OS keyring)"
fi
KEYRING_MODULES="keyring.backends.SecretService secretstorage jeepney cryptography.hazmat.bindings._rust _cffi_backend"
BUILD_PY=${PYTHON:-.venv/bin/python}
if [ -x "$BUILD_PY" ]; then
  from_build=$("$BUILD_PY" - 2>/dev/null <<'PY'
import sys
before = set(sys.modules)
import keyring.backends.SecretService, secretstorage  # noqa: E401
loaded = set(sys.modules) - before
extensions = sorted(n for n in loaded if (getattr(sys.modules[n], "__file__", None) or "").endswith(".so"))
print(" ".join(extensions))
PY
  ) && KEYRING_MODULES="$KEYRING_MODULES $from_build"
fi
KEYRING_MODULES=$(echo $KEYRING_MODULES | tr ' ' '\n' | sort -u | tr '\n' ' ')
if desk keyring WORKBENCH_SMOKE_IMPORTS="$KEYRING_MODULES" "$APP/workbench" \
   && [ "$(grep -c '^smoke: import .* ok ' "$OUT/keyring.log")" -eq "$(echo $KEYRING_MODULES | wc -w)" ]; then
  pass "keyring's Secret Service backend imports inside the bundle with its C extensions: $(echo $KEYRING_MODULES | wc -w) modules"
else
  fail "keyring's Secret Service backend does not import inside the bundle (desk passwords would go to ~/.pgpass): $(grep -v ' ok ' "$OUT/keyring.log" | head -3)"
fi

# 4. the window, offscreen, closed by the app's smoke hook. Without the hook (the app just keeps
#    running) the window is looked for on an Xvfb screen instead: its title names the store.
SMOKE_ENV=("QT_QPA_PLATFORM=offscreen" "WORKBENCH_SMOKE_QUIT_MS=$QUIT_MS" "WORKBENCH_SMOKE_SCREENSHOT=$T/window.png")
cat > "$T/xvfb-window.sh" <<'XVFB'
#!/bin/sh
# Run inside xvfb-run: start the app (VAR=value... COMMAND... in an empty environment), wait for a top-level window whose title names the store,
# take a screenshot when ImageMagick is there, close the app.
title=$1; shot=$2; shift 2
env -i DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" "$@" &
pid=$!
i=0
while [ $i -lt 300 ]; do
  if xwininfo -root -tree 2>/dev/null | grep -F "$title" | grep -q '[0-9]x[0-9]'; then
    sleep 5  # the store and the charts load after the first paint
    command -v import >/dev/null 2>&1 && import -window root "$shot" 2>/dev/null
    echo "window shown (Xvfb): $(xwininfo -root -tree | grep -F -m1 "$title" | sed 's/^ *//')"
    kill "$pid"; wait "$pid" 2>/dev/null
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { wait "$pid"; echo "app exited $? before a window appeared"; exit 1; }
  sleep 0.2; i=$((i + 1))
done
kill "$pid"; echo "no window titled '$title' within 60 s"; exit 1
XVFB
chmod +x "$T/xvfb-window.sh"

# window_check STEP STORE_FILE_NAME WORKBENCH_ARGS...: pass when the window showed and closed
window_check() {
  local step=$1 title=$2; shift 2
  HOOK_TIMEOUT=${SMOKE_HOOK_TIMEOUT:-30}
  local t0 rc
  t0=$(date +%s%N)
  (cd "$T" && timeout "$HOOK_TIMEOUT" "${NET[@]}" "${DESK_ENV[@]}" "${SMOKE_ENV[@]}" "$APP/workbench" "$@") \
    >"$OUT/$step.log" 2>&1
  rc=$?
  LAST_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  if grep -q "Traceback\|ImportError\|Error:" "$OUT/$step.log"; then
    echo "-- the app reported an error (above)" >>"$OUT/$step.log"; return 1
  fi
  # the hook's report: "smoke: window '<title>' visible=True companies=N issues=N"
  local report
  report=$(grep -m1 -E "^smoke: window|window shown" "$OUT/$step.log")
  if [ $rc = 0 ] && [ -n "$report" ]; then
    if echo "$report" | grep -q "visible=False"; then
      echo "-- the window was not visible" >>"$OUT/$step.log"; return 1
    fi
    if echo "$report" | grep -q "companies=0\b"; then
      echo "-- the window shows no companies: the store did not open" >>"$OUT/$step.log"; return 1
    fi
    WINDOW_HOW="offscreen, closed by WORKBENCH_SMOKE_QUIT_MS: $report"
    return 0
  fi
  if [ $rc = 0 ]; then
    echo "the app exited 0 without reporting its window ('smoke: window ...')" >>"$OUT/$step.log"; return 1
  fi
  if [ $rc != 124 ]; then return 1; fi
  echo "-- still running after ${HOOK_TIMEOUT} s: no WORKBENCH_SMOKE_QUIT_MS hook; trying Xvfb" >>"$OUT/$step.log"
  if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v xwininfo >/dev/null 2>&1; then
    echo "xvfb-run or xwininfo (x11-utils) missing: cannot look for the window" >>"$OUT/$step.log"; return 1
  fi
  t0=$(date +%s%N)
  (cd "$T" && timeout 120 "${NET[@]}" xvfb-run -a -s "-screen 0 1600x1000x24" \
      "$T/xvfb-window.sh" "$title" "$T/window.png" \
      "${DESK_ENV[@]:2}" "$APP/workbench" "$@") >>"$OUT/$step.log" 2>&1
  rc=$?
  LAST_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  if grep -q "Traceback\|ImportError" "$OUT/$step.log"; then
    echo "-- the app reported an error (above)" >>"$OUT/$step.log"; return 1
  fi
  WINDOW_HOW="FALLBACK Xvfb, the app did not quit through WORKBENCH_SMOKE_QUIT_MS: $(grep -m1 'window shown' "$OUT/$step.log")"
  return $rc
}

if window_check window demo.sqlite --db "$T/demo.sqlite"; then
  pass "window opened and closed ($WINDOW_HOW) (${LAST_MS} ms)"
  if [ -s "$T/window.png" ]; then cp "$T/window.png" "$OUT/window.png"; note "screenshot: $OUT/window.png"; fi
else
  fail "window: $(tail -3 "$OUT/window.log")"
fi

# 4b. a display that is named but cannot be opened (an X session that ended): refused before anything
#     is created, exit 1, not Qt aborting over xcb plugins
DEAD=77
while [ -e "/tmp/.X11-unix/X$DEAD" ] || [ -e "/tmp/.X$DEAD-lock" ]; do DEAD=$((DEAD + 1)); done
STORE=$T/home/.local/share/AnalystWorkbench/workbench.sqlite
desk deaddisplay "DISPLAY=:$DEAD" "$APP/workbench"
rc=$?
if [ $rc = 1 ] && grep -q "cannot connect to the display" "$OUT/deaddisplay.log" && [ ! -e "$STORE" ]; then
  pass "unreachable DISPLAY=:$DEAD refused, exit 1, no store created"
else
  fail "unreachable DISPLAY=:$DEAD: exit $rc$( [ -e "$STORE" ] && echo ", store created"): $(tail -2 "$OUT/deaddisplay.log")"
fi

# 5. first start with no store: the demo store appears in the user's data folder
if window_check first-run workbench.sqlite && [ -s "$STORE" ]; then
  pass "first start created ${STORE#"$T"/} and showed it (${LAST_MS} ms)"
else
  fail "first start: $( [ -s "$STORE" ] || echo "no store at ~/.local/share/AnalystWorkbench; ")$(tail -2 "$OUT/first-run.log")"
fi

# 6. a read-only install: nothing written inside the bundle
changed=$(find "$APP" -newer "$T/before" | head -5)
if [ -z "$changed" ]; then pass "nothing written inside the bundle"; else fail "files written in the bundle: $changed"; fi

# 7. install.sh for a user: command and menu entry
if [ -x "$APP/install.sh" ]; then
  if (cd "$T" && "${DESK_ENV[@]}" PATH="$T/bin:/usr/bin:/bin" "$APP/install.sh" --user) >"$OUT/install.log" 2>&1 \
     && desk installed "$T/home/.local/bin/workbench" --version \
     && grep -q '^Exec="'"$T"'/home/.local/opt/analyst-workbench/workbench"' "$T/home/.local/share/applications/analyst-workbench.desktop" \
     && [ -s "$T/home/.local/share/icons/hicolor/512x512/apps/analyst-workbench.png" ]; then
    pass "install.sh: ~/.local/bin/workbench runs, menu entry and icon installed"
    if command -v desktop-file-validate >/dev/null 2>&1; then
      if desktop-file-validate "$T/home/.local/share/applications/analyst-workbench.desktop"; then
        pass "installed .desktop file validates"
      else
        fail "installed .desktop file does not validate"
      fi
    fi
    (cd "$T" && "${DESK_ENV[@]}" PATH="$T/bin:/usr/bin:/bin" "$T/home/.local/opt/analyst-workbench/install.sh" --uninstall --user) >>"$OUT/install.log" 2>&1
    if [ ! -e "$T/home/.local/opt/analyst-workbench" ] && [ ! -e "$T/home/.local/bin/workbench" ] && [ -s "$STORE" ]; then
      pass "install.sh --uninstall removed the program and kept the user's store"
    else
      fail "install.sh --uninstall left files behind or removed the store"
    fi
  else
    fail "install.sh: $(tail -3 "$OUT/install.log")"
  fi
else
  note "no install.sh in the bundle (a folder from pyinstaller alone): skipped"
fi

# 7b. install.sh for every user (`sudo ./install.sh`) from the tarball as another user unpacked it
#     under umask 077: the installed tree is root's (755/644), another user runs it, the one who
#     unpacked it cannot change it. Into a private /opt and /usr/local (a mount namespace), as root.
if [ -z "${TARBALL:-}" ]; then
  note "install.sh for every user: skipped (a folder was given, not the tarball)"
elif [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1 || ! unshare -m true 2>/dev/null; then
  note "install.sh for every user: skipped (needs root, setpriv and unshare -m)"
else
  S=$(mktemp -d /tmp/workbench-smoke-system.XXXXXX)
  trap 'rm -rf "$T" "$S"' EXIT
  chmod 755 "$S" && chown 65534:65534 "$S"
  setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'umask 077 && cd "$1" && tar xzf -' sh "$S" \
    < "$TARBALL" 2>"$OUT/install-system.log"
  UNPACKED=$(ls -d "$S"/analyst-workbench-* 2>/dev/null | head -1)
  unshare -m --propagation private sh -c '
    for d in /opt /usr/local/bin /usr/local/share; do mount -t tmpfs -o mode=755 none "$d" || exit 3; done
    umask 077
    "$1/install.sh" || exit 4
    wrong=$(find /opt/analyst-workbench \( ! -user 0 -o ! -group 0 -o \( ! -type l -perm /022 \) \
              -o \( -type d ! -perm 755 \) -o \( -type f ! -perm 644 ! -perm 755 \) \) -print | head -3)
    [ -z "$wrong" ] || { echo "not root-owned 755/644: $wrong"; exit 5; }
    setpriv --reuid=12345 --regid=12345 --clear-groups env -i HOME=/nonexistent PATH=/usr/bin:/bin \
      /usr/local/bin/workbench --version || exit 6
    if setpriv --reuid=65534 --regid=65534 --clear-groups sh -c ": >> /opt/analyst-workbench/workbench" 2>/dev/null; then
      echo "the user who unpacked it can change the installed program"; exit 7
    fi' sh "$UNPACKED" >>"$OUT/install-system.log" 2>&1
  rc=$?
  if [ $rc = 0 ] && grep -qx "workbench $VERSION" "$OUT/install-system.log"; then
    pass "install.sh for every user, unpacked by another user under umask 077: root's, 755/644, runs as another user"
  else
    fail "install.sh for every user (exit $rc): $(tail -3 "$OUT/install-system.log")"
  fi
  rm -rf "$S"
fi

echo
if [ $failures -eq 0 ]; then
  echo "Smoke test passed ($offline). Artefacts: $OUT"
  exit 0
fi
echo "Smoke test FAILED: $failures check(s). Logs: $OUT"
exit 1
