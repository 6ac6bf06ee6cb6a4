/* libFuzzer: the ML-KEM decoders and the §7.2 encapsulation-key check.
 * For arbitrary ek bytes, mlkem_check_ek must accept exactly when every
 * 12-bit field is < q, i.e. when ByteEncode_12(ByteDecode_12(ek)) == ek
 * (checked here by re-encoding), and encapsulation must succeed exactly then.
 * The same bytes also go through Decompress_d(ByteDecode_d) for every d used
 * by ML-KEM, whose round trip through Compress_d must give them back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lib/errors.h"
#include "pqc/mlkem/mlkem.h"
#include "pqc/mlkem/poly.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct mlkem_params *const sets[] = {&mlkem512, &mlkem768, &mlkem1024};
    static struct mlkem_work w;
    static uint8_t ct[MLKEM_CT_MAX];
    uint8_t ss[32], m[32] = {0}, enc[MLKEM_POLY_BYTES];

    if (size < 1)
        return 0;
    const struct mlkem_params *p = sets[data[0] % 3];
    data++;
    size--;

    /* Decoders: Compress_d(Decompress_d(y)) = y for d < 12 (FIPS 203 §4.2.1). */
    static const unsigned ds[] = {1, 4, 5, 10, 11};
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        size_t n = 32 * ds[i];
        if (size < n)
            break;
        mlkem_poly poly;
        mlkem_poly_decompress(&poly, data, ds[i]);
        mlkem_poly_compress(enc, &poly, ds[i]);
        if (memcmp(enc, data, n))
            abort();
    }

    uint8_t *ek = malloc(size ? size : 1);
    memcpy(ek, data, size);
    int rc = mlkem_check_ek(p, ek, size, &w);
    if (size != p->ek_len) {
        if (rc != PQC_ERR_BAD_LENGTH)
            abort();
    } else {
        bool canonical = true;
        for (unsigned i = 0; i < p->k; i++) {
            mlkem_poly poly;
            mlkem_poly_frombytes(&poly, ek + i * MLKEM_POLY_BYTES);
            mlkem_poly_tobytes(enc, &poly);
            canonical &= memcmp(enc, ek + i * MLKEM_POLY_BYTES, MLKEM_POLY_BYTES) == 0;
        }
        if (rc != (canonical ? 0 : PQC_ERR_BAD_KEY))
            abort();
        if (mlkem_encaps_internal(p, ct, ss, ek, size, m, &w) != rc)
            abort();
    }
    free(ek);
    return 0;
}
