/* ACPI: DMAR (VT-d §8) and IVRS (AMD IOMMU 48882 §5.2). */
#include <string.h>
#include "qtest.h"
#include "test_acpi_build.h"
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"

static struct acpi_info info;
static struct acpi_dmar_info dmar;
static struct acpi_ivrs_info ivrs;
static struct fake_mem fm;

static struct tb dmar_begin(uint8_t haw, uint8_t flags)
{
    fake_init(&fm, 0x1000, 0x2000);
    struct tb t = tb_begin(&fm, 0x1000, "DMAR", 1);
    tb_u8(&t, haw);
    tb_u8(&t, flags);
    tb_zero(&t, 10);
    return t;
}

static int dmar_end(struct tb *t)
{
    uint32_t len = tb_end(t);
    memset(&dmar, 0, sizeof dmar);
    int rc = acpi_parse_dmar(fake_ptr(&fm, 0x1000), len, &dmar);
    fake_free(&fm);
    return rc;
}

static void scope(struct tb *t, uint8_t type, uint8_t enum_id, uint8_t bus, int hops)
{
    tb_u8(t, type); tb_u8(t, (uint8_t)(6 + 2 * hops)); tb_u16(t, 0);
    tb_u8(t, enum_id); tb_u8(t, bus);
    for (int i = 0; i < hops; i++) {
        tb_u8(t, (uint8_t)(0x1C + i)); tb_u8(t, (uint8_t)i);
    }
}

static void drhd(struct tb *t, uint8_t flags, uint16_t seg, uint64_t base, int nscopes)
{
    tb_u16(t, 0); tb_u16(t, (uint16_t)(16 + 8 * nscopes));
    tb_u8(t, flags); tb_u8(t, 2); tb_u16(t, seg); tb_u64(t, base);
    for (int i = 0; i < nscopes; i++)
        scope(t, ACPI_DEV_SCOPE_PCI_ENDPOINT, 0, (uint8_t)i, 1);
}

static void rmrr(struct tb *t, uint64_t base, uint64_t limit)
{
    tb_u16(t, 1); tb_u16(t, 24 + 8);
    tb_u16(t, 0); tb_u16(t, 0); tb_u64(t, base); tb_u64(t, limit);
    scope(t, ACPI_DEV_SCOPE_PCI_ENDPOINT, 0, 0, 1);
}

QTEST(acpi_dmar_qemu)
{
    fake_init(&fm, 0, 0x200000);
    struct acpi_mem m = fake_acpi_mem(&fm);
    fx_qemu(&fm, 0xF5A10, 0x100000, FX_Q35 | FX_DMAR, 2);
    QCHECK_EQ(acpi_parse(&m, fake_ptr(&fm, 0xF5A10), 20, &info), 0);
    QCHECK(info.dmar.present);
    QCHECK_EQ(info.dmar.host_addr_width, 38);
    QCHECK_EQ(info.dmar.flags, ACPI_DMAR_INTR_REMAP | ACPI_DMAR_X2APIC_OPT_OUT);
    QCHECK_EQ(info.dmar.ndrhd, 1);
    QCHECK_EQ(info.dmar.drhd[0].base, 0xFED90000);
    QCHECK_EQ(info.dmar.drhd[0].flags, ACPI_DRHD_INCLUDE_PCI_ALL);
    QCHECK_EQ(info.dmar.drhd[0].nscopes, 1);
    QCHECK_EQ(info.dmar.drhd[0].scopes[0].type, ACPI_DEV_SCOPE_IOAPIC);
    QCHECK_EQ(info.dmar.drhd[0].scopes[0].start_bus, 0xFF);
    QCHECK_EQ(info.dmar.drhd[0].scopes[0].path_len, 1);
    fake_free(&fm);
}

QTEST(acpi_dmar_structures)
{
    struct tb t = dmar_begin(45, ACPI_DMAR_INTR_REMAP);
    drhd(&t, 0, 1, 0xFED91000, 2);
    tb_u16(&t, 0); tb_u16(&t, 16 + 10);           /* DRHD with a 2-hop scope */
    tb_u8(&t, ACPI_DRHD_INCLUDE_PCI_ALL); tb_u8(&t, 0); tb_u16(&t, 0); tb_u64(&t, 0xFED90000);
    scope(&t, ACPI_DEV_SCOPE_PCI_SUBHIERARCHY, 0, 0x80, 2);
    rmrr(&t, 0x7F000000, 0x7F0FFFFF);
    tb_u16(&t, 2); tb_u16(&t, 8 + 8); tb_u8(&t, 0); tb_u8(&t, 0); tb_u16(&t, 0); /* ATSR */
    scope(&t, ACPI_DEV_SCOPE_PCI_SUBHIERARCHY, 0, 0, 1);
    tb_u16(&t, 3); tb_u16(&t, 20); tb_u32(&t, 0); tb_u64(&t, 0xFED90000); tb_u32(&t, 1);
    tb_u16(&t, 4); tb_u16(&t, 8); tb_zero(&t, 4);  /* ANDD: counted, skipped */
    QCHECK_EQ(dmar_end(&t), 0);
    QCHECK(dmar.present);
    QCHECK_EQ(dmar.host_addr_width, 45);
    QCHECK_EQ(dmar.ndrhd, 2);
    QCHECK_EQ(dmar.drhd[0].segment, 1);
    QCHECK_EQ(dmar.drhd[0].size, 2);
    QCHECK_EQ(dmar.drhd[0].nscopes, 2);
    QCHECK_EQ(dmar.drhd[0].scopes[1].start_bus, 1);
    QCHECK_EQ(dmar.drhd[0].scopes[1].dev, 0x1C);
    QCHECK_EQ(dmar.drhd[1].scopes[0].type, ACPI_DEV_SCOPE_PCI_SUBHIERARCHY);
    QCHECK_EQ(dmar.drhd[1].scopes[0].path_len, 2);
    QCHECK_EQ(dmar.drhd[1].flags, ACPI_DRHD_INCLUDE_PCI_ALL);
    QCHECK_EQ(dmar.nrmrr, 1);
    QCHECK_EQ(dmar.rmrr[0].base, 0x7F000000);
    QCHECK_EQ(dmar.rmrr[0].limit, 0x7F0FFFFF);
    QCHECK_EQ(dmar.rmrr[0].nscopes, 1);
    QCHECK_EQ(dmar.natsr, 1);
    QCHECK_EQ(dmar.nrhsa, 1);
    QCHECK_EQ(dmar.nother, 1);
}

QTEST(acpi_dmar_limits)
{
    struct tb t = dmar_begin(38, 0);
    for (int i = 0; i < 20; i++)
        drhd(&t, 0, 0, 0xFED90000 + (uint64_t)i * 0x1000, i == 0 ? 10 : 0);
    for (int i = 0; i < 18; i++)
        rmrr(&t, 0x1000 * (uint64_t)i, 0x1000 * (uint64_t)i + 0xFFF);
    QCHECK_EQ(dmar_end(&t), 0);
    QCHECK_EQ(dmar.ndrhd, ACPI_MAX_DRHD);
    QCHECK_EQ(dmar.drhd[0].nscopes, 10);
    QCHECK_EQ(dmar.drhd[0].scopes[7].start_bus, 7);
    QCHECK_EQ(dmar.nrmrr, ACPI_MAX_RMRR);
    QCHECK_EQ(dmar.ndropped, 4 + 2);
}

QTEST(acpi_dmar_malformed)
{
    struct tb t = dmar_begin(38, 0);
    tb_u16(&t, 0); tb_u16(&t, 0);                               /* length 0 */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    QCHECK(!dmar.present);
    t = dmar_begin(38, 0);
    drhd(&t, 0, 0, 0xFED90000, 1);
    fake_ptr(&fm, t.pa + t.len - 8 + 1)[0] = 7;                  /* odd scope length */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    t = dmar_begin(38, 0);
    drhd(&t, 0, 0, 0xFED90000, 1);
    fake_ptr(&fm, t.pa + t.len - 8 + 1)[0] = 10;                 /* scope overruns DRHD */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    t = dmar_begin(38, 0);
    drhd(&t, 0, 0, 0xFED90000, 1);
    fake_ptr(&fm, t.pa + t.len - 8 + 1)[0] = 6;                  /* scope without a path */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    t = dmar_begin(38, 0);
    drhd(&t, 0, 0, 0xFED90000, 0);
    fake_ptr(&fm, t.pa + t.len - 16 + 2)[0] = 40;                /* DRHD overruns table */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    t = dmar_begin(38, 0);
    drhd(&t, 0, 0, 0xFED90800, 0);                               /* misaligned base */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    t = dmar_begin(38, 0);
    rmrr(&t, 0x2000, 0x1FFF);                                    /* base > limit */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    t = dmar_begin(38, 0);
    rmrr(&t, 0x2000, 0x2FFE);                                    /* limit+1 unaligned */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    t = dmar_begin(38, 0);
    tb_u16(&t, 3); tb_u16(&t, 12); tb_zero(&t, 8);               /* short RHSA */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    t = dmar_begin(38, 0);
    tb_u16(&t, 0);                                               /* 2 trailing bytes */
    QCHECK_EQ(dmar_end(&t), QV_ERR_CORRUPT);
    fake_init(&fm, 0x1000, 0x1000);
    t = tb_begin(&fm, 0x1000, "DMAR", 1);
    tb_zero(&t, 11);
    QCHECK_EQ(dmar_end(&t), QV_ERR_TRUNCATED);
}

static struct tb ivrs_begin(void)
{
    fake_init(&fm, 0x1000, 0x2000);
    struct tb t = tb_begin(&fm, 0x1000, "IVRS", 2);
    tb_u32(&t, 0x00203040);
    tb_zero(&t, 8);
    return t;
}

static int ivrs_end(struct tb *t)
{
    uint32_t len = tb_end(t);
    memset(&ivrs, 0, sizeof ivrs);
    int rc = acpi_parse_ivrs(fake_ptr(&fm, 0x1000), len, &ivrs);
    fake_free(&fm);
    return rc;
}

/* IVHD header of the given type and total length; returns nothing, the
 * caller appends device entries making up the length. */
static void ivhd(struct tb *t, uint8_t type, uint16_t len, uint16_t devid, uint64_t base)
{
    tb_u8(t, type); tb_u8(t, 0x10); tb_u16(t, len);
    tb_u16(t, devid); tb_u16(t, 0x40); tb_u64(t, base);
    tb_u16(t, 0); tb_u16(t, 0x1F00); tb_u32(t, 0xABCD);
    if (type != 0x10) {
        tb_u64(t, 0x12345678ABull);
        tb_u64(t, 0);
    }
}

QTEST(acpi_ivrs_qemu)
{
    fake_init(&fm, 0, 0x200000);
    struct acpi_mem m = fake_acpi_mem(&fm);
    fx_qemu(&fm, 0xF5A10, 0x100000, FX_XSDT | FX_Q35 | FX_IVRS, 2);
    QCHECK_EQ(acpi_parse(&m, fake_ptr(&fm, 0xF5A10), 36, &info), 0);
    const struct acpi_ivrs_info *v = &info.ivrs;
    QCHECK(v->present);
    /* QEMU describes its one IOMMU twice (IVHD 10h and 11h): one unit, 11h. */
    QCHECK_EQ(v->niommus, 1);
    QCHECK_EQ(v->iommus[0].type, 0x11);
    QCHECK_EQ(v->iommus[0].devid, 0x0010);
    QCHECK_EQ(v->iommus[0].base, 0xFED80000);
    QCHECK_EQ(v->iommus[0].cap_offset, 0x40);
    QCHECK_EQ(v->iommus[0].efr, 0x29);
    QCHECK_EQ(v->iommus[0].ndev_entries, 2);
    QCHECK(v->iommus[0].select_all);
    QCHECK_EQ(v->iommus[0].nspecial, 1);
    QCHECK_EQ(v->iommus[0].special[0].variety, ACPI_IVHD_SPECIAL_IOAPIC);
    QCHECK_EQ(v->iommus[0].special[0].devid, 0x00A0);
    fake_free(&fm);
}

QTEST(acpi_ivrs_device_entries)
{
    struct tb t = ivrs_begin();
    ivhd(&t, 0x40, 40 + 4 + 8 + 26 + 16 + 32 + 8, 0x0002, 0xFEB80000);
    tb_u8(&t, 0x02); tb_u16(&t, 0x0100); tb_u8(&t, 0);              /* select */
    tb_u8(&t, 0x42); tb_u16(&t, 0x0200); tb_u8(&t, 0); tb_zero(&t, 4); /* alias select */
    tb_u8(&t, 0xF0); tb_u16(&t, 0x00A5); tb_u8(&t, 0x40);            /* ACPI HID */
    for (int i = 0; i < 16; i++)
        tb_u8(&t, (uint8_t)"AMDI0020\0\0\0\0\0\0\0\0"[i]);
    tb_u8(&t, 2); tb_u8(&t, 4); tb_u32(&t, 0x30424F5C);            /* UID "\_OB0"... */
    tb_u8(&t, 0x80); tb_zero(&t, 15);                                /* 16-byte type */
    tb_u8(&t, 0xC1); tb_zero(&t, 31);                                /* 32-byte type */
    tb_u8(&t, 0x48); tb_u16(&t, 0); tb_u8(&t, 0); tb_u8(&t, 0);      /* HPET special */
    tb_u16(&t, 0x00A0); tb_u8(&t, ACPI_IVHD_SPECIAL_HPET);
    tb_u8(&t, 0x21); tb_u8(&t, 0); tb_u16(&t, 32); tb_zero(&t, 28);  /* IVMD */
    tb_u8(&t, 0x22); tb_u8(&t, 0); tb_u16(&t, 32); tb_zero(&t, 28);
    tb_u8(&t, 0x55); tb_u8(&t, 0); tb_u16(&t, 8); tb_zero(&t, 4);    /* unknown */
    ivhd(&t, 0x10, 24, 0x0042, 0xFEC80000);                          /* second IOMMU */
    QCHECK_EQ(ivrs_end(&t), 0);
    QCHECK(ivrs.present);
    QCHECK_EQ(ivrs.ivinfo, 0x00203040);
    QCHECK_EQ(ivrs.niommus, 2);
    QCHECK_EQ(ivrs.iommus[0].type, 0x40);
    QCHECK_EQ(ivrs.iommus[0].ndev_entries, 6);
    QCHECK(!ivrs.iommus[0].select_all);
    QCHECK_EQ(ivrs.iommus[0].efr, 0x12345678ABull);
    QCHECK_EQ(ivrs.iommus[0].info, 0x1F00);
    QCHECK_EQ(ivrs.iommus[0].attributes, 0xABCD);
    QCHECK_EQ(ivrs.iommus[0].nspecial, 1);
    QCHECK_EQ(ivrs.iommus[0].special[0].variety, ACPI_IVHD_SPECIAL_HPET);
    QCHECK_EQ(ivrs.iommus[1].devid, 0x0042);
    QCHECK_EQ(ivrs.iommus[1].efr, 0);
    QCHECK_EQ(ivrs.iommus[1].ndev_entries, 0);
    QCHECK_EQ(ivrs.nivmd, 2);
    QCHECK_EQ(ivrs.nother, 1);
}

QTEST(acpi_ivrs_limits)
{
    struct tb t = ivrs_begin();
    for (int i = 0; i < 10; i++)
        ivhd(&t, 0x10, 24, (uint16_t)(0x10 + i), 0xFED80000 + 0x4000 * (uint64_t)i);
    /* A lower type for an IOMMU already described by a higher one: ignored. */
    ivhd(&t, 0x11, 40, 0x0010, 0xFED80000);
    ivhd(&t, 0x10, 24, 0x0010, 0xFED80000);
    QCHECK_EQ(ivrs_end(&t), 0);
    QCHECK_EQ(ivrs.niommus, ACPI_MAX_IOMMUS);
    QCHECK_EQ(ivrs.ndropped, 2);
    QCHECK_EQ(ivrs.iommus[0].type, 0x11);
}

QTEST(acpi_ivrs_malformed)
{
    struct tb t = ivrs_begin();
    ivhd(&t, 0x11, 40 + 22, 0x2, 0xFED80000);
    tb_u8(&t, 0xF0); tb_zero(&t, 20); tb_u8(&t, 1);  /* UID length 1 past the end */
    QCHECK_EQ(ivrs_end(&t), QV_ERR_CORRUPT);
    QCHECK(!ivrs.present);
    t = ivrs_begin();
    ivhd(&t, 0x11, 40 + 12, 0x2, 0xFED80000);
    tb_u8(&t, 0xF0); tb_zero(&t, 11);                 /* HID entry cut short */
    QCHECK_EQ(ivrs_end(&t), QV_ERR_CORRUPT);
    t = ivrs_begin();
    ivhd(&t, 0x10, 24 + 4, 0x2, 0xFED80000);
    tb_u8(&t, 0x43); tb_zero(&t, 3);                  /* 8-byte entry, 4 bytes left */
    QCHECK_EQ(ivrs_end(&t), QV_ERR_CORRUPT);
    t = ivrs_begin();
    ivhd(&t, 0x10, 24, 0x2, 0xFED80000);
    tb_u8(&t, 0x20); tb_u8(&t, 0); tb_u16(&t, 0);     /* block length 0 */
    QCHECK_EQ(ivrs_end(&t), QV_ERR_CORRUPT);
    t = ivrs_begin();
    tb_u8(&t, 0x21); tb_u8(&t, 0); tb_u16(&t, 64); tb_zero(&t, 28); /* overruns */
    QCHECK_EQ(ivrs_end(&t), QV_ERR_CORRUPT);
    t = ivrs_begin();
    tb_u8(&t, 0x11); tb_u8(&t, 0); tb_u16(&t, 24); tb_zero(&t, 20); /* 11h < 40 */
    QCHECK_EQ(ivrs_end(&t), QV_ERR_CORRUPT);
    t = ivrs_begin();
    ivhd(&t, 0x10, 24, 0x2, 0);                       /* no register base */
    QCHECK_EQ(ivrs_end(&t), QV_ERR_CORRUPT);
    t = ivrs_begin();
    tb_u8(&t, 0x10);                                   /* 1 trailing byte */
    QCHECK_EQ(ivrs_end(&t), QV_ERR_CORRUPT);
    fake_init(&fm, 0x1000, 0x1000);
    t = tb_begin(&fm, 0x1000, "IVRS", 1);
    tb_u32(&t, 0);
    QCHECK_EQ(ivrs_end(&t), QV_ERR_TRUNCATED);
}
