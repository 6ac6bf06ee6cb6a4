# Guest page walk, x86 instruction decoder and MMIO/port-I/O emulator
# (hypervisor/core/exit): pure logic shared by the kernel, unit tests and fuzzers.
GUEST_WALK_SRCS := hypervisor/core/exit/guest_walk.c
KERNEL_C += $(GUEST_WALK_SRCS)

UNIT_TESTS += guest_walk
UNIT_guest_walk_SRCS := tests/unit/test_guest_walk.c $(GUEST_WALK_SRCS) hypervisor/core/exit/guest_access.c

INSN_SRCS := hypervisor/core/exit/insn_decode.c hypervisor/core/exit/insn_emulate.c \
             hypervisor/core/exit/guest_access.c $(GUEST_WALK_SRCS)
KERNEL_C += hypervisor/core/exit/insn_decode.c hypervisor/core/exit/insn_emulate.c \
            hypervisor/core/exit/guest_access.c

UNIT_TESTS += insn
UNIT_insn_SRCS := tests/unit/test_insn_decode.c tests/unit/test_insn_emulate.c $(INSN_SRCS)

FUZZ_TARGETS += insn_decode insn_emulate
FUZZ_insn_decode_SRCS := tests/fuzz/fuzz_insn_decode.c hypervisor/core/exit/insn_decode.c
FUZZ_insn_emulate_SRCS := tests/fuzz/fuzz_insn_emulate.c $(INSN_SRCS)
