#!/usr/bin/env bash
# Fetch the Debian bookworm kernel and busybox used by the Linux guest
# (docs/linux-guest.md). Downloads with `apt-get download` (no installation),
# unpacks with `dpkg -x` and caches everything under $OUT (default build/linux):
#   $OUT/debs/*.deb          the downloaded packages
#   $OUT/pkgs/               both packages unpacked (dpkg -x)
#   $OUT/bzImage             /boot/vmlinuz-<ver> from the kernel package
#   $OUT/kernel-version      <ver>, e.g. 6.1.0-50-amd64 (names lib/modules/<ver>)
# Nothing is downloaded when these already exist; delete $OUT to refetch.
# Override the package choice with LINUX_PKG=linux-image-6.1.0-NN-amd64.
set -euo pipefail

OUT=${OUT:-build/linux}
die() { echo "fetch.sh: error: $*" >&2; exit 1; }

if [[ -s $OUT/bzImage && -s $OUT/kernel-version && -x $OUT/pkgs/bin/busybox ]]; then
    ver=$(cat "$OUT/kernel-version")
    if [[ -d $OUT/pkgs/lib/modules/$ver ]]; then
        echo "fetch.sh: cached: $OUT/bzImage ($ver), busybox-static"
        exit 0
    fi
fi

command -v apt-get >/dev/null && command -v apt-cache >/dev/null && command -v dpkg >/dev/null ||
    die "needs apt-get, apt-cache and dpkg (a Debian 12 'bookworm' host)"

# Package lists: refresh only when missing or older than a day, and only as
# root (apt-get update writes /var/lib/apt/lists).
lists=/var/lib/apt/lists
fresh=$(find "$lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -n1 || true)
have=$(find "$lists" -maxdepth 1 -name '*_Packages*' 2>/dev/null | head -n1 || true)
if [[ -z $fresh ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        echo "fetch.sh: apt package lists ${have:+stale}${have:-missing}: apt-get update"
        apt-get update -q || die "apt-get update failed (network or sources.list?)"
    elif [[ -z $have ]]; then
        die "no apt package lists: run 'apt-get update' as root first"
    else
        echo "fetch.sh: warning: apt package lists older than a day and not root; using them" >&2
    fi
fi

# The real versioned image package (linux-image-6.1.0-<abi>-amd64), newest
# ABI with a download candidate; the metapackage linux-image-amd64 only
# depends on it.
pick_kernel() {
    apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' |
        sort -V -r | while read -r p; do
            # No `grep -q`: it would close the pipe early and, with
            # pipefail, make the test fail at random.
            cand=$(apt-cache policy "$p" | sed -n 's/^ *Candidate: //p')
            if [[ -n $cand && $cand != "(none)" ]]; then
                echo "$p"
                break
            fi
        done
}
pkg=${LINUX_PKG:-$(pick_kernel)}
[[ -n $pkg ]] || die "no linux-image-6.1.0-*-amd64 package found by apt-cache (is this bookworm with main enabled?)"
ver=${pkg#linux-image-}
echo "fetch.sh: kernel package $pkg"

mkdir -p "$OUT/debs"
debs=$(cd "$OUT/debs" && pwd)
# apt-get download writes into the current directory; as root it drops
# privileges to _apt, which must be able to write there.
( cd "$debs"
  [[ $(id -u) -ne 0 ]] || chown _apt "$debs" 2>/dev/null || true
  for p in "$pkg" busybox-static; do
      ls "${p}"_*.deb >/dev/null 2>&1 && { echo "fetch.sh: cached $p"; continue; }
      apt-get download -q "$p" || die "apt-get download $p failed"
  done )

rm -rf "$OUT/pkgs"
mkdir -p "$OUT/pkgs"
for d in "$debs/${pkg}"_*.deb "$debs"/busybox-static_*.deb; do
    [[ -f $d ]] || die "missing $d after download"
    dpkg -x "$d" "$OUT/pkgs"
done
[[ -f $OUT/pkgs/boot/vmlinuz-$ver ]] || die "package $pkg has no /boot/vmlinuz-$ver"
[[ -d $OUT/pkgs/lib/modules/$ver ]] || die "package $pkg has no /lib/modules/$ver"
[[ -x $OUT/pkgs/bin/busybox ]] || die "busybox-static has no /bin/busybox"
cp "$OUT/pkgs/boot/vmlinuz-$ver" "$OUT/bzImage"
echo "$ver" > "$OUT/kernel-version"
echo "fetch.sh: $OUT/bzImage ($ver, $(stat -c %s "$OUT/bzImage") bytes), $OUT/pkgs/bin/busybox"
