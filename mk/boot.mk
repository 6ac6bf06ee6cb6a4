# Boot-time parsers: Multiboot2 information block and kernel command line.
KERNEL_C += hypervisor/core/boot/multiboot2.c hypervisor/core/boot/cmdline.c

UNIT_TESTS += multiboot2 cmdline
UNIT_multiboot2_SRCS := tests/unit/test_multiboot2.c hypervisor/core/boot/multiboot2.c \
                        hypervisor/lib/printf.c hypervisor/lib/errors.c
UNIT_cmdline_SRCS := tests/unit/test_cmdline.c hypervisor/core/boot/cmdline.c \
                     hypervisor/lib/printf.c hypervisor/lib/errors.c

FUZZ_TARGETS += multiboot2 cmdline
FUZZ_multiboot2_SRCS := tests/fuzz/fuzz_multiboot2.c hypervisor/core/boot/multiboot2.c \
                        hypervisor/lib/printf.c hypervisor/lib/errors.c
FUZZ_cmdline_SRCS := tests/fuzz/fuzz_cmdline.c hypervisor/core/boot/cmdline.c \
                     hypervisor/lib/printf.c hypervisor/lib/errors.c
