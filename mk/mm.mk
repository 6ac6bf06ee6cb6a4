# Physical memory: frame allocator and kernel heap.
KERNEL_C += hypervisor/core/mm/frame.c hypervisor/core/mm/heap.c

UNIT_TESTS += frame heap
UNIT_frame_SRCS := tests/unit/test_frame.c hypervisor/core/mm/frame.c \
                   hypervisor/lib/printf.c hypervisor/lib/errors.c
UNIT_heap_SRCS := tests/unit/test_heap.c hypervisor/core/mm/heap.c hypervisor/core/mm/frame.c \
                  hypervisor/lib/printf.c hypervisor/lib/errors.c
