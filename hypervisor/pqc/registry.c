/* Algorithm registry: descriptors live in the pqc_kems / pqc_sigs linker
 * sections (see pqc.h). The bounds are weak so that a program that links no
 * algorithm of one kind still links and sees an empty list. */
#include "pqc/pqc.h"

extern const struct pqc_kem_alg *const __start_pqc_kems[] __attribute__((weak));
extern const struct pqc_kem_alg *const __stop_pqc_kems[] __attribute__((weak));
extern const struct pqc_sig_alg *const __start_pqc_sigs[] __attribute__((weak));
extern const struct pqc_sig_alg *const __stop_pqc_sigs[] __attribute__((weak));

/* The bounds are compared as integers: with weak undefined symbols both are 0. */
size_t pqc_kem_count(void)
{
    return ((uintptr_t)__stop_pqc_kems - (uintptr_t)__start_pqc_kems) / sizeof(void *);
}

size_t pqc_sig_count(void)
{
    return ((uintptr_t)__stop_pqc_sigs - (uintptr_t)__start_pqc_sigs) / sizeof(void *);
}

const struct pqc_kem_alg *pqc_kem_at(size_t i)
{
    return i < pqc_kem_count() ? __start_pqc_kems[i] : NULL;
}

const struct pqc_sig_alg *pqc_sig_at(size_t i)
{
    return i < pqc_sig_count() ? __start_pqc_sigs[i] : NULL;
}

static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static bool name_eq(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    for (; *a && *b; a++, b++)
        if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
            return false;
    return *a == *b;
}

const struct pqc_kem_alg *pqc_sw_find_kem(const char *name)
{
    for (size_t i = 0; i < pqc_kem_count(); i++)
        if (name_eq(__start_pqc_kems[i]->name, name))
            return __start_pqc_kems[i];
    return NULL;
}

const struct pqc_sig_alg *pqc_sw_find_sig(const char *name)
{
    for (size_t i = 0; i < pqc_sig_count(); i++)
        if (name_eq(__start_pqc_sigs[i]->name, name))
            return __start_pqc_sigs[i];
    return NULL;
}

int pqc_kem_desc_check(const struct pqc_kem_alg *a)
{
    if (!a || !a->name || !a->name[0] || !a->keygen || !a->encaps || !a->decaps)
        return PQC_ERR_BAD_PARAM;
    if (!a->ek_len || !a->dk_len || !a->ct_len || !a->ss_len || !a->keygen_seed_len ||
        !a->encaps_seed_len)
        return PQC_ERR_BAD_PARAM;
    return 0;
}

int pqc_sig_desc_check(const struct pqc_sig_alg *a)
{
    if (!a || !a->name || !a->name[0] || !a->keygen || !a->sign || !a->verify)
        return PQC_ERR_BAD_PARAM;
    if (!a->pk_len || !a->sk_len || !a->sig_len || !a->keygen_seed_len)
        return PQC_ERR_BAD_PARAM;
    return 0;
}
