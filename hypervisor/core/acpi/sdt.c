/* Root table walk (XSDT/RSDT), table header validation and dispatch to the
 * per-table parsers (ACPI 6.5 §5.2.6-§5.2.8). */
#include <stdarg.h>
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"
#include "lib/printf.h"
#include "lib/printk.h"
#include "lib/string.h"

static void __printf(2, 3) set_error(struct acpi_info *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qv_vsnprintf(out->error, sizeof out->error, fmt, ap);
    va_end(ap);
    pr_err("ACPI: %s\n", out->error);
}

/* Maps and checks a root table (§5.2.7 RSDT, §5.2.8 XSDT): signature, length,
 * checksum and an entry area that is a whole number of entry_size pointers. */
static int load_root(const struct acpi_mem *m, uint64_t pa, const char *sig,
                     uint32_t entry_size, const uint8_t **root, uint32_t *len,
                     struct acpi_info *out)
{
    const uint8_t *h = m->map(m->ctx, pa, ACPI_HDR_LEN);
    if (!h) {
        set_error(out, "%s at %#llx: header not mappable", sig, (unsigned long long)pa);
        return QV_ERR_FAULT;
    }
    if (!acpi_sig_eq(h + ACPI_HDR_SIG, sig)) {
        set_error(out, "%s at %#llx: bad signature", sig, (unsigned long long)pa);
        return QV_ERR_CORRUPT;
    }
    uint32_t l = acpi_rd32(h + ACPI_HDR_LENGTH);
    if (l < ACPI_HDR_LEN || (l - ACPI_HDR_LEN) % entry_size != 0) {
        set_error(out, "%s at %#llx: bad length %u", sig, (unsigned long long)pa, l);
        return QV_ERR_CORRUPT;
    }
    const uint8_t *t = m->map(m->ctx, pa, l);
    if (!t) {
        set_error(out, "%s at %#llx: length %u runs past mapped memory", sig,
                  (unsigned long long)pa, l);
        return QV_ERR_FAULT;
    }
    if (acpi_sum(t, l) != 0) {
        set_error(out, "%s at %#llx: bad checksum", sig, (unsigned long long)pa);
        return QV_ERR_CHECKSUM;
    }
    *root = t;
    *len = l;
    return 0;
}

static void mark_bad(struct acpi_info *out, struct acpi_table_ref *ref, int status,
                     const char *why)
{
    ref->status = status;
    out->nbad++;
    pr_warn("ACPI: table '%s' at %#llx: %s, skipped\n", ref->sig,
            (unsigned long long)ref->pa, why);
}

/* Records the table at pa and returns its bytes when the header is sound and
 * the checksum matches; otherwise records why and returns NULL. */
static const uint8_t *record_table(const struct acpi_mem *m, uint64_t pa,
                                   struct acpi_info *out, struct acpi_table_ref **refp)
{
    *refp = NULL;
    if (out->ntables == ACPI_MAX_TABLES) {
        if (out->ntables_dropped++ == 0)
            pr_warn("ACPI: more than %d tables, ignoring the rest\n", ACPI_MAX_TABLES);
        return NULL;
    }
    struct acpi_table_ref *ref = &out->tables[out->ntables++];
    *refp = ref;
    ref->pa = pa;
    const uint8_t *h = m->map(m->ctx, pa, ACPI_HDR_LEN);
    if (!h) {
        mark_bad(out, ref, QV_ERR_FAULT, "header not mappable");
        return NULL;
    }
    acpi_copy_text(ref->sig, h + ACPI_HDR_SIG, 4);
    acpi_copy_text(ref->oem_id, h + ACPI_HDR_OEM_ID, 6);
    acpi_copy_text(ref->oem_table_id, h + ACPI_HDR_OEM_TABLE_ID, 8);
    ref->length = acpi_rd32(h + ACPI_HDR_LENGTH);
    ref->revision = h[ACPI_HDR_REVISION];
    if (ref->length < ACPI_HDR_LEN) {
        mark_bad(out, ref, QV_ERR_CORRUPT, "length shorter than its header");
        return NULL;
    }
    const uint8_t *t = m->map(m->ctx, pa, ref->length);
    if (!t) {
        mark_bad(out, ref, QV_ERR_FAULT, "length runs past mapped memory");
        return NULL;
    }
    if (acpi_sum(t, ref->length) != 0) {
        mark_bad(out, ref, QV_ERR_CHECKSUM, "bad checksum");
        return NULL;
    }
    ref->checksum_ok = true;
    return t;
}

/* Leaf parsers by signature; each owns one section of struct acpi_info that
 * is cleared again when its parse fails (validate, then commit). */
#define SECTION(field) offsetof(struct acpi_info, field), sizeof(((struct acpi_info *)0)->field)
static int p_madt(const uint8_t *t, uint32_t l, struct acpi_info *o) { return acpi_parse_madt(t, l, &o->madt); }
static int p_fadt(const uint8_t *t, uint32_t l, struct acpi_info *o) { return acpi_parse_fadt(t, l, &o->fadt); }
static int p_mcfg(const uint8_t *t, uint32_t l, struct acpi_info *o) { return acpi_parse_mcfg(t, l, &o->mcfg); }
static int p_hpet(const uint8_t *t, uint32_t l, struct acpi_info *o) { return acpi_parse_hpet(t, l, &o->hpet); }
static int p_dmar(const uint8_t *t, uint32_t l, struct acpi_info *o) { return acpi_parse_dmar(t, l, &o->dmar); }
static int p_ivrs(const uint8_t *t, uint32_t l, struct acpi_info *o) { return acpi_parse_ivrs(t, l, &o->ivrs); }

static const struct leaf_parser {
    char sig[5];
    int (*parse)(const uint8_t *t, uint32_t len, struct acpi_info *out);
    size_t off, size;
} leaf_parsers[] = {
    {"APIC", p_madt, SECTION(madt)},
    {"FACP", p_fadt, SECTION(fadt)},
    {"MCFG", p_mcfg, SECTION(mcfg)},
    {"HPET", p_hpet, SECTION(hpet)},
    {"DMAR", p_dmar, SECTION(dmar)},
    {"IVRS", p_ivrs, SECTION(ivrs)},
};

static void parse_leaf(const uint8_t *t, struct acpi_table_ref *ref, struct acpi_info *out,
                       uint32_t *seen)
{
    for (size_t i = 0; i < ARRAY_SIZE(leaf_parsers); i++) {
        const struct leaf_parser *lp = &leaf_parsers[i];
        if (!acpi_sig_eq(t, lp->sig))
            continue;
        /* Firmware should list each of these once; parsing a second copy
         * would silently mix two descriptions of the machine. */
        if (*seen & BIT(i)) {
            pr_warn("ACPI: duplicate %s at %#llx ignored\n", lp->sig,
                    (unsigned long long)ref->pa);
            return;
        }
        *seen |= (uint32_t)BIT(i);
        int rc = lp->parse(t, ref->length, out);
        if (rc) {
            memset((char *)out + lp->off, 0, lp->size);
            mark_bad(out, ref, rc, "malformed contents");
        }
        return;
    }
}

/* The DSDT is not listed in the root; the FADT points to it (§5.2.9). */
static void record_dsdt(const struct acpi_mem *m, struct acpi_info *out)
{
    struct acpi_table_ref *ref;
    if (!out->fadt.present || out->fadt.dsdt_pa == 0)
        return;
    const uint8_t *t = record_table(m, out->fadt.dsdt_pa, out, &ref);
    if (t && !acpi_sig_eq(t, "DSDT"))
        mark_bad(out, ref, QV_ERR_CORRUPT, "FADT.DSDT does not point to a DSDT");
}

int acpi_parse(const struct acpi_mem *m, const void *rsdp, size_t rsdp_len,
               struct acpi_info *out)
{
    if (!out)
        return QV_ERR_INVAL;
    memset(out, 0, sizeof *out);
    if (!m || !m->map) {
        set_error(out, "no memory accessor");
        return QV_ERR_INVAL;
    }
    int rc = acpi_rsdp_validate(rsdp, rsdp_len, &out->rsdp);
    if (rc) {
        set_error(out, "RSDP: %s", rc == QV_ERR_CHECKSUM ? "bad checksum"
                                  : rc == QV_ERR_TRUNCATED ? "truncated"
                                                           : "bad signature or length");
        return rc;
    }

    const uint8_t *root = NULL;
    uint32_t root_len = 0, entry_size = 4;
    rc = QV_ERR_NOENT;
    /* §5.2.5.3: ACPI 2.0+ firmware provides the XSDT, which OSPM should use
     * in preference to the RSDT; an unusable XSDT falls back to the RSDT
     * when there is one (the RSDT describes the same tables). */
    if (out->rsdp.revision >= 2 && out->rsdp.xsdt_pa != 0) {
        rc = load_root(m, out->rsdp.xsdt_pa, "XSDT", 8, &root, &root_len, out);
        if (rc == 0) {
            out->used_xsdt = true;
            entry_size = 8;
        } else if (out->rsdp.rsdt_pa != 0) {
            pr_warn("ACPI: XSDT unusable, falling back to the RSDT\n");
            out->root_fallback = true;
        }
    }
    if (rc != 0) {
        if (out->rsdp.rsdt_pa == 0) {
            if (rc == QV_ERR_NOENT)
                set_error(out, "RSDP: no RSDT or XSDT address");
            return rc == QV_ERR_NOENT ? QV_ERR_CORRUPT : rc;
        }
        rc = load_root(m, out->rsdp.rsdt_pa, "RSDT", 4, &root, &root_len, out);
        if (rc)
            return rc;
    }
    out->error[0] = '\0';

    uint32_t seen = 0;
    for (uint32_t off = ACPI_HDR_LEN; off < root_len; off += entry_size) {
        uint64_t pa = entry_size == 8 ? acpi_rd64(root + off) : acpi_rd32(root + off);
        if (pa == 0)
            continue; /* some firmware leaves null slots; nothing to describe */
        struct acpi_table_ref *ref;
        const uint8_t *t = record_table(m, pa, out, &ref);
        if (t)
            parse_leaf(t, ref, out, &seen);
    }
    record_dsdt(m, out);
    return 0;
}

int acpi_discover(const struct acpi_mem *m, struct acpi_info *out)
{
    uint64_t pa;
    size_t len;
    if (!out)
        return QV_ERR_INVAL;
    memset(out, 0, sizeof *out);
    int rc = acpi_rsdp_scan(m, &pa);
    if (rc) {
        set_error(out, "RSDP: not found in the EBDA or 0xE0000-0xFFFFF");
        return rc;
    }
    const uint8_t *p = acpi_rsdp_map(m, pa, &len);
    return acpi_parse(m, p, p ? len : 0, out);
}

const struct acpi_table_ref *acpi_find(const struct acpi_info *info, const char sig[4])
{
    if (!info || !sig)
        return NULL;
    for (uint32_t i = 0; i < info->ntables; i++)
        if (acpi_sig_eq((const uint8_t *)info->tables[i].sig, sig))
            return &info->tables[i];
    return NULL;
}
