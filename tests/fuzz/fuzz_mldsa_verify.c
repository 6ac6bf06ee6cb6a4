/* libFuzzer target: ML-DSA verification and the FIPS 204 decoders on
 * untrusted bytes. Must never crash or read out of bounds, and:
 *  - sigDecode (Alg. 27 + HintBitUnpack Alg. 21) accepts an encoding only if
 *    re-encoding gives back the same bytes (the hint encoding is unique);
 *  - skDecode (Alg. 25) accepts only keys that re-encode identically;
 *  - a valid signature stays valid only if it is unchanged (edits applied
 *    through the input must make verification fail, unless they are no-ops).
 * Input: byte 0 selects the parameter set and the mode, the rest is data. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/errors.h"
#include "pqc/mldsa/encode.h"
#include "pqc/mldsa/mldsa.h"

static uint8_t pk[3][2592], sk[3][4896], sig[3][4627];
static void *work;
static const uint8_t msg[] = "fuzz";

static void init(void)
{
    work = malloc(mldsa_work_len(&mldsa87_params));
    for (unsigned s = 0; s < 3; s++) {
        const struct mldsa_params *p = mldsa_params_get(s == 0 ? 44 : s == 1 ? 65 : 87);
        uint8_t xi[32] = { (uint8_t)s };
        if (mldsa_keygen(p, pk[s], sk[s], xi, work) ||
            mldsa_sign(p, sig[s], sk[s], msg, 4, NULL, 0, NULL, work) ||
            mldsa_verify(p, pk[s], msg, 4, NULL, 0, sig[s], p->sig_len, work))
            abort();
    }
}

static void check_decoders(const struct mldsa_params *p, const uint8_t *data, size_t n)
{
    static mldsa_poly z[7], h[8], s1[7], s2[8], t0[8];
    static uint8_t buf[4896];
    if (n >= p->sig_len && mldsa_sig_decode(p, z, h, data) == 0) {
        mldsa_sig_encode(p, buf, data, z, h);
        if (memcmp(buf, data, p->sig_len))
            abort();
    }
    if (n >= p->sk_len && mldsa_sk_decode(p, s1, s2, t0, data) == 0) {
        mldsa_sk_encode(p, buf, data, data + 32, data + 64, s1, s2, t0);
        if (memcmp(buf, data, p->sk_len))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!work)
        init();
    if (size < 1)
        return 0;
    unsigned s = data[0] % 3, mode = (data[0] / 3) % 3;
    const struct mldsa_params *p = mldsa_params_get(s == 0 ? 44 : s == 1 ? 65 : 87);
    data++;
    size--;

    if (mode == 0) {
        /* Raw: pk || sig || msg from the input; any length is allowed. */
        check_decoders(p, data, size);
        if (size < p->pk_len)
            return 0;
        size_t siglen = MIN(size - p->pk_len, p->sig_len);
        const uint8_t *sg = data + p->pk_len, *m = sg + siglen;
        (void)mldsa_verify(p, data, m, size - p->pk_len - siglen, NULL, 0, sg, siglen, work);
    } else {
        /* Edits (position, xor) applied to a valid signature (mode 1) or to
         * the secret key before decoding (mode 2). */
        static uint8_t buf[4896];
        size_t len = mode == 1 ? p->sig_len : p->sk_len;
        int changed = 0;
        memcpy(buf, mode == 1 ? sig[s] : sk[s], len);
        for (size_t i = 0; i + 3 <= size; i += 3) {
            size_t pos = ((size_t)data[i] << 8 | data[i + 1]) % len;
            buf[pos] ^= data[i + 2];
        }
        changed = memcmp(buf, mode == 1 ? sig[s] : sk[s], len) != 0;
        check_decoders(p, buf, len);
        if (mode == 1) {
            int rc = mldsa_verify(p, pk[s], msg, 4, NULL, 0, buf, len, work);
            if ((rc == 0) == changed)
                abort();
        }
    }
    return 0;
}
