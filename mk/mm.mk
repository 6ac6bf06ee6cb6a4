# Physical memory: frame allocator and kernel heap.
KERNEL_C += hypervisor/core/mm/frame.c

UNIT_TESTS += frame
UNIT_frame_SRCS := tests/unit/test_frame.c hypervisor/core/mm/frame.c \
                   hypervisor/lib/printf.c hypervisor/lib/errors.c
