#!/usr/bin/env bash
# Vendors the console's third-party files from the npm registry, pinned by
# version and checked against the registry's sha512 integrity recorded here,
# so that the committed copies can be reproduced and users need no network
# and no build step. Run from the repository root after changing a pin:
#   scripts/vendor-assets.sh
# Needs npm, node, openssl, tar.
set -euo pipefail

HTMX_VERSION=2.0.4
HTMX_INTEGRITY=sha512-HLxMCdfXDOJirs3vBZl/ZLoY+c7PfM4Ahr2Ad4YXh6d22T5ltbTXFFkpx9Tgb2vvmWFMbIc3LqN2ToNkZJvyYQ==
ZXCVBN_VERSION=4.4.2
ZXCVBN_INTEGRITY=sha512-Bq0B+ixT/DMyG8kgX2xWcI5jUvCwqrMxSFam7m0lAf78nf04hv6lNCsyLYdyYTrCVMqNDY/206K7eExYCeSyUQ==

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch NAME VERSION INTEGRITY: packs the package into $work/NAME and
# refuses it unless its tarball's sha512 is the pinned one.
fetch() {
	local name=$1 version=$2 want=$3 tgz got
	tgz=$(cd "$work" && npm pack --silent "$name@$version")
	got="sha512-$(openssl dgst -sha512 -binary "$work/$tgz" | base64 -w0)"
	if [ "$got" != "$want" ]; then
		echo "vendor-assets: $name@$version has integrity $got, expected $want" >&2
		exit 1
	fi
	mkdir -p "$work/$name"
	tar -xzf "$work/$tgz" -C "$work/$name"
}

fetch htmx.org "$HTMX_VERSION" "$HTMX_INTEGRITY"
cp "$work/htmx.org/package/dist/htmx.min.js" "$root/internal/console/static/htmx.min.js"

# The 30,000 passwords seen most in breaches (Xato's corpus), as zxcvbn
# ranks them: the console refuses these as passwords.
fetch zxcvbn "$ZXCVBN_VERSION" "$ZXCVBN_INTEGRITY"
node -e 'const f = require(process.argv[1]); process.stdout.write(f.passwords.join("\n") + "\n")' \
	"$work/zxcvbn/package/lib/frequency_lists.js" >"$root/internal/people/common_passwords.txt"

echo "vendored htmx.org@$HTMX_VERSION and zxcvbn@$ZXCVBN_VERSION's password list"
