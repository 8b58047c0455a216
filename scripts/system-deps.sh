#!/usr/bin/env bash
# System packages some features and tests need: LibreOffice (PDF reports), poppler (PDF pages
# to images), DejaVu fonts (Vietnamese in charts), Chromium (browser tests and screenshots),
# Tesseract with its Vietnamese model and OCRmyPDF (reading scanned petitions, intake/ocr.py).
# Installs what is missing when run as root on Debian; otherwise says what is missing and
# the tests that need it are skipped with that reason. `make bench` runs it too (wrk drives
# the load).
set -uo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)  # only for `nginx -t` of deploy/
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-vie)
command -v ocrmypdf >/dev/null 2>&1 || need+=(ocrmypdf)
command -v wrk >/dev/null 2>&1 || need+=(wrk)  # the load part of `make bench`
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Install without starting any service (nginx would listen on port 80).
  policy=/usr/sbin/policy-rc.d
  [ -e $policy ] || { printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; added=1; }
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "Could not install ${need[*]}; the tests that need them will be skipped." >&2
  [ "${added:-}" = 1 ] && rm -f $policy
else
  echo "Missing system packages (tests needing them are skipped): ${need[*]}" >&2
fi
exit 0
