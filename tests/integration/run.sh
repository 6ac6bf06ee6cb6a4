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

# The stock Debian kernel (guests/linux/, fetched with apt-get download and
# cached in build/linux) under the PC platform:
# run_linux NAME "HYPERVISOR ARGS" "KERNEL CMDLINE" PATTERN...
L=build/linux
run_linux() {
    local name=$1 hv=$2 kcl=$3; shift 3
    local iso="$B/$name.iso" log="$B/$name.serial" status why=
    tools/mkiso.sh "$iso" "$KERNEL" "exit_on_end guest_mem=256M $hv" \
        --module $L/bzImage "linux-kernel console=ttyS0 pci=off quiet $kcl" \
        --module $L/initramfs.cpio.gz linux-initrd --module $L/disk.img linux-disk ||
        { echo "FAIL $name: cannot build ISO"; fail=$((fail + 1)); return; }
    timeout --foreground -k 5 "$LINUX_TIMEOUT" "$QEMU" -accel tcg -cpu qemu64,+svm,+npt,+rdrand \
        -smp 2 -m 1024 -nographic -no-reboot -nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -serial "file:$log" -monitor none -display none -cdrom "$iso" -boot d </dev/null \
        >"$B/$name.qemu" 2>&1
    status=$?
    [ "$status" = 124 ] && why="timed out after ${LINUX_TIMEOUT}s"
    [ -z "$why" ] && [ "$status" != 1 ] && why="exit status $status, expected 1 (all VMs ended cleanly)"
    for pat in "$@"; do
        [ -n "$why" ] && break
        grep -aEq -- "$pat" "$log" || why="serial output lacks /$pat/"
    done
    if [ -z "$why" ]; then
        echo "PASS $name"; pass=$((pass + 1))
    else
        echo "FAIL $name: $why"
        echo "---- last serial lines of $name ($log) ----"
        tail -n 40 "$log" 2>/dev/null | sed 's/^/    /'
        echo "----"; fail=$((fail + 1))
    fi
}
LINUX_TIMEOUT=${LINUX_TIMEOUT:-240}
if make --no-print-directory -s linux-guest >"$B/linux-guest.log" 2>&1; then
    read -r _ blk_read < <(grep '^blk-read ' $L/disk.expect)
    read -r _ blk_write < <(grep '^blk-write ' $L/disk.expect)
    run_linux linux-1vcpu "vcon_echo" "qv.test=all" \
        "QV-LINUX: init started" "QV-LINUX: cpus 1 online" "QV-LINUX: blk-read $blk_read" \
        "QV-LINUX: blk-write ok $blk_write" "QV-LINUX: console ok" "QV-LINUX: rng ok [0-9a-f]{128}" \
        "QV-LINUX: done failed=0" "virtio-blk negotiated packed rings" \
        "QV-LINUX-VM linux-a: power-off, exit code 0"
    run_linux linux-2vcpu-split "vcon_echo guest_smp=2 virtio_packed=0" "qv.test=all" \
        "QV-LINUX: cpus 2 online 0-1" "QV-LINUX: blk-read $blk_read" "QV-LINUX: console ok" \
        "QV-LINUX: done failed=0" "virtio-blk negotiated split rings" \
        "QV-LINUX-VM linux-a: power-off, exit code 0"
    run_linux linux-net "linux_vms=2" "qv.test=net-@VM@" \
        "linux-a\| QV-LINUX: net ok 10.0.0.1 -> 10.0.0.2" "linux-b\| QV-LINUX: net ok 10.0.0.2 -> 10.0.0.1" \
        "QV-LINUX-VM linux-a: power-off, exit code 0" "QV-LINUX-VM linux-b: power-off, exit code 0"
else
    echo "FAIL linux-guest: cannot fetch/build the Debian kernel and initramfs:"
    tail -n 20 "$B/linux-guest.log" | sed 's/^/    /'
    fail=$((fail + 1))
fi

echo "RESULT integration passed=$pass failed=$fail"
[ "$fail" -eq 0 ]
