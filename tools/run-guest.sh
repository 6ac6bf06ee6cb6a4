#!/usr/bin/env bash
# run-guest.sh KERNEL [ARGS] : boot QuantaVirt under QEMU with KERNEL as its
# guest and exit with the guest's exit code (126 if the guest crashed or could
# not start, 124 on timeout). Environment: SMP (guest vCPUs, default 1), MEM
# (guest RAM, default 128M), MODULE (file handed to the guest as its Multiboot
# module), HOST_SMP (emulated CPUs, default 2), HOST_MEM (default 512M),
# TIMEOUT (seconds, default 120), QEMU_EXTRA, SERIAL (log file; default: the
# terminal).
set -u
kernel=${1:?usage: run-guest.sh KERNEL [ARGS]}
args=${2:-}
here=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$kernel" ] || { echo "run-guest: no such kernel image: $kernel" >&2; exit 2; }
[ -z "${MODULE:-}" ] || [ -f "$MODULE" ] || { echo "run-guest: no such module: $MODULE" >&2; exit 2; }
case "${SMP:-1}" in ''|*[!0-9]*) echo "run-guest: SMP must be a number" >&2; exit 2;; esac
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
name=$(basename "$kernel")
cp "$kernel" "$work/$name"
mods=("$work/$name")
[ -n "${MODULE:-}" ] && { cp "$MODULE" "$work/module"; mods+=("$work/module"); }
# Module strings carry the roles (hypervisor/core/vm/guest_boot.h); the
# guest's command line starts with its program name.
"$here/tools/mkiso.sh" "$work/guest.iso" "$here/build/quantavirt.elf" \
    "guest_mem=${MEM:-128M} guest_smp=${SMP:-1}" \
    --module "$work/$name" "guest-kernel $name $args" \
    ${MODULE:+--module "$work/module" "guest-module $(basename "$MODULE")"} || exit 2
serial=${SERIAL:-stdio}
[ "$serial" = stdio ] || serial="file:$serial"
timeout --foreground -k 5 "${TIMEOUT:-120}" qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt \
    -smp "${HOST_SMP:-2}" -m "${HOST_MEM:-512M}" -display none -no-reboot -nic none \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial "$serial" -monitor none \
    -cdrom "$work/guest.iso" -boot d ${QEMU_EXTRA:-} </dev/null
status=$?
case $status in
    124) echo "run-guest: timed out" >&2; exit 124 ;;
    0) echo "run-guest: the machine reset (triple fault in the hypervisor?)" >&2; exit 126 ;;
esac
exit $(( (status - 1) / 2 ))
