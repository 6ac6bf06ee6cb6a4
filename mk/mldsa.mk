# ML-DSA (FIPS 204): hypervisor/pqc/mldsa/, its unit test, fuzzers, tool
# command, ct-check case and benchmark. Uses recursive `=` where it refers to
# PQC_HASH_SRCS, which mk/pqc.mk (included after this file) defines.
MLDSA_SRCS := $(addprefix hypervisor/pqc/mldsa/,params.c ntt.c rounding.c sample.c \
              encode.c matrix.c keygen.c sign.c verify.c prehash.c api.c \
              mldsa_desc.c)

KERNEL_C += $(MLDSA_SRCS)
PQC_SRCS += $(MLDSA_SRCS)

UNIT_TESTS += mldsa
UNIT_mldsa_SRCS = tests/unit/test_mldsa.c $(MLDSA_SRCS) $(PQC_HASH_SRCS)

TOOL_qv-pqc_SRCS += tools/qv-pqc/cmd_mldsa.c

FUZZ_TARGETS += mldsa_verify
FUZZ_mldsa_verify_SRCS = tests/fuzz/fuzz_mldsa_verify.c $(MLDSA_SRCS) $(PQC_HASH_SRCS)
