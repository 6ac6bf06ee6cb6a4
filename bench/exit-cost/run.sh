#!/usr/bin/env bash
# Exit-path cost in guest instructions (not a test). Under
# `-icount shift=0,sleep=off` QEMU's TSC advances one tick per executed
# instruction, so the exitcost guest (guests/tests/exitcost.c), which times
# loops of CPUID, OUT and VMMCALL exits with RDTSC, reads the exact number of
# instructions one round trip costs: guest loop + hardware world switch +
# QuantaVirt's exit handling. Two runs give identical numbers.
#   bench/exit-cost/run.sh [LOOPS]
set -eu
cd "$(dirname "$0")/../.."
make --no-print-directory kernel guests >/dev/null
loops=${1:-10000}
log=$(mktemp); trap 'rm -f "$log"' EXIT
SERIAL=$log QEMU_EXTRA="-icount shift=0,sleep=off" HOST_SMP=1 TIMEOUT=300 \
    tools/run-guest.sh build/guests/exitcost.elf "$loops" >/dev/null || true
echo "QuantaVirt exit cost, instructions per round trip (QEMU -icount shift=0, $loops loops):"
grep -ao 'exit-cost [a-z]*: [0-9]*' "$log" | sed 's/^exit-cost /  /'
grep -q 'exit-cost cpuid' "$log" || { echo "no result; serial log:"; tail -20 "$log"; exit 1; }
