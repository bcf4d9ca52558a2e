#!/bin/sh
# porch-pod.sh: what one agent attempt does inside its Kubernetes pod. porch puts this very file
# into the Job it creates (command: sh -c <this file> porch-pod <agent program> <arguments>...), so
# the image only needs sh, git and the agent's CLI; tests run the same file as a local process.
#
# 1. clone PORCH_BRANCH from PORCH_REMOTE_URL and check out PORCH_BASE_COMMIT (what porch pushed)
# 2. write PORCH_PROMPT to PORCH_PROMPT_FILE (outside the clone, so it is never committed)
# 3. run the agent: "$@" as it is, no shell in between, in the clone, with the PORCH_* environment;
#    its standard input is the prompt file when PORCH_PROMPT_STDIN=true, else empty; a program the
#    image does not have is porch's own setup failure (95), said in one line, not a bare exit 127
# 4. if it exited 0 and left work uncommitted, commit it (unless PORCH_COMMIT_LEFTOVERS=false)
# 5. push PORCH_BRANCH back, never forced: only on top of PORCH_BASE_COMMIT
# 6. one line for porch in the termination message: "porch-pod: exit=N commit=SHA step=DONE"
#
# With PORCH_POD_MODE=evaluate the pod judges instead (porch's evaluation Job): steps 1 and 3 only,
# with "$@" the task's test command and no prompt; nothing is committed or pushed; its output is the
# pod's log and the report names the commit it tested.
#
# Exit code: the agent's (the test command's), or 90 + step when porch's own part failed (91 clone, 92 checkout,
# 93 commit, 94 push, 95 setup); the termination message names the step and git's last line.
set -u

workdir=${PORCH_WORKDIR:-/workspace}
termlog=${PORCH_TERMINATION_LOG:-/dev/termination-log}
PORCH_WORKTREE="$workdir/repo"
PORCH_PROMPT_FILE=${PORCH_PROMPT_FILE:-$workdir/prompt.md}
PORCH_STATUS_FILE=${PORCH_STATUS_FILE:-$workdir/status.json}
export PORCH_WORKTREE PORCH_PROMPT_FILE PORCH_STATUS_FILE
gitlog="$workdir/git.log"

report() { # exit step commit [why]
  line="porch-pod: exit=$1 step=$2 commit=$3"
  if [ $# -ge 4 ]; then
    line="$line why=$(printf '%s' "$4" | tr '\n\r' '  ' | cut -c1-600)"
  fi
  printf '%s\n' "$line" > "$termlog" 2>/dev/null || true
  printf '%s\n' "$line" >&2
}

die() { # code step
  why=$(tail -n 1 "$gitlog" 2>/dev/null)
  report "$1" "$2" none "${why:-$2 failed}"
  exit "$1"
}

for v in PORCH_REMOTE_URL PORCH_BRANCH PORCH_BASE_COMMIT PORCH_TASK; do
  eval "val=\${$v:-}"
  if [ -z "$val" ]; then
    printf 'porch-pod: %s is not set\n' "$v" > "$gitlog"
    die 95 setup
  fi
done
if [ $# -lt 1 ]; then
  printf 'porch-pod: no agent command given\n' > "$gitlog"
  die 95 setup
fi

mkdir -p "$workdir" || die 95 setup
: > "$gitlog"
git clone --quiet --no-checkout --single-branch --branch "$PORCH_BRANCH" -- "$PORCH_REMOTE_URL" "$PORCH_WORKTREE" \
  >> "$gitlog" 2>&1 || die 91 clone
cd "$PORCH_WORKTREE" || die 92 checkout
git checkout --quiet -B "$PORCH_BRANCH" "$PORCH_BASE_COMMIT" >> "$gitlog" 2>&1 || die 92 checkout
git config user.name "${PORCH_GIT_NAME:-porch agent $PORCH_TASK}"
git config user.email "${PORCH_GIT_EMAIL:-porch-agent@invalid}"
if [ "${PORCH_POD_MODE:-agent}" = "evaluate" ]; then
  unset PORCH_PROMPT PORCH_PROMPT_FILE PORCH_STATUS_FILE PORCH_ATTEMPT
  if ! command -v "$1" > /dev/null 2>&1; then
    printf "porch-pod: the test command's program %s is not in this image (PATH=%s)\n" "$1" "$PATH" > "$gitlog"
    die 95 setup
  fi
  "$@" < /dev/null
  code=$?
  report "$code" done "$PORCH_BASE_COMMIT"
  exit "$code"
fi
printf '%s' "${PORCH_PROMPT:-}" > "$PORCH_PROMPT_FILE" || die 95 setup
unset PORCH_PROMPT
if ! command -v "$1" > /dev/null 2>&1; then
  printf "porch-pod: the agent's program %s is not in this image (PATH=%s)\n" "$1" "$PATH" > "$gitlog"
  die 95 setup
fi

if [ "${PORCH_PROMPT_STDIN:-false}" = "true" ]; then
  "$@" < "$PORCH_PROMPT_FILE"
else
  "$@" < /dev/null
fi
code=$?

if [ "$code" -eq 0 ] && [ "${PORCH_COMMIT_LEFTOVERS:-true}" != "false" ] \
    && [ -n "$(git status --porcelain --untracked-files=all 2>>"$gitlog")" ]; then
  git add -A >> "$gitlog" 2>&1 || die 93 commit
  git commit --quiet -m "Work of $PORCH_TASK left uncommitted by its agent" \
    -m "Committed by porch's pod script: the agent ended with exit 0 without committing this work." \
    -m "Porch-Task: $PORCH_TASK" >> "$gitlog" 2>&1 || die 93 commit
fi

head=$(git rev-parse HEAD 2>>"$gitlog") || die 94 push
if [ "$head" != "$PORCH_BASE_COMMIT" ]; then
  git push --quiet --force-with-lease="refs/heads/$PORCH_BRANCH:$PORCH_BASE_COMMIT" origin \
    "HEAD:refs/heads/$PORCH_BRANCH" >> "$gitlog" 2>&1 || die 94 push
fi
report "$code" done "$head"
exit "$code"
