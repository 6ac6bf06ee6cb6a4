/* ACPI: MADT interrupt controller structures (ACPI 6.5 §5.2.12). */
#include <string.h>
#include "qtest.h"
#include "test_acpi_build.h"
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"

static struct acpi_madt_info madt;
static struct acpi_info info;

static struct tb madt_begin(struct fake_mem *fm)
{
    fake_init(fm, 0x1000, 0x4000);
    struct tb t = tb_begin(fm, 0x1000, "APIC", 5);
    tb_u32(&t, 0xFEE00000);
    tb_u32(&t, ACPI_MADT_PCAT_COMPAT);
    return t;
}

static int madt_end(struct fake_mem *fm, struct tb *t)
{
    uint32_t len = tb_end(t);
    memset(&madt, 0, sizeof madt);
    return acpi_parse_madt(fake_ptr(fm, 0x1000), len, &madt);
}

static void lapic(struct tb *t, uint8_t uid, uint8_t id, uint32_t flags)
{
    tb_u8(t, 0); tb_u8(t, 8); tb_u8(t, uid); tb_u8(t, id); tb_u32(t, flags);
}

static void x2apic(struct tb *t, uint32_t id, uint32_t flags, uint32_t uid)
{
    tb_u8(t, 9); tb_u8(t, 16); tb_u16(t, 0); tb_u32(t, id); tb_u32(t, flags); tb_u32(t, uid);
}

static void ioapic(struct tb *t, uint8_t id, uint32_t addr, uint32_t gsi)
{
    tb_u8(t, 1); tb_u8(t, 12); tb_u8(t, id); tb_u8(t, 0); tb_u32(t, addr); tb_u32(t, gsi);
}

QTEST(acpi_madt_qemu_layout)
{
    struct fake_mem fm;
    fake_init(&fm, 0, 0x200000);
    struct acpi_mem m = fake_acpi_mem(&fm);
    fx_qemu(&fm, 0xF5A10, 0x100000, FX_Q35, 4);
    QCHECK_EQ(acpi_parse(&m, fake_ptr(&fm, 0xF5A10), 20, &info), 0);
    const struct acpi_madt_info *a = &info.madt;
    QCHECK(a->present);
    QCHECK_EQ(a->lapic_address, 0xFEE00000);
    QCHECK(!a->lapic_overridden);
    QCHECK_EQ(a->flags, ACPI_MADT_PCAT_COMPAT);
    QCHECK_EQ(a->ncpus, 4);
    for (uint32_t i = 0; i < a->ncpus; i++) {
        QCHECK_EQ(a->cpus[i].apic_id, i);
        QCHECK_EQ(a->cpus[i].uid, i);
        QCHECK(a->cpus[i].enabled && !a->cpus[i].online_capable && !a->cpus[i].x2apic);
    }
    QCHECK_EQ(a->nioapics, 1);
    QCHECK_EQ(a->ioapics[0].address, 0xFEC00000);
    QCHECK_EQ(a->ioapics[0].gsi_base, 0);
    QCHECK_EQ(a->nisos, 2);
    QCHECK_EQ(a->isos[0].source, 0);
    QCHECK_EQ(a->isos[0].gsi, 2);
    QCHECK_EQ(a->isos[1].source, 9);
    QCHECK_EQ(a->isos[1].flags & ACPI_INTI_TRIGGER_MASK, ACPI_INTI_TRIGGER_LEVEL);
    QCHECK_EQ(a->isos[1].flags & ACPI_INTI_POLARITY_MASK, ACPI_INTI_POLARITY_HIGH);
    QCHECK_EQ(a->nlapic_nmis, 1);
    QCHECK_EQ(a->lapic_nmis[0].uid, ACPI_NMI_ALL_CPUS);
    QCHECK_EQ(a->lapic_nmis[0].lint, 1);
    fake_free(&fm);
}

QTEST(acpi_madt_all_entry_types)
{
    struct fake_mem fm;
    struct tb t = madt_begin(&fm);
    lapic(&t, 0, 0, ACPI_MADT_CPU_ENABLED);
    lapic(&t, 1, 1, 0);                              /* unusable */
    lapic(&t, 2, 2, ACPI_MADT_CPU_ONLINE_CAPABLE);   /* hot-pluggable */
    x2apic(&t, 0x100, ACPI_MADT_CPU_ENABLED, 300);
    x2apic(&t, 0, ACPI_MADT_CPU_ENABLED, 0);         /* same CPU as the first */
    ioapic(&t, 8, 0xFEC00000, 0);
    tb_u8(&t, 1); tb_u8(&t, 16); tb_u8(&t, 9); tb_u8(&t, 0); /* longer than 12: fine */
    tb_u32(&t, 0xFEC01000); tb_u32(&t, 24); tb_u32(&t, 0xFFFFFFFF);
    tb_u8(&t, 3); tb_u8(&t, 8); tb_u16(&t, 0x5); tb_u32(&t, 23);          /* NMI source */
    tb_u8(&t, 4); tb_u8(&t, 6); tb_u8(&t, 2); tb_u16(&t, 0xD); tb_u8(&t, 0);
    tb_u8(&t, 10); tb_u8(&t, 12); tb_u16(&t, 0x1); tb_u32(&t, 300); tb_u8(&t, 1);
    tb_zero(&t, 3);
    tb_u8(&t, 5); tb_u8(&t, 12); tb_u16(&t, 0); tb_u64(&t, 0xFEE0000000ull);
    tb_u8(&t, 0x7F); tb_u8(&t, 6); tb_zero(&t, 4);  /* unknown type */
    tb_u8(&t, 0x0B); tb_u8(&t, 2);                  /* GICC with bare length: skipped */
    QCHECK_EQ(madt_end(&fm, &t), 0);
    QCHECK(madt.present);
    QCHECK_EQ(madt.ncpus, 3);
    QCHECK_EQ(madt.ncpus_unusable, 1);
    QCHECK_EQ(madt.cpus[1].apic_id, 2);
    QCHECK(!madt.cpus[1].enabled && madt.cpus[1].online_capable);
    QCHECK_EQ(madt.cpus[2].apic_id, 0x100);
    QCHECK_EQ(madt.cpus[2].uid, 300);
    QCHECK(madt.cpus[2].x2apic && madt.cpus[2].enabled);
    QCHECK_EQ(madt.nioapics, 2);
    QCHECK_EQ(madt.ioapics[1].id, 9);
    QCHECK_EQ(madt.ioapics[1].gsi_base, 24);
    QCHECK_EQ(madt.nnmi_srcs, 1);
    QCHECK_EQ(madt.nmi_srcs[0].gsi, 23);
    QCHECK_EQ(madt.nmi_srcs[0].flags, 5);
    QCHECK_EQ(madt.nlapic_nmis, 2);
    QCHECK_EQ(madt.lapic_nmis[0].uid, 2);
    QCHECK_EQ(madt.lapic_nmis[0].flags, 0xD);
    QCHECK_EQ(madt.lapic_nmis[1].uid, 300);
    QCHECK_EQ(madt.lapic_nmis[1].lint, 1);
    QCHECK(madt.lapic_overridden);
    QCHECK_EQ(madt.lapic_address, 0xFEE0000000ull);
    QCHECK_EQ(madt.nunknown, 2);
    fake_free(&fm);
}

QTEST(acpi_madt_limits)
{
    struct fake_mem fm;
    struct tb t = madt_begin(&fm);
    for (uint32_t i = 0; i < 300; i++)
        x2apic(&t, i, ACPI_MADT_CPU_ENABLED, i);
    for (uint8_t i = 0; i < 20; i++)
        ioapic(&t, i, 0xFEC00000 + i * 0x1000u, i * 24u);
    for (int i = 0; i < 40; i++) {
        tb_u8(&t, 2); tb_u8(&t, 10); tb_u8(&t, 0); tb_u8(&t, (uint8_t)i);
        tb_u32(&t, (uint32_t)i); tb_u16(&t, 0);
    }
    QCHECK_EQ(madt_end(&fm, &t), 0);
    QCHECK_EQ(madt.ncpus, ACPI_MAX_CPUS);
    QCHECK_EQ(madt.cpus[255].apic_id, 255);
    QCHECK_EQ(madt.nioapics, ACPI_MAX_IOAPICS);
    QCHECK_EQ(madt.nisos, ACPI_MAX_ISOS);
    QCHECK_EQ(madt.ndropped, (300 - 256) + (20 - 16) + (40 - 32));
    fake_free(&fm);
}

QTEST(acpi_madt_malformed_subtables)
{
    struct fake_mem fm;
    struct tb t = madt_begin(&fm);
    lapic(&t, 0, 0, 1);
    tb_u8(&t, 0); tb_u8(&t, 0);                      /* length 0 must not spin */
    QCHECK_EQ(madt_end(&fm, &t), QV_ERR_CORRUPT);
    fake_free(&fm);

    t = madt_begin(&fm);
    tb_u8(&t, 1); tb_u8(&t, 1);                      /* length 1 */
    QCHECK_EQ(madt_end(&fm, &t), QV_ERR_CORRUPT);
    fake_free(&fm);

    t = madt_begin(&fm);
    lapic(&t, 0, 0, 1);
    tb_u8(&t, 1); tb_u8(&t, 12); tb_u8(&t, 0);      /* overruns the table */
    QCHECK_EQ(madt_end(&fm, &t), QV_ERR_CORRUPT);
    fake_free(&fm);

    t = madt_begin(&fm);
    lapic(&t, 0, 0, 1);
    tb_u8(&t, 0);                                     /* trailing byte */
    QCHECK_EQ(madt_end(&fm, &t), QV_ERR_CORRUPT);
    fake_free(&fm);

    t = madt_begin(&fm);
    tb_u8(&t, 0); tb_u8(&t, 6); tb_u8(&t, 0); tb_u8(&t, 0); tb_u16(&t, 1); /* short LAPIC */
    QCHECK_EQ(madt_end(&fm, &t), QV_ERR_CORRUPT);
    fake_free(&fm);

    t = madt_begin(&fm);
    tb_u8(&t, 9); tb_u8(&t, 12); tb_zero(&t, 10);    /* short x2APIC */
    QCHECK_EQ(madt_end(&fm, &t), QV_ERR_CORRUPT);
    fake_free(&fm);

    /* Too short for the fixed fields. */
    fake_init(&fm, 0x1000, 0x1000);
    t = tb_begin(&fm, 0x1000, "APIC", 1);
    tb_u32(&t, 0xFEE00000);
    QCHECK_EQ(madt_end(&fm, &t), QV_ERR_TRUNCATED);
    fake_free(&fm);

    /* Just the fixed fields: valid, no CPUs. */
    t = madt_begin(&fm);
    QCHECK_EQ(madt_end(&fm, &t), 0);
    QCHECK_EQ(madt.ncpus, 0);
    fake_free(&fm);
}

QTEST(acpi_madt_malformed_is_dropped_by_parse)
{
    struct fake_mem fm;
    fake_init(&fm, 0, 0x200000);
    struct acpi_mem m = fake_acpi_mem(&fm);
    struct fx_layout l = fx_qemu(&fm, 0xF5A10, 0x100000, FX_Q35, 2);
    /* Second LAPIC entry: length 8 -> 0 (offset 44 + 8 + 1). */
    fake_ptr(&fm, l.madt + 53)[0] = 0;
    tb_refix(&fm, l.madt);
    QCHECK_EQ(acpi_parse(&m, fake_ptr(&fm, 0xF5A10), 20, &info), 0);
    const struct acpi_table_ref *r = acpi_find(&info, "APIC");
    QCHECK(r && r->checksum_ok && r->status == QV_ERR_CORRUPT);
    QCHECK(!info.madt.present);
    QCHECK_EQ(info.madt.ncpus, 0);
    QCHECK_EQ(info.madt.lapic_address, 0);
    QCHECK(info.fadt.present);
    fake_free(&fm);
}
