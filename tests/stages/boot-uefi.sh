#!/usr/bin/env bash
# make-test stage: the UEFI boot stub (boot/uefi, docs/boot-uefi.md) under OVMF:
# builds it (make efi), then tests/integration/boot_uefi.sh boots the signed
# hypervisor to its banner and checks that tampered, unsigned, truncated and
# malformed images are refused. Prints "RESULT boot-uefi passed=N failed=M".
set -u
cd "$(dirname "$0")/../.." || exit 1
if ! make --no-print-directory -s efi >/dev/null 2>build/boot-uefi-build.err; then
    tail -20 build/boot-uefi-build.err
    echo "boot-uefi: cannot build the EFI stub"
    echo "RESULT boot-uefi passed=0 failed=1"
    exit 1
fi
exec tests/integration/boot_uefi.sh
