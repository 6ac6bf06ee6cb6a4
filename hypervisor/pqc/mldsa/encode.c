/* FIPS 204 §7.1 (BitPack family) and §7.2 (key and signature encodings). */
#include "pqc/mldsa/encode.h"
#include "lib/errors.h"
#include "lib/string.h"
#include "pqc/mldsa/ct.h"

void mldsa_pack_bits(uint8_t *out, const int32_t a[MLDSA_N], unsigned bits, int32_t b)
{
    uint64_t acc = 0;
    unsigned n = 0, o = 0;
    uint32_t mask = (1u << bits) - 1;
    for (unsigned i = 0; i < MLDSA_N; i++) {
        uint32_t v = b ? (uint32_t)(b - a[i]) : (uint32_t)a[i];
        acc |= (uint64_t)(v & mask) << n;
        n += bits;
        while (n >= 8) {
            out[o++] = (uint8_t)acc;
            acc >>= 8;
            n -= 8;
        }
    }
}

void mldsa_unpack_bits(int32_t a[MLDSA_N], const uint8_t *in, unsigned bits, int32_t b)
{
    uint64_t acc = 0;
    unsigned n = 0, o = 0;
    uint32_t mask = (1u << bits) - 1;
    for (unsigned i = 0; i < MLDSA_N; i++) {
        while (n < bits) {
            acc |= (uint64_t)in[o++] << n;
            n += 8;
        }
        int32_t v = (int32_t)(acc & mask);
        acc >>= bits;
        n -= bits;
        a[i] = b ? b - v : v;
    }
}

static unsigned eta_bits(const struct mldsa_params *p)
{
    return p->eta == 2 ? 3 : 4; /* bitlen(2 eta) */
}

void mldsa_pk_encode(const struct mldsa_params *p, uint8_t *pk, const uint8_t rho[32],
                     const mldsa_poly *t1)
{
    memcpy(pk, rho, 32);
    for (unsigned i = 0; i < p->k; i++)
        mldsa_pack_bits(pk + 32 + i * MLDSA_POLYT1_BYTES, t1[i], 10, 0);
}

void mldsa_pk_decode(const struct mldsa_params *p, uint8_t rho[32], mldsa_poly *t1,
                     const uint8_t *pk)
{
    memcpy(rho, pk, 32);
    for (unsigned i = 0; i < p->k; i++)
        mldsa_unpack_bits(t1[i], pk + 32 + i * MLDSA_POLYT1_BYTES, 10, 0);
}

void mldsa_sk_encode(const struct mldsa_params *p, uint8_t *sk, const uint8_t rho[32],
                     const uint8_t key[32], const uint8_t tr[64], const mldsa_poly *s1,
                     const mldsa_poly *s2, const mldsa_poly *t0)
{
    unsigned eb = eta_bits(p);
    memcpy(sk, rho, 32);
    memcpy(sk + 32, key, 32);
    memcpy(sk + 64, tr, 64);
    sk += 128;
    for (unsigned i = 0; i < p->l; i++, sk += p->eta_poly_bytes)
        mldsa_pack_bits(sk, s1[i], eb, (int32_t)p->eta);
    for (unsigned i = 0; i < p->k; i++, sk += p->eta_poly_bytes)
        mldsa_pack_bits(sk, s2[i], eb, (int32_t)p->eta);
    for (unsigned i = 0; i < p->k; i++, sk += MLDSA_POLYT0_BYTES)
        mldsa_pack_bits(sk, t0[i], 13, 1 << (MLDSA_D - 1));
}

/* Unpack one eta polynomial and fold "some coefficient < -eta" into bad:
 * the encoding stores eta - s in 3/4 bits, so s > eta cannot occur. */
static uint32_t unpack_eta(const struct mldsa_params *p, int32_t *a, const uint8_t *in)
{
    uint32_t bad = 0;
    mldsa_unpack_bits(a, in, eta_bits(p), (int32_t)p->eta);
    for (unsigned j = 0; j < MLDSA_N; j++)
        bad |= (uint32_t)(a[j] + (int32_t)p->eta); /* negative iff a_j < -eta */
    return bad >> 31;
}

int mldsa_sk_decode(const struct mldsa_params *p, mldsa_poly *s1, mldsa_poly *s2,
                    mldsa_poly *t0, const uint8_t *sk)
{
    uint32_t bad = 0;
    int32_t tmp[MLDSA_N];
    sk += 128;
    for (unsigned i = 0; i < p->l; i++, sk += p->eta_poly_bytes)
        bad |= unpack_eta(p, s1 ? s1[i] : tmp, sk);
    for (unsigned i = 0; i < p->k; i++, sk += p->eta_poly_bytes)
        bad |= unpack_eta(p, s2 ? s2[i] : tmp, sk);
    if (t0)
        for (unsigned i = 0; i < p->k; i++, sk += MLDSA_POLYT0_BYTES)
            mldsa_unpack_bits(t0[i], sk, 13, 1 << (MLDSA_D - 1));
    qv_memzero_explicit(tmp, sizeof tmp);
    /* Only the verdict is revealed (ct.h). */
    MLDSA_DECLASSIFY(&bad, sizeof bad);
    return bad ? PQC_ERR_BAD_KEY : 0;
}

void mldsa_sig_encode(const struct mldsa_params *p, uint8_t *sig, const uint8_t *ctilde,
                      const mldsa_poly *z, const mldsa_poly *h)
{
    unsigned zb = p->gamma1 == (1 << 17) ? 18 : 20;
    memcpy(sig, ctilde, p->ctilde_len);
    sig += p->ctilde_len;
    for (unsigned i = 0; i < p->l; i++, sig += p->z_poly_bytes)
        mldsa_pack_bits(sig, z[i], zb, p->gamma1);
    /* Alg. 20 HintBitPack: positions of the ones, then running counts. */
    memset(sig, 0, p->omega + p->k);
    unsigned idx = 0;
    for (unsigned i = 0; i < p->k; i++) {
        for (unsigned j = 0; j < MLDSA_N; j++)
            if (h[i][j])
                sig[idx++] = (uint8_t)j;
        sig[p->omega + i] = (uint8_t)idx;
    }
}

int mldsa_sig_decode(const struct mldsa_params *p, mldsa_poly *z, mldsa_poly *h,
                     const uint8_t *sig)
{
    unsigned zb = p->gamma1 == (1 << 17) ? 18 : 20;
    const uint8_t *y;
    sig += p->ctilde_len;
    for (unsigned i = 0; i < p->l; i++, sig += p->z_poly_bytes)
        mldsa_unpack_bits(z[i], sig, zb, p->gamma1);
    /* Alg. 21 HintBitUnpack; the signature is public, branches are fine. */
    y = sig;
    unsigned idx = 0;
    for (unsigned i = 0; i < p->k; i++) {
        unsigned end = y[p->omega + i];
        memset(h[i], 0, sizeof h[i]);
        if (end < idx || end > p->omega)
            return PQC_ERR_VERIFY;
        for (unsigned first = idx; idx < end; idx++) {
            /* Strictly increasing positions make the encoding unique. */
            if (idx > first && y[idx - 1] >= y[idx])
                return PQC_ERR_VERIFY;
            h[i][y[idx]] = 1;
        }
    }
    for (; idx < p->omega; idx++)
        if (y[idx])
            return PQC_ERR_VERIFY;
    return 0;
}

void mldsa_w1_encode(const struct mldsa_params *p, uint8_t *out, const mldsa_poly *w1)
{
    unsigned bits = p->w1_poly_bytes / 32; /* bitlen((q-1)/(2 gamma2) - 1) */
    for (unsigned i = 0; i < p->k; i++)
        mldsa_pack_bits(out + i * p->w1_poly_bytes, w1[i], bits, 0);
}
