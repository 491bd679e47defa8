#!/usr/bin/env bash
# Installs what the browser and SARIF tests need, when missing: Debian's chromium, the Noto CJK
# fonts (the test PDFs in fixtures/pdf are printed with them) and the official SARIF Multitool
# (npm). Idempotent; safe to run on every CI start.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi || echo "warning: chromium could not be installed; browser tests will fail" >&2
fi

if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
  echo "installing fonts-noto-cjk (Debian package)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  fi || echo "warning: fonts-noto-cjk could not be installed; regenerated test PDFs would lack Chinese glyphs" >&2
fi

if [ ! -x "$here/.npm/node_modules/.bin/sarif-multitool" ]; then
  echo "installing @microsoft/sarif-multitool (npm)"
  npm install --silent --no-audit --no-fund --prefix "$here/.npm" @microsoft/sarif-multitool@5.7.0 >/dev/null \
    || echo "warning: sarif-multitool could not be installed; SARIF validation tests will fail" >&2
fi
exit 0
