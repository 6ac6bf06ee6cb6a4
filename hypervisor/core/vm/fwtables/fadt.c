/* Fixed ACPI Description Table (ACPI 6.5 §5.2.9) and the Firmware ACPI
 * Control Structure it points to (§5.2.10), which every FADT without the
 * HW_REDUCED_ACPI flag must provide. */
#include "core/vm/fwtables/fw_internal.h"
#include "lib/errors.h"
#include "lib/string.h"

/* §5.2.9 Table "FADT Format": revision 6 is 276 bytes long. */
#define FADT_REVISION 6
#define FADT_MINOR_REVISION 5
#define FADT_LEN 276

#define FADT_FIRMWARE_CTRL 36
#define FADT_DSDT 40
#define FADT_PM_PROFILE 45
#define FADT_SCI_INT 46
#define FADT_PM1A_EVT_BLK 56
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM_TMR_BLK 76
#define FADT_GPE0_BLK 80
#define FADT_PM1_EVT_LEN 88
#define FADT_PM1_CNT_LEN 89
#define FADT_PM_TMR_LEN 91
#define FADT_GPE0_BLK_LEN 92
#define FADT_P_LVL2_LAT 96
#define FADT_P_LVL3_LAT 98
#define FADT_CENTURY 108
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_MINOR_VERSION 131
#define FADT_X_FIRMWARE_CTRL 132
#define FADT_X_DSDT 140
#define FADT_X_PM1A_EVT_BLK 148
#define FADT_X_PM1A_CNT_BLK 172
#define FADT_X_PM_TMR_BLK 208
#define FADT_X_GPE0_BLK 220
#define FADT_HYPERVISOR_ID 268

/* Fixed feature flags, §5.2.9 Table "Fixed ACPI Description Table Fixed
 * Feature Flags". */
#define F_WBINVD BIT(0)
#define F_PROC_C1 BIT(2)
#define F_PWR_BUTTON BIT(4) /* 1: no fixed-feature power button */
#define F_SLP_BUTTON BIT(5) /* 1: no fixed-feature sleep button */
#define F_FIX_RTC BIT(6)    /* 1: RTC wake status not in fixed register space */
#define F_TMR_VAL_EXT BIT(8)
#define F_RESET_REG_SUP BIT(10)

/* IA-PC boot architecture flags, §5.2.9.3. */
#define B_LEGACY_DEVICES BIT(0)
#define B_8042 BIT(1)
#define B_VGA_NOT_PRESENT BIT(2)
#define B_CMOS_RTC_NOT_PRESENT BIT(5)

/* GAS access sizes, §5.2.3.2. */
#define ACC_BYTE 1
#define ACC_WORD 2
#define ACC_DWORD 3
#define SPACE_IO 1

/* §4.8.3.1/.2/.3: PM1 event block = 16-bit status + 16-bit enable, PM1
 * control = 16 bits, PM timer = 4 bytes. */
#define PM1_EVT_LEN 4
#define PM1_CNT_LEN 2
#define PM_TMR_LEN 4
/* §5.2.9: a worst-case latency above 100 (C2) / 1000 (C3) microseconds
 * means the state is not supported. */
#define NO_C2_LATENCY 101
#define NO_C3_LATENCY 1001
#define RTC_CENTURY_INDEX 0x32

#define FACS_LEN 64
#define FACS_VERSION 2

int fw_build_facs(struct fw_blob *b, uint64_t *gpa)
{
    /* §5.2.10: 64-byte aligned; signature, length, hardware signature, waking
     * vectors, global lock and flags all 0 (no S4/S3 resume support). */
    size_t off;
    int rc = fw_blob_alloc(b, FACS_LEN, 64, &off);
    if (rc)
        return rc;
    uint8_t *f = b->buf + off;
    memcpy(f, "FACS", 4);
    fw_wr32(f + 4, FACS_LEN);
    f[32] = FACS_VERSION;
    *gpa = b->gpa + off;
    return 0;
}

static uint32_t fadt_flags(const struct fw_vm_desc *d)
{
    uint32_t f = F_WBINVD | F_PROC_C1 | F_PWR_BUTTON | F_SLP_BUTTON | F_FIX_RTC;
    if (d->pm_tmr_32bit)
        f |= F_TMR_VAL_EXT;
    if (d->reset_port)
        f |= F_RESET_REG_SUP;
    return f;
}

static uint16_t boot_arch(const struct fw_vm_desc *d)
{
    /* The platform always has ISA-style PIC, PIT and UART (LEGACY_DEVICES). */
    uint16_t f = B_LEGACY_DEVICES;
    if (d->have_8042)
        f |= B_8042;
    if (!d->have_vga)
        f |= B_VGA_NOT_PRESENT;
    if (!d->have_rtc)
        f |= B_CMOS_RTC_NOT_PRESENT;
    return f;
}

int fw_build_fadt(const struct fw_vm_desc *d, struct fw_blob *b, uint64_t facs_gpa,
                  uint64_t dsdt_gpa, uint64_t *gpa)
{
    size_t off;
    int rc = fw_blob_alloc(b, FADT_LEN, 16, &off);
    if (rc)
        return rc;
    uint8_t *t = b->buf + off;
    fw_sdt_header(t, "FACP", FADT_LEN, FADT_REVISION);
    /* Both the 32-bit and the X_ pointers hold the same address: old OSes read
     * the former, ACPICA warns only when the two differ. */
    fw_wr32(t + FADT_FIRMWARE_CTRL, (uint32_t)facs_gpa);
    fw_wr32(t + FADT_DSDT, (uint32_t)dsdt_gpa);
    fw_wr64(t + FADT_X_FIRMWARE_CTRL, facs_gpa);
    fw_wr64(t + FADT_X_DSDT, dsdt_gpa);
    t[FADT_PM_PROFILE] = 0; /* Unspecified */
    fw_wr16(t + FADT_SCI_INT, d->sci_irq);
    /* SMI_CMD = 0: no SMM, the platform is always in ACPI mode (SCI_EN set),
     * so ACPI_ENABLE/ACPI_DISABLE stay 0 (§5.2.9). */

    fw_wr32(t + FADT_PM1A_EVT_BLK, d->pm1a_evt_port);
    t[FADT_PM1_EVT_LEN] = PM1_EVT_LEN;
    fw_gas(t + FADT_X_PM1A_EVT_BLK, SPACE_IO, PM1_EVT_LEN * 8, ACC_WORD, d->pm1a_evt_port);
    fw_wr32(t + FADT_PM1A_CNT_BLK, d->pm1a_cnt_port);
    t[FADT_PM1_CNT_LEN] = PM1_CNT_LEN;
    fw_gas(t + FADT_X_PM1A_CNT_BLK, SPACE_IO, PM1_CNT_LEN * 8, ACC_WORD, d->pm1a_cnt_port);
    if (d->pm_tmr_port) {
        fw_wr32(t + FADT_PM_TMR_BLK, d->pm_tmr_port);
        t[FADT_PM_TMR_LEN] = PM_TMR_LEN;
        fw_gas(t + FADT_X_PM_TMR_BLK, SPACE_IO, PM_TMR_LEN * 8, ACC_DWORD, d->pm_tmr_port);
    }
    if (d->gpe0_port) {
        fw_wr32(t + FADT_GPE0_BLK, d->gpe0_port);
        t[FADT_GPE0_BLK_LEN] = d->gpe0_len;
        fw_gas(t + FADT_X_GPE0_BLK, SPACE_IO, (uint8_t)(d->gpe0_len * 8), ACC_BYTE,
               d->gpe0_port);
    }
    fw_wr16(t + FADT_P_LVL2_LAT, NO_C2_LATENCY);
    fw_wr16(t + FADT_P_LVL3_LAT, NO_C3_LATENCY);
    t[FADT_CENTURY] = d->have_rtc ? RTC_CENTURY_INDEX : 0;
    fw_wr16(t + FADT_IAPC_BOOT_ARCH, boot_arch(d));
    fw_wr32(t + FADT_FLAGS, fadt_flags(d));
    if (d->reset_port) {
        fw_gas(t + FADT_RESET_REG, SPACE_IO, 8, ACC_BYTE, d->reset_port);
        t[FADT_RESET_VALUE] = d->reset_value ? d->reset_value : FW_RESET_DEFAULT_VALUE;
    }
    t[FADT_MINOR_VERSION] = FADT_MINOR_REVISION;
    /* §5.2.9 "Hypervisor Vendor Identity": 8 bytes naming the hypervisor. */
    memcpy(t + FADT_HYPERVISOR_ID, "QuantaVr", 8);
    fw_sdt_finish(t, FADT_LEN);
    *gpa = b->gpa + off;
    return 0;
}
