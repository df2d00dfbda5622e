#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to run and test the kiosk:
# the Debian packages (PC/SC daemon and virtual reader, zbar, Qt runtime
# libraries, Xvfb, fonts with every Vietnamese glyph, Chromium for the back
# office's browser tests), a virtual environment with the Python packages and
# axe-core (npm) for the pages' accessibility check. Idempotent: a second run
# does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  pcscd vsmartcard-vpcd pcsc-tools      # the real PC/SC daemon and the vpcd virtual reader
  libpcsclite-dev swig                  # to build pyscard where no wheel fits
  libzbar0                              # pyzbar's QR decoder
  libusb-1.0-0                          # pyusb: USB receipt printers
  xvfb xauth                            # a virtual screen for Qt's xcb platform
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libdbus-1-3
  libfontconfig1 fontconfig libglib2.0-0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0
  fonts-noto-core fonts-dejavu-core     # full Vietnamese glyph coverage
  systemd                               # systemd-analyze verifies kiosk.service
  postgresql                            # the center's tests also run on a real PostgreSQL
  util-linux                            # unshare: a private pcscd per test run
  espeak-ng                             # "read aloud": the Vietnamese voice
  chromium                              # the back office's browser tests (Playwright drives it)
  python3-venv
)

missing=()
for package in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
# npm fetches axe-core below; a machine whose Node.js came with npm needs no other.
command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating the virtual environment .venv"
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "bootstrap: installing the Python packages into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -U pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# Qt's translations are compiled from the .ts sources a translator edits.
for ts in ui/i18n/*.ts; do
  [ -e "$ts" ] || continue
  qm="${ts%.ts}.qm"
  if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
  fi
done

# axe-core, the accessibility rules tests/web runs in every page. Playwright
# drives Debian's chromium (never `playwright install`: no browser download).
AXE_VERSION=4.14.1
axe=".venv/axe-core-$AXE_VERSION/axe.min.js"
if [ ! -f "$axe" ]; then
  echo "bootstrap: fetching axe-core $AXE_VERSION (npm)"
  pack=$(mktemp -d)
  npm pack --silent --pack-destination "$pack" "axe-core@$AXE_VERSION" >/dev/null
  mkdir -p "$(dirname "$axe")"
  tar -xzf "$pack"/axe-core-*.tgz -C "$pack" package/axe.min.js package/LICENSE
  mv "$pack/package/LICENSE" "$(dirname "$axe")/LICENSE"
  mv "$pack/package/axe.min.js" "$axe"
  rm -rf "$pack"
fi
