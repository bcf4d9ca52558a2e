#!/bin/bash
set -e

# copy the environment file from the main worktree
cp "$ROOT_WORKTREE_PATH/.env" .env
echo "unix script ran in $(basename "$PWD")" > script.txt
