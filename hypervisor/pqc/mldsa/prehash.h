/* HashML-DSA pre-hash helpers (FIPS 204 §5.4). */
#ifndef QV_PQC_MLDSA_PREHASH_H
#define QV_PQC_MLDSA_PREHASH_H
#include "pqc/mldsa/mldsa.h"

#define MLDSA_PH_OID_LEN 11
#define MLDSA_PH_MAX_DIGEST 64

/* DER encoding of the OID of a valid ph. */
void mldsa_ph_oid(uint8_t oid[MLDSA_PH_OID_LEN], int ph);
/* PH(M) into out (mldsa_ph_digest_len(ph) bytes); PQC_ERR_UNKNOWN_ALG if invalid. */
int mldsa_ph_digest(uint8_t *out, int ph, const uint8_t *msg, size_t mlen);

#endif
