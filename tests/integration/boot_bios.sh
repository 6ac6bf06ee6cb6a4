#!/usr/bin/env bash
# Own BIOS boot path under SeaBIOS (QEMU), every run bounded by a timeout:
#  - a signed disk image with two modules reaches the hypervisor banner with
#    the same memory totals and modules as the GRUB ISO boot of the same files,
#  - a tampered hypervisor, module or signature byte is refused, naming the file,
#  - a truncated or malformed disk image gives a clear error, never a hang,
#  - mkdisk rejects bad inputs with a message.
# Needs: make kernel bios-loader tools boot-keys (done below).
# Ends with "RESULT boot-bios passed=N failed=M".
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
QEMU=${QEMU:-qemu-system-x86_64}
make --no-print-directory -s kernel bios-loader boot-keys "$B/host/mkdisk" "$B/host/qv-pqc" >/dev/null || {
    echo "boot-bios: build failed"; echo "RESULT boot-bios passed=0 failed=1"; exit 1; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     | /' "$2" | tail -15; }

run() { # run IMAGE LOG SECONDS
    timeout "$3" "$QEMU" -accel tcg -cpu qemu64,+svm,+npt,+rdrand -m 512 -nic none \
        -drive file="$1",format=raw -display none -serial stdio -no-reboot \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null >"$2" 2>&1
    echo $?
}

head -c 3000000 /dev/urandom >"$T/disk.bin"
printf 'name=test\nmem=64M\n' >"$T/vm.cfg"
MODS=(--module "$T/disk.bin" "linux-disk" --module "$T/vm.cfg" "vm-config test")
if ! tools/mkdisk/mkdisk.sh "$T/good.img" "$B/quantavirt.elf" "test=boot" "${MODS[@]}" >"$T/layout" 2>&1; then
    bad "mkdisk builds the image" "$T/layout"
    echo "RESULT boot-bios passed=$pass failed=$fail"; exit 1
fi
off() { awk -v f="$1" -v k="$2" '$2 == f { for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$T/layout"; }

# 1. good boot
rc=$(run "$T/good.img" "$T/good.log" 60)
if [ "$rc" = 1 ] && grep -aq "QV-TEST boot: PASS" "$T/good.log" && grep -aq "loader: QuantaVirt BIOS stage2" "$T/good.log"; then
    ok "signed image boots to the banner (test=boot PASS)"
else bad "signed image boots to the banner (rc=$rc)" "$T/good.log"; fi
if grep -aq "measurements logged" "$T/good.log" && [ "$(grep -ac "signature ok" "$T/good.log")" = 3 ]; then
    ok "hypervisor and both modules verified and measured"
else bad "verified and measured" "$T/good.log"; fi

# 2. same banner totals and modules as GRUB
if command -v grub-mkrescue >/dev/null && tools/mkiso.sh "$T/grub.iso" "$B/quantavirt.elf" "test=boot" "${MODS[@]}" >/dev/null 2>&1; then
    timeout 60 "$QEMU" -accel tcg -cpu qemu64,+svm,+npt,+rdrand -m 512 -nic none -cdrom "$T/grub.iso" \
        -display none -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        </dev/null >"$T/grub.log" 2>&1
    pick() { grep -a "usable RAM\|Modules:\|CPUs:" "$1" | sed 's/^\[[^]]*\] //; s/, [0-9]* MiB free.*//'; }
    pick "$T/good.log" >"$T/a"; pick "$T/grub.log" >"$T/b"
    if [ -s "$T/a" ] && cmp -s "$T/a" "$T/b"; then
        ok "banner memory totals and modules match the GRUB boot: $(tr '\n' ' ' <"$T/a")"
    else bad "banner matches GRUB" <(diff "$T/a" "$T/b"); fi
else
    echo "skip GRUB comparison (grub-mkrescue unavailable)"
fi

# 3. tampering: flip one byte, expect a refusal naming the file and no kernel
tamper() { # NAME OFFSET EXPECTED-FILE
    cp "$T/good.img" "$T/t.img"
    printf '\xff' | dd of="$T/t.img" bs=1 seek="$2" conv=notrunc status=none
    local rc; rc=$(run "$T/t.img" "$T/t.log" 30)
    if grep -aq "BOOT REFUSED: signature check failed for $3" "$T/t.log" &&
       ! grep -aq "QuantaVirt 0.1.0 starting\|QV-TEST" "$T/t.log" && [ "$rc" != 124 ]; then
        ok "$1 refused ($3), no jump, machine reset"
    else bad "$1 refused (rc=$rc)" "$T/t.log"; fi
}
k=$(off quantavirt.elf image_offset) m=$(off disk.bin image_offset) c=$(off vm.cfg image_offset)
ks=$(off quantavirt.elf sig_offset)
tamper "tampered hypervisor byte" $((k + 70000)) quantavirt.elf
tamper "tampered module byte" $((m + 1234567)) disk.bin
tamper "tampered config module" "$c" vm.cfg
tamper "tampered signature" $((ks + 100)) quantavirt.elf

# 4. truncated and malformed images: a message, never a hang
expect() { # NAME IMAGE SECONDS PATTERN
    local rc; rc=$(run "$2" "$T/e.log" "$3")
    if grep -aq "$4" "$T/e.log" && ! grep -aq "QuantaVirt 0.1.0 starting" "$T/e.log"; then
        ok "$1: \"$(grep -ao "$4.*" "$T/e.log" | head -1 | tr -d '\r')\""
    else bad "$1 (rc=$rc)" "$T/e.log"; fi
}
sz=$(stat -c %s "$T/good.img")
head -c $((sz / 2 / 512 * 512)) "$T/good.img" >"$T/trunc.img"
expect "image truncated in the payload" "$T/trunc.img" 30 "disk read error at LBA"
head -c 4096 "$T/good.img" >"$T/trunc2.img"
expect "image truncated in stage 2" "$T/trunc2.img" 5 "QV stage1: disk read error"
cp "$T/good.img" "$T/s2.img"; printf 'X' | dd of="$T/s2.img" bs=1 seek=512 conv=notrunc status=none
expect "corrupt stage 2" "$T/s2.img" 5 "QV stage1: bad stage2 signature"
dirlba=$(sed -n 's/.*directory LBA \([0-9]*\).*/\1/p' "$T/layout")
cp "$T/good.img" "$T/d.img"; printf 'X' | dd of="$T/d.img" bs=1 seek=$((dirlba * 512)) conv=notrunc status=none
expect "corrupt directory signature" "$T/d.img" 30 "bad disk directory signature"
cp "$T/good.img" "$T/d2.img"   # entry 1 offset (dir + 1088 + 256 + 8) far beyond the payload
printf '\x00\x00\x00\x40' | dd of="$T/d2.img" bs=1 seek=$((dirlba * 512 + 1088 + 256 + 8)) conv=notrunc status=none
expect "directory entry outside the payload" "$T/d2.img" 30 "disk.bin lies outside the payload"

# 5. mkdisk input validation
if ! tools/mkdisk/mkdisk.sh "$T/x.img" /etc/hostname "" >"$T/m.log" 2>&1 && grep -q "not an ELF file" "$T/m.log"; then
    ok "mkdisk rejects a non-ELF hypervisor: $(head -1 "$T/m.log")"
else bad "mkdisk rejects a non-ELF hypervisor" "$T/m.log"; fi
if ! tools/mkdisk/mkdisk.sh "$T/x.img" "$B/quantavirt.elf" "" --module /nonexistent x >"$T/m.log" 2>&1 && grep -q "no such module file" "$T/m.log"; then
    ok "mkdisk rejects a missing module"
else bad "mkdisk rejects a missing module" "$T/m.log"; fi
long=$(printf 'a%.0s' $(seq 200))
if ! tools/mkdisk/mkdisk.sh "$T/x.img" "$B/quantavirt.elf" "" --module "$T/vm.cfg" "$long" >"$T/m.log" 2>&1 && grep -q "module string longer" "$T/m.log"; then
    ok "mkdisk rejects a too-long module string"
else bad "mkdisk rejects a too-long module string" "$T/m.log"; fi

echo "RESULT boot-bios passed=$pass failed=$fail"
[ "$fail" = 0 ]
