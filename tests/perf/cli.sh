# Sourced by the perf scripts: builds the CLI (unless PERFRULES_NO_BUILD is set) and sets CLI to its dll.
# By default what users install: a ReadyToRun publish for this machine's runtime (framework-dependent,
# into src/PerfRules.Cli/bin/r2r; PerfRules.Cli.csproj makes a publish with a runtime ReadyToRun, the
# large rarely-run libraries excluded). With R2R=0 (the scripts' --jit) the plain Release build,
# what `dotnet build` and `dotnet run` give: everything JIT-compiled.
if [ "${R2R:-1}" = 1 ]; then
  CLI=src/PerfRules.Cli/bin/r2r/perfrules.dll
  if [ -z "${PERFRULES_NO_BUILD:-}" ]; then
    echo "== publish (Release, ReadyToRun, $(dotnet --info | awk '/^ *RID:/{print $2; exit}'))"
    # A clean folder: publishing over an older one kept its files (a precompiled Roslyn stayed).
    rm -rf src/PerfRules.Cli/bin/r2r
    dotnet publish src/PerfRules.Cli -c Release -r "$(dotnet --info | awk '/^ *RID:/{print $2; exit}')" --self-contained false \
      -p:PublishReadyToRun=true -o src/PerfRules.Cli/bin/r2r -v q -nologo >/dev/null
  fi
else
  CLI=src/PerfRules.Cli/bin/Release/net10.0/perfrules.dll
  [ -n "${PERFRULES_NO_BUILD:-}" ] || { echo "== build (Release, JIT)"; dotnet build src/PerfRules.Cli -c Release -v q -nologo >/dev/null; }
fi
[ -f "$CLI" ] || { echo "no build at $CLI (run without PERFRULES_NO_BUILD)" >&2; exit 2; }
# A publish made while another build wrote the same obj/ once gave a perfrules that aborted at start
# (SIGABRT): check that it starts before timing it.
dotnet "$CLI" --version >/dev/null 2>&1 || { echo "$CLI does not start: publish again on an idle tree" >&2; exit 2; }
