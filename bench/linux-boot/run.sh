#!/usr/bin/env bash
# Linux guest benchmark (not a test): the stock Debian kernel + busybox
# initramfs, same RAM and command line,
#  1. under QuantaVirt (GRUB ISO -> hypervisor -> PC-platform VM), and
#  2. under plain QEMU TCG (microvm with ACPI, -kernel/-initrd, the same
#     virtio-mmio disk),
# measuring wall time from QEMU start until the guest's "QV-LINUX: init
# started" marker, REPS times each, and the median ratio. Then the top exit
# reasons of one QuantaVirt boot and the virtio-blk sequential read rate in
# the guest on both. Usage: bench/linux-boot/run.sh [REPS] (default 3).
set -u
cd "$(dirname "$0")/../.."
reps=${1:-3}
make --no-print-directory -s kernel linux-guest >/dev/null || exit 1
L=build/linux
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
BIG=$W/disk64.img
dd if=/dev/zero of="$BIG" bs=1M count=64 status=none
KCL="console=ttyS0 pci=off quiet"
CPU="qemu64,+svm,+npt,+rdrand"

wait_marker() { # wait_marker LOG PID MARKER -> seconds since start (stdout)
    local start=$1 log=$2 pid=$3 marker=$4
    while kill -0 "$pid" 2>/dev/null; do
        grep -aq "$marker" "$log" 2>/dev/null && break
        sleep 0.02
    done
    echo "$(date +%s.%N) - $start" | bc
}

qv_iso() { # qv_iso ISO KERNEL_ARGS DISK
    tools/mkiso.sh "$1" build/quantavirt.elf "exit_on_end guest_mem=256M" \
        --module $L/bzImage "linux-kernel $KCL $2" --module $L/initramfs.cpio.gz linux-initrd \
        --module "$3" linux-disk >/dev/null
}

run_qv() { # run_qv ISO LOG -> boot seconds
    local start pid
    start=$(date +%s.%N)
    qemu-system-x86_64 -accel tcg -cpu $CPU -smp 2 -m 1024 -display none -no-reboot -nic none \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial "file:$2" -monitor none \
        -cdrom "$1" -boot d </dev/null >/dev/null 2>&1 &
    pid=$!
    wait_marker "$start" "$2" $pid "${3:-QV-LINUX: init started}"
    sleep 0.2
    kill $pid 2>/dev/null
    wait $pid 2>/dev/null
}

run_plain() { # run_plain KERNEL_ARGS DISK LOG -> boot seconds
    local start pid
    start=$(date +%s.%N)
    qemu-system-x86_64 -M microvm,acpi=on,rtc=on -accel tcg -cpu qemu64,+rdrand -smp 1 -m 256 \
        -display none -no-reboot -nic none -kernel $L/bzImage -initrd $L/initramfs.cpio.gz \
        -append "$KCL $1" -drive id=d,file="$2",format=raw,if=none -device virtio-blk-device,drive=d \
        -serial "file:$3" -monitor none </dev/null >/dev/null 2>&1 &
    pid=$!
    wait_marker "$start" "$3" $pid "${4:-QV-LINUX: init started}"
    sleep 0.2
    kill $pid 2>/dev/null
    wait $pid 2>/dev/null
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

qv_iso "$W/boot.iso" "qv.test=shell" $L/disk.img
qv=() pl=()
for i in $(seq "$reps"); do
    qv+=("$(run_qv "$W/boot.iso" "$W/qv$i.log")")
    pl+=("$(run_plain "qv.test=shell" $L/disk.img "$W/pl$i.log")")
done
mq=$(printf '%s\n' "${qv[@]}" | median)
mp=$(printf '%s\n' "${pl[@]}" | median)
echo "Boot to the initramfs marker (wall seconds, $reps runs each):"
echo "  QuantaVirt (GRUB + hypervisor + VM): ${qv[*]}  median $mq"
echo "  plain QEMU TCG (microvm, -kernel)  : ${pl[*]}  median $mp"
echo "  ratio QuantaVirt / plain: $(echo "scale=2; $mq / $mp" | bc)"
echo
qv_iso "$W/bench.iso" "qv.test=blkbench qv.exit_port=0xf4" "$BIG"
run_qv "$W/bench.iso" "$W/qvb.log" "QV-LINUX-VM" >/dev/null
run_plain "qv.test=blkbench" "$BIG" "$W/plb.log" "blkbench bytes" >/dev/null
rate() { sed -n 's/.*blkbench bytes \([0-9]*\) centiseconds \([0-9]*\).*/\1 \2/p' "$1" |
    awk '{ if ($2 > 0) printf "%.1f MiB/s (%d bytes in %.2f s)", $1 / 1048576 / ($2 / 100), $1, $2 / 100; else print "n/a" }'; }
echo "Exits of one QuantaVirt run (boot + blkbench, top 5 reasons):"
grep -a "vm linux-a vcpu 0:" "$W/qvb.log" | awk '{print $(NF), $(NF-1)}' | sort -rn | head -5 |
    awk '{printf "  %-22s %s\n", $2, $1}'
echo
echo "virtio-blk sequential read in the guest (64 MiB, 64 KiB reads):"
echo "  QuantaVirt virtio-blk (MMIO): $(rate "$W/qvb.log")"
echo "  QEMU's own virtio-blk (MMIO, microvm): $(rate "$W/plb.log")"
