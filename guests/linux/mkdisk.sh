#!/usr/bin/env bash
# Test disk for the Linux guest's blk test (docs/linux-guest.md).
# Writes $OUT/disk.img (default build/linux, 4 MiB = 8192 sectors): every
# 512-byte sector s holds 32 lines "QVD:<s as %08x> <line as %02x>\n" (16 bytes
# each), so any sector read from the wrong place is visible. And
# $OUT/disk.expect, the markers a correct guest prints with the default
# qv.blk_sectors=2048 / qv.blk_sector=4096:
#   blk-read <sha256 of sectors 0..2047>
#   blk-write <sha256 of the 4 KiB pattern init.sh writes at sector 4096>
set -euo pipefail

OUT=${OUT:-build/linux}
SECTORS=8192
READ_SECTORS=2048
mkdir -p "$OUT"
awk -v n=$SECTORS 'BEGIN { for (s = 0; s < n; s++) for (l = 0; l < 32; l++)
                               printf "QVD:%08x %02x\n", s, l }' > "$OUT/disk.img.tmp"
[[ $(stat -c %s "$OUT/disk.img.tmp") -eq $((SECTORS * 512)) ]] ||
    { echo "mkdisk.sh: error: pattern has the wrong size" >&2; exit 1; }
mv "$OUT/disk.img.tmp" "$OUT/disk.img"

# Same pattern as blk_pattern() in init.sh.
pattern() { for ((i = 0; i < 256; i++)); do printf 'QV-LINUX-PAT%03x\n' $i; done; }
{
    echo "blk-read $(head -c $((READ_SECTORS * 512)) "$OUT/disk.img" | sha256sum | cut -d' ' -f1)"
    echo "blk-write $(pattern | sha256sum | cut -d' ' -f1)"
} > "$OUT/disk.expect"
echo "mkdisk.sh: $OUT/disk.img ($SECTORS sectors), expected markers in $OUT/disk.expect"
