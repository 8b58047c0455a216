#!/usr/bin/env bash
# System packages some features and tests need: LibreOffice (PDF reports), poppler (PDF pages
# to images), DejaVu fonts (Vietnamese in charts), Chromium (browser tests and screenshots).
# Installs what is missing when run as root on Debian; otherwise says what is missing and
# the tests that need it are skipped with that reason.
set -uo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "Could not install ${need[*]}; the tests that need them will be skipped." >&2
else
  echo "Missing system packages (tests needing them are skipped): ${need[*]}" >&2
fi
exit 0
