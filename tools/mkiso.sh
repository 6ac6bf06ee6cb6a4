#!/usr/bin/env bash
# mkiso.sh OUT.iso KERNEL.elf [CMDLINE] [MODULE...]: a GRUB (BIOS) ISO that boots
# the kernel through Multiboot2 with the given command line and modules.
set -eu
out=$1 kernel=$2 cmdline=${3:-} ; shift 2; [ $# -gt 0 ] && shift
dir=$(mktemp -d); log=$(mktemp); trap 'rm -rf "$dir" "$log"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/quantavirt.elf"
{
    echo "set timeout=0"
    echo "set default=0"
    echo "serial --unit=0 --speed=115200"
    echo "terminal_output serial"
    echo "menuentry QuantaVirt {"
    echo "  multiboot2 /boot/quantavirt.elf $cmdline"
    i=0
    for m in "$@"; do
        cp "$m" "$dir/boot/mod$i"; echo "  module2 /boot/mod$i $(basename "$m")"; i=$((i + 1))
    done
    echo "  boot"
    echo "}"
} > "$dir/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$dir" >"$log" 2>&1 || { cat "$log"; exit 1; }
