#!/usr/bin/env bash
# Integration tests: boot the hypervisor image under QEMU (TCG, SVM+NPT) with a
# timeout and check its serial output and exit status. A failing test prints
# the last serial lines. Ends with "RESULT integration passed=N failed=M".
#
# Exit status of QEMU with isa-debug-exit = (code << 1) | 1, so the kernel's
# QV_EXIT_* codes (core/debug/panic.h) map to: SUCCESS 0 -> 1, NOVMX 3 -> 7,
# EXCEPTION 0x10 -> 33, PANIC 0x11 -> 35, TEST_FAILED 0x12 -> 37.
set -u
cd "$(dirname "$0")/../.."
B=build/it
mkdir -p "$B"
KERNEL=build/quantavirt.elf
QEMU=${QEMU:-qemu-system-x86_64}
TIMEOUT=${IT_TIMEOUT:-60}
pass=0; fail=0

iso_for() { # iso_for NAME CMDLINE -> path of an ISO with that command line
    local iso="$B/$1.iso"
    if [ ! -f "$iso" ] || [ "$KERNEL" -nt "$iso" ]; then
        tools/mkiso.sh "$iso" "$KERNEL" "$2" || return 1
    fi
    echo "$iso"
}

# run_case NAME CMDLINE EXPECTED_STATUS "QEMU ARGS" PATTERN...
# Every PATTERN (extended regex) must appear in the serial log.
run_case() {
    local name=$1 cmdline=$2 want=$3 qargs=$4; shift 4
    local iso log status why=
    iso=$(iso_for "$name" "$cmdline") || { echo "FAIL $name: cannot build ISO"; fail=$((fail + 1)); return; }
    log="$B/$name.serial"
    # shellcheck disable=SC2086
    timeout --foreground -k 5 "$TIMEOUT" "$QEMU" -accel tcg -nographic -no-reboot -nic none \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial "file:$log" -monitor none \
        -display none -cdrom "$iso" -boot d $qargs </dev/null >"$B/$name.qemu" 2>&1
    status=$?
    [ "$status" = 124 ] && why="timed out after ${TIMEOUT}s"
    [ -z "$why" ] && [ "$status" != "$want" ] && why="exit status $status, expected $want"
    for pat in "$@"; do
        [ -n "$why" ] && break
        grep -Eq -- "$pat" "$log" 2>/dev/null || why="serial output lacks /$pat/"
    done
    if [ -z "$why" ]; then
        echo "PASS $name"
        pass=$((pass + 1))
    else
        echo "FAIL $name: $why"
        echo "---- last serial lines of $name ($log) ----"
        tail -n 40 "$log" 2>/dev/null | sed 's/^/    /'
        sed 's/^/    qemu: /' "$B/$name.qemu" | tail -n 5
        echo "----"
        fail=$((fail + 1))
    fi
}

SVM="-cpu qemu64,+svm,+npt"
BOOT_OK=("QV-TEST boot: PASS" "NPT=yes")

run_case smp1-512m "test=boot" 1 "$SVM -smp 1 -m 512" "${BOOT_OK[@]}" "CPUs: +1 online"
run_case smp2-512m "test=boot" 1 "$SVM -smp 2 -m 512" "${BOOT_OK[@]}" "CPUs: +2 online" "cross-CPU function calls answered by all 1 APs"
run_case smp4-512m "test=boot" 1 "$SVM -smp 4 -m 512" "${BOOT_OK[@]}" "CPUs: +4 online" "answered by all 3 APs"
run_case mem128m "test=boot" 1 "$SVM -smp 2 -m 128" "${BOOT_OK[@]}" "Memory: +12[0-7] MiB usable"
run_case mem2g "test=boot" 1 "$SVM -smp 2 -m 2048" "${BOOT_OK[@]}" "Memory: +20[0-4][0-9] MiB usable"
run_case q35-iommu "test=boot" 1 "$SVM -smp 2 -m 512 -machine q35 -device intel-iommu" \
    "${BOOT_OK[@]}" "ACPI: .*MCFG" "ACPI: .*DMAR"
run_case no-svm "test=boot" 7 "-cpu qemu64,-svm -smp 1 -m 256" \
    "Error: QV_ERR_NOVMX \(-3\): " "cannot run virtual machines"
run_case fault "test=fault" 33 "$SVM -smp 2 -m 256" \
    "EXCEPTION #PF page fault" "faulting address \(CR2\) 0x0000700000000000" \
    "RIP 0x[0-9a-f]+ scenario_fault\+" "backtrace:" "#1 0x[0-9a-f]+ test_run_scenario\+" "RAX 0x"
run_case panic "test=panic" 35 "$SVM -smp 2 -m 256" \
    "PANIC: deliberate panic \(test=panic\)" "---- log ring \(oldest first\) ----" \
    "log-ring-only marker" "QuantaVirt 0\.[0-9.]+ starting" "---- end of log ring ----"
# Guests under the SVM engine (built-in images, guests/builtin/).
run_case vm-hello "test=vm-hello" 1 "$SVM -smp 1 -m 256" "QV-TEST vm-hello: PASS" \
    "hello\| CPUID 0x40000000 signature: QuantaVirt" "hello\| this line came through the console-write hypercall" \
    "vm hello ended: exit-port, exit code 0"
run_case vm-isolation "test=vm-isolation" 1 "$SVM -smp 2 -m 256" "QV-TEST vm-isolation: PASS" \
    "vm crasher ended: triple-fault" "vm intruder ended: bad-memory-access" \
    "guest read of guest-physical 0x90000, which the VM does not own" "vm worker ended: exit-port, exit code 0"
run_case vm-lifecycle "test=vm-lifecycle" 1 "$SVM -smp 1 -m 256" "QV-TEST vm-lifecycle: PASS"
run_case bad-test "test=nosuch" 37 "$SVM -smp 1 -m 256" "QV-TEST nosuch: FAIL: no such scenario"

# In-tree test guests (guests/README.md) through tools/run-guest.sh:
# run_guest NAME IMAGE EXPECTED_EXIT PATTERN...
run_guest() {
    local name=$1 image=$2 want=$3; shift 3
    local log="$B/guest-$name.serial" status why=
    SERIAL=$log TIMEOUT=$TIMEOUT tools/run-guest.sh "$image" >"$B/guest-$name.out" 2>&1
    status=$?
    [ "$status" = "$want" ] || why="exit code $status, expected $want"
    for pat in "$@"; do
        [ -n "$why" ] && break
        grep -aEq -- "$pat" "$log" || why="serial output lacks /$pat/"
    done
    if [ -z "$why" ]; then
        echo "PASS guest-$name"; pass=$((pass + 1))
    else
        echo "FAIL guest-$name: $why"
        echo "---- last serial lines of guest-$name ($log) ----"
        tail -n 30 "$log" 2>/dev/null | sed 's/^/    /'
        echo "----"; fail=$((fail + 1))
    fi
}
G=build/guests
run_guest cpuid $G/cpuid.elf 0 "SUMMARY: 5 passed, 0 failed" "QV-GUEST guest: exit-port, exit code 0"
run_guest io $G/io.elf 0 "PASS: io-rep-insb" "PASS: io-rep-outsb" "SUMMARY: 6 passed, 0 failed"
run_guest msr $G/msr.elf 0 "SUMMARY: 6 passed, 0 failed"
run_guest mmio $G/mmio.elf 0 "SUMMARY: 62 passed, 0 failed"
run_guest hypercall $G/hypercall.elf 0 "SUMMARY: 5 passed, 0 failed" "QV-GUEST guest: exit-hypercall, exit code 0"
run_guest longmode $G/longmode.elf 0 "SUMMARY: 4 passed, 0 failed"
run_guest realmode $G/realmode.bin 0 "realmode: running 16-bit real-mode code" "SUMMARY: 2 passed, 0 failed"
run_guest unmapped $G/unmapped.elf 126 "guest read of guest-physical 0xe0000000, which the VM does not own" \
    "QV-GUEST guest: bad-memory-access"
run_guest triplefault $G/triplefault.elf 126 "triplefault: loading an empty IDT" "QV-GUEST guest: triple-fault"
run_guest exitcost $G/exitcost.elf 0 "exit-cost cpuid: [0-9]+" "SUMMARY: 3 passed, 0 failed"

echo "RESULT integration passed=$pass failed=$fail"
[ "$fail" -eq 0 ]
