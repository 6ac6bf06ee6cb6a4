/* FIPS 204 Alg. 7 ML-DSA.Sign_internal from mu on (the caller computed
 * mu = H(tr || M', 64), steps 6-7). Deterministic when rnd is NULL
 * (rnd = 0^32), hedged otherwise. */
#include "pqc/mldsa/ct.h"
#include "pqc/mldsa/internal.h"
#include "pqc/mldsa/mldsa.h"
#include "pqc/mldsa/ntt.h"
#include "pqc/mldsa/reduce.h"
#include "pqc/mldsa/rounding.h"
#include "pqc/mldsa/sample.h"
#include "pqc/hash/sha3.h"
#include "lib/errors.h"

struct sign_state {
    const struct mldsa_params *p;
    mldsa_poly *a, *s1, *s2, *t0, *y, *yhat, *w, *h, *chat, *tmp;
};

/* One iteration of the rejection loop (steps 11-31) for nonce kappa.
 * Returns 1 and fills sig when the candidate is accepted. */
static int sign_attempt(struct sign_state *st, uint8_t *sig, const uint8_t mu[64],
                        const uint8_t rhopp[64], uint16_t kappa)
{
    const struct mldsa_params *p = st->p;
    unsigned k = p->k, l = p->l;
    uint8_t w1buf[MLDSA_MAX_K * 192], ctilde[MLDSA_MAX_CTILDE];
    keccak_ctx ctx;
    uint32_t reject = 0;
    unsigned ones = 0;

    /* Steps 11-13: y = ExpandMask(rho'', kappa); w = invNTT(A^ o NTT(y)). */
    for (unsigned i = 0; i < l; i++) {
        mldsa_expand_mask_poly(st->y[i], rhopp, (uint16_t)(kappa + i), p->gamma1);
        memcpy(st->yhat[i], st->y[i], sizeof(mldsa_poly));
        mldsa_ntt(st->yhat[i]);
    }
    mldsa_matrix_mul(p, st->w, st->a, st->yhat);
    /* Steps 14-15: w1 = HighBits(w), c~ = H(mu || w1Encode(w1), lambda/4). */
    for (unsigned i = 0; i < k; i++) {
        int32_t lo;
        mldsa_poly_freeze(st->w[i]);
        for (unsigned j = 0; j < MLDSA_N; j++)
            mldsa_decompose(&st->tmp[0][j], &lo, st->w[i][j], p->gamma2);
        mldsa_pack_bits(w1buf + i * p->w1_poly_bytes, st->tmp[0], p->w1_poly_bytes / 32, 0);
    }
    shake256_init(&ctx);
    keccak_absorb(&ctx, mu, MLDSA_MUBYTES);
    keccak_absorb(&ctx, w1buf, k * p->w1_poly_bytes);
    keccak_squeeze(&ctx, ctilde, p->ctilde_len);
    /* c~ is public (ct.h): part of the signature, or a hash of w1 otherwise. */
    MLDSA_DECLASSIFY(ctilde, sizeof ctilde);
    mldsa_sample_in_ball(st->chat[0], ctilde, p->ctilde_len, p->tau); /* step 16 */
    mldsa_ntt(st->chat[0]);

    /* Steps 19, 21, 23: w := w - <<c s2>> (kept in [0, q)); reject if
     * ||LowBits(w - cs2)|| >= gamma2 - beta. Checked before z because it
     * rejects more often (pass rate ~exp(-256 beta k / gamma2) vs
     * ~exp(-256 beta l / gamma1)), so rejected iterations skip the cs1 work;
     * the result is the same as evaluating both (Alg. 7 step 23 is an OR). */
    for (unsigned i = 0; i < k; i++) {
        mldsa_pointwise_mont(st->tmp[0], st->chat[0], st->s2[i]);
        mldsa_invntt_tomont(st->tmp[0]);
        mldsa_poly_sub(st->w[i], st->w[i], st->tmp[0]);
        mldsa_poly_freeze(st->w[i]);
        for (unsigned j = 0; j < MLDSA_N; j++) {
            int32_t hi;
            mldsa_decompose(&hi, &st->tmp[0][j], st->w[i][j], p->gamma2);
        }
        reject |= mldsa_poly_exceeds(st->tmp[0], p->gamma2 - p->beta);
    }
    mldsa_wipe(w1buf, sizeof w1buf);
    mldsa_wipe(&ctx, sizeof ctx);
    MLDSA_DECLASSIFY(&reject, sizeof reject); /* loop exit (ct.h) */
    if (reject)
        return 0;

    /* Steps 18, 20, 23: z = y + <<c s1>>; reject if ||z|| >= gamma1 - beta.
     * z overwrites y; the check covers every coefficient. */
    for (unsigned i = 0; i < l; i++) {
        mldsa_pointwise_mont(st->tmp[0], st->chat[0], st->s1[i]);
        mldsa_invntt_tomont(st->tmp[0]);
        for (unsigned j = 0; j < MLDSA_N; j++)
            st->y[i][j] = mldsa_reduce32(st->y[i][j] + st->tmp[0][j]);
        reject |= mldsa_poly_exceeds(st->y[i], p->gamma1 - p->beta);
    }
    MLDSA_DECLASSIFY(&reject, sizeof reject); /* loop exit (ct.h) */
    if (reject)
        return 0;

    /* Steps 25-28: ct0 = <<c t0>>; h = MakeHint(-ct0, w - cs2 + ct0), i.e.
     * h_j = [HighBits(w - cs2 + ct0) != HighBits(w - cs2)] (Alg. 39);
     * reject if ||ct0|| >= gamma2 or more than omega ones. */
    for (unsigned i = 0; i < k; i++) {
        mldsa_pointwise_mont(st->tmp[0], st->chat[0], st->t0[i]);
        mldsa_invntt_tomont(st->tmp[0]);
        reject |= mldsa_poly_exceeds(st->tmp[0], p->gamma2);
        for (unsigned j = 0; j < MLDSA_N; j++) {
            int32_t r1, v1, lo;
            mldsa_decompose(&r1, &lo, mldsa_freeze(st->w[i][j] + st->tmp[0][j]), p->gamma2);
            mldsa_decompose(&v1, &lo, st->w[i][j], p->gamma2);
            st->h[i][j] = (int32_t)(((uint32_t)(r1 ^ v1) | (uint32_t)-(r1 ^ v1)) >> 31);
            ones += (unsigned)st->h[i][j];
        }
    }
    reject |= (uint32_t)(p->omega - ones) >> 31; /* ones > omega */
    MLDSA_DECLASSIFY(&reject, sizeof reject);
    if (reject)
        return 0;
    /* Accepted: z and h are the signature (public output). */
    for (unsigned i = 0; i < l; i++)
        MLDSA_DECLASSIFY(st->y[i], sizeof(mldsa_poly));
    for (unsigned i = 0; i < k; i++)
        MLDSA_DECLASSIFY(st->h[i], sizeof(mldsa_poly));
    mldsa_sig_encode(p, sig, ctilde, st->y, st->h);                 /* step 33 */
    return 1;
}

int mldsa_sign_mu(const struct mldsa_params *p, uint8_t *sig, const uint8_t *sk,
                  const uint8_t mu[MLDSA_MUBYTES], const uint8_t *rnd, void *work)
{
    unsigned k = p->k, l = p->l;
    mldsa_poly *base = mldsa_work_polys(work);
    struct sign_state st = { .p = p, .a = base };
    uint8_t rhopp[MLDSA_CRHBYTES];
    keccak_ctx ctx;
    static const uint8_t zeros[MLDSA_RNDBYTES];
    int ret;

    st.s1 = st.a + k * l;
    st.y = st.s1 + l;
    st.yhat = st.y + l;
    st.s2 = st.yhat + l;
    st.t0 = st.s2 + k;
    st.w = st.t0 + k;
    st.h = st.w + k;
    st.chat = st.h + k;
    st.tmp = st.chat + 1;

    /* Step 1: skDecode; malformed s1/s2 are refused. */
    ret = mldsa_sk_decode(p, st.s1, st.s2, st.t0, sk);
    if (ret)
        goto out;
    for (unsigned i = 0; i < l; i++)                            /* step 2 */
        mldsa_ntt(st.s1[i]);
    for (unsigned i = 0; i < k; i++) {                          /* steps 3-4 */
        mldsa_ntt(st.s2[i]);
        mldsa_ntt(st.t0[i]);
    }
    mldsa_expand_a(p, st.a, sk);                                /* step 5 */
    /* Step 8: rho'' = H(K || rnd || mu, 64). */
    shake256_init(&ctx);
    keccak_absorb(&ctx, sk + 32, 32);
    keccak_absorb(&ctx, rnd ? rnd : zeros, MLDSA_RNDBYTES);
    keccak_absorb(&ctx, mu, MLDSA_MUBYTES);
    keccak_squeeze(&ctx, rhopp, sizeof rhopp);

    /* Step 10: kappa advances by l; IntegerToBytes(kappa + r, 2) needs
     * kappa + l <= 2^16, which bounds the attempts (the expected count is
     * 4.25 / 5.1 / 3.85 for the three sets, FIPS 204 Table 1). */
    ret = PQC_ERR_GENERIC;
    for (uint32_t kappa = 0; kappa + l <= 0x10000; kappa += l) {
        if (sign_attempt(&st, sig, mu, rhopp, (uint16_t)kappa)) {
            ret = 0;
            break;
        }
    }
out:
    qv_memzero_explicit(rhopp, sizeof rhopp);
    qv_memzero_explicit(&ctx, sizeof ctx);
    /* Everything after A is secret-derived (s1, y, z, s2, t0, w, h, c, tmp). */
    mldsa_wipe(st.s1, (3 * l + 4 * k + 2) * sizeof(mldsa_poly));
    return ret;
}
