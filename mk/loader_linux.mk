# Linux bzImage loader (64-bit boot protocol): pure logic over a guest-memory
# writer, built into the hypervisor, its unit test and its fuzzer.
KERNEL_C += hypervisor/core/vm/loader_linux.c

UNIT_TESTS += loader_linux
UNIT_loader_linux_SRCS := tests/unit/test_loader_linux.c hypervisor/core/vm/loader_linux.c \
                          hypervisor/lib/printf.c hypervisor/lib/errors.c

FUZZ_TARGETS += loader_linux
FUZZ_loader_linux_SRCS := tests/fuzz/fuzz_loader_linux.c hypervisor/core/vm/loader_linux.c \
                          hypervisor/lib/printf.c hypervisor/lib/errors.c
