#!/usr/bin/env bash
# PerfRules against Spectral on the same 600 documents (run by hand, not in CI): 200 copies each of the
# inline seeds 000, 003 and 004. PerfRules checks the text files (reading them included) with its whole
# built-in rule set; Spectral 6.16.3 checks the same documents already converted to JSON
# (`perfrules convert --to json`, done once beforehand and not timed) with the eight core checks
# PR101-PR105, PR201, PR202, PR301 written as a ruleset with custom functions (tests/perf/spectral/).
# Both as whole processes (start included), in alternating rounds, under /usr/bin/time -v.
#   tests/perf/spectral.sh [--rounds R] [--spectral DIR] [--keep] [--jit]
# PerfRules runs as the ReadyToRun build users install; --jit runs the plain Release build (tests/perf/cli.sh).
# Spectral is installed with npm into DIR (default /tmp/perfrules-spectral, outside the repository).
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=3; SPDIR=/tmp/perfrules-spectral; KEEP=0; R2R=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --spectral) SPDIR="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --r2r) R2R=1; shift ;;   # the default; kept for old command lines
    --jit) R2R=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
SPECTRAL="$SPDIR/node_modules/.bin/spectral"
if [ ! -x "$SPECTRAL" ]; then
  echo "== npm install @stoplight/spectral-cli@6.16.3 into $SPDIR"
  mkdir -p "$SPDIR" && (cd "$SPDIR" && npm install --no-audit --no-fund @stoplight/spectral-cli@6.16.3 >/dev/null)
fi
WORK=$(mktemp -d /tmp/perfrules-spectral-run.XXXXXX)
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT
source tests/perf/cli.sh
CACHE="$WORK/cache"
dotnet "$CLI" lint --cache "$CACHE" fixtures/seeds >/dev/null 2>&1 || true   # fill the rule cache

mkdir -p "$WORK/txt" "$WORK/json" "$WORK/one"
for s in 000 003 004; do
  f=$(ls fixtures/seeds/${s}_*.txt)
  dotnet "$CLI" convert --to json --output "$WORK/one/$s.json" "$f" >/dev/null
  for ((k = 0; k < 200; k++)); do
    cp "$f" "$WORK/txt/$(printf %03d $k)_$(basename "$f")"
    cp "$WORK/one/$s.json" "$WORK/json/$(printf %03d $k)_$s.json"
  done
done
echo "== machine: $(nproc) cores, $(uname -m), dotnet $(dotnet --version), node $(node --version), spectral $("$SPECTRAL" --version), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 600 documents: $(du -sh "$WORK/txt" | cut -f1) of text, $(du -sh "$WORK/json" | cut -f1) of JSON"

# wall CMD...: "wall CPU" of one run (either exit status counts: both exit non-zero on findings).
wall() { /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.log" || true
  local w c
  w=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$WORK/time.log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  c=$(awk -F': ' '/User time|System time/{s += $2} END{printf "%.2f", s}' "$WORK/time.log")
  echo "$w $c"; }
source tests/perf/measure.sh   # median
pr=(); sp=(); prc=(); spc=()
for ((r = 0; r < ROUNDS; r++)); do
  read -r w c < <(wall dotnet "$CLI" audit --jobs 2 --cache "$CACHE" -q --format json --output "$WORK/perfrules.json" "$WORK/txt"); pr+=("$w"); prc+=("$c")
  read -r w c < <(wall "$SPECTRAL" lint -r tests/perf/spectral/ruleset.yaml -f json -o "$WORK/spectral.json" --fail-severity error "$WORK/json/*.json"); sp+=("$w"); spc+=("$c")
done
p=$(printf '%s\n' "${pr[@]}" | median); s=$(printf '%s\n' "${sp[@]}" | median)
echo "perfrules audit (text, all built-in rules, 2 jobs): median $p s (runs ${pr[*]}; CPU ${prc[*]} s)"
echo "spectral lint (JSON, the eight core checks):       median $s s (runs ${sp[*]}; CPU ${spc[*]} s)"
echo "ratio (Spectral's time / PerfRules'): $(echo "$s / $p" | bc -l | cut -c1-5)"
# The same findings of the eight checks on both sides.
python3 - "$WORK/perfrules.json" "$WORK/spectral.json" <<'PY'
import json, sys, collections
core = {'PR101','PR102','PR103','PR104','PR105','PR201','PR202','PR301'}
pr = collections.Counter(f['ruleId'] for d in json.load(open(sys.argv[1]))['documents'] for f in d['findings'] if f['ruleId'] in core)
sp = collections.Counter(x['code'] for x in json.load(open(sys.argv[2])))
print('findings of the eight checks: perfrules', dict(sorted(pr.items())), '; spectral', dict(sorted(sp.items())), '; same' if pr == sp else '; DIFFERENT')
PY
echo "== load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
