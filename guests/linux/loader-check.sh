#!/usr/bin/env bash
# End-to-end check of the hypervisor's Linux loader on plain QEMU (no
# QuantaVirt): build/host/linux_boot_image runs load_linux_bzimage on the
# Debian kernel and the initramfs, a Multiboot stub replays its writes and
# enters the kernel with only the loader's GDT, page tables and boot_params
# (loader-check/stub.asm). Passes when /init runs the rng test and reports
# "done failed=0" through the test-exit port (qv.exit_port=0xf4).
# Environment: OUT (default build/linux), BUILD (default build), TIMEOUT.
set -uo pipefail

OUT=${OUT:-build/linux}
BUILD=${BUILD:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
tool=$BUILD/host/linux_boot_image
die() { echo "loader-check.sh: error: $*" >&2; exit 2; }
for f in "$OUT/bzImage" "$OUT/initramfs.cpio.gz" "$tool"; do
    [[ -f $f ]] || die "$f missing (make linux-guest tools)"
done
command -v nasm >/dev/null || die "nasm not installed"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not installed"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 255 MiB of the machine's 256: the top stays the firmware's. acpi=off: the
# firmware's ACPI tables are not in the loader's e820 map.
cmdline="console=ttyS0 acpi=off tsc_early_khz=1000000 quiet qv.test=rng qv.exit_port=0xf4"
entry=$("$tool" "$OUT/bzImage" "$OUT/initramfs.cpio.gz" "$cmdline" 255 "$work/mem.bin") ||
    die "the loader refused the kernel"
nasm -f elf32 -DENTRY="$entry" -o "$work/stub.o" "$HERE/loader-check/stub.asm" || exit 2
ld -m elf_i386 -Ttext=0x200000 -e _start -o "$work/stub.elf" "$work/stub.o" || exit 2
timeout --foreground "${TIMEOUT:-120}" qemu-system-x86_64 -accel tcg -cpu max -m 256M \
    -display none -no-reboot -nic none -monitor none -kernel "$work/stub.elf" \
    -initrd "$work/mem.bin" -device virtio-rng-pci \
    -device isa-debug-exit,iobase=0xf4,iosize=4 -serial "file:$work/serial.log" </dev/null
status=$?
grep -a 'QV-LINUX:' "$work/serial.log" | grep -v ': module '
# isa-debug-exit: QEMU exits with (byte << 1) | 1; the byte is the failure count.
if [[ $status -eq 1 ]] && grep -aq 'QV-LINUX: rng ok' "$work/serial.log"; then
    echo "RESULT linux_loader_check passed=1 failed=0"
    exit 0
fi
tail -n 30 "$work/serial.log"
echo "loader-check.sh: QEMU exit status $status"
echo "RESULT linux_loader_check passed=0 failed=1"
exit 1
