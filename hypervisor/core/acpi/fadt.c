/* Fixed ACPI Description Table, ACPI 6.5 §5.2.9 Table 5.9.
 *
 * The FADT has grown with every ACPI revision (116 bytes in ACPI 1.0, 244 in
 * 2.0-4.0, 268/276 later) and firmware still ships short ones (QEMU's "pc"
 * machine builds a revision 1 FADT), so every field is read only when the
 * table's length covers it; absent fields stay 0. */
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"
#include "lib/printk.h"

/* Field offsets, Table 5.9. */
#define FADT_FIRMWARE_CTRL 36
#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_ACPI_DISABLE 53
#define FADT_PM1A_EVT_BLK 56
#define FADT_PM1B_EVT_BLK 60
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM1B_CNT_BLK 68
#define FADT_PM_TMR_BLK 76
#define FADT_GPE0_BLK 80
#define FADT_PM1_EVT_LEN 88
#define FADT_PM1_CNT_LEN 89
#define FADT_PM_TMR_LEN 91
#define FADT_GPE0_BLK_LEN 92
#define FADT_CENTURY 108
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_FIRMWARE_CTRL 132
#define FADT_X_DSDT 140
#define FADT_X_PM_TMR_BLK 208

/* §4.8.3.3: the PM timer block is 4 bytes of I/O space when it exists. */
#define PM_TMR_BLK_LEN 4

/* True when the table's length covers the field [off, off + size). */
static bool has(uint32_t len, uint32_t off, uint32_t size)
{
    return len >= off + size;
}

static uint32_t rd32_if(const uint8_t *t, uint32_t len, uint32_t off)
{
    return has(len, off, 4) ? acpi_rd32(t + off) : 0;
}

static uint8_t rd8_if(const uint8_t *t, uint32_t len, uint32_t off)
{
    return has(len, off, 1) ? t[off] : 0;
}

static void parse_pm_timer(const uint8_t *t, uint32_t len, struct acpi_fadt_info *o)
{
    /* X_PM_TMR_BLK: "if this field contains a nonzero value which can be used
     * by the OSPM, then the PM_TMR_BLK field must be ignored" (Table 5.9). */
    if (has(len, FADT_X_PM_TMR_BLK, ACPI_GAS_LEN)) {
        struct acpi_gas g;
        acpi_rd_gas(t + FADT_X_PM_TMR_BLK, &g);
        if (g.address != 0 &&
            (g.space_id == ACPI_GAS_SYSTEM_IO || g.space_id == ACPI_GAS_SYSTEM_MEMORY)) {
            o->pm_timer = g;
            o->has_pm_timer = true;
            return;
        }
    }
    uint32_t port = rd32_if(t, len, FADT_PM_TMR_BLK);
    /* PM_TMR_LEN must be 4 when the timer is supported; 0 means no timer. */
    if (port != 0 && rd8_if(t, len, FADT_PM_TMR_LEN) >= PM_TMR_BLK_LEN) {
        o->pm_timer.space_id = ACPI_GAS_SYSTEM_IO;
        o->pm_timer.bit_width = 32;
        o->pm_timer.address = port;
        o->has_pm_timer = true;
    }
}

int acpi_parse_fadt(const uint8_t *t, uint32_t len, struct acpi_fadt_info *o)
{
    /* Everything up to DSDT is mandatory in every revision. */
    if (len < FADT_DSDT + 4) {
        pr_warn("ACPI: FADT: length %u too short\n", len);
        return QV_ERR_TRUNCATED;
    }
    o->revision = t[ACPI_HDR_REVISION];
    o->length = len;
    o->facs_pa = acpi_rd32(t + FADT_FIRMWARE_CTRL);
    o->dsdt_pa = acpi_rd32(t + FADT_DSDT);
    o->sci_int = has(len, FADT_SCI_INT, 2) ? acpi_rd16(t + FADT_SCI_INT) : 0;
    o->smi_cmd = rd32_if(t, len, FADT_SMI_CMD);
    o->acpi_enable = rd8_if(t, len, FADT_ACPI_ENABLE);
    o->acpi_disable = rd8_if(t, len, FADT_ACPI_DISABLE);
    o->pm1a_evt_blk = rd32_if(t, len, FADT_PM1A_EVT_BLK);
    o->pm1b_evt_blk = rd32_if(t, len, FADT_PM1B_EVT_BLK);
    o->pm1a_cnt_blk = rd32_if(t, len, FADT_PM1A_CNT_BLK);
    o->pm1b_cnt_blk = rd32_if(t, len, FADT_PM1B_CNT_BLK);
    o->pm1_evt_len = rd8_if(t, len, FADT_PM1_EVT_LEN);
    o->pm1_cnt_len = rd8_if(t, len, FADT_PM1_CNT_LEN);
    o->gpe0_blk = rd32_if(t, len, FADT_GPE0_BLK);
    o->gpe0_blk_len = rd8_if(t, len, FADT_GPE0_BLK_LEN);
    o->century = rd8_if(t, len, FADT_CENTURY);
    /* IAPC_BOOT_ARCH was reserved in ACPI 1.0 (revision 1): ignore it there. */
    if (o->revision >= 2 && has(len, FADT_IAPC_BOOT_ARCH, 2))
        o->iapc_boot_arch = acpi_rd16(t + FADT_IAPC_BOOT_ARCH);
    o->flags = rd32_if(t, len, FADT_FLAGS);
    o->pm_timer_32bit = o->flags & ACPI_FADT_TMR_VAL_EXT;

    /* Table 5.10: RESET_REG is meaningful only with RESET_REG_SUP set. */
    if ((o->flags & ACPI_FADT_RESET_REG_SUP) && has(len, FADT_RESET_VALUE, 1)) {
        acpi_rd_gas(t + FADT_RESET_REG, &o->reset_reg);
        o->reset_value = t[FADT_RESET_VALUE];
        o->has_reset_reg = o->reset_reg.address != 0;
    }
    /* X_FIRMWARE_CTRL / X_DSDT supersede the 32-bit fields when non-zero. */
    if (has(len, FADT_X_FIRMWARE_CTRL, 8) && acpi_rd64(t + FADT_X_FIRMWARE_CTRL))
        o->facs_pa = acpi_rd64(t + FADT_X_FIRMWARE_CTRL);
    if (has(len, FADT_X_DSDT, 8) && acpi_rd64(t + FADT_X_DSDT))
        o->dsdt_pa = acpi_rd64(t + FADT_X_DSDT);

    /* §4.1: on HW-reduced platforms the fixed hardware blocks do not exist,
     * whatever the fields say; consumers must not touch a PM timer there. */
    if (!(o->flags & ACPI_FADT_HW_REDUCED_ACPI))
        parse_pm_timer(t, len, o);
    o->present = true;
    return 0;
}
