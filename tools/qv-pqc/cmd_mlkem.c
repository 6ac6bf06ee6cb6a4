/* qv-pqc ML-KEM commands (FIPS 203), deterministic from hex inputs:
 *   mlkem-keygen <512|768|1024> <d||z>  -> "<ek> <dk>"
 *   mlkem-encaps <512|768|1024> <ek> <m> -> "<ct> <ss>"
 *   mlkem-decaps <512|768|1024> <dk> <ct> -> "<ss>"
 * They go through the registered descriptors, so they exercise exactly what
 * the hypervisor uses, including the §7.2 / §7.3 input checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qvpqc.h"

/* "768" -> ML-KEM-768 descriptor, with an error for anything else. */
static const struct pqc_kem_alg *mlkem_alg(const char *level)
{
    char name[32];
    if (strcmp(level, "512") && strcmp(level, "768") && strcmp(level, "1024")) {
        qvpqc_err(PQC_ERR_UNKNOWN_ALG, "parameter set '%s': expected 512, 768 or 1024", level);
        return NULL;
    }
    snprintf(name, sizeof name, "ML-KEM-%s", level);
    return qvpqc_kem(name);
}

/* Buffers of one command; freed together. */
struct bufs {
    uint8_t *a, *b, *c, *d;
    void *work;
};

static void free_bufs(struct bufs *b)
{
    free(b->a); free(b->b); free(b->c); free(b->d); free(b->work);
}

static int cmd_mlkem_keygen(int argc, char **argv)
{
    if (argc != 3)
        return qvpqc_usage();
    const struct pqc_kem_alg *alg = mlkem_alg(argv[1]);
    if (!alg)
        return PQC_ERR_UNKNOWN_ALG;
    struct bufs b = { qvpqc_zalloc(alg->keygen_seed_len), qvpqc_zalloc(alg->ek_len),
                      qvpqc_zalloc(alg->dk_len), NULL, qvpqc_zalloc(alg->work_len) };
    int rc = qvpqc_hex_exact("d||z", argv[2], b.a, alg->keygen_seed_len);
    if (!rc)
        rc = alg->keygen(b.b, b.c, b.a, b.work);
    if (!rc) {
        qvpqc_put_hex(b.b, alg->ek_len, " ");
        qvpqc_put_hex(b.c, alg->dk_len, "\n");
    }
    free_bufs(&b);
    return rc;
}
QVPQC_COMMAND("mlkem-keygen", "<512|768|1024> <d||z hex, 64 bytes>", cmd_mlkem_keygen)

static int cmd_mlkem_encaps(int argc, char **argv)
{
    if (argc != 4)
        return qvpqc_usage();
    const struct pqc_kem_alg *alg = mlkem_alg(argv[1]);
    if (!alg)
        return PQC_ERR_UNKNOWN_ALG;
    struct bufs b = { qvpqc_zalloc(alg->ek_len), qvpqc_zalloc(alg->encaps_seed_len),
                      qvpqc_zalloc(alg->ct_len), qvpqc_zalloc(alg->ss_len),
                      qvpqc_zalloc(alg->work_len) };
    int rc = qvpqc_hex_exact("ek", argv[2], b.a, alg->ek_len);
    if (!rc)
        rc = qvpqc_hex_exact("m", argv[3], b.b, alg->encaps_seed_len);
    if (!rc) {
        rc = alg->encaps(b.c, b.d, b.a, b.b, b.work);
        if (rc == PQC_ERR_BAD_KEY)
            qvpqc_err(rc, "ek fails the FIPS 203 7.2 modulus check");
    }
    if (!rc) {
        qvpqc_put_hex(b.c, alg->ct_len, " ");
        qvpqc_put_hex(b.d, alg->ss_len, "\n");
    }
    free_bufs(&b);
    return rc;
}
QVPQC_COMMAND("mlkem-encaps", "<512|768|1024> <ek hex> <m hex, 32 bytes>", cmd_mlkem_encaps)

static int cmd_mlkem_decaps(int argc, char **argv)
{
    if (argc != 4)
        return qvpqc_usage();
    const struct pqc_kem_alg *alg = mlkem_alg(argv[1]);
    if (!alg)
        return PQC_ERR_UNKNOWN_ALG;
    struct bufs b = { qvpqc_zalloc(alg->dk_len), qvpqc_zalloc(alg->ct_len),
                      qvpqc_zalloc(alg->ss_len), NULL, qvpqc_zalloc(alg->work_len) };
    int rc = qvpqc_hex_exact("dk", argv[2], b.a, alg->dk_len);
    if (!rc)
        rc = qvpqc_hex_exact("ct", argv[3], b.b, alg->ct_len);
    if (!rc) {
        rc = alg->decaps(b.c, b.b, b.a, b.work);
        if (rc == PQC_ERR_BAD_KEY)
            qvpqc_err(rc, "dk fails the FIPS 203 7.3 hash check");
    }
    if (!rc)
        qvpqc_put_hex(b.c, alg->ss_len, "\n");
    free_bufs(&b);
    return rc;
}
QVPQC_COMMAND("mlkem-decaps", "<512|768|1024> <dk hex> <ct hex>", cmd_mlkem_decaps)
