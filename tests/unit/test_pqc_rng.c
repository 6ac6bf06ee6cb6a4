/* DRBG and entropy: HMAC_DRBG-SHA-512 known answers (generated offline with
 * Python hmac, tests/vectors/drbg/), reseed interval and request limits,
 * SP 800-90B health tests against injected faulty sources: a stuck source and
 * a biased one must be detected and the DRBG must refuse to (re)seed. */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "pqc/rng/drbg.h"
#include "pqc_test_util.h"
#include "../vectors/drbg/hmac_drbg_sha512.h"
#include "../vectors/drbg/cavp_hmac_drbg_sha512.h"

static int unhex_alloc(const char *h, uint8_t **p)
{
    *p = malloc(strlen(h) / 2 + 1);
    return th_unhex(*p, strlen(h) / 2 + 1, h);
}

QTEST(hmac_drbg_sha512_vectors)
{
    for (size_t i = 0; i < ARRAY_SIZE(hmac_drbg_sha512_vectors); i++) {
        __typeof__(hmac_drbg_sha512_vectors[0]) *v = &hmac_drbg_sha512_vectors[i];
        uint8_t *e, *n, *p, *er, *ar, *e1, *e2, *a1, *a2, *want, out[256];
        int el = unhex_alloc(v->entropy, &e), nl = unhex_alloc(v->nonce, &n);
        int pl = unhex_alloc(v->pers, &p), erl = unhex_alloc(v->entropy_reseed, &er);
        int arl = unhex_alloc(v->add_reseed, &ar), e1l = unhex_alloc(v->entropy_pr1, &e1);
        int e2l = unhex_alloc(v->entropy_pr2, &e2), a1l = unhex_alloc(v->add1, &a1);
        int a2l = unhex_alloc(v->add2, &a2), wl = unhex_alloc(v->out, &want);
        QCHECK_EQ(wl, 256);
        struct pqc_drbg d = { 0 };
        QCHECK_EQ(pqc_drbg_instantiate_raw(&d, e, (size_t)el, n, (size_t)nl, p, (size_t)pl), 0);
        if (v->reseed)
            QCHECK_EQ(pqc_drbg_reseed_raw(&d, er, (size_t)erl, ar, (size_t)arl), 0);
        if (v->pr) {
            QCHECK_EQ(pqc_drbg_reseed_raw(&d, e1, (size_t)e1l, a1, (size_t)a1l), 0);
            QCHECK_EQ(pqc_drbg_generate_raw(&d, out, 256, NULL, 0), 0);
            QCHECK_EQ(pqc_drbg_reseed_raw(&d, e2, (size_t)e2l, a2, (size_t)a2l), 0);
            QCHECK_EQ(pqc_drbg_generate_raw(&d, out, 256, NULL, 0), 0);
        } else {
            QCHECK_EQ(pqc_drbg_generate_raw(&d, out, 256, a1, (size_t)a1l), 0);
            QCHECK_EQ(pqc_drbg_generate_raw(&d, out, 256, a2, (size_t)a2l), 0);
        }
        QCHECK_MEM(out, want, 256);
        free(e); free(n); free(p); free(er); free(ar); free(e1); free(e2); free(a1); free(a2); free(want);
    }
}

/* NIST answers (tests/vectors/drbg/README): DRBGVS HMAC_DRBG SHA-512 cases
 * with a reseed (instantiate; reseed(EntropyInputReseed); generate twice; the
 * second output is ReturnedBits) and the SP 800-90A example without reseed. */
QTEST(hmac_drbg_sha512_nist_vectors)
{
    for (size_t i = 0; i < ARRAY_SIZE(cavp_hmac_drbg_sha512); i++) {
        __typeof__(cavp_hmac_drbg_sha512[0]) *v = &cavp_hmac_drbg_sha512[i];
        uint8_t *e, *n, *p, *er, *want, out[256];
        int el = unhex_alloc(v->entropy, &e), nl = unhex_alloc(v->nonce, &n);
        int pl = unhex_alloc(v->pers, &p), erl = unhex_alloc(v->entropy_reseed, &er);
        int wl = unhex_alloc(v->out, &want);
        QCHECK_EQ(wl, (int)v->outlen);
        struct pqc_drbg d = { 0 };
        QCHECK_EQ(pqc_drbg_instantiate_raw(&d, e, (size_t)el, n, (size_t)nl, p, (size_t)pl), 0);
        if (erl > 0)
            QCHECK_EQ(pqc_drbg_reseed_raw(&d, er, (size_t)erl, NULL, 0), 0);
        QCHECK_EQ(pqc_drbg_generate_raw(&d, out, v->outlen, NULL, 0), 0);
        QCHECK_EQ(pqc_drbg_generate_raw(&d, out, v->outlen, NULL, 0), 0);
        QCHECK_MEM(out, want, v->outlen);
        pqc_drbg_wipe(&d);
        free(e); free(n); free(p); free(er); free(want);
    }
}

QTEST(drbg_raw_limits)
{
    struct pqc_drbg d = { 0 };
    uint8_t seed[48] = { 1 }, out[64];
    static uint8_t big[PQC_DRBG_MAX_REQUEST + 1];
    QCHECK_EQ(pqc_drbg_generate_raw(&d, out, 8, NULL, 0), PQC_ERR_NOT_SEEDED);
    d.reseed_interval = 3;
    QCHECK_EQ(pqc_drbg_instantiate_raw(&d, seed, 32, seed + 32, 16, NULL, 0), 0);
    QCHECK_EQ(pqc_drbg_generate_raw(&d, big, sizeof big, NULL, 0), PQC_ERR_REQUEST_TOO_BIG);
    QCHECK_EQ(pqc_drbg_generate_raw(&d, big, sizeof big - 1, NULL, 0), 0);
    QCHECK_EQ(pqc_drbg_generate_raw(&d, out, 8, NULL, 0), 0);
    QCHECK_EQ(pqc_drbg_generate_raw(&d, out, 8, NULL, 0), 0);
    QCHECK_EQ(pqc_drbg_generate_raw(&d, out, 8, NULL, 0), PQC_ERR_RESEED); /* 4th > interval 3 */
    QCHECK_EQ(pqc_drbg_reseed_raw(&d, seed, 32, NULL, 0), 0);
    QCHECK_EQ(pqc_drbg_generate_raw(&d, out, 8, NULL, 0), 0);
    pqc_drbg_wipe(&d);
    QCHECK(!d.instantiated);
}

/* Injected sources: a xorshift "good" source, a stuck one, a biased one,
 * one that goes bad after n words, and one that returns errors. */
struct fake { int mode; uint64_t x, calls, bad_after; };
static int fake_read(void *ctx, uint64_t *out)
{
    struct fake *f = ctx;
    f->calls++;
    f->x ^= f->x << 13; f->x ^= f->x >> 7; f->x ^= f->x << 17;
    switch (f->mode) {
    case 0: *out = f->x; return 0;
    case 1: *out = 0x4242424242424242ull; return 0;                 /* stuck */
    case 2: *out = (f->x & 0x0101010101010101ull) * 0x11; return 0; /* 2 values per byte */
    case 3: *out = f->calls > f->bad_after ? 0 : f->x; return 0;    /* dies later */
    default: return PQC_ERR_ENTROPY;
    }
}

QTEST(health_passes_good_source)
{
    struct fake f = { 0, 88172645463325252ull, 0, 0 };
    struct pqc_entropy_source s = { "good", fake_read, &f };
    struct pqc_health h;
    uint8_t buf[4096];
    QCHECK_EQ(pqc_entropy_startup(&s, &h), 0);
    QCHECK_EQ(pqc_entropy_get(&s, &h, buf, sizeof buf), 0);
    QCHECK_EQ(h.failed, 0);
}

QTEST(health_rct_catches_repeats)
{
    struct pqc_health h;
    uint8_t run[PQC_HEALTH_RCT_CUTOFF];
    memset(run, 7, sizeof run);
    pqc_health_init(&h);
    QCHECK_EQ(pqc_health_feed(&h, run, PQC_HEALTH_RCT_CUTOFF - 1), 0); /* C-1 repeats pass */
    uint8_t other = 8;
    QCHECK_EQ(pqc_health_feed(&h, &other, 1), 0);
    QCHECK_EQ(pqc_health_feed(&h, run, PQC_HEALTH_RCT_CUTOFF), PQC_ERR_HEALTH);
    QCHECK(h.rct_failures > 0);
    QCHECK_EQ(pqc_health_feed(&h, &other, 1), PQC_ERR_HEALTH); /* sticky */
}

QTEST(health_apt_catches_bias)
{
    /* No run reaches the RCT cutoff, but one value fills 1/4 of the window. */
    struct pqc_health h;
    uint8_t w[PQC_HEALTH_APT_WINDOW];
    for (size_t i = 0; i < sizeof w; i++)
        w[i] = (uint8_t)(i % 4 == 0 ? 0xaa : i);
    pqc_health_init(&h);
    QCHECK_EQ(pqc_health_feed(&h, w, sizeof w), PQC_ERR_HEALTH);
    QCHECK(h.apt_failures > 0);
    QCHECK_EQ(h.rct_failures, 0);
    /* exactly cutoff-1 occurrences in the window passes */
    for (size_t i = 0, c = 0; i < sizeof w; i++) {
        bool mark = i % 4 == 0 && c < PQC_HEALTH_APT_CUTOFF - 1;
        c += mark;
        w[i] = (uint8_t)(mark ? 0xaa : (i % 150) + 1); /* never 0xaa */
    }
    pqc_health_init(&h);
    QCHECK_EQ(pqc_health_feed(&h, w, sizeof w), 0);
}

QTEST(drbg_refuses_stuck_source)
{
    struct fake f = { 1, 1, 0, 0 };
    struct pqc_entropy_source s = { "stuck", fake_read, &f };
    struct pqc_drbg d = { 0 };
    uint8_t out[32];
    QCHECK_EQ(pqc_drbg_init(&d, &s, NULL, 0), PQC_ERR_HEALTH);
    QCHECK(!d.instantiated);
    QCHECK_EQ(pqc_drbg_generate(&d, out, sizeof out, NULL, 0, false), PQC_ERR_NOT_SEEDED);
    f.mode = 2; /* biased */
    QCHECK_EQ(pqc_drbg_init(&d, &s, NULL, 0), PQC_ERR_HEALTH);
    f.mode = 4; /* erroring */
    QCHECK_EQ(pqc_drbg_init(&d, &s, NULL, 0), PQC_ERR_ENTROPY);
    QCHECK_EQ(pqc_drbg_init(&d, NULL, NULL, 0), PQC_ERR_ENTROPY);
}

QTEST(drbg_reseeds_and_detects_later_failure)
{
    struct fake f = { 3, 12345, 0, 1000000 };
    struct pqc_entropy_source s = { "dies", fake_read, &f };
    struct pqc_drbg d = { 0 };
    uint8_t a[32], b[32];
    d.reseed_interval = 2;
    QCHECK_EQ(pqc_drbg_init(&d, &s, (const uint8_t *)"test", 4), 0);
    QCHECK_EQ(pqc_drbg_generate(&d, a, sizeof a, NULL, 0, false), 0);
    QCHECK_EQ(pqc_drbg_generate(&d, b, sizeof b, NULL, 0, false), 0);
    QCHECK(memcmp(a, b, sizeof a) != 0);
    uint64_t before = f.calls;
    QCHECK_EQ(pqc_drbg_generate(&d, a, sizeof a, NULL, 0, false), 0); /* interval hit: reseeds */
    QCHECK(f.calls > before);
    before = f.calls;
    QCHECK_EQ(pqc_drbg_generate(&d, a, sizeof a, NULL, 0, true), 0);  /* prediction resistance */
    QCHECK(f.calls > before);
    f.bad_after = f.calls; /* the source gets stuck now */
    QCHECK_EQ(pqc_drbg_generate(&d, a, sizeof a, NULL, 0, true), PQC_ERR_HEALTH);
    /* and no further output without a successful reseed */
    QCHECK_EQ(pqc_drbg_generate(&d, a, sizeof a, NULL, 0, false), PQC_ERR_HEALTH);
}

QTEST(drbg_two_instances_differ)
{
    struct fake f = { 0, 999, 0, 0 };
    struct pqc_entropy_source s = { "good", fake_read, &f };
    struct pqc_drbg d1 = { 0 }, d2 = { 0 };
    uint8_t a[64], b[64];
    QCHECK_EQ(pqc_drbg_init(&d1, &s, NULL, 0), 0);
    QCHECK_EQ(pqc_drbg_init(&d2, &s, NULL, 0), 0);
    QCHECK_EQ(pqc_drbg_generate(&d1, a, sizeof a, NULL, 0, false), 0);
    QCHECK_EQ(pqc_drbg_generate(&d2, b, sizeof b, NULL, 0, false), 0);
    QCHECK(memcmp(a, b, sizeof a) != 0);
}
