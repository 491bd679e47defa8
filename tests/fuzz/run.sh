#!/usr/bin/env bash
# The long fuzz run: N generated hostile inputs (default 100000) through decode → read → rules →
# every report format. Prints cases/second and failures; exit 1 on any failure.
# Usage: tests/fuzz/run.sh [N] [random-seed]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-100000}"
seed="${2:-20260101}"
dotnet build "$here/tests/PerfRules.Fuzz" -c Release -v q -nologo >/dev/null
exec dotnet "$here/tests/PerfRules.Fuzz/bin/Release/net10.0/PerfRules.Fuzz.dll" "$n" "$here/fixtures/seeds" "$seed"
