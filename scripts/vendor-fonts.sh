#!/usr/bin/env bash
# Vendors the fonts that internal/paper embeds for printed documents, from
# Debian's packages pinned by version and checked against the sha256 recorded
# here, so the committed copies can be reproduced and users need no network
# and no build step. Run from the repository root after changing a pin:
#   scripts/vendor-fonts.sh
# Needs apt-get (with the bookworm lists: apt-get update), dpkg-deb, sha256sum.
#
# Droid Sans Fallback (Apache-2.0) draws Chinese, Japanese kana and Korean in
# one TrueType file; it has no Latin letters, so Liberation Sans (SIL OFL 1.1)
# draws those, and internal/paper picks the face rune by rune.
set -euo pipefail

DROID_VERSION=1:6.0.1r16-1.1
DROID_SHA256=d2096d4edde128fedf6749be2dd204a5810210a6201126d99b8d412344f71056
LIBERATION_VERSION=2.1.5-1
LIBERATION_SHA256=35ffaa54f117e633e89a5da89af235a073b34dbe582726fbf6989568f7fd9bda

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/internal/paper/fonts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 0777 "$work" # apt-get download drops privileges to _apt

# fetch PACKAGE VERSION SHA256: downloads the .deb into $work, refuses it
# unless its sha256 is the pinned one, and unpacks it into $work/PACKAGE.
fetch() {
	local pkg=$1 version=$2 want=$3 deb got
	(cd "$work" && apt-get download -q "$pkg=$version" >/dev/null)
	deb=$(ls "$work"/"$pkg"_*.deb)
	got=$(sha256sum "$deb" | cut -d' ' -f1)
	if [ "$got" != "$want" ]; then
		echo "vendor-fonts: $pkg=$version has sha256 $got, expected $want" >&2
		exit 1
	fi
	dpkg-deb -x "$deb" "$work/$pkg"
}

fetch fonts-droid-fallback "$DROID_VERSION" "$DROID_SHA256"
cp "$work/fonts-droid-fallback/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf" "$dest/"
# Debian's copyright file points at the licence's text rather than holding it.
{
	cat "$work/fonts-droid-fallback/usr/share/doc/fonts-droid-fallback/copyright"
	echo
	cat /usr/share/common-licenses/Apache-2.0
} >"$dest/DroidSansFallback.LICENSE"

fetch fonts-liberation2 "$LIBERATION_VERSION" "$LIBERATION_SHA256"
for face in Regular Bold; do
	cp "$work/fonts-liberation2/usr/share/fonts/truetype/liberation2/LiberationSans-$face.ttf" "$dest/"
done
cp "$work/fonts-liberation2/usr/share/doc/fonts-liberation2/copyright" "$dest/LiberationSans.LICENSE"

echo "vendored fonts-droid-fallback=$DROID_VERSION and fonts-liberation2=$LIBERATION_VERSION into internal/paper/fonts"
