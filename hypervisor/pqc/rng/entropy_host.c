/* Host programs (tools, tests, benchmarks): the OS entropy pool. */
#include <sys/random.h>
#include "pqc/rng/entropy.h"
#include "lib/errors.h"

static int getrandom64(void *ctx, uint64_t *out)
{
    (void)ctx;
    return getrandom(out, sizeof(*out), 0) == (ssize_t)sizeof(*out) ? 0 : PQC_ERR_ENTROPY;
}

static const struct pqc_entropy_source src_getrandom = { "getrandom", getrandom64, NULL };

const struct pqc_entropy_source *pqc_entropy_default(void)
{
    return &src_getrandom;
}
