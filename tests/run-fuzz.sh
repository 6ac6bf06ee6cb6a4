#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time: tests/run-fuzz.sh SECONDS BIN...
# Corpora live in build/fuzz-corpus/<name>; seeds (if any) in tests/fuzz/seeds/<name>.
set -u
secs=$1; shift
pass=0; fail=0
for bin in "$@"; do
    name=$(basename "$bin")
    corpus=build/fuzz-corpus/$name; mkdir -p "$corpus"
    seeds=tests/fuzz/seeds/$name; [ -d "$seeds" ] || seeds=
    log=build/fuzz-corpus/$name.log
    if "$bin" -max_total_time="$secs" -print_final_stats=0 "$corpus" $seeds >"$log" 2>&1; then
        echo "fuzz $name: ${secs}s, $(grep -c . "$corpus"/* 2>/dev/null | wc -l) corpus files, no crash"
        pass=$((pass + 1))
    else
        tail -n 40 "$log"; echo "fuzz $name: CRASH (log: $log)"
        fail=$((fail + 1))
    fi
done
echo "RESULT fuzz passed=$pass failed=$fail"
[ "$fail" -eq 0 ]
