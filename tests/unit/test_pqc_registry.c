/* Registry: descriptors registered through the linker sections are found by
 * name (case-insensitively), listed, and checked. Two fake algorithms are
 * registered here; whatever else is linked must not disturb them. */
#include <string.h>
#include "qtest.h"
#include "pqc/pqc.h"

static int fk_keygen(uint8_t *ek, uint8_t *dk, const uint8_t *seed, void *work)
{
    (void)work;
    ek[0] = seed[0];
    dk[0] = (uint8_t)(seed[0] + 1);
    return 0;
}
static int fk_encaps(uint8_t *ct, uint8_t *ss, const uint8_t *ek, const uint8_t *m, void *work)
{
    (void)work;
    ct[0] = ek[0] ^ m[0];
    ss[0] = m[0];
    return 0;
}
static int fk_decaps(uint8_t *ss, const uint8_t *ct, const uint8_t *dk, void *work)
{
    (void)work;
    ss[0] = ct[0] ^ (uint8_t)(dk[0] - 1);
    return 0;
}
static const struct pqc_kem_alg test_kem = {
    .name = "TEST-KEM-1", .ek_len = 1, .dk_len = 1, .ct_len = 1, .ss_len = 1,
    .keygen_seed_len = 1, .encaps_seed_len = 1, .work_len = 0,
    .keygen = fk_keygen, .encaps = fk_encaps, .decaps = fk_decaps,
};
PQC_REGISTER_KEM(test_kem);

static int fs_keygen(uint8_t *pk, uint8_t *sk, const uint8_t *seed, void *work)
{
    (void)work;
    pk[0] = sk[0] = seed[0];
    return 0;
}
static int fs_sign(uint8_t *sig, const uint8_t *sk, const uint8_t *msg, size_t mlen,
                   const uint8_t *ctx, size_t ctxlen, const uint8_t *rnd, void *work)
{
    (void)ctx; (void)ctxlen; (void)rnd; (void)work;
    sig[0] = sk[0] ^ (mlen ? msg[0] : 0);
    return 0;
}
static int fs_verify(const uint8_t *pk, const uint8_t *msg, size_t mlen, const uint8_t *ctx,
                     size_t ctxlen, const uint8_t *sig, size_t siglen, void *work)
{
    (void)ctx; (void)ctxlen; (void)work;
    if (siglen != 1)
        return PQC_ERR_BAD_LENGTH;
    return sig[0] == (pk[0] ^ (mlen ? msg[0] : 0)) ? 0 : PQC_ERR_VERIFY;
}
static const struct pqc_sig_alg test_sig = {
    .name = "TEST-SIG-1", .pk_len = 1, .sk_len = 1, .sig_len = 1, .keygen_seed_len = 1,
    .rnd_len = 0, .work_len = 0, .keygen = fs_keygen, .sign = fs_sign, .verify = fs_verify,
};
PQC_REGISTER_SIG(test_sig);

QTEST(registry_finds_by_name)
{
    QCHECK(pqc_sw_find_kem("TEST-KEM-1") == &test_kem);
    QCHECK(pqc_sw_find_kem("test-kem-1") == &test_kem);
    QCHECK(pqc_sw_find_sig("Test-Sig-1") == &test_sig);
    QCHECK(pqc_sw_find_kem("TEST-KEM-12") == NULL);
    QCHECK(pqc_sw_find_kem("TEST-KEM-") == NULL);
    QCHECK(pqc_sw_find_kem("") == NULL);
    QCHECK(pqc_sw_find_kem(NULL) == NULL);
    QCHECK(pqc_sw_find_sig("TEST-KEM-1") == NULL); /* kinds do not mix */
}

QTEST(registry_lists_everything_once)
{
    size_t seen = 0;
    QCHECK(pqc_kem_count() >= 1);
    for (size_t i = 0; i < pqc_kem_count(); i++) {
        const struct pqc_kem_alg *a = pqc_kem_at(i);
        QCHECK(a != NULL);
        QCHECK_EQ(pqc_kem_desc_check(a), 0);
        QCHECK(pqc_sw_find_kem(a->name) == a); /* names are unique */
        seen += a == &test_kem;
    }
    QCHECK_EQ(seen, 1);
    QCHECK(pqc_kem_at(pqc_kem_count()) == NULL);
    seen = 0;
    for (size_t i = 0; i < pqc_sig_count(); i++) {
        const struct pqc_sig_alg *a = pqc_sig_at(i);
        QCHECK_EQ(pqc_sig_desc_check(a), 0);
        QCHECK(pqc_sw_find_sig(a->name) == a);
        seen += a == &test_sig;
    }
    QCHECK_EQ(seen, 1);
    QCHECK(pqc_sig_at(pqc_sig_count()) == NULL);
}

QTEST(registered_functions_are_callable)
{
    const struct pqc_sig_alg *s = pqc_sw_find_sig("TEST-SIG-1");
    uint8_t pk, sk, sig, seed = 0x5a, msg = 0x11;
    QCHECK_EQ(s->keygen(&pk, &sk, &seed, NULL), 0);
    QCHECK_EQ(s->sign(&sig, &sk, &msg, 1, NULL, 0, NULL, NULL), 0);
    QCHECK_EQ(s->verify(&pk, &msg, 1, NULL, 0, &sig, 1, NULL), 0);
    sig ^= 1;
    QCHECK_EQ(s->verify(&pk, &msg, 1, NULL, 0, &sig, 1, NULL), PQC_ERR_VERIFY);
}

QTEST(desc_check_rejects_incomplete)
{
    struct pqc_kem_alg k = test_kem;
    k.decaps = NULL;
    QCHECK_EQ(pqc_kem_desc_check(&k), PQC_ERR_BAD_PARAM);
    k = test_kem;
    k.ct_len = 0;
    QCHECK_EQ(pqc_kem_desc_check(&k), PQC_ERR_BAD_PARAM);
    struct pqc_sig_alg s = test_sig;
    s.name = "";
    QCHECK_EQ(pqc_sig_desc_check(&s), PQC_ERR_BAD_PARAM);
    QCHECK_EQ(pqc_sig_desc_check(NULL), PQC_ERR_BAD_PARAM);
}
