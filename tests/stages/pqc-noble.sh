#!/usr/bin/env bash
# make-test stage: cross-check qv-pqc against @noble/post-quantum (pinned in
# tests/pqc-noble/package.json + package-lock.json). Runs every family script
# tests/pqc-noble/<family>.mjs (each prints "RESULT <family> passed=N failed=M"),
# sums them into "RESULT pqc-noble passed=N failed=M", exits non-zero on failure.
# QV_NOBLE_SCALE scales the number of random cases (default 1).
set -u
cd "$(dirname "$0")/../.." || exit 1
dir=tests/pqc-noble
pass=0; fail=0
finish() { echo "RESULT pqc-noble passed=$pass failed=$fail"; [ "$fail" -eq 0 ]; exit; }

if [ ! -x build/host/qv-pqc ]; then
    make --no-print-directory -s build/host/qv-pqc || { echo "pqc-noble: cannot build qv-pqc"; fail=1; finish; }
fi
if ! command -v node >/dev/null; then echo "pqc-noble: node not installed"; fail=1; finish; fi
if [ ! -d "$dir/node_modules/@noble/post-quantum" ]; then
    (cd "$dir" && npm ci --silent --no-audit --no-fund) ||
        { echo "pqc-noble: npm ci failed (offline?)"; fail=1; finish; }
fi

for script in "$dir"/*.mjs; do
    name=$(basename "$script" .mjs)
    [ "$name" = qvpqc ] && continue            # the shared helper module
    start=$(date +%s)
    out=$(node "$script" 2>&1); rc=$?
    line=$(printf '%s\n' "$out" | grep '^RESULT ' | tail -n 1)
    p=$(sed -n 's/.*passed=\([0-9]*\).*/\1/p' <<<"$line"); p=${p:-0}
    f=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$line"); f=${f:-0}
    if [ -z "$line" ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then f=$((f + 1)); fi
    if [ "$f" -ne 0 ]; then
        printf '%s\n' "$out" | tail -n 40
        echo "pqc-noble $name: $p passed, $f failed  <-- FAILED ($(( $(date +%s) - start ))s)"
    else
        echo "pqc-noble $name: $p checks ok ($(( $(date +%s) - start ))s)"
    fi
    pass=$((pass + p)); fail=$((fail + f))
done
finish
