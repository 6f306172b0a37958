#!/bin/sh
# Install Analyst Workbench from this unpacked folder: the program, a `workbench` command,
# a menu entry and its icon. No network, no Python needed.
#
#   ./install.sh               as a user: ~/.local/opt/analyst-workbench, ~/.local/bin/workbench,
#                              ~/.local/share/applications, ~/.local/share/icons
#   sudo ./install.sh          for every user: /opt/analyst-workbench, /usr/local/bin/workbench,
#                              /usr/local/share/applications, /usr/local/share/icons; the copy
#                              is root's (folders and programs 755, files 644) whoever unpacked it
#   ./install.sh --user        the per-user install even as root
#   ./install.sh --uninstall   remove what the same kind of install put there (add --user for a
#                              per-user one as root); the data folder ~/.local/share/AnalystWorkbench
#                              and the settings stay
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
MODE=install
SCOPE=system
[ "$(id -u)" = "0" ] || SCOPE=user
for arg in "$@"; do
  case "$arg" in
    --uninstall) MODE=uninstall ;;
    --user) SCOPE=user ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$SCOPE" = "system" ]; then
  APP_HOME=/opt/analyst-workbench
  BIN_DIR=/usr/local/bin
  SHARE=/usr/local/share
else
  APP_HOME=$HOME/.local/opt/analyst-workbench
  BIN_DIR=$HOME/.local/bin
  SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
fi
DESKTOP=$SHARE/applications/analyst-workbench.desktop
ICON=$SHARE/icons/hicolor/512x512/apps/analyst-workbench.png

refresh_menus() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
}

if [ "$MODE" = "uninstall" ]; then
  rm -f "$DESKTOP" "$ICON"
  [ -L "$BIN_DIR/workbench" ] && rm -f "$BIN_DIR/workbench"
  rm -rf "$APP_HOME"
  refresh_menus
  echo "Analyst Workbench removed from $APP_HOME (your stores and settings are kept)."
  exit 0
fi

if [ ! -x "$HERE/workbench" ] || [ ! -d "$HERE/_internal" ]; then
  echo "Run install.sh from the unpacked Analyst Workbench folder." >&2
  exit 1
fi

# For every user: the copy is root's, whoever unpacked the tarball and whatever their umask (or
# root's), so no user can change the program root and the others run, and everyone can run it.
[ "$SCOPE" = "system" ] && umask 022
if [ "$HERE" != "$APP_HOME" ]; then
  rm -rf "$APP_HOME"
  mkdir -p "$APP_HOME"
  if [ "$SCOPE" = "system" ]; then
    cp -R "$HERE/." "$APP_HOME/"   # not -a: the unpacking user's ownership and modes stay behind
  else
    cp -a "$HERE/." "$APP_HOME/"
  fi
fi
if [ "$SCOPE" = "system" ]; then
  chown -R -h 0:0 "$APP_HOME"
  chmod -R a-st,u=rwX,go=rX "$APP_HOME"   # folders and programs 755, other files 644
  wrong=$(find "$APP_HOME" \( ! -user 0 -o ! -group 0 \
            -o \( -type d ! -perm 755 \) -o \( -type f ! -perm 644 ! -perm 755 \) \
            -o \( ! -type d ! -type f ! -type l \) \) -print | head -3)
  if [ -n "$wrong" ]; then
    echo "Installed files are not root's with modes 755/644, so other users could not run them or" >&2
    echo "could change them: $wrong" >&2
    exit 1
  fi
fi
mkdir -p "$BIN_DIR" "$SHARE/applications" "$(dirname "$ICON")"
ln -sfn "$APP_HOME/workbench" "$BIN_DIR/workbench"
cp "$APP_HOME/analyst-workbench.png" "$ICON"
sed -e "s|^Exec=.*|Exec=\"$APP_HOME/workbench\"|" -e "s|^TryExec=.*|TryExec=$APP_HOME/workbench|" \
  "$APP_HOME/analyst-workbench.desktop" > "$DESKTOP"
chmod 644 "$DESKTOP" "$ICON"
refresh_menus
echo "Analyst Workbench $("$APP_HOME/workbench" --version | sed 's/^workbench //') installed in $APP_HOME"
if [ "$SCOPE" = "system" ]; then
  # run it as a user with no rights of its own, so "every user" is a fact, not a hope
  if command -v setpriv >/dev/null 2>&1 && ! setpriv --reuid=65534 --regid=65534 --clear-groups \
       "$BIN_DIR/workbench" --version >/dev/null 2>&1; then
    echo "  but another user cannot run $BIN_DIR/workbench: check the modes of $(dirname "$APP_HOME") and $BIN_DIR" >&2
    exit 1
  fi
  echo "  owned by root, folders and programs 755, other files 644: every user can run it, only root can change it"
fi
echo "  menu: Office > Analyst Workbench (分析师工作台); command: $BIN_DIR/workbench"
case ":$PATH:" in *":$BIN_DIR:"*) ;; *) echo "  (add $BIN_DIR to PATH to type 'workbench' in a terminal)";; esac
