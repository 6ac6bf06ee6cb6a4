/* ACPI: FADT (§5.2.9), MCFG (PCI FW 3.2 §4.1.2), HPET (HPET 1.0a §3.2.4). */
#include <string.h>
#include "qtest.h"
#include "test_acpi_build.h"
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"

static struct acpi_info info;
static struct acpi_fadt_info fadt;

static void w32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void w64(uint8_t *p, uint64_t v) { w32(p, (uint32_t)v); w32(p + 4, (uint32_t)(v >> 32)); }
static void wgas(uint8_t *p, uint8_t space, uint8_t width, uint64_t addr)
{
    p[0] = space; p[1] = width; p[2] = 0; p[3] = 0; w64(p + 4, addr);
}

/* A 276-byte (ACPI 6.5) FADT at 0x1000 with every field this parser reads
 * set; callers truncate it through *len. */
static uint8_t *fadt_full(struct fake_mem *fm, uint8_t rev)
{
    fake_init(fm, 0x1000, 0x1000);
    struct tb t = tb_begin(fm, 0x1000, "FACP", rev);
    tb_zero(&t, 276 - 36);
    tb_end(&t);
    uint8_t *p = fake_ptr(fm, 0x1000);
    w32(p + 36, 0x7FFE0000);      /* FIRMWARE_CTRL */
    w32(p + 40, 0x7FFE1000);      /* DSDT */
    p[46] = 20;                   /* SCI_INT */
    w32(p + 48, 0xB2);
    p[52] = 0xA0; p[53] = 0xA1;
    w32(p + 56, 0x1800); w32(p + 60, 0x1900); w32(p + 64, 0x1804); w32(p + 68, 0x1904);
    w32(p + 76, 0x1808);          /* PM_TMR_BLK */
    w32(p + 80, 0x1820);
    p[88] = 4; p[89] = 2; p[91] = 4; p[92] = 32;
    p[108] = 0x32;
    p[109] = ACPI_BOOT_LEGACY_DEVICES | ACPI_BOOT_8042 | ACPI_BOOT_MSI_NOT_SUPPORTED;
    w32(p + 112, ACPI_FADT_WBINVD | ACPI_FADT_TMR_VAL_EXT | ACPI_FADT_RESET_REG_SUP);
    wgas(p + 116, ACPI_GAS_SYSTEM_IO, 8, 0xCF9);
    p[128] = 6;
    w64(p + 132, 0x1FFFE0000ull); /* X_FIRMWARE_CTRL */
    w64(p + 140, 0x1FFFE1000ull); /* X_DSDT */
    wgas(p + 208, ACPI_GAS_SYSTEM_MEMORY, 32, 0xFED00F00ull); /* X_PM_TMR_BLK */
    return p;
}

static int fadt_parse(uint8_t *p, uint32_t len)
{
    memset(&fadt, 0, sizeof fadt);
    return acpi_parse_fadt(p, len, &fadt);
}

QTEST(acpi_fadt_full_table)
{
    struct fake_mem fm;
    uint8_t *p = fadt_full(&fm, 6);
    QCHECK_EQ(fadt_parse(p, 276), 0);
    QCHECK(fadt.present);
    QCHECK_EQ(fadt.revision, 6);
    QCHECK_EQ(fadt.sci_int, 20);
    QCHECK_EQ(fadt.smi_cmd, 0xB2);
    QCHECK_EQ(fadt.acpi_enable, 0xA0);
    QCHECK_EQ(fadt.pm1a_evt_blk, 0x1800);
    QCHECK_EQ(fadt.pm1b_cnt_blk, 0x1904);
    QCHECK_EQ(fadt.gpe0_blk_len, 32);
    QCHECK_EQ(fadt.century, 0x32);
    QCHECK_EQ(fadt.iapc_boot_arch, ACPI_BOOT_LEGACY_DEVICES | ACPI_BOOT_8042 |
                                   ACPI_BOOT_MSI_NOT_SUPPORTED);
    /* The 64-bit fields win over the 32-bit ones. */
    QCHECK_EQ(fadt.dsdt_pa, 0x1FFFE1000ull);
    QCHECK_EQ(fadt.facs_pa, 0x1FFFE0000ull);
    QCHECK(fadt.has_pm_timer);
    QCHECK_EQ(fadt.pm_timer.space_id, ACPI_GAS_SYSTEM_MEMORY);
    QCHECK_EQ(fadt.pm_timer.address, 0xFED00F00ull);
    QCHECK(fadt.pm_timer_32bit);
    QCHECK(fadt.has_reset_reg);
    QCHECK_EQ(fadt.reset_reg.address, 0xCF9);
    QCHECK_EQ(fadt.reset_value, 6);

    /* X_PM_TMR_BLK and X_DSDT zero: the 32-bit fields are used. */
    memset(p + 208, 0, 12);
    memset(p + 140, 0, 8);
    QCHECK_EQ(fadt_parse(p, 276), 0);
    QCHECK_EQ(fadt.pm_timer.space_id, ACPI_GAS_SYSTEM_IO);
    QCHECK_EQ(fadt.pm_timer.address, 0x1808);
    QCHECK_EQ(fadt.dsdt_pa, 0x7FFE1000);
    /* PM_TMR_LEN 0 means there is no PM timer. */
    p[91] = 0;
    QCHECK_EQ(fadt_parse(p, 276), 0);
    QCHECK(!fadt.has_pm_timer);
    /* Reset register present but RESET_REG_SUP clear: not usable. */
    w32(p + 112, ACPI_FADT_WBINVD);
    QCHECK_EQ(fadt_parse(p, 276), 0);
    QCHECK(!fadt.has_reset_reg);
    QCHECK(!fadt.pm_timer_32bit);
    fake_free(&fm);
}

QTEST(acpi_fadt_hw_reduced_has_no_pm_timer)
{
    struct fake_mem fm;
    uint8_t *p = fadt_full(&fm, 6);
    w32(p + 112, ACPI_FADT_HW_REDUCED_ACPI);
    QCHECK_EQ(fadt_parse(p, 276), 0);
    QCHECK(!fadt.has_pm_timer);
    QCHECK(fadt.flags & ACPI_FADT_HW_REDUCED_ACPI);
    fake_free(&fm);
}

QTEST(acpi_fadt_short_tables)
{
    struct fake_mem fm;
    uint8_t *p = fadt_full(&fm, 1);
    /* ACPI 1.0: 116 bytes; IAPC_BOOT_ARCH was reserved then. */
    QCHECK_EQ(fadt_parse(p, 116), 0);
    QCHECK_EQ(fadt.iapc_boot_arch, 0);
    QCHECK_EQ(fadt.dsdt_pa, 0x7FFE1000);
    QCHECK_EQ(fadt.facs_pa, 0x7FFE0000);
    QCHECK_EQ(fadt.pm_timer.address, 0x1808);
    QCHECK(!fadt.has_reset_reg); /* RESET_REG lies beyond 116 */
    QCHECK(fadt.pm_timer_32bit);
    /* Cut inside the X_PM_TMR_BLK GAS: the 32-bit timer port is used. */
    QCHECK_EQ(fadt_parse(p, 219), 0);
    QCHECK_EQ(fadt.pm_timer.address, 0x1808);
    QCHECK(fadt.has_reset_reg);
    /* Cut before PM_TMR_LEN: no proof the timer exists. */
    QCHECK_EQ(fadt_parse(p, 90), 0);
    QCHECK(!fadt.has_pm_timer);
    QCHECK_EQ(fadt.flags, 0);
    QCHECK_EQ(fadt.century, 0);
    QCHECK_EQ(fadt.pm1a_cnt_blk, 0x1804);
    QCHECK_EQ(fadt_parse(p, 44), 0);
    QCHECK_EQ(fadt.sci_int, 0);
    QCHECK_EQ(fadt.dsdt_pa, 0x7FFE1000);
    QCHECK_EQ(fadt_parse(p, 43), QV_ERR_TRUNCATED);
    QCHECK(!fadt.present);
    fake_free(&fm);
}

QTEST(acpi_fadt_qemu_machines)
{
    struct fake_mem fm;
    struct acpi_mem m;
    fake_init(&fm, 0, 0x200000);
    m = fake_acpi_mem(&fm);
    struct fx_layout l = fx_qemu(&fm, 0xF5A10, 0x100000, FX_Q35, 1);
    QCHECK_EQ(acpi_parse(&m, fake_ptr(&fm, 0xF5A10), 20, &info), 0);
    QCHECK_EQ(info.fadt.revision, 3);
    QCHECK_EQ(info.fadt.length, 244);
    QCHECK_EQ(info.fadt.pm_timer.address, 0x608);
    QCHECK_EQ(info.fadt.pm_timer.space_id, ACPI_GAS_SYSTEM_IO);
    QCHECK_EQ(info.fadt.sci_int, 9);
    QCHECK_EQ(info.fadt.reset_reg.address, 0xCF9);
    QCHECK_EQ(info.fadt.reset_value, 0x0F);
    QCHECK_EQ(info.fadt.iapc_boot_arch, ACPI_BOOT_8042);
    QCHECK_EQ(info.fadt.dsdt_pa, l.dsdt);
    QCHECK_EQ(info.fadt.facs_pa, l.facs);

    memset(fm.buf, 0, fm.size);
    l = fx_qemu(&fm, 0xF5A10, 0x100000, 0, 1);
    QCHECK_EQ(acpi_parse(&m, fake_ptr(&fm, 0xF5A10), 20, &info), 0);
    QCHECK_EQ(info.fadt.revision, 1);
    QCHECK_EQ(info.fadt.length, 116);
    QCHECK(info.fadt.has_pm_timer);
    QCHECK_EQ(info.fadt.pm_timer.address, 0xB008);
    QCHECK(!info.fadt.pm_timer_32bit);
    QCHECK_EQ(info.fadt.pm1a_cnt_blk, 0xB004);
    QCHECK_EQ(info.fadt.dsdt_pa, l.dsdt);
    QCHECK(acpi_find(&info, "DSDT") != NULL);
    fake_free(&fm);
}

static struct acpi_mcfg_info mcfg;

static int mcfg_parse(struct fake_mem *fm, int n, uint64_t base0, uint8_t s0, uint8_t e0,
                      int extra_bytes)
{
    fake_init(fm, 0x1000, 0x1000);
    struct tb t = tb_begin(fm, 0x1000, "MCFG", 1);
    tb_zero(&t, 8);
    for (int i = 0; i < n; i++) {
        tb_u64(&t, i == 0 ? base0 : 0xE0000000ull + (uint64_t)i * 0x10000000ull);
        tb_u16(&t, (uint16_t)i);
        tb_u8(&t, i == 0 ? s0 : 0);
        tb_u8(&t, i == 0 ? e0 : 0x3F);
        tb_u32(&t, 0);
    }
    tb_zero(&t, (uint32_t)extra_bytes);
    uint32_t len = tb_end(&t);
    memset(&mcfg, 0, sizeof mcfg);
    int rc = acpi_parse_mcfg(fake_ptr(fm, 0x1000), len, &mcfg);
    fake_free(fm);
    return rc;
}

QTEST(acpi_mcfg)
{
    struct fake_mem fm;
    QCHECK_EQ(mcfg_parse(&fm, 3, 0x80000000ull, 0x10, 0x7F, 0), 0);
    QCHECK(mcfg.present);
    QCHECK_EQ(mcfg.necam, 3);
    QCHECK_EQ(mcfg.ecam[0].base, 0x80000000ull);
    QCHECK_EQ(mcfg.ecam[0].start_bus, 0x10);
    QCHECK_EQ(mcfg.ecam[0].end_bus, 0x7F);
    QCHECK_EQ(mcfg.ecam[2].segment, 2);
    QCHECK_EQ(mcfg.ecam[2].base, 0x100000000ull);
    QCHECK_EQ(mcfg_parse(&fm, 0, 0, 0, 0, 0), 0);
    QCHECK_EQ(mcfg.necam, 0);
    QCHECK_EQ(mcfg_parse(&fm, 20, 0x80000000ull, 0, 0xFF, 0), 0);
    QCHECK_EQ(mcfg.necam, ACPI_MAX_ECAM);
    QCHECK_EQ(mcfg.ndropped, 4);
    QCHECK_EQ(mcfg_parse(&fm, 2, 0x80000000ull, 0, 0xFF, 4), QV_ERR_CORRUPT);
    QCHECK_EQ(mcfg_parse(&fm, 1, 0x80000000ull, 5, 4, 0), QV_ERR_CORRUPT);
    QCHECK_EQ(mcfg_parse(&fm, 1, 0x80001000ull, 0, 4, 0), QV_ERR_CORRUPT);
}

QTEST(acpi_hpet)
{
    struct fake_mem fm;
    struct acpi_hpet_info h;
    fake_init(&fm, 0x1000, 0x1000);
    struct tb t = tb_begin(&fm, 0x1000, "HPET", 1);
    tb_u32(&t, 0x8086A701);
    tb_gas(&t, ACPI_GAS_SYSTEM_MEMORY, 64, 0, 0, 0xFED00000);
    tb_u8(&t, 2); tb_u16(&t, 0x37EE); tb_u8(&t, 0x10);
    uint32_t len = tb_end(&t);
    uint8_t *p = fake_ptr(&fm, 0x1000);
    memset(&h, 0, sizeof h);
    QCHECK_EQ(acpi_parse_hpet(p, len, &h), 0);
    QCHECK(h.present);
    QCHECK_EQ(h.event_timer_block_id, 0x8086A701);
    QCHECK_EQ(h.base.address, 0xFED00000);
    QCHECK_EQ(h.base.bit_width, 64);
    QCHECK_EQ(h.number, 2);
    QCHECK_EQ(h.min_tick, 0x37EE);
    QCHECK_EQ(h.page_protection, 0x10);
    memset(&h, 0, sizeof h);
    QCHECK_EQ(acpi_parse_hpet(p, 55, &h), QV_ERR_TRUNCATED);
    p[40] = ACPI_GAS_SYSTEM_IO;
    QCHECK_EQ(acpi_parse_hpet(p, len, &h), QV_ERR_CORRUPT);
    fake_free(&fm);
}
