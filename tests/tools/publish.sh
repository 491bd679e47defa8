#!/usr/bin/env bash
# Builds what users install (docs/install.md), from any folder:
#   <out>/publish/<rid>/perfrules[.exe]   self-contained single-file executables, no .NET needed
#                                         (default rids: win-x64 linux-x64 osx-arm64)
#   <out>/nupkg/PerfRules.Cli.<v>.nupkg   the .NET tool (dotnet tool install ... PerfRules.Cli)
# Usage: tests/tools/publish.sh [--output DIR] [--rid RID]... [--no-tool] [--tool-only]
#   --output DIR   where to put them (default: artifacts/ at the repository root)
#   --rid RID      build this runtime only (repeatable)
# Needs only the .NET SDK; the runtime packs come from the NuGet feed on the first run.
# The PowerShell twin is tests/tools/publish.ps1. tests/PerfRules.Tests/Packaging runs this script.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
project="$root/src/PerfRules.Cli/PerfRules.Cli.csproj"
out="$root/artifacts"
rids=()
tool=1
executables=1
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out="${2:?--output needs a folder}"; shift 2 ;;
    --rid) rids+=("${2:?--rid needs a runtime identifier}"); shift 2 ;;
    --no-tool) tool=0; shift ;;
    --tool-only) executables=0; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "publish.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#rids[@]} -gt 0 ] || rids=(win-x64 linux-x64 osx-arm64)
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# One restore for every target, then publish and pack without restoring: a restore per target
# rewrites the assets files and PerfRules.Core is compiled again each time (twice the work).
# The list goes in through the environment, where its ';' needs no quoting in any shell.
# No ASP.NET runtime packs: nothing here uses ASP.NET.
ridlist=""
[ "$executables" = 0 ] || ridlist="$(IFS=';'; echo "${rids[*]}")"
RuntimeIdentifiers="$ridlist" dotnet restore "$project" -p:DisableTransitiveFrameworkReferenceDownloads=true -nologo -v:minimal

if [ "$executables" = 1 ]; then
  for rid in "${rids[@]}"; do
    # A clean folder: what is there afterwards is exactly what ships.
    rm -rf "$out/publish/$rid"
    dotnet publish "$project" --no-restore -c Release -r "$rid" --self-contained -p:PublishSingleFile=true \
      -o "$out/publish/$rid" -nologo -v:minimal
  done
fi
if [ "$tool" = 1 ]; then
  rm -rf "$out/nupkg"
  dotnet pack "$project" --no-restore -c Release -o "$out/nupkg" -nologo -v:minimal
fi

echo "built:"
{ find "$out/publish" "$out/nupkg" -type f 2>/dev/null || true; } | sort | sed "s|^$out/|  $out/|"
