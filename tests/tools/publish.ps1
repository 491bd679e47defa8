# The PowerShell twin of tests/tools/publish.sh (same folders, same options), for Windows:
#   <out>\publish\<rid>\perfrules[.exe]   self-contained single-file executables, no .NET needed
#                                         (default rids: win-x64 linux-x64 osx-arm64)
#   <out>\nupkg\PerfRules.Cli.<v>.nupkg   the .NET tool (dotnet tool install ... PerfRules.Cli)
# Usage: pwsh tests/tools/publish.ps1 [-Output DIR] [-Rid RID[,RID...]] [-NoTool] [-ToolOnly]
param(
    [string]$Output = "",
    [string[]]$Rid = @("win-x64", "linux-x64", "osx-arm64"),
    [switch]$NoTool,
    [switch]$ToolOnly
)
$ErrorActionPreference = "Stop"
# -Rid a,b from pwsh is an array; through -File it arrives as one "a,b".
$Rid = @($Rid | ForEach-Object { $_ -split "," } | Where-Object { $_ -ne "" })
$root = (Resolve-Path (Join-Path $PSScriptRoot "../..")).Path
$project = Join-Path $root "src/PerfRules.Cli/PerfRules.Cli.csproj"
if ($Output -eq "") { $Output = Join-Path $root "artifacts" }
New-Item -ItemType Directory -Force -Path $Output | Out-Null
$Output = (Resolve-Path $Output).Path
$env:DOTNET_CLI_TELEMETRY_OPTOUT = "1"; $env:DOTNET_NOLOGO = "1"; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = "1"

# One restore for every target, then publish and pack without restoring: a restore per target
# rewrites the assets files and PerfRules.Core is compiled again each time (twice the work).
# The list goes in through the environment, where its ';' needs no quoting in any shell.
# No ASP.NET runtime packs: nothing here uses ASP.NET.
$env:RuntimeIdentifiers = if ($ToolOnly) { "" } else { $Rid -join ";" }
try { dotnet restore $project -p:DisableTransitiveFrameworkReferenceDownloads=true -nologo -v:minimal }
finally { Remove-Item Env:RuntimeIdentifiers -ErrorAction SilentlyContinue }
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

if (-not $ToolOnly) {
    foreach ($r in $Rid) {
        # A clean folder: what is there afterwards is exactly what ships.
        $dir = Join-Path $Output "publish/$r"
        if (Test-Path $dir) { Remove-Item -Recurse -Force $dir }
        dotnet publish $project --no-restore -c Release -r $r --self-contained -p:PublishSingleFile=true -o $dir -nologo -v:minimal
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
}
if (-not $NoTool) {
    $dir = Join-Path $Output "nupkg"
    if (Test-Path $dir) { Remove-Item -Recurse -Force $dir }
    dotnet pack $project --no-restore -c Release -o $dir -nologo -v:minimal
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

Write-Output "built:"
foreach ($sub in @("publish", "nupkg")) {
    $dir = Join-Path $Output $sub
    if (Test-Path $dir) { Get-ChildItem -Recurse -File $dir | Sort-Object FullName | ForEach-Object { "  " + $_.FullName } }
}
