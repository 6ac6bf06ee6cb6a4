/* core/exit/insn_emulate: each instruction decoded from real bytes and run
 * against a fake MMIO device (page at gpa 0xFEE00000, linear 0x7000), fake
 * guest RAM (linear = gpa below 0x10000) and fake ports. Expected values and
 * flags were worked out by hand from the SDM's definitions. */
#include <string.h>
#include "qtest.h"
#include "core/exit/insn_emulate.h"
#include "lib/errors.h"

#define DEV_GPA 0xFEE00000ull
#define DEV_LA 0x7000ull
#define RAM_SIZE 0x10000u

#define CF 0x1u
#define PF 0x4u
#define AF 0x10u
#define ZF 0x40u
#define SF 0x80u
#define DF 0x400u
#define OF 0x800u
#define IF 0x200u
#define ARITH (CF | PF | AF | ZF | SF | OF)

static struct {
    uint8_t dev[4096];
    uint8_t ram[RAM_SIZE];
    unsigned dev_reads, dev_writes, pio_outs, pio_ins;
    uint64_t last_gpa, last_val;
    unsigned last_size;
    uint16_t last_port;
    uint32_t port_val; /* returned by pio_in, incremented each time */
    struct guest_exception exc;
} env;

static void reset(void)
{
    memset(&env, 0, sizeof env);
    for (unsigned i = 0; i < sizeof env.dev; i++)
        env.dev[i] = (uint8_t)(i * 7 + 1);
    env.port_val = 0x41;
}

static uint64_t le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void put_le(uint8_t *p, unsigned n, uint64_t v)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static int f_mmio_read(void *ctx, uint64_t gpa, unsigned size, uint64_t *val)
{
    (void)ctx;
    QCHECK(gpa >= DEV_GPA && gpa + size <= DEV_GPA + 4096);
    *val = le(env.dev + (gpa - DEV_GPA), size);
    env.dev_reads++;
    env.last_gpa = gpa;
    env.last_size = size;
    return 0;
}

static int f_mmio_write(void *ctx, uint64_t gpa, unsigned size, uint64_t val)
{
    (void)ctx;
    QCHECK(gpa >= DEV_GPA && gpa + size <= DEV_GPA + 4096);
    put_le(env.dev + (gpa - DEV_GPA), size, val);
    env.dev_writes++;
    env.last_gpa = gpa;
    env.last_size = size;
    env.last_val = val;
    return 0;
}

static int f_pio_in(void *ctx, uint16_t port, unsigned size, uint32_t *val)
{
    (void)ctx;
    env.last_port = port;
    env.last_size = size;
    env.pio_ins++;
    *val = env.port_val++;
    return 0;
}

static int f_pio_out(void *ctx, uint16_t port, unsigned size, uint32_t val)
{
    (void)ctx;
    env.last_port = port;
    env.last_size = size;
    env.last_val = val;
    env.pio_outs++;
    return 0;
}

static int pf(uint64_t la, struct guest_exception *exc)
{
    exc->vector = GX_PF;
    exc->has_error = true;
    exc->error = 0;
    exc->cr2 = la;
    return QV_ERR_FAULT;
}

static int f_mem_read(void *ctx, uint64_t la, void *buf, unsigned size, struct guest_exception *exc)
{
    (void)ctx;
    QCHECK(la < DEV_LA || la >= DEV_LA + 4096); /* the device is never read as RAM */
    if (la >= RAM_SIZE || size > RAM_SIZE - la)
        return pf(la, exc);
    memcpy(buf, env.ram + la, size);
    return 0;
}

static int f_mem_write(void *ctx, uint64_t la, const void *buf, unsigned size, struct guest_exception *exc)
{
    (void)ctx;
    QCHECK(la < DEV_LA || la >= DEV_LA + 4096);
    if (la >= RAM_SIZE || size > RAM_SIZE - la)
        return pf(la, exc);
    memcpy(env.ram + la, buf, size);
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

static struct vcpu_sregs sregs64(void)
{
    struct vcpu_sregs s = { 0 };
    s.cr0 = 0x80000011;
    s.cr4 = 0x20;
    s.efer = 0x500; /* LME | LMA */
    s.cs.attrib = 0x29B; /* L, P, S, code */
    s.ds.attrib = s.es.attrib = s.ss.attrib = 0x93;
    return s;
}

static struct vcpu_sregs sregs32(void)
{
    struct vcpu_sregs s = { 0 };
    s.cr0 = 0x11;
    s.cs.attrib = 0xC9B;
    s.cs.limit = 0xFFFFFFFF;
    struct vcpu_segment d = { .selector = 0x10, .attrib = 0xC93, .limit = 0xFFFFFFFF, .base = 0 };
    s.ds = s.es = s.ss = s.fs = s.gs = d;
    return s;
}

static struct vcpu_sregs sregs_real(void)
{
    struct vcpu_sregs s = { 0 };
    struct vcpu_segment d = { .selector = 0, .attrib = 0x93, .limit = 0xFFFF, .base = 0 };
    s.cs = s.ds = s.es = s.ss = s.fs = s.gs = d;
    return s;
}

static struct vcpu_regs regs0(void)
{
    struct vcpu_regs r = { 0 };
    r.rip = 0x1000;
    r.rflags = 0x2 | IF;
    return r;
}

/* Decode bytes in mode and emulate them. */
static int run_n(int mode, const char *b, size_t n, struct vcpu_regs *r, const struct vcpu_sregs *s,
                 uint64_t fault_gpa)
{
    struct insn in;
    int rc = insn_decode((const uint8_t *)b, n, (enum insn_mode)mode, &in);
    QCHECK_EQ(rc, 0);
    if (rc)
        return rc;
    struct emu_ops ops = {
        .mmio_read = f_mmio_read, .mmio_write = f_mmio_write,
        .pio_in = f_pio_in, .pio_out = f_pio_out,
        .mem_read = f_mem_read, .mem_write = f_mem_write, .translate = f_translate,
        .fault_gpa = fault_gpa, .exc = &env.exc,
    };
    return insn_emulate(&in, r, s, &ops);
}
#define RUN(mode, bytes, r, s, gpa) run_n(mode, bytes, sizeof(bytes) - 1, r, s, gpa)

QTEST(emu_mov_store_widths)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r;
    reset();
    r = regs0();
    r.rax = DEV_LA + 0x10;
    r.rcx = 0xAABBCCDD11223344ull;
    QCHECK_EQ(RUN(64, "\x89\x08", &r, &s, DEV_GPA + 0x10), 0); /* mov [rax], ecx */
    QCHECK_EQ(env.last_gpa, DEV_GPA + 0x10);
    QCHECK_EQ(env.last_size, 4);
    QCHECK_EQ(env.last_val, 0x11223344u);
    QCHECK_EQ(r.rip, 0x1002);
    QCHECK_EQ(RUN(64, "\x48\x89\x08", &r, &s, DEV_GPA + 0x10), 0);
    QCHECK_EQ(env.last_size, 8);
    QCHECK_EQ(env.last_val, 0xAABBCCDD11223344ull);
    QCHECK_EQ(RUN(64, "\x66\x89\x08", &r, &s, DEV_GPA + 0x10), 0);
    QCHECK_EQ(env.last_size, 2);
    QCHECK_EQ(env.last_val, 0x3344);
    QCHECK_EQ(RUN(64, "\x88\x28", &r, &s, DEV_GPA + 0x10), 0); /* mov [rax], ch */
    QCHECK_EQ(env.last_size, 1);
    QCHECK_EQ(env.last_val, 0x33);
    r.rbp = 0x99;
    QCHECK_EQ(RUN(64, "\x40\x88\x28", &r, &s, DEV_GPA + 0x10), 0); /* with REX: bpl */
    QCHECK_EQ(env.last_val, 0x99);
    QCHECK_EQ(RUN(64, "\x88\x20", &r, &s, DEV_GPA + 0x10), 0); /* ah = 0x70 */
    QCHECK_EQ(env.last_val, 0x70);
    r.r9 = 0x0102030405060708ull;
    QCHECK_EQ(RUN(64, "\x4c\x89\x08", &r, &s, DEV_GPA + 0x10), 0); /* mov [rax], r9 */
    QCHECK_EQ(env.last_val, 0x0102030405060708ull);
    /* Immediates: C6 /0 ib, C7 /0 iz sign-extended with REX.W. */
    r.rax = DEV_LA;
    QCHECK_EQ(RUN(64, "\xc6\x40\x10\x12", &r, &s, DEV_GPA + 0x10), 0);
    QCHECK_EQ(env.last_val, 0x12);
    QCHECK_EQ(env.last_size, 1);
    QCHECK_EQ(RUN(64, "\x48\xc7\x00\xff\xff\xff\xff", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(env.last_val, ~0ull);
    QCHECK_EQ(env.last_size, 8);
    QCHECK_EQ(RUN(64, "\x66\xc7\x00\x34\x12", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(env.last_val, 0x1234);
    QCHECK_EQ(le(env.dev, 8), 0xFFFFFFFFFFFF1234ull); /* only 2 bytes written */
    /* moffs store: mov [0x7020], eax. */
    r.rax = 0x5566778899AABBCCull;
    QCHECK_EQ(RUN(64, "\xa3\x20\x70\x00\x00\x00\x00\x00\x00", &r, &s, DEV_GPA + 0x20), 0);
    QCHECK_EQ(env.last_val, 0x99AABBCCu);
    QCHECK_EQ(r.rip, 0x1000 + 2 + 3 + 3 + 2 + 3 + 2 + 3 + 4 + 7 + 5 + 9);
    QCHECK_EQ(r.rflags, 0x2 | IF); /* MOV leaves flags alone */
}

QTEST(emu_mov_load_partial_registers)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r;
    reset();
    put_le(env.dev + 0x10, 8, 0x8877665544332211ull);
    r = regs0();
    r.rax = DEV_LA + 0x10;
    r.rcx = ~0ull;
    QCHECK_EQ(RUN(64, "\x8b\x08", &r, &s, DEV_GPA + 0x10), 0); /* 32-bit: zero-extends */
    QCHECK_EQ(r.rcx, 0x44332211u);
    r.rcx = ~0ull;
    QCHECK_EQ(RUN(64, "\x66\x8b\x08", &r, &s, DEV_GPA + 0x10), 0); /* 16-bit: merges */
    QCHECK_EQ(r.rcx, 0xFFFFFFFFFFFF2211ull);
    r.rcx = ~0ull;
    QCHECK_EQ(RUN(64, "\x8a\x08", &r, &s, DEV_GPA + 0x10), 0); /* cl */
    QCHECK_EQ(r.rcx, 0xFFFFFFFFFFFFFF11ull);
    r.rcx = ~0ull;
    QCHECK_EQ(RUN(64, "\x8a\x28", &r, &s, DEV_GPA + 0x10), 0); /* ch */
    QCHECK_EQ(r.rcx, 0xFFFFFFFFFFFF11FFull);
    r.rbp = ~0ull;
    QCHECK_EQ(RUN(64, "\x40\x8a\x28", &r, &s, DEV_GPA + 0x10), 0); /* bpl */
    QCHECK_EQ(r.rbp, 0xFFFFFFFFFFFFFF11ull);
    QCHECK_EQ(RUN(64, "\x4c\x8b\x38", &r, &s, DEV_GPA + 0x10), 0); /* r15 */
    QCHECK_EQ(r.r15, 0x8877665544332211ull);
    /* moffs load with 64-bit offset. */
    QCHECK_EQ(RUN(64, "\x48\xa1\x10\x70\x00\x00\x00\x00\x00\x00", &r, &s, DEV_GPA + 0x10), 0);
    QCHECK_EQ(r.rax, 0x8877665544332211ull);
    /* MOVZX / MOVSX / MOVSXD. */
    put_le(env.dev + 0x20, 4, 0x80008080u);
    r.rbx = DEV_LA + 0x20;
    r.rax = ~0ull;
    QCHECK_EQ(RUN(64, "\x0f\xb6\x03", &r, &s, DEV_GPA + 0x20), 0);
    QCHECK_EQ(r.rax, 0x80);
    QCHECK_EQ(env.last_size, 1);
    QCHECK_EQ(RUN(64, "\x0f\xbe\x03", &r, &s, DEV_GPA + 0x20), 0);
    QCHECK_EQ(r.rax, 0xFFFFFF80u);
    QCHECK_EQ(RUN(64, "\x48\x0f\xbf\x03", &r, &s, DEV_GPA + 0x20), 0);
    QCHECK_EQ(r.rax, 0xFFFFFFFFFFFF8080ull);
    r.rax = ~0ull;
    QCHECK_EQ(RUN(64, "\x66\x0f\xb6\x03", &r, &s, DEV_GPA + 0x20), 0);
    QCHECK_EQ(r.rax, 0xFFFFFFFFFFFF0080ull);
    QCHECK_EQ(RUN(64, "\x0f\xb7\x03", &r, &s, DEV_GPA + 0x20), 0);
    QCHECK_EQ(r.rax, 0x8080);
    QCHECK_EQ(env.last_size, 2);
    QCHECK_EQ(RUN(64, "\x48\x63\x0b", &r, &s, DEV_GPA + 0x20), 0); /* movsxd rcx, [rbx] */
    QCHECK_EQ(r.rcx, 0xFFFFFFFF80008080ull);
    QCHECK_EQ(env.last_size, 4);
}

QTEST(emu_addressing)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r;
    reset();
    put_le(env.dev + 0x40, 4, 0xCAFEF00Du);
    r = regs0();
    r.rip = 0x6000;
    /* mov eax, [rip+0xFFA]: next RIP 0x6006 + 0xFFA = 0x7000 */
    QCHECK_EQ(RUN(64, "\x8b\x05\xfa\x0f\x00\x00", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(r.rip, 0x6006);
    /* mov eax, [rbx + rcx*8 + 0x20] */
    r.rbx = DEV_LA;
    r.rcx = 4;
    QCHECK_EQ(RUN(64, "\x8b\x44\xcb\x20", &r, &s, DEV_GPA + 0x40), 0);
    QCHECK_EQ(r.rax, 0xCAFEF00Du);
    /* FS base applies in 64-bit mode; DS base does not. */
    s.fs.base = DEV_LA;
    s.ds.base = 0x100000;
    r.rbx = 0x40;
    QCHECK_EQ(RUN(64, "\x64\x8b\x03", &r, &s, DEV_GPA + 0x40), 0);
    QCHECK_EQ(r.rax, 0xCAFEF00Du);
    /* 32-bit address size wraps: ebx = 0xFFFFFFF0 + 0x7050 = 0x7040. */
    r.rbx = 0x12345678FFFFFFF0ull;
    QCHECK_EQ(RUN(64, "\x67\x8b\x83\x50\x70\x00\x00", &r, &s, DEV_GPA + 0x40), 0);
    /* The operand's page offset must match the fault address. */
    r.rbx = DEV_LA;
    QCHECK_EQ(RUN(64, "\x8b\x03", &r, &s, DEV_GPA + 0x44), QV_ERR_STATE);
    /* An access crossing the page is not emulated. */
    r.rbx = DEV_LA + 0xFFE;
    QCHECK_EQ(RUN(64, "\x8b\x03", &r, &s, DEV_GPA + 0xFFE), QV_ERR_UNSUPPORTED);
}

QTEST(emu_alu_flags)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r;
    reset();
    r = regs0();
    r.rax = DEV_LA;
    put_le(env.dev, 4, 0xFFFFFFFFu);
    QCHECK_EQ(RUN(64, "\x83\x00\x01", &r, &s, DEV_GPA), 0); /* add dword [rax], 1 */
    QCHECK_EQ(le(env.dev, 4), 0);
    QCHECK_EQ(r.rflags & ARITH, CF | ZF | AF | PF);
    QCHECK_EQ(r.rflags & IF, IF);
    env.dev[0] = 0x80;
    QCHECK_EQ(RUN(64, "\x80\x28\x01", &r, &s, DEV_GPA), 0); /* sub byte [rax], 1 */
    QCHECK_EQ(env.dev[0], 0x7F);
    QCHECK_EQ(r.rflags & ARITH, OF | AF);
    /* cmp [rax], ecx: 5 - 7, memory unchanged, no write. */
    put_le(env.dev, 4, 5);
    r.rcx = 7;
    unsigned w = env.dev_writes;
    QCHECK_EQ(RUN(64, "\x39\x08", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(env.dev_writes, w);
    QCHECK_EQ(le(env.dev, 4), 5);
    QCHECK_EQ(r.rflags & ARITH, CF | SF | AF);
    /* or eax, [rbx]: register destination, 32-bit result zero-extends. */
    r.rbx = DEV_LA;
    r.rax = 0xFFFFFFFF000000F0ull;
    put_le(env.dev, 4, 0x0F);
    QCHECK_EQ(RUN(64, "\x0b\x03", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(r.rax, 0xFF);
    QCHECK_EQ(r.rflags & ARITH, PF);
    /* adc dword [rax], 0 with CF=1: 0x7FFFFFFF + 1 overflows into the sign. */
    r.rax = DEV_LA;
    r.rflags |= CF;
    put_le(env.dev, 4, 0x7FFFFFFF);
    QCHECK_EQ(RUN(64, "\x83\x10\x00", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(le(env.dev, 4), 0x80000000u);
    QCHECK_EQ(r.rflags & ARITH, OF | SF | AF | PF);
    /* sbb byte [rax], 0 with CF=1: 0 - 0 - 1 = 0xFF. */
    r.rflags |= CF;
    env.dev[0] = 0;
    QCHECK_EQ(RUN(64, "\x80\x18\x00", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(env.dev[0], 0xFF);
    QCHECK_EQ(r.rflags & ARITH, CF | SF | AF | PF);
    /* adc with CF=1 where b = all ones: carry out, result == a. */
    r.rflags |= CF;
    r.rcx = 0xFF;
    env.dev[0] = 0x10;
    QCHECK_EQ(RUN(64, "\x10\x08", &r, &s, DEV_GPA), 0); /* adc [rax], cl */
    QCHECK_EQ(env.dev[0], 0x10);
    QCHECK_EQ(r.rflags & ARITH, CF | AF);
    /* and / xor / test: CF=OF=0. */
    r.rflags |= CF | OF;
    put_le(env.dev, 8, 0x8000000000000001ull);
    r.rcx = 0x8000000000000003ull;
    QCHECK_EQ(RUN(64, "\x48\x21\x08", &r, &s, DEV_GPA), 0); /* and [rax], rcx */
    QCHECK_EQ(le(env.dev, 8), 0x8000000000000001ull);
    QCHECK_EQ(r.rflags & ARITH, SF);
    QCHECK_EQ(RUN(64, "\x48\x31\x08", &r, &s, DEV_GPA), 0); /* xor [rax], rcx */
    QCHECK_EQ(le(env.dev, 8), 2);
    QCHECK_EQ(r.rflags & ARITH, 0);
    w = env.dev_writes;
    QCHECK_EQ(RUN(64, "\xf6\x00\x02", &r, &s, DEV_GPA), 0); /* test byte [rax], 2 */
    QCHECK_EQ(r.rflags & ARITH, 0);
    QCHECK_EQ(RUN(64, "\xf6\x00\x01", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(r.rflags & ARITH, ZF | PF);
    r.rdx = 0x80000000u;
    env.dev[3] = 0x80;
    QCHECK_EQ(RUN(64, "\x85\x10", &r, &s, DEV_GPA), 0); /* test [rax], edx */
    QCHECK_EQ(r.rflags & ARITH, SF | PF);
    QCHECK_EQ(env.dev_writes, w);
    /* sub rdx, [rax] with 64-bit operands: 0 - 1. */
    put_le(env.dev, 8, 1);
    r.rdx = 0;
    QCHECK_EQ(RUN(64, "\x48\x2b\x10", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(r.rdx, ~0ull);
    QCHECK_EQ(r.rflags & ARITH, CF | SF | AF | PF);
    /* add word [rax], 0x7fff: 1 + 0x7fff = 0x8000 signed overflow. */
    put_le(env.dev, 2, 1);
    QCHECK_EQ(RUN(64, "\x66\x81\x00\xff\x7f", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(le(env.dev, 2), 0x8000);
    QCHECK_EQ(r.rflags & ARITH, OF | SF | AF | PF);
    /* or byte [rax], ah (no REX) */
    r.rax = 0x7100; /* both the address (DEV_LA + 0x100) and AH = 0x71 */
    env.dev[0x100] = 0x0E;
    QCHECK_EQ(RUN(64, "\x08\x20", &r, &s, DEV_GPA + 0x100), 0);
    QCHECK_EQ(env.dev[0x100], 0x7F);
    QCHECK_EQ(r.rflags & ARITH, 0);
}

QTEST(emu_xchg)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r;
    reset();
    r = regs0();
    r.rax = DEV_LA;
    r.rcx = 0xFFFFFFFF22222222ull;
    put_le(env.dev, 4, 0x11111111);
    QCHECK_EQ(RUN(64, "\x87\x08", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(le(env.dev, 4), 0x22222222u);
    QCHECK_EQ(r.rcx, 0x11111111u);
    QCHECK_EQ(RUN(64, "\x86\x2c\x25\x00\x70\x00\x00", &r, &s, DEV_GPA), 0); /* xchg [0x7000], ch */
    QCHECK_EQ(env.dev[0], 0x11);
    QCHECK_EQ(r.rcx, 0x11112211u);
}

QTEST(emu_not_neg_bt)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r;
    reset();
    r = regs0();
    r.rax = DEV_LA;
    r.rflags |= CF | ZF;
    env.dev[0] = 0x5A;
    QCHECK_EQ(RUN(64, "\xf6\x10", &r, &s, DEV_GPA), 0); /* not byte [rax]: flags kept */
    QCHECK_EQ(env.dev[0], 0xA5);
    QCHECK_EQ(r.rflags & ARITH, CF | ZF);
    put_le(env.dev, 4, 1);
    QCHECK_EQ(RUN(64, "\xf7\x18", &r, &s, DEV_GPA), 0); /* neg dword [rax] */
    QCHECK_EQ(le(env.dev, 4), 0xFFFFFFFFu);
    QCHECK_EQ(r.rflags & ARITH, CF | SF | AF | PF);
    put_le(env.dev, 4, 0);
    QCHECK_EQ(RUN(64, "\xf7\x18", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(r.rflags & ARITH, ZF | PF);
    env.dev[0] = 0x80;
    QCHECK_EQ(RUN(64, "\xf6\x18", &r, &s, DEV_GPA), 0); /* neg byte 0x80 = 0x80: OF */
    QCHECK_EQ(env.dev[0], 0x80);
    QCHECK_EQ(r.rflags & ARITH, CF | OF | SF);
    /* bts dword [rax], 3: CF = old bit; ZF kept. */
    put_le(env.dev, 4, 0);
    r.rflags = 0x202 | ZF;
    QCHECK_EQ(RUN(64, "\x0f\xba\x28\x23", &r, &s, DEV_GPA), 0); /* imm 35 -> bit 3 */
    QCHECK_EQ(le(env.dev, 4), 8);
    QCHECK_EQ(r.rflags & ARITH, ZF);
    QCHECK_EQ(RUN(64, "\x0f\xba\x28\x03", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(r.rflags & CF, CF);
    QCHECK_EQ(RUN(64, "\x0f\xba\x30\x03", &r, &s, DEV_GPA), 0); /* btr */
    QCHECK_EQ(le(env.dev, 4), 0);
    QCHECK_EQ(r.rflags & CF, CF);
    QCHECK_EQ(RUN(64, "\x0f\xba\x38\x00", &r, &s, DEV_GPA), 0); /* btc bit 0 */
    QCHECK_EQ(le(env.dev, 4), 1);
    QCHECK_EQ(r.rflags & CF, 0);
    /* bt [rax], ecx with a bit-string offset: 35 -> dword at +4, bit 3. */
    unsigned w = env.dev_writes;
    put_le(env.dev + 4, 4, 8);
    r.rcx = 35;
    QCHECK_EQ(RUN(64, "\x0f\xa3\x08", &r, &s, DEV_GPA + 4), 0);
    QCHECK_EQ(r.rflags & CF, CF);
    QCHECK_EQ(env.last_gpa, DEV_GPA + 4);
    QCHECK_EQ(env.dev_writes, w); /* BT does not write */
    /* Negative offset: -1 from [rax] = DEV_LA + 8 is bit 31 of the dword at +4. */
    r.rax = DEV_LA + 8;
    r.rcx = 0xFFFFFFFF;
    QCHECK_EQ(RUN(64, "\x0f\xab\x08", &r, &s, DEV_GPA + 4), 0); /* bts */
    QCHECK_EQ(le(env.dev + 4, 4), 0x80000008u);
    QCHECK_EQ(r.rflags & CF, 0);
    /* 64-bit offset -65: qword at -16, bit 63. */
    r.rax = DEV_LA + 0x20;
    r.rcx = (uint64_t)-65;
    put_le(env.dev + 0x10, 8, 0x8000000000000000ull);
    QCHECK_EQ(RUN(64, "\x48\x0f\xbb\x08", &r, &s, DEV_GPA + 0x10), 0); /* btc */
    QCHECK_EQ(le(env.dev + 0x10, 8), 0);
    QCHECK_EQ(r.rflags & CF, CF);
    /* Register form: btr eax, ecx uses the offset modulo 32. */
    r.rax = 0xFFFFFFFF00000030ull;
    r.rcx = 36;
    QCHECK_EQ(RUN(64, "\x0f\xb3\xc8", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(r.rax, 0x20);
    QCHECK_EQ(r.rflags & CF, CF);
}

QTEST(emu_string_rep_mmio)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r;
    reset();
    r = regs0();
    r.rdi = DEV_LA;
    r.rcx = 3;
    r.rax = 0xCAFEBABE;
    QCHECK_EQ(RUN(64, "\xf3\xab", &r, &s, DEV_GPA), 0); /* rep stosd */
    QCHECK_EQ(env.dev_writes, 3);
    QCHECK_EQ(le(env.dev + 8, 4), 0xCAFEBABEu);
    QCHECK_EQ(r.rcx, 0);
    QCHECK_EQ(r.rdi, DEV_LA + 12);
    QCHECK_EQ(r.rip, 0x1002);
    /* DF=1 counts down. */
    r.rflags |= DF;
    r.rdi = DEV_LA + 0x22;
    r.rcx = 2;
    QCHECK_EQ(RUN(64, "\xf3\xaa", &r, &s, DEV_GPA + 0x22), 0);
    QCHECK_EQ(env.dev[0x22], 0xBE);
    QCHECK_EQ(env.dev[0x21], 0xBE);
    QCHECK_EQ(r.rdi, DEV_LA + 0x20);
    r.rflags &= ~DF;
    /* Stops at the end of the MMIO page with RIP unchanged. */
    r.rip = 0x1000;
    r.rdi = DEV_LA + 0xFF8;
    r.rcx = 4;
    QCHECK_EQ(RUN(64, "\xf3\xab", &r, &s, DEV_GPA + 0xFF8), 0);
    QCHECK_EQ(r.rcx, 2);
    QCHECK_EQ(r.rdi, DEV_LA + 0x1000);
    QCHECK_EQ(r.rip, 0x1000);
    /* Batch limit. */
    r.rdi = DEV_LA;
    r.rcx = 1000;
    QCHECK_EQ(RUN(64, "\xf3\xaa", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(r.rcx, 1000 - EMU_REP_BATCH);
    QCHECK_EQ(r.rdi, DEV_LA + EMU_REP_BATCH);
    QCHECK_EQ(r.rip, 0x1000);
    /* REP with count 0 does nothing but advance RIP. */
    unsigned w = env.dev_writes;
    r.rcx = 0;
    QCHECK_EQ(RUN(64, "\xf3\xaa", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(env.dev_writes, w);
    QCHECK_EQ(r.rip, 0x1002);
    /* 32-bit address size in 64-bit mode: ECX/EDI, zero-extended updates. */
    r.rip = 0x1000;
    r.rdi = 0xFFFFFFFF00007000ull;
    r.rcx = 0xFFFFFFFF00000001ull;
    QCHECK_EQ(RUN(64, "\x67\xf3\xaa", &r, &s, DEV_GPA), 0);
    QCHECK_EQ(r.rdi, 0x7001);
    QCHECK_EQ(r.rcx, 0);
    QCHECK_EQ(r.rip, 0x1003);
    /* lodsw without REP: AX merges. */
    put_le(env.dev + 0x30, 2, 0xBEEF);
    r.rsi = DEV_LA + 0x30;
    r.rax = 0x1111111111111111ull;
    QCHECK_EQ(RUN(64, "\x66\xad", &r, &s, DEV_GPA + 0x30), 0);
    QCHECK_EQ(r.rax, 0x111111111111BEEFull);
    QCHECK_EQ(r.rsi, DEV_LA + 0x32);
}

QTEST(emu_string_movs)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r;
    reset();
    r = regs0();
    put_le(env.dev, 8, 0x0807060504030201ull);
    r.rsi = DEV_LA;
    r.rdi = 0x2000;
    r.rcx = 2;
    QCHECK_EQ(RUN(64, "\xf3\xa5", &r, &s, DEV_GPA), 0); /* MMIO -> RAM */
    QCHECK_EQ(le(env.ram + 0x2000, 8), 0x0807060504030201ull);
    QCHECK_EQ(env.dev_reads, 2);
    QCHECK_EQ(r.rsi, DEV_LA + 8);
    QCHECK_EQ(r.rdi, 0x2008);
    QCHECK_EQ(r.rip, 0x1002);
    env.ram[0x3000] = 0x5A;
    r.rsi = 0x3000;
    r.rdi = DEV_LA + 5;
    QCHECK_EQ(RUN(64, "\xa4", &r, &s, DEV_GPA + 5), 0); /* RAM -> MMIO, no REP */
    QCHECK_EQ(env.dev[5], 0x5A);
    QCHECK_EQ(r.rsi, 0x3001);
    QCHECK_EQ(r.rdi, DEV_LA + 6);
    /* #PF on the RAM side in the second iteration: the first one is kept. */
    r.rip = 0x1000;
    r.rsi = DEV_LA;
    r.rdi = RAM_SIZE - 1;
    r.rcx = 3;
    QCHECK_EQ(RUN(64, "\xf3\xa4", &r, &s, DEV_GPA), QV_ERR_FAULT);
    QCHECK_EQ(env.exc.vector, GX_PF);
    QCHECK_EQ(env.exc.cr2, RAM_SIZE);
    QCHECK_EQ(env.ram[RAM_SIZE - 1], 0x01);
    QCHECK_EQ(r.rcx, 2);
    QCHECK_EQ(r.rsi, DEV_LA + 1);
    QCHECK_EQ(r.rdi, RAM_SIZE);
    QCHECK_EQ(r.rip, 0x1000);
    /* A fault before any iteration changes nothing. */
    struct vcpu_regs before = r;
    QCHECK_EQ(RUN(64, "\xf3\xa4", &r, &s, DEV_GPA), QV_ERR_FAULT);
    QCHECK_MEM(&r, &before, sizeof r);
}

QTEST(emu_port_io)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r;
    reset();
    r = regs0();
    r.rax = ~0ull;
    QCHECK_EQ(RUN(64, "\xe4\x60", &r, &s, EMU_NO_FAULT_GPA), 0); /* in al, 0x60 */
    QCHECK_EQ(env.last_port, 0x60);
    QCHECK_EQ(env.last_size, 1);
    QCHECK_EQ(r.rax, 0xFFFFFFFFFFFFFF41ull);
    r.rdx = 0xFFFF0CF8;
    QCHECK_EQ(RUN(64, "\xed", &r, &s, EMU_NO_FAULT_GPA), 0); /* in eax, dx */
    QCHECK_EQ(env.last_port, 0x0CF8);
    QCHECK_EQ(env.last_size, 4);
    QCHECK_EQ(r.rax, 0x42);
    r.rax = ~0ull;
    QCHECK_EQ(RUN(64, "\x66\xed", &r, &s, EMU_NO_FAULT_GPA), 0);
    QCHECK_EQ(r.rax, 0xFFFFFFFFFFFF0043ull);
    r.rax = 0x12345678;
    QCHECK_EQ(RUN(64, "\xe6\x80", &r, &s, EMU_NO_FAULT_GPA), 0);
    QCHECK_EQ(env.last_port, 0x80);
    QCHECK_EQ(env.last_val, 0x78);
    QCHECK_EQ(RUN(64, "\xef", &r, &s, EMU_NO_FAULT_GPA), 0);
    QCHECK_EQ(env.last_val, 0x12345678u);
    QCHECK_EQ(env.last_size, 4);
    QCHECK_EQ(r.rip, 0x1000 + 2 + 1 + 2 + 2 + 1);
    /* rep insb into RAM, then outsw from RAM. */
    r.rdx = 0x1F0;
    r.rdi = 0x4000;
    r.rcx = 3;
    QCHECK_EQ(RUN(64, "\xf3\x6c", &r, &s, EMU_NO_FAULT_GPA), 0);
    QCHECK_EQ(le(env.ram + 0x4000, 3), 0x464544u);
    QCHECK_EQ(r.rdi, 0x4003);
    QCHECK_EQ(r.rcx, 0);
    put_le(env.ram + 0x5000, 2, 0xA55A);
    r.rsi = 0x5000;
    QCHECK_EQ(RUN(64, "\x66\x6f", &r, &s, EMU_NO_FAULT_GPA), 0);
    QCHECK_EQ(env.last_val, 0xA55A);
    QCHECK_EQ(env.last_size, 2);
    QCHECK_EQ(env.last_port, 0x1F0);
    QCHECK_EQ(r.rsi, 0x5002);
    /* insb to an unmapped page: #PF before the port is read. */
    unsigned ins = env.pio_ins;
    r.rdi = RAM_SIZE + 0x100;
    QCHECK_EQ(RUN(64, "\x6c", &r, &s, EMU_NO_FAULT_GPA), QV_ERR_FAULT);
    QCHECK_EQ(env.pio_ins, ins);
}

QTEST(emu_faults_and_unsupported)
{
    struct vcpu_sregs s = sregs64();
    struct vcpu_regs r, before;
    reset();
    r = regs0();
    r.rax = 0x0000800000000000ull; /* non-canonical */
    before = r;
    QCHECK_EQ(RUN(64, "\x89\x08", &r, &s, DEV_GPA), QV_ERR_FAULT);
    QCHECK_EQ(env.exc.vector, GX_GP);
    QCHECK_MEM(&r, &before, sizeof r);
    r.rsp = 0x0000800000000000ull;
    QCHECK_EQ(RUN(64, "\x89\x04\x24", &r, &s, DEV_GPA), QV_ERR_FAULT); /* [rsp]: #SS */
    QCHECK_EQ(env.exc.vector, GX_SS);
    QCHECK_EQ(RUN(64, "\x0f\xa2", &r, &s, DEV_GPA), QV_ERR_UNSUPPORTED);
    QCHECK_EQ(RUN(64, "\xf7\x20", &r, &s, DEV_GPA), QV_ERR_UNSUPPORTED); /* mul dword [rax] */
    QCHECK_EQ(env.dev_writes + env.dev_reads, 0);
}

QTEST(emu_protected_32)
{
    struct vcpu_sregs s = sregs32();
    struct vcpu_regs r;
    reset();
    put_le(env.dev + 0x10, 4, 0x600DF00D);
    r = regs0();
    r.rip = 0xFFFFFFFE;
    r.rbx = 0x10;
    s.ds.base = DEV_LA;
    QCHECK_EQ(RUN(32, "\x8b\x03", &r, &s, DEV_GPA + 0x10), 0); /* mov eax, [ebx] (DS base) */
    QCHECK_EQ(r.rax, 0x600DF00Du);
    QCHECK_EQ(r.rip, 0); /* EIP wraps at 4 GiB */
    /* Segment limit: DS limit 0xFFF, access at 0xFFE of 4 bytes -> #GP(0). */
    s.ds.limit = 0xFFF;
    r.rbx = 0xFFE;
    QCHECK_EQ(RUN(32, "\x8b\x03", &r, &s, DEV_GPA + 0xFFE), QV_ERR_FAULT);
    QCHECK_EQ(env.exc.vector, GX_GP);
    QCHECK_EQ(env.exc.error, 0);
    /* [ebp] uses SS: its limit gives #SS. */
    s.ss.limit = 0xF;
    r.rbp = 0x10;
    QCHECK_EQ(RUN(32, "\x8b\x45\x00", &r, &s, DEV_GPA + 0x10), QV_ERR_FAULT);
    QCHECK_EQ(env.exc.vector, GX_SS);
    /* Read-only data segment refuses writes. */
    s.ds.limit = 0xFFFFFFFF;
    s.ds.attrib = 0xC91;
    r.rbx = 0x10;
    QCHECK_EQ(RUN(32, "\x89\x03", &r, &s, DEV_GPA + 0x10), QV_ERR_FAULT);
    QCHECK_EQ(env.exc.vector, GX_GP);
    QCHECK_EQ(RUN(32, "\x8b\x03", &r, &s, DEV_GPA + 0x10), 0);
    /* Expand-down segment (limit 0xFFF, 32-bit): offsets 0x1000.. are valid. */
    s.es = s.ds;
    s.es.attrib = 0xC97;
    s.es.limit = 0xFFF;
    s.es.base = DEV_LA - 0x1000;
    r.rbx = 0x1010;
    QCHECK_EQ(RUN(32, "\x26\x89\x03", &r, &s, DEV_GPA + 0x10), 0);
    QCHECK_EQ(env.last_val, 0x600DF00Du);
    r.rbx = 0x10;
    QCHECK_EQ(RUN(32, "\x26\x89\x03", &r, &s, DEV_GPA + 0x10), QV_ERR_FAULT);
    /* A not-present segment faults. */
    s.es.attrib = 0xC13;
    r.rbx = 0x1010;
    QCHECK_EQ(RUN(32, "\x26\x89\x03", &r, &s, DEV_GPA + 0x10), QV_ERR_FAULT);
}

QTEST(emu_real_mode_16)
{
    struct vcpu_sregs s = sregs_real();
    struct vcpu_regs r;
    reset();
    put_le(env.dev + 0x112, 2, 0x1234);
    r = regs0();
    r.rip = 0xFFFE;
    s.ds.base = DEV_LA; /* ds = 0x700 */
    r.rbx = 0xFFFF0100;
    r.rsi = 0x0010;
    r.rax = 0xAAAAAAAAAAAAAAAAull;
    QCHECK_EQ(RUN(16, "\x8b\x40\x02", &r, &s, DEV_GPA + 0x112), 0); /* mov ax, [bx+si+2] */
    QCHECK_EQ(r.rax, 0xAAAAAAAAAAAA1234ull);
    QCHECK_EQ(r.rip, 1); /* IP wraps at 64 KiB */
    /* 66-prefixed 32-bit store; [bp] defaults to SS. */
    s.ss.base = DEV_LA;
    r.rbp = 0x20;
    r.rax = 0x89ABCDEF;
    QCHECK_EQ(RUN(16, "\x66\x89\x46\x00", &r, &s, DEV_GPA + 0x20), 0);
    QCHECK_EQ(env.last_val, 0x89ABCDEFu);
    QCHECK_EQ(env.last_size, 4);
    /* 16-bit address arithmetic wraps: bx=0xFFF0 + 0x20 -> 0x0010. */
    r.rbx = 0xFFF0;
    QCHECK_EQ(RUN(16, "\xc6\x47\x20\x5a", &r, &s, DEV_GPA + 0x10), 0);
    QCHECK_EQ(env.dev[0x10], 0x5A);
    /* rep stosw with 16-bit CX/DI: DI and CX merge into the wider registers. */
    s.es.base = DEV_LA;
    r.rdi = 0xABCD0040;
    r.rcx = 0x12340002;
    r.rax = 0x7777;
    QCHECK_EQ(RUN(16, "\xf3\xab", &r, &s, DEV_GPA + 0x40), 0);
    QCHECK_EQ(r.rdi, 0xABCD0044u);
    QCHECK_EQ(r.rcx, 0x12340000u);
    QCHECK_EQ(le(env.dev + 0x40, 4), 0x77777777u);
    /* Beyond the 64 KiB real-mode limit: #GP. */
    r.rbx = 0x10000;
    QCHECK_EQ(RUN(16, "\x67\x8b\x03", &r, &s, DEV_GPA), QV_ERR_FAULT);
}

/* ---- ALU flags against the host CPU (an independent reference) ---- */
#if defined(__x86_64__)
/* Runs "op y, x" on the host with CF preset, returns x and RFLAGS. The stack
 * pointer is moved below the red zone before PUSHF/POPF. */
#define HOST_OP(name, mn, type)                                                   \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t *fl)                    \
    {                                                                             \
        type x = (type)a, y = (type)b;                                            \
        uint64_t f = *fl;                                                         \
        __asm__ volatile("sub $128, %%rsp\n\tpush %[f]\n\tpopfq\n\t" mn " %[y], %[x]\n\t" \
                         "pushfq\n\tpop %[f]\n\tadd $128, %%rsp"                   \
                         : [x] "+r"(x), [f] "+r"(f) : [y] "r"(y) : "cc", "memory"); \
        *fl = f;                                                                  \
        return (uint64_t)x;                                                       \
    }
#define HOST_OPS(op)                                  \
    HOST_OP(host_##op##b, #op "b", uint8_t)           \
    HOST_OP(host_##op##w, #op "w", uint16_t)          \
    HOST_OP(host_##op##l, #op "l", uint32_t)          \
    HOST_OP(host_##op##q, #op "q", uint64_t)
HOST_OPS(add) HOST_OPS(or) HOST_OPS(adc) HOST_OPS(sbb)
HOST_OPS(and) HOST_OPS(sub) HOST_OPS(xor) HOST_OPS(cmp)

typedef uint64_t (*host_fn)(uint64_t, uint64_t, uint64_t *);
static const host_fn host_ops[8][4] = {
    { host_addb, host_addw, host_addl, host_addq }, { host_orb, host_orw, host_orl, host_orq },
    { host_adcb, host_adcw, host_adcl, host_adcq }, { host_sbbb, host_sbbw, host_sbbl, host_sbbq },
    { host_andb, host_andw, host_andl, host_andq }, { host_subb, host_subw, host_subl, host_subq },
    { host_xorb, host_xorw, host_xorl, host_xorq }, { host_cmpb, host_cmpw, host_cmpl, host_cmpq },
};

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Interesting operands: boundaries around 0, the sign bit and nibble carries. */
static uint64_t operand(void)
{
    static const uint64_t edge[] = { 0, 1, 0xF, 0x10, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF,
                                     0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF,
                                     0x8000000000000000, ~0ull };
    uint64_t v = rnd();
    if ((v & 3) == 0)
        v = edge[(v >> 8) % (sizeof edge / sizeof edge[0])];
    return v;
}

#define HOST_NEG(name, mn, type)                                                  \
    static uint64_t name(uint64_t a, uint64_t *fl)                                \
    {                                                                             \
        type x = (type)a;                                                         \
        uint64_t f = *fl;                                                         \
        __asm__ volatile("sub $128, %%rsp\n\tpush %[f]\n\tpopfq\n\t" mn " %[x]\n\t" \
                         "pushfq\n\tpop %[f]\n\tadd $128, %%rsp"                   \
                         : [x] "+r"(x), [f] "+r"(f) : : "cc", "memory");           \
        *fl = f;                                                                  \
        return (uint64_t)x;                                                       \
    }
HOST_NEG(host_negb, "negb", uint8_t)
HOST_NEG(host_negw, "negw", uint16_t)
HOST_NEG(host_negl, "negl", uint32_t)
HOST_NEG(host_negq, "negq", uint64_t)

QTEST(emu_neg_matches_host_cpu)
{
    struct vcpu_sregs s = sregs64();
    static const char *const enc[4] = { "\xf6\x18", "\x66\xf7\x18", "\xf7\x18", "\x48\xf7\x18" };
    static uint64_t (*const host[4])(uint64_t, uint64_t *) = { host_negb, host_negw, host_negl, host_negq };
    for (unsigned si = 0; si < 4; si++) {
        unsigned size = 1u << si;
        for (unsigned iter = 0; iter < 2000; iter++) {
            uint64_t a = operand();
            reset();
            put_le(env.dev, size, a);
            struct vcpu_regs r = regs0();
            r.rax = DEV_LA;
            uint64_t hf = 0x202;
            uint64_t want = host[si](a, &hf);
            QCHECK_EQ(run_n(64, enc[si], strlen(enc[si]), &r, &s, DEV_GPA), 0);
            QCHECK_EQ(le(env.dev, size), want);
            QCHECK_EQ(r.rflags & ARITH, hf & ARITH);
        }
    }
}

QTEST(emu_alu_matches_host_cpu)
{
    struct vcpu_sregs s = sregs64();
    static const unsigned sizes[4] = { 1, 2, 4, 8 };
    unsigned mismatches = 0;
    for (unsigned op = 0; op < 8; op++) {
        for (unsigned si = 0; si < 4; si++) {
            unsigned size = sizes[si];
            for (unsigned iter = 0; iter < 1500; iter++) {
                uint64_t a = operand(), b = operand(), cf = rnd() & 1;
                /* op [rax], rcx: memory operand a in the device, b in RCX. */
                char enc[4];
                size_t n = 0;
                if (size == 2)
                    enc[n++] = 0x66;
                if (size == 8)
                    enc[n++] = 0x48;
                enc[n++] = (char)((op << 3) | (size == 1 ? 0 : 1));
                enc[n++] = 0x08;
                reset();
                put_le(env.dev, size, a);
                struct vcpu_regs r = regs0();
                r.rax = DEV_LA;
                r.rcx = b;
                r.rflags |= cf;
                uint64_t hf = 0x202 | cf;
                uint64_t want = host_ops[op][si](a, b, &hf);
                int rc = run_n(64, enc, n, &r, &s, DEV_GPA);
                uint64_t got = le(env.dev, size);
                /* AF is undefined after AND/OR/XOR (SDM vol. 2): not compared. */
                uint64_t cmp_mask = (op == ALU_AND || op == ALU_OR || op == ALU_XOR) ? ARITH & ~AF : ARITH;
                bool ok = rc == 0 && (r.rflags & cmp_mask) == (hf & cmp_mask) &&
                          got == ((op == ALU_CMP) ? (a & (size == 8 ? ~0ull : (1ull << (8 * size)) - 1)) : want);
                if (!ok && mismatches++ < 5)
                    printf("  op %u size %u a %llx b %llx cf %llu: got %llx fl %llx, host %llx fl %llx\n",
                           op, size, (unsigned long long)a, (unsigned long long)b,
                           (unsigned long long)cf, (unsigned long long)got,
                           (unsigned long long)(r.rflags & ARITH), (unsigned long long)want,
                           (unsigned long long)(hf & ARITH));
                QCHECK(ok);
            }
        }
    }
    QCHECK_EQ(mismatches, 0);
}
#endif
