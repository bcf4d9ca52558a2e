$ErrorActionPreference = 'Stop'

Copy-Item "$env:ROOT_WORKTREE_PATH\.env" .env
Set-Content -Path script.txt -Value "windows script ran"
