#!/usr/bin/env bash
# Reference run of the Linux guest on plain QEMU (no QuantaVirt): QEMU's
# "microvm" machine with ACPI describes its virtio-mmio devices in the DSDT,
# the same way QuantaVirt's platform does, so the same kernel, initramfs and
# markers can be compared. Usage:
#   run-qemu.sh TEST        TEST = qv.test value: all, blk, console, rng, shell
#   run-qemu.sh net         two VMs (net-a, net-b) joined by a QEMU socket netdev
# Environment: OUT (default build/linux), TIMEOUT (s, default 120),
# SMP (default 2), LOG (serial log prefix, default $OUT/qemu).
# Exits non-zero when a guest prints "FAILED" or no "QV-LINUX: done failed=0".
set -uo pipefail

OUT=${OUT:-build/linux}
test=${1:-all}
LOG=${LOG:-$OUT/qemu}
die() { echo "run-qemu.sh: error: $*" >&2; exit 2; }
for f in bzImage initramfs.cpio.gz disk.img; do
    [[ -f $OUT/$f ]] || die "$OUT/$f missing: make linux-guest"
done
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not installed"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT

# vm NAME QV_TEST EXTRA-QEMU-ARGS...
vm() {
    local name=$1 t=$2
    shift 2
    local serial=stdio
    [[ $t == shell ]] || serial=file:$LOG-$name.log
    timeout --foreground "${TIMEOUT:-120}" qemu-system-x86_64 \
        -M microvm,acpi=on,rtc=on -accel tcg -cpu max -smp "${SMP:-2}" -m 256M \
        -nodefaults -no-user-config -display none -no-reboot \
        -kernel "$OUT/bzImage" -initrd "$OUT/initramfs.cpio.gz" \
        -append "console=ttyS0 tsc_early_khz=1000000 quiet qv.test=$t" \
        -serial "$serial" "$@"
}
check() {
    local log=$LOG-$1.log
    grep -a 'QV-LINUX:' "$log" | grep -v ': module '
    ! grep -aq 'QV-LINUX: .*FAILED' "$log" && grep -aq 'QV-LINUX: done failed=0' "$log"
}

if [[ $test == net ]]; then
    port=$((20000 + RANDOM % 10000))
    vm net-a net-a -netdev socket,id=n,listen=127.0.0.1:$port \
        -device virtio-net-device,netdev=n,mac=52:54:00:00:00:01 </dev/null >/dev/null 2>&1 &
    pids+=($!)
    sleep 1
    vm net-b net-b -netdev socket,id=n,connect=127.0.0.1:$port \
        -device virtio-net-device,netdev=n,mac=52:54:00:00:00:02 </dev/null >/dev/null 2>&1
    wait "${pids[0]}"
    check net-a && check net-b
    exit
fi

# virtio-console peer: a socket that echoes every byte (the guest's console
# test expects its line back).
cp "$OUT/disk.img" "$work/disk.img"
python3 - "$work/echo.sock" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(1)
c, _ = s.accept()
while (d := c.recv(4096)):
    c.sendall(d)
PY
pids+=($!)
for _ in $(seq 50); do [[ -S $work/echo.sock ]] && break; sleep 0.1; done
vm main "$test" -drive id=d,file="$work/disk.img",format=raw,if=none \
    -device virtio-blk-device,drive=d -device virtio-serial-device \
    -chardev socket,id=c,path="$work/echo.sock" -device virtconsole,chardev=c \
    -device virtio-rng-device
[[ $test == shell ]] && exit 0
check main || exit 1
# The blk markers must match what mkdisk.sh computed on the host.
if [[ " $test " == *" all "* || $test == *blk* ]]; then
    while read -r key hash; do
        grep -aq "QV-LINUX: $key.* $hash" "$LOG-main.log" ||
            { echo "run-qemu.sh: guest did not print '$key ... $hash'"; exit 1; }
    done < "$OUT/disk.expect"
    echo "run-qemu.sh: blk hashes match $OUT/disk.expect"
fi
