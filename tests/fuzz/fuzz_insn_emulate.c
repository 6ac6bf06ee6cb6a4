/* libFuzzer target for core/exit/insn_emulate: random instruction bytes and
 * random registers/segments, in any mode, against a fake MMIO page, fake
 * guest RAM and fake ports, with and without a fault address.
 * Checks: no crash or out-of-bounds access; device accesses stay inside the
 * faulting page; the amount of work per call is bounded; an error other
 * than a guest fault leaves the registers untouched; a fault carries #GP,
 * #SS or #PF; a non-string success advances RIP by the length.
 * In "paged" runs the guest RAM image is the input's tail (instruction bytes
 * included), the guest's own page tables in it are walked with guest_walk()
 * and memory goes through guest_read_linear()/guest_write_linear(); the
 * walker is also checked directly (deterministic, error-code bits coherent
 * with the access, A/D updates never change a translation).
 * Input: mode byte (bit 4 paged, bit 5 PAE/PSE, bit 6 NXE+SMEP+SMAP, bit 7
 * CPL 3), flags byte, 2 bytes fault offset (bits 15:12 pick CR3), 18 x 8
 * bytes of registers, 8 bytes of segment base, then the instruction bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/exit/insn_emulate.h"
#include "lib/errors.h"

#define CHECK(c)                                                                       \
    do {                                                                               \
        if (!(c)) {                                                                    \
            fprintf(stderr, "fuzz_insn_emulate: %s:%d: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                                   \
        }                                                                              \
    } while (0)

#define DEV_GPA 0xFEE00000ull
#define DEV_LA 0x7000ull
#define RAM_SIZE 0x10000u

static uint8_t dev[4096];
static uint8_t ram[RAM_SIZE];
static unsigned accesses;
static uint64_t fault_page;

static bool paged;
static struct vcpu_sregs cur_s;

static int g_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
    (void)ctx;
    if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
        return QV_ERR_FAULT;
    memcpy(buf, ram + gpa, len);
    return 0;
}

static int g_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
    (void)ctx;
    if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
        return QV_ERR_FAULT;
    memcpy(ram + gpa, buf, len);
    return 0;
}

static const struct guest_mem_ops gmem = { .read_gpa = g_read, .write_gpa = g_write };

static int pf(uint64_t la, struct guest_exception *exc)
{
    exc->vector = GX_PF;
    exc->has_error = true;
    exc->error = 0;
    exc->cr2 = la;
    return QV_ERR_FAULT;
}

static int f_mmio_read(void *ctx, uint64_t gpa, unsigned size, uint64_t *val)
{
    (void)ctx;
    CHECK(size >= 1 && size <= 8);
    CHECK((gpa & ~0xFFFull) == fault_page && (gpa & 0xFFF) + size <= 4096);
    uint64_t v = 0;
    memcpy(&v, dev + (gpa & 0xFFF), size);
    *val = v;
    accesses++;
    return 0;
}

static int f_mmio_write(void *ctx, uint64_t gpa, unsigned size, uint64_t val)
{
    (void)ctx;
    CHECK(size >= 1 && size <= 8);
    CHECK((gpa & ~0xFFFull) == fault_page && (gpa & 0xFFF) + size <= 4096);
    CHECK(size == 8 || (val >> (8 * size)) == 0);
    memcpy(dev + (gpa & 0xFFF), &val, size);
    accesses++;
    return 0;
}

static int f_pio_in(void *ctx, uint16_t port, unsigned size, uint32_t *val)
{
    (void)ctx;
    CHECK(size == 1 || size == 2 || size == 4);
    *val = (uint32_t)port * 0x01010101u;
    if (size < 4)
        *val &= (1u << (8 * size)) - 1;
    accesses++;
    return port == 0xDEAD ? QV_ERR_IO : 0;
}

static int f_pio_out(void *ctx, uint16_t port, unsigned size, uint32_t val)
{
    (void)ctx;
    (void)port;
    CHECK(size == 1 || size == 2 || size == 4);
    CHECK(size == 4 || (val >> (8 * size)) == 0);
    accesses++;
    return 0;
}

static int f_mem_read(void *ctx, uint64_t la, void *buf, unsigned size, struct guest_exception *exc)
{
    (void)ctx;
    CHECK(size >= 1 && size <= 8);
    if (paged)
        return guest_read_linear(&gmem, &cur_s, la, buf, size, guest_access_user(&cur_s), exc);
    if (la >= RAM_SIZE || size > RAM_SIZE - la)
        return pf(la, exc);
    memcpy(buf, ram + la, size);
    accesses++;
    return 0;
}

static int f_mem_write(void *ctx, uint64_t la, const void *buf, unsigned size, struct guest_exception *exc)
{
    (void)ctx;
    CHECK(size >= 1 && size <= 8);
    if (paged)
        return guest_write_linear(&gmem, &cur_s, la, buf, size, guest_access_user(&cur_s), exc);
    if (la >= RAM_SIZE || size > RAM_SIZE - la)
        return pf(la, exc);
    memcpy(ram + la, buf, size);
    accesses++;
    return 0;
}

static int f_translate(void *ctx, uint64_t la, unsigned access, uint64_t *gpa, struct guest_exception *exc)
{
    (void)ctx;
    if (paged) {
        uint32_t pfec;
        int rc = guest_walk(&gmem, &cur_s, la, access | guest_access_user(&cur_s), gpa, &pfec);
        if (rc == QV_ERR_FAULT)
            return pf(la, exc);
        if (rc == QV_ERR_INVAL) {
            exc->vector = GX_GP;
            return QV_ERR_FAULT;
        }
        return rc;
    }
    (void)access;
    if ((la & ~0xFFFull) == DEV_LA) {
        *gpa = DEV_GPA | (la & 0xFFF);
        return 0;
    }
    if (la >= RAM_SIZE)
        return pf(la, exc);
    *gpa = la;
    return 0;
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

#define HDR (1 + 1 + 2 + 18 * 8 + 8)

/* guest_walk() invariants on the guest's own tables (SDM vol. 3A §4.7). */
static void check_walker(const struct vcpu_sregs *s, uint64_t la, uint8_t bits)
{
    struct guest_mem_ops ro = gmem;
    ro.write_gpa = NULL;
    unsigned acc = (bits & 1 ? GW_WRITE : 0) | (bits & 2 ? GW_USER : 0) |
                   (bits & 4 ? GW_FETCH : GW_READ) | (bits & 8 ? GW_AC : 0);
    if (acc & GW_FETCH)
        acc &= ~GW_WRITE;
    if (bits & 0x10)
        la &= 0xFFFFF;
    uint64_t g1 = 0, g2 = 0, g3 = 0;
    uint32_t p1, p2, p3;
    int rc1 = guest_walk(&ro, s, la, acc, &g1, &p1);
    int rc2 = guest_walk(&ro, s, la, acc, &g2, &p2);
    CHECK(rc1 == rc2 && p1 == p2 && (rc1 || g1 == g2));
    if (rc1 == QV_ERR_FAULT) {
        CHECK((p1 & ~0x1Fu) == 0);
        CHECK(!!(p1 & PFEC_W) == !!(acc & GW_WRITE));
        CHECK(!!(p1 & PFEC_U) == !!(acc & GW_USER));
        CHECK(!(p1 & PFEC_RSVD) || (p1 & PFEC_P));
        CHECK(!(p1 & PFEC_ID) || (acc & GW_FETCH));
    } else if (rc1) {
        CHECK(rc1 == QV_ERR_INVAL || rc1 == QV_ERR_IO);
        CHECK(p1 == 0);
    } else {
        CHECK(p1 == 0);
        CHECK(g1 < BIT(52));
        CHECK((g1 & 0xFFF) == (la & 0xFFF));
    }
    /* With A/D updates the outcome is the same, and stays the same after,
     * except in PAE mode where tables may alias the PDPT, whose bits 5 and 6
     * are reserved: setting A/D there legitimately changes later walks. */
    int rc3 = guest_walk(&gmem, s, la, acc, &g3, &p3);
    CHECK(rc3 == rc1 && p3 == p1 && (rc3 || g3 == g1));
    bool pae_legacy = (s->cr4 & BIT(5)) && !(s->efer & BIT(10));
    rc3 = guest_walk(&ro, s, la, acc, &g3, &p3);
    CHECK(pae_legacy || (rc3 == rc1 && p3 == p1 && (rc3 || g3 == g1)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HDR + 1)
        return 0;
    uint8_t mode_sel = data[0] % 3, flags = data[1];
    uint16_t foff = (uint16_t)(data[2] | data[3] << 8);
    struct vcpu_regs r;
    uint64_t *rp = &r.rax;
    for (unsigned i = 0; i < 18; i++) {
        uint64_t v = rd64(data + 4 + 8 * i);
        /* Bias registers towards the fake memory so accesses happen. */
        if (flags & 1)
            v &= 0xFFFF;
        rp[i] = v;
    }
    uint64_t segbase = rd64(data + 4 + 18 * 8) & ((flags & 2) ? 0xF000 : ~0ull);

    struct vcpu_sregs s;
    memset(&s, 0, sizeof s);
    enum insn_mode mode;
    struct vcpu_segment d = { .attrib = (uint16_t)(0xC93 ^ ((flags >> 4) & 0xF)), .limit = 0xFFFFFFFF, .base = segbase };
    if (mode_sel == 2) {
        mode = INSN_MODE_64;
        s.cr0 = 0x80000011;
        s.cr4 = 0x20;
        s.efer = 0x500;
        s.cs.attrib = 0x29B;
        s.ds = s.es = s.ss = s.fs = s.gs = d;
    } else if (mode_sel == 1) {
        mode = INSN_MODE_32;
        s.cr0 = 0x11;
        s.cs.attrib = 0xC9B;
        s.cs.limit = 0xFFFFFFFF;
        s.ds = s.es = s.ss = s.fs = s.gs = d;
    } else {
        mode = INSN_MODE_16;
        d.attrib = 0x93;
        d.limit = 0xFFFF;
        d.base &= 0xFFFF0;
        s.cs = s.ds = s.es = s.ss = s.fs = s.gs = d;
    }

    memset(ram, 0, sizeof ram);
    paged = (data[0] >> 4) & 1;
    if (paged) {
        /* Guest RAM = the input's tail; paging from the mode bits. */
        memcpy(ram, data + HDR, MIN(size - HDR, (size_t)RAM_SIZE));
        s.cr3 = (uint64_t)(foff >> 12) << 12;
        s.cpl = (data[0] >> 7) ? 3 : 0;
        if (data[0] & 0x40) {
            s.efer |= BIT(11);
            s.cr4 |= BIT(20) | BIT(21);
            s.cr0 |= BIT(16);
        }
        if (mode == INSN_MODE_32) {
            s.cr0 |= BIT(31);
            s.cr4 |= (data[0] & 0x20) ? BIT(5) : BIT(4);
            s.cr3 |= (data[1] & 0x60); /* PAE PDPT is 32-byte aligned */
        }
        check_walker(&s, r.rbx, data[1]);
    }
    cur_s = s;

    struct insn in;
    if (insn_decode(data + HDR, size - HDR, mode, &in))
        return 0;

    struct guest_exception exc;
    memset(&exc, 0, sizeof exc);
    uint64_t fault_gpa = (flags & 4) ? EMU_NO_FAULT_GPA : DEV_GPA | (foff & 0xFFF);
    fault_page = DEV_GPA;
    struct emu_ops ops = {
        .mmio_read = f_mmio_read, .mmio_write = f_mmio_write,
        .pio_in = f_pio_in, .pio_out = f_pio_out,
        .mem_read = f_mem_read, .mem_write = f_mem_write,
        .translate = (flags & 8) ? NULL : f_translate,
        .fault_gpa = fault_gpa, .exc = &exc,
    };
    struct vcpu_regs before = r;
    accesses = 0;
    int rc = insn_emulate(&in, &r, &s, &ops);
    /* A REP batch does at most EMU_REP_BATCH iterations of <= 3 accesses. */
    CHECK(accesses <= 3u * EMU_REP_BATCH + 3);
    bool string = in.kind == INSN_MOVS || in.kind == INSN_STOS || in.kind == INSN_LODS ||
                  in.kind == INSN_INS || in.kind == INSN_OUTS;
    if (rc == QV_ERR_FAULT) {
        CHECK(exc.vector == GX_GP || exc.vector == GX_SS || exc.vector == GX_PF);
        if (!string)
            CHECK(memcmp(&r, &before, sizeof r) == 0);
    } else if (rc) {
        CHECK(rc == QV_ERR_UNSUPPORTED || rc == QV_ERR_STATE || rc == QV_ERR_IO);
        CHECK(memcmp(&r, &before, sizeof r) == 0);
    } else if (!string) {
        uint64_t want = before.rip + in.len;
        if (mode == INSN_MODE_32)
            want = (uint32_t)want;
        else if (mode == INSN_MODE_16)
            want = (uint16_t)want;
        CHECK(r.rip == want);
    } else {
        CHECK(r.rip == before.rip || r.rip - before.rip == in.len ||
              mode != INSN_MODE_64); /* wrapping covered by the unit tests */
    }
    return 0;
}
