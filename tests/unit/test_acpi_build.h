/* Synthetic ACPI tables for host tests, fuzz seeds: a fake physical memory
 * (buffer at a base address) and a small table writer that fixes lengths and
 * checksums. Host-only (uses libc). */
#ifndef TEST_ACPI_BUILD_H
#define TEST_ACPI_BUILD_H
#include <stdint.h>
#include "core/acpi/acpi.h"

struct fake_mem {
    uint8_t *buf;
    uint64_t base;
    size_t size;
};

void fake_init(struct fake_mem *fm, uint64_t base, size_t size);
void fake_free(struct fake_mem *fm);
/* Pointer to pa inside the fake memory (aborts when out of range: test bug). */
uint8_t *fake_ptr(struct fake_mem *fm, uint64_t pa);
/* The acpi_mem map callback: NULL unless [pa, pa+len) lies inside. */
const void *fake_map(void *ctx, uint64_t pa, size_t len);
struct acpi_mem fake_acpi_mem(struct fake_mem *fm);

/* Sets byte csum_off of [p, p+len) so the bytes sum to 0. */
void acpi_fix_checksum(uint8_t *p, size_t len, size_t csum_off);

/* Table writer: tb_begin writes a header at pa; tb_end sets length/checksum. */
struct tb {
    struct fake_mem *fm;
    uint64_t pa;
    uint32_t len;
};
struct tb tb_begin(struct fake_mem *fm, uint64_t pa, const char *sig, uint8_t rev);
void tb_u8(struct tb *t, uint8_t v);
void tb_u16(struct tb *t, uint16_t v);
void tb_u32(struct tb *t, uint32_t v);
void tb_u64(struct tb *t, uint64_t v);
void tb_zero(struct tb *t, uint32_t n);
void tb_gas(struct tb *t, uint8_t space, uint8_t width, uint8_t offset, uint8_t access,
            uint64_t addr);
uint32_t tb_end(struct tb *t);
/* Re-fix the checksum of the table at pa after a test modified it. */
void tb_refix(struct fake_mem *fm, uint64_t pa);

/* RSDP revision 0 (20 bytes) or 2 (36 bytes) at pa. */
void put_rsdp(struct fake_mem *fm, uint64_t pa, uint8_t rev, uint32_t rsdt, uint64_t xsdt);
/* RSDT (4-byte entries) or XSDT (8-byte entries) listing pas[0..n). */
uint32_t put_root(struct fake_mem *fm, uint64_t pa, bool xsdt, const uint64_t *pas, int n);

/* A machine laid out like QEMU's generated tables. */
enum {
    FX_XSDT = 1 << 0,  /* RSDP rev 2 + XSDT (and RSDT); else rev 0 + RSDT (SeaBIOS) */
    FX_Q35 = 1 << 1,   /* q35: MCFG, rev 3 FADT; else pc: rev 1 short FADT */
    FX_DMAR = 1 << 2,  /* -device intel-iommu,intremap=on */
    FX_IVRS = 1 << 3,  /* -device amd-iommu */
    FX_HPET = 1 << 4,
};
struct fx_layout {
    uint64_t rsdp, rsdt, xsdt, madt, fadt, dsdt, facs, mcfg, hpet, dmar, ivrs, end;
};
/* Writes the RSDP at rsdp_pa and the tables from tables_pa on (packed, so
 * most tables are unaligned); returns where everything went. */
struct fx_layout fx_qemu(struct fake_mem *fm, uint64_t rsdp_pa, uint64_t tables_pa,
                         unsigned flags, int ncpus);

#endif
