/* PQC backends: where the algorithms and the randomness come from. The
 * software backend is always there; a QUAC 100 backend (later issue) will
 * probe for the card and be preferred when it passes its self-test. */
#ifndef QV_PQC_BACKEND_H
#define QV_PQC_BACKEND_H
#include "pqc/pqc.h"

struct pqc_backend {
    const char *name;
    /* 0 if usable (hardware present, self-tests passed, DRBG seeded). */
    int (*probe)(void);
    const struct pqc_kem_alg *(*find_kem)(const char *name);
    const struct pqc_sig_alg *(*find_sig)(const char *name);
    int (*random)(uint8_t *out, size_t len);
};

extern const struct pqc_backend pqc_backend_sw;

/* Selection among candidates in preference order (first that probes OK);
 * pqc_init() calls it with the built-in list. Exposed for tests. */
int pqc_select_backend(const struct pqc_backend *const *candidates, size_t n);
const struct pqc_backend *pqc_current_backend(void);

#endif
