/* FIPS 204 §7.3 sampling. SHAKE128 for the public matrix, SHAKE256 for all
 * secret-derived polynomials. Declassification points: see ct.h. */
#include "pqc/mldsa/sample.h"
#include "pqc/mldsa/ct.h"
#include "pqc/mldsa/encode.h"
#include "pqc/hash/sha3.h"
#include "lib/string.h"

void mldsa_expand_a_entry(int32_t a[MLDSA_N], const uint8_t rho[MLDSA_SEEDBYTES],
                          unsigned r, unsigned s)
{
    uint8_t seed[MLDSA_SEEDBYTES + 2], buf[SHAKE128_RATE];
    keccak_ctx ctx;
    unsigned j = 0;

    memcpy(seed, rho, MLDSA_SEEDBYTES);
    seed[MLDSA_SEEDBYTES] = (uint8_t)s;     /* Alg. 32 step 5: rho || s || r */
    seed[MLDSA_SEEDBYTES + 1] = (uint8_t)r;
    shake128_init(&ctx);
    keccak_absorb(&ctx, seed, sizeof seed);
    /* Alg. 30 + Alg. 14 CoeffFromThreeBytes: 23-bit candidates, accept < q.
     * rho is public, so the data-dependent loop is fine. 168 = 56 * 3. */
    while (j < MLDSA_N) {
        keccak_squeeze(&ctx, buf, sizeof buf);
        for (unsigned i = 0; i + 3 <= sizeof buf && j < MLDSA_N; i += 3) {
            uint32_t t = buf[i] | ((uint32_t)buf[i + 1] << 8) |
                         ((uint32_t)(buf[i + 2] & 0x7f) << 16);
            if (t < MLDSA_Q)
                a[j++] = (int32_t)t;
        }
    }
}

void mldsa_expand_s_poly(int32_t a[MLDSA_N], const uint8_t rhop[MLDSA_CRHBYTES],
                         uint16_t nonce, unsigned eta)
{
    uint8_t seed[MLDSA_CRHBYTES + 2], buf[SHAKE256_RATE];
    keccak_ctx ctx;
    unsigned j = 0;

    memcpy(seed, rhop, MLDSA_CRHBYTES);
    seed[MLDSA_CRHBYTES] = (uint8_t)nonce;
    seed[MLDSA_CRHBYTES + 1] = (uint8_t)(nonce >> 8);
    shake256_init(&ctx);
    keccak_absorb(&ctx, seed, sizeof seed);
    while (j < MLDSA_N) {
        keccak_squeeze(&ctx, buf, sizeof buf);
        for (unsigned i = 0; i < 2 * sizeof buf && j < MLDSA_N; i++) {
            /* Alg. 31: low nibble first, then high nibble. */
            uint32_t b = (buf[i >> 1] >> ((i & 1) * 4)) & 15;
            uint32_t ok;
            int32_t v;
            /* Alg. 15 CoeffFromHalfByte, computed before the (declassified)
             * acceptance test: eta = 2 accepts b < 15 and maps to 2 - b mod 5
             * (b * 13 >> 6 = floor(b / 5) for b < 15); eta = 4 accepts b < 9. */
            if (eta == 2) {
                ok = (b - 15) >> 31;
                v = 2 - (int32_t)(b - 5 * ((b * 13) >> 6));
            } else {
                ok = (b - 9) >> 31;
                v = 4 - (int32_t)b;
            }
            MLDSA_DECLASSIFY(&ok, sizeof ok);
            if (ok)
                a[j++] = v;
        }
    }
    qv_memzero_explicit(buf, sizeof buf);
    qv_memzero_explicit(seed, sizeof seed);
    qv_memzero_explicit(&ctx, sizeof ctx);
}

void mldsa_expand_mask_poly(int32_t a[MLDSA_N], const uint8_t rhopp[MLDSA_CRHBYTES],
                            uint16_t nonce, int32_t gamma1)
{
    uint8_t seed[MLDSA_CRHBYTES + 2], buf[640];
    unsigned bits = gamma1 == (1 << 17) ? 18 : 20; /* 1 + bitlen(gamma1 - 1) */
    keccak_ctx ctx;

    memcpy(seed, rhopp, MLDSA_CRHBYTES);
    seed[MLDSA_CRHBYTES] = (uint8_t)nonce;
    seed[MLDSA_CRHBYTES + 1] = (uint8_t)(nonce >> 8);
    shake256_init(&ctx);
    keccak_absorb(&ctx, seed, sizeof seed);
    keccak_squeeze(&ctx, buf, 32 * bits);
    /* Alg. 34 step 4: BitUnpack(v, gamma1 - 1, gamma1), y_i = gamma1 - v_i. */
    mldsa_unpack_bits(a, buf, bits, gamma1);
    qv_memzero_explicit(buf, sizeof buf);
    qv_memzero_explicit(seed, sizeof seed);
    qv_memzero_explicit(&ctx, sizeof ctx);
}

void mldsa_sample_in_ball(int32_t c[MLDSA_N], const uint8_t *ctilde, size_t ctilde_len,
                          unsigned tau)
{
    uint8_t buf[SHAKE256_RATE];
    keccak_ctx ctx;
    uint64_t signs = 0;
    unsigned pos = 8;

    shake256_init(&ctx);
    keccak_absorb(&ctx, ctilde, ctilde_len);
    keccak_squeeze(&ctx, buf, sizeof buf);
    /* Step 4: the first 8 bytes give the sign bits h, little-endian. */
    for (unsigned i = 0; i < 8; i++)
        signs |= (uint64_t)buf[i] << (8 * i);
    memset(c, 0, MLDSA_N * sizeof c[0]);
    /* Steps 5-11: inside-out Fisher-Yates; c~ is public (see ct.h). */
    for (unsigned i = MLDSA_N - tau; i < MLDSA_N; i++) {
        unsigned j;
        do {
            if (pos == sizeof buf) {
                keccak_squeeze(&ctx, buf, sizeof buf);
                pos = 0;
            }
            j = buf[pos++];
        } while (j > i);
        c[i] = c[j];
        c[j] = 1 - 2 * (int32_t)(signs & 1);
        signs >>= 1;
    }
}
