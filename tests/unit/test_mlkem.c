/* ML-KEM (FIPS 203): arithmetic against direct definitions, KEM round trips,
 * input checks, and the NIST ACVP vectors in tests/vectors/mlkem/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "lib/errors.h"
#include "pqc/hash/sha3.h"
#include "pqc/pqc.h"
#include "pqc/mlkem/mlkem.h"
#include "pqc/mlkem/ntt.h"
#include "pqc/mlkem/reduce.h"
#include "pqc/mlkem/sample.h"

#define Q MLKEM_Q

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rnd32(void)  /* xorshift64*: reproducible test inputs */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}
static void rnd_bytes(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)rnd32();
}
static int modq(long x) { x %= Q; return (int)(x < 0 ? x + Q : x); }

static long powmod(long b, long e)
{
    long r = 1;
    while (e--)
        r = r * b % Q;
    return r;
}
static unsigned bitrev7(unsigned i)
{
    unsigned r = 0;
    for (unsigned b = 0; b < 7; b++)
        r |= ((i >> b) & 1) << (6 - b);
    return r;
}

QTEST(mlkem_zeta_table)
{
    /* FIPS 203 §4.3: zeta = 17, entries zeta^BitRev7(i), stored times 2^16. */
    int bad = 0;
    for (unsigned i = 0; i < 128; i++) {
        bad += modq(mlkem_zetas[i]) != modq(powmod(17, bitrev7(i)) * 65536);
        bad += mlkem_zetas[i] < -Q / 2 || mlkem_zetas[i] > Q / 2;
    }
    QCHECK_EQ(bad, 0);
    QCHECK_EQ(powmod(17, 128), Q - 1);
}

QTEST(mlkem_reductions)
{
    int bad = 0;
    for (int i = 0; i < 200000; i++) {
        int32_t a = (int32_t)(rnd32() % (2u * Q * 32768u)) - Q * 32768;
        int16_t r = mlkem_montgomery_reduce(a);
        bad += r <= -Q || r >= Q;
        bad += modq((long)r * 65536) != modq(a);   /* r 2^16 == a (mod q) */
        int16_t x = (int16_t)rnd32();
        int16_t b = mlkem_barrett_reduce(x);
        bad += b < -(Q - 1) / 2 || b > (Q - 1) / 2;
        bad += modq(b) != modq(x);
    }
    for (int x = -Q + 1; x < Q; x++)
        bad += mlkem_caddq((int16_t)x) != modq(x);
    QCHECK_EQ(bad, 0);
}

/* Schoolbook product in Z_q[X]/(X^256 + 1). */
static void negacyclic_mul(int *r, const int16_t *a, const int16_t *b)
{
    long t[MLKEM_N] = {0};
    for (int i = 0; i < MLKEM_N; i++)
        for (int j = 0; j < MLKEM_N; j++) {
            long p = (long)a[i] * b[j];
            if (i + j < MLKEM_N)
                t[i + j] += p;
            else
                t[i + j - MLKEM_N] -= p;
        }
    for (int i = 0; i < MLKEM_N; i++)
        r[i] = modq(t[i]);
}

QTEST(mlkem_ntt_multiplication)
{
    /* NTT^-1(sum NTT(a_j) (x) NTT(b_j)) equals the sum of schoolbook
     * products, for up to k = 4 terms of full-range inputs. */
    for (int trial = 0; trial < 8; trial++) {
        static int16_t a[4][MLKEM_N], b[4][MLKEM_N];
        int want[MLKEM_N] = {0}, prod[MLKEM_N];
        int32_t acc[MLKEM_N] = {0};
        int16_t r[MLKEM_N];
        int terms = 1 + trial % 4, bad = 0;
        for (int t = 0; t < terms; t++) {
            for (int i = 0; i < MLKEM_N; i++) {
                a[t][i] = (int16_t)(rnd32() % Q);
                b[t][i] = (int16_t)((int)(rnd32() % (2 * Q - 1)) - (Q - 1));
            }
            negacyclic_mul(prod, a[t], b[t]);
            for (int i = 0; i < MLKEM_N; i++)
                want[i] = (want[i] + prod[i]) % Q;
            mlkem_ntt(a[t]);
            mlkem_ntt(b[t]);
            for (int i = 0; i < MLKEM_N; i++)
                bad += a[t][i] < -Q / 2 || a[t][i] > Q / 2;
            mlkem_basemul_acc(acc, a[t], b[t]);
        }
        mlkem_basemul_finish(r, acc);
        mlkem_invntt_tomont(r);
        for (int i = 0; i < MLKEM_N; i++) {
            bad += modq(r[i]) != want[i];
            bad += r[i] <= -Q || r[i] >= Q;
            bad += acc[i] != 0;
        }
        QCHECK_EQ(bad, 0);
    }
}

QTEST(mlkem_compress_exhaustive)
{
    static const unsigned ds[] = {1, 4, 5, 10, 11};
    for (unsigned k = 0; k < sizeof ds / sizeof ds[0]; k++) {
        unsigned d = ds[k];
        int bad = 0;
        for (unsigned x = 0; x < Q; x++) {
            /* round(2^d x / q) = floor((2^(d+1) x + q) / 2q), FIPS 203 eq. 4.7 */
            unsigned want = (((x << (d + 1)) + Q) / (2 * Q)) & ((1u << d) - 1);
            bad += mlkem_compress((uint16_t)x, d) != want;
            /* Decompress(Compress(x)) is within round(q / 2^(d+1)) of x mod q. */
            int y = mlkem_decompress(mlkem_compress((uint16_t)x, d), d);
            int e = modq(y - (int)x);
            if (e > Q / 2)
                e = Q - e;
            bad += e > (int)((Q + (1u << d)) >> (d + 1));
        }
        for (unsigned y = 0; y < (1u << d); y++) {
            unsigned want = (y * 2 * Q + (1u << d)) >> (d + 1);  /* round(q y / 2^d) */
            bad += mlkem_decompress((uint16_t)y, d) != want;
            bad += mlkem_compress(mlkem_decompress((uint16_t)y, d), d) != y;
        }
        QCHECK_EQ(bad, 0);
    }
}

/* Bit-by-bit ByteDecode_d (FIPS 203 Alg. 6, without the final mod). */
static unsigned bit_field(const uint8_t *b, unsigned i, unsigned d)
{
    unsigned v = 0;
    for (unsigned j = 0; j < d; j++) {
        unsigned bit = i * d + j;
        v |= (unsigned)((b[bit / 8] >> (bit % 8)) & 1) << j;
    }
    return v;
}

QTEST(mlkem_encodings)
{
    static const unsigned ds[] = {1, 4, 5, 10, 11};
    uint8_t buf[32 * 12], again[32 * 12];
    mlkem_poly p;
    for (unsigned k = 0; k < sizeof ds / sizeof ds[0]; k++) {
        unsigned d = ds[k];
        int bad = 0;
        rnd_bytes(buf, 32 * d);
        mlkem_poly_decompress(&p, buf, d);
        for (unsigned i = 0; i < MLKEM_N; i++)
            bad += (unsigned)p.c[i] != mlkem_decompress((uint16_t)bit_field(buf, i, d), d);
        mlkem_poly_compress(again, &p, d);
        QCHECK_MEM(again, buf, 32 * d);
        QCHECK_EQ(bad, 0);
    }
    /* d = 12: fields >= q are reduced and reported (§7.2 modulus check). */
    for (unsigned i = 0; i < MLKEM_N; i++)
        p.c[i] = (int16_t)(rnd32() % Q);
    p.c[0] = Q - 1;
    mlkem_poly_tobytes(buf, &p);
    QCHECK_EQ(bit_field(buf, 0, 12), Q - 1);
    mlkem_poly p2;
    QCHECK_EQ(mlkem_poly_frombytes(&p2, buf), 0);
    QCHECK_MEM(p2.c, p.c, sizeof p.c);
    for (unsigned v = Q; v < 4096; v += 97) {
        buf[383] = (uint8_t)(v >> 4);
        buf[382] = (uint8_t)((buf[382] & 0x0f) | ((v & 15) << 4));
        QCHECK(mlkem_poly_frombytes(&p2, buf) != 0);
        QCHECK_EQ(p2.c[255], v - Q);
    }
}

QTEST(mlkem_cbd_matches_definition)
{
    uint8_t buf[64 * 3];
    for (unsigned eta = 2; eta <= 3; eta++)
        for (int trial = 0; trial < 20; trial++) {
            mlkem_poly p;
            int bad = 0;
            rnd_bytes(buf, 64 * eta);
            if (trial == 0)
                memset(buf, 0xff, sizeof buf);
            mlkem_cbd(&p, buf, eta);
            for (unsigned i = 0; i < MLKEM_N; i++) {
                /* FIPS 203 Alg. 8 lines 2-4 */
                int x = 0, y = 0;
                for (unsigned j = 0; j < eta; j++) {
                    x += bit_field(buf, 2 * i * eta + j, 1);
                    y += bit_field(buf, 2 * i * eta + eta + j, 1);
                }
                bad += p.c[i] != x - y;
            }
            QCHECK_EQ(bad, 0);
        }
}

QTEST(mlkem_sample_ntt_definition)
{
    /* Alg. 7 directly on a long SHAKE128 output. */
    uint8_t rho[34], stream[168 * 8];
    mlkem_poly p;
    for (int trial = 0; trial < 4; trial++) {
        rnd_bytes(rho, 32);
        rho[32] = (uint8_t)trial;
        rho[33] = 7;
        shake128(stream, sizeof stream, rho, sizeof rho);
        mlkem_sample_ntt(&p, rho, (uint8_t)trial, 7);
        unsigned j = 0, bad = 0;
        for (unsigned i = 0; j < MLKEM_N; i += 3) {
            unsigned d1 = stream[i] | ((stream[i + 1] & 15u) << 8);
            unsigned d2 = (stream[i + 1] >> 4) | ((unsigned)stream[i + 2] << 4);
            if (d1 < Q)
                bad += (unsigned)p.c[j++] != d1;
            if (d2 < Q && j < MLKEM_N)
                bad += (unsigned)p.c[j++] != d2;
        }
        QCHECK_EQ(bad, 0);
    }
}

static const struct mlkem_params *const sets[] = {&mlkem512, &mlkem768, &mlkem1024};

QTEST(mlkem_sizes)
{
    /* FIPS 203 Table 3 */
    QCHECK_EQ(mlkem512.ek_len, 800);  QCHECK_EQ(mlkem512.dk_len, 1632);  QCHECK_EQ(mlkem512.ct_len, 768);
    QCHECK_EQ(mlkem768.ek_len, 1184); QCHECK_EQ(mlkem768.dk_len, 2400);  QCHECK_EQ(mlkem768.ct_len, 1088);
    QCHECK_EQ(mlkem1024.ek_len, 1568); QCHECK_EQ(mlkem1024.dk_len, 3168); QCHECK_EQ(mlkem1024.ct_len, 1568);
    QCHECK(mlkem_params_get(768) == &mlkem768);
    QCHECK(mlkem_params_get(769) == NULL);
}

QTEST(mlkem_roundtrip_and_rejection)
{
    static struct mlkem_work w;
    static uint8_t ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX];
    uint8_t d[32], z[32], m[32], ss[32], ss2[32], jz[32];
    for (unsigned s = 0; s < 3; s++) {
        const struct mlkem_params *p = sets[s];
        for (int trial = 0; trial < 5; trial++) {
            rnd_bytes(d, 32); rnd_bytes(z, 32); rnd_bytes(m, 32);
            QCHECK_EQ(mlkem_keygen_internal(p, ek, dk, d, z, &w), 0);
            QCHECK_EQ(mlkem_check_ek(p, ek, p->ek_len, &w), 0);
            QCHECK_EQ(mlkem_check_dk(p, dk, p->dk_len), 0);
            QCHECK_EQ(mlkem_encaps_internal(p, ct, ss, ek, p->ek_len, m, &w), 0);
            QCHECK_EQ(mlkem_decaps_internal(p, ss2, ct, p->ct_len, dk, p->dk_len, &w), 0);
            QCHECK_MEM(ss2, ss, 32);
            /* Modified ciphertext: implicit rejection key J(z || c'). */
            ct[rnd32() % p->ct_len] ^= (uint8_t)(1u << (rnd32() % 8));
            keccak_ctx j;
            shake256_init(&j);
            keccak_absorb(&j, z, 32);
            keccak_absorb(&j, ct, p->ct_len);
            keccak_squeeze(&j, jz, 32);
            QCHECK_EQ(mlkem_decaps_internal(p, ss2, ct, p->ct_len, dk, p->dk_len, &w), 0);
            QCHECK_MEM(ss2, jz, 32);
        }
        /* §7.2 / §7.3 input checks */
        QCHECK_EQ(mlkem_encaps_internal(p, ct, ss, ek, p->ek_len - 1, m, &w), PQC_ERR_BAD_LENGTH);
        QCHECK_EQ(mlkem_decaps_internal(p, ss, ct, p->ct_len + 1, dk, p->dk_len, &w), PQC_ERR_BAD_LENGTH);
        QCHECK_EQ(mlkem_decaps_internal(p, ss, ct, p->ct_len, dk, p->dk_len - 1, &w), PQC_ERR_BAD_LENGTH);
        size_t pos = 384 * (rnd32() % p->k) + 3 * (rnd32() % 128);
        uint8_t save0 = ek[pos], save1 = ek[pos + 1];
        ek[pos] = 0x01;  /* first 12-bit field of the triple := 0xd01 = 3329 */
        ek[pos + 1] = (uint8_t)((save1 & 0xf0) | 0x0d);
        QCHECK_EQ(mlkem_encaps_internal(p, ct, ss, ek, p->ek_len, m, &w), PQC_ERR_BAD_KEY);
        ek[pos] = save0; ek[pos + 1] = save1;
        QCHECK_EQ(mlkem_encaps_internal(p, ct, ss, ek, p->ek_len, m, &w), 0);
        dk[768 * p->k + 32 + 5] ^= 1;  /* stored H(ek) */
        QCHECK_EQ(mlkem_decaps_internal(p, ss, ct, p->ct_len, dk, p->dk_len, &w), PQC_ERR_BAD_KEY);
        dk[768 * p->k + 32 + 5] ^= 1;
        dk[384 * p->k + 10] ^= 1;      /* embedded ek */
        QCHECK_EQ(mlkem_check_dk(p, dk, p->dk_len), PQC_ERR_BAD_KEY);
    }
}

QTEST(mlkem_descriptors)
{
    /* The registered descriptors agree with the parameter sets and run. */
    static uint8_t ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX], ct[MLKEM_CT_MAX];
    uint8_t seed[64], m[32], ss[32], ss2[32];
    for (unsigned s = 0; s < 3; s++) {
        const struct mlkem_params *p = sets[s];
        const struct pqc_kem_alg *a = pqc_sw_find_kem(p->name);
        QCHECK(a != NULL);
        if (!a)
            continue;
        QCHECK_EQ(pqc_kem_desc_check(a), 0);
        QCHECK_EQ(a->ek_len, p->ek_len);
        QCHECK_EQ(a->dk_len, p->dk_len);
        QCHECK_EQ(a->ct_len, p->ct_len);
        QCHECK_EQ(a->ss_len, 32);
        QCHECK_EQ(a->keygen_seed_len, 64);
        QCHECK_EQ(a->encaps_seed_len, 32);
        void *work = calloc(1, a->work_len);
        rnd_bytes(seed, 64); rnd_bytes(m, 32);
        QCHECK_EQ(a->keygen(ek, dk, seed, work), 0);
        QCHECK_MEM(dk + p->dk_len - 32, seed + 32, 32);  /* z last (Alg. 16) */
        QCHECK_EQ(a->encaps(ct, ss, ek, m, work), 0);
        QCHECK_EQ(a->decaps(ss2, ct, dk, work), 0);
        QCHECK_MEM(ss2, ss, 32);
        free(work);
    }
}

/* ---- ACVP vectors (tests/vectors/mlkem/{encapdecap,keygen}.txt, see README) ---- */

struct kat {
    unsigned set;
    uint8_t ek[MLKEM_EK_MAX], m[32], c[MLKEM_CT_MAX], k[32], dk_pke[384 * 4], h[32], z[32], d[32];
    size_t ek_len, c_len, dk_pke_len;
    int has_m, has_k, reject;   /* reject: -1 unless the record says */
};

static size_t unhex_into(uint8_t *out, size_t cap, const char *s)
{
    size_t n = 0;
    while (s[0] && s[1] && s[0] != '\n' && n < cap) {
        unsigned v;
        if (sscanf(s, "%2x", &v) != 1)
            break;
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

/* Reads the next record; 1 if one was read. */
static int kat_next(FILE *f, struct kat *k)
{
    static char line[8192];
    int got = 0;
    memset(k, 0, sizeof *k);
    k->reject = -1;
    while (fgets(line, sizeof line, f)) {
        char *eq = strchr(line, '=');
        if (line[0] == '#' || !eq) {
            if (line[0] == '\n' && got)
                return 1;
            continue;
        }
        const char *v = eq + 2;
        got = 1;
        if (!strncmp(line, "set ", 4)) k->set = (unsigned)atoi(v);
        else if (!strncmp(line, "ek ", 3)) k->ek_len = unhex_into(k->ek, sizeof k->ek, v);
        else if (!strncmp(line, "m ", 2)) k->has_m = unhex_into(k->m, 32, v) == 32;
        else if (!strncmp(line, "c ", 2)) k->c_len = unhex_into(k->c, sizeof k->c, v);
        else if (!strncmp(line, "k ", 2)) k->has_k = unhex_into(k->k, 32, v) == 32;
        else if (!strncmp(line, "reject ", 7)) k->reject = atoi(v);
        else if (!strncmp(line, "dk_pke ", 7)) k->dk_pke_len = unhex_into(k->dk_pke, sizeof k->dk_pke, v);
        else if (!strncmp(line, "h ", 2)) unhex_into(k->h, 32, v);
        else if (!strncmp(line, "z ", 2)) unhex_into(k->z, 32, v);
        else if (!strncmp(line, "d ", 2)) unhex_into(k->d, 32, v);
    }
    return got;
}

/* Three kinds of record (see tests/vectors/mlkem/README): full (ek, m, c, k
 * and dk), encapsulation only (ek, m -> c, k) and decapsulation only
 * (dk, c -> k, with reject = 1 when k is the implicit-rejection key of a
 * modified ciphertext). Every parameter set must have an encapsulation, a
 * valid decapsulation and a rejected one. */
QTEST(mlkem_acvp_encap_decap)
{
    static struct kat k;
    static struct mlkem_work w;
    static uint8_t c[MLKEM_CT_MAX], dk[MLKEM_DK_MAX];
    uint8_t ss[32], h[32], jz[32];
    unsigned enc_seen = 0, dec_seen = 0, rej_seen = 0;
    FILE *f = fopen("tests/vectors/mlkem/encapdecap.txt", "r");
    QCHECK(f != NULL);
    if (!f)
        return;
    while (kat_next(f, &k)) {
        const struct mlkem_params *p = mlkem_params_get(k.set);
        QCHECK(p != NULL);
        if (!p)
            break;
        QCHECK(k.has_k);
        QCHECK_EQ(k.ek_len, p->ek_len);
        QCHECK_EQ(k.c_len, p->ct_len);
        if (k.has_m) {
            /* Encaps_internal(ek, m) = (k, c) */
            QCHECK_EQ(mlkem_encaps_internal(p, c, ss, k.ek, p->ek_len, k.m, &w), 0);
            QCHECK_MEM(c, k.c, p->ct_len);
            QCHECK_MEM(ss, k.k, 32);
            enc_seen |= 1u << p->k;
        }
        if (k.dk_pke_len) {
            QCHECK_EQ(k.dk_pke_len, 384 * p->k);
            sha3_256(h, k.ek, k.ek_len);
            QCHECK_MEM(h, k.h, 32);
            memcpy(dk, k.dk_pke, k.dk_pke_len);
            memcpy(dk + k.dk_pke_len, k.ek, k.ek_len);
            memcpy(dk + k.dk_pke_len + k.ek_len, k.h, 32);
            memcpy(dk + k.dk_pke_len + k.ek_len + 32, k.z, 32);
            /* Decaps_internal(dk, c) = k */
            memset(ss, 0, 32);
            QCHECK_EQ(mlkem_decaps_internal(p, ss, k.c, p->ct_len, dk, p->dk_len, &w), 0);
            QCHECK_MEM(ss, k.k, 32);
            /* Is k the implicit-rejection key J(z || c)? It must agree with
             * the record (a valid ciphertext when the record has m). */
            keccak_ctx j;
            shake256_init(&j);
            keccak_absorb(&j, k.z, 32);
            keccak_absorb(&j, k.c, p->ct_len);
            keccak_squeeze(&j, jz, 32);
            int rejected = memcmp(jz, k.k, 32) == 0;
            QCHECK_EQ(rejected, k.has_m ? 0 : k.reject);
            if (rejected)
                rej_seen |= 1u << p->k;
            else
                dec_seen |= 1u << p->k;
            if (k.has_m) {
                /* Modified ciphertext: J(z || c'). */
                k.c[p->ct_len - 1] ^= 0x40;
                shake256_init(&j);
                keccak_absorb(&j, k.z, 32);
                keccak_absorb(&j, k.c, p->ct_len);
                keccak_squeeze(&j, jz, 32);
                QCHECK_EQ(mlkem_decaps_internal(p, ss, k.c, p->ct_len, dk, p->dk_len, &w), 0);
                QCHECK_MEM(ss, jz, 32);
            }
        }
        /* §7.2: the same ek with its last coefficient set to q is refused. */
        size_t last = 384 * p->k - 2;
        k.ek[last] = (uint8_t)((k.ek[last] & 0x0f) | ((MLKEM_Q & 15) << 4));
        k.ek[last + 1] = (uint8_t)(MLKEM_Q >> 4);
        QCHECK_EQ(mlkem_encaps_internal(p, c, ss, k.ek, p->ek_len, k.m, &w), PQC_ERR_BAD_KEY);
    }
    fclose(f);
    /* ML-KEM-512/768/1024 (k = 2, 3, 4): encapsulation, valid and
     * modified-ciphertext decapsulation each. */
    QCHECK_EQ(enc_seen, 0x1cu);
    QCHECK_EQ(dec_seen, 0x1cu);
    QCHECK_EQ(rej_seen, 0x1cu);
}

/* ML-KEM.KeyGen_internal(d, z) against final-FIPS 203 ACVP keyGen results:
 * ek, and dk = dk_pke || ek || h || z byte for byte. */
QTEST(mlkem_acvp_keygen)
{
    static struct kat k;
    static struct mlkem_work w;
    static uint8_t ek[MLKEM_EK_MAX], dk[MLKEM_DK_MAX];
    unsigned seen = 0;
    FILE *f = fopen("tests/vectors/mlkem/keygen.txt", "r");
    QCHECK(f != NULL);
    if (!f)
        return;
    while (kat_next(f, &k)) {
        const struct mlkem_params *p = mlkem_params_get(k.set);
        QCHECK(p != NULL);
        if (!p)
            break;
        seen |= 1u << p->k;
        QCHECK_EQ(k.ek_len, p->ek_len);
        QCHECK_EQ(k.dk_pke_len, 384 * p->k);
        QCHECK_EQ(mlkem_keygen_internal(p, ek, dk, k.d, k.z, &w), 0);
        QCHECK_MEM(ek, k.ek, p->ek_len);
        QCHECK_MEM(dk, k.dk_pke, k.dk_pke_len);
        QCHECK_MEM(dk + k.dk_pke_len, k.ek, p->ek_len);
        QCHECK_MEM(dk + k.dk_pke_len + p->ek_len, k.h, 32);
        QCHECK_MEM(dk + k.dk_pke_len + p->ek_len + 32, k.z, 32);
    }
    fclose(f);
    /* ML-KEM-512, ML-KEM-768 and ML-KEM-1024 (k = 2, 3, 4). */
    QCHECK_EQ(seen, 0x1cu);
}
