#!/usr/bin/env bash
# ghostport(1) lists every subcommand and every option that `ghostport <cmd> --help` shows.
#   man_page_test.sh GHOSTPORT GHOSTPORT.1
set -u
gp=$1 page=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../cli/expect.sh"
[[ -s $page ]] || { echo "FAIL: $page missing (built by the ghostport_man target)"; exit 1; }
LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>"$tmp/man.err" | col -b >"$tmp/man.txt"
[[ -s $tmp/man.txt ]] || { echo "FAIL: man -l $page rendered nothing: $(cat "$tmp/man.err")"; exit 1; }
[[ -s $tmp/man.err ]] && { fail "man -l warns:"; cat "$tmp/man.err"; }

subcommands() { awk '/^Subcommands:/{on=1; next} on && /^$/{on=0} on && /^  [a-z]/{print $1}'; }
options() { grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u; }
check() {  # check "cmd words": the command's heading and each of its options on the page
  local words=$1
  grep -qF -- "ghostport${words:+ $words}" "$tmp/man.txt" || fail "no section for 'ghostport $words'"
  # shellcheck disable=SC2086
  "$gp" $words --help | options | while read -r opt; do
    grep -qE -- "(^|[[:space:],[])$opt([[:space:],=]|$)" "$tmp/man.txt" || echo "FAIL 'ghostport $words' option $opt is not in the man page"
  done >>"$tmp/missing"
}
: >"$tmp/missing"
n=0
check ""
for c in $("$gp" --help | subcommands); do
  check "$c"; n=$((n + 1))
  for s in $("$gp" "$c" --help | subcommands); do check "$c $s"; done
done
((n >= 9)) || fail "only $n subcommands found in ghostport --help"
if [[ -s $tmp/missing ]]; then cat "$tmp/missing"; failures=$((failures + $(wc -l <"$tmp/missing"))); fi
grep -q "ENVIRONMENT" "$tmp/man.txt" && grep -q "GHOSTPORT_REGISTRY" "$tmp/man.txt" || fail "no ENVIRONMENT section"
report_and_exit
