/* ACPI: RSDP validation and search, root table walk, leaf header checks. */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "test_acpi_build.h"
#include "lib/errors.h"

#define MEM_SIZE 0x200000
#define RSDP_PA 0xF5A10
#define TABLES_PA 0x100000

static struct acpi_info info; /* large: keep it off the stack */

static int parse_at(struct fake_mem *fm, uint64_t rsdp_pa)
{
    struct acpi_mem m = fake_acpi_mem(fm);
    return acpi_parse(&m, fake_ptr(fm, rsdp_pa), 36, &info);
}

QTEST(acpi_rsdp_validate_v1)
{
    uint8_t b[20];
    struct fake_mem fm;
    struct acpi_rsdp_info r;
    fake_init(&fm, 0, 64);
    put_rsdp(&fm, 0, 0, 0x7FE1234, 0);
    memcpy(b, fm.buf, 20);
    QCHECK_EQ(acpi_rsdp_validate(b, 20, &r), 0);
    QCHECK_EQ(r.revision, 0);
    QCHECK_EQ(r.rsdt_pa, 0x7FE1234);
    QCHECK_EQ(r.xsdt_pa, 0);
    QCHECK_EQ(r.length, 20);
    QCHECK(strcmp(r.oem_id, "BOCHS ") == 0);
    QCHECK_EQ(acpi_rsdp_validate(b, 19, &r), QV_ERR_TRUNCATED);
    QCHECK_EQ(acpi_rsdp_validate(NULL, 20, &r), QV_ERR_TRUNCATED);
    b[16] ^= 1;
    QCHECK_EQ(acpi_rsdp_validate(b, 20, &r), QV_ERR_CHECKSUM);
    memcpy(b, fm.buf, 20);
    b[3] = 'X';
    acpi_fix_checksum(b, 20, 8);
    QCHECK_EQ(acpi_rsdp_validate(b, 20, &r), QV_ERR_CORRUPT);
    fake_free(&fm);
}

QTEST(acpi_rsdp_validate_v2)
{
    struct fake_mem fm;
    struct acpi_rsdp_info r;
    fake_init(&fm, 0, 64);
    put_rsdp(&fm, 0, 2, 0x1000, 0x123456789ull);
    QCHECK_EQ(acpi_rsdp_validate(fm.buf, 36, &r), 0);
    QCHECK_EQ(r.revision, 2);
    QCHECK_EQ(r.xsdt_pa, 0x123456789ull);
    QCHECK_EQ(r.length, 36);
    /* Only 20 bytes readable: a revision 2 RSDP cannot be checked. */
    QCHECK_EQ(acpi_rsdp_validate(fm.buf, 20, &r), QV_ERR_TRUNCATED);
    /* The extended checksum covers bytes 20..35 that the v1 one does not. */
    fm.buf[33] = 1;
    QCHECK_EQ(acpi_rsdp_validate(fm.buf, 36, &r), QV_ERR_CHECKSUM);
    /* A length field below 36 is not a revision 2 RSDP. */
    put_rsdp(&fm, 0, 2, 0x1000, 0x2000);
    fm.buf[20] = 20;
    acpi_fix_checksum(fm.buf, 20, 8);
    acpi_fix_checksum(fm.buf, 36, 32);
    QCHECK_EQ(acpi_rsdp_validate(fm.buf, 36, &r), QV_ERR_CORRUPT);
    /* A length field beyond the readable bytes. */
    put_rsdp(&fm, 0, 2, 0x1000, 0x2000);
    fm.buf[20] = 40;
    acpi_fix_checksum(fm.buf, 20, 8);
    acpi_fix_checksum(fm.buf, 36, 32);
    QCHECK_EQ(acpi_rsdp_validate(fm.buf, 36, &r), QV_ERR_TRUNCATED);
    fake_free(&fm);
}

static void set_ebda(struct fake_mem *fm, uint16_t seg)
{
    fake_ptr(fm, 0x40E)[0] = (uint8_t)seg;
    fake_ptr(fm, 0x40F)[0] = (uint8_t)(seg >> 8);
}

QTEST(acpi_rsdp_scan_ebda_first)
{
    struct fake_mem fm;
    struct acpi_mem m;
    uint64_t pa = 0;
    fake_init(&fm, 0, 0x100000);
    m = fake_acpi_mem(&fm);
    set_ebda(&fm, 0x9FC0);
    put_rsdp(&fm, 0x9FC00 + 0x40, 2, 0x1000, 0x2000);
    put_rsdp(&fm, RSDP_PA, 0, 0x1000, 0);
    QCHECK_EQ(acpi_rsdp_scan(&m, &pa), 0);
    QCHECK_EQ(pa, 0x9FC40);
    /* Only the first KiB of the EBDA is searched. */
    memset(fake_ptr(&fm, 0x9FC40), 0, 36);
    put_rsdp(&fm, 0x9FC00 + 0x400, 0, 0x1000, 0);
    QCHECK_EQ(acpi_rsdp_scan(&m, &pa), 0);
    QCHECK_EQ(pa, RSDP_PA);
    fake_free(&fm);
}

QTEST(acpi_rsdp_scan_bios_area)
{
    struct fake_mem fm;
    struct acpi_mem m;
    uint64_t pa = 0;
    fake_init(&fm, 0, 0x100000);
    m = fake_acpi_mem(&fm);
    QCHECK_EQ(acpi_rsdp_scan(&m, &pa), QV_ERR_NOENT);
    /* A signature with a bad checksum, and a valid RSDP off the 16-byte grid,
     * are both passed over. */
    put_rsdp(&fm, 0xE0000, 0, 0x1000, 0);
    fake_ptr(&fm, 0xE0000)[8]++;
    put_rsdp(&fm, 0xE0108, 0, 0x1000, 0);
    QCHECK_EQ(acpi_rsdp_scan(&m, &pa), QV_ERR_NOENT);
    put_rsdp(&fm, 0xFFFE0, 0, 0x1000, 0);
    QCHECK_EQ(acpi_rsdp_scan(&m, &pa), 0);
    QCHECK_EQ(pa, 0xFFFE0);
    /* A revision 2 RSDP whose extended part is corrupt is not accepted. */
    memset(fake_ptr(&fm, 0xFFFE0), 0, 20);
    put_rsdp(&fm, 0xF0000, 2, 0x1000, 0x2000);
    fake_ptr(&fm, 0xF0000)[30] = 0x55;
    QCHECK_EQ(acpi_rsdp_scan(&m, &pa), QV_ERR_NOENT);
    fake_free(&fm);

    /* Memory that does not even reach the BIOS area: nothing, no fault. */
    fake_init(&fm, 0, 0x1000);
    m = fake_acpi_mem(&fm);
    set_ebda(&fm, 0x9FC0);
    QCHECK_EQ(acpi_rsdp_scan(&m, &pa), QV_ERR_NOENT);
    fake_free(&fm);
}

QTEST(acpi_parse_seabios_pc)
{
    struct fake_mem fm;
    fake_init(&fm, 0, MEM_SIZE);
    struct fx_layout l = fx_qemu(&fm, RSDP_PA, TABLES_PA, FX_HPET, 2);
    QCHECK_EQ(parse_at(&fm, RSDP_PA), 0);
    QCHECK(!info.used_xsdt);
    QCHECK_EQ(info.rsdp.rsdt_pa, l.rsdt);
    QCHECK_EQ(info.ntables, 4); /* FACP APIC HPET + DSDT */
    QCHECK_EQ(info.nbad, 0);
    QCHECK_EQ(info.error[0], 0);
    const struct acpi_table_ref *t = acpi_find(&info, "APIC");
    QCHECK(t && t->pa == l.madt && t->checksum_ok && t->status == 0);
    QCHECK(t && strcmp(t->oem_id, "BOCHS ") == 0 && strcmp(t->oem_table_id, "BXPC    ") == 0);
    t = acpi_find(&info, "DSDT");
    QCHECK(t && t->pa == l.dsdt && t->status == 0 && t->length == 37);
    QCHECK(acpi_find(&info, "MCFG") == NULL);
    QCHECK(info.madt.present && info.fadt.present && info.hpet.present);
    QCHECK(!info.mcfg.present && !info.dmar.present && !info.ivrs.present);
    QCHECK_EQ(info.madt.ncpus, 2);
    fake_free(&fm);
}

QTEST(acpi_parse_prefers_xsdt)
{
    struct fake_mem fm;
    fake_init(&fm, 0, MEM_SIZE);
    struct fx_layout l = fx_qemu(&fm, RSDP_PA, TABLES_PA, FX_XSDT | FX_Q35, 1);
    /* Break the RSDT: it must not even be looked at. */
    fake_ptr(&fm, l.rsdt + 40)[0] ^= 0xFF;
    QCHECK_EQ(parse_at(&fm, RSDP_PA), 0);
    QCHECK(info.used_xsdt);
    QCHECK(!info.root_fallback);
    QCHECK(acpi_find(&info, "MCFG") != NULL);
    QCHECK_EQ(info.nbad, 0);
    fake_free(&fm);
}

QTEST(acpi_parse_xsdt_fallback_and_failure)
{
    struct fake_mem fm;
    fake_init(&fm, 0, MEM_SIZE);
    struct fx_layout l = fx_qemu(&fm, RSDP_PA, TABLES_PA, FX_XSDT | FX_Q35, 1);
    fake_ptr(&fm, l.xsdt + 36)[0] ^= 0x01; /* bad XSDT checksum */
    QCHECK_EQ(parse_at(&fm, RSDP_PA), 0);
    QCHECK(!info.used_xsdt);
    QCHECK(info.root_fallback);
    QCHECK(info.madt.present && info.mcfg.present);
    /* No RSDT to fall back to: the root is broken, the parse fails. */
    put_rsdp(&fm, RSDP_PA, 2, 0, l.xsdt);
    QCHECK_EQ(parse_at(&fm, RSDP_PA), QV_ERR_CHECKSUM);
    QCHECK(strstr(info.error, "XSDT") && strstr(info.error, "checksum"));
    QCHECK_EQ(info.ntables, 0);
    /* Neither root address at all. */
    put_rsdp(&fm, RSDP_PA, 2, 0, 0);
    QCHECK_EQ(parse_at(&fm, RSDP_PA), QV_ERR_CORRUPT);
    QCHECK(strstr(info.error, "RSDP") != NULL);
    fake_free(&fm);
}

QTEST(acpi_parse_bad_roots)
{
    struct fake_mem fm;
    fake_init(&fm, 0, MEM_SIZE);
    struct fx_layout l = fx_qemu(&fm, RSDP_PA, TABLES_PA, 0, 1);
    struct acpi_mem m = fake_acpi_mem(&fm);
    uint8_t *rsdt = fake_ptr(&fm, l.rsdt);

    rsdt[36] ^= 0x10;
    QCHECK_EQ(parse_at(&fm, RSDP_PA), QV_ERR_CHECKSUM);
    QCHECK(strstr(info.error, "RSDT") && strstr(info.error, "checksum"));
    rsdt[36] ^= 0x10;
    QCHECK_EQ(parse_at(&fm, RSDP_PA), 0);

    rsdt[4] = 35; /* shorter than a header */
    tb_refix(&fm, l.rsdt);
    QCHECK_EQ(parse_at(&fm, RSDP_PA), QV_ERR_CORRUPT);
    QCHECK(strstr(info.error, "RSDT") && strstr(info.error, "length"));
    rsdt[4] = 38; /* not a whole number of 4-byte entries */
    QCHECK_EQ(parse_at(&fm, RSDP_PA), QV_ERR_CORRUPT);
    rsdt[4] = 0; rsdt[6] = 0x10; /* 1 MiB: runs past the fake memory */
    QCHECK_EQ(parse_at(&fm, RSDP_PA), QV_ERR_FAULT);
    rsdt[6] = 0;
    put_root(&fm, l.rsdt, false, (uint64_t[]){l.fadt, l.madt}, 2);
    QCHECK_EQ(parse_at(&fm, RSDP_PA), 0);

    memcpy(rsdt, "RSDX", 4);
    tb_refix(&fm, l.rsdt);
    QCHECK_EQ(parse_at(&fm, RSDP_PA), QV_ERR_CORRUPT);
    QCHECK(strstr(info.error, "signature") != NULL);

    put_rsdp(&fm, RSDP_PA, 0, 0x7FFFFFF0, 0); /* outside memory */
    QCHECK_EQ(parse_at(&fm, RSDP_PA), QV_ERR_FAULT);
    QCHECK(strstr(info.error, "RSDT") != NULL);

    fake_ptr(&fm, RSDP_PA)[0] = 'X';
    QCHECK_EQ(parse_at(&fm, RSDP_PA), QV_ERR_CORRUPT);
    QCHECK_EQ(acpi_parse(&m, NULL, 0, &info), QV_ERR_TRUNCATED);
    QCHECK_EQ(acpi_parse(NULL, fake_ptr(&fm, RSDP_PA), 20, &info), QV_ERR_INVAL);
    fake_free(&fm);
}

QTEST(acpi_parse_leaf_bad_checksum_skipped)
{
    struct fake_mem fm;
    fake_init(&fm, 0, MEM_SIZE);
    struct fx_layout l = fx_qemu(&fm, RSDP_PA, TABLES_PA, FX_Q35 | FX_HPET, 4);
    fake_ptr(&fm, l.madt + 50)[0] ^= 0x04;
    QCHECK_EQ(parse_at(&fm, RSDP_PA), 0);
    const struct acpi_table_ref *t = acpi_find(&info, "APIC");
    QCHECK(t && !t->checksum_ok && t->status == QV_ERR_CHECKSUM);
    QCHECK(!info.madt.present);
    QCHECK_EQ(info.madt.ncpus, 0);
    QCHECK_EQ(info.nbad, 1);
    QCHECK(info.fadt.present && info.hpet.present && info.mcfg.present);
    fake_free(&fm);
}

QTEST(acpi_parse_leaf_headers_out_of_range)
{
    struct fake_mem fm;
    fake_init(&fm, 0, MEM_SIZE);
    struct fx_layout l = fx_qemu(&fm, RSDP_PA, TABLES_PA, FX_Q35, 1);
    uint64_t tail = MEM_SIZE - 40; /* header readable, body not */
    struct tb t = tb_begin(&fm, tail, "SSDT", 1);
    (void)t;
    fake_ptr(&fm, tail + 4)[0] = 0x80; /* length 128 runs off the end */
    uint64_t shorty = l.end + 16;
    t = tb_begin(&fm, shorty, "BGRT", 1);
    tb_end(&t);
    fake_ptr(&fm, shorty + 4)[0] = 20; /* length < header */
    uint64_t list[] = {l.fadt, 0xDEAD0000, 0, tail, shorty, l.madt, MEM_SIZE - 8};
    put_root(&fm, l.rsdt, false, list, 7);
    QCHECK_EQ(parse_at(&fm, RSDP_PA), 0);
    /* The null slot is skipped; the rest are recorded (+ DSDT). */
    QCHECK_EQ(info.ntables, 7);
    QCHECK_EQ(info.tables[1].pa, 0xDEAD0000);
    QCHECK_EQ(info.tables[1].status, QV_ERR_FAULT);
    QCHECK_EQ(info.tables[1].sig[0], 0);
    QCHECK(strcmp(info.tables[2].sig, "SSDT") == 0);
    QCHECK_EQ(info.tables[2].status, QV_ERR_FAULT);
    QCHECK(strcmp(info.tables[3].sig, "BGRT") == 0);
    QCHECK_EQ(info.tables[3].status, QV_ERR_CORRUPT);
    QCHECK_EQ(info.tables[5].status, QV_ERR_FAULT);
    QCHECK_EQ(info.nbad, 4);
    QCHECK(info.madt.present && info.fadt.present);
    fake_free(&fm);
}

QTEST(acpi_parse_table_limit_duplicates_dsdt)
{
    struct fake_mem fm;
    fake_init(&fm, 0, MEM_SIZE);
    struct fx_layout l = fx_qemu(&fm, RSDP_PA, TABLES_PA, FX_Q35, 3);
    uint64_t list[ACPI_MAX_TABLES + 6];
    uint64_t madt2 = l.end + 0x100;
    struct tb t = tb_begin(&fm, madt2, "APIC", 1);
    tb_u32(&t, 0xFEE00000); tb_u32(&t, 0);
    tb_end(&t);
    list[0] = l.fadt;
    list[1] = l.madt;
    list[2] = madt2; /* a second MADT is ignored, not merged */
    for (size_t i = 3; i < ARRAY_SIZE(list); i++)
        list[i] = l.mcfg;
    put_root(&fm, l.end + 0x1000, false, list, (int)ARRAY_SIZE(list));
    put_rsdp(&fm, RSDP_PA, 0, (uint32_t)(l.end + 0x1000), 0);
    QCHECK_EQ(parse_at(&fm, RSDP_PA), 0);
    QCHECK_EQ(info.ntables, ACPI_MAX_TABLES);
    QCHECK_EQ(info.ntables_dropped, 7); /* 6 beyond the limit + the DSDT */
    QCHECK_EQ(info.madt.ncpus, 3);
    QCHECK_EQ(info.tables[2].status, 0);

    /* FADT.DSDT pointing at something that is not a DSDT. */
    put_root(&fm, l.rsdt, false, (uint64_t[]){l.fadt}, 1);
    memcpy(fake_ptr(&fm, l.dsdt), "SSDT", 4);
    tb_refix(&fm, l.dsdt);
    put_rsdp(&fm, RSDP_PA, 0, (uint32_t)l.rsdt, 0);
    QCHECK_EQ(parse_at(&fm, RSDP_PA), 0);
    QCHECK_EQ(info.ntables, 2);
    QCHECK_EQ(info.tables[1].pa, l.dsdt);
    QCHECK_EQ(info.tables[1].status, QV_ERR_CORRUPT);
    fake_free(&fm);
}

QTEST(acpi_discover_q35_full)
{
    struct fake_mem fm;
    fake_init(&fm, 0, MEM_SIZE);
    struct acpi_mem m = fake_acpi_mem(&fm);
    fx_qemu(&fm, 0xF0010, TABLES_PA, FX_XSDT | FX_Q35 | FX_HPET | FX_DMAR | FX_IVRS, 4);
    QCHECK_EQ(acpi_discover(&m, &info), 0);
    QCHECK(info.used_xsdt);
    QCHECK_EQ(info.ntables, 7);
    QCHECK_EQ(info.nbad, 0);
    QCHECK(info.madt.present && info.fadt.present && info.mcfg.present &&
           info.hpet.present && info.dmar.present && info.ivrs.present);
    acpi_print_summary(&info);
    /* Nothing in the search areas. */
    memset(fake_ptr(&fm, 0xF0010), 0, 36);
    QCHECK_EQ(acpi_discover(&m, &info), QV_ERR_NOENT);
    QCHECK(strstr(info.error, "RSDP") != NULL);
    fake_free(&fm);
}
