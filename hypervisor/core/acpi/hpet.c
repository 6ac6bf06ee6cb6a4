/* High Precision Event Timer table, IA-PC HPET Specification 1.0a §3.2.4 Table 3. */
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"
#include "lib/printk.h"

#define HPET_BLOCK_ID 36
#define HPET_BASE 40     /* Generic Address Structure */
#define HPET_NUMBER 52
#define HPET_MIN_TICK 53
#define HPET_PAGE_PROT 55
#define HPET_LEN 56

int acpi_parse_hpet(const uint8_t *t, uint32_t len, struct acpi_hpet_info *o)
{
    if (len < HPET_LEN) {
        pr_warn("ACPI: HPET: length %u shorter than %u\n", len, HPET_LEN);
        return QV_ERR_TRUNCATED;
    }
    o->event_timer_block_id = acpi_rd32(t + HPET_BLOCK_ID);
    acpi_rd_gas(t + HPET_BASE, &o->base);
    /* The HPET register block is memory-mapped (spec §2.1); anything else,
     * or address 0, cannot be programmed. */
    if (o->base.space_id != ACPI_GAS_SYSTEM_MEMORY || o->base.address == 0) {
        pr_warn("ACPI: HPET: base is not a memory address (space %u, %#llx)\n",
                o->base.space_id, (unsigned long long)o->base.address);
        return QV_ERR_CORRUPT;
    }
    o->number = t[HPET_NUMBER];
    o->min_tick = acpi_rd16(t + HPET_MIN_TICK);
    o->page_protection = t[HPET_PAGE_PROT];
    o->present = true;
    return 0;
}
