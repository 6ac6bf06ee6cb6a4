/* Constant-time cases for SLH-DSA (FIPS 205): SK.seed and SK.prf are secret.
 * Only values the signature publishes anyway (R, tree roots, the FORS public
 * key; hypervisor/pqc/slhdsa/ct.h) are declassified inside the signer, so any
 * branch or index on anything else derived from the seeds is reported.
 * The fast 'f' sets keep the valgrind run short; the code paths are shared
 * with the 's' sets (only tree heights differ). */
#include <stdlib.h>
#include "ct.h"
#include "pqc/pqc.h"
#include "pqc/slhdsa/slhdsa.h"

static void keygen_case(const char *name, uint32_t fill)
{
    const struct pqc_sig_alg *a = pqc_sw_find_sig(name);
    uint8_t seed[96], pk[64], sk[128];
    void *work = ct_alloc(a->work_len);

    ct_fill(seed, sizeof seed, fill);
    ct_secret(seed, 2 * a->rnd_len); /* SK.seed || SK.prf; PK.seed is public */
    a->keygen(pk, sk, seed, work);
    ct_public(pk, a->pk_len);
    free(work);
}

static void sign_case(const char *name, uint32_t fill, bool hedged)
{
    const struct pqc_sig_alg *a = pqc_sw_find_sig(name);
    uint8_t seed[96], pk[64], sk[128], msg[40], ctx[3] = { 1, 2, 3 }, rnd[32];
    uint8_t *sig = ct_alloc(a->sig_len);
    void *work = ct_alloc(a->work_len);
    size_t n = a->rnd_len;

    ct_fill(seed, sizeof seed, fill);
    ct_fill(msg, sizeof msg, fill + 1);
    ct_fill(rnd, sizeof rnd, fill + 2);
    a->keygen(pk, sk, seed, work);
    ct_secret(sk, 2 * n);
    if (hedged)
        ct_secret(rnd, n); /* opt_rand is secret too (FIPS 205 §9.2) */
    a->sign(sig, sk, msg, sizeof msg, ctx, sizeof ctx, hedged ? rnd : NULL, work);
    ct_public(sig, a->sig_len);
    free(sig);
    free(work);
}

static void ct_slh_keygen_sha2(void) { keygen_case("SLH-DSA-SHA2-128f", 1); }
CT_CASE(slhdsa_keygen_sha2_128f, ct_slh_keygen_sha2)
static void ct_slh_keygen_shake(void) { keygen_case("SLH-DSA-SHAKE-128f", 2); }
CT_CASE(slhdsa_keygen_shake_128f, ct_slh_keygen_shake)
static void ct_slh_sign_sha2_128f(void) { sign_case("SLH-DSA-SHA2-128f", 3, false); }
CT_CASE(slhdsa_sign_sha2_128f, ct_slh_sign_sha2_128f)
/* Categories 3/5 switch H, T_l, H_msg and PRF_msg (HMAC) to SHA-512. */
static void ct_slh_sign_sha2_192f(void) { sign_case("SLH-DSA-SHA2-192f", 4, true); }
CT_CASE(slhdsa_sign_sha2_192f_hedged, ct_slh_sign_sha2_192f)
static void ct_slh_sign_shake_128f(void) { sign_case("SLH-DSA-SHAKE-128f", 5, true); }
CT_CASE(slhdsa_sign_shake_128f_hedged, ct_slh_sign_shake_128f)
