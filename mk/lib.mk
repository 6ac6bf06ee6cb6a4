# Freestanding support library.
KERNEL_C += hypervisor/lib/string.c hypervisor/lib/printf.c hypervisor/lib/errors.c
UNIT_TESTS += lib
UNIT_lib_SRCS := tests/unit/test_lib.c hypervisor/lib/printf.c hypervisor/lib/errors.c
