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

# Every PQC source that goes into the kernel also goes into the host programs
# (qv-pqc, ct-check, bench), minus hardware-only files; expanded lazily, so
# the sources of fragments included after this one are picked up too.
PQC_KERNEL_ONLY += hypervisor/pqc/rng/entropy_x86.c
PQC_HOST_SRCS = $(filter-out $(PQC_KERNEL_ONLY),$(filter hypervisor/pqc/%,$(KERNEL_C))) \
                $(PQC_HOST_ONLY) hypervisor/lib/errors.c

# qv-pqc: family owners append tools/qv-pqc/cmd_<family>.c to TOOL_qv-pqc_SRCS
# (only their command file: the PQC sources come in through PQC_HOST_SRCS).
HOST_TOOLS += qv-pqc
TOOL_qv-pqc_SRCS += tools/qv-pqc/main.c tools/qv-pqc/cmd_hash.c tools/qv-pqc/cmd_imgsign.c \
                    $(PQC_HOST_SRCS)
TOOL_qv-pqc_CFLAGS += -Itools/qv-pqc

# Generic hash dispatch, HMAC, HKDF.
PQC_MAC_SRCS := hypervisor/pqc/hash/hash.c hypervisor/pqc/mac/hmac.c hypervisor/pqc/mac/hkdf.c
KERNEL_C += $(PQC_MAC_SRCS)
UNIT_TESTS += pqc_mac
UNIT_pqc_mac_SRCS := tests/unit/test_pqc_mac.c $(PQC_MAC_SRCS) $(PQC_HASH_SRCS)

# DRBG (SP 800-90A HMAC_DRBG-SHA-512), entropy sources, SP 800-90B health tests.
PQC_RNG_SRCS := hypervisor/pqc/rng/drbg.c hypervisor/pqc/rng/entropy.c hypervisor/pqc/rng/health.c
KERNEL_C += $(PQC_RNG_SRCS) hypervisor/pqc/rng/entropy_x86.c
PQC_HOST_ONLY += hypervisor/pqc/rng/entropy_host.c
UNIT_TESTS += pqc_rng
UNIT_pqc_rng_SRCS := tests/unit/test_pqc_rng.c $(PQC_RNG_SRCS) $(PQC_MAC_SRCS) $(PQC_HASH_SRCS)

# Backend interface (software backend; QUAC 100 later).
PQC_BACKEND_SRCS := hypervisor/pqc/backend.c hypervisor/pqc/backend_sw.c
KERNEL_C += $(PQC_BACKEND_SRCS)
UNIT_TESTS += pqc_backend
UNIT_pqc_backend_SRCS := tests/unit/test_pqc_backend.c $(PQC_BACKEND_SRCS) $(PQC_CORE_SRCS) \
    $(PQC_RNG_SRCS) hypervisor/pqc/rng/entropy_host.c $(PQC_MAC_SRCS) $(PQC_HASH_SRCS)
