/* Helpers shared by the ACPI parsers (not for consumers: use acpi.h).
 *
 * Tables are byte arrays in firmware memory with no alignment guarantee, so
 * every multi-byte field is assembled from byte loads (little-endian, ACPI 6.5
 * §5.2 "all numeric values are little-endian"): no unaligned-access UB. */
#ifndef QV_CORE_ACPI_INTERNAL_H
#define QV_CORE_ACPI_INTERNAL_H
#include "core/acpi/acpi.h"

/* System description table header, ACPI 6.5 §5.2.6 Table 5.4. */
#define ACPI_HDR_LEN 36
#define ACPI_HDR_SIG 0
#define ACPI_HDR_LENGTH 4
#define ACPI_HDR_REVISION 8
#define ACPI_HDR_CHECKSUM 9
#define ACPI_HDR_OEM_ID 10
#define ACPI_HDR_OEM_TABLE_ID 16
#define ACPI_GAS_LEN 12

static inline uint16_t acpi_rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t acpi_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static inline uint64_t acpi_rd64(const uint8_t *p)
{
    return (uint64_t)acpi_rd32(p) | ((uint64_t)acpi_rd32(p + 4) << 32);
}

static inline void acpi_rd_gas(const uint8_t *p, struct acpi_gas *g)
{
    g->space_id = p[0];
    g->bit_width = p[1];
    g->bit_offset = p[2];
    g->access_size = p[3];
    g->address = acpi_rd64(p + 4);
}

static inline bool acpi_sig_eq(const uint8_t *p, const char *sig)
{
    return p[0] == (uint8_t)sig[0] && p[1] == (uint8_t)sig[1] &&
           p[2] == (uint8_t)sig[2] && p[3] == (uint8_t)sig[3];
}

/* Sum of len bytes modulo 256; a valid table sums to 0 (§5.2.6 "Checksum"). */
static inline uint8_t acpi_sum(const uint8_t *p, size_t len)
{
    uint8_t s = 0;
    for (size_t i = 0; i < len; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

/* Copies n bytes of a fixed-width text field into a NUL-terminated string,
 * replacing non-printable bytes so log lines stay readable. */
static inline void acpi_copy_text(char *dst, const uint8_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
    dst[n] = '\0';
}

/* Maps the RSDP candidate at pa with as many bytes as its revision and
 * length field call for (bounded); *len receives that count. Not validated. */
const uint8_t *acpi_rsdp_map(const struct acpi_mem *m, uint64_t pa, size_t *len);

/* Per-table parsers. t points to the whole table (len bytes, header included,
 * len >= ACPI_HDR_LEN, checksum already verified). They fill *out and return
 * 0, or a QV_ERR_* after a pr_warn naming the problem; on error the caller
 * clears *out. */
int acpi_parse_madt(const uint8_t *t, uint32_t len, struct acpi_madt_info *out);
int acpi_parse_fadt(const uint8_t *t, uint32_t len, struct acpi_fadt_info *out);
int acpi_parse_mcfg(const uint8_t *t, uint32_t len, struct acpi_mcfg_info *out);
int acpi_parse_hpet(const uint8_t *t, uint32_t len, struct acpi_hpet_info *out);
int acpi_parse_dmar(const uint8_t *t, uint32_t len, struct acpi_dmar_info *out);
int acpi_parse_ivrs(const uint8_t *t, uint32_t len, struct acpi_ivrs_info *out);

#endif
