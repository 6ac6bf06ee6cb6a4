#!/usr/bin/env bash
# make test driver: unit tests, fuzz smoke, integration; one summary line.
set -u
units=$1 fuzzers=$2 fuzz_secs=$3
pass=0; fail=0
add() { # parse the RESULT line of a stage's output
    local line p f
    line=$(grep '^RESULT ' "$1" | tail -n 1)
    p=$(sed -n 's/.*passed=\([0-9]*\).*/\1/p' <<<"$line"); f=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$line")
    [ -n "$line" ] || { p=0; f=1; echo "stage $2 printed no RESULT line"; }
    pass=$((pass + p)); fail=$((fail + f))
}
mkdir -p build
echo "== host unit tests (ASan+UBSan)"
tests/run-unit.sh $units | tee build/unit.out; add build/unit.out unit
echo "== fuzz smoke (${fuzz_secs}s per target)"
tests/run-fuzz.sh "$fuzz_secs" $fuzzers | tee build/fuzz.out; add build/fuzz.out fuzz
for extra in tests/stages/*.sh; do
    [ -x "$extra" ] || continue
    name=$(basename "$extra" .sh)
    echo "== $name"
    "$extra" | tee "build/$name.out"; add "build/$name.out" "$name"
done
echo "== integration tests (QEMU)"
tests/integration/run.sh | tee build/integration.out; add build/integration.out integration
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
