#!/usr/bin/env bash
# End to end on the real seeds (run by hand, not in CI): peak RSS per report format and documents/s,
# process start included, of the built perfrules on copies of the five seeds in fixtures/seeds.
#   tests/perf/seeds.sh [--sizes "1000 2000 10000"] [--formats "sarif json"] [--all-at 2000] [--jobs N] [--rounds R] [--keep]
#                       [--jit] [--rules DIR]
# It runs the ReadyToRun build users install (framework-dependent, published for this machine's runtime
# into src/PerfRules.Cli/bin/r2r: PerfRules and its libraries precompiled; tests/perf/cli.sh); --jit
# runs the plain Release build instead (everything JIT-compiled); --rules DIR audits with that rule set instead of
# the built-in one (e.g. one that extends core and switches rules off, to see what they cost).
# Copy k of a batch is seed k mod 5 (a fifth of them seed 000, 36 KB and 30 projects), hard-linked
# when the file system allows (the reader sees the same bytes either way). For each size it runs
# `perfrules audit --jobs N --format F --output FILE` under /usr/bin/time -v for every format in
# --formats (and with no report), and at the --all-at size for every format; R rounds each, the
# median wall time and the largest peak RSS printed. Peak RSS does not depend on the machine's load;
# wall time does, so the load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/../.."

SIZES="1000 2000 10000"; FORMATS="sarif json"; ALLAT=2000; JOBS=2; ROUNDS=3; KEEP=0; R2R=1; RULES=()
ALL="none sarif json junit csv github text summary html xlsx"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --formats) FORMATS="$2"; shift 2 ;;
    --all-at) ALLAT="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --r2r) R2R=1; shift ;;   # the default; kept for old command lines
    --jit) R2R=0; shift ;;
    --rules) RULES=(--rules "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/perfrules-seeds.XXXXXX)
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT
source tests/perf/cli.sh
CACHE="$WORK/cache"
dotnet "$CLI" lint --cache "$CACHE" "${RULES[@]}" fixtures/seeds >/dev/null 2>&1 || true   # fill the rule cache

mapfile -t SEEDS < <(ls fixtures/seeds/*.txt | sort)
# batch N DIR: N copies of the seeds, copy k = seed k mod 5.
batch() {
  local n=$1 dir=$2 k
  mkdir -p "$dir"
  for ((k = 0; k < n; k++)); do
    local s=${SEEDS[$((k % ${#SEEDS[@]}))]}
    local name; name=$(printf "%05d_%s" "$k" "$(basename "$s")")
    ln "$s" "$dir/$name" 2>/dev/null || cp "$s" "$dir/$name"
  done
}

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== build: $CLI"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), dotnet $(dotnet --version), load $(load)"

source tests/perf/measure.sh
ext() { case "$1" in text|summary|github) echo txt ;; junit) echo xml ;; *) echo "$1" ;; esac; }

echo "== perfrules audit --jobs $JOBS on copies of the five seeds ($ROUNDS rounds: median wall and CPU (user + sys), largest peak RSS)"
printf "%8s %-8s %10s %10s %10s %10s %12s\n" docs format "wall s" "docs/s" "CPU s" "peak MB" "output MB"
for n in $SIZES; do
  batch "$n" "$WORK/s$n"
  fmts="$FORMATS"; [ "$n" = "$ALLAT" ] && fmts="$ALL"
  for f in $fmts; do
    walls=(); cpus=(); peak=0; size=0
    for ((r = 0; r < ROUNDS; r++)); do
      if [ "$f" = none ]; then args=(); else args=(--format "$f" --output "$WORK/out.$(ext "$f")"); fi
      read -r wall rss cpu < <(measure dotnet "$CLI" audit --jobs "$JOBS" --cache "$CACHE" "${RULES[@]}" "$WORK/s$n" "${args[@]}")
      walls+=("$wall"); cpus+=("$cpu"); [ "$rss" -gt "$peak" ] && peak=$rss
      [ "$f" = none ] || size=$(stat -c %s "$WORK/out.$(ext "$f")")
    done
    wall=$(printf '%s\n' "${walls[@]}" | median); cpu=$(printf '%s\n' "${cpus[@]}" | median)
    printf "%8d %-8s %10.2f %10.0f %10.2f %10.1f %12.1f   (wall: %s; CPU: %s)\n" "$n" "$f" "$wall" "$(echo "$n / $wall" | bc -l)" \
      "$cpu" "$(echo "$peak / 1024" | bc -l)" "$(echo "$size / 1048576" | bc -l)" "${walls[*]}" "${cpus[*]}"
    rm -f "$WORK"/out.*
  done
  rm -rf "$WORK/s$n"
done
echo "== load at the end: $(load)"
