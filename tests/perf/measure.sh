# Sourced by the perf scripts (after WORK is set): one run's wall time and peak RSS, and a median.

# measure CMD...: wall seconds, peak RSS (KB) and CPU seconds (user + sys, the figure a shared machine
# does not inflate much) of one run; exit 0 or 1 (findings) counts as run.
measure() {
  local log="$WORK/time.log" status=0
  /usr/bin/time -v "$@" >"$WORK/stdout" 2>"$log" || status=$?
  if [ "$status" -gt 1 ]; then echo "command failed ($status): $*" >&2; tail -5 "$log" >&2; exit 1; fi
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/{s += $2} END{printf "%.2f", s}' "$log")
  echo "$wall $rss $cpu"
}

# median: the median of the numbers on standard input, one a line.
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
