#!/usr/bin/env bash
# Set up a checkout on a fresh machine: system libraries Qt needs (Linux, when root),
# a virtual environment in .venv and the workbench with its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8

PYTHON=${PYTHON:-python3}

# Libraries Qt's offscreen and X11 platforms load, plus poppler for the PDF tests.
APT_PACKAGES="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxcb-xinerama0 xvfb xauth poppler-utils"

# apt-get can install here: root on a Debian-like system
can_apt() {
  [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1
}

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ "$(uname -s)" = "Linux" ] && command -v dpkg >/dev/null 2>&1; then
  missing=""
  for pkg in $APT_PACKAGES; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    if can_apt; then
      echo "Installing system packages:$missing"
      apt_install $missing
    else
      echo "These system packages are missing; install them (as root) and run again:" >&2
      echo "  sudo apt-get install$missing" >&2
      exit 1
    fi
  fi
fi

# PostgreSQL, for the desk server's tests (a throwaway cluster the tests start themselves) and for
# an administrator trying a desk on this machine, and openssl, for the desk's TLS tests (they make a
# throwaway certificate authority). Optional: without PostgreSQL the desk tests are skipped.
if [ "$(uname -s)" = "Linux" ] && command -v dpkg >/dev/null 2>&1; then
  desk_missing=""
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || desk_missing="$desk_missing postgresql"
  command -v openssl >/dev/null 2>&1 || desk_missing="$desk_missing openssl"
  if [ -n "$desk_missing" ]; then
    if can_apt; then
      echo "Installing$desk_missing (desk server tests)"
      apt_install $desk_missing
    else
      echo "Not installed:$desk_missing: the desk server tests will be SKIPPED (without openssl its TLS tests fail)." >&2
      echo "  To run them: sudo apt-get install$desk_missing" >&2
    fi
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
echo "Set up: $(.venv/bin/workbench --version)"
