# ML-KEM (FIPS 203): arithmetic, sampling, K-PKE, KEM, descriptors.
MLKEM_SRCS := hypervisor/pqc/mlkem/params.c hypervisor/pqc/mlkem/ntt.c \
              hypervisor/pqc/mlkem/poly.c hypervisor/pqc/mlkem/sample.c \
              hypervisor/pqc/mlkem/kpke.c hypervisor/pqc/mlkem/mlkem.c

KERNEL_C += $(MLKEM_SRCS)

UNIT_TESTS += mlkem
UNIT_mlkem_SRCS := tests/unit/test_mlkem.c $(MLKEM_SRCS) \
                   hypervisor/pqc/hash/sha3.c hypervisor/lib/errors.c
