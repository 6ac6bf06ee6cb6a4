/* qv-pqc ML-DSA commands (FIPS 204), deterministic from hex inputs:
 *   mldsa-keygen <44|65|87> <xi>                          -> "<pk> <sk>"
 *   mldsa-sign <44|65|87> <sk> <msg> [--ctx HEX] [--rnd HEX] [--prehash ALG] [--mu]
 *                                                         -> "<sig>"
 *   mldsa-verify <44|65|87> <pk> <msg> <sig> [--ctx HEX] [--prehash ALG] [--mu]
 *                                                         -> "valid" (else error)
 * Without --rnd signing is deterministic (rnd = 0^32). --prehash selects
 * HashML-DSA with SHA2-224/256/384/512, SHA2-512/224, SHA2-512/256,
 * SHA3-224/256/384/512, SHAKE-128 or SHAKE-256; --mu passes the 64-byte mu
 * in place of the message (external-mu interface, no --ctx/--prehash).
 * Pure signing goes through the registered descriptor like the hypervisor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qvpqc.h"
#include "pqc/mldsa/mldsa.h"

static const struct mldsa_params *mldsa_level(const char *level)
{
    const struct mldsa_params *p = NULL;
    if (!strcmp(level, "44") || !strcmp(level, "65") || !strcmp(level, "87"))
        p = mldsa_params_get((unsigned)atoi(level));
    if (!p)
        qvpqc_err(PQC_ERR_UNKNOWN_ALG, "parameter set '%s': expected 44, 65 or 87", level);
    return p;
}

/* Options shared by sign and verify; they are removed from argv. */
struct mldsa_opts {
    uint8_t *ctx, *rnd;
    size_t ctxlen;
    int ph;      /* -1: pure */
    bool mu;
};

static int take_opts(int *argc, char **argv, struct mldsa_opts *o, bool sign)
{
    const char *ctx = qvpqc_take_opt(argc, argv, "ctx");
    const char *rnd = sign ? qvpqc_take_opt(argc, argv, "rnd") : NULL;
    const char *ph = qvpqc_take_opt(argc, argv, "prehash");
    int rc = 0;

    memset(o, 0, sizeof *o);
    o->ph = -1;
    o->mu = qvpqc_take_flag(argc, argv, "mu");
    if (qvpqc_opt_missing)
        return qvpqc_usage();
    if (ctx)
        rc = qvpqc_hex_alloc("ctx", ctx, &o->ctx, &o->ctxlen);
    if (!rc && rnd) {
        o->rnd = qvpqc_zalloc(MLDSA_RNDBYTES);
        rc = qvpqc_hex_exact("rnd", rnd, o->rnd, MLDSA_RNDBYTES);
    }
    if (!rc && ph) {
        o->ph = mldsa_ph_from_name(ph);
        if (o->ph < 0)
            rc = qvpqc_err(PQC_ERR_UNKNOWN_ALG, "unknown pre-hash '%s'", ph);
    }
    if (!rc && o->mu && (ctx || ph))
        rc = qvpqc_err(QV_ERR_INVAL, "--mu excludes --ctx and --prehash (mu includes them)");
    if (!rc && o->ctxlen > PQC_MAX_CTX_LEN)
        rc = qvpqc_err(PQC_ERR_BAD_LENGTH, "context of %zu bytes: at most 255", o->ctxlen);
    return rc;
}

static int cmd_mldsa_keygen(int argc, char **argv)
{
    uint8_t xi[MLDSA_SEEDBYTES];
    if (argc != 3)
        return qvpqc_usage();
    const struct mldsa_params *p = mldsa_level(argv[1]);
    if (!p)
        return PQC_ERR_UNKNOWN_ALG;
    const struct pqc_sig_alg *alg = qvpqc_sig(p->name);
    if (!alg)
        return PQC_ERR_UNKNOWN_ALG;
    uint8_t *pk = qvpqc_zalloc(alg->pk_len), *sk = qvpqc_zalloc(alg->sk_len);
    void *work = qvpqc_zalloc(alg->work_len);
    int rc = qvpqc_hex_exact("xi", argv[2], xi, sizeof xi);
    if (!rc)
        rc = alg->keygen(pk, sk, xi, work);
    if (!rc) {
        qvpqc_put_hex(pk, alg->pk_len, " ");
        qvpqc_put_hex(sk, alg->sk_len, "\n");
    }
    free(pk); free(sk); free(work);
    return rc;
}
QVPQC_COMMAND("mldsa-keygen", "<44|65|87> <xi hex, 32 bytes>", cmd_mldsa_keygen)

static int cmd_mldsa_sign(int argc, char **argv)
{
    struct mldsa_opts o;
    int rc = take_opts(&argc, argv, &o, true);
    uint8_t *msg = NULL, *sk = NULL, *sig = NULL;
    size_t mlen = 0;
    void *work = NULL;
    const struct mldsa_params *p = NULL;

    if (!rc && argc != 4)
        rc = qvpqc_usage();
    if (!rc && !(p = mldsa_level(argv[1])))
        rc = PQC_ERR_UNKNOWN_ALG;
    if (!rc) {
        sk = qvpqc_zalloc(p->sk_len);
        sig = qvpqc_zalloc(p->sig_len);
        work = qvpqc_zalloc(mldsa_work_len(p));
        rc = qvpqc_hex_exact("sk", argv[2], sk, p->sk_len);
    }
    if (!rc)
        rc = qvpqc_hex_alloc("msg", argv[3], &msg, &mlen);
    if (!rc && o.mu && mlen != MLDSA_MUBYTES)
        rc = qvpqc_err(PQC_ERR_BAD_LENGTH, "mu must be 64 bytes, got %zu", mlen);
    if (!rc) {
        if (o.mu)
            rc = mldsa_sign_mu(p, sig, sk, msg, o.rnd, work);
        else if (o.ph >= 0)
            rc = mldsa_hash_sign(p, sig, sk, msg, mlen, o.ctx, o.ctxlen, o.ph, o.rnd, work);
        else
            rc = qvpqc_sig(p->name)->sign(sig, sk, msg, mlen, o.ctx, o.ctxlen, o.rnd, work);
        if (rc == PQC_ERR_BAD_KEY)
            qvpqc_err(rc, "sk has s1/s2 coefficients outside [-eta, eta]");
    }
    if (!rc)
        qvpqc_put_hex(sig, p->sig_len, "\n");
    free(msg); free(sk); free(sig); free(work); free(o.ctx); free(o.rnd);
    return rc;
}
QVPQC_COMMAND("mldsa-sign",
              "<44|65|87> <sk hex> <msg hex> [--ctx HEX] [--rnd HEX] [--prehash ALG] [--mu]",
              cmd_mldsa_sign)

static int cmd_mldsa_verify(int argc, char **argv)
{
    struct mldsa_opts o;
    int rc = take_opts(&argc, argv, &o, false);
    uint8_t *msg = NULL, *pk = NULL, *sig = NULL;
    size_t mlen = 0, siglen = 0;
    void *work = NULL;
    const struct mldsa_params *p = NULL;

    if (!rc && argc != 5)
        rc = qvpqc_usage();
    if (!rc && !(p = mldsa_level(argv[1])))
        rc = PQC_ERR_UNKNOWN_ALG;
    if (!rc) {
        pk = qvpqc_zalloc(p->pk_len);
        work = qvpqc_zalloc(mldsa_work_len(p));
        rc = qvpqc_hex_exact("pk", argv[2], pk, p->pk_len);
    }
    if (!rc)
        rc = qvpqc_hex_alloc("msg", argv[3], &msg, &mlen);
    if (!rc)
        rc = qvpqc_hex_alloc("sig", argv[4], &sig, &siglen);
    if (!rc && o.mu && mlen != MLDSA_MUBYTES)
        rc = qvpqc_err(PQC_ERR_BAD_LENGTH, "mu must be 64 bytes, got %zu", mlen);
    if (!rc) {
        if (o.mu)
            rc = mldsa_verify_mu(p, pk, msg, sig, siglen, work);
        else if (o.ph >= 0)
            rc = mldsa_hash_verify(p, pk, msg, mlen, o.ctx, o.ctxlen, o.ph, sig, siglen, work);
        else
            rc = qvpqc_sig(p->name)->verify(pk, msg, mlen, o.ctx, o.ctxlen, sig, siglen, work);
    }
    if (!rc)
        printf("valid\n");
    free(msg); free(pk); free(sig); free(work); free(o.ctx);
    return rc;
}
QVPQC_COMMAND("mldsa-verify",
              "<44|65|87> <pk hex> <msg hex> <sig hex> [--ctx HEX] [--prehash ALG] [--mu]",
              cmd_mldsa_verify)
