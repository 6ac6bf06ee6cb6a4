# MMIO test device for hypervisor self-tests (hypervisor/devices/mmio_testdev.h):
# scratch/ID/access-count/last-access registers at guest-physical 0xFEB00000,
# driven by the `mmio` test guest.
MMIO_TESTDEV_SRCS := hypervisor/devices/mmio_testdev.c
KERNEL_C += $(MMIO_TESTDEV_SRCS)

UNIT_TESTS += mmio_testdev
UNIT_mmio_testdev_SRCS := tests/unit/test_mmio_testdev.c $(MMIO_TESTDEV_SRCS) hypervisor/core/vm/iobus.c
