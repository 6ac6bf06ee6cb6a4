/* mmio: instructions on device registers. Every access to the MMIO test
 * device (hypervisor/devices/mmio_testdev.h, guest-physical 0xFEB00000) is a
 * nested page fault that the hypervisor decodes and emulates. For each
 * instruction form the guest checks the architectural result (registers,
 * memory, flags) and, through the device's COUNT/LAST/LAST_VALUE registers,
 * that the hypervisor made exactly the device accesses the instruction makes,
 * at the right offset, width and direction.
 *
 * ALU/XCHG/NOT/NEG/BT forms run the same instruction on a RAM variable and on
 * the device and compare everything, incl. the flags the SDM defines for the
 * instruction (vol. 1 Appendix A; AF after AND/OR/XOR/TEST and all but CF
 * after BT are undefined and not compared).
 *
 * Three passes: paging off (device at its physical address), then 32-bit
 * paging (SDM vol. 3A §4.3) with the device page mapped by a 4 KiB PTE at its
 * own address ("pg-") and at an alias virtual address ("alias-"). With paging
 * on, the emulator has to walk the guest page tables for the code fetch and
 * for the RAM side of MOVS; the alias pass also reads RAM through a second
 * alias page and expects a #PF from MOVS into an unmapped page.
 *
 * The device offers 8-byte accesses too, but a 32-bit guest without SSE has
 * no 8-byte general-register load or store, so widths 1, 2 and 4 are used. */
#include "console.h"
#include "exc.h"
#include "rt.h"
#include "test.h"

#define DEV_PHYS 0xFEB00000u
#define DEV_ALIAS 0x90003000u   /* alias of the device page (paging passes) */
#define RAM_ALIAS 0x90004000u   /* alias of ram_page */
#define UNMAPPED_VA 0x90005000u /* not present in the alias page table */

/* Device registers (mmio_testdev.h). */
#define REG_ID 0x100u
#define REG_COUNT 0x108u
#define REG_LAST 0x110u
#define REG_LAST_VALUE 0x118u
#define DEV_ID_LO 0x45545651u /* "QVTE" */
#define DEV_ID_HI 0x31445453u /* "STD1" */
#define LAST_WRITE (1u << 24)
#define LAST_VALID (1u << 31)

/* EFLAGS (SDM vol. 1 §3.4.3). */
#define FL_CF 0x001u
#define FL_PF 0x004u
#define FL_AF 0x010u
#define FL_ZF 0x040u
#define FL_SF 0x080u
#define FL_OF 0x800u
#define FL_FIXED 0x002u
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)
#define FL_LOGIC (FL_ARITH & ~FL_AF)

#define VEC_PF 14
#define CR0_PG 0x80000000u
#define CR0_WP 0x00010000u
#define PTE_P 0x001u
#define PTE_RW 0x002u
#define PTE_PWT 0x008u
#define PTE_PCD 0x010u

static uint32_t dev;      /* linear address of the device page in this pass */
static const char *pfx;   /* test-name prefix of this pass */

static char name_buf[64];
static const char *nm(const char *n)
{
    size_t a = strlen(pfx), b = strlen(n);
    if (a + b >= sizeof name_buf)
        b = sizeof name_buf - 1 - a;
    memcpy(name_buf, pfx, a);
    memcpy(name_buf + a, n, b);
    name_buf[a + b] = 0;
    return name_buf;
}

/* Device accesses with fixed encodings: 8B /r load, 89 /r store (4 bytes). */
static inline uint32_t rd32(uint32_t off)
{
    uint32_t v;
    __asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(dev + off) : "memory");
    return v;
}
static inline void wr32(uint32_t off, uint32_t v)
{
    __asm__ volatile("movl %1, (%0)" :: "r"(dev + off), "r"(v) : "memory");
}
static void dev_reset(void) { wr32(REG_COUNT, 0); }

static uint32_t last_code(unsigned off, unsigned size, bool write)
{
    return off | size << 16 | (write ? LAST_WRITE : 0) | LAST_VALID;
}

/* The first failed step of a test, with what it saw. */
struct rec {
    const char *what;
    bool acc;                          /* the failure is in the device's view */
    uint32_t got, want;
    uint32_t count, last, value;       /* the device's view */
    uint32_t wcount, wlast, wvalue;    /* what was expected */
};

static void rec_data(struct rec *r, const char *what, uint32_t got, uint32_t want)
{
    if (r->what || got == want)
        return;
    *r = (struct rec){ .what = what, .acc = false, .got = got, .want = want };
}

/* Must come right after the instruction under test: reads the observation
 * registers (which does not disturb them). */
static void rec_acc(struct rec *r, const char *what, unsigned n, unsigned off, unsigned size,
                    bool write, uint32_t value)
{
    uint32_t c = rd32(REG_COUNT), l = rd32(REG_LAST), v = rd32(REG_LAST_VALUE);
    uint32_t wl = n ? last_code(off, size, write) : 0; /* nothing recorded after a reset */
    if (r->what || (c == n && l == wl && v == value))
        return;
    *r = (struct rec){ what, true, 0, 0, c, l, v, n, wl, value };
}

static void report(const char *name, const struct rec *r)
{
    if (r->what && r->acc)
        test_check(nm(name), false,
                   "%s: device saw %u accesses, last 0x%x value 0x%x; want %u, 0x%x, 0x%x",
                   r->what, r->count, r->last, r->value, r->wcount, r->wlast, r->wvalue);
    else
        test_check(nm(name), !r->what, "%s: got 0x%x, want 0x%x", r->what ? r->what : "", r->got,
                   r->want);
}

/* ---- device registers ---- */

static void test_id(void)
{
    struct rec r = { 0 };
    rec_data(&r, "ID low", rd32(REG_ID), DEV_ID_LO);
    rec_data(&r, "ID high", rd32(REG_ID + 4), DEV_ID_HI);
    wr32(REG_ID, 0);
    rec_data(&r, "ID after a write", rd32(REG_ID), DEV_ID_LO);
    dev_reset();
    uint32_t v = rd32(0x200);
    rec_acc(&r, "read of offset 0x200", 1, 0x200, 4, false, 0xffffffffu);
    rec_data(&r, "offset 0x200", v, 0xffffffffu);
    wr32(0x200, 0x12345678);
    rec_data(&r, "offset 0x200 after a write", rd32(0x200), 0xffffffffu);
    report("id-and-unimplemented", &r);
}

/* ---- MOV (SDM vol. 2B "MOV"), MOVZX, MOVSX ---- */

static void test_mov_store(void)
{
    struct rec r = { 0 };
    /* 88 /r: byte store touches one byte. */
    wr32(0x10, 0x44332211);
    dev_reset();
    __asm__ volatile("movb %b1, (%0)" :: "r"(dev + 0x11), "q"(0xA5u) : "memory");
    rec_acc(&r, "88 movb r8->m8", 1, 0x11, 1, true, 0xA5);
    rec_data(&r, "88 result", rd32(0x10), 0x4433A511);
    /* 66 89 /r, unaligned across a dword boundary. */
    wr32(0x20, 0x44332211);
    wr32(0x24, 0x88776655);
    dev_reset();
    __asm__ volatile("movw %w1, 3(%0)" :: "r"(dev + 0x20), "r"(0xBEEFu) : "memory");
    rec_acc(&r, "66 89 movw r16->m16", 1, 0x23, 2, true, 0xBEEF);
    rec_data(&r, "66 89 result low", rd32(0x20), 0xEF332211);
    rec_data(&r, "66 89 result high", rd32(0x24), 0x887766BE);
    /* 89 /r, unaligned. */
    wr32(0x30, 0x44332211);
    wr32(0x34, 0x88776655);
    dev_reset();
    __asm__ volatile("movl %1, 1(%0)" :: "r"(dev + 0x30), "r"(0xCAFEBABEu) : "memory");
    rec_acc(&r, "89 movl r32->m32", 1, 0x31, 4, true, 0xCAFEBABE);
    rec_data(&r, "89 result low", rd32(0x30), 0xFEBABE11);
    rec_data(&r, "89 result high", rd32(0x34), 0x887766CA);
    /* C6 /0 ib, 66 C7 /0 iw, C7 /0 id with SIB + disp32. */
    wr32(0x50, 0x11111111);
    dev_reset();
    __asm__ volatile("movb $0x5a, 0x50(%0)" :: "r"(dev) : "memory");
    rec_acc(&r, "C6 movb imm8", 1, 0x50, 1, true, 0x5a);
    rec_data(&r, "C6 result", rd32(0x50), 0x1111115a);
    wr32(0x50, 0x11111111);
    dev_reset();
    __asm__ volatile("movw $0x1234, 0x52(%0)" :: "r"(dev) : "memory");
    rec_acc(&r, "66 C7 movw imm16", 1, 0x52, 2, true, 0x1234);
    rec_data(&r, "66 C7 result", rd32(0x50), 0x12341111);
    wr32(0x60, 0);
    dev_reset();
    __asm__ volatile("movl $0xDEADBEEF, 0x200(%0,%1,4)" :: "r"(dev - 0x200), "r"(0x18u) : "memory");
    rec_acc(&r, "C7 movl imm32 (SIB, disp32)", 1, 0x60, 4, true, 0xDEADBEEF);
    rec_data(&r, "C7 result", rd32(0x60), 0xDEADBEEF);
    report("mov-store", &r);
}

static void test_mov_load(void)
{
    struct rec r = { 0 };
    wr32(0x40, 0x8899AABB);
    wr32(0x44, 0x77665544);
    uint32_t v = 0x12345678;
    dev_reset();
    __asm__ volatile("movb 1(%1), %b0" : "+q"(v) : "r"(dev + 0x40) : "memory");
    rec_acc(&r, "8A movb m8->r8", 1, 0x41, 1, false, 0xAA);
    rec_data(&r, "8A result", v, 0x123456AA);
    v = 0x12345678;
    dev_reset();
    __asm__ volatile("movb 2(%1), %%ah" : "+a"(v) : "r"(dev + 0x40) : "memory");
    rec_acc(&r, "8A movb m8->AH", 1, 0x42, 1, false, 0x99);
    rec_data(&r, "8A AH result", v, 0x12349978);
    v = 0x12345678;
    dev_reset();
    __asm__ volatile("movw 1(%1), %w0" : "+r"(v) : "r"(dev + 0x40) : "memory");
    rec_acc(&r, "66 8B movw m16->r16", 1, 0x41, 2, false, 0x99AA);
    rec_data(&r, "66 8B result", v, 0x123499AA);
    dev_reset();
    __asm__ volatile("movl 2(%1), %0" : "=r"(v) : "r"(dev + 0x40) : "memory");
    rec_acc(&r, "8B movl m32->r32", 1, 0x42, 4, false, 0x55448899);
    rec_data(&r, "8B result", v, 0x55448899);
    report("mov-load", &r);
}

/* A0-A3 and 66 A1/A3 with a 32-bit absolute address (moffs32): the address
 * is part of the instruction, so there is one body per device address. */
#define MOFFS_BODY(BASE)                                                                      \
    do {                                                                                      \
        uint32_t a = 0x12345678;                                                              \
        dev_reset();                                                                          \
        __asm__ volatile("movb %c1, %%al" : "+a"(a) : "i"((BASE) + 0x41) : "memory");          \
        rec_acc(&r, "A0 mov moffs8->AL", 1, 0x41, 1, false, 0xAA);                           \
        rec_data(&r, "A0 result", a, 0x123456AA);                                             \
        a = 0x12345678;                                                                       \
        dev_reset();                                                                          \
        __asm__ volatile("movw %c1, %%ax" : "+a"(a) : "i"((BASE) + 0x42) : "memory");          \
        rec_acc(&r, "66 A1 mov moffs16->AX", 1, 0x42, 2, false, 0x8899);                     \
        rec_data(&r, "66 A1 result", a, 0x12348899);                                          \
        dev_reset();                                                                          \
        __asm__ volatile("movl %c1, %%eax" : "=a"(a) : "i"((BASE) + 0x40) : "memory");         \
        rec_acc(&r, "A1 mov moffs32->EAX", 1, 0x40, 4, false, 0x8899AABB);                   \
        rec_data(&r, "A1 result", a, 0x8899AABB);                                             \
        wr32(0x70, 0);                                                                        \
        wr32(0x74, 0);                                                                        \
        dev_reset();                                                                          \
        __asm__ volatile("movb %%al, %c1" :: "a"(0x3Cu), "i"((BASE) + 0x70) : "memory");       \
        rec_acc(&r, "A2 mov AL->moffs8", 1, 0x70, 1, true, 0x3C);                            \
        dev_reset();                                                                          \
        __asm__ volatile("movw %%ax, %c1" :: "a"(0xA55Au), "i"((BASE) + 0x72) : "memory");     \
        rec_acc(&r, "66 A3 mov AX->moffs16", 1, 0x72, 2, true, 0xA55A);                      \
        dev_reset();                                                                          \
        __asm__ volatile("movl %%eax, %c1" :: "a"(0x01020304u), "i"((BASE) + 0x74) : "memory"); \
        rec_acc(&r, "A3 mov EAX->moffs32", 1, 0x74, 4, true, 0x01020304);                    \
        rec_data(&r, "A2/A3 result low", rd32(0x70), 0xA55A003C);                             \
        rec_data(&r, "A2/A3 result high", rd32(0x74), 0x01020304);                            \
    } while (0)

static void test_mov_moffs(void)
{
    struct rec r = { 0 };
    wr32(0x40, 0x8899AABB);
    if (dev == DEV_PHYS)
        MOFFS_BODY(DEV_PHYS);
    else
        MOFFS_BODY(DEV_ALIAS);
    report("mov-moffs", &r);
}

static void test_movzx_movsx(void)
{
    struct rec r = { 0 };
    uint32_t base = dev + 0x80, v;
    wr32(0x80, 0x80018080); /* bytes 0x80 0x80 0x01 0x80 */
    dev_reset();
    __asm__ volatile("movzbl (%1), %0" : "=r"(v) : "r"(base) : "memory");
    rec_acc(&r, "0F B6 movzx r32,m8", 1, 0x80, 1, false, 0x80);
    rec_data(&r, "0F B6 result", v, 0x00000080);
    dev_reset();
    __asm__ volatile("movzwl 2(%1), %0" : "=r"(v) : "r"(base) : "memory");
    rec_acc(&r, "0F B7 movzx r32,m16", 1, 0x82, 2, false, 0x8001);
    rec_data(&r, "0F B7 result", v, 0x00008001);
    dev_reset();
    __asm__ volatile("movsbl (%1), %0" : "=r"(v) : "r"(base) : "memory");
    rec_acc(&r, "0F BE movsx r32,m8", 1, 0x80, 1, false, 0x80);
    rec_data(&r, "0F BE result", v, 0xFFFFFF80);
    dev_reset();
    __asm__ volatile("movswl 2(%1), %0" : "=r"(v) : "r"(base) : "memory");
    rec_acc(&r, "0F BF movsx r32,m16", 1, 0x82, 2, false, 0x8001);
    rec_data(&r, "0F BF result", v, 0xFFFF8001);
    v = 0x12345678;
    dev_reset();
    __asm__ volatile("movsbw 1(%1), %w0" : "+r"(v) : "r"(base) : "memory");
    rec_acc(&r, "66 0F BE movsx r16,m8", 1, 0x81, 1, false, 0x80);
    rec_data(&r, "66 0F BE result", v, 0x1234FF80);
    v = 0x12345678;
    dev_reset();
    __asm__ volatile("movzbw 3(%1), %w0" : "+r"(v) : "r"(base) : "memory");
    rec_acc(&r, "66 0F B6 movzx r16,m8", 1, 0x83, 1, false, 0x80);
    rec_data(&r, "66 0F B6 result", v, 0x12340080);
    report("movzx-movsx", &r);
}

/* ---- ALU, XCHG, NOT/NEG, BT: same instruction on RAM and on the device ---- */

/* One instruction form: memory operand at address m, register operand *r,
 * EFLAGS loaded from *fl before and stored to *fl after. */
typedef void (*op_fn)(uint32_t m, uint32_t *r, uint32_t *fl);

#define DEF_FN(op, form, sz, md, insn)                                                        \
    static void op##_##form(uint32_t m, uint32_t *r, uint32_t *fl)                             \
    {                                                                                         \
        uint32_t v = *r, f = *fl;                                                             \
        __asm__ volatile("pushl %[f]\n\tpopfl\n\t" insn "\n\tpushfl\n\tpopl %[f]"               \
                         : [f] "+r"(f), [v] "+q"(v) : [m] "r"(m) : "memory", "cc");           \
        *r = v;                                                                               \
        *fl = f;                                                                              \
    }
#define DEF_ENT(op, form, sz, md, insn) { #op " " #form, op##_##form, sz, md },

struct form {
    const char *name;
    op_fn fn;
    unsigned size;
    bool mem_dest; /* the memory operand is the destination */
};

/* Forms of the group-1 ALU ops (SDM vol. 2 "ADD" etc.): 00-3B r/m,reg and
 * reg,r/m; 80 /x ib; 66 81 /x iw; 81 /x id; 66 83 and 83 /x ib
 * sign-extended. */
#define ALU_FORMS(X, op)                                      \
    X(op, mr8, 1, true, #op "b %b[v], (%[m])")                \
    X(op, mr16, 2, true, #op "w %w[v], (%[m])")               \
    X(op, mr32, 4, true, #op "l %[v], (%[m])")                \
    X(op, rm8, 1, false, #op "b (%[m]), %b[v]")               \
    X(op, rm16, 2, false, #op "w (%[m]), %w[v]")              \
    X(op, rm32, 4, false, #op "l (%[m]), %[v]")               \
    X(op, mi8, 1, true, #op "b $0x81, (%[m])")                \
    X(op, mi16, 2, true, #op "w $0x8001, (%[m])")             \
    X(op, mi32, 4, true, #op "l $0x80000001, (%[m])")         \
    X(op, ms16, 2, true, #op "w $-3, (%[m])")                 \
    X(op, ms32, 4, true, #op "l $-3, (%[m])")
/* TEST: 84/85 /r and F6/F7 /0. */
#define TEST_FORMS(X, op)                                     \
    X(op, mr8, 1, true, #op "b %b[v], (%[m])")                \
    X(op, mr16, 2, true, #op "w %w[v], (%[m])")               \
    X(op, mr32, 4, true, #op "l %[v], (%[m])")                \
    X(op, mi8, 1, true, #op "b $0x81, (%[m])")                \
    X(op, mi16, 2, true, #op "w $0x8001, (%[m])")             \
    X(op, mi32, 4, true, #op "l $0x80000001, (%[m])")
/* XCHG 86/87 /r. */
#define XCHG_FORMS(X, op)                                     \
    X(op, m8, 1, true, #op "b %b[v], (%[m])")                 \
    X(op, m16, 2, true, #op "w %w[v], (%[m])")                \
    X(op, m32, 4, true, #op "l %[v], (%[m])")
/* NOT/NEG F6/F7 /2 /3. */
#define UNARY_FORMS(X, op)                                    \
    X(op, m8, 1, true, #op "b (%[m])")                        \
    X(op, m16, 2, true, #op "w (%[m])")                       \
    X(op, m32, 4, true, #op "l (%[m])")

ALU_FORMS(DEF_FN, add)
ALU_FORMS(DEF_FN, or)
ALU_FORMS(DEF_FN, adc)
ALU_FORMS(DEF_FN, sbb)
ALU_FORMS(DEF_FN, and)
ALU_FORMS(DEF_FN, sub)
ALU_FORMS(DEF_FN, xor)
ALU_FORMS(DEF_FN, cmp)
TEST_FORMS(DEF_FN, test)
XCHG_FORMS(DEF_FN, xchg)
UNARY_FORMS(DEF_FN, not)
UNARY_FORMS(DEF_FN, neg)

static const struct form add_forms[] = { ALU_FORMS(DEF_ENT, add) };
static const struct form or_forms[] = { ALU_FORMS(DEF_ENT, or) };
static const struct form adc_forms[] = { ALU_FORMS(DEF_ENT, adc) };
static const struct form sbb_forms[] = { ALU_FORMS(DEF_ENT, sbb) };
static const struct form and_forms[] = { ALU_FORMS(DEF_ENT, and) };
static const struct form sub_forms[] = { ALU_FORMS(DEF_ENT, sub) };
static const struct form xor_forms[] = { ALU_FORMS(DEF_ENT, xor) };
static const struct form cmp_forms[] = { ALU_FORMS(DEF_ENT, cmp) };
static const struct form test_forms[] = { TEST_FORMS(DEF_ENT, test) };
static const struct form xchg_forms[] = { XCHG_FORMS(DEF_ENT, xchg) };
static const struct form not_forms[] = { UNARY_FORMS(DEF_ENT, not) };
static const struct form neg_forms[] = { UNARY_FORMS(DEF_ENT, neg) };

struct op {
    const char *name;
    const struct form *forms;
    unsigned nforms;
    bool writes;        /* writes its destination (not CMP/TEST) */
    uint32_t flag_mask; /* flags defined after the instruction */
    bool aligned_only;  /* run at the aligned offset only */
};

#define OP(n, w, fm, al) { "alu-" #n, n##_forms, sizeof n##_forms / sizeof n##_forms[0], w, fm, al }
static const struct op ops[] = {
    OP(add, true, FL_ARITH, false), OP(or, true, FL_LOGIC, false),
    OP(adc, true, FL_ARITH, false), OP(sbb, true, FL_ARITH, false),
    OP(and, true, FL_LOGIC, false), OP(sub, true, FL_ARITH, false),
    OP(xor, true, FL_LOGIC, false), OP(cmp, false, FL_ARITH, false),
    OP(test, false, FL_LOGIC, false),
    /* XCHG and NOT leave the flags alone: all six are compared. XCHG with
     * memory is implicitly locked; QEMU 7.2's multi-threaded TCG runs an
     * unaligned locked access in its exclusive single-step path, and a #NPF
     * #VMEXIT taken there stores RFLAGS with the arithmetic flags cleared
     * into the VMCB (seen with HOST_SMP=2, not with HOST_SMP=1). That is the
     * emulated CPU, not the hypervisor, so XCHG uses the aligned offset. */
    OP(xchg, true, FL_ARITH, true), OP(not, true, FL_ARITH, false),
    OP(neg, true, FL_ARITH, false),
};

/* The memory operand is the middle of three dwords, so an access of the wrong
 * width or place shows up in the neighbours (BT addresses them on purpose). */
#define NB_BEFORE 0xC3A50F81u
#define NB_AFTER 0x7E5AF00Fu
static volatile uint32_t ram3[3];

struct opcase {
    const char *name;
    op_fn fn;
    unsigned size;
    int delta;        /* offset of the access from the operand address */
    bool wmem;        /* the device sees a read and then a write */
    uint32_t fmask;
};

/* Runs c on RAM and on the device at offset off (off - 4 .. off + 8 inside the
 * scratch area); records the first difference in *r. */
static void run_case(const struct opcase *c, unsigned off, uint32_t m0, uint32_t r0, uint32_t fin,
                     struct rec *r)
{
    ram3[0] = NB_BEFORE;
    ram3[1] = m0;
    ram3[2] = NB_AFTER;
    uint32_t rr = r0, rf = fin;
    c->fn((uint32_t)&ram3[1], &rr, &rf);
    uint32_t ram[3] = { ram3[0], ram3[1], ram3[2] };

    wr32(off - 4, NB_BEFORE);
    wr32(off, m0);
    wr32(off + 4, NB_AFTER);
    uint32_t dr = r0, df = fin;
    dev_reset();
    c->fn(dev + off, &dr, &df);
    /* The accessed bytes after the instruction, from the RAM run. */
    unsigned aoff = off + (unsigned)c->delta;
    uint8_t bytes[12];
    memcpy(bytes, ram, sizeof bytes);
    uint32_t aval = 0;
    for (unsigned i = 0; i < c->size; i++)
        aval |= (uint32_t)bytes[4 + c->delta + (int)i] << (8 * i);
    if (c->wmem)
        rec_acc(r, c->name, 2, aoff, c->size, true, aval);
    else
        rec_acc(r, c->name, 1, aoff, c->size, false, aval);
    rec_data(r, c->name, dr, rr); /* register operand */
    rec_data(r, c->name, df & c->fmask, rf & c->fmask);
    rec_data(r, c->name, rd32(off - 4), ram[0]);
    rec_data(r, c->name, rd32(off), ram[1]);
    rec_data(r, c->name, rd32(off + 4), ram[2]);
}

static void test_alu(void)
{
    /* Pairs chosen for carries, borrows, signed overflow and zero results at
     * all three widths. */
    static const uint32_t vals[][2] = {
        { 0x7fff7f7f, 0x00010101 }, { 0x80008080, 0x80008080 }, { 0x12345678, 0x12345678 },
        { 0x00000001, 0xffffffff }, { 0xfedcba98, 0x0123f568 },
    };
    static const uint32_t flags_in[] = { FL_FIXED, FL_FIXED | FL_ARITH };
    for (unsigned o = 0; o < sizeof ops / sizeof ops[0]; o++) {
        struct rec r = { 0 };
        for (unsigned f = 0; f < ops[o].nforms; f++) {
            const struct form *fm = &ops[o].forms[f];
            struct opcase c = { fm->name, fm->fn, fm->size, 0, fm->mem_dest && ops[o].writes,
                                ops[o].flag_mask };
            for (unsigned v = 0; v < sizeof vals / sizeof vals[0]; v++)
                for (unsigned i = 0; i < 2; i++)
                    run_case(&c, (v & 1) && !ops[o].aligned_only ? 0x53 : 0x40, vals[v][0],
                             vals[v][1], flags_in[i], &r);
        }
        report(ops[o].name, &r);
    }
}

/* BT/BTS/BTR/BTC (SDM vol. 2A "BT"): with a register bit offset and a memory
 * operand the offset is signed and selects the word/dword at
 * EA + size * (offset DIV bits); an immediate is taken modulo the width. */
#define BT_FORMS(X, op)                                       \
    X(op, bt_i32, 4, false, "btl $5, (%[m])")                 \
    X(op, bt_i16, 2, false, "btw $13, (%[m])")                \
    X(op, bt_r32, 4, false, "btl %[v], (%[m])")               \
    X(op, bt_r16, 2, false, "btw %w[v], (%[m])")              \
    X(op, bts_r32, 4, true, "btsl %[v], (%[m])")              \
    X(op, btr_i32, 4, true, "btrl $0, (%[m])")                \
    X(op, btc_r32, 4, true, "btcl %[v], (%[m])")              \
    X(op, bts_i16, 2, true, "btsw $15, (%[m])")
BT_FORMS(DEF_FN, b)

static void test_bt(void)
{
    static const struct {
        struct opcase c;
        uint32_t bitoff;
    } cases[] = {
        { { "0F BA /4 bt m32,imm8", b_bt_i32, 4, 0, false, FL_CF }, 0 },
        { { "66 0F BA /4 bt m16,imm8", b_bt_i16, 2, 0, false, FL_CF }, 0 },
        { { "0F A3 bt m32,r32 (+37)", b_bt_r32, 4, 4, false, FL_CF }, 37 },
        { { "0F A3 bt m32,r32 (-27)", b_bt_r32, 4, -4, false, FL_CF }, (uint32_t)-27 },
        { { "0F A3 bt m32,r32 (+8)", b_bt_r32, 4, 0, false, FL_CF }, 8 },
        { { "66 0F A3 bt m16,r16 (+21)", b_bt_r16, 2, 2, false, FL_CF }, 21 },
        { { "66 0F A3 bt m16,r16 (-1)", b_bt_r16, 2, -2, false, FL_CF }, 0xffff },
        { { "0F AB bts m32,r32 (+40)", b_bts_r32, 4, 4, true, FL_CF }, 40 },
        { { "0F BA /6 btr m32,imm8", b_btr_i32, 4, 0, true, FL_CF }, 0 },
        { { "0F BB btc m32,r32 (-1)", b_btc_r32, 4, -4, true, FL_CF }, (uint32_t)-1 },
        { { "66 0F BA /5 bts m16,imm8", b_bts_i16, 2, 0, true, FL_CF }, 0 },
    };
    static const uint32_t mems[] = { 0x0000A021, 0xFFFF5FDE };
    struct rec r = { 0 };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (unsigned m = 0; m < 2; m++)
            run_case(&cases[i].c, 0x64, mems[m], cases[i].bitoff, FL_FIXED | (m ? FL_CF : 0), &r);
    report("bt", &r);
}

/* ---- string instructions (SDM vol. 2B "STOS", "MOVS", "LODS", "REP") ---- */

static uint8_t ram_src[64], ram_dst[64];
static uint8_t ram_page[4096] __attribute__((aligned(4096)));

static void fill_dev(unsigned off, unsigned len, uint32_t v)
{
    for (unsigned i = 0; i < len; i += 4)
        wr32(off + i, v);
}

static void test_rep_stos(void)
{
    struct rec r = { 0 };
    fill_dev(0x8c, 0x38, 0x11111111); /* 0x8c .. 0xc3 */
    uint32_t di = dev + 0x90, cx = 48;
    dev_reset();
    __asm__ volatile("rep stosb" : "+D"(di), "+c"(cx) : "a"(0x3Cu) : "memory");
    rec_acc(&r, "F3 AA rep stosb", 48, 0xbf, 1, true, 0x3C);
    rec_data(&r, "rep stosb ECX", cx, 0);
    rec_data(&r, "rep stosb EDI", di, dev + 0xc0);
    rec_data(&r, "rep stosb byte before", rd32(0x8c), 0x11111111);
    for (unsigned i = 0x90; i < 0xc0; i += 4)
        rec_data(&r, "rep stosb data", rd32(i), 0x3C3C3C3C);
    rec_data(&r, "rep stosb byte after", rd32(0xc0), 0x11111111);

    fill_dev(0xc0, 0x40, 0);
    di = dev + 0xc0;
    cx = 16;
    dev_reset();
    __asm__ volatile("rep stosl" : "+D"(di), "+c"(cx) : "a"(0xA5A55A5Au) : "memory");
    rec_acc(&r, "F3 AB rep stosd", 16, 0xfc, 4, true, 0xA5A55A5A);
    rec_data(&r, "rep stosd ECX", cx, 0);
    rec_data(&r, "rep stosd EDI", di, dev + 0x100);
    for (unsigned i = 0xc0; i < 0x100; i += 4)
        rec_data(&r, "rep stosd data", rd32(i), 0xA5A55A5A);

    /* DF = 1: downwards from 0x2f to 0x20. */
    fill_dev(0x1c, 0x18, 0x22222222);
    di = dev + 0x2f;
    cx = 16;
    dev_reset();
    __asm__ volatile("std\n\trep stosb\n\tcld" : "+D"(di), "+c"(cx) : "a"(0x77u) : "memory", "cc");
    rec_acc(&r, "std; rep stosb", 16, 0x20, 1, true, 0x77);
    rec_data(&r, "rep stosb down ECX", cx, 0);
    rec_data(&r, "rep stosb down EDI", di, dev + 0x1f);
    rec_data(&r, "rep stosb down below", rd32(0x1c), 0x22222222);
    for (unsigned i = 0x20; i < 0x30; i += 4)
        rec_data(&r, "rep stosb down data", rd32(i), 0x77777777);
    rec_data(&r, "rep stosb down above", rd32(0x30), 0x22222222);
    report("rep-stos", &r);
}

static uint32_t load_le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_rep_movs(void)
{
    struct rec r = { 0 };
    for (unsigned i = 0; i < sizeof ram_src; i++)
        ram_src[i] = (uint8_t)(i * 37 + 5);
    fill_dev(0x0c, 0x34, 0);
    /* RAM -> device: 40 bytes to 0x10 .. 0x37. */
    uint32_t si = (uint32_t)ram_src, di = dev + 0x10, cx = 40;
    dev_reset();
    __asm__ volatile("rep movsb" : "+S"(si), "+D"(di), "+c"(cx) :: "memory");
    rec_acc(&r, "F3 A4 rep movsb RAM->dev", 40, 0x37, 1, true, ram_src[39]);
    rec_data(&r, "movsb to dev ECX", cx, 0);
    rec_data(&r, "movsb to dev ESI", si, (uint32_t)ram_src + 40);
    rec_data(&r, "movsb to dev EDI", di, dev + 0x38);
    rec_data(&r, "movsb to dev before", rd32(0x0c), 0);
    for (unsigned i = 0; i < 40; i += 4)
        rec_data(&r, "movsb to dev data", rd32(0x10 + i), load_le32(&ram_src[i]));
    rec_data(&r, "movsb to dev after", rd32(0x38), 0);

    /* Device -> RAM. */
    memset(ram_dst, 0xEE, sizeof ram_dst);
    si = dev + 0x10;
    di = (uint32_t)ram_dst;
    cx = 40;
    dev_reset();
    __asm__ volatile("rep movsb" : "+S"(si), "+D"(di), "+c"(cx) :: "memory");
    rec_acc(&r, "F3 A4 rep movsb dev->RAM", 40, 0x37, 1, false, ram_src[39]);
    rec_data(&r, "movsb from dev ECX", cx, 0);
    rec_data(&r, "movsb from dev ESI", si, dev + 0x38);
    rec_data(&r, "movsb from dev data", (uint32_t)memcmp(ram_dst, ram_src, 40), 0);
    rec_data(&r, "movsb from dev after", ram_dst[40], 0xEE);

    /* LODS: AD lodsd. */
    uint32_t a;
    si = dev + 0x14;
    dev_reset();
    __asm__ volatile("lodsl" : "=a"(a), "+S"(si) :: "memory");
    rec_acc(&r, "AD lodsd", 1, 0x14, 4, false, load_le32(&ram_src[4]));
    rec_data(&r, "lodsd EAX", a, load_le32(&ram_src[4]));
    rec_data(&r, "lodsd ESI", si, dev + 0x18);

    /* Device -> device (both operands in the faulting page): 4 dwords
     * 0x10 -> 0x80, a read and a write each. */
    fill_dev(0x80, 0x14, 0);
    si = dev + 0x10;
    di = dev + 0x80;
    cx = 4;
    dev_reset();
    __asm__ volatile("rep movsl" : "+S"(si), "+D"(di), "+c"(cx) :: "memory");
    rec_acc(&r, "F3 A5 rep movsd dev->dev", 8, 0x8c, 4, true, load_le32(&ram_src[12]));
    rec_data(&r, "movsd dev->dev ECX", cx, 0);
    for (unsigned i = 0; i < 16; i += 4)
        rec_data(&r, "movsd dev->dev data", rd32(0x80 + i), load_le32(&ram_src[i]));
    rec_data(&r, "movsd dev->dev after", rd32(0x90), 0);
    report("rep-movs", &r);
}

/* ---- paging ---- */

static uint32_t pd[1024] __attribute__((aligned(4096)));
static uint32_t pt_low[2][1024] __attribute__((aligned(4096)));
static uint32_t pt_dev[1024] __attribute__((aligned(4096)));
static uint32_t pt_alias[1024] __attribute__((aligned(4096)));

#define PDI(va) ((va) >> 22)
#define PTI(va) (((va) >> 12) & 0x3ffu)

/* 32-bit paging with 4 KiB pages (SDM vol. 3A §4.3, Tables 4-5/4-6): the
 * first 8 MiB identity-mapped (the guest is linked at 4 MiB), the device page
 * at its own address and at DEV_ALIAS (PCD|PWT, as for any device
 * registers), ram_page at RAM_ALIAS, UNMAPPED_VA not present. */
static void paging_on(void)
{
    for (uint32_t i = 0; i < 2 * 1024; i++)
        pt_low[i / 1024][i % 1024] = i << 12 | PTE_P | PTE_RW;
    pd[0] = (uint32_t)pt_low[0] | PTE_P | PTE_RW;
    pd[1] = (uint32_t)pt_low[1] | PTE_P | PTE_RW;
    pd[PDI(DEV_PHYS)] = (uint32_t)pt_dev | PTE_P | PTE_RW;
    pt_dev[PTI(DEV_PHYS)] = DEV_PHYS | PTE_P | PTE_RW | PTE_PCD | PTE_PWT;
    pd[PDI(DEV_ALIAS)] = (uint32_t)pt_alias | PTE_P | PTE_RW;
    pt_alias[PTI(DEV_ALIAS)] = DEV_PHYS | PTE_P | PTE_RW | PTE_PCD | PTE_PWT;
    pt_alias[PTI(RAM_ALIAS)] = (uint32_t)ram_page | PTE_P | PTE_RW;
    pt_alias[PTI(UNMAPPED_VA)] = 0;
    uint32_t cr0;
    __asm__ volatile("movl %0, %%cr3" :: "r"(pd) : "memory");
    __asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("movl %0, %%cr0" :: "r"(cr0 | CR0_PG | CR0_WP) : "memory");
}

static bool paging_enabled(void)
{
    uint32_t cr0;
    __asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
    return cr0 & CR0_PG;
}

/* MOVS whose RAM side is only reachable through the guest's page tables
 * (RAM_ALIAS is not RAM physically), and MOVS into a page that is not
 * present: the emulator must inject #PF (W=1, P=0: error 2, SDM vol. 3A
 * §4.7) before touching the device. */
static void test_movs_paging(void)
{
    struct rec r = { 0 };
    for (unsigned i = 0; i < 16; i++)
        ram_page[0x100 + i] = (uint8_t)(0xC0 + i);
    fill_dev(0x40, 0x14, 0);
    uint32_t si = RAM_ALIAS + 0x100, di = dev + 0x40, cx = 16;
    dev_reset();
    __asm__ volatile("rep movsb" : "+S"(si), "+D"(di), "+c"(cx) :: "memory");
    rec_acc(&r, "rep movsb RAM alias->dev", 16, 0x4f, 1, true, 0xCF);
    rec_data(&r, "movsb alias ECX", cx, 0);
    for (unsigned i = 0; i < 16; i += 4)
        rec_data(&r, "movsb alias data", rd32(0x40 + i), load_le32(&ram_page[0x100 + i]));
    rec_data(&r, "movsb alias after", rd32(0x50), 0);

    si = dev + 0x40;
    di = UNMAPPED_VA + 0x10;
    unsigned taken = exc_taken();
    uint32_t cr2;
    dev_reset();
    exc_expect(VEC_PF, 1); /* A4 movsb */
    __asm__ volatile("movsb" : "+S"(si), "+D"(di) :: "memory");
    exc_disarm();
    __asm__ volatile("movl %%cr2, %0" : "=r"(cr2));
    rec_acc(&r, "movsb dev->unmapped (no device access)", 0, 0, 0, false, 0);
    rec_data(&r, "#PF taken", exc_taken() - taken, 1);
    rec_data(&r, "#PF error code", exc_last_error(), 2);
    rec_data(&r, "#PF CR2", cr2, UNMAPPED_VA + 0x10);
    rec_data(&r, "movsb ESI unchanged", si, dev + 0x40);
    rec_data(&r, "movsb EDI unchanged", di, UNMAPPED_VA + 0x10);
    report("movs-paging", &r);
}

static void run_pass(uint32_t base, const char *prefix)
{
    dev = base;
    pfx = prefix;
    con_printf("mmio: pass %s: device page at linear 0x%x, paging %s\n", prefix, base,
               paging_enabled() ? "on" : "off");
    test_id();
    test_mov_store();
    test_mov_load();
    test_mov_moffs();
    test_movzx_movsx();
    test_alu();
    test_bt();
    test_rep_stos();
    test_rep_movs();
    if (paging_enabled())
        test_movs_paging();
}

int guest_main(void)
{
    exc_install();
    con_printf("mmio: MMIO test device at guest-physical 0x%x\n", DEV_PHYS);
    run_pass(DEV_PHYS, "mmio-");
    paging_on();
    run_pass(DEV_PHYS, "mmio-pg-");
    run_pass(DEV_ALIAS, "mmio-alias-");
    return test_summary();
}
