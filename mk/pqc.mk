# PQC subsystem core: hashes, MAC/KDF, DRBG, algorithm registry, qv-pqc tool
# framework. Family owners append their own sources in their own fragments
# (mk/mlkem.mk, ...); everything here uses += because this fragment may be
# included after theirs.
PQC_HASH_SRCS := hypervisor/pqc/hash/sha2.c hypervisor/pqc/hash/sha3.c

# All PQC sources: the tool, ct-check and bench link every one of them.
PQC_SRCS += $(PQC_HASH_SRCS)

KERNEL_C += $(PQC_HASH_SRCS)

UNIT_TESTS += pqc_hash
UNIT_pqc_hash_SRCS := tests/unit/test_pqc_hash.c $(PQC_HASH_SRCS)

# Registry (linker-section based, see pqc/pqc.h).
PQC_CORE_SRCS := hypervisor/pqc/registry.c
PQC_SRCS += $(PQC_CORE_SRCS)
KERNEL_C += $(PQC_CORE_SRCS)

UNIT_TESTS += pqc_registry
UNIT_pqc_registry_SRCS := tests/unit/test_pqc_registry.c hypervisor/pqc/registry.c
