#!/usr/bin/env bash
# Throughput, peak memory and cold start of the built perfrules (run by hand, not in CI).
#   tests/perf/run.sh [--sizes "1000 10000"] [--jobs N] [--seed S] [--keep] [--jit]
# Generates corpora with tests/PerfRules.Corpus, runs `perfrules audit` on each (falling back to
# `perfrules lint` where audit is not built yet), and prints documents/second and peak RSS from
# /usr/bin/time -v, then the wall time of `perfrules lint` on one seed with a cold and a warm rule cache.
# It runs the ReadyToRun build users install; --jit the plain Release build (tests/perf/cli.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."

SIZES="1000 10000"; JOBS=2; SEED=1; KEEP=0; R2R=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --jit) R2R=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/perfrules-perf.XXXXXX)
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT
GEN=tests/PerfRules.Corpus/bin/Release/net10.0/perfrules-corpus.dll

source tests/perf/cli.sh
[ -n "${PERFRULES_NO_BUILD:-}" ] || dotnet build tests/PerfRules.Corpus -c Release -v q -nologo >/dev/null
CACHE="$WORK/cache"
dotnet "$CLI" lint --cache "$CACHE" fixtures/seeds >/dev/null 2>&1 || true   # fill the rule cache

echo "== build: $CLI"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), dotnet $(dotnet --version), load $(cut -d' ' -f1-3 /proc/loadavg)"

if dotnet "$CLI" --help 2>/dev/null | grep -qE "^\s+audit\b"; then
  RUN=(audit --jobs "$JOBS" --cache "$CACHE"); WHAT="audit --jobs $JOBS"
else
  RUN=(lint --cache "$CACHE" --format json --output "$WORK/out.json"); WHAT="lint (audit not built yet: one thread)"
fi

source tests/perf/measure.sh

echo "== throughput: perfrules $WHAT"
printf "%8s %10s %12s %12s\n" docs "wall s" "docs/s" "peak MB"
for n in $SIZES; do
  dotnet "$GEN" --out "$WORK/c$n" --count "$n" --seed "$SEED" >/dev/null
  read -r wall rss _ < <(measure dotnet "$CLI" "${RUN[@]}" "$WORK/c$n/docs")
  printf "%8d %10.2f %12.0f %12.1f\n" "$n" "$wall" "$(echo "$n / $wall" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
done

SEEDFILE=$(ls fixtures/seeds/003_*.txt)
echo "== cold start: perfrules lint $(basename "$SEEDFILE") (median wall s)"
cold=(); warm=()
for i in 1 2 3; do
  rm -rf "$WORK/cold"
  read -r wall _ < <(measure dotnet "$CLI" lint --cache "$WORK/cold" "$SEEDFILE"); cold+=("$wall")
done
for i in 1 2 3 4 5; do
  read -r wall _ < <(measure dotnet "$CLI" lint --cache "$WORK/cold" "$SEEDFILE"); warm+=("$wall")
done
echo "cold rule cache (compile): $(printf '%s\n' "${cold[@]}" | median) s   (runs: ${cold[*]})"
echo "warm rule cache:           $(printf '%s\n' "${warm[@]}" | median) s   (runs: ${warm[*]})"
