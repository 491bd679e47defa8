# Sourced by the perf scripts: builds the CLI (unless PERFRULES_NO_BUILD is set) and sets CLI to its dll.
# With R2R=1 it is a ReadyToRun publish for this machine's runtime (framework-dependent), else the
# plain Release build.
if [ "${R2R:-0}" = 1 ]; then
  CLI=src/PerfRules.Cli/bin/r2r/perfrules.dll
  if [ -z "${PERFRULES_NO_BUILD:-}" ]; then
    echo "== publish (Release, ReadyToRun, $(dotnet --info | awk '/^ *RID:/{print $2; exit}'))"
    dotnet publish src/PerfRules.Cli -c Release -r "$(dotnet --info | awk '/^ *RID:/{print $2; exit}')" --self-contained false \
      -p:PublishReadyToRun=true -o src/PerfRules.Cli/bin/r2r -v q -nologo >/dev/null
  fi
else
  CLI=src/PerfRules.Cli/bin/Release/net10.0/perfrules.dll
  [ -n "${PERFRULES_NO_BUILD:-}" ] || { echo "== build (Release)"; dotnet build src/PerfRules.Cli -c Release -v q -nologo >/dev/null; }
fi
[ -f "$CLI" ] || { echo "no build at $CLI (run without PERFRULES_NO_BUILD)" >&2; exit 2; }
