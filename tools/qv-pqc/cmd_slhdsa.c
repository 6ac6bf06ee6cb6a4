/* qv-pqc SLH-DSA commands (FIPS 205), deterministic from hex inputs:
 *   slhdsa-keygen NAME <SK.seed||SK.prf||PK.seed>                  -> "<pk> <sk>"
 *   slhdsa-sign NAME <sk> <msg> [--ctx HEX] [--rnd HEX] [--prehash ALG] [--internal]
 *                                                                  -> "<sig>"
 *   slhdsa-verify NAME <pk> <msg> <sig> [--ctx HEX] [--prehash ALG] [--internal]
 *                                                                  -> "valid" (else error)
 * NAME is a parameter set ("SLH-DSA-SHAKE-128f"). Without --rnd signing is
 * deterministic (opt_rand = PK.seed, FIPS 205 Alg. 22 l. 5). --prehash picks
 * HashSLH-DSA (§10.2.2) with SHA2-224/256/384/512, SHA2-512/224, SHA2-512/256,
 * SHA3-224/256/384/512, SHAKE-128 or SHAKE-256. --internal signs/verifies the
 * message as given (slh_sign_internal, the ACVP "internal" interface).
 * Pure SLH-DSA goes through the registered descriptor like the hypervisor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qvpqc.h"
#include "pqc/slhdsa/slhdsa.h"

static const struct slh_params *slh_set(const char *name)
{
    const struct slh_params *p = slh_params_by_name(name);
    if (!p)
        qvpqc_err(PQC_ERR_UNKNOWN_ALG, "unknown SLH-DSA parameter set '%s'", name);
    return p;
}

struct slh_opts {
    uint8_t *ctx, *rnd;
    size_t ctxlen, rndlen;
    int ph; /* -1: pure */
    bool internal;
};

/* Options shared by sign and verify; they are removed from argv. The rnd
 * length is checked by the caller, which knows n. */
static int take_opts(int *argc, char **argv, struct slh_opts *o, bool sign)
{
    const char *ctx = qvpqc_take_opt(argc, argv, "ctx");
    const char *rnd = sign ? qvpqc_take_opt(argc, argv, "rnd") : NULL;
    const char *ph = qvpqc_take_opt(argc, argv, "prehash");
    int rc = 0;

    memset(o, 0, sizeof *o);
    o->ph = -1;
    o->internal = qvpqc_take_flag(argc, argv, "internal");
    if (qvpqc_opt_missing)
        return qvpqc_usage();
    if (ctx)
        rc = qvpqc_hex_alloc("ctx", ctx, &o->ctx, &o->ctxlen);
    if (!rc && rnd)
        rc = qvpqc_hex_alloc("rnd", rnd, &o->rnd, &o->rndlen);
    if (!rc && ph) {
        o->ph = slh_prehash_by_name(ph);
        if (o->ph < 0)
            rc = qvpqc_err(PQC_ERR_UNKNOWN_ALG, "unknown pre-hash '%s'", ph);
    }
    if (!rc && o->internal && (ctx || ph))
        rc = qvpqc_err(QV_ERR_INVAL, "--internal excludes --ctx and --prehash");
    return rc;
}

static void free_opts(struct slh_opts *o)
{
    free(o->ctx);
    free(o->rnd);
}

static int cmd_slhdsa_keygen(int argc, char **argv)
{
    if (argc != 3)
        return qvpqc_usage();
    const struct slh_params *p = slh_set(argv[1]);
    if (!p)
        return PQC_ERR_UNKNOWN_ALG;
    const struct pqc_sig_alg *a = qvpqc_sig(p->name);
    if (!a)
        return PQC_ERR_UNKNOWN_ALG;
    uint8_t *seed = qvpqc_zalloc(a->keygen_seed_len), *pk = qvpqc_zalloc(a->pk_len),
            *sk = qvpqc_zalloc(a->sk_len);
    void *work = qvpqc_zalloc(a->work_len);
    int rc = qvpqc_hex_exact("SK.seed||SK.prf||PK.seed", argv[2], seed, a->keygen_seed_len);
    if (!rc)
        rc = a->keygen(pk, sk, seed, work);
    if (!rc) {
        qvpqc_put_hex(pk, a->pk_len, " ");
        qvpqc_put_hex(sk, a->sk_len, "\n");
    }
    free(seed); free(pk); free(sk); free(work);
    return rc;
}
QVPQC_COMMAND("slhdsa-keygen", "<SLH-DSA-...> <SK.seed||SK.prf||PK.seed hex, 3n bytes>",
              cmd_slhdsa_keygen)

static int cmd_slhdsa_sign(int argc, char **argv)
{
    struct slh_opts o;
    int rc = take_opts(&argc, argv, &o, true);

    if (rc) {
        free_opts(&o);
        return rc;
    }
    if (argc != 4) {
        free_opts(&o);
        return qvpqc_usage();
    }
    const struct slh_params *p = slh_set(argv[1]);
    if (!p) {
        free_opts(&o);
        return PQC_ERR_UNKNOWN_ALG;
    }
    const struct pqc_sig_alg *a = qvpqc_sig(p->name);
    uint8_t *sk = qvpqc_zalloc(p->sk_bytes), *msg = NULL, *sig = qvpqc_zalloc(p->sig_bytes);
    size_t mlen = 0;
    void *work = qvpqc_zalloc(SLH_WORK_BYTES);

    if (o.rnd && o.rndlen != p->n)
        rc = qvpqc_err(PQC_ERR_BAD_LENGTH, "argument rnd: expected %u bytes, got %zu", p->n,
                       o.rndlen);
    if (!rc)
        rc = qvpqc_hex_exact("sk", argv[2], sk, p->sk_bytes);
    if (!rc)
        rc = qvpqc_hex_alloc("msg", argv[3], &msg, &mlen);
    if (!rc) {
        if (o.internal) {
            struct slh_msg m = { NULL, 0, msg, mlen };
            rc = slh_sign_internal(p, &m, sk, o.rnd, sig, work);
        } else if (o.ph >= 0) {
            rc = slh_hash_sign(p, sig, sk, msg, mlen, o.ctx, o.ctxlen, (enum slh_prehash)o.ph,
                               o.rnd, work);
        } else {
            rc = a->sign(sig, sk, msg, mlen, o.ctx, o.ctxlen, o.rnd, work);
        }
    }
    if (!rc)
        qvpqc_put_hex(sig, p->sig_bytes, "\n");
    free(sk); free(msg); free(sig); free(work);
    free_opts(&o);
    return rc;
}
QVPQC_COMMAND("slhdsa-sign",
              "<SLH-DSA-...> <sk> <msg> [--ctx HEX] [--rnd HEX] [--prehash ALG] [--internal]",
              cmd_slhdsa_sign)

static int cmd_slhdsa_verify(int argc, char **argv)
{
    struct slh_opts o;
    int rc = take_opts(&argc, argv, &o, false);

    if (rc) {
        free_opts(&o);
        return rc;
    }
    if (argc != 5) {
        free_opts(&o);
        return qvpqc_usage();
    }
    const struct slh_params *p = slh_set(argv[1]);
    if (!p) {
        free_opts(&o);
        return PQC_ERR_UNKNOWN_ALG;
    }
    const struct pqc_sig_alg *a = qvpqc_sig(p->name);
    uint8_t *pk = qvpqc_zalloc(p->pk_bytes), *msg = NULL, *sig = NULL;
    size_t mlen = 0, siglen = 0;
    void *work = qvpqc_zalloc(SLH_WORK_BYTES);

    rc = qvpqc_hex_exact("pk", argv[2], pk, p->pk_bytes);
    if (!rc)
        rc = qvpqc_hex_alloc("msg", argv[3], &msg, &mlen);
    if (!rc)
        rc = qvpqc_hex_alloc("sig", argv[4], &sig, &siglen);
    if (!rc) {
        if (o.internal) {
            struct slh_msg m = { NULL, 0, msg, mlen };
            rc = slh_verify_internal(p, &m, sig, siglen, pk, work);
        } else if (o.ph >= 0) {
            rc = slh_hash_verify(p, pk, msg, mlen, o.ctx, o.ctxlen, (enum slh_prehash)o.ph, sig,
                                 siglen, work);
        } else {
            rc = a->verify(pk, msg, mlen, o.ctx, o.ctxlen, sig, siglen, work);
        }
    }
    if (!rc)
        printf("valid\n");
    free(pk); free(msg); free(sig); free(work);
    free_opts(&o);
    return rc;
}
QVPQC_COMMAND("slhdsa-verify",
              "<SLH-DSA-...> <pk> <msg> <sig> [--ctx HEX] [--prehash ALG] [--internal]",
              cmd_slhdsa_verify)
