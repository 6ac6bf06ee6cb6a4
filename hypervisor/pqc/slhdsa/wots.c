/* WOTS+ (FIPS 205 §5). */
#include "pqc/slhdsa/wots.h"
#include "lib/string.h"

void slh_base_2b(const uint8_t *x, unsigned b, unsigned out_len, uint32_t *out)
{
    uint32_t total = 0;
    unsigned bits = 0, in = 0;

    /* Only the low b + 7 bits of `total` are ever read, so letting the top
     * bits fall off the 32-bit accumulator is harmless for b <= 24. */
    for (unsigned i = 0; i < out_len; i++) {
        while (bits < b) {
            total = (total << 8) | x[in++];
            bits += 8;
        }
        bits -= b;
        out[i] = (total >> bits) & ((1u << b) - 1);
    }
}

void slh_wots_digits(const struct slh_params *p, const uint8_t *msg, uint32_t *digits)
{
    unsigned len1 = 2u * p->n;
    uint32_t csum = 0;
    uint8_t cb[2];

    slh_base_2b(msg, SLH_LG_W, len1, digits);
    for (unsigned i = 0; i < len1; i++)
        csum += SLH_W - 1 - digits[i];
    /* len2 * lg_w = 12 bits: shift left by (8 - 12 mod 8) mod 8 = 4 so the
     * checksum is byte aligned, then take the top 3 nibbles of 2 bytes. */
    csum <<= 4;
    cb[0] = (uint8_t)(csum >> 8);
    cb[1] = (uint8_t)csum;
    slh_base_2b(cb, SLH_LG_W, SLH_LEN2, digits + len1);
}

/* chain (Alg. 5): s iterations of F starting at position i. */
static void chain(struct slh_ctx *c, uint8_t *x, unsigned i, unsigned s, slh_adrs *adrs)
{
    for (unsigned j = i; j < i + s; j++) {
        slh_adrs_set_hash(adrs, j);
        slh_F(c, adrs, x, x);
    }
}

/* The PRF address of a key pair: WOTS_PRF type, same key pair (Alg. 6 l. 1-3). */
static void prf_adrs(slh_adrs *sk, const slh_adrs *adrs)
{
    *sk = *adrs;
    slh_adrs_set_type(sk, SLH_WOTS_PRF);
    slh_adrs_set_keypair(sk, slh_adrs_get_keypair(adrs));
}

static void pk_adrs(slh_adrs *pk, const slh_adrs *adrs)
{
    *pk = *adrs;
    slh_adrs_set_type(pk, SLH_WOTS_PK);
    slh_adrs_set_keypair(pk, slh_adrs_get_keypair(adrs));
}

void slh_wots_pkgen(struct slh_ctx *c, slh_adrs *adrs, uint8_t *pk)
{
    const struct slh_params *p = c->p;
    struct slh_thash t;
    slh_adrs sk_adrs, pka;
    uint8_t x[SLH_MAX_N];

    prf_adrs(&sk_adrs, adrs);
    pk_adrs(&pka, adrs);
    /* The chain ends are fed to T_len as they are produced (Alg. 6 l. 10)
     * instead of being collected in a len * n buffer. */
    slh_T_init(c, &t, &pka);
    for (unsigned i = 0; i < p->len; i++) {
        slh_adrs_set_chain(&sk_adrs, i);
        slh_PRF(c, &sk_adrs, x);
        slh_adrs_set_chain(adrs, i);
        chain(c, x, 0, SLH_W - 1, adrs);
        slh_T_update(c, &t, x, p->n);
    }
    slh_T_final(c, &t, pk);
    qv_memzero_explicit(x, sizeof(x));
}

void slh_wots_sign(struct slh_ctx *c, const uint8_t *msg, slh_adrs *adrs, uint8_t *sig)
{
    const struct slh_params *p = c->p;
    uint32_t digits[SLH_MAX_LEN];
    slh_adrs sk_adrs;

    slh_wots_digits(p, msg, digits);
    prf_adrs(&sk_adrs, adrs);
    for (unsigned i = 0; i < p->len; i++) {
        uint8_t *s = sig + (size_t)i * p->n;
        slh_adrs_set_chain(&sk_adrs, i);
        slh_PRF(c, &sk_adrs, s);
        slh_adrs_set_chain(adrs, i);
        chain(c, s, 0, digits[i], adrs);
    }
}

void slh_wots_pk_from_sig(struct slh_ctx *c, const uint8_t *sig, const uint8_t *msg,
                          slh_adrs *adrs, uint8_t *pk)
{
    const struct slh_params *p = c->p;
    uint32_t digits[SLH_MAX_LEN];
    struct slh_thash t;
    slh_adrs pka;
    uint8_t x[SLH_MAX_N];

    slh_wots_digits(p, msg, digits);
    pk_adrs(&pka, adrs);
    slh_T_init(c, &t, &pka);
    for (unsigned i = 0; i < p->len; i++) {
        memcpy(x, sig + (size_t)i * p->n, p->n);
        slh_adrs_set_chain(adrs, i);
        chain(c, x, digits[i], SLH_W - 1 - digits[i], adrs);
        slh_T_update(c, &t, x, p->n);
    }
    slh_T_final(c, &t, pk);
}
