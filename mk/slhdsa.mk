# SLH-DSA (FIPS 205): stateless hash-based signatures, all twelve parameter sets.
SLHDSA_SRCS := hypervisor/pqc/slhdsa/params.c hypervisor/pqc/slhdsa/hash.c \
               hypervisor/pqc/slhdsa/wots.c hypervisor/pqc/slhdsa/tree.c \
               hypervisor/pqc/slhdsa/xmss.c hypervisor/pqc/slhdsa/fors.c \
               hypervisor/pqc/slhdsa/slhdsa.c hypervisor/pqc/slhdsa/slhdsa_desc.c
SLHDSA_HASH_SRCS := hypervisor/pqc/hash/sha2.c hypervisor/pqc/hash/sha3.c \
                    hypervisor/pqc/hash/hash.c hypervisor/pqc/mac/hmac.c

KERNEL_C += $(SLHDSA_SRCS)
PQC_SRCS += $(SLHDSA_SRCS)

UNIT_TESTS += slhdsa
UNIT_slhdsa_SRCS := tests/unit/test_slhdsa.c $(SLHDSA_SRCS) $(SLHDSA_HASH_SRCS) \
                    hypervisor/pqc/registry.c hypervisor/lib/errors.c
# Signing is ~10^5-10^6 hash calls: -O2 keeps the ASan run short.
UNIT_slhdsa_CFLAGS := -O2
TOOL_qv-pqc_SRCS += tools/qv-pqc/cmd_slhdsa.c

FUZZ_TARGETS += slhdsa_verify
FUZZ_slhdsa_verify_SRCS := tests/fuzz/fuzz_slhdsa_verify.c $(SLHDSA_SRCS) $(SLHDSA_HASH_SRCS) \
                           hypervisor/pqc/registry.c hypervisor/lib/errors.c
