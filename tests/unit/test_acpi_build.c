/* Synthetic ACPI table builder for the acpi unit tests and fuzz seeds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_acpi_build.h"

void fake_init(struct fake_mem *fm, uint64_t base, size_t size)
{
    fm->buf = calloc(1, size);
    if (!fm->buf)
        abort();
    fm->base = base;
    fm->size = size;
}

void fake_free(struct fake_mem *fm)
{
    free(fm->buf);
    fm->buf = NULL;
}

uint8_t *fake_ptr(struct fake_mem *fm, uint64_t pa)
{
    if (pa < fm->base || pa - fm->base >= fm->size) {
        fprintf(stderr, "fake_ptr: %#llx outside the fake memory\n", (unsigned long long)pa);
        abort();
    }
    return fm->buf + (pa - fm->base);
}

const void *fake_map(void *ctx, uint64_t pa, size_t len)
{
    struct fake_mem *fm = ctx;
    if (pa < fm->base || pa - fm->base > fm->size || len > fm->size - (pa - fm->base))
        return NULL;
    return fm->buf + (pa - fm->base);
}

struct acpi_mem fake_acpi_mem(struct fake_mem *fm)
{
    struct acpi_mem m = {fake_map, fm};
    return m;
}

void acpi_fix_checksum(uint8_t *p, size_t len, size_t csum_off)
{
    uint8_t s = 0;
    p[csum_off] = 0;
    for (size_t i = 0; i < len; i++)
        s = (uint8_t)(s + p[i]);
    p[csum_off] = (uint8_t)(0x100 - s);
}

static void put(struct tb *t, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        *fake_ptr(t->fm, t->pa + t->len++) = (uint8_t)(v >> (8 * i));
}

void tb_u8(struct tb *t, uint8_t v) { put(t, v, 1); }
void tb_u16(struct tb *t, uint16_t v) { put(t, v, 2); }
void tb_u32(struct tb *t, uint32_t v) { put(t, v, 4); }
void tb_u64(struct tb *t, uint64_t v) { put(t, v, 8); }
void tb_zero(struct tb *t, uint32_t n) { while (n--) put(t, 0, 1); }

void tb_gas(struct tb *t, uint8_t space, uint8_t width, uint8_t offset, uint8_t access,
            uint64_t addr)
{
    tb_u8(t, space);
    tb_u8(t, width);
    tb_u8(t, offset);
    tb_u8(t, access);
    tb_u64(t, addr);
}

static void put_text(struct tb *t, const char *s, int n)
{
    for (int i = 0; i < n; i++)
        tb_u8(t, (uint8_t)s[i]);
}

struct tb tb_begin(struct fake_mem *fm, uint64_t pa, const char *sig, uint8_t rev)
{
    struct tb t = {fm, pa, 0};
    put_text(&t, sig, 4);
    tb_u32(&t, 0);          /* length, set by tb_end */
    tb_u8(&t, rev);
    tb_u8(&t, 0);           /* checksum */
    put_text(&t, "BOCHS ", 6);
    put_text(&t, "BXPC    ", 8);
    tb_u32(&t, 1);          /* OEM revision */
    put_text(&t, "BXPC", 4);
    tb_u32(&t, 1);          /* creator revision */
    return t;
}

uint32_t tb_end(struct tb *t)
{
    uint8_t *p = fake_ptr(t->fm, t->pa);
    (void)fake_ptr(t->fm, t->pa + t->len - 1);
    for (int i = 0; i < 4; i++)
        p[4 + i] = (uint8_t)(t->len >> (8 * i));
    acpi_fix_checksum(p, t->len, 9);
    return t->len;
}

void tb_refix(struct fake_mem *fm, uint64_t pa)
{
    uint8_t *p = fake_ptr(fm, pa);
    uint32_t len = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
                   (uint32_t)p[7] << 24;
    (void)fake_ptr(fm, pa + len - 1);
    acpi_fix_checksum(p, len, 9);
}

void put_rsdp(struct fake_mem *fm, uint64_t pa, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
    struct tb t = {fm, pa, 0};
    put_text(&t, "RSD PTR ", 8);
    tb_u8(&t, 0);
    put_text(&t, "BOCHS ", 6);
    tb_u8(&t, rev);
    tb_u32(&t, rsdt);
    if (rev >= 2) {
        tb_u32(&t, 36);
        tb_u64(&t, xsdt);
        tb_zero(&t, 4); /* extended checksum, reserved */
    }
    uint8_t *p = fake_ptr(fm, pa);
    acpi_fix_checksum(p, 20, 8);
    if (rev >= 2)
        acpi_fix_checksum(p, 36, 32);
}

uint32_t put_root(struct fake_mem *fm, uint64_t pa, bool xsdt, const uint64_t *pas, int n)
{
    struct tb t = tb_begin(fm, pa, xsdt ? "XSDT" : "RSDT", 1);
    for (int i = 0; i < n; i++) {
        if (xsdt)
            tb_u64(&t, pas[i]);
        else
            tb_u32(&t, (uint32_t)pas[i]);
    }
    return tb_end(&t);
}

/* QEMU q35 MADT: xAPIC per CPU, one IOAPIC, IRQ0->GSI2 and SCI overrides,
 * LAPIC NMI on LINT1 for all CPUs. */
static uint32_t fx_madt(struct fake_mem *fm, uint64_t pa, int ncpus)
{
    struct tb t = tb_begin(fm, pa, "APIC", 1);
    tb_u32(&t, 0xFEE00000);
    tb_u32(&t, ACPI_MADT_PCAT_COMPAT);
    for (int i = 0; i < ncpus; i++) {
        tb_u8(&t, 0); tb_u8(&t, 8); tb_u8(&t, (uint8_t)i); tb_u8(&t, (uint8_t)i);
        tb_u32(&t, ACPI_MADT_CPU_ENABLED);
    }
    tb_u8(&t, 1); tb_u8(&t, 12); tb_u8(&t, 0); tb_u8(&t, 0);
    tb_u32(&t, 0xFEC00000); tb_u32(&t, 0);
    tb_u8(&t, 2); tb_u8(&t, 10); tb_u8(&t, 0); tb_u8(&t, 0); tb_u32(&t, 2); tb_u16(&t, 0);
    tb_u8(&t, 2); tb_u8(&t, 10); tb_u8(&t, 0); tb_u8(&t, 9); tb_u32(&t, 9);
    tb_u16(&t, ACPI_INTI_POLARITY_HIGH | ACPI_INTI_TRIGGER_LEVEL);
    tb_u8(&t, 4); tb_u8(&t, 6); tb_u8(&t, 0xFF); tb_u16(&t, 0); tb_u8(&t, 1);
    return tb_end(&t);
}

/* FADT as QEMU builds it: q35 revision 3 (244 bytes, ICH9 PM at 0x600),
 * pc revision 1 (116 bytes, PIIX4 PM at 0xb000). */
static uint32_t fx_fadt(struct fake_mem *fm, uint64_t pa, bool q35, uint64_t facs,
                        uint64_t dsdt)
{
    uint32_t pm = q35 ? 0x600 : 0xb000;
    struct tb t = tb_begin(fm, pa, "FACP", q35 ? 3 : 1);
    tb_u32(&t, (uint32_t)facs);
    tb_u32(&t, (uint32_t)dsdt);
    tb_u8(&t, 0); tb_u8(&t, 0);             /* reserved, preferred PM profile */
    tb_u16(&t, 9);                           /* SCI_INT */
    tb_u32(&t, 0xB2);                        /* SMI_CMD */
    tb_u8(&t, 0xF1); tb_u8(&t, 0xF0); tb_u8(&t, 0); tb_u8(&t, 0);
    tb_u32(&t, pm); tb_u32(&t, 0);           /* PM1a/b EVT */
    tb_u32(&t, pm + 4); tb_u32(&t, 0);       /* PM1a/b CNT */
    tb_u32(&t, 0);                           /* PM2 CNT */
    tb_u32(&t, pm + 8);                      /* PM_TMR_BLK */
    tb_u32(&t, q35 ? pm + 0x20 : 0xafe0); tb_u32(&t, 0);
    tb_u8(&t, 4); tb_u8(&t, 2); tb_u8(&t, 0); tb_u8(&t, 4);
    tb_u8(&t, q35 ? 16 : 4); tb_u8(&t, 0); tb_u8(&t, 0); tb_u8(&t, 0);
    tb_u16(&t, 0xFFF); tb_u16(&t, 0xFFF);    /* P_LVL2/3_LAT: not supported */
    tb_u16(&t, 0); tb_u16(&t, 0); tb_u8(&t, 0); tb_u8(&t, 0);
    tb_u8(&t, 0x0D); tb_u8(&t, 0); tb_u8(&t, 0x32); /* DAY/MON alarm, CENTURY */
    tb_u16(&t, q35 ? ACPI_BOOT_8042 : 0); tb_u8(&t, 0);
    uint32_t flags = ACPI_FADT_WBINVD | BIT(2) | BIT(5) | BIT(6) | BIT(15);
    if (q35)
        flags |= ACPI_FADT_RESET_REG_SUP | ACPI_FADT_TMR_VAL_EXT;
    tb_u32(&t, flags);
    if (q35) {
        tb_gas(&t, ACPI_GAS_SYSTEM_IO, 8, 0, 0, 0xCF9);
        tb_u8(&t, 0x0F); tb_u16(&t, 0); tb_u8(&t, 0);
        tb_u64(&t, 0);                       /* X_FIRMWARE_CTRL (FACS in 32-bit field) */
        tb_u64(&t, dsdt);                    /* X_DSDT */
        tb_gas(&t, ACPI_GAS_SYSTEM_IO, 32, 0, 0, pm);
        tb_gas(&t, 0, 0, 0, 0, 0);
        tb_gas(&t, ACPI_GAS_SYSTEM_IO, 16, 0, 0, pm + 4);
        tb_gas(&t, 0, 0, 0, 0, 0);
        tb_gas(&t, 0, 0, 0, 0, 0);
        tb_gas(&t, ACPI_GAS_SYSTEM_IO, 32, 0, 0, pm + 8);
        tb_gas(&t, ACPI_GAS_SYSTEM_IO, 128, 0, 0, pm + 0x20);
        tb_gas(&t, 0, 0, 0, 0, 0);
    }
    return tb_end(&t);
}

static uint32_t fx_dsdt(struct fake_mem *fm, uint64_t pa)
{
    struct tb t = tb_begin(fm, pa, "DSDT", 1);
    tb_u8(&t, 0x10); /* an AML byte, making the DSDT odd-sized */
    return tb_end(&t);
}

static uint32_t fx_mcfg(struct fake_mem *fm, uint64_t pa)
{
    struct tb t = tb_begin(fm, pa, "MCFG", 1);
    tb_zero(&t, 8);
    tb_u64(&t, 0xB0000000); tb_u16(&t, 0); tb_u8(&t, 0); tb_u8(&t, 255); tb_u32(&t, 0);
    return tb_end(&t);
}

static uint32_t fx_hpet(struct fake_mem *fm, uint64_t pa)
{
    struct tb t = tb_begin(fm, pa, "HPET", 1);
    tb_u32(&t, 0x8086A201);
    tb_gas(&t, ACPI_GAS_SYSTEM_MEMORY, 0, 0, 0, 0xFED00000);
    tb_u8(&t, 0); tb_u16(&t, 0x80); tb_u8(&t, 0);
    return tb_end(&t);
}

static uint32_t fx_dmar(struct fake_mem *fm, uint64_t pa)
{
    struct tb t = tb_begin(fm, pa, "DMAR", 1);
    tb_u8(&t, 38);
    tb_u8(&t, ACPI_DMAR_INTR_REMAP | ACPI_DMAR_X2APIC_OPT_OUT);
    tb_zero(&t, 10);
    /* DRHD covering everything, with the IOAPIC scope intremap needs. */
    tb_u16(&t, 0); tb_u16(&t, 24);
    tb_u8(&t, ACPI_DRHD_INCLUDE_PCI_ALL); tb_u8(&t, 0); tb_u16(&t, 0);
    tb_u64(&t, 0xFED90000);
    tb_u8(&t, ACPI_DEV_SCOPE_IOAPIC); tb_u8(&t, 8); tb_u16(&t, 0);
    tb_u8(&t, 0); tb_u8(&t, 0xFF); tb_u8(&t, 0); tb_u8(&t, 0);
    return tb_end(&t);
}

static void fx_ivhd(struct tb *t, uint8_t type)
{
    bool efr = type != 0x10;
    tb_u8(t, type); tb_u8(t, 0xD1);
    tb_u16(t, (uint16_t)((efr ? 40 : 24) + 4 + 8));
    tb_u16(t, 0x0010);           /* 00:02.0 */
    tb_u16(t, 0x40);
    tb_u64(t, 0xFED80000);
    tb_u16(t, 0); tb_u16(t, 0);
    tb_u32(t, efr ? 0 : 0x00060000);
    if (efr) {
        tb_u64(t, 0x29);         /* EFR image */
        tb_u64(t, 0);
    }
    tb_u8(t, 0x01); tb_u16(t, 0); tb_u8(t, 0);                  /* all devices */
    tb_u8(t, 0x48); tb_u16(t, 0); tb_u8(t, 0xD7);               /* special: IOAPIC */
    tb_u8(t, 0); tb_u16(t, 0x00A0); tb_u8(t, ACPI_IVHD_SPECIAL_IOAPIC);
}

static uint32_t fx_ivrs(struct fake_mem *fm, uint64_t pa)
{
    struct tb t = tb_begin(fm, pa, "IVRS", 1);
    tb_u32(&t, (40u << 8) | (48u << 15) | 1u);
    tb_zero(&t, 8);
    fx_ivhd(&t, 0x10);
    fx_ivhd(&t, 0x11);
    return tb_end(&t);
}

struct fx_layout fx_qemu(struct fake_mem *fm, uint64_t rsdp_pa, uint64_t tables_pa,
                         unsigned flags, int ncpus)
{
    struct fx_layout l = {0};
    uint64_t pa = tables_pa, list[8];
    int n = 0;
    bool q35 = flags & FX_Q35;

    /* FACS: no standard header and no checksum (§5.2.10), 64 bytes aligned. */
    l.facs = pa;
    memcpy(fake_ptr(fm, pa), "FACS", 4);
    fake_ptr(fm, pa)[4] = 64;
    pa += 64;
    l.dsdt = pa;
    pa += fx_dsdt(fm, pa);
    l.fadt = pa;
    pa += fx_fadt(fm, pa, q35, l.facs, l.dsdt);
    list[n++] = l.fadt;
    l.madt = pa;
    pa += fx_madt(fm, pa, ncpus);
    list[n++] = l.madt;
    if (flags & FX_HPET) {
        l.hpet = pa;
        pa += fx_hpet(fm, pa);
        list[n++] = l.hpet;
    }
    if (q35) {
        l.mcfg = pa;
        pa += fx_mcfg(fm, pa);
        list[n++] = l.mcfg;
    }
    if (flags & FX_DMAR) {
        l.dmar = pa;
        pa += fx_dmar(fm, pa);
        list[n++] = l.dmar;
    }
    if (flags & FX_IVRS) {
        l.ivrs = pa;
        pa += fx_ivrs(fm, pa);
        list[n++] = l.ivrs;
    }
    l.rsdt = pa;
    pa += put_root(fm, pa, false, list, n);
    if (flags & FX_XSDT) {
        l.xsdt = pa;
        pa += put_root(fm, pa, true, list, n);
    }
    l.end = pa;
    l.rsdp = rsdp_pa;
    put_rsdp(fm, rsdp_pa, (flags & FX_XSDT) ? 2 : 0, (uint32_t)l.rsdt, l.xsdt);
    return l;
}
