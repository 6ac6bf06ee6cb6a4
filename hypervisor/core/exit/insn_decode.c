/* x86 instruction decoder (SDM vol. 2 ch. 2 and appendix A opcode maps,
 * APM vol. 3 §1.2-1.5 and appendix A). Length decoding is table-driven;
 * classify1/classify2 then name the instructions exit handlers act on. */
#include "core/exit/insn_decode.h"
#include "lib/errors.h"
#include "lib/string.h"

/* Opcode attributes. */
#define M    0x001 /* ModRM follows */
#define IB   0x002 /* 8-bit immediate (also rel8) */
#define IW   0x004 /* 16-bit immediate */
#define IZ   0x008 /* 16-bit immediate with 16-bit operand size, else 32 (also rel16/32) */
#define IV   0x010 /* immediate of the full operand size, 64 with REX.W (B8-BF) */
#define AP   0x020 /* far pointer: offset (16/32) + 16-bit selector */
#define MO   0x040 /* memory offset of the address size (A0-A3) */
#define BAD  0x080 /* undefined in every mode */
#define I64  0x100 /* undefined in 64-bit mode (SDM vol. 2 Table A-1 "i64") */
#define PFX  0x200 /* prefix byte: never reaches the table lookup */
#define ESC  0x400 /* escape to another map / special decoding */

#define R16(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p

/* One-byte opcode map (SDM vol. 2 Table A-2). In 64-bit mode 40-4F are REX
 * and handled as prefixes; 62, C4, C5 and 8F /1-7 are EVEX/VEX/XOP escapes. */
static const uint16_t map1[256] = {
    /* 00 */ R16(M, M, M, M, IB, IZ, I64, I64, M, M, M, M, IB, IZ, I64, ESC),
    /* 10 */ R16(M, M, M, M, IB, IZ, I64, I64, M, M, M, M, IB, IZ, I64, I64),
    /* 20 */ R16(M, M, M, M, IB, IZ, PFX, I64, M, M, M, M, IB, IZ, PFX, I64),
    /* 30 */ R16(M, M, M, M, IB, IZ, PFX, I64, M, M, M, M, IB, IZ, PFX, I64),
    /* 40 */ R16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    /* 50 */ R16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    /* 60 */ R16(I64, I64, M | I64 | ESC, M, PFX, PFX, PFX, PFX, IZ, M | IZ, IB, M | IB, 0, 0, 0, 0),
    /* 70 */ R16(IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB),
    /* 80 */ R16(M | IB, M | IZ, M | IB | I64, M | IB, M, M, M, M, M, M, M, M, M, M, M, M | ESC),
    /* 90 */ R16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, AP | I64, 0, 0, 0, 0, 0),
    /* A0 */ R16(MO, MO, MO, MO, 0, 0, 0, 0, IB, IZ, 0, 0, 0, 0, 0, 0),
    /* B0 */ R16(IB, IB, IB, IB, IB, IB, IB, IB, IV, IV, IV, IV, IV, IV, IV, IV),
    /* C0 */ R16(M | IB, M | IB, IW, 0, M | I64 | ESC, M | I64 | ESC, M | IB, M | IZ,
                 IW, 0, IW, 0, 0, IB, I64, 0),
    /* D0 */ R16(M, M, M, M, IB | I64, IB | I64, I64, 0, M, M, M, M, M, M, M, M),
    /* E0 */ R16(IB, IB, IB, IB, IB, IB, IB, IB, IZ, IZ, AP | I64, IB, 0, 0, 0, 0),
    /* F0 */ R16(PFX, 0, PFX, PFX, 0, 0, M, M, 0, 0, 0, 0, 0, 0, M, M),
};

/* Two-byte opcode map 0F xx (SDM vol. 2 Table A-3). 0F 0F is 3DNow!, 38/3A
 * escape to the three-byte maps. */
static const uint16_t map2[256] = {
    /* 00 */ R16(M, M, M, M, BAD, 0, 0, 0, 0, 0, BAD, 0, BAD, M, 0, ESC),
    /* 10 */ R16(M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M),
    /* 20 */ R16(M, M, M, M, BAD, BAD, BAD, BAD, M, M, M, M, M, M, M, M),
    /* 30 */ R16(0, 0, 0, 0, 0, 0, BAD, 0, ESC, BAD, ESC, BAD, BAD, BAD, BAD, BAD),
    /* 40 */ R16(M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M),
    /* 50 */ R16(M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M),
    /* 60 */ R16(M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M),
    /* 70 */ R16(M | IB, M | IB, M | IB, M | IB, M, M, M, 0, M, M, BAD, BAD, M, M, M, M),
    /* 80 */ R16(IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ),
    /* 90 */ R16(M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M),
    /* A0 */ R16(0, 0, 0, M, M | IB, M, BAD, BAD, 0, 0, 0, M, M | IB, M, M, M),
    /* B0 */ R16(M, M, M, M, M, M, M, M, M, M, M | IB, M, M, M, M, M),
    /* C0 */ R16(M, M, M | IB, M, M | IB, M | IB, M | IB, M, 0, 0, 0, 0, 0, 0, 0, 0),
    /* D0 */ R16(M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M),
    /* E0 */ R16(M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M),
    /* F0 */ R16(M, M, M, M, M, M, M, M, M, M, M, M, M, M, M, M),
};

struct dec {
    const uint8_t *b;
    size_t avail;
    size_t i;
    int err;
};

/* Byte at the cursor: the 15-byte limit comes first (an over-long
 * instruction is #GP whatever follows), then the caller's buffer. */
static uint8_t peek(struct dec *d, size_t off)
{
    size_t at = d->i + off;
    if (at >= INSN_MAX_LEN) {
        if (!d->err)
            d->err = QV_ERR_RANGE;
        return 0;
    }
    if (at >= d->avail) {
        if (!d->err)
            d->err = QV_ERR_TRUNCATED;
        return 0;
    }
    return d->b[at];
}

static uint8_t next(struct dec *d)
{
    uint8_t v = peek(d, 0);
    if (!d->err)
        d->i++;
    return v;
}

/* Little-endian value of n bytes, sign-extended to 64 bits. */
static uint64_t fetch_signed(struct dec *d, unsigned n)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < n; k++)
        v |= (uint64_t)next(d) << (8 * k);
    if (n < 8 && (v & BIT(8 * n - 1)))
        v |= ~(BIT(8 * n) - 1);
    return v;
}

static uint64_t fetch_unsigned(struct dec *d, unsigned n)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < n; k++)
        v |= (uint64_t)next(d) << (8 * k);
    return v;
}

/* ModRM, SIB and displacement (SDM vol. 2 §2.1.5 Tables 2-1..2-3, §2.2.1.6
 * RIP-relative addressing). */
static void decode_modrm(struct dec *d, struct insn *in, bool force_reg)
{
    uint8_t m = next(d);
    uint8_t rex_r = (in->rex >> 2) & 1, rex_x = (in->rex >> 1) & 1, rex_b = in->rex & 1;
    in->has_modrm = true;
    in->modrm = m;
    in->mod = m >> 6;
    in->reg = (uint8_t)(((m >> 3) & 7) | (rex_r << 3));
    in->rm = m & 7;
    in->base = in->index = INSN_REG_NONE;
    in->scale = 1;
    /* MOV to/from CR/DR ignore mod: always the register form (SDM vol. 2 "MOV—Move to/from Control Registers"). */
    if (in->mod == 3 || force_reg) {
        in->rm |= (uint8_t)(rex_b << 3);
        return;
    }
    in->has_mem = true;
    bool ss_default = false;
    unsigned disp = 0;
    if (in->addr_size == 2) {
        static const uint8_t base16[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };           /* BX BX BP BP SI DI BP BX */
        static const uint8_t index16[8] = { 6, 7, 6, 7, INSN_REG_NONE, INSN_REG_NONE,
                                            INSN_REG_NONE, INSN_REG_NONE };     /* SI DI SI DI */
        if (in->mod == 0 && in->rm == 6) {
            disp = 2;
        } else {
            in->base = base16[in->rm];
            in->index = index16[in->rm];
            ss_default = in->base == 5;
            disp = in->mod == 1 ? 1 : in->mod == 2 ? 2 : 0;
        }
    } else {
        if (in->rm == 4) {
            uint8_t s = next(d);
            in->has_sib = true;
            in->sib = s;
            in->scale = (uint8_t)(1u << (s >> 6));
            uint8_t idx = (uint8_t)(((s >> 3) & 7) | (rex_x << 3));
            in->index = idx == 4 ? INSN_REG_NONE : idx; /* index 100b without REX.X = none */
            if ((s & 7) == 5 && in->mod == 0) {
                disp = 4;
            } else {
                in->base = (uint8_t)((s & 7) | (rex_b << 3));
                ss_default = (s & 7) == 4 || (s & 7) == 5;
            }
        } else if (in->rm == 5 && in->mod == 0) {
            disp = 4;
            if (in->mode == INSN_MODE_64)
                in->base = INSN_REG_RIP; /* regardless of REX.B */
        } else {
            in->base = (uint8_t)(in->rm | (rex_b << 3));
            ss_default = in->rm == 5;
        }
        if (in->mod == 1)
            disp = 1;
        else if (in->mod == 2)
            disp = 4;
    }
    in->rm |= (uint8_t)(rex_b << 3);
    if (!(in->prefixes & INSN_P_SEG) && ss_default)
        in->seg = INSN_SEG_SS;
    in->disp_size = (uint8_t)disp;
    if (disp)
        in->disp = (int64_t)fetch_signed(d, disp);
}

/* Classify one-byte map instructions. */
static void classify1(struct insn *in)
{
    uint8_t op = in->opcode, grp = (in->modrm >> 3) & 7;
    uint8_t full = in->op_size;
    if (op < 0x40 && (op & 7) < 4) {
        in->kind = (op & 2) ? INSN_ALU_REG_RM : INSN_ALU_RM_REG;
        in->alu = op >> 3;
        in->op_size = (op & 1) ? full : 1;
        return;
    }
    switch (op) {
    case 0x63:
        if (in->mode == INSN_MODE_64) {
            in->kind = INSN_MOVSXD;
            in->src_size = full == 8 ? 4 : full; /* without REX.W: a plain move */
        }
        break;
    case 0x80: case 0x81: case 0x82: case 0x83:
        in->kind = INSN_ALU_RM_IMM;
        in->alu = grp;
        in->op_size = (op & 1) ? full : 1;
        break;
    case 0x84: case 0x85:
        in->kind = INSN_TEST_RM_REG;
        in->op_size = (op & 1) ? full : 1;
        break;
    case 0x86: case 0x87:
        in->kind = INSN_XCHG;
        in->op_size = (op & 1) ? full : 1;
        break;
    case 0x88: case 0x89: case 0x8A: case 0x8B:
        in->kind = (op & 2) ? INSN_MOV_LOAD : INSN_MOV_STORE;
        in->op_size = (op & 1) ? full : 1;
        break;
    case 0x90:
        if ((in->prefixes & INSN_P_REP) && !(in->rex & 1))
            in->kind = INSN_PAUSE; /* F3 90 (SDM vol. 2 "PAUSE") */
        break;
    case 0xA0: case 0xA1: case 0xA2: case 0xA3:
        /* MOV rAX <-> moffs: a memory operand with no base (SDM vol. 2 "MOV"). */
        in->kind = (op & 2) ? INSN_MOV_STORE : INSN_MOV_LOAD;
        in->op_size = (op & 1) ? full : 1;
        in->has_mem = true;
        in->base = in->index = INSN_REG_NONE;
        in->scale = 1;
        in->reg = 0;
        in->disp = (int64_t)in->imm;
        in->imm = 0;
        in->disp_size = in->imm_size;
        in->imm_size = 0;
        break;
    case 0xA4: case 0xA5: in->kind = INSN_MOVS; in->op_size = (op & 1) ? full : 1; break;
    case 0xAA: case 0xAB: in->kind = INSN_STOS; in->op_size = (op & 1) ? full : 1; break;
    case 0xAC: case 0xAD: in->kind = INSN_LODS; in->op_size = (op & 1) ? full : 1; break;
    case 0x6C: case 0x6D: in->kind = INSN_INS; in->op_size = (op & 1) ? MIN(full, 4) : 1; break;
    case 0x6E: case 0x6F: in->kind = INSN_OUTS; in->op_size = (op & 1) ? MIN(full, 4) : 1; break;
    case 0xC6: case 0xC7:
        if (grp == 0) {
            in->kind = INSN_MOV_STORE_IMM;
            in->op_size = (op & 1) ? full : 1;
        }
        break;
    case 0xF6: case 0xF7:
        if (grp < 4) {
            static const uint8_t k[4] = { INSN_TEST_RM_IMM, INSN_TEST_RM_IMM, INSN_NOT, INSN_NEG };
            in->kind = k[grp];
            in->op_size = (op & 1) ? full : 1;
        }
        break;
    case 0xE4: case 0xE5: case 0xE6: case 0xE7:
    case 0xEC: case 0xED: case 0xEE: case 0xEF:
        in->kind = (op & 2) ? INSN_OUT : INSN_IN;
        in->port_imm = !(op & 8);
        in->op_size = (op & 1) ? MIN(full, 4) : 1; /* REX.W is ignored for I/O */
        break;
    case 0xF4: in->kind = INSN_HLT; break;
    case 0xCC: in->kind = INSN_INT3; break;
    case 0xCD: in->kind = INSN_INTN; break;
    case 0xCE: in->kind = INSN_INTO; break;
    case 0xF1: in->kind = INSN_INT1; break;
    case 0xCF: in->kind = INSN_IRET; break;
    default: break;
    }
}

/* Group 7 (0F 01): register forms select by the whole ModRM byte
 * (SDM vol. 2 Table A-6, APM vol. 3 Table A-7). */
static void classify_0f01(struct insn *in)
{
    uint8_t grp = (in->modrm >> 3) & 7;
    if (in->mod == 3) {
        switch (in->modrm) {
        case 0xC1: in->kind = INSN_VMCALL; return;
        case 0xC8: in->kind = INSN_MONITOR; return;
        case 0xC9: in->kind = INSN_MWAIT; return;
        case 0xD1: in->kind = INSN_XSETBV; return;
        case 0xD8: in->kind = INSN_VMRUN; return;
        case 0xD9: in->kind = INSN_VMMCALL; return;
        case 0xDA: in->kind = INSN_VMLOAD; return;
        case 0xDB: in->kind = INSN_VMSAVE; return;
        case 0xDC: in->kind = INSN_STGI; return;
        case 0xDD: in->kind = INSN_CLGI; return;
        case 0xDE: in->kind = INSN_SKINIT; return;
        case 0xDF: in->kind = INSN_INVLPGA; return;
        case 0xF9: in->kind = INSN_RDTSCP; return;
        default: break;
        }
        if (grp == 4) in->kind = INSN_SMSW;
        else if (grp == 6) in->kind = INSN_LMSW;
        return;
    }
    static const uint8_t mem_kinds[8] = { INSN_SGDT, INSN_SIDT, INSN_LGDT, INSN_LIDT,
                                          INSN_SMSW, INSN_OTHER, INSN_LMSW, INSN_INVLPG };
    in->kind = mem_kinds[grp];
}

static void classify2(struct insn *in)
{
    uint8_t op = in->opcode, grp = (in->modrm >> 3) & 7;
    switch (op) {
    case 0x00:
        if (grp == 2) in->kind = INSN_LLDT;
        else if (grp == 3) in->kind = INSN_LTR;
        break;
    case 0x01: classify_0f01(in); break;
    case 0x06: in->kind = INSN_CLTS; break;
    case 0x08: in->kind = INSN_INVD; break;
    case 0x09: in->kind = INSN_WBINVD; break;
    case 0x20: case 0x22:
        in->kind = op == 0x20 ? INSN_MOV_FROM_CR : INSN_MOV_TO_CR;
        /* AMD: LOCK MOV CR0 is MOV CR8 (APM vol. 3 "MOV(CRn)"). */
        if (in->prefixes & INSN_P_LOCK)
            in->reg |= 8;
        in->op_size = in->mode == INSN_MODE_64 ? 8 : 4;
        break;
    case 0x21: case 0x23:
        in->kind = op == 0x21 ? INSN_MOV_FROM_DR : INSN_MOV_TO_DR;
        in->op_size = in->mode == INSN_MODE_64 ? 8 : 4;
        break;
    case 0x30: in->kind = INSN_WRMSR; break;
    case 0x31: in->kind = INSN_RDTSC; break;
    case 0x32: in->kind = INSN_RDMSR; break;
    case 0x33: in->kind = INSN_RDPMC; break;
    case 0xA2: in->kind = INSN_CPUID; break;
    case 0xA3: case 0xAB: case 0xB3: case 0xBB:
        in->kind = INSN_BT_RM_REG;
        in->alu = (op >> 3) & 3; /* A3 BT, AB BTS, B3 BTR, BB BTC */
        break;
    case 0xBA:
        if (grp >= 4) {
            in->kind = INSN_BT_RM_IMM;
            in->alu = grp - 4;
        }
        break;
    case 0xB6: case 0xB7: case 0xBE: case 0xBF:
        in->kind = op < 0xB8 ? INSN_MOVZX : INSN_MOVSX;
        in->src_size = (op & 1) ? 2 : 1;
        break;
    default: break;
    }
}

static unsigned imm_bytes(unsigned attr, const struct insn *in, unsigned full)
{
    if (attr & IB) return 1;
    if (attr & IW) return 2;
    if (attr & IZ) return full == 2 ? 2 : 4;
    if (attr & IV) return full;
    if (attr & AP) return full == 2 ? 2 : 4;
    if (attr & MO) return in->addr_size;
    return 0;
}

static int decode(struct dec *d, enum insn_mode mode, struct insn *in)
{
    memset(in, 0, sizeof(*in));
    if (mode != INSN_MODE_16 && mode != INSN_MODE_32 && mode != INSN_MODE_64)
        return QV_ERR_INVAL;
    in->mode = (uint8_t)mode;
    in->seg = INSN_SEG_DS;
    in->base = in->index = INSN_REG_NONE;
    in->scale = 1;

    /* Legacy prefixes in any order, then REX (SDM vol. 2 §2.1.1, §2.2.1):
     * a REX that is followed by a legacy prefix is ignored. */
    uint8_t b;
    for (;;) {
        b = peek(d, 0);
        if (d->err)
            return d->err;
        uint8_t seg = 0xFF;
        switch (b) {
        case 0xF0: in->prefixes |= INSN_P_LOCK; break;
        case 0xF2: in->prefixes = (uint8_t)((in->prefixes & ~INSN_P_REP) | INSN_P_REPNE); break;
        case 0xF3: in->prefixes = (uint8_t)((in->prefixes & ~INSN_P_REPNE) | INSN_P_REP); break;
        case 0x66: in->prefixes |= INSN_P_OPSIZE; break;
        case 0x67: in->prefixes |= INSN_P_ADSIZE; break;
        case 0x26: seg = INSN_SEG_ES; break;
        case 0x2E: seg = INSN_SEG_CS; break;
        case 0x36: seg = INSN_SEG_SS; break;
        case 0x3E: seg = INSN_SEG_DS; break;
        case 0x64: seg = INSN_SEG_FS; break;
        case 0x65: seg = INSN_SEG_GS; break;
        default:
            if (mode == INSN_MODE_64 && (b & 0xF0) == 0x40) {
                in->rex = b;
                d->i++;
                continue;
            }
            goto prefixes_done;
        }
        /* 64-bit mode ignores CS/DS/ES/SS overrides (SDM vol. 1 §3.3.7.2). */
        if (seg != 0xFF && (mode != INSN_MODE_64 || seg >= INSN_SEG_FS)) {
            in->seg = seg;
            in->prefixes |= INSN_P_SEG;
        }
        in->rex = 0;
        d->i++;
    }
prefixes_done:;

    bool opsz = in->prefixes & INSN_P_OPSIZE, adsz = in->prefixes & INSN_P_ADSIZE;
    unsigned full;
    if (mode == INSN_MODE_64) {
        full = (in->rex & 8) ? 8 : opsz ? 2 : 4;
        in->addr_size = adsz ? 4 : 8;
    } else if (mode == INSN_MODE_32) {
        full = opsz ? 2 : 4;
        in->addr_size = adsz ? 2 : 4;
    } else {
        full = opsz ? 4 : 2;
        in->addr_size = adsz ? 4 : 2;
    }
    in->op_size = (uint8_t)full;

    uint16_t attr;
    b = next(d);
    if (d->err)
        return d->err;
    if (b == 0x0F) {
        b = next(d);
        if (d->err)
            return d->err;
        if (b == 0x38 || b == 0x3A) {
            in->map = b == 0x38 ? 2 : 3;
            in->opcode = next(d);
            if (d->err)
                return d->err;
            attr = b == 0x38 ? M : (M | IB);
        } else {
            in->map = 1;
            in->opcode = b;
            attr = map2[b];
            if (b == 0x0F)
                return QV_ERR_UNSUPPORTED; /* 3DNow!: opcode follows the operands */
        }
    } else {
        in->map = 0;
        in->opcode = b;
        attr = map1[b];
    }

    if (attr & BAD)
        return QV_ERR_CORRUPT;
    if ((attr & I64) && mode == INSN_MODE_64) {
        /* 62 / C4 / C5 are EVEX / VEX in 64-bit mode. */
        if (in->map == 0 && (b == 0x62 || b == 0xC4 || b == 0xC5))
            return QV_ERR_UNSUPPORTED;
        return QV_ERR_CORRUPT;
    }
    if (in->map == 0 && (attr & ESC)) {
        uint8_t nb = peek(d, 0);
        if (d->err)
            return d->err;
        /* Outside 64-bit mode, 62 / C4 / C5 with ModRM.mod = 11b are EVEX /
         * VEX (SDM vol. 2 §2.3.5); 8F with ModRM.reg != 0 is AMD XOP. */
        if ((b == 0x62 || b == 0xC4 || b == 0xC5) && (nb >> 6) == 3)
            return QV_ERR_UNSUPPORTED;
        if (b == 0x8F && ((nb >> 3) & 7) != 0)
            return QV_ERR_UNSUPPORTED;
    }

    if (attr & M) {
        bool force_reg = in->map == 1 && in->opcode >= 0x20 && in->opcode <= 0x23;
        decode_modrm(d, in, force_reg);
        if (d->err)
            return d->err;
    }

    /* Immediates. F6/F7 carry one only for TEST (/0, /1); ENTER has iw, ib. */
    unsigned n = imm_bytes(attr, in, full);
    if (in->map == 0 && (b == 0xF6 || b == 0xF7) && ((in->modrm >> 3) & 7) < 2)
        n = b == 0xF6 ? 1 : (full == 2 ? 2 : 4);
    if (n) {
        in->imm_size = (uint8_t)n;
        in->imm = (attr & (MO | AP)) ? fetch_unsigned(d, n) : fetch_signed(d, n);
    }
    if (in->map == 0 && b == 0xC8) {
        in->imm2_size = 1;
        in->imm2 = fetch_unsigned(d, 1);
    }
    if (attr & AP) {
        in->imm2_size = 2;
        in->imm2 = fetch_unsigned(d, 2);
    }
    if (d->err)
        return d->err;
    in->len = (uint8_t)d->i;

    if (in->map == 0)
        classify1(in);
    else if (in->map == 1)
        classify2(in);
    return 0;
}

int insn_decode(const uint8_t *bytes, size_t avail, enum insn_mode mode, struct insn *out)
{
    struct dec d = { .b = bytes, .avail = avail };
    int rc = decode(&d, mode, out);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

int insn_length(const uint8_t *bytes, size_t avail, enum insn_mode mode)
{
    struct insn in;
    int rc = insn_decode(bytes, avail, mode, &in);
    return rc ? rc : in.len;
}

const char *insn_kind_name(unsigned kind)
{
    static const char *const names[INSN_KIND_MAX] = {
        [INSN_OTHER] = "other", [INSN_MOV_STORE] = "mov-store",
        [INSN_MOV_STORE_IMM] = "mov-store-imm", [INSN_MOV_LOAD] = "mov-load",
        [INSN_MOVZX] = "movzx", [INSN_MOVSX] = "movsx", [INSN_MOVSXD] = "movsxd",
        [INSN_ALU_RM_REG] = "alu-rm-reg", [INSN_ALU_REG_RM] = "alu-reg-rm",
        [INSN_ALU_RM_IMM] = "alu-rm-imm", [INSN_TEST_RM_REG] = "test-rm-reg",
        [INSN_TEST_RM_IMM] = "test-rm-imm", [INSN_XCHG] = "xchg",
        [INSN_NOT] = "not", [INSN_NEG] = "neg", [INSN_BT_RM_REG] = "bt-rm-reg",
        [INSN_BT_RM_IMM] = "bt-rm-imm",
        [INSN_MOVS] = "movs", [INSN_STOS] = "stos", [INSN_LODS] = "lods",
        [INSN_INS] = "ins", [INSN_OUTS] = "outs", [INSN_IN] = "in", [INSN_OUT] = "out",
        [INSN_CPUID] = "cpuid", [INSN_RDMSR] = "rdmsr", [INSN_WRMSR] = "wrmsr",
        [INSN_RDTSC] = "rdtsc", [INSN_RDTSCP] = "rdtscp", [INSN_RDPMC] = "rdpmc",
        [INSN_HLT] = "hlt", [INSN_PAUSE] = "pause", [INSN_INVD] = "invd",
        [INSN_WBINVD] = "wbinvd", [INSN_XSETBV] = "xsetbv", [INSN_VMRUN] = "vmrun",
        [INSN_VMMCALL] = "vmmcall", [INSN_VMCALL] = "vmcall", [INSN_VMLOAD] = "vmload",
        [INSN_VMSAVE] = "vmsave", [INSN_STGI] = "stgi", [INSN_CLGI] = "clgi",
        [INSN_SKINIT] = "skinit", [INSN_INVLPGA] = "invlpga", [INSN_MONITOR] = "monitor",
        [INSN_MWAIT] = "mwait", [INSN_MOV_FROM_CR] = "mov-from-cr",
        [INSN_MOV_TO_CR] = "mov-to-cr", [INSN_MOV_FROM_DR] = "mov-from-dr",
        [INSN_MOV_TO_DR] = "mov-to-dr", [INSN_CLTS] = "clts", [INSN_LMSW] = "lmsw",
        [INSN_SMSW] = "smsw", [INSN_INVLPG] = "invlpg", [INSN_LGDT] = "lgdt",
        [INSN_LIDT] = "lidt", [INSN_SGDT] = "sgdt", [INSN_SIDT] = "sidt",
        [INSN_LLDT] = "lldt", [INSN_LTR] = "ltr", [INSN_INT3] = "int3",
        [INSN_INTN] = "int", [INSN_INTO] = "into", [INSN_INT1] = "int1", [INSN_IRET] = "iret",
    };
    if (kind >= INSN_KIND_MAX || !names[kind])
        return "?";
    return names[kind];
}
