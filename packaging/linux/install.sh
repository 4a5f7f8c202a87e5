#!/bin/sh
# Add Annotator to the desktop's application menu, for the current user, from the unpacked bundle.
#     ./install.sh            (run inside the unpacked annotator/ folder)
#     ./install.sh --remove   (takes the menu entry and icon away again; the folder stays)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
id=io.github.annotator.Annotator
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps=$data/applications
icons=$data/icons/hicolor/256x256/apps
meta=$data/metainfo
if [ "${1:-}" = "--remove" ]; then
    rm -f "$apps/$id.desktop" "$icons/$id.png" "$meta/$id.metainfo.xml"
    echo "Removed Annotator from the application menu."
    exit 0
fi
mkdir -p "$apps" "$icons" "$meta"
# The menu entry runs this folder's program by its full path: the folder need not be on PATH.
sed -e "s|^Exec=annotator|Exec=\"$here/annotator\"|" -e "s|^TryExec=annotator|TryExec=$here/annotator|" \
    "$here/share/applications/$id.desktop" > "$apps/$id.desktop"
cp "$here/share/icons/hicolor/256x256/apps/$id.png" "$icons/$id.png"
cp "$here/share/metainfo/$id.metainfo.xml" "$meta/$id.metainfo.xml"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Annotator is in the application menu. Run '$here/annotator selftest' to check this machine."
