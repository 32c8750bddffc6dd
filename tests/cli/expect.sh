# Shared by the CLI test scripts (sourced; they set $tmp first): expect, fail, and the
# closing count. A script ends with `report_and_exit`.
failures=0
passes=0

# fail WHAT: one failed check, said.
fail() {
  echo "FAIL $1"
  failures=$((failures + 1))
}

# expect NAME STATUS PATTERN -- COMMAND...: runs COMMAND (stdout to $tmp/out, stderr to
# $tmp/err), checks its exit status and that stderr matches PATTERN (grep -E; "" = any).
expect() {
  local name=$1 status=$2 pattern=$3
  shift 4
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [[ $rc -ne $status ]] || { [[ -n $pattern ]] && ! grep -Eq -- "$pattern" "$tmp/err"; }; then
    echo "FAIL $name: exit $rc (want $status), stderr:"; sed 's/^/    /' "$tmp/err"
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}

# as_new_user: what follows runs as a user with nothing of their own: an empty home under
# $tmp, no config file, no updated registry, no GHOSTPORT_* overrides (the install tests).
as_new_user() {
  export HOME=$tmp/home XDG_DATA_HOME= XDG_CONFIG_HOME= GHOSTPORT_CONFIG= GHOSTPORT_REGISTRY= \
    GHOSTPORT_DATA_DIR= GHOSTPORT_RULES_DIR=
  mkdir -p "$HOME"
}

report_and_exit() {
  echo "$passes passed, $failures failed"
  [[ $failures -eq 0 ]]
  exit
}
