# SLH-DSA (FIPS 205): stateless hash-based signatures, all twelve parameter sets.
SLHDSA_SRCS := hypervisor/pqc/slhdsa/params.c hypervisor/pqc/slhdsa/hash.c \
               hypervisor/pqc/slhdsa/wots.c hypervisor/pqc/slhdsa/tree.c \
               hypervisor/pqc/slhdsa/xmss.c hypervisor/pqc/slhdsa/fors.c \
               hypervisor/pqc/slhdsa/slhdsa.c
SLHDSA_HASH_SRCS := hypervisor/pqc/hash/sha2.c hypervisor/pqc/hash/sha3.c

KERNEL_C += $(SLHDSA_SRCS)
PQC_SRCS += $(SLHDSA_SRCS)

UNIT_TESTS += slhdsa
UNIT_slhdsa_SRCS := tests/unit/test_slhdsa.c $(SLHDSA_SRCS) $(SLHDSA_HASH_SRCS) hypervisor/lib/errors.c
