#!/bin/sh
# /init of the QuantaVirt Linux guest (busybox sh). Prints "QV-LINUX: ..."
# markers on the console, loads the virtio modules, runs the device tests the
# kernel command line selects and powers off. Markers and command-line
# parameters are listed in docs/linux-guest.md; the host tests match them.
#
#   qv.test=LIST        comma-separated: blk console rng net-a net-b all shell
#                       (default shell; all = blk,console,rng)
#   qv.blk_sectors=N    sectors hashed by the blk read test (default 2048)
#   qv.blk_sector=S     sector where the blk test writes its pattern (default 4096)
#   qv.exit_port=P      after "QV-LINUX: done", write one byte (the number of
#                       failed tests) to I/O port P through /dev/port, then
#                       poweroff -f (reboot(2) RB_POWER_OFF: ACPI S5 when the
#                       platform has it, else the kernel halts)
export PATH=/bin:/sbin:/usr/bin:/usr/sbin

mount -t devtmpfs devtmpfs /dev 2>/dev/null
# If the archive had no /dev/console the kernel gave init no stdio.
[ -t 1 ] || exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /tmp && mount -t tmpfs tmpfs /tmp

say() { echo "QV-LINUX: $*"; }
failed=0
fail() { say "$*"; failed=$((failed + 1)); }

say "init started"
say "kernel $(uname -r)"
online=$(cat /sys/devices/system/cpu/online 2>/dev/null)
say "cpus $(nproc) online ${online:-?}"

# Modules in dependency order (mkinitramfs.sh wrote the order).
while read -r m; do
    if out=$(insmod "/lib/modules/$m.ko" 2>&1); then
        say "module $m loaded"
    else
        fail "module $m FAILED: $out"
    fi
done < /lib/modules/order

tests=shell
blk_sectors=2048
blk_sector=4096
exit_port=
for w in $(cat /proc/cmdline); do
    case $w in
        qv.test=*) tests=${w#qv.test=} ;;
        qv.blk_sectors=*) blk_sectors=${w#qv.blk_sectors=} ;;
        qv.blk_sector=*) blk_sector=${w#qv.blk_sector=} ;;
        qv.exit_port=*) exit_port=${w#qv.exit_port=} ;;
    esac
done
tests=$(echo "$tests" | tr ',' ' ')
case " $tests " in
    *" all "*) tests="blk console rng $(echo " $tests " | sed 's/ all / /')" ;;
esac

# A device node appears when its driver has probed; wait a little for it.
wait_for() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    [ -e "$1" ]
}

# 4 KiB pattern written by the blk test: 256 lines of 16 bytes.
blk_pattern() {
    i=0
    while [ $i -lt 256 ]; do
        printf 'QV-LINUX-PAT%03x\n' $i
        i=$((i + 1))
    done
}

test_blk() {
    wait_for /dev/vda || { fail "blk FAILED: no /dev/vda"; return; }
    say "blk size $(cat /sys/block/vda/size) sectors"
    h=$(dd if=/dev/vda bs=512 count="$blk_sectors" 2>/dev/null | sha256sum | cut -d' ' -f1)
    say "blk-read $h"
    blk_pattern > /tmp/pat
    want=$(sha256sum < /tmp/pat | cut -d' ' -f1)
    dd if=/tmp/pat of=/dev/vda bs=512 seek="$blk_sector" conv=notrunc,fsync 2>/dev/null ||
        { fail "blk-write FAILED: dd write"; return; }
    sync
    # Drop the block device's cached pages so the read-back reaches the device.
    blockdev --flushbufs /dev/vda
    echo 3 > /proc/sys/vm/drop_caches
    got=$(dd if=/dev/vda bs=512 skip="$blk_sector" count=8 2>/dev/null | sha256sum | cut -d' ' -f1)
    if [ "$got" = "$want" ]; then
        say "blk-write ok $want"
    else
        fail "blk-write FAILED: read back $got, wrote $want"
    fi
}

test_console() {
    wait_for /dev/hvc0 || { fail "console FAILED: no /dev/hvc0"; return; }
    line="QV-LINUX console ping $$"
    exec 3<>/dev/hvc0
    stty -F /dev/hvc0 raw -echo 2>/dev/null
    echo "$line" >&3
    reply=
    read -t 10 -r reply <&3
    exec 3<&-
    reply=$(echo "$reply" | tr -d '\r')
    if [ "$reply" = "$line" ]; then
        say "console ok"
    else
        fail "console FAILED: sent '$line', got '$reply'"
    fi
}

test_rng() {
    wait_for /dev/hwrng || { fail "rng FAILED: no /dev/hwrng"; return; }
    say "rng source $(cat /sys/class/misc/hw_random/rng_current 2>/dev/null)"
    hex=$(timeout 10 dd if=/dev/hwrng bs=64 count=1 2>/dev/null | od -An -v -tx1 | tr -d ' \n')
    case ${#hex}:$hex in
        128:*[!0]*) say "rng ok $hex" ;;
        *) fail "rng FAILED: got '${hex}' (want 64 bytes, not all zero)" ;;
    esac
}

# Two VMs on one virtual switch: A is 10.0.0.1, B 10.0.0.2; each pings the
# other until it answers (up to 60 s), then stays up 5 s for the peer.
test_net() {
    me=$1 peer=$2
    wait_for /sys/class/net/eth0 || { fail "net FAILED: no eth0"; return; }
    ip link set lo up
    ip link set eth0 up
    ip addr add "$me/24" dev eth0
    say "net eth0 $me mac $(cat /sys/class/net/eth0/address)"
    i=0
    while [ $i -lt 60 ]; do
        if ping -c 1 -W 1 "$peer" >/dev/null 2>&1; then
            say "net ok $me -> $peer"
            sleep 5
            return
        fi
        i=$((i + 1))
    done
    fail "net FAILED: no reply from $peer"
}

# Sequential read throughput of /dev/vda (bench/linux-boot): the whole disk
# with 64 KiB reads, timed with /proc/uptime (centiseconds).
test_blkbench() {
    wait_for /dev/vda || { fail "blkbench FAILED: no /dev/vda"; return; }
    echo 3 > /proc/sys/vm/drop_caches
    t0=$(cut -d' ' -f1 /proc/uptime | tr -d .)
    out=$(dd if=/dev/vda of=/dev/null bs=64k 2>&1)
    t1=$(cut -d' ' -f1 /proc/uptime | tr -d .)
    # busybox dd reports whole 64 KiB records only ("N+0 records out")
    recs=$(echo "$out" | sed -n 's/^\([0-9][0-9]*\)+[0-9]* records out.*/\1/p')
    bytes=$(( ${recs:-0} * 65536 ))
    [ -n "$recs" ] || say "blkbench dd said: $(echo "$out" | tr '\n' ' ')"
    say "blkbench bytes ${bytes:-0} centiseconds $((t1 - t0))"
}

shell=
for t in $tests; do
    case $t in
        blk) test_blk ;;
        blkbench) test_blkbench ;;
        console) test_console ;;
        rng) test_rng ;;
        net-a) test_net 10.0.0.1 10.0.0.2 ;;
        net-b) test_net 10.0.0.2 10.0.0.1 ;;
        shell) shell=1 ;;
        *) fail "unknown test '$t'" ;;
    esac
done

if [ -n "$shell" ]; then
    say "shell (exit or poweroff -f to stop)"
    setsid cttyhack sh -l
fi

say "done failed=$failed"
if [ -n "$exit_port" ]; then
    printf "\\$(printf '%03o' $((failed & 255)))" |
        dd of=/dev/port bs=1 seek=$((exit_port)) count=1 2>/dev/null
fi
poweroff -f
