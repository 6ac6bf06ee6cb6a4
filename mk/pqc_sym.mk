# PQC subsystem, symmetric primitives and X25519 (hypervisor/pqc/sym, hypervisor/pqc/ecc).
PQC_SYM_C := hypervisor/pqc/sym/aes.c hypervisor/pqc/sym/ghash.c hypervisor/pqc/sym/gcm.c \
             hypervisor/pqc/sym/xts.c hypervisor/pqc/sym/chacha20.c hypervisor/pqc/sym/poly1305.c \
             hypervisor/pqc/sym/chacha20poly1305.c hypervisor/pqc/ecc/x25519.c
KERNEL_C += $(PQC_SYM_C)

UNIT_TESTS += pqc_sym
UNIT_pqc_sym_SRCS := tests/unit/test_pqc_sym.c tests/unit/test_pqc_chacha.c tests/unit/test_pqc_x25519.c $(PQC_SYM_C) hypervisor/lib/errors.c
TOOL_qv-pqc_SRCS += tools/qv-pqc/cmd_sym.c

FUZZ_TARGETS += aead_open
FUZZ_aead_open_SRCS := tests/fuzz/fuzz_aead_open.c $(PQC_SYM_C) hypervisor/lib/errors.c
