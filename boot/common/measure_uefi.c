/* Measurement log and signature checks (see measure_uefi.h). */
#include "measure_uefi.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "pqc/hash/sha3.h"
#include "pqc/mldsa/mldsa.h"

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void mlog_init(struct mlog *l, void *buf, size_t cap, const char *loader)
{
    l->buf = buf;
    l->cap = cap;
    l->err = cap < 24 ? -1 : 0;
    if (l->err)
        return;
    memset(l->buf, 0, 24);
    memcpy(l->buf, "QVML", 4);
    l->buf[4] = 1;  /* version */
    l->buf[6] = 1;  /* SHA3-256 */
    put32(l->buf + 12, 24);
    for (size_t i = 0; i < 8 && loader[i]; i++)
        l->buf[16 + i] = (uint8_t)loader[i];
}

size_t mlog_size(const struct mlog *l) { return l->err ? 0 : get32(l->buf + 12); }

const uint8_t *mlog_add(struct mlog *l, const char *name, const void *data, size_t len,
                        uint32_t flags)
{
    if (l->err)
        return NULL;
    size_t at = get32(l->buf + 12), nl = strlen(name) + 1;
    size_t esz = (48 + nl + 7) & ~(size_t)7;
    if (nl > 4096 || esz > l->cap - at) {
        l->err = -1;
        return NULL;
    }
    uint8_t *e = l->buf + at;
    memset(e, 0, esz);
    put32(e, (uint32_t)esz);
    put32(e + 4, flags);
    put32(e + 8, (uint32_t)len);
    put32(e + 12, (uint32_t)((uint64_t)len >> 32));
    sha3_256(e + 16, data, len);
    memcpy(e + 48, name, nl);
    put32(l->buf + 8, get32(l->buf + 8) + 1);
    put32(l->buf + 12, (uint32_t)(at + esz));
    return e + 16;
}

#define FAIL(...) do { qv_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

/* magic[4] | version[1]=1 | namelen[1] | name | payload of exactly `want`. */
static const uint8_t *payload(const uint8_t *f, size_t n, const char *magic, size_t want)
{
    static const char alg[] = "ML-DSA-65";
    if (n < 6 || memcmp(f, magic, 4) || f[4] != 1 || f[5] != sizeof alg - 1)
        return NULL;
    if (n < 6 + (size_t)f[5] || memcmp(f + 6, alg, f[5]) || n - 6 - f[5] != want)
        return NULL;
    return f + 6 + f[5];
}

size_t qvsig_work_len(void) { return mldsa_work_len(&mldsa65_params); }

int qvsig_pk_fingerprint(const uint8_t *pkfile, size_t pklen, uint8_t fp[32])
{
    const uint8_t *pk = payload(pkfile, pklen, "QVPK", mldsa65_params.pk_len);
    if (!pk)
        return -1;
    sha3_256(fp, pk, mldsa65_params.pk_len);
    return 0;
}

int qvsig_verify(const uint8_t *pkfile, size_t pklen, const uint8_t *data, size_t len,
                 const uint8_t *sigfile, size_t siglen, void *work, char *err, size_t errlen)
{
    const struct mldsa_params *p = &mldsa65_params;
    const uint8_t *pk = payload(pkfile, pklen, "QVPK", p->pk_len);
    if (!pk)
        FAIL("built-in public key is not an ML-DSA-65 qv-pqc key");
    const uint8_t *sig = payload(sigfile, siglen, "QVSG", p->sig_len);
    if (!sig)
        FAIL("signature file is not an ML-DSA-65 qv-pqc signature (%zu bytes)", siglen);
    int rc = mldsa_verify(p, pk, data, len, (const uint8_t *)QVSIG_CONTEXT,
                          sizeof QVSIG_CONTEXT - 1, sig, p->sig_len, work);
    if (rc)
        FAIL("ML-DSA-65 signature does not verify (error %d)", rc);
    return 0;
}
