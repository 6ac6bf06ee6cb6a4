#!/usr/bin/env bash
# boot_uefi.sh: the QuantaVirt UEFI stub (boot/uefi) under OVMF in QEMU (TCG).
# Boots the signed hypervisor from a FAT image to its banner (with and
# without a module), and checks that a tampered kernel, a tampered module, a
# missing signature and a truncated (re-signed) kernel are each refused with a
# message naming the file and no jump. Needs `make efi-image` built first
# (build/BOOTX64.EFI, build/keys/, build/host/qv-pqc, build/quantavirt.elf).
# test=boot makes the hypervisor exit QEMU with status 1 after its banner;
# a refusal powers the machine off (status 0). Ends with
# "RESULT boot-uefi passed=N failed=M".
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
QEMU=${QEMU:-qemu-system-x86_64}
OVMF=${OVMF:-/usr/share/OVMF/OVMF_CODE.fd}
TIMEOUT=${TIMEOUT:-60}
export QVPQC=$B/host/qv-pqc BOOT_SK=$B/keys/boot-mldsa65.sk MTOOLS_SKIP_CHECK=1
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
pass=0 fail=0

for f in "$B/BOOTX64.EFI" "$B/quantavirt.elf" "$QVPQC" "$BOOT_SK" "$OVMF"; do
    [ -e "$f" ] || { echo "boot-uefi: missing $f (run make efi-image)"; echo "RESULT boot-uefi passed=0 failed=1"; exit 1; }
done

# run NAME IMG WANT_RC PATTERN... / !PATTERN (must not appear)
run() {
    local name=$1 img=$2 want=$3; shift 3
    local log=$W/$name.log ok=1
    timeout --foreground -k 5 "$TIMEOUT" "$QEMU" -accel tcg -cpu qemu64,+svm,+npt,+rdrand \
        -m 512 -smp 1 -nographic -no-reboot -nic none \
        -drive if=pflash,format=raw,readonly=on,file="$OVMF" -drive file="$img",format=raw \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null 2>&1 |
        sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' >"$log"
    local rc=${PIPESTATUS[0]}
    [ "$rc" = "$want" ] || { echo "  $name: exit status $rc, want $want"; ok=0; }
    for p in "$@"; do
        if [ "${p#!}" != "$p" ]; then
            ! grep -qE -- "${p#!}" "$log" || { echo "  $name: unexpected: ${p#!}"; ok=0; }
        else
            grep -qE -- "$p" "$log" || { echo "  $name: missing: $p"; ok=0; }
        fi
    done
    if [ $ok = 1 ]; then echo "PASS $name"; pass=$((pass + 1));
    else echo "FAIL $name (log follows)"; tail -25 "$log"; fail=$((fail + 1)); fi
}

# An image whose \QUANTAVIRT\FILE is replaced by the given local file.
replace() { cp "$1" "$2"; mcopy -o -i "$2" "$3" "::/QUANTAVIRT/$4"; }

mod=$W/module.bin; head -c 200000 /dev/urandom >"$mod"
boot/uefi/mkefiimg.sh "$W/plain.img" "$B/BOOTX64.EFI" "$B/quantavirt.elf" "test=boot"
boot/uefi/mkefiimg.sh "$W/mod.img" "$B/BOOTX64.EFI" "$B/quantavirt.elf" "test=boot" \
    --module "$mod" "linux-kernel console=ttyS0"

BANNER="QuantaVirt 0.1.0 - bare-metal"
run plain "$W/plain.img" 1 "quantavirt.elf: [0-9]+ bytes, ML-DSA-65 signature OK" \
    "measured quantavirt.elf sha3-256=[0-9a-f]{64}" "$BANNER" "loader: QuantaVirt UEFI stub" \
    "Memory: +[0-9]+ MiB usable" "Modules: 0" "QV-TEST boot: PASS"
run module "$W/mod.img" 1 "mod0: 200000 bytes, ML-DSA-65 signature OK" "$BANNER" \
    "Modules: 1" "QV-TEST boot: PASS"

# Tampered kernel: one byte flipped in the middle; signature unchanged.
cp "$B/quantavirt.elf" "$W/k.elf"
off=$(( $(stat -c %s "$W/k.elf") / 2 ))
b=$(od -An -tu1 -j "$off" -N1 "$W/k.elf" | tr -d ' ')
printf "$(printf '\\%03o' $(( (b ^ 1) & 255 )))" | dd of="$W/k.elf" bs=1 seek="$off" conv=notrunc status=none
replace "$W/plain.img" "$W/tk.img" "$W/k.elf" quantavirt.elf
run tampered-kernel "$W/tk.img" 0 "BOOT REFUSED: quantavirt.elf: ML-DSA-65 signature does not verify" \
    "!QuantaVirt 0.1.0 starting"

# Tampered module: its last byte changed.
cp "$mod" "$W/m.bin"; printf 'X' | dd of="$W/m.bin" bs=1 seek=199999 conv=notrunc status=none
cmp -s "$mod" "$W/m.bin" && printf 'Y' | dd of="$W/m.bin" bs=1 seek=199999 conv=notrunc status=none
replace "$W/mod.img" "$W/tm.img" "$W/m.bin" mod0
run tampered-module "$W/tm.img" 0 "BOOT REFUSED: mod0: ML-DSA-65 signature does not verify" \
    "!QuantaVirt 0.1.0 starting"

# Missing signature file.
cp "$W/plain.img" "$W/ns.img"; mdel -i "$W/ns.img" ::/QUANTAVIRT/quantavirt.elf.sig
run no-signature "$W/ns.img" 0 "BOOT REFUSED: quantavirt.elf: no signature file" \
    "!QuantaVirt 0.1.0 starting"

# Truncated kernel, correctly signed: the ELF checks must reject it clearly.
head -c 300000 "$B/quantavirt.elf" >"$W/trunc.elf"
boot/uefi/mkefiimg.sh "$W/trunc.img" "$B/BOOTX64.EFI" "$W/trunc.elf" "test=boot"
run truncated-kernel "$W/trunc.img" 0 "BOOT REFUSED: quantavirt.elf: truncated: segment" \
    "!QuantaVirt 0.1.0 starting"

# Not an ELF at all, correctly signed.
head -c 4096 /dev/urandom >"$W/junk.elf"
boot/uefi/mkefiimg.sh "$W/junk.img" "$B/BOOTX64.EFI" "$W/junk.elf" "test=boot"
run malformed-kernel "$W/junk.img" 0 "BOOT REFUSED: quantavirt.elf: not an ELF file" \
    "!QuantaVirt 0.1.0 starting"

echo "RESULT boot-uefi passed=$pass failed=$fail"
[ "$fail" = 0 ]
