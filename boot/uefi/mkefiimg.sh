#!/usr/bin/env bash
# mkefiimg.sh OUT.img BOOTX64.EFI KERNEL.elf [CMDLINE] [--module FILE STRING | FILE]...
# A FAT (ESP) disk image, made with mtools, that OVMF boots through its
# removable-media path \EFI\BOOT\BOOTX64.EFI. The kernel and every module are
# signed with the build's ML-DSA-65 key (BOOT_SK, default build/keys/) next to
# them as NAME.sig; BOOT.CFG carries the command line and module strings.
# Env: QVPQC (qv-pqc binary), BOOT_SK, EFI_IMG_MB (image size, MiB).
set -eu
out=$1 stub=$2 kernel=$3 cmdline=${4:-}
shift 3; [ $# -gt 0 ] && shift
QVPQC=${QVPQC:-build/host/qv-pqc}
BOOT_SK=${BOOT_SK:-build/keys/boot-mldsa65.sk}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/QUANTAVIRT"
sign() { "$QVPQC" sign ML-DSA-65 --sk "$BOOT_SK" "$1" --out "$1.sig" >/dev/null; }
cp "$kernel" "$dir/QUANTAVIRT/quantavirt.elf"; sign "$dir/QUANTAVIRT/quantavirt.elf"
{ echo "# QuantaVirt UEFI boot configuration (boot/common/bootcfg_uefi.h)"
  echo "kernel quantavirt.elf"
  echo "cmdline $cmdline"; } > "$dir/QUANTAVIRT/BOOT.CFG"
i=0
while [ $# -gt 0 ]; do
    if [ "$1" = --module ]; then
        [ $# -ge 3 ] || { echo "mkefiimg: --module needs FILE and STRING" >&2; exit 2; }
        file=$2 string=$3; shift 3
    else
        file=$1 string=$(basename "$1"); shift
    fi
    [ -f "$file" ] || { echo "mkefiimg: no such module file: $file" >&2; exit 2; }
    cp "$file" "$dir/QUANTAVIRT/mod$i"; sign "$dir/QUANTAVIRT/mod$i"
    echo "module mod$i $string" >> "$dir/QUANTAVIRT/BOOT.CFG"
    i=$((i + 1))
done
total=$(du -sm "$dir" | cut -f1)
mb=${EFI_IMG_MB:-$((total + 8))}; [ "$mb" -lt 34 ] && mb=34   # FAT32 minimum-ish
rm -f "$out"
dd if=/dev/zero of="$out" bs=1M count="$mb" status=none
mkfs.fat -F 32 -n QVESP "$out" >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$out" ::/EFI ::/EFI/BOOT ::/QUANTAVIRT
mcopy -i "$out" "$stub" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$out" "$dir"/QUANTAVIRT/* ::/QUANTAVIRT/
