/* Backend selection and the pqc_* entry points that go through it. */
#include "pqc/backend.h"

static const struct pqc_backend *current;

int pqc_select_backend(const struct pqc_backend *const *candidates, size_t n)
{
    int last = PQC_ERR_NO_BACKEND;
    for (size_t i = 0; i < n; i++) {
        const struct pqc_backend *b = candidates[i];
        if (!b || !b->probe || !b->find_kem || !b->find_sig || !b->random)
            continue;
        last = b->probe();
        if (last == 0) {
            current = b;
            return 0;
        }
    }
    current = NULL;
    return last;
}

const struct pqc_backend *pqc_current_backend(void)
{
    return current;
}

int pqc_init(void)
{
    /* Preference order: hardware backends go in front once they exist. */
    static const struct pqc_backend *const builtin[] = { &pqc_backend_sw };
    return pqc_select_backend(builtin, sizeof(builtin) / sizeof(builtin[0]));
}

const char *pqc_backend_name(void)
{
    return current ? current->name : "none";
}

const struct pqc_kem_alg *pqc_find_kem(const char *name)
{
    return current ? current->find_kem(name) : NULL;
}

const struct pqc_sig_alg *pqc_find_sig(const char *name)
{
    return current ? current->find_sig(name) : NULL;
}

int pqc_random(uint8_t *out, size_t len)
{
    return current ? current->random(out, len) : PQC_ERR_NO_BACKEND;
}
