#!/usr/bin/env bash
# mkdisk.sh OUT.img KERNEL.elf [CMDLINE] [--module FILE STRING | FILE]...
# Same arguments as tools/mkiso.sh, but builds a raw disk image for the own
# BIOS loader: signs the kernel and each module with build/keys/boot-mldsa65.sk (BOOT_SK)
# (qv-pqc, ML-DSA-65, context "QuantaVirt image v1") and lays everything out
# with build/host/mkdisk. Needs `make bios-loader tools boot-keys` first.
set -eu
B=${BUILD:-build}
SK=${BOOT_SK:-$B/keys/boot-mldsa65.sk}
[ $# -ge 2 ] || { echo "usage: mkdisk.sh OUT.img KERNEL.elf [CMDLINE] [--module FILE STRING | FILE]..." >&2; exit 2; }
out=$1 kernel=$2 cmdline=${3:-}
shift 2; [ $# -gt 0 ] && shift
for f in "$B/host/mkdisk" "$B/host/qv-pqc" "$SK" "$B/bios/stage1.bin" "$B/bios/stage2.bin"; do
    [ -e "$f" ] || { echo "mkdisk.sh: missing $f (run: make bios-loader tools boot-keys)" >&2; exit 2; }
done
[ -f "$kernel" ] || { echo "mkdisk.sh: no such hypervisor image: $kernel" >&2; exit 2; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
sign() { "$B/host/qv-pqc" sign ML-DSA-65 --sk "$SK" "$1" --out "$2" >/dev/null; }
sign "$kernel" "$dir/kernel.sig"
args=(-o "$out" --stage1 "$B/bios/stage1.bin" --stage2 "$B/bios/stage2.bin"
      --kernel "$kernel" "$dir/kernel.sig" --cmdline "$cmdline")
i=0
while [ $# -gt 0 ]; do
    if [ "$1" = --module ]; then
        [ $# -ge 3 ] || { echo "mkdisk.sh: --module needs FILE and STRING" >&2; exit 2; }
        file=$2 string=$3; shift 3
    else
        file=$1 string=$(basename "$1"); shift
    fi
    [ -f "$file" ] || { echo "mkdisk.sh: no such module file: $file" >&2; exit 2; }
    sign "$file" "$dir/mod$i.sig"
    args+=(--module "$file" "$dir/mod$i.sig" "$string")
    i=$((i + 1))
done
exec "$B/host/mkdisk" "${args[@]}"
