/* PQC API: algorithm descriptors, registration and lookup by standard name.
 *
 * Every algorithm family describes each parameter set with one descriptor in
 * its own *_desc.c and registers it with PQC_REGISTER_KEM / PQC_REGISTER_SIG.
 * Registration puts a pointer to the descriptor into the linker section
 * pqc_kems / pqc_sigs; the kernel linker script keeps those sections and
 * defines __start_ / __stop_ symbols, GNU ld does the same by itself for host
 * programs (the section names are valid C identifiers).
 *
 * Every function returns 0 or a negative PQC_ERR_* / QV_ERR_* code.
 * `work` is caller-provided scratch of work_len bytes (kernel heap or host
 * malloc) so that stack use stays small (< 8 KiB per frame, < 24 KiB per
 * operation). Secret intermediates are wiped before returning. */
#ifndef QV_PQC_PQC_H
#define QV_PQC_PQC_H
#include "lib/errors.h"
#include "lib/types.h"

struct pqc_kem_alg {
    const char *name; /* "ML-KEM-768" */
    size_t ek_len, dk_len, ct_len, ss_len, keygen_seed_len, encaps_seed_len, work_len;
    /* seed = d||z for ML-KEM (FIPS 203 §7.1 ML-KEM.KeyGen_internal) */
    int (*keygen)(uint8_t *ek, uint8_t *dk, const uint8_t *seed, void *work);
    /* m = encaps_seed_len random bytes (FIPS 203 §7.2) */
    int (*encaps)(uint8_t *ct, uint8_t *ss, const uint8_t *ek, const uint8_t *m, void *work);
    int (*decaps)(uint8_t *ss, const uint8_t *ct, const uint8_t *dk, void *work);
};

struct pqc_sig_alg {
    const char *name; /* "ML-DSA-65", "SLH-DSA-SHAKE-128f" */
    size_t pk_len, sk_len, sig_len, keygen_seed_len, rnd_len, work_len;
    /* seed = xi for ML-DSA; SK.seed||SK.prf||PK.seed for SLH-DSA */
    int (*keygen)(uint8_t *pk, uint8_t *sk, const uint8_t *seed, void *work);
    /* rnd = rnd_len bytes, or NULL for the deterministic variant */
    int (*sign)(uint8_t *sig, const uint8_t *sk, const uint8_t *msg, size_t mlen,
                const uint8_t *ctx, size_t ctxlen, const uint8_t *rnd, void *work);
    /* 0 = valid, PQC_ERR_VERIFY = invalid, other codes = malformed input */
    int (*verify)(const uint8_t *pk, const uint8_t *msg, size_t mlen, const uint8_t *ctx,
                  size_t ctxlen, const uint8_t *sig, size_t siglen, void *work);
};

#define PQC_REGISTER_KEM(desc)                                                     \
    static const struct pqc_kem_alg *const __pqc_reg_##desc                        \
        __attribute__((used, section("pqc_kems"), aligned(sizeof(void *)))) = &desc
#define PQC_REGISTER_SIG(desc)                                                     \
    static const struct pqc_sig_alg *const __pqc_reg_##desc                        \
        __attribute__((used, section("pqc_sigs"), aligned(sizeof(void *)))) = &desc

/* Registered software implementations, looked up by name (ASCII
 * case-insensitive: "ml-kem-768" finds ML-KEM-768). NULL if unknown. */
const struct pqc_kem_alg *pqc_sw_find_kem(const char *name);
const struct pqc_sig_alg *pqc_sw_find_sig(const char *name);
/* Listing in link order: index 0 .. count-1; NULL past the end. */
size_t pqc_kem_count(void);
size_t pqc_sig_count(void);
const struct pqc_kem_alg *pqc_kem_at(size_t i);
const struct pqc_sig_alg *pqc_sig_at(size_t i);
/* Checks a descriptor for the obvious mistakes (missing name or function,
 * zero lengths); 0 or PQC_ERR_BAD_PARAM. Used by the registry self-test. */
int pqc_kem_desc_check(const struct pqc_kem_alg *a);
int pqc_sig_desc_check(const struct pqc_sig_alg *a);

/* Subsystem entry points (backend.c): pqc_init() picks the best backend that
 * probes successfully (software is always there); lookups and randomness go
 * through the selected backend. */
int pqc_init(void);
const char *pqc_backend_name(void);
const struct pqc_kem_alg *pqc_find_kem(const char *name);
const struct pqc_sig_alg *pqc_find_sig(const char *name);
/* Random bytes from the backend's DRBG (SP 800-90A), seeded from hardware
 * entropy; fails rather than return unseeded output. */
int pqc_random(uint8_t *out, size_t len);

/* Maximal context string length for ML-DSA / SLH-DSA (FIPS 204 §5.2, FIPS 205 §10.2). */
#define PQC_MAX_CTX_LEN 255

#endif
