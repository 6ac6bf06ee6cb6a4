#!/usr/bin/env bash
# Build the Linux guest's initramfs (docs/linux-guest.md): a gzip'ed cpio
# "newc" archive (Linux Documentation/driver-api/early-userspace/
# buffer-format.rst) holding
#   /bin/busybox + a symlink per applet     from busybox-static
#   /lib/modules/*.ko + /lib/modules/order  the virtio drivers of the same
#                                           kernel package, dependencies first
#   /init                                   guests/linux/init.sh
#   /dev/console, /dev/null                 when run as root (mknod)
# Needs fetch.sh's output in $OUT (default build/linux). Writes
# $OUT/initramfs.cpio.gz.
set -euo pipefail

OUT=${OUT:-build/linux}
HERE=$(cd "$(dirname "$0")" && pwd)
die() { echo "mkinitramfs.sh: error: $*" >&2; exit 1; }

[[ -s $OUT/kernel-version ]] || die "$OUT/kernel-version missing: run guests/linux/fetch.sh first"
ver=$(cat "$OUT/kernel-version")
pkgs=$OUT/pkgs
moddir=$pkgs/lib/modules/$ver
bb=$(cd "$pkgs/bin" 2>/dev/null && pwd)/busybox
[[ -d $moddir ]] || die "$moddir missing: run guests/linux/fetch.sh first"
[[ -x $bb ]] || die "$bb missing: run guests/linux/fetch.sh first"

# The drivers the guest tests need. Transports first so that the device
# drivers find their devices when they load (order is also forced by deps).
WANT=(virtio_mmio virtio_pci virtio_blk virtio_console virtio-rng virtio_net)

root=$OUT/initramfs-root
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,mnt,lib/modules}

# busybox and its applets (busybox --list-full prints e.g. "sbin/ifconfig").
cp "$bb" "$root/bin/busybox"
"$bb" --list-full | while read -r applet; do
    case $applet in
        bin/busybox|linuxrc|"") continue ;;
    esac
    [[ -e $root/$applet ]] || ln -s /bin/busybox "$root/$applet"
done

# Module file for a module name; '-' and '_' are interchangeable in names.
find_ko() {
    local n=$1 alt=${1//_/-} alt2=${1//-/_}
    find "$moddir/kernel" \( -name "$n.ko*" -o -name "$alt.ko*" -o -name "$alt2.ko*" \) \
        -print -quit
}
is_builtin() {
    local n=${1//-/_}
    tr '-' '_' < "$moddir/modules.builtin" | grep -q "/$n\.ko$"
}
# depends= from the module's .modinfo section (kernel modpost output).
deps_of() {
    local ko=$1 tmp
    tmp=$(mktemp)
    case $ko in
        *.xz) xz -dc "$ko" > "$tmp" ;;
        *.zst) zstd -qdc "$ko" > "$tmp" ;;
        *.gz) gzip -dc "$ko" > "$tmp" ;;
        *) cp "$ko" "$tmp" ;;
    esac
    if command -v objcopy >/dev/null; then
        objcopy -O binary --only-section=.modinfo "$tmp" /dev/stdout 2>/dev/null |
            tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '
    else
        strings -a "$tmp" | sed -n 's/^depends=//p' | tr ',' ' '
    fi
    rm -f "$tmp"
}

# Depth-first: a module is listed after everything it depends on.
declare -A seen=()
order=()
visit() {
    local n=$1 ko d
    [[ -n ${seen[$n]:-} ]] && return 0
    seen[$n]=1
    ko=$(find_ko "$n")
    if [[ -z $ko ]]; then
        is_builtin "$n" && return 0
        die "module $n is neither in $moddir/kernel nor built in"
    fi
    for d in $(deps_of "$ko"); do
        visit "$d"
    done
    order+=("$n:$ko")
}
for n in "${WANT[@]}"; do
    visit "$n"
done

: > "$root/lib/modules/order"
for e in "${order[@]}"; do
    n=${e%%:*} ko=${e#*:}
    case $ko in
        *.xz) xz -dc "$ko" > "$root/lib/modules/$n.ko" ;;
        *.zst) zstd -qdc "$ko" > "$root/lib/modules/$n.ko" ;;
        *.gz) gzip -dc "$ko" > "$root/lib/modules/$n.ko" ;;
        *) cp "$ko" "$root/lib/modules/$n.ko" ;;
    esac
    echo "$n" >> "$root/lib/modules/order"
done
echo "$ver" > "$root/lib/modules/kernel-version"

install -m 755 "$HERE/init.sh" "$root/init"

# The kernel opens /dev/console for init's stdin/stdout before /init runs
# (init/main.c console_on_rootfs); without the node /init re-opens it after
# mounting devtmpfs.
if mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null; then
    mknod -m 666 "$root/dev/null" c 1 3
else
    echo "mkinitramfs.sh: note: not root, no /dev/console in the archive (/init falls back to devtmpfs)" >&2
fi

if command -v cpio >/dev/null; then
    cpio_cmd=(cpio --quiet -o -H newc -R 0:0)
else
    cpio_cmd=("$bb" cpio -o -H newc -R 0:0)
fi
out=$(cd "$OUT" && pwd)/initramfs.cpio.gz
( cd "$root" && find . -mindepth 1 | LC_ALL=C sort | "${cpio_cmd[@]}" ) | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs.sh: $out ($(stat -c %s "$out") bytes), modules: $(tr '\n' ' ' < "$root/lib/modules/order")"
