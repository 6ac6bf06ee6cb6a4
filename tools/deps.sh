#!/usr/bin/env bash
# make deps: install the Debian packages QuantaVirt needs. Idempotent; silent
# when everything is already present.
set -eu
pkgs="make gcc nasm binutils clang libclang-rt-14-dev qemu-system-x86 ovmf
      seabios grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools dosfstools gnu-efi
      bochs bochsbios valgrind"
missing=
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js (for the PQC cross-check against @noble/post-quantum): any node and
# npm on PATH will do, e.g. a machine's preinstalled ones; else Debian's.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
