#!/usr/bin/env bash
# mkiso.sh OUT.iso KERNEL.elf [CMDLINE] [--module FILE STRING | FILE]...
# A GRUB (BIOS) ISO that boots the kernel through Multiboot2 with the given
# command line and modules (each with STRING, or its file name, as its
# Multiboot2 module string).
set -eu
out=$1 kernel=$2 cmdline=${3:-}
shift 2; [ $# -gt 0 ] && shift
dir=$(mktemp -d); log=$(mktemp); trap 'rm -rf "$dir" "$log"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/quantavirt.elf"
entries=
i=0
while [ $# -gt 0 ]; do
    if [ "$1" = --module ]; then
        [ $# -ge 3 ] || { echo "mkiso: --module needs FILE and STRING" >&2; exit 2; }
        file=$2 string=$3; shift 3
    else
        file=$1 string=$(basename "$1"); shift
    fi
    [ -f "$file" ] || { echo "mkiso: no such module file: $file" >&2; exit 2; }
    cp "$file" "$dir/boot/mod$i"
    entries="$entries  module2 /boot/mod$i $string
"
    i=$((i + 1))
done
{
    echo "set timeout=0"
    echo "set default=0"
    echo "serial --unit=0 --speed=115200"
    echo "terminal_output serial"
    echo "menuentry QuantaVirt {"
    echo "  multiboot2 /boot/quantavirt.elf $cmdline"
    printf '%s' "$entries"
    echo "  boot"
    echo "}"
} > "$dir/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$dir" >"$log" 2>&1 || { cat "$log"; exit 1; }
