#!/usr/bin/env bash
# make bench-pqc: builds build/host/pqc-bench from bench/pqc/main.c +
# bench/pqc/bench_*.c + every PQC source with the hypervisor's code
# generation (-O2 -mgeneral-regs-only -mno-red-zone: no SIMD) and runs it.
# Arguments go to pqc-bench: [-n RUNS] [FILTER].
set -u
cd "$(dirname "$0")/../.." || exit 1
srcs=$(make --no-print-directory -s --eval 'qv-print-pqc-srcs: ; @echo $(PQC_HOST_SRCS)' qv-print-pqc-srcs) ||
    { echo "bench-pqc: cannot get the PQC source list"; exit 1; }
mkdir -p build/host
# shellcheck disable=SC2086
gcc -std=c11 -O2 -g -mgeneral-regs-only -mno-red-zone -fno-strict-aliasing -Wall -Wextra -Werror \
    -Ihypervisor -Ibench/pqc -DQV_HOST -D_DEFAULT_SOURCE -o build/host/pqc-bench \
    bench/pqc/main.c $(ls bench/pqc/bench_*.c) $srcs || exit 1
exec build/host/pqc-bench "$@"
