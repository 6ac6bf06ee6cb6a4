/* PCI Express memory-mapped configuration space table (MCFG),
 * PCI Firmware Specification 3.2 §4.1.2 Tables 4-2 and 4-3. */
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"
#include "lib/printk.h"

/* Header, 8 reserved bytes, then 16-byte allocation structures. */
#define MCFG_ENTRIES 44
#define MCFG_ENTRY_LEN 16
#define ALLOC_BASE 0
#define ALLOC_SEGMENT 8
#define ALLOC_START_BUS 10
#define ALLOC_END_BUS 11

int acpi_parse_mcfg(const uint8_t *t, uint32_t len, struct acpi_mcfg_info *o)
{
    if (len < MCFG_ENTRIES || (len - MCFG_ENTRIES) % MCFG_ENTRY_LEN != 0) {
        pr_warn("ACPI: MCFG: length %u is not 44 + n * 16\n", len);
        return QV_ERR_CORRUPT;
    }
    for (uint32_t off = MCFG_ENTRIES; off < len; off += MCFG_ENTRY_LEN) {
        const uint8_t *e = t + off;
        uint8_t start = e[ALLOC_START_BUS], end = e[ALLOC_END_BUS];
        uint64_t base = acpi_rd64(e + ALLOC_BASE);
        /* Each bus decodes 1 MiB of ECAM (PCIe base spec §7.2.2); an inverted
         * bus range or a base that is not 1 MiB aligned cannot be ECAM. */
        if (start > end || !IS_ALIGNED(base, MiB(1))) {
            pr_warn("ACPI: MCFG: entry at offset %u is invalid (buses %u-%u, base %#llx)\n",
                    off, start, end, (unsigned long long)base);
            return QV_ERR_CORRUPT;
        }
        if (o->necam == ACPI_MAX_ECAM) {
            o->ndropped++;
            continue;
        }
        struct acpi_ecam *ec = &o->ecam[o->necam++];
        ec->base = base;
        ec->segment = acpi_rd16(e + ALLOC_SEGMENT);
        ec->start_bus = start;
        ec->end_bus = end;
    }
    o->present = true;
    return 0;
}
