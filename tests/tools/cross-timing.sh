#!/usr/bin/env bash
# Times the cross-document rules (PR108, PR515, PR109, PR110) over 10,000 and 20,000 generated
# documents, each size in a process of its own (so the peak working set is that size's), and checks
# the scaling: 20,000 within 2.2x of 10,000. Usage: bash tests/tools/cross-timing.sh [engine] [rounds]
# (engine: nrules, the default, or reference). Figures and how to read them: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
engine="${1:-nrules}"
rounds="${2:-3}"
# Dynamic PGO off, as the CLI runs (<TieredPGO>false</TieredPGO> in PerfRules.Cli.csproj); its
# instrumented tier made NRules' first rounds 2-3x slower (docs/performance.md). DOTNET_TieredPGO=1 to compare.
export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}"
dotnet build tests/PerfRules.Benchmarks -c Release -v q -nologo >/dev/null
bench=tests/PerfRules.Benchmarks/bin/Release/net10.0/PerfRules.Benchmarks.dll
declare -A wall cpu
for n in 10000 20000; do
  out="$(dotnet "$bench" cross "$n" "$engine" "$rounds")"
  echo "$out"
  line="$(grep '^RESULT' <<<"$out")"
  wall[$n]="$(sed -E 's/.*median_ms=([0-9]+).*/\1/' <<<"$line")"
  cpu[$n]="$(sed -E 's/.*cpu_ms=([0-9]+).*/\1/' <<<"$line")"
done
awk -v w1="${wall[10000]}" -v w2="${wall[20000]}" -v c1="${cpu[10000]}" -v c2="${cpu[20000]}" 'BEGIN {
  printf "20,000 / 10,000: wall %.2fx, CPU %.2fx (linear: 2.0x; limit 2.2x)\n", w2 / w1, c2 / c1
  if (w2 / w1 > 2.2 && c2 / c1 > 2.2) { print "NOT LINEAR"; exit 1 }
}'
