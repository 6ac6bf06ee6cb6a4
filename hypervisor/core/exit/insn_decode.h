/* x86 instruction decoder: length of any one- or two-byte-map instruction
 * (plus 0F 38 / 0F 3A), legacy/REX prefixes, ModRM/SIB/displacement and
 * immediates, and a classification of the instructions exit handlers care
 * about (MMIO accesses, port I/O, intercepted system instructions).
 * Encodings: SDM vol. 2 ch. 2 and appendix A, APM vol. 3 ch. 1 and appendix A.
 * VEX/EVEX/XOP and 3DNow! encodings are not decoded (QV_ERR_UNSUPPORTED). */
#ifndef QV_CORE_EXIT_INSN_DECODE_H
#define QV_CORE_EXIT_INSN_DECODE_H
#include "lib/types.h"

#define INSN_MAX_LEN 15 /* SDM vol. 2 §2.3.11: longer raises #GP */

enum insn_mode { INSN_MODE_16 = 16, INSN_MODE_32 = 32, INSN_MODE_64 = 64 };

/* Segment registers in their ModRM/sreg encoding order (SDM vol. 2 §3.1.1.3). */
enum insn_seg { INSN_SEG_ES = 0, INSN_SEG_CS, INSN_SEG_SS, INSN_SEG_DS, INSN_SEG_FS, INSN_SEG_GS };

/* GPR numbers as encoded (0 = rAX ... 15 = r15), plus pseudo registers. */
#define INSN_REG_NONE 0xFF
#define INSN_REG_RIP  16

/* Prefix flags (struct insn.prefixes). */
#define INSN_P_LOCK   BIT(0) /* F0 */
#define INSN_P_REPNE  BIT(1) /* F2 */
#define INSN_P_REP    BIT(2) /* F3 */
#define INSN_P_OPSIZE BIT(3) /* 66 */
#define INSN_P_ADSIZE BIT(4) /* 67 */
#define INSN_P_SEG    BIT(5) /* an effective segment override is present */

enum insn_kind {
    INSN_OTHER = 0,     /* decoded for its length only */
    /* Data movement with one memory (or register) r/m operand. */
    INSN_MOV_STORE,     /* 88/89 r/m <- reg; A2/A3 moffs <- rAX */
    INSN_MOV_STORE_IMM, /* C6 /0, C7 /0: r/m <- imm */
    INSN_MOV_LOAD,      /* 8A/8B reg <- r/m; A0/A1 rAX <- moffs */
    INSN_MOVZX,         /* 0F B6/B7: reg <- zero-extended r/m (src_size 1/2) */
    INSN_MOVSX,         /* 0F BE/BF: reg <- sign-extended r/m */
    INSN_MOVSXD,        /* 63 in 64-bit mode */
    INSN_ALU_RM_REG,    /* 00-03 family, d=0: r/m <- r/m op reg */
    INSN_ALU_REG_RM,    /* d=1: reg <- reg op r/m */
    INSN_ALU_RM_IMM,    /* 80/81/82/83: r/m <- r/m op imm */
    INSN_TEST_RM_REG,   /* 84/85 */
    INSN_TEST_RM_IMM,   /* F6/F7 /0 /1 */
    INSN_XCHG,          /* 86/87 */
    INSN_NOT,           /* F6/F7 /2 */
    INSN_NEG,           /* F6/F7 /3 */
    INSN_BT_RM_REG,     /* 0F A3/AB/B3/BB: bit offset in reg; alu = 0 BT, 1 BTS, 2 BTR, 3 BTC */
    INSN_BT_RM_IMM,     /* 0F BA /4-/7: bit offset in imm8; alu as above */
    /* String instructions (REP in prefixes). */
    INSN_MOVS, INSN_STOS, INSN_LODS, INSN_INS, INSN_OUTS,
    /* Port I/O: port in imm (E4-E7) or DX (EC-EF); see insn.port_imm. */
    INSN_IN, INSN_OUT,
    /* Intercepted system instructions. */
    INSN_CPUID, INSN_RDMSR, INSN_WRMSR, INSN_RDTSC, INSN_RDTSCP, INSN_RDPMC,
    INSN_HLT, INSN_PAUSE, INSN_INVD, INSN_WBINVD, INSN_XSETBV,
    INSN_VMRUN, INSN_VMMCALL, INSN_VMCALL, INSN_VMLOAD, INSN_VMSAVE,
    INSN_STGI, INSN_CLGI, INSN_SKINIT, INSN_INVLPGA, INSN_MONITOR, INSN_MWAIT,
    INSN_MOV_FROM_CR, INSN_MOV_TO_CR, INSN_MOV_FROM_DR, INSN_MOV_TO_DR,
    INSN_CLTS, INSN_LMSW, INSN_SMSW, INSN_INVLPG,
    INSN_LGDT, INSN_LIDT, INSN_SGDT, INSN_SIDT, INSN_LLDT, INSN_LTR,
    INSN_INT3, INSN_INTN, INSN_INTO, INSN_INT1, INSN_IRET,
    INSN_KIND_MAX
};

/* ALU operation numbers = ModRM.reg of group 1 (SDM vol. 2 Table A-6). */
enum insn_alu { ALU_ADD = 0, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

struct insn {
    uint8_t len;        /* total length in bytes, 1..15 */
    uint8_t mode;       /* enum insn_mode */
    uint8_t op_size;    /* operand size in bytes: 1, 2, 4, 8 */
    uint8_t addr_size;  /* address size in bytes: 2, 4, 8 */
    uint8_t map;        /* 0: one-byte, 1: 0F, 2: 0F 38, 3: 0F 3A */
    uint8_t opcode;     /* opcode byte within its map */
    uint8_t prefixes;   /* INSN_P_* */
    uint8_t rex;        /* effective REX byte (0 if none or ignored) */
    uint8_t seg;        /* effective segment of the memory operand (enum insn_seg) */
    uint8_t kind;       /* enum insn_kind */
    uint8_t alu;        /* enum insn_alu for INSN_ALU_* */
    uint8_t src_size;   /* MOVZX/MOVSX/MOVSXD source size in bytes */

    bool has_modrm;
    uint8_t modrm;
    uint8_t mod, reg, rm; /* ModRM fields; reg and rm include REX.R / REX.B */
    bool has_sib;
    uint8_t sib;

    /* Memory operand: seg:[base + index * scale + disp], truncated to
     * addr_size. base may be INSN_REG_RIP (64-bit RIP-relative: relative to
     * the next instruction). has_mem is false for register r/m forms. */
    bool has_mem;
    uint8_t base, index, scale;
    int64_t disp;        /* sign-extended displacement, or the moffs offset */
    uint8_t disp_size;   /* bytes of displacement in the encoding */

    uint64_t imm;        /* first immediate, sign-extended to op_size when signed */
    uint8_t imm_size;    /* bytes of the first immediate in the encoding */
    uint64_t imm2;       /* second immediate (ENTER ib, far pointer selector) */
    uint8_t imm2_size;
    bool port_imm;       /* IN/OUT: port in imm (else DX) */
};

/* Decode one instruction from bytes[0..avail). Returns 0 and fills *out, or
 *   QV_ERR_TRUNCATED   avail ended before the instruction did (fetch more);
 *   QV_ERR_RANGE       the instruction would exceed 15 bytes (#GP);
 *   QV_ERR_CORRUPT     undefined opcode in this mode (#UD);
 *   QV_ERR_UNSUPPORTED VEX/EVEX/XOP/3DNow! encoding;
 *   QV_ERR_INVAL       bad mode argument.
 * Never reads bytes[avail] or beyond, nor beyond byte 15. */
int insn_decode(const uint8_t *bytes, size_t avail, enum insn_mode mode, struct insn *out);

/* Length only: returns 1..15, or a negative error as insn_decode(). */
int insn_length(const uint8_t *bytes, size_t avail, enum insn_mode mode);

/* Name of a kind for diagnostics ("mov-store", "cpuid"...); never NULL. */
const char *insn_kind_name(unsigned kind);

#endif
