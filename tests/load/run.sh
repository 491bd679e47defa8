#!/usr/bin/env bash
# The bounded load test of the service, on loopback (by hand, not in CI): builds Release, starts the
# service on a free 127.0.0.1 port with its default limits, samples its RSS every second, runs
# tests/PerfRules.LoadTest against it, stops it and prints the RSS at start, peak and end.
# Exit status: the load tester's (1 on any wrong answer or unexpected 5xx).
# Usage: tests/load/run.sh [requests (default 5000)] [clients (default 50)] [-- extra service arguments]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
requests="${1:-5000}"
clients="${2:-50}"
shift $(( $# < 2 ? $# : 2 ))
[[ "${1:-}" == "--" ]] && shift
work="$(mktemp -d "${TMPDIR:-/tmp}/perfrules-load.XXXXXX")"

dotnet build "$here/src/PerfRules.Service" -c Release -v q -nologo >/dev/null
dotnet build "$here/tests/PerfRules.LoadTest" -c Release -v q -nologo >/dev/null

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
url="http://127.0.0.1:$port"
dotnet "$here/src/PerfRules.Service/bin/Release/net10.0/PerfRules.Service.dll" --urls "$url" \
    --Serilog:MinimumLevel:Default=Warning "$@" >"$work/service.log" 2>&1 &
pid=$!
sampler=""
cleanup() {
    [[ -n "$sampler" ]] && kill "$sampler" 2>/dev/null || true
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 1 120); do
    curl -fsS "$url/healthz" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { echo "the service did not start:"; cat "$work/service.log"; exit 2; }
    sleep 0.5
done
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }
echo "service pid $pid at $url; load average: $(cut -d' ' -f1-3 /proc/loadavg); RSS at start $(( $(rss) / 1024 )) MB"
( while kill -0 "$pid" 2>/dev/null; do rss >>"$work/rss" 2>/dev/null || true; sleep 1; done ) &
sampler=$!

set +e
timeout 900 dotnet "$here/tests/PerfRules.LoadTest/bin/Release/net10.0/PerfRules.LoadTest.dll" \
    --url "$url" --requests "$requests" --clients "$clients" --seeds "$here/fixtures/seeds"
status=$?
set -e
sleep 2 # one more sample after the load
end="$(rss)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "service log and RSS samples (kB, one a second): $work/"
echo "service RSS: start $(( $(head -1 "$work/rss") / 1024 )) MB, peak $(( $(sort -n "$work/rss" | tail -1) / 1024 )) MB, end $(( end / 1024 )) MB ($(wc -l <"$work/rss") samples)"
if grep -q "ERR\|FTL" "$work/service.log"; then
    echo "service errors logged:"; grep "ERR\|FTL" "$work/service.log" | head -20
fi
exit "$status"
