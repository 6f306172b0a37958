#!/usr/bin/env bash
# Pack dist/Analyst Workbench.app into dist/AnalystWorkbench-VERSION-macos-ARCH.dmg (drag to
# Applications). macOS only: uses ditto, hdiutil and, when configured, codesign and notarytool
# (see packaging/macos/build.sh for WORKBENCH_CODESIGN_IDENTITY and WORKBENCH_NOTARY_PROFILE).
set -euo pipefail
cd "$(dirname "$0")/../.."

APP="dist/Analyst Workbench.app"
[ -d "$APP" ] || { echo "no $APP: run packaging/macos/build.sh" >&2; exit 1; }
VERSION=$(/usr/libexec/PlistBuddy -c "Print CFBundleShortVersionString" "$APP/Contents/Info.plist")
ARCH=$(lipo -archs "$APP/Contents/MacOS/workbench" | tr ' ' '-')
DMG="dist/AnalystWorkbench-$VERSION-macos-$ARCH.dmg"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/Analyst Workbench.app"   # keeps symlinks, attributes and signatures
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Analyst Workbench $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO \
  -imagekey zlib-level=9 "$DMG"

if [ -n "${WORKBENCH_CODESIGN_IDENTITY:-}" ]; then
  codesign --sign "$WORKBENCH_CODESIGN_IDENTITY" --timestamp "$DMG"
fi
if [ -n "${WORKBENCH_NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$DMG" --keychain-profile "$WORKBENCH_NOTARY_PROFILE" --wait
  xcrun stapler staple "$DMG"
fi
hdiutil verify "$DMG"
echo "== $DMG ($(du -m "$DMG" | cut -f1) MB)"
