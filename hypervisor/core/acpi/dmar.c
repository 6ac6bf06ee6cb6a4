/* DMA Remapping Reporting table (DMAR), Intel VT-d Architecture Specification
 * §8.1-§8.6. */
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"
#include "lib/printk.h"

/* §8.1 Table 20 (DMAR): fixed fields, then remapping structures. */
#define DMAR_HAW 36
#define DMAR_FLAGS 37
#define DMAR_STRUCTS 48

/* §8.2: every remapping structure starts with a 16-bit type and length. */
#define RS_TYPE 0
#define RS_LENGTH 2
#define RS_HDR_LEN 4
enum {
    RS_DRHD = 0, /* §8.3 */
    RS_RMRR = 1, /* §8.4 */
    RS_ATSR = 2, /* §8.5 */
    RS_RHSA = 3, /* §8.6 */
};

/* §8.3 DRHD fields. */
#define DRHD_FLAGS 4
#define DRHD_SIZE 5
#define DRHD_SEGMENT 6
#define DRHD_BASE 8
#define DRHD_SCOPES 16
#define DRHD_SIZE_MASK 0xF
/* §8.4 RMRR fields. */
#define RMRR_SEGMENT 6
#define RMRR_BASE 8
#define RMRR_LIMIT 16
#define RMRR_SCOPES 24
/* §8.5 ATSR: scopes after flags, reserved and segment. */
#define ATSR_SCOPES 8
/* §8.6 RHSA: fixed 20 bytes. */
#define RHSA_LEN 20

/* §8.3.1 device scope: type, length, flags, reserved, enumeration id, start
 * bus, then a path of (device, function) pairs with at least one pair. */
#define DS_TYPE 0
#define DS_LENGTH 1
#define DS_ENUM_ID 4
#define DS_START_BUS 5
#define DS_PATH 6
#define DS_MIN_LEN (DS_PATH + 2)

/* Walks the device scopes in [off, end) of structure s; stores up to max of
 * them into scopes (may be NULL) and returns how many there are, or < 0. */
static int walk_scopes(const uint8_t *s, uint32_t off, uint32_t end,
                       struct acpi_dev_scope *scopes, uint32_t max)
{
    int n = 0;
    while (off < end) {
        const uint8_t *d = s + off;
        if (end - off < 2 || d[DS_LENGTH] < DS_MIN_LEN || d[DS_LENGTH] > end - off ||
            (d[DS_LENGTH] - DS_PATH) % 2 != 0) {
            pr_warn("ACPI: DMAR: malformed device scope at offset %u\n", off);
            return QV_ERR_CORRUPT;
        }
        if (scopes && (uint32_t)n < max) {
            struct acpi_dev_scope *sc = &scopes[n];
            sc->type = d[DS_TYPE];
            sc->enum_id = d[DS_ENUM_ID];
            sc->start_bus = d[DS_START_BUS];
            sc->dev = d[DS_PATH];
            sc->fn = d[DS_PATH + 1];
            sc->path_len = (uint8_t)((d[DS_LENGTH] - DS_PATH) / 2);
        }
        n++;
        off += d[DS_LENGTH];
    }
    return n;
}

static int parse_drhd(const uint8_t *s, uint32_t len, struct acpi_dmar_info *o)
{
    if (len < DRHD_SCOPES)
        return QV_ERR_CORRUPT;
    struct acpi_drhd tmp = {0};
    struct acpi_drhd *u = o->ndrhd < ACPI_MAX_DRHD ? &o->drhd[o->ndrhd] : &tmp;
    int n = walk_scopes(s, DRHD_SCOPES, len, u->scopes, ACPI_MAX_DEV_SCOPES);
    if (n < 0)
        return n;
    u->flags = s[DRHD_FLAGS];
    u->size = s[DRHD_SIZE] & DRHD_SIZE_MASK;
    u->segment = acpi_rd16(s + DRHD_SEGMENT);
    u->base = acpi_rd64(s + DRHD_BASE);
    u->nscopes = (uint32_t)n;
    /* Remapping registers are a 4 KiB aligned MMIO page (§8.3 "Register
     * Base Address"). */
    if (u->base == 0 || !IS_ALIGNED(u->base, PAGE_SIZE)) {
        pr_warn("ACPI: DMAR: DRHD register base %#llx invalid\n",
                (unsigned long long)u->base);
        return QV_ERR_CORRUPT;
    }
    if (u == &tmp)
        o->ndropped++;
    else
        o->ndrhd++;
    return 0;
}

static int parse_rmrr(const uint8_t *s, uint32_t len, struct acpi_dmar_info *o)
{
    if (len < RMRR_SCOPES)
        return QV_ERR_CORRUPT;
    int n = walk_scopes(s, RMRR_SCOPES, len, NULL, 0);
    if (n < 0)
        return n;
    uint64_t base = acpi_rd64(s + RMRR_BASE), limit = acpi_rd64(s + RMRR_LIMIT);
    /* §8.4: base is 4 KiB aligned and limit + 1 is 4 KiB aligned. */
    if (base > limit || !IS_ALIGNED(base, PAGE_SIZE) || !IS_ALIGNED(limit + 1, PAGE_SIZE)) {
        pr_warn("ACPI: DMAR: RMRR %#llx-%#llx invalid\n", (unsigned long long)base,
                (unsigned long long)limit);
        return QV_ERR_CORRUPT;
    }
    if (o->nrmrr == ACPI_MAX_RMRR) {
        o->ndropped++;
        return 0;
    }
    struct acpi_rmrr *r = &o->rmrr[o->nrmrr++];
    r->segment = acpi_rd16(s + RMRR_SEGMENT);
    r->base = base;
    r->limit = limit;
    r->nscopes = (uint32_t)n;
    return 0;
}

int acpi_parse_dmar(const uint8_t *t, uint32_t len, struct acpi_dmar_info *o)
{
    if (len < DMAR_STRUCTS) {
        pr_warn("ACPI: DMAR: length %u too short\n", len);
        return QV_ERR_TRUNCATED;
    }
    o->host_addr_width = t[DMAR_HAW];
    o->flags = t[DMAR_FLAGS];
    for (uint32_t off = DMAR_STRUCTS; off < len;) {
        if (len - off < RS_HDR_LEN) {
            pr_warn("ACPI: DMAR: trailing bytes at offset %u\n", off);
            return QV_ERR_CORRUPT;
        }
        const uint8_t *s = t + off;
        uint16_t type = acpi_rd16(s + RS_TYPE), slen = acpi_rd16(s + RS_LENGTH);
        if (slen < RS_HDR_LEN || slen > len - off) {
            pr_warn("ACPI: DMAR: structure type %u at offset %u has bad length %u\n", type,
                    off, slen);
            return QV_ERR_CORRUPT;
        }
        int rc = 0;
        switch (type) {
        case RS_DRHD:
            rc = parse_drhd(s, slen, o);
            break;
        case RS_RMRR:
            rc = parse_rmrr(s, slen, o);
            break;
        case RS_ATSR:
            rc = slen < ATSR_SCOPES ? QV_ERR_CORRUPT : walk_scopes(s, ATSR_SCOPES, slen, NULL, 0);
            o->natsr++;
            break;
        case RS_RHSA:
            rc = slen < RHSA_LEN ? QV_ERR_CORRUPT : 0;
            o->nrhsa++;
            break;
        default:
            /* ANDD, SATC, SIDP and future types: skipped by length. */
            o->nother++;
            break;
        }
        if (rc < 0) {
            pr_warn("ACPI: DMAR: structure type %u at offset %u malformed\n", type, off);
            return rc;
        }
        off += slen;
    }
    if (o->ndropped)
        pr_warn("ACPI: DMAR: %u structures beyond table limits ignored\n", o->ndropped);
    o->present = true;
    return 0;
}
