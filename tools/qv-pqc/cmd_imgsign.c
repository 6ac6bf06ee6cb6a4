/* qv-pqc keygen / sign / verify on files (image signing), generic over every
 * registered signature algorithm; default ML-DSA-65. File format (docs/pqc.md):
 *
 *   magic[4] ("QVPK" public key, "QVSK" secret key, "QVSG" signature)
 *   version[1] = 1, namelen[1], name[namelen] (e.g. "ML-DSA-65"), payload
 *
 * The payload is the raw FIPS 204/205 encoding and must have exactly the
 * algorithm's length. Files are signed whole with the pure (non-prehash)
 * variant and the context string QVPQC_IMAGE_CTX, which separates image
 * signatures from every other use of the same key (FIPS 204 §5.2). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "lib/string.h"
#include "pqc/hash/sha3.h"
#include "qvpqc.h"

#define QVPQC_IMAGE_CTX "QuantaVirt image v1"
#define DEFAULT_SIG_ALG "ML-DSA-65"

static const char *const magic_for[] = { "QVPK", "QVSK", "QVSG" };
enum { F_PK, F_SK, F_SIG };

static int write_keyfile(const char *path, int kind, const char *alg, const uint8_t *p, size_t n)
{
    size_t nl = strlen(alg), total = 6 + nl + n;
    uint8_t *buf = qvpqc_zalloc(total);
    memcpy(buf, magic_for[kind], 4);
    buf[4] = 1;
    buf[5] = (uint8_t)nl;
    memcpy(buf + 6, alg, nl);
    memcpy(buf + 6 + nl, p, n);
    int rc = 0;
    /* Secret keys are created owner-only; O_EXCL refuses to overwrite a key. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | (kind == F_SK ? O_EXCL : 0),
                  kind == F_SK ? 0600 : 0644);
    if (fd < 0) {
        rc = qvpqc_err(QV_ERR_IO, "%s: cannot create%s", path,
                       kind == F_SK ? " (secret key files are never overwritten)" : "");
    } else {
        if (write(fd, buf, total) != (ssize_t)total)
            rc = qvpqc_err(QV_ERR_IO, "%s: write error", path);
        if (close(fd) != 0 && !rc)
            rc = qvpqc_err(QV_ERR_IO, "%s: write error", path);
    }
    qv_memzero_explicit(buf, total);
    free(buf);
    return rc;
}

/* Reads a key/signature file, checks magic, version, algorithm and length;
 * *payload points into *file (free *file, wiping it for secret keys). */
static int read_keyfile(const char *path, int kind, const struct pqc_sig_alg *alg,
                        uint8_t **file, size_t *flen, const uint8_t **payload)
{
    size_t want = kind == F_PK ? alg->pk_len : kind == F_SK ? alg->sk_len : alg->sig_len;
    int rc = qvpqc_read_file(path, file, flen);
    if (rc)
        return rc;
    const uint8_t *b = *file;
    size_t nl = *flen >= 6 ? b[5] : 0;
    if (*flen < 6 || memcmp(b, magic_for[kind], 4) || b[4] != 1 || *flen < 6 + nl)
        rc = qvpqc_err(PQC_ERR_BAD_ENCODING, "%s: not a qv-pqc %s file", path,
                       kind == F_PK ? "public key" : kind == F_SK ? "secret key" : "signature");
    else if (nl != strlen(alg->name) || memcmp(b + 6, alg->name, nl))
        rc = qvpqc_err(PQC_ERR_UNKNOWN_ALG, "%s: made for %.*s, not %s", path, (int)nl,
                       (const char *)b + 6, alg->name);
    else if (*flen - 6 - nl != want)
        rc = qvpqc_err(PQC_ERR_BAD_LENGTH, "%s: payload is %zu bytes, %s needs %zu", path,
                       *flen - 6 - nl, alg->name, want);
    if (rc) {
        qv_memzero_explicit(*file, *flen);
        free(*file);
        *file = NULL;
        return rc;
    }
    *payload = b + 6 + nl;
    return 0;
}

/* Optional leading algorithm name: used when more positionals than needed. */
static const struct pqc_sig_alg *pick_alg(int *argc, char **argv, int positionals)
{
    const char *name = DEFAULT_SIG_ALG;
    if (*argc == positionals + 2) {
        name = argv[1];
        memmove(&argv[1], &argv[2], (size_t)(*argc - 1) * sizeof(char *));
        (*argc)--;
    }
    return qvpqc_sig(name);
}

static int cmd_keygen(int argc, char **argv)
{
    const char *pkp = qvpqc_take_opt(&argc, argv, "out-pk");
    const char *skp = qvpqc_take_opt(&argc, argv, "out-sk");
    const char *seedhex = qvpqc_take_opt(&argc, argv, "seed");
    if (qvpqc_opt_missing || !pkp || !skp || argc > 2)
        return qvpqc_usage();
    const struct pqc_sig_alg *a = pick_alg(&argc, argv, 0);
    if (!a)
        return PQC_ERR_UNKNOWN_ALG;
    uint8_t *seed = qvpqc_zalloc(a->keygen_seed_len), *pk = qvpqc_zalloc(a->pk_len);
    uint8_t *sk = qvpqc_zalloc(a->sk_len), *work = qvpqc_zalloc(a->work_len);
    int rc = 0;
    if (seedhex)
        rc = qvpqc_hex_exact("--seed", seedhex, seed, a->keygen_seed_len);
    else if (getrandom(seed, a->keygen_seed_len, 0) != (ssize_t)a->keygen_seed_len)
        rc = qvpqc_err(PQC_ERR_ENTROPY, "getrandom failed");
    if (!rc)
        rc = a->keygen(pk, sk, seed, work);
    if (!rc)
        rc = write_keyfile(skp, F_SK, a->name, sk, a->sk_len);
    if (!rc)
        rc = write_keyfile(pkp, F_PK, a->name, pk, a->pk_len);
    if (!rc) {
        uint8_t fp[32];
        sha3_256(fp, pk, a->pk_len);
        printf("%s ", a->name);
        qvpqc_put_hex(fp, sizeof fp, "\n"); /* fingerprint = SHA3-256(pk payload) */
    }
    qv_memzero_explicit(seed, a->keygen_seed_len);
    qv_memzero_explicit(sk, a->sk_len);
    qv_memzero_explicit(work, a->work_len);
    free(seed); free(pk); free(sk); free(work);
    return rc;
}
QVPQC_COMMAND("keygen", "[ALG] --out-pk FILE --out-sk FILE [--seed HEX]   (default ML-DSA-65)", cmd_keygen)

static int cmd_sign(int argc, char **argv)
{
    const char *skp = qvpqc_take_opt(&argc, argv, "sk");
    const char *outp = qvpqc_take_opt(&argc, argv, "out");
    bool det = qvpqc_take_flag(&argc, argv, "deterministic");
    if (qvpqc_opt_missing || !skp || !outp || argc < 2 || argc > 3)
        return qvpqc_usage();
    const struct pqc_sig_alg *a = pick_alg(&argc, argv, 1);
    if (!a)
        return PQC_ERR_UNKNOWN_ALG;
    uint8_t *skfile = NULL, *msg = NULL, *sig = qvpqc_zalloc(a->sig_len);
    uint8_t *rnd = qvpqc_zalloc(a->rnd_len), *work = qvpqc_zalloc(a->work_len);
    const uint8_t *sk;
    size_t sklen = 0, mlen;
    int rc = read_keyfile(skp, F_SK, a, &skfile, &sklen, &sk);
    if (!rc)
        rc = qvpqc_read_file(argv[1], &msg, &mlen);
    if (!rc && !det && a->rnd_len && getrandom(rnd, a->rnd_len, 0) != (ssize_t)a->rnd_len)
        rc = qvpqc_err(PQC_ERR_ENTROPY, "getrandom failed");
    if (!rc)
        rc = a->sign(sig, sk, msg, mlen, (const uint8_t *)QVPQC_IMAGE_CTX, strlen(QVPQC_IMAGE_CTX),
                     det || !a->rnd_len ? NULL : rnd, work);
    if (!rc)
        rc = write_keyfile(outp, F_SIG, a->name, sig, a->sig_len);
    if (!rc)
        printf("signed %s with %s\n", argv[1], a->name);
    if (skfile)
        qv_memzero_explicit(skfile, sklen);
    qv_memzero_explicit(work, a->work_len);
    qv_memzero_explicit(rnd, a->rnd_len);
    free(skfile); free(msg); free(sig); free(rnd); free(work);
    return rc;
}
QVPQC_COMMAND("sign", "[ALG] --sk FILE FILE --out SIGFILE [--deterministic]", cmd_sign)

static int cmd_verify(int argc, char **argv)
{
    const char *pkp = qvpqc_take_opt(&argc, argv, "pk");
    if (qvpqc_opt_missing || !pkp || argc < 3 || argc > 4)
        return qvpqc_usage();
    const struct pqc_sig_alg *a = pick_alg(&argc, argv, 2);
    if (!a)
        return PQC_ERR_UNKNOWN_ALG;
    uint8_t *pkfile = NULL, *sigfile = NULL, *msg = NULL, *work = qvpqc_zalloc(a->work_len);
    const uint8_t *pk, *sig;
    size_t pklen, siglen, mlen;
    int rc = read_keyfile(pkp, F_PK, a, &pkfile, &pklen, &pk);
    if (!rc)
        rc = read_keyfile(argv[2], F_SIG, a, &sigfile, &siglen, &sig);
    if (!rc)
        rc = qvpqc_read_file(argv[1], &msg, &mlen);
    if (!rc)
        rc = a->verify(pk, msg, mlen, (const uint8_t *)QVPQC_IMAGE_CTX, strlen(QVPQC_IMAGE_CTX),
                       sig, a->sig_len, work);
    if (!rc)
        printf("valid %s signature on %s\n", a->name, argv[1]);
    free(pkfile); free(sigfile); free(msg); free(work);
    return rc;
}
QVPQC_COMMAND("verify", "[ALG] --pk FILE FILE SIGFILE", cmd_verify)
