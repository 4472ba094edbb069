#!/usr/bin/env bash
# Installs the Debian packages MotCua needs beside Python: Chromium for the page tests, espeak-ng for the
# offline voice, DejaVu fonts for Vietnamese on printed tickets, zbar to read QR codes back in tests.
# Only what is missing is installed, so a prepared machine pays nothing.
set -euo pipefail
wanted=(chromium espeak-ng fonts-dejavu-core libzbar0 sox libsox-fmt-mp3 nginx-light)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
