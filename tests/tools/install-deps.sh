#!/usr/bin/env bash
# Installs what the browser and SARIF tests need, when missing: a Chromium (Debian's chromium
# package) and the official SARIF Multitool (npm, into tests/tools/.npm; npm itself from Debian
# when absent). Idempotent. The test run calls it by itself the first time a test needs one of
# them (tests/PerfRules.Tests/ExternalTools.cs), so `dotnet test PerfRules.sln` needs no set-up.
#
#   install-deps.sh            install what is missing
#   install-deps.sh --dry-run  print the commands it would run, change nothing
#                              (PERFRULES_DEPS_UID=N: decide as user N would; for the tests)
#
# Debian packages need root, or sudo without a password prompt (sudo -n).
# Exit: 0 when everything is present afterwards, 1 when something could not be installed.
# Only shell builtins are used before installing, so the logic can be tested with an empty PATH.
# (Regenerating the test PDFs in fixtures/pdf also needs Debian's fonts-noto-cjk; the tests only read them.)
set -uo pipefail
here="$(cd "${BASH_SOURCE[0]%/*}" && pwd)"
prefix="${PERFRULES_NPM_PREFIX:-$here/.npm}"
multitool="$prefix/node_modules/.bin/sarif-multitool"
multitool_package="@microsoft/sarif-multitool@5.7.0"
dry_run=0
uid=$EUID
if [ "${1:-}" = "--dry-run" ]; then dry_run=1; uid=${PERFRULES_DEPS_UID:-$EUID}; fi

# The same search as the tests' HeadlessChromium.FindExecutable: $PERFRULES_CHROMIUM, else the PATH.
have_chromium() {
  if [ -n "${PERFRULES_CHROMIUM:-}" ] && [ -x "$PERFRULES_CHROMIUM" ]; then return 0; fi
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1
}

run() {
  echo "+ $*"
  [ "$dry_run" = 1 ] || "$@"
}

packages=()
have_chromium || packages+=(chromium)
if [ ! -x "$multitool" ] && ! command -v npm >/dev/null 2>&1; then packages+=(npm); fi

status=0
if [ "${#packages[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${packages[*]}"
  if [ "$uid" = 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo -n)
  else
    echo "error: installing ${packages[*]} needs root or sudo; install them, or set PERFRULES_CHROMIUM to a Chromium" >&2
    as_root=(false)
  fi
  if [ "${as_root[0]:-}" != false ]; then
    run "${as_root[@]}" apt-get update -qq \
      && run "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" \
      || { echo "error: apt-get could not install ${packages[*]}" >&2; status=1; }
  else
    status=1
  fi
fi

if [ ! -x "$multitool" ] && [ "$status" != 0 ] && ! command -v npm >/dev/null 2>&1; then
  echo "error: no npm to install $multitool_package with" >&2
elif [ ! -x "$multitool" ]; then
  echo "installing $multitool_package (npm) into $prefix"
  run npm install --silent --no-audit --no-fund --prefix "$prefix" "$multitool_package" \
    || { echo "error: npm could not install $multitool_package" >&2; status=1; }
fi

if [ "$dry_run" = 0 ]; then
  have_chromium || { echo "error: still no chromium on the PATH" >&2; status=1; }
  [ -x "$multitool" ] || { echo "error: still no $multitool" >&2; status=1; }
fi
exit "$status"
