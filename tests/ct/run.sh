#!/usr/bin/env bash
# make ct-check: builds build/host/pqc-ct (tests/ct/ct_main.c + tests/ct/ct_*.c
# + every PQC source, host gcc -O2 -g, no sanitizers) and runs each case under
# valgrind memcheck with secrets marked undefined; any branch or memory index
# depending on a secret is a failure. `run.sh --selftest` instead builds the
# deliberately leaky cases of ct_main.c and requires valgrind to flag them.
set -u
cd "$(dirname "$0")/../.." || exit 1
command -v valgrind >/dev/null || { echo "ct-check: valgrind not installed"; exit 1; }
[ -f /usr/include/valgrind/memcheck.h ] || { echo "ct-check: valgrind headers missing"; exit 1; }

selftest=0
[ "${1:-}" = "--selftest" ] && selftest=1
# The PQC source list lives in mk/pqc.mk (PQC_HOST_SRCS); ask make for it.
srcs=$(make --no-print-directory -s --eval 'qv-print-pqc-srcs: ; @echo $(PQC_HOST_SRCS)' qv-print-pqc-srcs) ||
    { echo "ct-check: cannot get the PQC source list"; exit 1; }
mkdir -p build/host
if [ $selftest -eq 1 ]; then
    bin=build/host/pqc-ct-selftest
    gcc -std=c11 -O2 -g -Wall -Wextra -Werror -Ihypervisor -Itests/ct -DQV_HOST -D_DEFAULT_SOURCE \
        -DCT_SELFTEST -o $bin tests/ct/ct_main.c || exit 1
else
    bin=build/host/pqc-ct
    # QV_CT_CHECK turns on the declassification hooks of the PQC code (e.g.
    # MLKEM_DECLASSIFY in hypervisor/pqc/mlkem/ct.h, which marks only values
    # that are published anyway, such as the matrix seed rho, as defined).
    # Every other build leaves them empty.
    # shellcheck disable=SC2086
    gcc -std=c11 -O2 -g -Wall -Wextra -Werror -Ihypervisor -Itests/ct -DQV_HOST -D_DEFAULT_SOURCE \
        -DQV_CT_CHECK -o $bin tests/ct/ct_main.c $(ls tests/ct/ct_*.c | grep -v '/ct_main\.c$') $srcs || exit 1
fi

pass=0; fail=0
for c in $($bin --list); do
    log=build/host/ct-$c.log
    if valgrind -q --error-exitcode=1 --track-origins=yes --log-file="$log" $bin "$c" >/dev/null; then
        ok=1
    else
        ok=0
    fi
    if [ $selftest -eq 1 ] && [ "${c#selftest_bad}" != "$c" ]; then
        ok=$((1 - ok))       # a leaky self-test case must be flagged
        grep -qE 'Conditional jump|uninitialised value' "$log" || ok=0
    fi
    if [ $ok -eq 1 ]; then
        echo "ct $c: ok"; pass=$((pass + 1))
    else
        echo "ct $c: FAILED (valgrind log $log)"; sed -n '1,25p' "$log"; fail=$((fail + 1))
    fi
done
echo "RESULT ct-check passed=$pass failed=$fail"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
