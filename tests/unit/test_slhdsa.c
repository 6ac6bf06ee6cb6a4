/* SLH-DSA (FIPS 205): known answers for key generation (NIST ACVP), for the
 * WOTS+/XMSS/FORS building blocks (GNU Nettle's testsuite vectors), sign/
 * verify round trips with tampering, and malformed-input handling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "lib/errors.h"
#include "pqc/pqc.h"
#include "pqc/slhdsa/fors.h"
#include "pqc/slhdsa/slhdsa.h"
#include "pqc/slhdsa/wots.h"
#include "pqc/slhdsa/xmss.h"

#define VEC_DIR "tests/vectors/slhdsa/"

static size_t unhex(uint8_t *out, size_t max, const char *hex)
{
    size_t n = 0;
    int hi = -1;

    for (; *hex; hex++) {
        int v;
        char ch = *hex;
        if (ch >= '0' && ch <= '9') v = ch - '0';
        else if (ch >= 'a' && ch <= 'f') v = ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F') v = ch - 'A' + 10;
        else continue; /* spaces group the Nettle vectors */
        if (hi < 0) {
            hi = v;
        } else {
            if (n < max) out[n] = (uint8_t)(hi << 4 | v);
            n++;
            hi = -1;
        }
    }
    return n;
}

/* ---- ACVP keyGen ------------------------------------------------------------ */

QTEST(slhdsa_keygen_acvp)
{
    FILE *f = fopen(VEC_DIR "keygen.txt", "r");
    char line[1024], name[64], a[80], b[80], c[80], pkhex[160];
    unsigned tc, count = 0, seen[12] = { 0 };

    QCHECK(f != NULL);
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        uint8_t sks[32], skp[32], pks[32], pk_exp[64], pk[64], sk[128];
        if (line[0] == '#' || sscanf(line, "%63s %u %79s %79s %79s %159s", name, &tc, a, b, c, pkhex) != 6)
            continue;
        const struct slh_params *p = slh_params_by_name(name);
        QCHECK(p != NULL);
        if (!p)
            continue;
        QCHECK_EQ(unhex(sks, 32, a), p->n);
        unhex(skp, 32, b);
        unhex(pks, 32, c);
        QCHECK_EQ(unhex(pk_exp, 64, pkhex), p->pk_bytes);
        QCHECK_EQ(slh_keygen_internal(p, sks, skp, pks, sk, pk, NULL), 0);
        if (memcmp(pk, pk_exp, p->pk_bytes))
            printf("  keygen mismatch: %s tcId %u\n", name, tc);
        QCHECK_MEM(pk, pk_exp, p->pk_bytes);
        QCHECK_MEM(sk, sks, p->n);
        QCHECK_MEM(sk + p->n, skp, p->n);
        QCHECK_MEM(sk + 2 * p->n, pk_exp, 2 * p->n);
        seen[p - slh_params_table] = 1;
        count++;
    }
    fclose(f);
    QCHECK(count >= 12);
    for (int i = 0; i < 12; i++)
        QCHECK(seen[i]); /* every parameter set has a key-generation KAT */
}

/* ---- building blocks, SLH-DSA-SHAKE-128s ------------------------------------ */
/* Vectors from GNU Nettle testsuite/slh-dsa-test.c (SHAKE-128s; PK.seed
 * b505d7cf..., SK.seed 7c9935a0...; hypertree layer 0, tree 0x29877722d7c079,
 * key pair 0x156). */

static const char *nt_pk_seed = "b505d7cfad1b497499323c8686325e47";
static const char *nt_sk_seed = "7c9935a0b07694aa0c6d10e4db6b1add";
#define NT_TREE 0x29877722d7c079ull
#define NT_KP 0x156u

static void nettle_ctx(struct slh_ctx *c)
{
    uint8_t pks[16], sks[16];

    unhex(pks, 16, nt_pk_seed);
    unhex(sks, 16, nt_sk_seed);
    slh_ctx_init(c, slh_params_by_name("SLH-DSA-SHAKE-128s"), pks, sks);
}

static void wots_adrs(slh_adrs *a, uint32_t layer, uint64_t tree, uint32_t kp)
{
    slh_adrs_zero(a);
    slh_adrs_set_layer(a, layer);
    slh_adrs_set_tree(a, tree);
    slh_adrs_set_type(a, SLH_WOTS_HASH);
    slh_adrs_set_keypair(a, kp);
}

QTEST(slhdsa_wots_nettle)
{
    static const struct { uint32_t layer; uint64_t tree; uint32_t kp; const char *pk; } v[] = {
        { 6, 0, 0, "38c9077d76d1e32933fb58a53e769ed7" },
        { 6, 0, 1, "a026afacc77c7d97eebe6f88c70fec2d" },
        { 0, NT_TREE, NT_KP, "99747c3547770fa288a628ed15122d3e" },
    };
    struct slh_ctx c;
    uint8_t pk[16], exp[16], msg[16], sig[35 * 16], pk2[16], x[16];
    slh_adrs a;

    nettle_ctx(&c);
    for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
        wots_adrs(&a, v[i].layer, v[i].tree, v[i].kp);
        slh_wots_pkgen(&c, &a, pk);
        unhex(exp, 16, v[i].pk);
        QCHECK_MEM(pk, exp, 16);
    }
    /* WOTS+ signature of a FORS public key; the ends of the signature and the
     * public key recomputed from it are checked. */
    unhex(msg, 16, "3961b2cab15e08c633be827744a07f01");
    wots_adrs(&a, 0, NT_TREE, NT_KP);
    slh_wots_sign(&c, msg, &a, sig);
    unhex(x, 16, "e1933de10e3fface5fb8f8707c35ac13");
    QCHECK_MEM(sig, x, 16);
    unhex(x, 16, "c2d4c9a1ec20849b0db3fbe10c1446d5");
    QCHECK_MEM(sig + 34 * 16, x, 16);
    wots_adrs(&a, 0, NT_TREE, NT_KP);
    slh_wots_pk_from_sig(&c, sig, msg, &a, pk2);
    unhex(exp, 16, "99747c3547770fa288a628ed15122d3e");
    QCHECK_MEM(pk2, exp, 16);
    /* A different message gives a different public key. */
    msg[0] ^= 1;
    wots_adrs(&a, 0, NT_TREE, NT_KP);
    slh_wots_pk_from_sig(&c, sig, msg, &a, pk2);
    QCHECK(memcmp(pk2, exp, 16) != 0);
}

QTEST(slhdsa_xmss_nettle)
{
    struct slh_ctx c;
    uint8_t msg[16], sig[(35 + 9) * 16], root[16], root2[16], x[16];
    slh_adrs a;

    nettle_ctx(&c);
    unhex(msg, 16, "3961b2cab15e08c633be827744a07f01");
    slh_adrs_zero(&a);
    slh_adrs_set_tree(&a, NT_TREE);
    slh_xmss_sign(&c, msg, NT_KP, &a, sig, root);
    unhex(x, 16, "1be9523f2c90cd553ef5be5aa1c5c4fa");
    QCHECK_MEM(root, x, 16);
    unhex(x, 16, "e1933de10e3fface5fb8f8707c35ac13"); /* embedded WOTS+ sig */
    QCHECK_MEM(sig, x, 16);
    unhex(x, 16, "612d5bac915a39962cdbcacee0969dcf"); /* first auth node */
    QCHECK_MEM(sig + 35 * 16, x, 16);
    unhex(x, 16, "65e60340531fab08f1f433ef823283fe"); /* last auth node */
    QCHECK_MEM(sig + 43 * 16, x, 16);

    slh_adrs_zero(&a);
    slh_adrs_set_tree(&a, NT_TREE);
    slh_xmss_pk_from_sig(&c, NT_KP, sig, msg, &a, root2);
    QCHECK_MEM(root2, root, 16);
    sig[40 * 16] ^= 0x80; /* damaged auth path */
    slh_adrs_zero(&a);
    slh_adrs_set_tree(&a, NT_TREE);
    slh_xmss_pk_from_sig(&c, NT_KP, sig, msg, &a, root2);
    QCHECK(memcmp(root2, root, 16) != 0);

}

QTEST(slhdsa_fors_nettle)
{
    struct slh_ctx c;
    uint8_t md[21], sig[14 * 13 * 16], pk[16], pk2[16], x[16];
    slh_adrs a;

    nettle_ctx(&c);
    QCHECK_EQ(unhex(md, sizeof(md), "2033c1a4df6fc230c699522a21bed9130dda231526"), 21);
    slh_adrs_zero(&a);
    slh_adrs_set_tree(&a, NT_TREE);
    slh_adrs_set_type(&a, SLH_FORS_TREE);
    slh_adrs_set_keypair(&a, NT_KP);
    slh_fors_sign(&c, md, &a, sig, pk);
    unhex(x, 16, "3961b2cab15e08c633be827744a07f01");
    QCHECK_MEM(pk, x, 16);
    unhex(x, 16, "1ba66d6f782bdd2485589ea15d2b8ff0"); /* secret value 0x203 of tree 0 */
    QCHECK_MEM(sig, x, 16);
    slh_fors_pk_from_sig(&c, sig, md, &a, pk2);
    QCHECK_MEM(pk2, pk, 16);
    md[20] ^= 1; /* last tree's index changes: another public key */
    slh_fors_pk_from_sig(&c, sig, md, &a, pk2);
    QCHECK(memcmp(pk2, pk, 16) != 0);
}

QTEST(slhdsa_base_2b)
{
    static const uint8_t x[3] = { 0x12, 0x34, 0x56 };
    uint32_t out[4];

    slh_base_2b(x, 4, 4, out);
    QCHECK(out[0] == 1 && out[1] == 2 && out[2] == 3 && out[3] == 4);
    slh_base_2b(x, 12, 2, out);
    QCHECK(out[0] == 0x123 && out[1] == 0x456);
    slh_base_2b(x, 6, 4, out); /* 000100 100011 010001 010110 */
    QCHECK(out[0] == 4 && out[1] == 35 && out[2] == 17 && out[3] == 22);
}

QTEST(slhdsa_params)
{
    static const struct { const char *name; unsigned pk, sig; } v[] = {
        { "SLH-DSA-SHA2-128s", 32, 7856 },   { "SLH-DSA-SHAKE-128f", 32, 17088 },
        { "SLH-DSA-SHA2-192s", 48, 16224 },  { "SLH-DSA-SHAKE-192f", 48, 35664 },
        { "SLH-DSA-SHA2-256s", 64, 29792 },  { "SLH-DSA-SHAKE-256f", 64, 49856 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
        const struct slh_params *p = slh_params_by_name(v[i].name);
        QCHECK(p != NULL);
        if (!p)
            continue;
        QCHECK_EQ(p->pk_bytes, v[i].pk); /* FIPS 205 Table 2 */
        QCHECK_EQ(p->sig_bytes, v[i].sig);
    }
    QCHECK(slh_params_by_name("SLH-DSA-SHA2-128x") == NULL);
    QCHECK(slh_params_by_name(NULL) == NULL);
}

/* ---- registry descriptors ---------------------------------------------------- */

QTEST(slhdsa_descriptors)
{
    for (size_t i = 0; i < ARRAY_SIZE(slh_params_table); i++) {
        const struct slh_params *p = &slh_params_table[i];
        const struct pqc_sig_alg *a = pqc_sw_find_sig(p->name);
        QCHECK(a != NULL);
        if (!a)
            continue;
        QCHECK_EQ(pqc_sig_desc_check(a), 0);
        QCHECK_EQ(a->pk_len, p->pk_bytes);
        QCHECK_EQ(a->sk_len, p->sk_bytes);
        QCHECK_EQ(a->sig_len, p->sig_bytes);
        QCHECK_EQ(a->keygen_seed_len, 3u * p->n);
        QCHECK_EQ(a->rnd_len, p->n);
        QCHECK(a->work_len >= sizeof(struct slh_ctx));
    }
}

/* ---- sign / verify through the descriptors ------------------------------------ */

struct keypair {
    const struct pqc_sig_alg *a;
    uint8_t pk[64], sk[128];
    void *work;
};

static int make_key(struct keypair *k, const char *name, uint8_t seed_byte)
{
    uint8_t seed[96];

    k->a = pqc_sw_find_sig(name);
    if (!k->a)
        return -1;
    for (size_t i = 0; i < sizeof(seed); i++)
        seed[i] = (uint8_t)(seed_byte + 7 * i);
    k->work = calloc(1, k->a->work_len);
    return k->a->keygen(k->pk, k->sk, seed, k->work);
}

static int verify(const struct keypair *k, const uint8_t *msg, size_t mlen, const uint8_t *ctx,
                  size_t ctxlen, const uint8_t *sig, size_t siglen)
{
    return k->a->verify(k->pk, msg, mlen, ctx, ctxlen, sig, siglen, k->work);
}

/* Valid signatures verify; any change to message, context, key or any part
 * of the signature (R, FORS, each hypertree layer) is rejected. */
static void roundtrip(const char *name, bool thorough)
{
    static const uint8_t msg[] = "QuantaVirt measured boot manifest";
    static const uint8_t ctx[] = "qv-ctx";
    struct keypair k;
    size_t mlen = sizeof(msg) - 1, cl = sizeof(ctx) - 1;

    QCHECK_EQ(make_key(&k, name, 0x11), 0);
    if (!k.a)
        return;
    size_t sl = k.a->sig_len;
    uint8_t *sig = malloc(sl), *sig2 = malloc(sl);

    QCHECK_EQ(k.a->sign(sig, k.sk, msg, mlen, ctx, cl, NULL, k.work), 0);
    QCHECK_EQ(verify(&k, msg, mlen, ctx, cl, sig, sl), 0);
    /* deterministic signing is reproducible */
    QCHECK_EQ(k.a->sign(sig2, k.sk, msg, mlen, ctx, cl, NULL, k.work), 0);
    QCHECK_MEM(sig, sig2, sl);

    QCHECK_EQ(verify(&k, msg, mlen - 1, ctx, cl, sig, sl), PQC_ERR_VERIFY);
    QCHECK_EQ(verify(&k, msg, mlen, ctx, cl - 1, sig, sl), PQC_ERR_VERIFY);
    QCHECK_EQ(verify(&k, msg, mlen, NULL, 0, sig, sl), PQC_ERR_VERIFY);
    QCHECK_EQ(verify(&k, msg, mlen, ctx, cl, sig, sl - 1), PQC_ERR_BAD_LENGTH);
    sig2[sl - 1] ^= 0x01; /* last auth node of the top layer */
    QCHECK_EQ(verify(&k, msg, mlen, ctx, cl, sig2, sl), PQC_ERR_VERIFY);

    if (thorough) {
        const struct slh_params *p = slh_params_by_name(name);
        size_t fors = (size_t)p->k * (p->a + 1) * p->n, layer = (size_t)(p->len + p->hp) * p->n;
        size_t offs[] = { 0, p->n, p->n + fors - 1, p->n + fors, p->n + fors + layer + 5,
                          sl - layer };
        for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
            memcpy(sig2, sig, sl);
            sig2[offs[i]] ^= 0x40;
            QCHECK_EQ(verify(&k, msg, mlen, ctx, cl, sig2, sl), PQC_ERR_VERIFY);
        }
        k.pk[p->n] ^= 1; /* PK.root */
        QCHECK_EQ(verify(&k, msg, mlen, ctx, cl, sig, sl), PQC_ERR_VERIFY);
        k.pk[p->n] ^= 1;
        k.pk[0] ^= 1; /* PK.seed */
        QCHECK_EQ(verify(&k, msg, mlen, ctx, cl, sig, sl), PQC_ERR_VERIFY);
        k.pk[0] ^= 1;

        /* hedged signing: another R, still valid */
        uint8_t rnd[32];
        memset(rnd, 0xa5, sizeof(rnd));
        QCHECK_EQ(k.a->sign(sig2, k.sk, msg, mlen, ctx, cl, rnd, k.work), 0);
        QCHECK(memcmp(sig, sig2, p->n) != 0);
        QCHECK_EQ(verify(&k, msg, mlen, ctx, cl, sig2, sl), 0);

        /* empty message, maximal context */
        uint8_t big[256];
        memset(big, 0x3c, sizeof(big));
        QCHECK_EQ(k.a->sign(sig2, k.sk, NULL, 0, big, 255, NULL, k.work), 0);
        QCHECK_EQ(verify(&k, NULL, 0, big, 255, sig2, sl), 0);
        QCHECK_EQ(k.a->sign(sig2, k.sk, msg, mlen, big, 256, NULL, k.work), PQC_ERR_BAD_LENGTH);
        QCHECK_EQ(verify(&k, msg, mlen, big, 256, sig, sl), PQC_ERR_BAD_LENGTH);
    }
    free(sig);
    free(sig2);
    free(k.work);
}

QTEST(slhdsa_roundtrip_sha2_128f) { roundtrip("SLH-DSA-SHA2-128f", true); }
QTEST(slhdsa_roundtrip_shake_128f) { roundtrip("SLH-DSA-SHAKE-128f", true); }
QTEST(slhdsa_roundtrip_sha2_256f) { roundtrip("SLH-DSA-SHA2-256f", true); }

/* HashSLH-DSA: round trip, and pure / pre-hash signatures never cross over
 * (the domain byte and OID of Alg. 23 separate them). */
QTEST(slhdsa_prehash)
{
    static const uint8_t msg[] = "firmware image";
    const struct slh_params *p = slh_params_by_name("SLH-DSA-SHA2-128f");
    struct keypair k;
    uint8_t *sig = malloc(p->sig_bytes);

    QCHECK_EQ(make_key(&k, p->name, 0x42), 0);
    for (int ph = 0; ph < SLH_PH_COUNT; ph += 5) { /* SHA2-224, SHA2-512/256, SHAKE-128 */
        QCHECK_EQ(slh_hash_sign(p, sig, k.sk, msg, sizeof(msg), NULL, 0, ph, NULL, k.work), 0);
        QCHECK_EQ(slh_hash_verify(p, k.pk, msg, sizeof(msg), NULL, 0, ph, sig, p->sig_bytes, k.work), 0);
        QCHECK_EQ(slh_hash_verify(p, k.pk, msg, sizeof(msg), NULL, 0, (ph + 1) % SLH_PH_COUNT, sig,
                                  p->sig_bytes, k.work), PQC_ERR_VERIFY);
        QCHECK_EQ(slh_verify(p, k.pk, msg, sizeof(msg), NULL, 0, sig, p->sig_bytes, k.work),
                  PQC_ERR_VERIFY);
    }
    QCHECK_EQ(slh_hash_sign(p, sig, k.sk, msg, sizeof(msg), NULL, 0, SLH_PH_COUNT, NULL, k.work),
              PQC_ERR_UNKNOWN_ALG);
    QCHECK_EQ(slh_prehash_by_name("SHA2-256"), SLH_PH_SHA2_256);
    QCHECK_EQ(slh_prehash_by_name("SHAKE-256"), SLH_PH_SHAKE_256);
    QCHECK_EQ(slh_prehash_by_name("MD5"), PQC_ERR_UNKNOWN_ALG);
    free(sig);
    free(k.work);
}

/* ---- signing KATs (sign.txt, see tests/vectors/slhdsa/README) ------------------ */

static void pattern(uint8_t *out, unsigned tag, size_t len)
{
    for (size_t i = 0; i < len; i++)
        out[i] = (uint8_t)(tag + 13 * i);
}

/* Finds the ACVP key of `name` with the given tcId in keygen.txt and derives
 * the key pair from its seeds. */
static int acvp_key(const struct slh_params *p, unsigned want_tc, uint8_t *pk, uint8_t *sk)
{
    FILE *f = fopen(VEC_DIR "keygen.txt", "r");
    char line[1024], name[64], a[80], b[80], c[80], pkhex[160];
    unsigned tc;
    int rc = -1;

    while (f && fgets(line, sizeof(line), f)) {
        uint8_t seed[96];
        if (line[0] == '#' || sscanf(line, "%63s %u %79s %79s %79s %159s", name, &tc, a, b, c, pkhex) != 6)
            continue;
        if (strcmp(name, p->name) || tc != want_tc)
            continue;
        unhex(seed, 32, a);
        unhex(seed + p->n, 32, b);
        unhex(seed + 2 * p->n, 32, c);
        rc = slh_keygen_internal(p, seed, seed + p->n, seed + 2 * p->n, sk, pk, NULL);
        break;
    }
    if (f)
        fclose(f);
    return rc;
}

static void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;

    *len = 0;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long l = ftell(f);
        rewind(f);
        if (l > 0 && (buf = malloc((size_t)l)) && fread(buf, 1, (size_t)l, f) == (size_t)l)
            *len = (size_t)l;
    }
    fclose(f);
    return buf;
}

/* 'f' sets: sign (deterministic, hedged, pre-hash) and compare SHA-256 of the
 * signature; 's' sets (slow to sign): verify the stored expected signature.
 * Every signature also fails verification once one bit is flipped. */
QTEST(slhdsa_sign_kat)
{
    FILE *f = fopen(VEC_DIR "sign.txt", "r");
    char line[512], name[64], mode[32], rt[16], res[128];
    unsigned tc, mt, ml, ct, cl, count = 0, s_count = 0;

    QCHECK(f != NULL);
    while (f && fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || sscanf(line, "%63s %u %31s %u %u %u %u %15s %127s", name, &tc, mode,
                                     &mt, &ml, &ct, &cl, rt, res) != 9)
            continue;
        const struct slh_params *p = slh_params_by_name(name);
        uint8_t pk[64], sk[128], msg[256], ctx[256], rnd[32], digest[32], want[32];
        size_t siglen = 0;
        uint8_t *sig;
        int ph = strcmp(mode, "pure") ? slh_prehash_by_name(mode) : -1;
        struct slh_ctx *work = malloc(SLH_WORK_BYTES);

        QCHECK(p != NULL && ml <= sizeof(msg) && cl <= sizeof(ctx) && ph >= -1);
        if (!p || ml > sizeof(msg) || cl > sizeof(ctx) || ph < -1) {
            free(work);
            continue;
        }
        QCHECK_EQ(acvp_key(p, tc, pk, sk), 0);
        pattern(msg, mt, ml);
        pattern(ctx, ct, cl);
        pattern(rnd, (unsigned)atoi(rt), p->n);
        const uint8_t *r = strcmp(rt, "-") ? rnd : NULL;

        if (strncmp(res, "s/", 2) == 0) {
            char path[256];
            snprintf(path, sizeof(path), VEC_DIR "%s", res);
            sig = read_file(path, &siglen);
            QCHECK(sig != NULL);
            QCHECK_EQ(siglen, p->sig_bytes);
            s_count++;
        } else {
            sig = malloc(p->sig_bytes);
            siglen = p->sig_bytes;
            if (ph < 0)
                QCHECK_EQ(slh_sign(p, sig, sk, msg, ml, ctx, cl, r, work), 0);
            else
                QCHECK_EQ(slh_hash_sign(p, sig, sk, msg, ml, ctx, cl, ph, r, work), 0);
            sha256(digest, sig, siglen);
            unhex(want, 32, res);
            if (memcmp(digest, want, 32))
                printf("  sign KAT mismatch: %s %s msg %u/%u\n", name, mode, mt, ml);
            QCHECK_MEM(digest, want, 32);
        }
        if (sig) {
            for (int flip = 0; flip < 2; flip++) {
                int rc = ph < 0 ? slh_verify(p, pk, msg, ml, ctx, cl, sig, siglen, work)
                                : slh_hash_verify(p, pk, msg, ml, ctx, cl, ph, sig, siglen, work);
                QCHECK_EQ(rc, flip ? PQC_ERR_VERIFY : 0);
                sig[siglen / 3] ^= 0x10; /* inside the hypertree signature */
            }
        }
        free(sig);
        free(work);
        count++;
    }
    if (f)
        fclose(f);
    QCHECK(count >= 24);
    QCHECK_EQ(s_count, 6);
}
