# Shared by script/demo and script/test: one line per step, with its duration.
#
#   step "Installing the project" python -m pip install -e .
#
# The step's own output goes to a log file; on failure the end of that log is printed.

STEP_LOG="${TMPDIR:-/tmp}/dondoc-step-$$.log"

step() {  # step <what> <command...>: run quietly, print "==> what (N s)" or the failure
  local what="$1" started=$SECONDS status
  shift
  printf '==> %s ...' "$what"
  # Under `set -e` too, a failing step must still reach its report below.
  "$@" >"$STEP_LOG" 2>&1 </dev/null && status=0 || status=$?
  if ((status == 0)); then
    printf ' done (%d s)\n' "$((SECONDS - started))"
  else
    printf ' failed (%d s, exit %d); last lines of its output:\n' "$((SECONDS - started))" "$status"
    tail -n 30 "$STEP_LOG" | sed 's/^/    /'
  fi
  rm -f "$STEP_LOG"
  return "$status"
}
