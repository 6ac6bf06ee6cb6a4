/* libFuzzer: ML-KEM decapsulation on arbitrary (dk, ct) input. First byte
 * picks the parameter set; the rest is split into dk and ct with lengths
 * taken from the data, so wrong lengths (§7.3 type checks), bad hashes (§7.3
 * hash check) and valid-format garbage all occur. Every call must return 0 or
 * a PQC_ERR_* code without touching memory outside the buffers (ASan). Half
 * of the inputs get a correct H(ek) patched in, so the full decryption and
 * re-encryption path is reached, not only the hash check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/errors.h"
#include "pqc/hash/sha3.h"
#include "pqc/mlkem/mlkem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct mlkem_params *const sets[] = {&mlkem512, &mlkem768, &mlkem1024};
    static struct mlkem_work w;
    uint8_t ss[32];

    if (size < 3)
        return 0;
    const struct mlkem_params *p = sets[data[0] % 3];
    bool fix_hash = data[0] & 0x80;
    size_t dk_len = p->dk_len, ct_len = p->ct_len;
    if (data[1] & 1) {   /* fuzzer-chosen lengths around the right ones */
        dk_len = p->dk_len - 8 + data[2] % 16;
        ct_len = p->ct_len - 8 + (data[2] >> 4);
    }
    data += 3;
    size -= 3;
    if (size < dk_len + ct_len)
        return 0;
    /* Exact-size heap copies so ASan sees any over-read. */
    uint8_t *dk = malloc(dk_len), *ct = malloc(ct_len);
    memcpy(dk, data, dk_len);
    memcpy(ct, data + dk_len, ct_len);
    if (fix_hash && dk_len == p->dk_len) {
        uint8_t *ek = dk + 384 * p->k;
        sha3_256(ek + p->ek_len, ek, p->ek_len);
    }
    int rc = mlkem_decaps_internal(p, ss, ct, ct_len, dk, dk_len, &w);
    if (rc != 0 && rc != PQC_ERR_BAD_LENGTH && rc != PQC_ERR_BAD_KEY)
        abort();
    if (rc == 0 && (dk_len != p->dk_len || ct_len != p->ct_len))
        abort();   /* a wrong length must never be accepted */
    free(dk);
    free(ct);
    return 0;
}
