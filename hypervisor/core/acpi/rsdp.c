/* Root System Description Pointer: validation and legacy BIOS search
 * (ACPI 6.5 §5.2.5.1 "Finding the RSDP on IA-PC Systems", §5.2.5.3 Table 5.3). */
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"

/* Field offsets, ACPI 6.5 Table 5.3. */
#define RSDP_CHECKSUM 8
#define RSDP_OEM_ID 9
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24
#define RSDP_EXT_CHECKSUM 32

/* An RSDP is a few dozen bytes; a larger length field is garbage, and
 * bounding it keeps the search from asking the mapper for huge ranges. */
#define RSDP_MAX_LEN 1024

/* §5.2.5.1: the EBDA segment pointer lives at 0x40E in the BIOS data area,
 * and the RSDP sits on a 16-byte boundary in the EBDA's first KiB or in
 * the read-only BIOS area 0xE0000-0xFFFFF. */
#define BDA_EBDA_SEGMENT 0x40E
#define EBDA_SEARCH_LEN 1024
#define EBDA_LIMIT 0xA0000ull /* the EBDA lies in conventional memory */
#define BIOS_AREA_START 0xE0000ull
#define BIOS_AREA_END 0x100000ull
#define RSDP_ALIGN 16

static const char rsdp_sig[8] = {'R', 'S', 'D', ' ', 'P', 'T', 'R', ' '};

int acpi_rsdp_validate(const void *rsdp, size_t len, struct acpi_rsdp_info *out)
{
    const uint8_t *p = rsdp;

    if (!p || len < ACPI_RSDP_V1_LEN)
        return QV_ERR_TRUNCATED;
    for (size_t i = 0; i < sizeof rsdp_sig; i++)
        if (p[i] != (uint8_t)rsdp_sig[i])
            return QV_ERR_CORRUPT;
    /* The first checksum covers only the ACPI 1.0 part (bytes 0-19). */
    if (acpi_sum(p, ACPI_RSDP_V1_LEN) != 0)
        return QV_ERR_CHECKSUM;

    uint8_t rev = p[RSDP_REVISION];
    uint32_t length = ACPI_RSDP_V1_LEN;
    uint64_t xsdt = 0;
    /* Revision 0 is ACPI 1.0; 2 and later carry the length, the XSDT
     * address and an extended checksum over the whole structure. */
    if (rev >= 2) {
        if (len < ACPI_RSDP_V2_LEN)
            return QV_ERR_TRUNCATED;
        length = acpi_rd32(p + RSDP_LENGTH);
        if (length < ACPI_RSDP_V2_LEN || length > RSDP_MAX_LEN)
            return QV_ERR_CORRUPT;
        if (length > len)
            return QV_ERR_TRUNCATED;
        if (acpi_sum(p, length) != 0)
            return QV_ERR_CHECKSUM;
        xsdt = acpi_rd64(p + RSDP_XSDT);
    }
    if (out) {
        out->revision = rev;
        acpi_copy_text(out->oem_id, p + RSDP_OEM_ID, 6);
        out->rsdt_pa = acpi_rd32(p + RSDP_RSDT);
        out->xsdt_pa = xsdt;
        out->length = length;
    }
    return 0;
}

const uint8_t *acpi_rsdp_map(const struct acpi_mem *m, uint64_t pa, size_t *len)
{
    const uint8_t *p = m->map(m->ctx, pa, ACPI_RSDP_V1_LEN);
    *len = ACPI_RSDP_V1_LEN;
    /* Cheap rejection first: the search probes thousands of addresses. */
    if (!p || p[0] != (uint8_t)rsdp_sig[0] || p[RSDP_REVISION] < 2)
        return p;
    p = m->map(m->ctx, pa, ACPI_RSDP_V2_LEN);
    if (!p)
        return NULL;
    uint32_t length = acpi_rd32(p + RSDP_LENGTH);
    if (length <= ACPI_RSDP_V2_LEN || length > RSDP_MAX_LEN) {
        *len = ACPI_RSDP_V2_LEN; /* validation reports the bad length */
        return p;
    }
    *len = length;
    return m->map(m->ctx, pa, length);
}

static bool rsdp_at(const struct acpi_mem *m, uint64_t pa)
{
    size_t len;
    const uint8_t *p = acpi_rsdp_map(m, pa, &len);
    return p && acpi_rsdp_validate(p, len, NULL) == 0;
}

static bool scan_range(const struct acpi_mem *m, uint64_t start, uint64_t end, uint64_t *pa)
{
    for (uint64_t a = start; a < end; a += RSDP_ALIGN) {
        if (rsdp_at(m, a)) {
            *pa = a;
            return true;
        }
    }
    return false;
}

int acpi_rsdp_scan(const struct acpi_mem *m, uint64_t *rsdp_pa)
{
    if (!m || !m->map || !rsdp_pa)
        return QV_ERR_INVAL;

    const uint8_t *bda = m->map(m->ctx, BDA_EBDA_SEGMENT, 2);
    if (bda) {
        uint64_t ebda = (uint64_t)acpi_rd16(bda) << 4;
        /* Segment 0 means "no EBDA"; anything ending above 640 KiB is not
         * an EBDA pointer but garbage. */
        if (ebda != 0 && ebda + EBDA_SEARCH_LEN <= EBDA_LIMIT &&
            scan_range(m, ebda, ebda + EBDA_SEARCH_LEN, rsdp_pa))
            return 0;
    }
    if (scan_range(m, BIOS_AREA_START, BIOS_AREA_END, rsdp_pa))
        return 0;
    return QV_ERR_NOENT;
}
