/* Backend selection: preference order, fallback past failing probes, no
 * backend at all; the software backend seeds its DRBG and delivers random
 * bytes (host entropy source). */
#include <string.h>
#include "qtest.h"
#include "pqc/backend.h"

static int probes;
static int probe_fail(void) { probes++; return PQC_ERR_NO_BACKEND; }
static int probe_ok(void) { probes++; return 0; }
static const struct pqc_kem_alg *no_kem(const char *n) { (void)n; return NULL; }
static const struct pqc_sig_alg *no_sig(const char *n) { (void)n; return NULL; }
static int rnd_ff(uint8_t *out, size_t len) { memset(out, 0xff, len); return 0; }

static const struct pqc_backend hw_bad = { "hw-bad", probe_fail, no_kem, no_sig, rnd_ff };
static const struct pqc_backend hw_ok = { "hw-ok", probe_ok, no_kem, no_sig, rnd_ff };

QTEST(backend_selection_order)
{
    const struct pqc_backend *list1[] = { &hw_bad, &hw_ok, &pqc_backend_sw };
    probes = 0;
    QCHECK_EQ(pqc_select_backend(list1, 3), 0);
    QCHECK(pqc_current_backend() == &hw_ok);
    QCHECK_EQ(probes, 2);
    uint8_t b[4];
    QCHECK_EQ(pqc_random(b, sizeof b), 0);
    QCHECK_EQ(b[0], 0xff);
    const struct pqc_backend *list2[] = { &hw_bad };
    QCHECK_EQ(pqc_select_backend(list2, 1), PQC_ERR_NO_BACKEND);
    QCHECK(strcmp(pqc_backend_name(), "none") == 0);
    QCHECK_EQ(pqc_random(b, sizeof b), PQC_ERR_NO_BACKEND);
    QCHECK(pqc_find_kem("ML-KEM-768") == NULL);
}

QTEST(software_backend_random)
{
    QCHECK_EQ(pqc_init(), 0);
    QCHECK(strcmp(pqc_backend_name(), "software") == 0);
    static uint8_t a[70000], b[70000]; /* above one DRBG request: split */
    QCHECK_EQ(pqc_random(a, sizeof a), 0);
    QCHECK_EQ(pqc_random(b, sizeof b), 0);
    QCHECK(memcmp(a, b, sizeof a) != 0);
    size_t zeros = 0;
    for (size_t i = 0; i < sizeof a; i++)
        zeros += a[i] == 0;
    QCHECK(zeros < sizeof a / 128); /* expected ~273 for random bytes */
}
