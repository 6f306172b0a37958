#!/bin/sh
# Install Analyst Workbench from this unpacked folder: the program, a `workbench` command,
# a menu entry and its icon. No network, no Python needed.
#
#   ./install.sh               as a user: ~/.local/opt/analyst-workbench, ~/.local/bin/workbench,
#                              ~/.local/share/applications, ~/.local/share/icons
#   sudo ./install.sh          for every user: /opt/analyst-workbench, /usr/local/bin/workbench,
#                              /usr/local/share/applications, /usr/local/share/icons
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

if [ "$HERE" != "$APP_HOME" ]; then
  rm -rf "$APP_HOME"
  mkdir -p "$APP_HOME"
  cp -a "$HERE/." "$APP_HOME/"
fi
mkdir -p "$BIN_DIR" "$SHARE/applications" "$(dirname "$ICON")"
ln -sfn "$APP_HOME/workbench" "$BIN_DIR/workbench"
cp "$APP_HOME/analyst-workbench.png" "$ICON"
sed -e "s|^Exec=.*|Exec=\"$APP_HOME/workbench\"|" -e "s|^TryExec=.*|TryExec=$APP_HOME/workbench|" \
  "$APP_HOME/analyst-workbench.desktop" > "$DESKTOP"
chmod 644 "$DESKTOP" "$ICON"
refresh_menus
echo "Analyst Workbench $("$APP_HOME/workbench" --version | sed 's/^workbench //') installed in $APP_HOME"
echo "  menu: Office > Analyst Workbench (分析师工作台); command: $BIN_DIR/workbench"
case ":$PATH:" in *":$BIN_DIR:"*) ;; *) echo "  (add $BIN_DIR to PATH to type 'workbench' in a terminal)";; esac
