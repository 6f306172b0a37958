; Analyst Workbench (分析师工作台): the Windows installer. Inno Setup 6.3 or later.
;
;   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1   (bundle, smoke test, installer)
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\windows\workbench.iss   (installer only)
;
; Saved as UTF-8 with a BOM, which ISCC needs to read the Chinese names on any code page.
; Packs dist\workbench\ (the PyInstaller one-folder bundle) into dist\AnalystWorkbench-VERSION-setup.exe.
; The version is the package's: workbench.__version__ -> the spec's version resource of
; workbench.exe -> read back here (build.ps1 also passes it as /DAppVersion=...).
; Installs per user without admin rights by default ({localappdata}\Programs\Analyst Workbench);
; for all users run the installer as admin with /ALLUSERS (Program Files). Start-menu entry,
; optional desktop icon, "Open with" for .sqlite stores, and an uninstaller. Nothing is
; downloaded; the user's stores (%LOCALAPPDATA%\AnalystWorkbench) survive an uninstall.

#define AppName "Analyst Workbench"
#define AppNameZh "分析师工作台"
#define AppId "{{869BA1C8-CFE6-4DA0-8A39-0205F7B43E38}"
#define BundleDir AddBackslash(SourcePath) + "..\..\dist\workbench"
#define GuiExe "AnalystWorkbench.exe"
#define CliExe "workbench.exe"

#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\" + CliExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error No version: build the bundle first (dist\workbench\workbench.exe carries the package version)
#endif

; Store files: the app's stores are SQLite files named *.sqlite, a generic extension the installer
; must not take over, so it only adds the workbench to Explorer's "Open with" list. A house that
; gives its stores their own extension compiles with /DStoreExt=.awb to make the workbench that
; extension's default program.

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppNameZh} {#AppName} Setup
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=AnalystWorkbench-{#AppVersion}-setup
SetupIconFile=..\icons\workbench.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName} {#AppNameZh}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{userdocs}"; Comment: "{#AppNameZh}: weekly sector report"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; "Open with" for store files: a ProgID the .sqlite extension lists, and the application entry.
Root: HKA; Subkey: "Software\Classes\AnalystWorkbench.Store"; ValueType: string; ValueData: "{#AppName} store"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\AnalystWorkbench.Store\DefaultIcon"; ValueType: string; ValueData: "{app}\{#GuiExe},0"
Root: HKA; Subkey: "Software\Classes\AnalystWorkbench.Store\shell\open\command"; ValueType: string; ValueData: """{app}\{#GuiExe}"" --db ""%1"""
Root: HKA; Subkey: "Software\Classes\.sqlite\OpenWithProgids"; ValueType: string; ValueName: "AnalystWorkbench.Store"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".sqlite"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\shell\open\command"; ValueType: string; ValueData: """{app}\{#GuiExe}"" --db ""%1"""
#ifdef StoreExt
Root: HKA; Subkey: "Software\Classes\{#StoreExt}"; ValueType: string; ValueData: "AnalystWorkbench.Store"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#StoreExt}\OpenWithProgids"; ValueType: string; ValueName: "AnalystWorkbench.Store"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: "{#StoreExt}"; ValueData: ""
#endif

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
