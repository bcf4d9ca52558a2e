@echo off
rem porch launcher for Windows: runs porch.jar (next to this file) with the first Java it finds.
setlocal
set "PORCH_JAR=%~dp0porch.jar"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" (
  set "PORCH_JAVA=%JAVA_HOME%\bin\java.exe"
  goto run
)
where java >nul 2>nul
if errorlevel 1 (
  echo porch: error: Java 17 or newer was not found 1>&2
  echo hint: install a JDK 17+ and put it on PATH, or set JAVA_HOME 1>&2
  exit /b 1
)
set "PORCH_JAVA=java"
:run
set "PORCH_CDS="
if not defined PORCH_NO_CDS (
  if exist "%~dp0porch.jsa" (
    set "PORCH_CDS=-XX:SharedArchiveFile=%~dp0porch.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
  ) else (
    "%PORCH_JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="%~dp0porch.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "%PORCH_JAR%" dev.porch.cli.internal.cds.CdsTraining >nul 2>nul
    if exist "%~dp0porch.jsa" set "PORCH_CDS=-XX:SharedArchiveFile=%~dp0porch.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
  )
)
"%PORCH_JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 %PORCH_CDS% %PORCH_JAVA_OPTS% -jar "%PORCH_JAR%" %*
exit /b %ERRORLEVEL%
