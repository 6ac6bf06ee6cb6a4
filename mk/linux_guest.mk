# Linux guest (docs/linux-guest.md): Debian bookworm's kernel and
# busybox-static, fetched with apt-get download and cached under
# $(BUILD)/linux (no re-download while present; `rm -rf $(BUILD)/linux` to
# refetch), a busybox initramfs with the virtio modules, and a test disk.
#   make linux-guest            bzImage, initramfs.cpio.gz, disk.img (+ disk.expect)
#   make linux-guest-qemu       reference run on plain QEMU microvm (LINUX_TEST=all|net|shell|...)
#   make linux-loader-check     the real kernel booted from load_linux_bzimage's output on plain QEMU
LINUX_DIR := $(BUILD)/linux
LINUX_BZIMAGE := $(LINUX_DIR)/bzImage
LINUX_INITRD := $(LINUX_DIR)/initramfs.cpio.gz
LINUX_DISK := $(LINUX_DIR)/disk.img
LINUX_TEST ?= all
# Command lines for QuantaVirt VM definitions: the interactive default
# (`make run`) and the device tests. qv.exit_port: init.sh reports the
# failure count on the test-exit port (devices/debug_exit.h) before poweroff.
LINUX_CMDLINE_BASE := console=ttyS0 tsc_early_khz=1000000 pci=off
LINUX_CMDLINE_SHELL := $(LINUX_CMDLINE_BASE) qv.test=shell
LINUX_CMDLINE_TEST := $(LINUX_CMDLINE_BASE) quiet qv.test=all qv.exit_port=0xf4

.PHONY: linux-guest linux-guest-qemu

linux-guest: $(LINUX_BZIMAGE) $(LINUX_INITRD) $(LINUX_DISK)

# Only when absent: fetching is the slow, networked step.
$(LINUX_BZIMAGE):
	OUT=$(LINUX_DIR) guests/linux/fetch.sh

$(LINUX_INITRD): $(LINUX_BZIMAGE) guests/linux/mkinitramfs.sh guests/linux/init.sh
	OUT=$(LINUX_DIR) guests/linux/mkinitramfs.sh

$(LINUX_DISK): guests/linux/mkdisk.sh
	OUT=$(LINUX_DIR) guests/linux/mkdisk.sh

linux-guest-qemu: linux-guest
	OUT=$(LINUX_DIR) guests/linux/run-qemu.sh $(LINUX_TEST)

# End-to-end check of the Linux loader (guests/linux/loader-check.sh): the
# real kernel boots from load_linux_bzimage's output on plain QEMU.
HOST_TOOLS += linux_boot_image
TOOL_linux_boot_image_SRCS := guests/linux/loader-check/linux_boot_image.c \
                              hypervisor/core/vm/loader_linux.c hypervisor/lib/printf.c \
                              hypervisor/lib/errors.c tests/unit/host_support.c
.PHONY: linux-loader-check
linux-loader-check: linux-guest $(BUILD)/host/linux_boot_image
	OUT=$(LINUX_DIR) BUILD=$(BUILD) guests/linux/loader-check.sh
