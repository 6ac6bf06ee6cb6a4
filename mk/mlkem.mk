# ML-KEM (FIPS 203): arithmetic, sampling, K-PKE, KEM, registry descriptors.
# The qv-pqc tool, ct-check and bench pick these up through KERNEL_C
# (PQC_HOST_SRCS in mk/pqc.mk).
MLKEM_SRCS := hypervisor/pqc/mlkem/params.c hypervisor/pqc/mlkem/ntt.c \
              hypervisor/pqc/mlkem/poly.c hypervisor/pqc/mlkem/sample.c \
              hypervisor/pqc/mlkem/kpke.c hypervisor/pqc/mlkem/mlkem.c \
              hypervisor/pqc/mlkem/mlkem_desc.c

KERNEL_C += $(MLKEM_SRCS)

UNIT_TESTS += mlkem
UNIT_mlkem_SRCS := tests/unit/test_mlkem.c $(MLKEM_SRCS) hypervisor/pqc/registry.c \
                   hypervisor/pqc/hash/sha3.c hypervisor/lib/errors.c

TOOL_qv-pqc_SRCS += tools/qv-pqc/cmd_mlkem.c

FUZZ_TARGETS += mlkem_decaps mlkem_ek
FUZZ_mlkem_decaps_SRCS := tests/fuzz/fuzz_mlkem_decaps.c $(filter-out %/mlkem_desc.c,$(MLKEM_SRCS)) \
                          hypervisor/pqc/hash/sha3.c
FUZZ_mlkem_ek_SRCS := tests/fuzz/fuzz_mlkem_ek.c $(filter-out %/mlkem_desc.c,$(MLKEM_SRCS)) \
                      hypervisor/pqc/hash/sha3.c
