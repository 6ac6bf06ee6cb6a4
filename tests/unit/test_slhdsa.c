/* SLH-DSA (FIPS 205): known answers for key generation (NIST ACVP), for the
 * WOTS+/XMSS/FORS building blocks (GNU Nettle's testsuite vectors), sign/
 * verify round trips with tampering, and malformed-input handling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "lib/errors.h"
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

    /* The top-layer root is PK.root of this key. */
    slh_adrs_zero(&a);
    slh_adrs_set_layer(&a, 6);
    slh_xmss_root(&c, &a, root);
    unhex(x, 16, "ac524902fc81f5032bc27b17d9261ebd");
    QCHECK_MEM(root, x, 16);
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
