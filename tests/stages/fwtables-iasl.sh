#!/usr/bin/env bash
# make-test stage: cross-check the guest ACPI tables (hypervisor/core/vm/fwtables)
# against ACPICA's iasl, an independent implementation. For a few sample VMs,
# build/host/fwtables_dump writes every table; each must disassemble with
# `iasl -d` without errors or warnings, and the disassembled DSDT recompiled
# with optimizations off (`iasl -oa`) must give back exactly the same AML.
# Installs Debian's acpica-tools when iasl is missing and we are root.
set -u
cd "$(dirname "$0")/../.." || exit 1
pass=0; fail=0
finish() { echo "RESULT fwtables-iasl passed=$pass failed=$fail"; [ "$fail" -eq 0 ]; exit; }
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi; }

make --no-print-directory -s build/host/fwtables_dump || { echo "fwtables-iasl: cannot build the dump tool"; fail=1; finish; }
if ! command -v iasl >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq acpica-tools >/dev/null 2>&1
fi
command -v iasl >/dev/null || { echo "fwtables-iasl: iasl not installed (apt-get install acpica-tools)"; fail=1; finish; }

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

disasm_ok() { # dir table
    local out
    out=$(cd "$1" && iasl -d "$2.dat" 2>&1) || { echo "$1/$2: iasl -d failed"; echo "$out" | tail -5; return 1; }
    if grep -qiE '^(error|warning)|[^a-z](error|warning) [0-9]' <<<"$out" ||
       grep -qiE 'error|incorrect|invalid|\*\*\*' "$1/$2.dsl"; then
        echo "$1/$2: iasl reported problems"; echo "$out" | tail -5; return 1
    fi
}

recompile_same() { # dir
    local d=$1
    (cd "$d" && iasl -oa -p re dsdt.dsl >/dev/null 2>&1) || { echo "$d: iasl cannot recompile dsdt.dsl"; return 1; }
    cmp -s <(tail -c +37 "$d/dsdt.dat") <(tail -c +37 "$d/re.aml") ||
        { echo "$d: recompiled DSDT differs from ours"; return 1; }
}

# ncpus nvirtio pci
for cfg in "1 0 0" "2 2 1" "4 16 0" "256 16 1"; do
    d="$work/${cfg// /_}"
    mkdir -p "$d"
    # shellcheck disable=SC2086
    if ! build/host/fwtables_dump "$d" $cfg >"$d/dump.txt" 2>"$d/err.txt"; then
        echo "fwtables-iasl: dump failed for '$cfg'"; cat "$d/err.txt"; fail=$((fail + 1)); continue
    fi
    for f in "$d"/*.dat; do
        t=$(basename "$f" .dat)
        # this iasl does not take a bare RSDP file
        [ "$t" = rsdp ] || check disasm_ok "$d" "$t"
    done
    check recompile_same "$d"
    echo "fwtables-iasl: config '$cfg' ($(ls "$d"/*.dat | wc -l) tables) checked"
done
finish
