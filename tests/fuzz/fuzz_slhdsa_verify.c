/* libFuzzer target: SLH-DSA verification (FIPS 205 Alg. 20, 24, 25) on
 * untrusted input. Two modes, picked by the first byte:
 *  - raw: parameter set, public key, context, message and signature all come
 *    from the input (mostly wrong lengths / garbage; must return an error,
 *    never fault);
 *  - patched: a valid signature made at start-up is corrupted at
 *    fuzzer-chosen offsets (and message/context/mode possibly changed). Then
 *    the result is checked against an oracle: unchanged inputs must verify,
 *    any real change must be rejected.
 * Input layout: [mode][set][ctxlen][patch count][(off16, xor8)*][message...] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/errors.h"
#include "pqc/slhdsa/slhdsa.h"

struct signed_msg {
    const struct slh_params *p;
    uint8_t pk[64], sk[128];
    uint8_t *sig;
};

static const uint8_t base_msg[] = "fuzz me: signed message";
static const uint8_t base_ctx[] = "ctx";
static struct signed_msg sm[2];
static struct slh_ctx work;

static void init(void)
{
    static const char *const names[2] = { "SLH-DSA-SHA2-128f", "SLH-DSA-SHAKE-128f" };
    for (int i = 0; i < 2; i++) {
        uint8_t seed[48];
        sm[i].p = slh_params_by_name(names[i]);
        for (size_t j = 0; j < sizeof(seed); j++)
            seed[j] = (uint8_t)(i * 31 + j);
        sm[i].sig = malloc(sm[i].p->sig_bytes);
        if (!sm[i].sig || slh_keygen_internal(sm[i].p, seed, seed + 16, seed + 32, sm[i].sk, sm[i].pk, &work) ||
            slh_sign(sm[i].p, sm[i].sig, sm[i].sk, base_msg, sizeof(base_msg), base_ctx,
                     sizeof(base_ctx), NULL, &work))
            abort();
    }
}

static void raw(const uint8_t *d, size_t len)
{
    if (len < 3)
        return;
    const struct slh_params *p = &slh_params_table[d[0] % 12];
    size_t ctxlen = d[1], mlen;
    int ph = (int)(d[2] % (SLH_PH_COUNT + 1)) - 1;
    d += 3;
    len -= 3;
    if (len < p->pk_bytes + ctxlen + 2)
        return;
    const uint8_t *pk = d, *ctx = d + p->pk_bytes;
    d += p->pk_bytes + ctxlen;
    len -= p->pk_bytes + ctxlen;
    mlen = MIN((size_t)d[0], len - 1);
    const uint8_t *msg = d + 1, *sig = d + 1 + mlen;
    size_t siglen = len - 1 - mlen;
    int rc = ph < 0 ? slh_verify(p, pk, msg, mlen, ctx, ctxlen, sig, siglen, &work)
                    : slh_hash_verify(p, pk, msg, mlen, ctx, ctxlen, ph, sig, siglen, &work);
    /* Random bytes are never a valid signature; short ones are a length error. */
    if (rc == 0 || (siglen != p->sig_bytes && rc != PQC_ERR_BAD_LENGTH))
        abort();
}

static void patched(const uint8_t *d, size_t len)
{
    if (len < 3)
        return;
    struct signed_msg *s = &sm[d[0] & 1];
    const struct slh_params *p = s->p;
    size_t ctxlen = d[1] & 3, npatch = d[2] & 7, siglen = p->sig_bytes;
    bool changed = ctxlen != sizeof(base_ctx) || memcmp(base_ctx, "ctx", ctxlen) != 0;
    uint8_t *sig = malloc(siglen + 1);

    d += 3;
    len -= 3;
    memcpy(sig, s->sig, siglen);
    for (size_t i = 0; i < npatch && len >= 3; i++, d += 3, len -= 3) {
        size_t off = ((size_t)d[0] << 8 | d[1]) * 7 % siglen; /* spread over the whole sig */
        sig[off] ^= d[2];
        changed |= d[2] != 0;
    }
    /* Net effect of the patches (two may cancel out). */
    changed = memcmp(sig, s->sig, siglen) != 0 || ctxlen != sizeof(base_ctx);
    /* The rest of the input is the message; empty means the signed one. */
    const uint8_t *msg = len ? d : base_msg;
    size_t mlen = len ? len : sizeof(base_msg);
    if (len && (len != sizeof(base_msg) || memcmp(d, base_msg, len)))
        changed = true;

    int rc = slh_verify(p, s->pk, msg, mlen, base_ctx, ctxlen, sig, siglen, &work);
    if (changed ? rc != PQC_ERR_VERIFY : rc != 0) {
        fprintf(stderr, "oracle: %s changed=%d rc=%d\n", p->name, changed, rc);
        abort();
    }
    free(sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        init();
        ready = true;
    }
    if (size < 1)
        return 0;
    if (data[0] & 0x80)
        raw(data + 1, size - 1);
    else
        patched(data + 1, size - 1);
    return 0;
}
