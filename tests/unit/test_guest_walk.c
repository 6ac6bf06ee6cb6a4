/* core/exit/guest_walk: hand-built guest page tables in a fake guest RAM, for
 * every paging mode, page size, access check and reserved-bit rule. Expected
 * addresses and error codes are worked out from SDM vol. 3A ch. 4. */
#include <string.h>
#include "qtest.h"
#include "core/exit/guest_walk.h"
#include "lib/errors.h"

#define RAM_SIZE 0x100000u

struct fake_ram {
    uint8_t b[RAM_SIZE];
    unsigned writes;
};
static struct fake_ram ram;

static int f_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
    struct fake_ram *r = ctx;
    if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
        return QV_ERR_FAULT;
    memcpy(buf, r->b + gpa, len);
    return 0;
}

static int f_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
    struct fake_ram *r = ctx;
    if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
        return QV_ERR_FAULT;
    memcpy(r->b + gpa, buf, len);
    r->writes++;
    return 0;
}

static struct guest_mem_ops ops(bool ad)
{
    struct guest_mem_ops m = { .read_gpa = f_read, .write_gpa = ad ? f_write : NULL, .ctx = &ram };
    return m;
}

static void put64(uint64_t gpa, uint64_t v) { memcpy(ram.b + gpa, &v, 8); }
static void put32(uint64_t gpa, uint32_t v) { memcpy(ram.b + gpa, &v, 4); }
static uint64_t get64(uint64_t gpa) { uint64_t v; memcpy(&v, ram.b + gpa, 8); return v; }
static uint32_t get32(uint64_t gpa) { uint32_t v; memcpy(&v, ram.b + gpa, 4); return v; }

#define P 0x1u
#define RW 0x2u
#define US 0x4u
#define A 0x20u
#define D 0x40u
#define PS 0x80u
#define XD (1ull << 63)

#define CR0_PG (1ull << 31)
#define CR0_WP (1ull << 16)
#define CR4_PSE (1ull << 4)
#define CR4_PAE (1ull << 5)
#define CR4_LA57 (1ull << 12)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)

static void reset(void) { memset(&ram, 0, sizeof ram); }

/* Run a walk and return rc; *gpa / *pfec receive the results. */
static int walk(const struct vcpu_sregs *s, uint64_t la, unsigned acc, uint64_t *gpa, uint32_t *pfec, bool ad)
{
    struct guest_mem_ops m = ops(ad);
    *gpa = 0xdead;
    return guest_walk(&m, s, la, acc, gpa, pfec);
}

/* Long mode tables: PML4 0x10000, PDPT 0x11000, PD 0x12000, PT 0x13000. */
enum { PML4 = 0x10000, PDPT = 0x11000, PD = 0x12000, PT = 0x13000 };
static uint64_t ix(uint64_t la, unsigned shift) { return (la >> shift) & 511; }

static void lm_map(uint64_t la, unsigned level_shift, uint64_t pa, uint64_t leaf, uint64_t upper)
{
    put64(PML4 + ix(la, 39) * 8, PDPT | upper);
    if (level_shift == 30) { put64(PDPT + ix(la, 30) * 8, pa | leaf | PS); return; }
    put64(PDPT + ix(la, 30) * 8, PD | upper);
    if (level_shift == 21) { put64(PD + ix(la, 21) * 8, pa | leaf | PS); return; }
    put64(PD + ix(la, 21) * 8, PT | upper);
    put64(PT + ix(la, 12) * 8, pa | leaf);
}

static struct vcpu_sregs lm_sregs(void)
{
    struct vcpu_sregs s = { 0 };
    s.cr0 = CR0_PG | CR0_WP | 1;
    s.cr4 = CR4_PAE;
    s.efer = EFER_LMA | EFER_NXE | (1u << 8);
    s.cr3 = PML4;
    return s;
}

QTEST(gw_paging_off)
{
    struct vcpu_sregs s = { 0 };
    uint64_t gpa;
    uint32_t pfec = 77;
    reset();
    QCHECK_EQ(walk(&s, 0x1234567890ull, GW_WRITE, &gpa, &pfec, true), 0);
    QCHECK_EQ(gpa, 0x34567890u); /* 32-bit linear addresses outside long mode */
    QCHECK_EQ(pfec, 0);
    QCHECK_EQ(ram.writes, 0u);
}

QTEST(gw_long_4k_and_ad_bits)
{
    struct vcpu_sregs s = lm_sregs();
    uint64_t la = 0x00007f1234567abcull, gpa;
    uint32_t pfec;
    reset();
    lm_map(la, 12, 0xabcde000ull, P | RW | US, P | RW | US);
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, true), 0);
    QCHECK_EQ(gpa, 0xabcdeabcull);
    /* A on every level, no D for a read (SDM §4.8). */
    QCHECK_EQ(get64(PML4 + ix(la, 39) * 8) & (A | D), A);
    QCHECK_EQ(get64(PDPT + ix(la, 30) * 8) & (A | D), A);
    QCHECK_EQ(get64(PD + ix(la, 21) * 8) & (A | D), A);
    QCHECK_EQ(get64(PT + ix(la, 12) * 8) & (A | D), A);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, true), 0);
    QCHECK_EQ(get64(PT + ix(la, 12) * 8) & (A | D), A | D);
    QCHECK_EQ(get64(PD + ix(la, 21) * 8) & D, 0); /* D only on the leaf */
    unsigned w = ram.writes;
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, true), 0);
    QCHECK_EQ(ram.writes, w); /* already set: no writes */
    /* Without write_gpa nothing is written. */
    reset();
    lm_map(la, 12, 0xabcde000ull, P | RW | US, P | RW | US);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, false), 0);
    QCHECK_EQ(ram.writes, 0u);
    QCHECK_EQ(get64(PT + ix(la, 12) * 8) & (A | D), 0);
}

QTEST(gw_long_large_pages)
{
    struct vcpu_sregs s = lm_sregs();
    uint64_t gpa;
    uint32_t pfec;
    reset();
    uint64_t la2 = 0xffff800000400000ull + 0x12345;
    lm_map(la2, 21, 0x40000000ull + 0x200000, P | RW, P | RW);
    QCHECK_EQ(walk(&s, la2, GW_WRITE, &gpa, &pfec, true), 0);
    QCHECK_EQ(gpa, 0x40212345ull);
    QCHECK_EQ(get64(PD + ix(la2, 21) * 8) & (A | D), A | D);
    reset();
    uint64_t la1 = 0x0000004080000000ull + 0x3456789;
    lm_map(la1, 30, 0x3c0000000ull, P, P | RW | US);
    QCHECK_EQ(walk(&s, la1, GW_READ, &gpa, &pfec, true), 0);
    QCHECK_EQ(gpa, 0x3c3456789ull);
    /* Bits 29:13 of a 1 GiB PDPTE are reserved. */
    put64(PDPT + ix(la1, 30) * 8, 0x3c0000000ull | P | PS | (1u << 13));
    QCHECK_EQ(walk(&s, la1, GW_READ, &gpa, &pfec, true), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD);
    /* Bits 20:13 of a 2 MiB PDE are reserved. */
    reset();
    lm_map(la2, 21, 0x200000ull | (1u << 20), P | RW, P | RW);
    QCHECK_EQ(walk(&s, la2, GW_WRITE, &gpa, &pfec, true), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD | PFEC_W);
    QCHECK_EQ(ram.writes, 0u); /* no A/D on a faulting walk */
}

QTEST(gw_long_reserved_bits)
{
    struct vcpu_sregs s = lm_sregs();
    uint64_t la = 0x1000, gpa;
    uint32_t pfec;
    struct guest_mem_ops m = ops(false);
    reset();
    lm_map(la, 12, 0xfff0000000ull, P | RW, P | RW); /* bit 39 set: fine below MAXPHYADDR 48 */
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), 0);
    QCHECK_EQ(gpa, 0xfff0000000ull);
    m.maxphyaddr = 39; /* now bit 39 is reserved */
    QCHECK_EQ(guest_walk(&m, &s, la, GW_READ, &gpa, &pfec), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD);
    m.maxphyaddr = 40;
    QCHECK_EQ(guest_walk(&m, &s, la, GW_READ, &gpa, &pfec), 0);
    /* PS in a PML4E is reserved. */
    put64(PML4, PDPT | P | RW | PS);
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD);
    put64(PML4, PDPT | P | RW);
    /* XD is reserved when EFER.NXE = 0, and honoured when it is 1. */
    put64(PT + 8, 0x5000 | P | RW | XD);
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), 0);
    QCHECK_EQ(walk(&s, la, GW_FETCH, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_ID);
    s.efer &= ~EFER_NXE;
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD);
    /* Fetch fault without NXE/SMEP: I/D is not reported (APM vol. 2 §8.4.2). */
    QCHECK_EQ(walk(&s, la, GW_FETCH, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD);
}

QTEST(gw_long_not_present_and_modes)
{
    struct vcpu_sregs s = lm_sregs();
    uint64_t gpa;
    uint32_t pfec;
    reset();
    QCHECK_EQ(walk(&s, 0x5000, GW_WRITE | GW_USER, &gpa, &pfec, true), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_W | PFEC_U);
    QCHECK_EQ(walk(&s, 0x5000, GW_FETCH, &gpa, &pfec, true), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_ID);
    lm_map(0x5000, 12, 0x7000, 0, P | RW); /* leaf not present */
    QCHECK_EQ(walk(&s, 0x5000, GW_READ, &gpa, &pfec, true), QV_ERR_FAULT);
    QCHECK_EQ(pfec, 0);
    QCHECK_EQ(walk(&s, 0x0000800000000000ull, GW_READ, &gpa, &pfec, true), QV_ERR_INVAL);
    QCHECK_EQ(pfec, 0);
    s.cr4 |= CR4_LA57;
    QCHECK_EQ(walk(&s, 0x5000, GW_READ, &gpa, &pfec, true), QV_ERR_UNSUPPORTED);
    s.cr4 &= ~CR4_LA57;
    /* A table outside guest RAM stops the VM rather than faulting the guest. */
    put64(PML4, 0x7ff000000ull | P | RW);
    QCHECK_EQ(walk(&s, 0x5000, GW_READ, &gpa, &pfec, true), QV_ERR_IO);
}

QTEST(gw_access_rights)
{
    struct vcpu_sregs s = lm_sregs();
    uint64_t la = 0x200000, gpa;
    uint32_t pfec;
    reset();
    /* Supervisor page: user read faults with P|U. */
    lm_map(la, 12, 0x9000, P | RW, P | RW | US);
    QCHECK_EQ(walk(&s, la, GW_READ | GW_USER, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_U);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, false), 0);
    /* U/S must be set at every level: PTE US but PDE not. */
    lm_map(la, 12, 0x9000, P | RW | US, P | RW | US);
    put64(PD + ix(la, 21) * 8, PT | P | RW);
    QCHECK_EQ(walk(&s, la, GW_READ | GW_USER, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_U);
    /* Read-only page: user write faults regardless of WP; supervisor write
     * faults only with CR0.WP (SDM §4.6.1). */
    lm_map(la, 12, 0x9000, P | US, P | RW | US);
    QCHECK_EQ(walk(&s, la, GW_READ | GW_USER, &gpa, &pfec, false), 0);
    QCHECK_EQ(gpa, 0x9000u);
    QCHECK_EQ(walk(&s, la, GW_WRITE | GW_USER, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_W | PFEC_U);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_W);
    s.cr0 &= ~CR0_WP;
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, false), 0);
    s.cr0 &= ~CR0_WP;
    QCHECK_EQ(walk(&s, la, GW_WRITE | GW_USER, &gpa, &pfec, false), QV_ERR_FAULT);
    s.cr0 |= CR0_WP;
    /* Read-only at an upper level only. */
    lm_map(la, 12, 0x9000, P | RW | US, P | RW | US);
    put64(PDPT + ix(la, 30) * 8, PD | P | US);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_W);
    /* XD at an upper level forbids fetches from user and supervisor. */
    lm_map(la, 12, 0x9000, P | RW | US, P | RW | US);
    put64(PML4 + ix(la, 39) * 8, PDPT | P | RW | US | XD);
    QCHECK_EQ(walk(&s, la, GW_FETCH | GW_USER, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_U | PFEC_ID);
    QCHECK_EQ(walk(&s, la, GW_READ | GW_USER, &gpa, &pfec, false), 0);
}

QTEST(gw_smep_smap)
{
    struct vcpu_sregs s = lm_sregs();
    uint64_t la = 0x400000, gpa;
    uint32_t pfec;
    reset();
    lm_map(la, 12, 0xa000, P | RW | US, P | RW | US);
    QCHECK_EQ(walk(&s, la, GW_FETCH, &gpa, &pfec, false), 0);
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), 0);
    s.cr4 |= CR4_SMEP;
    s.efer &= ~EFER_NXE;
    QCHECK_EQ(walk(&s, la, GW_FETCH, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_ID); /* I/D reported because SMEP is on */
    QCHECK_EQ(walk(&s, la, GW_FETCH | GW_USER, &gpa, &pfec, false), 0);
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), 0); /* SMEP is about fetches only */
    s.cr4 |= CR4_SMAP;
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_W);
    QCHECK_EQ(walk(&s, la, GW_READ | GW_AC, &gpa, &pfec, false), 0);
    QCHECK_EQ(walk(&s, la, GW_READ | GW_USER, &gpa, &pfec, false), 0);
    /* Supervisor pages are unaffected by SMEP/SMAP. */
    put64(PT + ix(la, 12) * 8, 0xa000 | P | RW);
    QCHECK_EQ(walk(&s, la, GW_FETCH, &gpa, &pfec, false), 0);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, false), 0);
}

/* 32-bit paging: PD at 0x1000, PT at 0x2000. */
static struct vcpu_sregs legacy_sregs(void)
{
    struct vcpu_sregs s = { 0 };
    s.cr0 = CR0_PG | CR0_WP | 1;
    s.cr3 = 0x1000;
    return s;
}

QTEST(gw_32bit_4k)
{
    struct vcpu_sregs s = legacy_sregs();
    uint64_t gpa;
    uint32_t pfec;
    uint32_t la = 0x00403123; /* PDE 1, PTE 3 */
    reset();
    put32(0x1000 + 1 * 4, 0x2000 | P | RW | US);
    put32(0x2000 + 3 * 4, 0x55000 | P | RW | US);
    QCHECK_EQ(walk(&s, 0xffffffff00000000ull | la, GW_WRITE | GW_USER, &gpa, &pfec, true), 0);
    QCHECK_EQ(gpa, 0x55123u);
    QCHECK_EQ(get32(0x1004) & (A | D), A);
    QCHECK_EQ(get32(0x200c) & (A | D), A | D);
    /* PS without CR4.PSE is ignored: the PDE still points to a page table. */
    put32(0x1004, 0x2000 | P | RW | US | PS);
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), 0);
    QCHECK_EQ(gpa, 0x55123u);
    /* Protection and presence. */
    put32(0x200c, 0x55000 | P | US);
    QCHECK_EQ(walk(&s, la, GW_WRITE | GW_USER, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_W | PFEC_U);
    put32(0x200c, 0);
    QCHECK_EQ(walk(&s, la, GW_FETCH, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, 0u);
    put32(0x1004, 0);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_W);
}

QTEST(gw_32bit_4m_pse36)
{
    struct vcpu_sregs s = legacy_sregs();
    uint64_t gpa;
    uint32_t pfec;
    struct guest_mem_ops m = ops(true);
    uint32_t la = 0x00C12345; /* PDE 3, offset 0x12345 */
    reset();
    s.cr4 = CR4_PSE;
    put32(0x1000 + 3 * 4, 0x00C00000u | (0x3u << 13) | P | RW | PS);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, true), 0);
    QCHECK_EQ(gpa, 0x300C12345ull); /* PSE-36: PDE bits 20:13 give PA bits 39:32 */
    QCHECK_EQ(get32(0x100c) & (A | D), A | D);
    /* Bit 21 is always reserved. */
    put32(0x100c, 0x00C00000u | (1u << 21) | P | RW | PS);
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, true), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD);
    /* With MAXPHYADDR 36 only PDE bits 16:13 are address; bit 17 is reserved. */
    put32(0x100c, 0x00C00000u | (0x10u << 13) | P | RW | PS);
    QCHECK_EQ(guest_walk(&m, &s, la, GW_READ, &gpa, &pfec), 0);
    QCHECK_EQ(gpa, 0x1000C12345ull);
    m.maxphyaddr = 36;
    QCHECK_EQ(guest_walk(&m, &s, la, GW_READ | GW_USER, &gpa, &pfec), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD | PFEC_U);
    put32(0x100c, 0x00C00000u | (0xfu << 13) | P | RW | PS);
    QCHECK_EQ(guest_walk(&m, &s, la, GW_READ, &gpa, &pfec), 0);
    QCHECK_EQ(gpa, 0xF00C12345ull);
    /* Supervisor-only large page. */
    QCHECK_EQ(guest_walk(&m, &s, la, GW_READ | GW_USER, &gpa, &pfec), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_U);
}

/* PAE: PDPT at 0x3020 (32-byte aligned), PD at 0x4000, PT at 0x5000. */
QTEST(gw_pae)
{
    struct vcpu_sregs s = legacy_sregs();
    uint64_t gpa;
    uint32_t pfec;
    uint32_t la = 0x40603abc; /* PDPTE 1, PDE 3, PTE 3 */
    reset();
    s.cr4 = CR4_PAE;
    s.cr3 = 0x3020;
    s.efer = EFER_NXE;
    put64(0x3020 + 8, 0x4000 | P);
    put64(0x4000 + 3 * 8, 0x5000 | P | RW | US);
    put64(0x5000 + 3 * 8, 0x123456000ull | P | RW | US | XD);
    QCHECK_EQ(walk(&s, la, GW_WRITE | GW_USER, &gpa, &pfec, true), 0);
    QCHECK_EQ(gpa, 0x123456abcull);
    QCHECK_EQ(get64(0x3028), 0x4000u | P); /* PDPTEs have no A bit in PAE mode */
    QCHECK_EQ(get64(0x4018) & (A | D), A);
    QCHECK_EQ(get64(0x5018) & (A | D), A | D);
    QCHECK_EQ(walk(&s, la, GW_FETCH | GW_USER, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_U | PFEC_ID);
    /* 2 MiB page. */
    put64(0x4000 + 3 * 8, 0x7fe00000ull | P | RW | PS);
    QCHECK_EQ(walk(&s, la, GW_FETCH, &gpa, &pfec, false), 0);
    QCHECK_EQ(gpa, 0x7fe03abcull);
    /* XD reserved without NXE, also in PAE. */
    s.efer = 0;
    put64(0x4000 + 3 * 8, 0x7fe00000ull | P | RW | PS | XD);
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD);
    /* Reserved bits in a PDPTE (R/W position) and not-present PDPTE. */
    put64(0x4000 + 3 * 8, 0x7fe00000ull | P | RW | PS);
    put64(0x3028, 0x4000 | P | RW);
    QCHECK_EQ(walk(&s, la, GW_READ, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_P | PFEC_RSVD);
    put64(0x3028, 0x4000);
    QCHECK_EQ(walk(&s, la, GW_WRITE, &gpa, &pfec, false), QV_ERR_FAULT);
    QCHECK_EQ(pfec, PFEC_W);
    /* Linear addresses are 32-bit: upper bits are ignored. */
    put64(0x3028, 0x4000 | P);
    QCHECK_EQ(walk(&s, 0xabcd00000000ull | la, GW_READ, &gpa, &pfec, false), 0);
    QCHECK_EQ(gpa, 0x7fe03abcull);
}

/* ---- guest_access helpers on top of the walker ---- */
#include "core/exit/guest_access.h"

QTEST(ga_code_mode)
{
    struct vcpu_sregs s = { 0 };
    QCHECK_EQ(guest_code_mode(&s), INSN_MODE_16);
    s.cr0 = 1;
    QCHECK_EQ(guest_code_mode(&s), INSN_MODE_16);
    s.cs.attrib = 0xC9B; /* D = 1 */
    QCHECK_EQ(guest_code_mode(&s), INSN_MODE_32);
    s.efer = EFER_LMA;
    QCHECK_EQ(guest_code_mode(&s), INSN_MODE_32); /* compatibility mode */
    s.cs.attrib = 0x29B; /* L = 1 */
    QCHECK_EQ(guest_code_mode(&s), INSN_MODE_64);
    QCHECK_EQ(guest_access_user(&s), 0u);
    s.cpl = 3;
    QCHECK_EQ(guest_access_user(&s), GW_USER);
}

QTEST(ga_read_write_across_pages)
{
    struct vcpu_sregs s = lm_sregs();
    struct guest_mem_ops m = ops(true);
    struct guest_exception exc = { 0 };
    uint8_t buf[8], out[8];
    reset();
    /* Linear 0x400000 -> 0x30000, 0x401000 -> 0x20000 (not contiguous). */
    lm_map(0x400000, 12, 0x30000, P | RW, P | RW);
    put64(PT + 1 * 8, 0x20000 | P | RW);
    for (unsigned i = 0; i < 8; i++)
        buf[i] = (uint8_t)(0xA0 + i);
    QCHECK_EQ(guest_write_linear(&m, &s, 0x400ffd, buf, 8, 0, &exc), 0);
    QCHECK_MEM(ram.b + 0x30ffd, buf, 3);
    QCHECK_MEM(ram.b + 0x20000, buf + 3, 5);
    QCHECK_EQ(guest_read_linear(&m, &s, 0x400ffd, out, 8, 0, &exc), 0);
    QCHECK_MEM(out, buf, 8);
    /* Second page read-only: the write faults on it and writes nothing. */
    put64(PT + 1 * 8, 0x20000 | P);
    memset(buf, 0x55, sizeof buf);
    QCHECK_EQ(guest_write_linear(&m, &s, 0x400ffd, buf, 8, 0, &exc), QV_ERR_FAULT);
    QCHECK_EQ(exc.vector, GX_PF);
    QCHECK_EQ(exc.error, PFEC_P | PFEC_W);
    QCHECK_EQ(exc.cr2, 0x401000u);
    QCHECK_EQ(ram.b[0x30ffd], 0xA0);
    QCHECK_EQ(guest_read_linear(&m, &s, 0x400ffd, out, 8, GW_USER, &exc), QV_ERR_FAULT);
    QCHECK_EQ(exc.error, PFEC_P | PFEC_U);
    QCHECK_EQ(exc.cr2, 0x400ffdu);
    /* Non-canonical: #GP(0). */
    QCHECK_EQ(guest_read_linear(&m, &s, 0x8000000000000000ull, out, 1, 0, &exc), QV_ERR_FAULT);
    QCHECK_EQ(exc.vector, GX_GP);
    /* Without write_gpa nothing can be written. */
    m.write_gpa = NULL;
    QCHECK_EQ(guest_write_linear(&m, &s, 0x400000, buf, 1, 0, &exc), QV_ERR_IO);
}

QTEST(ga_fetch_code)
{
    struct vcpu_sregs s = lm_sregs();
    struct guest_mem_ops m = ops(false);
    struct guest_exception exc;
    uint8_t buf[15];
    size_t got;
    reset();
    lm_map(0x600000, 12, 0x40000, P | RW | US, P | RW | US);
    memcpy(ram.b + 0x40ffa, "\x0f\x01\xd9\x90\x90\x90", 6);
    /* Next page not present: 6 bytes come back, #PF pending. */
    QCHECK_EQ(guest_fetch_code(&m, &s, 0x600ffa, buf, sizeof buf, &got, &exc), 0);
    QCHECK_EQ(got, 6u);
    QCHECK_EQ(exc.vector, GX_PF);
    QCHECK_EQ(exc.cr2, 0x601000u);
    QCHECK_EQ(exc.error, PFEC_ID); /* EFER.NXE is set in lm_sregs */
    QCHECK_MEM(buf, "\x0f\x01\xd9", 3);
    /* Map it: 15 bytes across the boundary. */
    put64(PT + 1 * 8, 0x41000 | P | US);
    ram.b[0x41000] = 0xf4;
    QCHECK_EQ(guest_fetch_code(&m, &s, 0x600ffa, buf, sizeof buf, &got, &exc), 0);
    QCHECK_EQ(got, 15u);
    QCHECK_EQ(exc.vector, 0);
    QCHECK_EQ(buf[6], 0xf4);
    /* First byte unreachable: the fault is returned; CPL 3 sets U. */
    s.cpl = 3;
    QCHECK_EQ(guest_fetch_code(&m, &s, 0x602000, buf, sizeof buf, &got, &exc), QV_ERR_FAULT);
    QCHECK_EQ(got, 0u);
    QCHECK_EQ(exc.error, PFEC_U | PFEC_ID);
    /* Outside 64-bit mode the CS base is added and the address wraps. */
    struct vcpu_sregs r = { 0 };
    r.cs.base = 0x40000;
    r.cs.limit = 0xFFFF;
    QCHECK_EQ(guest_fetch_code(&m, &r, 0xffa, buf, 4, &got, &exc), 0);
    QCHECK_EQ(got, 4u);
    QCHECK_MEM(buf, "\x0f\x01\xd9\x90", 4);
}
