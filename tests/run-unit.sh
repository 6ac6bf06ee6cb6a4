#!/usr/bin/env bash
# Runs host unit-test binaries; each prints "RESULT <name> passed=N failed=M".
# Prints the sum as "RESULT unit passed=N failed=M"; exits non-zero on failure.
set -u
pass=0; fail=0
for bin in "$@"; do
    name=$(basename "$bin")
    out=$("$bin" 2>&1); rc=$?
    line=$(printf '%s\n' "$out" | grep '^RESULT ' | tail -n 1)
    p=$(sed -n 's/.*passed=\([0-9]*\).*/\1/p' <<<"$line"); p=${p:-0}
    f=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$line"); f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed / sanitizer report
    if [ "$f" -ne 0 ]; then
        printf '%s\n' "$out" | grep -v '^  ok ' | tail -n 60
        echo "unit $name: $p passed, $f failed  <-- FAILED"
    else
        echo "unit $name: $p checks ok"
    fi
    pass=$((pass + p)); fail=$((fail + f))
done
echo "RESULT unit passed=$pass failed=$fail"
[ "$fail" -eq 0 ]
