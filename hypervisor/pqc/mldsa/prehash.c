/* HashML-DSA pre-hash functions and their DER-encoded OIDs (FIPS 204 §5.4.1:
 * NIST hash algorithm arc 2.16.840.1.101.3.4.2.x). */
#include "pqc/mldsa/prehash.h"
#include "pqc/hash/sha2.h"
#include "pqc/hash/sha3.h"
#include "lib/errors.h"

struct ph_info {
    const char *name, *alt; /* ACVP spelling, common spelling */
    uint8_t oid_last;       /* x in 2.16.840.1.101.3.4.2.x */
    uint8_t len;            /* digest bytes; SHAKE128 256 bits, SHAKE256 512 bits */
};

static const struct ph_info ph_table[MLDSA_PH_COUNT] = {
    [MLDSA_PH_SHA224] = { "SHA2-224", "SHA-224", 0x04, 28 },
    [MLDSA_PH_SHA256] = { "SHA2-256", "SHA-256", 0x01, 32 },
    [MLDSA_PH_SHA384] = { "SHA2-384", "SHA-384", 0x02, 48 },
    [MLDSA_PH_SHA512] = { "SHA2-512", "SHA-512", 0x03, 64 },
    [MLDSA_PH_SHA512_224] = { "SHA2-512/224", "SHA-512/224", 0x05, 28 },
    [MLDSA_PH_SHA512_256] = { "SHA2-512/256", "SHA-512/256", 0x06, 32 },
    [MLDSA_PH_SHA3_224] = { "SHA3-224", "SHA3_224", 0x07, 28 },
    [MLDSA_PH_SHA3_256] = { "SHA3-256", "SHA3_256", 0x08, 32 },
    [MLDSA_PH_SHA3_384] = { "SHA3-384", "SHA3_384", 0x09, 48 },
    [MLDSA_PH_SHA3_512] = { "SHA3-512", "SHA3_512", 0x0a, 64 },
    [MLDSA_PH_SHAKE128] = { "SHAKE-128", "SHAKE128", 0x0b, 32 },
    [MLDSA_PH_SHAKE256] = { "SHAKE-256", "SHAKE256", 0x0c, 64 },
};

static int ascii_ieq(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'a' && x <= 'z')
            x = (char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z')
            y = (char)(y - 'a' + 'A');
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

int mldsa_ph_from_name(const char *name)
{
    for (int i = 0; i < MLDSA_PH_COUNT; i++)
        if (ascii_ieq(name, ph_table[i].name) || ascii_ieq(name, ph_table[i].alt))
            return i;
    return PQC_ERR_UNKNOWN_ALG;
}

size_t mldsa_ph_digest_len(int ph)
{
    return (ph >= 0 && ph < MLDSA_PH_COUNT) ? ph_table[ph].len : 0;
}

void mldsa_ph_oid(uint8_t oid[MLDSA_PH_OID_LEN], int ph)
{
    /* DER: OBJECT IDENTIFIER, length 9, 2.16.840.1.101.3.4.2.x */
    static const uint8_t prefix[10] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                        0x65, 0x03, 0x04, 0x02 };
    for (unsigned i = 0; i < sizeof prefix; i++)
        oid[i] = prefix[i];
    oid[10] = ph_table[ph].oid_last;
}

int mldsa_ph_digest(uint8_t *out, int ph, const uint8_t *msg, size_t mlen)
{
    switch (ph) {
    case MLDSA_PH_SHA224: sha224(out, msg, mlen); break;
    case MLDSA_PH_SHA256: sha256(out, msg, mlen); break;
    case MLDSA_PH_SHA384: sha384(out, msg, mlen); break;
    case MLDSA_PH_SHA512: sha512(out, msg, mlen); break;
    case MLDSA_PH_SHA512_224:
    case MLDSA_PH_SHA512_256: {
        sha512_ctx c;
        if (ph == MLDSA_PH_SHA512_224)
            sha512_224_init(&c);
        else
            sha512_256_init(&c);
        sha512_update(&c, msg, mlen);
        sha512_final(&c, out);
        break;
    }
    case MLDSA_PH_SHA3_224: sha3_224(out, msg, mlen); break;
    case MLDSA_PH_SHA3_256: sha3_256(out, msg, mlen); break;
    case MLDSA_PH_SHA3_384: sha3_384(out, msg, mlen); break;
    case MLDSA_PH_SHA3_512: sha3_512(out, msg, mlen); break;
    case MLDSA_PH_SHAKE128: shake128(out, 32, msg, mlen); break;
    case MLDSA_PH_SHAKE256: shake256(out, 64, msg, mlen); break;
    default: return PQC_ERR_UNKNOWN_ALG;
    }
    return 0;
}
