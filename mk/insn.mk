# Guest page walk, x86 instruction decoder and MMIO/port-I/O emulator
# (hypervisor/core/exit): pure logic shared by the kernel, unit tests and fuzzers.
GUEST_WALK_SRCS := hypervisor/core/exit/guest_walk.c
KERNEL_C += $(GUEST_WALK_SRCS)

UNIT_TESTS += guest_walk
UNIT_guest_walk_SRCS := tests/unit/test_guest_walk.c $(GUEST_WALK_SRCS)
