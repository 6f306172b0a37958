# Build Analyst Workbench for Windows: the one-folder bundle, a smoke test of it, the installer.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-SkipInstaller] [-SkipSmoke]
#
# Needs: 64-bit Python 3.11+ (python.org installer, "py" launcher) and Inno Setup 6.3+ (ISCC.exe).
# Output: dist\workbench\ (workbench.exe for the command line, AnalystWorkbench.exe without a
# console for the Start menu) and dist\AnalystWorkbench-VERSION-setup.exe.
param([switch]$SkipInstaller, [switch]$SkipSmoke)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$env:PYTHONUTF8 = "1"

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
$py = (Resolve-Path .venv\Scripts\python.exe).Path
& $py -m pip install -q --upgrade pip
& $py -m pip install -q -e ".[packaging]"
if ($LASTEXITCODE) { throw "pip install failed" }

$version = (& $py -c "import workbench; print(workbench.__version__)").Trim()
Write-Host "== Analyst Workbench $version"
Remove-Item -Recurse -Force build\pyinstaller, dist\workbench -ErrorAction SilentlyContinue
& $py -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller packaging\workbench.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

$exe = "dist\workbench\workbench.exe"
$got = (& $exe --version).Trim()
if ($got -ne "workbench $version") { throw "workbench.exe --version printed '$got'" }

if (-not $SkipSmoke) {
  # The same checks as packaging/smoke.sh, minus network isolation (pull the cable or run in a
  # VM with networking off to test that).
  $t = Join-Path $env:TEMP ("workbench-smoke-" + [guid]::NewGuid())
  New-Item -ItemType Directory $t | Out-Null
  & $exe demo --db "$t\demo.sqlite"; if ($LASTEXITCODE) { throw "demo failed" }
  & $exe export latest --db "$t\demo.sqlite" -o "$t\demo.pdf"; if ($LASTEXITCODE) { throw "export failed" }
  if ((Get-Item "$t\demo.pdf").Length -lt 10000) { throw "demo.pdf is too small" }
  $env:QT_QPA_PLATFORM = "offscreen"; $env:WORKBENCH_SMOKE_QUIT_MS = "1500"
  # Qt writes harmless notes to stderr; PowerShell 5 would turn them into errors under "Stop".
  $ErrorActionPreference = "Continue"
  $out = & $exe --db "$t\demo.sqlite" 2>&1 | Out-String
  $rc = $LASTEXITCODE
  $ErrorActionPreference = "Stop"
  Remove-Item Env:QT_QPA_PLATFORM, Env:WORKBENCH_SMOKE_QUIT_MS
  if ($rc -or ($out -notmatch "smoke: window .* visible=True") -or ($out -match "Traceback")) { throw "window smoke failed ($rc): $out" }
  Write-Host "== Smoke test passed: $t\demo.pdf (check it with pdffonts if poppler is installed)"
}

if (-not $SkipInstaller) {
  $iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
            "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
  if (-not $iscc) { throw "ISCC.exe not found: install Inno Setup 6.3+" }
  & $iscc /Qp "/DAppVersion=$version" packaging\windows\workbench.iss
  if ($LASTEXITCODE) { throw "ISCC failed" }
  Write-Host "== Installer: dist\AnalystWorkbench-$version-setup.exe"
}
