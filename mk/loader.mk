# Guest loaders (flat binary, Multiboot 1 ELF32): pure logic over a guest-memory
# writer, so the same files build into the hypervisor, the unit test and the fuzzer.
KERNEL_C += hypervisor/core/vm/loader_flat.c hypervisor/core/vm/loader_mb1.c

UNIT_TESTS += loader
UNIT_loader_SRCS := tests/unit/test_loader.c hypervisor/core/vm/loader_flat.c \
                    hypervisor/core/vm/loader_mb1.c hypervisor/lib/printf.c hypervisor/lib/errors.c

FUZZ_TARGETS += loader_mb1
FUZZ_loader_mb1_SRCS := tests/fuzz/fuzz_loader_mb1.c hypervisor/core/vm/loader_mb1.c \
                        hypervisor/lib/printf.c hypervisor/lib/errors.c
