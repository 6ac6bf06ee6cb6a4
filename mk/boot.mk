# Boot-time parsers: Multiboot2 information block and kernel command line.
KERNEL_C += hypervisor/core/boot/multiboot2.c

UNIT_TESTS += multiboot2
UNIT_multiboot2_SRCS := tests/unit/test_multiboot2.c hypervisor/core/boot/multiboot2.c \
                        hypervisor/lib/printf.c hypervisor/lib/errors.c

FUZZ_TARGETS += multiboot2
FUZZ_multiboot2_SRCS := tests/fuzz/fuzz_multiboot2.c hypervisor/core/boot/multiboot2.c \
                        hypervisor/lib/printf.c hypervisor/lib/errors.c
