/* Instruction emulation for MMIO and port I/O exits (see insn_emulate.h).
 * Works on a copy of the registers and writes it back only on success
 * (or after completed REP iterations), so a fault leaves the guest state
 * as the CPU would. */
#include "core/exit/insn_emulate.h"
#include "lib/errors.h"

/* RFLAGS bits (SDM vol. 1 §3.4.3). */
#define FL_CF BIT(0)
#define FL_PF BIT(2)
#define FL_AF BIT(4)
#define FL_ZF BIT(6)
#define FL_SF BIT(7)
#define FL_DF BIT(10)
#define FL_OF BIT(11)
#define FL_RF BIT(16)
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

#define PAGE_OFF(x) ((x) & (PAGE_SIZE - 1))
#define PAGE_BASE(x) ((x) & ~(PAGE_SIZE - 1))

/* Internal: an REP batch must stop because the MMIO operand left its page. */
#define STOP_BATCH 1

enum { REG_AX = 0, REG_CX = 1, REG_DX = 2, REG_SI = 6, REG_DI = 7 };

struct memop {
    uint64_t la;
    uint64_t gpa;
    unsigned size;
    bool mmio;
};

struct emu {
    const struct insn *in;
    struct vcpu_regs r;        /* working copy */
    const struct vcpu_sregs *s;
    const struct emu_ops *ops;
    struct guest_exception *exc;
    bool mmio_page_set;
    uint64_t mmio_page;        /* linear page of the first MMIO access */
};

static uint64_t mask(unsigned size)
{
    return size >= 8 ? ~0ull : BIT(8 * size) - 1;
}

static uint64_t sext(uint64_t v, unsigned size)
{
    if (size >= 8)
        return v;
    v &= mask(size);
    return (v & BIT(8 * size - 1)) ? v | ~mask(size) : v;
}

/* GPR by its encoding number (SDM vol. 2 §2.1.5 Table 2-2 order). */
static uint64_t *gpr(struct vcpu_regs *r, unsigned n)
{
    switch (n & 15) {
    case 0: return &r->rax;
    case 1: return &r->rcx;
    case 2: return &r->rdx;
    case 3: return &r->rbx;
    case 4: return &r->rsp;
    case 5: return &r->rbp;
    case 6: return &r->rsi;
    case 7: return &r->rdi;
    case 8: return &r->r8;
    case 9: return &r->r9;
    case 10: return &r->r10;
    case 11: return &r->r11;
    case 12: return &r->r12;
    case 13: return &r->r13;
    case 14: return &r->r14;
    default: return &r->r15;
    }
}

/* Byte registers 4-7 are AH, CH, DH, BH unless a REX prefix is present
 * (SDM vol. 2 §3.7.2.1). */
static bool high_byte(const struct emu *e, unsigned n, unsigned size)
{
    return size == 1 && !e->in->rex && n >= 4 && n < 8;
}

static uint64_t reg_read(struct emu *e, unsigned n, unsigned size)
{
    if (high_byte(e, n, size))
        return (*gpr(&e->r, n - 4) >> 8) & 0xFF;
    return *gpr(&e->r, n) & mask(size);
}

/* Write semantics of SDM vol. 1 §3.4.1.1: 32-bit results zero-extend to 64
 * bits, 8- and 16-bit results leave the other bits alone. */
static void reg_write(struct emu *e, unsigned n, unsigned size, uint64_t v)
{
    uint64_t *p;
    if (high_byte(e, n, size)) {
        p = gpr(&e->r, n - 4);
        *p = (*p & ~0xFF00ull) | ((v & 0xFF) << 8);
        return;
    }
    p = gpr(&e->r, n);
    if (size == 4)
        *p = (uint32_t)v;
    else if (size == 8)
        *p = v;
    else
        *p = (*p & ~mask(size)) | (v & mask(size));
}

static uint64_t effective_address(struct emu *e)
{
    const struct insn *in = e->in;
    uint64_t a = (uint64_t)in->disp;
    if (in->base == INSN_REG_RIP)
        a += e->r.rip + in->len; /* relative to the next instruction (SDM vol. 2 §2.2.1.6) */
    else if (in->base != INSN_REG_NONE)
        a += *gpr(&e->r, in->base);
    if (in->index != INSN_REG_NONE)
        a += *gpr(&e->r, in->index) * in->scale;
    return a & mask(in->addr_size);
}

/* Linear address and route (device or guest memory) of a memory operand. */
static int resolve(struct emu *e, unsigned seg, uint64_t ea, unsigned size, bool write, struct memop *m)
{
    const struct emu_ops *o = e->ops;
    int rc = guest_linear(e->s, (enum insn_mode)e->in->mode, seg, ea, size, write, &m->la, e->exc);
    if (rc)
        return rc;
    m->size = size;
    m->mmio = false;
    if (o->fault_gpa == EMU_NO_FAULT_GPA)
        return 0;
    if (e->in->kind == INSN_MOVS) {
        /* Two memory operands: the one in the faulting page is the device. */
        if (!o->translate)
            return QV_ERR_UNSUPPORTED;
        rc = o->translate(o->ctx, m->la, write ? GW_WRITE : GW_READ, &m->gpa, e->exc);
        if (rc)
            return rc;
        m->mmio = PAGE_BASE(m->gpa) == PAGE_BASE(o->fault_gpa);
        if (m->mmio && PAGE_OFF(m->gpa) + size > PAGE_SIZE)
            return QV_ERR_UNSUPPORTED;
        return 0;
    }
    /* One memory operand: it is the access that faulted, so its page offset
     * must match; an access straddling into another page is not emulated. */
    if (PAGE_OFF(m->la) + size > PAGE_SIZE)
        return e->mmio_page_set ? STOP_BATCH : QV_ERR_UNSUPPORTED;
    if (!e->mmio_page_set) {
        if (PAGE_OFF(m->la) != PAGE_OFF(o->fault_gpa))
            return QV_ERR_STATE;
        e->mmio_page_set = true;
        e->mmio_page = PAGE_BASE(m->la);
    } else if (PAGE_BASE(m->la) != e->mmio_page) {
        return STOP_BATCH;
    }
    m->gpa = PAGE_BASE(o->fault_gpa) | PAGE_OFF(m->la);
    m->mmio = true;
    return 0;
}

static int mem_load(struct emu *e, const struct memop *m, uint64_t *val)
{
    const struct emu_ops *o = e->ops;
    int rc;
    if (m->mmio) {
        if (!o->mmio_read)
            return QV_ERR_UNSUPPORTED;
        uint64_t v = 0;
        rc = o->mmio_read(o->ctx, m->gpa, m->size, &v);
        *val = v & mask(m->size);
        return rc;
    }
    if (!o->mem_read)
        return QV_ERR_UNSUPPORTED;
    uint8_t b[8] = { 0 };
    rc = o->mem_read(o->ctx, m->la, b, m->size, e->exc);
    uint64_t v = 0;
    for (unsigned i = 0; i < m->size; i++)
        v |= (uint64_t)b[i] << (8 * i);
    *val = v;
    return rc;
}

static int mem_store(struct emu *e, const struct memop *m, uint64_t val)
{
    const struct emu_ops *o = e->ops;
    val &= mask(m->size);
    if (m->mmio)
        return o->mmio_write ? o->mmio_write(o->ctx, m->gpa, m->size, val) : QV_ERR_UNSUPPORTED;
    if (!o->mem_write)
        return QV_ERR_UNSUPPORTED;
    uint8_t b[8];
    for (unsigned i = 0; i < m->size; i++)
        b[i] = (uint8_t)(val >> (8 * i));
    return o->mem_write(o->ctx, m->la, b, m->size, e->exc);
}

/* The r/m operand: a register (mod = 11b) or memory. */
struct operand {
    bool mem;
    struct memop m;
};

static int rm_resolve(struct emu *e, unsigned size, bool write, struct operand *op)
{
    op->mem = e->in->has_mem;
    if (!op->mem)
        return 0;
    return resolve(e, e->in->seg, effective_address(e), size, write, &op->m);
}

static int rm_read(struct emu *e, const struct operand *op, unsigned size, uint64_t *v)
{
    if (op->mem)
        return mem_load(e, &op->m, v);
    *v = reg_read(e, e->in->rm, size);
    return 0;
}

static int rm_write(struct emu *e, const struct operand *op, unsigned size, uint64_t v)
{
    if (op->mem)
        return mem_store(e, &op->m, v);
    reg_write(e, e->in->rm, size, v);
    return 0;
}

static bool parity_even(uint64_t v)
{
    uint8_t b = (uint8_t)v;
    b ^= b >> 4;
    b ^= b >> 2;
    b ^= b >> 1;
    return !(b & 1);
}

/* The eight group-1 operations with their flags (SDM vol. 2 "ADD", "ADC",
 * "SUB", "SBB", "CMP", "AND", "OR", "XOR"): logic ops clear CF and OF; AF is
 * undefined there and left 0. */
static uint64_t alu(unsigned op, unsigned size, uint64_t a, uint64_t b, uint64_t *rflags)
{
    uint64_t m = mask(size), msb = BIT(8 * size - 1);
    uint64_t cin = *rflags & FL_CF ? 1 : 0;
    uint64_t r, f = 0;
    bool arith = true;
    a &= m;
    b &= m;
    switch (op) {
    case ALU_ADD:
    case ALU_ADC:
        if (op == ALU_ADD)
            cin = 0;
        r = (a + b + cin) & m;
        if (cin ? r <= a : r < a)
            f |= FL_CF;
        if ((a ^ r) & (b ^ r) & msb)
            f |= FL_OF;
        break;
    case ALU_SUB:
    case ALU_CMP:
    case ALU_SBB:
        if (op != ALU_SBB)
            cin = 0;
        r = (a - b - cin) & m;
        if (cin ? a <= b : a < b)
            f |= FL_CF;
        if ((a ^ b) & (a ^ r) & msb)
            f |= FL_OF;
        break;
    case ALU_AND: r = a & b; arith = false; break;
    case ALU_OR: r = a | b; arith = false; break;
    default: r = a ^ b; arith = false; break;
    }
    if (arith && ((a ^ b ^ r) & 0x10))
        f |= FL_AF;
    if (r == 0)
        f |= FL_ZF;
    if (r & msb)
        f |= FL_SF;
    if (parity_even(r))
        f |= FL_PF;
    *rflags = (*rflags & ~FL_ARITH) | f;
    return r;
}

static int emulate_alu(struct emu *e)
{
    const struct insn *in = e->in;
    unsigned size = in->op_size;
    bool test = in->kind == INSN_TEST_RM_REG || in->kind == INSN_TEST_RM_IMM;
    unsigned op = test ? ALU_AND : in->alu;
    bool to_rm = in->kind != INSN_ALU_REG_RM && !test && op != ALU_CMP;
    struct operand rm;
    uint64_t a, b, r;
    int rc = rm_resolve(e, size, to_rm, &rm);
    if (rc)
        return rc;
    rc = rm_read(e, &rm, size, &a);
    if (rc)
        return rc;
    if (in->kind == INSN_ALU_RM_IMM || in->kind == INSN_TEST_RM_IMM)
        b = in->imm;
    else
        b = reg_read(e, in->reg, size);
    if (in->kind == INSN_ALU_REG_RM) {
        r = alu(op, size, b, a, &e->r.rflags);
        if (op != ALU_CMP)
            reg_write(e, in->reg, size, r);
        return 0;
    }
    r = alu(op, size, a, b, &e->r.rflags);
    return to_rm ? rm_write(e, &rm, size, r) : 0;
}

/* NOT leaves the flags alone; NEG sets them as 0 - src (SDM vol. 2 "NEG":
 * CF = 0 only for a zero source). */
static int emulate_unary(struct emu *e)
{
    unsigned size = e->in->op_size;
    struct operand rm;
    uint64_t v;
    int rc = rm_resolve(e, size, true, &rm);
    if (!rc)
        rc = rm_read(e, &rm, size, &v);
    if (rc)
        return rc;
    if (e->in->kind == INSN_NOT)
        v = ~v;
    else
        v = alu(ALU_SUB, size, 0, v, &e->r.rflags);
    return rm_write(e, &rm, size, v);
}

/* BT/BTS/BTR/BTC (SDM vol. 2 "BT"): CF = the selected bit; ZF is kept and
 * OF/SF/AF/PF, undefined, are kept too. A register bit offset on a memory
 * operand is a signed bit-string index: the operand moves by
 * (offset SAR log2(bits)) units of the operand size. */
static int emulate_bt(struct emu *e)
{
    const struct insn *in = e->in;
    unsigned size = in->op_size, bits = 8 * size;
    uint64_t off, v;
    struct operand rm;
    int rc;
    if (in->kind == INSN_BT_RM_IMM)
        off = in->imm & (bits - 1);
    else
        off = reg_read(e, in->reg, size);
    bool write = in->alu != 0;
    rm.mem = in->has_mem;
    if (rm.mem) {
        uint64_t ea = effective_address(e);
        if (in->kind == INSN_BT_RM_REG) {
            int64_t soff = (int64_t)sext(off, size);
            unsigned shift = size == 2 ? 4 : size == 4 ? 5 : 6;
            /* Arithmetic shift of a negative offset, written portably. */
            int64_t unit = soff >= 0 ? soff >> shift : -(int64_t)(((uint64_t)-(soff + 1) >> shift) + 1);
            ea = (ea + (uint64_t)unit * size) & mask(in->addr_size);
        }
        rc = resolve(e, in->seg, ea, size, write, &rm.m);
        if (rc)
            return rc;
    }
    rc = rm_read(e, &rm, size, &v);
    if (rc)
        return rc;
    uint64_t bit = BIT(off & (bits - 1));
    e->r.rflags = (e->r.rflags & ~FL_CF) | ((v & bit) ? FL_CF : 0);
    switch (in->alu) {
    case 1: v |= bit; break;
    case 2: v &= ~bit; break;
    case 3: v ^= bit; break;
    default: return 0;
    }
    return rm_write(e, &rm, size, v);
}

static int emulate_mov(struct emu *e)
{
    const struct insn *in = e->in;
    unsigned size = in->op_size;
    struct operand rm;
    uint64_t v;
    int rc;
    switch (in->kind) {
    case INSN_MOV_STORE:
    case INSN_MOV_STORE_IMM:
        rc = rm_resolve(e, size, true, &rm);
        if (rc)
            return rc;
        v = in->kind == INSN_MOV_STORE ? reg_read(e, in->reg, size) : in->imm;
        return rm_write(e, &rm, size, v);
    case INSN_MOV_LOAD:
        rc = rm_resolve(e, size, false, &rm);
        if (!rc)
            rc = rm_read(e, &rm, size, &v);
        if (!rc)
            reg_write(e, in->reg, size, v);
        return rc;
    case INSN_XCHG: {
        uint64_t r = reg_read(e, in->reg, size);
        rc = rm_resolve(e, size, true, &rm);
        if (!rc)
            rc = rm_read(e, &rm, size, &v);
        if (!rc)
            rc = rm_write(e, &rm, size, r);
        if (!rc)
            reg_write(e, in->reg, size, v);
        return rc;
    }
    default: /* MOVZX, MOVSX, MOVSXD: read src_size, extend to op_size */
        rc = rm_resolve(e, in->src_size, false, &rm);
        if (!rc)
            rc = rm_read(e, &rm, in->src_size, &v);
        if (rc)
            return rc;
        if (in->kind != INSN_MOVZX)
            v = sext(v, in->src_size);
        reg_write(e, in->reg, size, v);
        return 0;
    }
}

static uint16_t io_port(struct emu *e)
{
    return e->in->port_imm ? (uint16_t)(e->in->imm & 0xFF) : (uint16_t)e->r.rdx;
}

static int emulate_io(struct emu *e)
{
    const struct emu_ops *o = e->ops;
    unsigned size = e->in->op_size;
    if (e->in->kind == INSN_IN) {
        uint32_t v = 0;
        if (!o->pio_in)
            return QV_ERR_UNSUPPORTED;
        int rc = o->pio_in(o->ctx, io_port(e), size, &v);
        if (!rc)
            reg_write(e, REG_AX, size, v); /* IN EAX zero-extends into RAX */
        return rc;
    }
    if (!o->pio_out)
        return QV_ERR_UNSUPPORTED;
    return o->pio_out(o->ctx, io_port(e), size, (uint32_t)reg_read(e, REG_AX, size));
}

/* rSI/rDI/rCX are used and updated at the address size (SDM vol. 2 "MOVS",
 * "REP"): 16-bit updates merge, 32-bit updates zero-extend. */
static uint64_t areg(struct emu *e, unsigned n)
{
    return *gpr(&e->r, n) & mask(e->in->addr_size);
}

static void astep(struct emu *e, unsigned n)
{
    uint64_t d = (e->r.rflags & FL_DF) ? (uint64_t)0 - e->in->op_size : e->in->op_size;
    reg_write(e, n, e->in->addr_size, areg(e, n) + d);
}

/* One iteration of a string instruction. All operands are resolved (and
 * may fault) before any access with side effects. */
static int string_step(struct emu *e)
{
    const struct insn *in = e->in;
    const struct emu_ops *o = e->ops;
    unsigned size = in->op_size;
    struct memop src, dst;
    uint64_t v = 0;
    int rc;
    switch (in->kind) {
    case INSN_MOVS:
        rc = resolve(e, in->seg, areg(e, REG_SI), size, false, &src);
        if (!rc)
            rc = resolve(e, INSN_SEG_ES, areg(e, REG_DI), size, true, &dst);
        if (!rc)
            rc = mem_load(e, &src, &v);
        if (!rc)
            rc = mem_store(e, &dst, v);
        if (rc)
            return rc;
        astep(e, REG_SI);
        astep(e, REG_DI);
        return 0;
    case INSN_STOS:
        rc = resolve(e, INSN_SEG_ES, areg(e, REG_DI), size, true, &dst);
        if (!rc)
            rc = mem_store(e, &dst, reg_read(e, REG_AX, size));
        if (rc)
            return rc;
        astep(e, REG_DI);
        return 0;
    case INSN_LODS:
        rc = resolve(e, in->seg, areg(e, REG_SI), size, false, &src);
        if (!rc)
            rc = mem_load(e, &src, &v);
        if (rc)
            return rc;
        reg_write(e, REG_AX, size, v);
        astep(e, REG_SI);
        return 0;
    case INSN_INS: {
        uint32_t pv = 0;
        uint64_t gpa;
        rc = resolve(e, INSN_SEG_ES, areg(e, REG_DI), size, true, &dst);
        if (rc)
            return rc;
        /* Probe the memory side first so a #PF does not lose port data. */
        if (!dst.mmio && o->translate) {
            rc = o->translate(o->ctx, dst.la, GW_WRITE, &gpa, e->exc);
            if (rc)
                return rc;
        }
        if (!o->pio_in)
            return QV_ERR_UNSUPPORTED;
        rc = o->pio_in(o->ctx, (uint16_t)e->r.rdx, size, &pv);
        if (!rc)
            rc = mem_store(e, &dst, pv);
        if (rc)
            return rc;
        astep(e, REG_DI);
        return 0;
    }
    default: /* INSN_OUTS */
        rc = resolve(e, in->seg, areg(e, REG_SI), size, false, &src);
        if (!rc)
            rc = mem_load(e, &src, &v);
        if (!rc)
            rc = o->pio_out ? o->pio_out(o->ctx, (uint16_t)e->r.rdx, size, (uint32_t)v)
                            : QV_ERR_UNSUPPORTED;
        if (rc)
            return rc;
        astep(e, REG_SI);
        return 0;
    }
}

/* Returns 0 when done (*done tells whether RIP should advance), or an error;
 * *progress counts completed iterations. */
static int emulate_string(struct emu *e, bool *done, unsigned *progress)
{
    const struct insn *in = e->in;
    *progress = 0;
    *done = false;
    /* F2 acts as REP on the non-comparing string instructions. */
    if (!(in->prefixes & (INSN_P_REP | INSN_P_REPNE))) {
        int rc = string_step(e);
        if (rc == STOP_BATCH)
            rc = QV_ERR_UNSUPPORTED;
        *done = rc == 0;
        return rc;
    }
    for (unsigned i = 0;; i++) {
        uint64_t count = areg(e, REG_CX);
        if (count == 0) {
            *done = true;
            return 0;
        }
        if (i == EMU_REP_BATCH)
            return 0;
        int rc = string_step(e);
        if (rc == STOP_BATCH)
            return i ? 0 : QV_ERR_UNSUPPORTED;
        if (rc)
            return rc;
        reg_write(e, REG_CX, in->addr_size, count - 1);
        (*progress)++;
    }
}

static void advance_rip(struct emu *e)
{
    uint64_t rip = e->r.rip + e->in->len;
    if (e->in->mode == INSN_MODE_32)
        rip = (uint32_t)rip;
    else if (e->in->mode == INSN_MODE_16)
        rip = (uint16_t)rip;
    e->r.rip = rip;
    e->r.rflags &= ~FL_RF; /* RF is cleared once an instruction completes (SDM vol. 3A §18.3.1.1) */
}

int insn_emulate(const struct insn *in, struct vcpu_regs *regs, const struct vcpu_sregs *s,
                 const struct emu_ops *ops)
{
    struct guest_exception dummy;
    struct emu e = {
        .in = in,
        .r = *regs,
        .s = s,
        .ops = ops,
        .exc = ops->exc ? ops->exc : &dummy,
    };
    if (in->len == 0 || in->len > INSN_MAX_LEN)
        return QV_ERR_INVAL;
    e.exc->vector = 0;
    int rc;
    switch (in->kind) {
    case INSN_MOV_STORE: case INSN_MOV_STORE_IMM: case INSN_MOV_LOAD:
    case INSN_MOVZX: case INSN_MOVSX: case INSN_MOVSXD: case INSN_XCHG:
        rc = emulate_mov(&e);
        break;
    case INSN_ALU_RM_REG: case INSN_ALU_REG_RM: case INSN_ALU_RM_IMM:
    case INSN_TEST_RM_REG: case INSN_TEST_RM_IMM:
        rc = emulate_alu(&e);
        break;
    case INSN_IN: case INSN_OUT:
        rc = emulate_io(&e);
        break;
    case INSN_NOT: case INSN_NEG:
        rc = emulate_unary(&e);
        break;
    case INSN_BT_RM_REG: case INSN_BT_RM_IMM:
        rc = emulate_bt(&e);
        break;
    case INSN_MOVS: case INSN_STOS: case INSN_LODS: case INSN_INS: case INSN_OUTS: {
        bool done;
        unsigned progress;
        rc = emulate_string(&e, &done, &progress);
        if (rc == 0 && done)
            advance_rip(&e);
        if (rc == 0 || (rc == QV_ERR_FAULT && progress))
            *regs = e.r;
        return rc;
    }
    default:
        return QV_ERR_UNSUPPORTED;
    }
    if (rc == STOP_BATCH)
        rc = QV_ERR_UNSUPPORTED;
    if (rc)
        return rc;
    advance_rip(&e);
    *regs = e.r;
    return 0;
}
