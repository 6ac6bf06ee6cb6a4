/* libFuzzer target for core/exit/insn_emulate: random instruction bytes and
 * random registers/segments, in any mode, against a fake MMIO page, fake
 * guest RAM and fake ports, with and without a fault address.
 * Checks: no crash or out-of-bounds access; device accesses stay inside the
 * faulting page; the amount of work per call is bounded; an error other
 * than a guest fault leaves the registers untouched; a fault carries #GP,
 * #SS or #PF; a non-string success advances RIP by the length.
 * Input: mode byte, flags byte, 2 bytes fault offset, 18 x 8 bytes of
 * registers, 8 bytes of segment base, then the instruction bytes. */
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
    if (la >= RAM_SIZE || size > RAM_SIZE - la)
        return pf(la, exc);
    memcpy(ram + la, buf, size);
    accesses++;
    return 0;
}

static int f_translate(void *ctx, uint64_t la, unsigned access, uint64_t *gpa, struct guest_exception *exc)
{
    (void)ctx;
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
