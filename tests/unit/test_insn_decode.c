/* core/exit/insn_decode: a table of encodings (lengths and kinds worked out
 * by hand from SDM vol. 2 / APM vol. 3), then operand details for the forms
 * MMIO emulation relies on: prefixes, REX, SIB, RIP-relative, 16-bit
 * addressing, moffs, immediates; errors for over-long, truncated, undefined. */
#include <string.h>
#include "qtest.h"
#include "core/exit/insn_decode.h"
#include "lib/errors.h"

struct len_case {
    uint8_t mode;
    const char *bytes;
    unsigned n;
    int expect; /* length, or negative error */
    uint8_t kind;
};

#define B(s) s, sizeof(s) - 1
#define ERR_T QV_ERR_TRUNCATED
static const struct len_case cases[] = {
    /* Intercepted system instructions (64-bit mode). */
    { 64, B("\x0f\xa2"), 2, INSN_CPUID },
    { 64, B("\x0f\x32"), 2, INSN_RDMSR },
    { 64, B("\x0f\x30"), 2, INSN_WRMSR },
    { 64, B("\x0f\x31"), 2, INSN_RDTSC },
    { 64, B("\x0f\x33"), 2, INSN_RDPMC },
    { 64, B("\x0f\x01\xf9"), 3, INSN_RDTSCP },
    { 64, B("\xf4"), 1, INSN_HLT },
    { 64, B("\x0f\x01\xd9"), 3, INSN_VMMCALL },
    { 64, B("\x0f\x01\xc1"), 3, INSN_VMCALL },
    { 64, B("\x0f\x01\xd8"), 3, INSN_VMRUN },
    { 64, B("\x0f\x01\xda"), 3, INSN_VMLOAD },
    { 64, B("\x0f\x01\xdb"), 3, INSN_VMSAVE },
    { 64, B("\x0f\x01\xdc"), 3, INSN_STGI },
    { 64, B("\x0f\x01\xdd"), 3, INSN_CLGI },
    { 64, B("\x0f\x01\xde"), 3, INSN_SKINIT },
    { 64, B("\x0f\x01\xdf"), 3, INSN_INVLPGA },
    { 64, B("\x0f\x01\xd1"), 3, INSN_XSETBV },
    { 64, B("\x0f\x01\xc8"), 3, INSN_MONITOR },
    { 64, B("\x0f\x01\xc9"), 3, INSN_MWAIT },
    { 64, B("\x0f\x08"), 2, INSN_INVD },
    { 64, B("\x0f\x09"), 2, INSN_WBINVD },
    { 64, B("\x0f\x06"), 2, INSN_CLTS },
    { 64, B("\xf3\x90"), 2, INSN_PAUSE },
    { 64, B("\x90"), 1, INSN_OTHER },
    { 64, B("\xf3\x41\x90"), 3, INSN_OTHER }, /* xchg r8d, eax, not PAUSE */
    { 64, B("\x0f\x20\xc0"), 3, INSN_MOV_FROM_CR },
    { 64, B("\x0f\x22\xd8"), 3, INSN_MOV_TO_CR },
    { 64, B("\x0f\x20\x00"), 3, INSN_MOV_FROM_CR }, /* mod ignored: no disp/SIB */
    { 64, B("\x0f\x22\x04"), 3, INSN_MOV_TO_CR },   /* rm=100 would be SIB, but not here */
    { 64, B("\x0f\x21\xf8"), 3, INSN_MOV_FROM_DR },
    { 64, B("\x0f\x23\xf8"), 3, INSN_MOV_TO_DR },
    { 64, B("\x0f\x01\xe0"), 3, INSN_SMSW },
    { 64, B("\x0f\x01\xf0"), 3, INSN_LMSW },
    { 64, B("\x0f\x01\x10"), 3, INSN_LGDT },
    { 64, B("\x0f\x01\x18"), 3, INSN_LIDT },
    { 64, B("\x0f\x01\x00"), 3, INSN_SGDT },
    { 64, B("\x0f\x01\x08"), 3, INSN_SIDT },
    { 64, B("\x0f\x01\x15\x00\x10\x00\x00"), 7, INSN_LGDT }, /* lgdt [rip+0x1000] */
    { 64, B("\x0f\x01\x38"), 3, INSN_INVLPG },
    { 64, B("\x0f\x00\xd8"), 3, INSN_LTR },
    { 64, B("\x0f\x00\x10"), 3, INSN_LLDT },
    { 32, B("\x0f\x01\x54\x24\x08"), 5, INSN_LGDT },       /* lgdt [esp+8] */
    { 16, B("\x0f\x01\x16\x00\x10"), 5, INSN_LGDT },       /* lgdt [0x1000] */
    { 16, B("\x66\x0f\x01\x1e\x00\x10"), 6, INSN_LIDT },
    /* Events. */
    { 64, B("\xcc"), 1, INSN_INT3 },
    { 64, B("\xcd\x80"), 2, INSN_INTN },
    { 32, B("\xce"), 1, INSN_INTO },
    { 64, B("\xce"), QV_ERR_CORRUPT, 0 },
    { 64, B("\xf1"), 1, INSN_INT1 },
    { 64, B("\xcf"), 1, INSN_IRET },
    { 64, B("\x48\xcf"), 2, INSN_IRET },
    /* Port I/O. */
    { 64, B("\xe4\x60"), 2, INSN_IN },
    { 64, B("\xe5\x60"), 2, INSN_IN },
    { 64, B("\xe6\x80"), 2, INSN_OUT },
    { 64, B("\xe7\x80"), 2, INSN_OUT },
    { 64, B("\xec"), 1, INSN_IN },
    { 64, B("\xed"), 1, INSN_IN },
    { 64, B("\x66\xed"), 2, INSN_IN },
    { 64, B("\xee"), 1, INSN_OUT },
    { 64, B("\xef"), 1, INSN_OUT },
    { 16, B("\x66\xef"), 2, INSN_OUT },
    { 64, B("\x6c"), 1, INSN_INS },
    { 64, B("\x6d"), 1, INSN_INS },
    { 64, B("\x6e"), 1, INSN_OUTS },
    { 64, B("\x6f"), 1, INSN_OUTS },
    { 64, B("\xf3\x6d"), 2, INSN_INS },
    { 32, B("\xf3\x66\x6f"), 3, INSN_OUTS },
    /* MOV family. */
    { 64, B("\x88\x08"), 2, INSN_MOV_STORE },
    { 64, B("\x89\x48\x10"), 3, INSN_MOV_STORE },
    { 64, B("\x48\x89\x8c\x24\x00\x01\x00\x00"), 8, INSN_MOV_STORE },
    { 64, B("\x8a\x08"), 2, INSN_MOV_LOAD },
    { 64, B("\x8b\x05\x00\x00\x00\x01"), 6, INSN_MOV_LOAD },
    { 64, B("\xc6\x00\x12"), 3, INSN_MOV_STORE_IMM },
    { 64, B("\xc7\x00\x78\x56\x34\x12"), 6, INSN_MOV_STORE_IMM },
    { 64, B("\x48\xc7\x00\x78\x56\x34\x12"), 7, INSN_MOV_STORE_IMM },
    { 64, B("\x66\xc7\x00\x34\x12"), 5, INSN_MOV_STORE_IMM },
    { 64, B("\xc7\x80\x00\x01\x00\x00\x01\x00\x00\x00"), 10, INSN_MOV_STORE_IMM },
    { 64, B("\xa0\x00\x10\x00\x00\x00\x00\x00\x00"), 9, INSN_MOV_LOAD },
    { 64, B("\x67\xa0\x00\x10\x00\x00"), 6, INSN_MOV_LOAD },
    { 64, B("\x48\xa3\x00\x10\x00\x00\x00\x00\x00\x00"), 10, INSN_MOV_STORE },
    { 32, B("\xa1\x00\x10\x00\x00"), 5, INSN_MOV_LOAD },
    { 32, B("\x67\xa1\x00\x10"), 4, INSN_MOV_LOAD },
    { 16, B("\xa3\x00\x10"), 3, INSN_MOV_STORE },
    { 16, B("\xa2\x00\x10"), 3, INSN_MOV_STORE },
    { 64, B("\x0f\xb6\x00"), 3, INSN_MOVZX },
    { 64, B("\x0f\xb7\x40\x04"), 4, INSN_MOVZX },
    { 64, B("\x48\x0f\xbe\x00"), 4, INSN_MOVSX },
    { 64, B("\x0f\xbf\x00"), 3, INSN_MOVSX },
    { 64, B("\x48\x63\x08"), 3, INSN_MOVSXD },
    { 32, B("\x63\x08"), 2, INSN_OTHER }, /* ARPL outside 64-bit mode */
    { 64, B("\xa4"), 1, INSN_MOVS },
    { 64, B("\xf3\x48\xa5"), 3, INSN_MOVS },
    { 64, B("\xaa"), 1, INSN_STOS },
    { 64, B("\xf3\xab"), 2, INSN_STOS },
    { 64, B("\xac"), 1, INSN_LODS },
    { 64, B("\xad"), 1, INSN_LODS },
    /* ALU on memory. */
    { 64, B("\x00\x08"), 2, INSN_ALU_RM_REG },
    { 64, B("\x01\x08"), 2, INSN_ALU_RM_REG },
    { 64, B("\x02\x08"), 2, INSN_ALU_REG_RM },
    { 64, B("\x03\x08"), 2, INSN_ALU_REG_RM },
    { 64, B("\x09\x08"), 2, INSN_ALU_RM_REG },
    { 64, B("\x0b\x08"), 2, INSN_ALU_REG_RM },
    { 64, B("\x21\x08"), 2, INSN_ALU_RM_REG },
    { 64, B("\x23\x08"), 2, INSN_ALU_REG_RM },
    { 64, B("\x29\x08"), 2, INSN_ALU_RM_REG },
    { 64, B("\x2b\x08"), 2, INSN_ALU_REG_RM },
    { 64, B("\x31\x08"), 2, INSN_ALU_RM_REG },
    { 64, B("\x33\x08"), 2, INSN_ALU_REG_RM },
    { 64, B("\x39\x08"), 2, INSN_ALU_RM_REG },
    { 64, B("\x3b\x08"), 2, INSN_ALU_REG_RM },
    { 64, B("\x80\x38\x05"), 3, INSN_ALU_RM_IMM },
    { 64, B("\x81\x20\xff\x00\x00\x00"), 6, INSN_ALU_RM_IMM },
    { 64, B("\x66\x81\x20\xff\x00"), 5, INSN_ALU_RM_IMM },
    { 64, B("\x83\x08\x01"), 3, INSN_ALU_RM_IMM },
    { 32, B("\x82\x08\x01"), 3, INSN_ALU_RM_IMM },
    { 64, B("\x82\x08\x01"), QV_ERR_CORRUPT, 0 },
    { 64, B("\x84\x08"), 2, INSN_TEST_RM_REG },
    { 64, B("\x85\x08"), 2, INSN_TEST_RM_REG },
    { 64, B("\xf6\x00\x01"), 3, INSN_TEST_RM_IMM },
    { 64, B("\xf7\x00\x01\x00\x00\x00"), 6, INSN_TEST_RM_IMM },
    { 64, B("\x66\xf7\x00\x01\x00"), 5, INSN_TEST_RM_IMM },
    { 64, B("\xf6\x10"), 2, INSN_NOT },     /* not byte [rax]: no immediate */
    { 64, B("\xf7\xd8"), 2, INSN_NEG },     /* neg eax */
    { 64, B("\xf7\x20"), 2, INSN_OTHER },   /* mul dword [rax] */
    { 64, B("\x0f\xa3\x08"), 3, INSN_BT_RM_REG },
    { 64, B("\x48\x0f\xab\x08"), 4, INSN_BT_RM_REG },
    { 64, B("\x0f\xb3\xc8"), 3, INSN_BT_RM_REG },
    { 64, B("\x0f\xbb\x08"), 3, INSN_BT_RM_REG },
    { 64, B("\x0f\xba\x38\x1f"), 4, INSN_BT_RM_IMM },
    { 64, B("\x0f\xba\x18\x1f"), 4, INSN_OTHER }, /* 0F BA /3 is undefined */
    { 64, B("\x86\x08"), 2, INSN_XCHG },
    { 64, B("\x87\x08"), 2, INSN_XCHG },
    /* Assorted lengths. */
    { 64, B("\xb8\x01\x00\x00\x00"), 5, INSN_OTHER },
    { 64, B("\x48\xb8\x01\x02\x03\x04\x05\x06\x07\x08"), 10, INSN_OTHER },
    { 64, B("\x66\xb8\x01\x00"), 4, INSN_OTHER },
    { 16, B("\xb8\x01\x00"), 3, INSN_OTHER },
    { 64, B("\xc8\x10\x00\x01"), 4, INSN_OTHER },
    { 32, B("\x9a\x00\x00\x00\x00\x08\x00"), 7, INSN_OTHER },
    { 16, B("\xea\x00\x7c\x00\x00"), 5, INSN_OTHER },
    { 64, B("\x9a\x00\x00\x00\x00\x08\x00"), QV_ERR_CORRUPT, 0 },
    { 64, B("\xe8\x00\x00\x00\x00"), 5, INSN_OTHER },
    { 64, B("\x66\xe8\x00\x00"), 4, INSN_OTHER }, /* AMD: rel16 with 66 */
    { 64, B("\x0f\x84\x00\x00\x00\x00"), 6, INSN_OTHER },
    { 16, B("\x0f\x84\x00\x00"), 4, INSN_OTHER },
    { 64, B("\xeb\xfe"), 2, INSN_OTHER },
    { 64, B("\x70\x00"), 2, INSN_OTHER },
    { 64, B("\xc2\x08\x00"), 3, INSN_OTHER },
    { 64, B("\xc1\xe0\x04"), 3, INSN_OTHER },
    { 64, B("\x69\xc0\x00\x01\x00\x00"), 6, INSN_OTHER },
    { 64, B("\x6b\xc0\x10"), 3, INSN_OTHER },
    { 64, B("\x0f\x3a\x0f\xc1\x08"), 5, INSN_OTHER },
    { 64, B("\x66\x0f\x3a\x0f\xc1\x08"), 6, INSN_OTHER },
    { 64, B("\x0f\x38\x00\xc1"), 4, INSN_OTHER },
    { 64, B("\x0f\xba\x20\x03"), 4, INSN_BT_RM_IMM },  /* bt dword [rax], 3 */
    { 64, B("\x0f\x0b"), 2, INSN_OTHER },          /* ud2 */
    { 64, B("\x0f\xc8"), 2, INSN_OTHER },          /* bswap eax */
    { 64, B("\x0f\x05"), 2, INSN_OTHER },          /* syscall */
    { 64, B("\xd8\xc1"), 2, INSN_OTHER },          /* fadd st, st1 */
    { 64, B("\xdd\x04\x24"), 3, INSN_OTHER },      /* fld qword [rsp] */
    { 64, B("\x8f\x00"), 2, INSN_OTHER },          /* pop qword [rax] */
    { 32, B("\xc4\x00"), 2, INSN_OTHER },          /* les eax, [eax] */
    { 32, B("\x62\x00"), 2, INSN_OTHER },          /* bound eax, [eax] */
    { 32, B("\x40"), 1, INSN_OTHER },              /* inc eax */
    { 64, B("\x8b\x04\x25\x00\x10\x00\x00"), 7, INSN_MOV_LOAD }, /* [disp32] via SIB */
    { 64, B("\x8b\x04\x8d\x00\x00\x00\x00"), 7, INSN_MOV_LOAD }, /* [rcx*4+disp32] */
    { 64, B("\x8b\x44\x24\x08"), 4, INSN_MOV_LOAD },
    { 64, B("\x8b\x45\x00"), 3, INSN_MOV_LOAD },
    { 64, B("\x41\x8b\x45\x00"), 4, INSN_MOV_LOAD },
    { 64, B("\x41\x8b\x04\x24"), 4, INSN_MOV_LOAD },
    { 64, B("\x8b\x84\x24\x00\x01\x00\x00"), 7, INSN_MOV_LOAD },
    { 16, B("\x8b\x07"), 2, INSN_MOV_LOAD },
    { 16, B("\x8b\x06\x34\x12"), 4, INSN_MOV_LOAD },
    { 16, B("\x8b\x46\xfe"), 3, INSN_MOV_LOAD },
    { 16, B("\x8b\x80\x00\x01"), 4, INSN_MOV_LOAD },
    { 16, B("\x67\x8b\x04\x24"), 4, INSN_MOV_LOAD },
    { 16, B("\x67\x8b\x05\x00\x10\x00\x00"), 7, INSN_MOV_LOAD },
    { 32, B("\x66\x67\x89\x07"), 4, INSN_MOV_STORE },
    { 32, B("\x8b\x05\x00\x10\x00\x00"), 6, INSN_MOV_LOAD }, /* [disp32], no RIP */
    /* Prefix soup: every legacy prefix once, then the opcode. */
    { 32, B("\x2e\x3e\x26\x64\x65\x36\xf0\xf2\xf3\x66\x67\x89\x07"), 13, INSN_MOV_STORE },
    /* Errors. */
    { 64, B("\x06"), QV_ERR_CORRUPT, 0 },
    { 64, B("\xd6"), QV_ERR_CORRUPT, 0 },
    { 64, B("\x0f\x04"), QV_ERR_CORRUPT, 0 },
    { 64, B("\x0f\xff\x00"), 3, INSN_OTHER },
    { 64, B("\xc4\xe1\x79\x6e\xc0"), QV_ERR_UNSUPPORTED, 0 },
    { 64, B("\xc5\xf9\x6e\xc0"), QV_ERR_UNSUPPORTED, 0 },
    { 64, B("\x62\xf1\x7c\x48\x10\x00"), QV_ERR_UNSUPPORTED, 0 },
    { 32, B("\xc5\xf9\x6e\xc0"), QV_ERR_UNSUPPORTED, 0 },
    { 32, B("\x8f\xe8\x78\xc2\xc0\x00"), QV_ERR_UNSUPPORTED, 0 },
    { 64, B("\x0f\x0f\xc1\x9e"), QV_ERR_UNSUPPORTED, 0 },
    { 64, B("\x0f"), ERR_T, 0 },
    { 64, B("\x0f\x01"), ERR_T, 0 },
    { 64, B("\xc7\x00\x78\x56"), ERR_T, 0 },
    { 64, B("\x48"), ERR_T, 0 },
    { 64, B("\x8b\x04"), ERR_T, 0 },
    { 64, B("\x8b\x84\x24\x00\x01\x00"), ERR_T, 0 },
    { 64, B("\x66\x66"), ERR_T, 0 },
    { 64, B(""), ERR_T, 0 },
    { 16, B("\x8b\x06\x34"), ERR_T, 0 },
};

QTEST(decode_length_table)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct len_case *c = &cases[i];
        struct insn in;
        int rc = insn_decode((const uint8_t *)c->bytes, c->n, (enum insn_mode)c->mode, &in);
        int got = rc ? rc : in.len;
        if (got != c->expect || (rc == 0 && in.kind != c->kind))
            printf("  case %zu (mode %u, %u bytes): got %d kind %s, want %d kind %s\n", i, c->mode,
                   c->n, got, insn_kind_name(in.kind), c->expect, insn_kind_name(c->kind));
        QCHECK_EQ(got, c->expect);
        if (rc == 0)
            QCHECK_EQ(in.kind, c->kind);
        QCHECK_EQ(insn_length((const uint8_t *)c->bytes, c->n, (enum insn_mode)c->mode), c->expect);
        /* A complete instruction decodes the same with trailing bytes after it. */
        if (rc == 0) {
            uint8_t buf[32];
            memset(buf, 0x90, sizeof buf);
            memcpy(buf, c->bytes, c->n);
            QCHECK_EQ(insn_length(buf, sizeof buf, (enum insn_mode)c->mode), c->expect);
            /* ... and every strict prefix of it is truncated. */
            for (unsigned k = 0; k < c->n; k++)
                QCHECK_EQ(insn_length((const uint8_t *)c->bytes, k, (enum insn_mode)c->mode), ERR_T);
        }
    }
}

static struct insn dec(int mode, const char *b, size_t n)
{
    struct insn in;
    int rc = insn_decode((const uint8_t *)b, n, (enum insn_mode)mode, &in);
    QCHECK_EQ(rc, 0);
    return in;
}
#define DEC(mode, s) dec(mode, s, sizeof(s) - 1)

QTEST(decode_too_long)
{
    uint8_t b[20];
    memset(b, 0x66, sizeof b);
    b[14] = 0x90;
    QCHECK_EQ(insn_length(b, sizeof b, INSN_MODE_64), 15);
    b[14] = 0x66;
    b[15] = 0x90;
    QCHECK_EQ(insn_length(b, sizeof b, INSN_MODE_64), QV_ERR_RANGE);
    QCHECK_EQ(insn_length(b, 15, INSN_MODE_64), QV_ERR_RANGE); /* even if avail stops at 15 */
    QCHECK_EQ(insn_length(b, 14, INSN_MODE_64), ERR_T);
    /* 11 prefixes + mov [rax+disp32], imm32 = 21 bytes. */
    memset(b, 0x3e, 11);
    memcpy(b + 11, "\xc7\x80\x00\x01\x00\x00", 6);
    QCHECK_EQ(insn_length(b, sizeof b, INSN_MODE_64), QV_ERR_RANGE);
    QCHECK_EQ(insn_length(b, 0, INSN_MODE_64), ERR_T);
    QCHECK_EQ(insn_length(b, 5, (enum insn_mode)8), QV_ERR_INVAL);
}

QTEST(decode_prefixes_and_rex)
{
    struct insn in = DEC(64, "\x48\x66\x89\x08"); /* REX before a legacy prefix is ignored */
    QCHECK_EQ(in.op_size, 2);
    QCHECK_EQ(in.rex, 0);
    in = DEC(64, "\x66\x48\x89\x08"); /* REX.W beats 66 */
    QCHECK_EQ(in.op_size, 8);
    QCHECK_EQ(in.prefixes & INSN_P_OPSIZE, INSN_P_OPSIZE);
    in = DEC(64, "\x48\x41\x89\x08"); /* the last REX counts */
    QCHECK_EQ(in.op_size, 4);
    QCHECK_EQ(in.base, 8);
    QCHECK_EQ(in.rex, 0x41);
    in = DEC(64, "\x4c\x89\x0c\x88"); /* mov [rax+rcx*4], r9 */
    QCHECK_EQ(in.reg, 9);
    QCHECK_EQ(in.base, 0);
    QCHECK_EQ(in.index, 1);
    QCHECK_EQ(in.scale, 4);
    QCHECK_EQ(in.op_size, 8);
    in = DEC(64, "\x42\x8b\x04\x20"); /* REX.X: index 100b is r12, not "none" */
    QCHECK_EQ(in.index, 12);
    in = DEC(64, "\x8b\x04\x20");
    QCHECK_EQ(in.index, INSN_REG_NONE);
    in = DEC(64, "\x2e\x8b\x00"); /* CS override ignored in 64-bit mode */
    QCHECK_EQ(in.seg, INSN_SEG_DS);
    QCHECK_EQ(in.prefixes & INSN_P_SEG, 0);
    in = DEC(64, "\x64\x8b\x00");
    QCHECK_EQ(in.seg, INSN_SEG_FS);
    in = DEC(64, "\x65\x2e\x8b\x00");
    QCHECK_EQ(in.seg, INSN_SEG_GS);
    in = DEC(32, "\x26\x8b\x00");
    QCHECK_EQ(in.seg, INSN_SEG_ES);
    in = DEC(32, "\x26\x3e\x8b\x00"); /* last override wins */
    QCHECK_EQ(in.seg, INSN_SEG_DS);
    QCHECK_EQ(in.prefixes & INSN_P_SEG, INSN_P_SEG);
    in = DEC(32, "\x8b\x45\x08"); /* [ebp+8] defaults to SS */
    QCHECK_EQ(in.seg, INSN_SEG_SS);
    in = DEC(32, "\x3e\x8b\x45\x08");
    QCHECK_EQ(in.seg, INSN_SEG_DS);
    in = DEC(64, "\xf2\xf3\xa4"); /* F2 then F3: the last one counts */
    QCHECK_EQ(in.prefixes & (INSN_P_REP | INSN_P_REPNE), INSN_P_REP);
    in = DEC(64, "\xf3\xf2\xa4");
    QCHECK_EQ(in.prefixes & (INSN_P_REP | INSN_P_REPNE), INSN_P_REPNE);
    in = DEC(64, "\xf0\x01\x08");
    QCHECK_EQ(in.prefixes & INSN_P_LOCK, INSN_P_LOCK);
    in = DEC(64, "\x44\x0f\x20\xc0"); /* mov rax, cr8 */
    QCHECK_EQ(in.reg, 8);
    QCHECK_EQ(in.rm, 0);
    QCHECK_EQ(in.has_mem, 0);
    in = DEC(32, "\xf0\x0f\x22\xc3"); /* AMD alternate encoding of mov cr8, ebx */
    QCHECK_EQ(in.reg, 8);
    QCHECK_EQ(in.rm, 3);
    QCHECK_EQ(in.op_size, 4);
    in = DEC(64, "\x41\x0f\x22\xd8"); /* mov cr3, r8 */
    QCHECK_EQ(in.rm, 8);
    QCHECK_EQ(in.reg, 3);
}

QTEST(decode_operands_64)
{
    struct insn in = DEC(64, "\x8b\x05\xf0\xff\xff\xff"); /* mov eax, [rip-16] */
    QCHECK_EQ(in.base, INSN_REG_RIP);
    QCHECK_EQ(in.disp, (uint64_t)-16);
    QCHECK_EQ(in.disp_size, 4);
    QCHECK_EQ(in.has_mem, 1);
    QCHECK_EQ(in.op_size, 4);
    QCHECK_EQ(in.addr_size, 8);
    in = DEC(64, "\x41\x8b\x05\x10\x00\x00\x00"); /* RIP-relative even with REX.B */
    QCHECK_EQ(in.base, INSN_REG_RIP);
    in = DEC(64, "\x67\x8b\x05\x10\x00\x00\x00");
    QCHECK_EQ(in.base, INSN_REG_RIP);
    QCHECK_EQ(in.addr_size, 4);
    in = DEC(64, "\x8b\x04\x25\x00\x10\x00\x00");
    QCHECK_EQ(in.base, INSN_REG_NONE);
    QCHECK_EQ(in.index, INSN_REG_NONE);
    QCHECK_EQ(in.disp, 0x1000);
    in = DEC(64, "\x8b\x44\x24\xf8"); /* [rsp-8] */
    QCHECK_EQ(in.base, 4);
    QCHECK_EQ(in.disp, (uint64_t)-8);
    QCHECK_EQ(in.disp_size, 1);
    in = DEC(64, "\x88\x20"); /* mov [rax], ah */
    QCHECK_EQ(in.reg, 4);
    QCHECK_EQ(in.op_size, 1);
    in = DEC(64, "\x48\xc7\x00\xff\xff\xff\xff"); /* imm32 sign-extended */
    QCHECK_EQ(in.imm, ~0ull);
    QCHECK_EQ(in.imm_size, 4);
    QCHECK_EQ(in.op_size, 8);
    in = DEC(64, "\x83\x08\x80"); /* or dword [rax], -128 */
    QCHECK_EQ(in.alu, ALU_OR);
    QCHECK_EQ(in.imm, (uint64_t)-128);
    QCHECK_EQ(in.op_size, 4);
    in = DEC(64, "\x80\x38\x05");
    QCHECK_EQ(in.alu, ALU_CMP);
    QCHECK_EQ(in.op_size, 1);
    in = DEC(64, "\x2b\x08");
    QCHECK_EQ(in.alu, ALU_SUB);
    in = DEC(64, "\x48\xa1\x88\x77\x66\x55\x44\x33\x22\x11"); /* mov rax, [moffs64] */
    QCHECK_EQ(in.kind, INSN_MOV_LOAD);
    QCHECK_EQ(in.has_mem, 1);
    QCHECK_EQ(in.disp, 0x1122334455667788ull);
    QCHECK_EQ(in.reg, 0);
    QCHECK_EQ(in.op_size, 8);
    QCHECK_EQ(in.base, INSN_REG_NONE);
    in = DEC(64, "\x0f\xb7\x00");
    QCHECK_EQ(in.src_size, 2);
    QCHECK_EQ(in.op_size, 4);
    in = DEC(64, "\x66\x0f\xb6\x00");
    QCHECK_EQ(in.src_size, 1);
    QCHECK_EQ(in.op_size, 2);
    in = DEC(64, "\x48\x63\x08");
    QCHECK_EQ(in.src_size, 4);
    QCHECK_EQ(in.op_size, 8);
    in = DEC(64, "\x63\x08");
    QCHECK_EQ(in.src_size, 4);
    QCHECK_EQ(in.op_size, 4);
    in = DEC(64, "\x48\xed"); /* REX.W does not widen I/O beyond 32 bits */
    QCHECK_EQ(in.op_size, 4);
    QCHECK_EQ(in.port_imm, 0);
    in = DEC(64, "\xe6\x80");
    QCHECK_EQ(in.port_imm, 1);
    QCHECK_EQ(in.imm & 0xff, 0x80);
    QCHECK_EQ(in.op_size, 1);
    in = DEC(64, "\x48\xab");
    QCHECK_EQ(in.op_size, 8);
    in = DEC(64, "\xc8\x10\x00\x01");
    QCHECK_EQ(in.imm, 0x10);
    QCHECK_EQ(in.imm2, 1);
    in = DEC(32, "\x9a\x78\x56\x34\x12\x08\x00");
    QCHECK_EQ(in.imm, 0x12345678);
    QCHECK_EQ(in.imm2, 8);
    in = DEC(64, "\x45\x86\x08"); /* xchg [r8], r9b */
    QCHECK_EQ(in.reg, 9);
    QCHECK_EQ(in.base, 8);
    in = DEC(64, "\x89\xc8"); /* register form: no memory operand */
    QCHECK_EQ(in.has_mem, 0);
    QCHECK_EQ(in.rm, 0);
    QCHECK_EQ(in.reg, 1);
}

QTEST(decode_operands_16)
{
    static const struct { const char *b; unsigned n; uint8_t base, index; int64_t disp; uint8_t seg; } t[] = {
        { "\x8b\x00", 2, 3, 6, 0, INSN_SEG_DS },        /* [bx+si] */
        { "\x8b\x01", 2, 3, 7, 0, INSN_SEG_DS },        /* [bx+di] */
        { "\x8b\x02", 2, 5, 6, 0, INSN_SEG_SS },        /* [bp+si] */
        { "\x8b\x03", 2, 5, 7, 0, INSN_SEG_SS },        /* [bp+di] */
        { "\x8b\x04", 2, INSN_REG_NONE, 6, 0, INSN_SEG_DS }, /* [si] */
        { "\x8b\x05", 2, INSN_REG_NONE, 7, 0, INSN_SEG_DS }, /* [di] */
        { "\x8b\x07", 2, 3, INSN_REG_NONE, 0, INSN_SEG_DS },  /* [bx] */
        { "\x8b\x46\xfe", 3, 5, INSN_REG_NONE, -2, INSN_SEG_SS },  /* [bp-2] */
        { "\x8b\x87\x00\x80", 4, 3, INSN_REG_NONE, -0x8000, INSN_SEG_DS }, /* [bx+0x8000] */
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct insn in;
        uint8_t buf[16];
        memset(buf, 0x90, sizeof buf);
        memcpy(buf, t[i].b, t[i].n);
        QCHECK_EQ(insn_decode(buf, sizeof buf, INSN_MODE_16, &in), 0);
        /* "[si]" base/index: the table stores SI as base-less index. */
        uint8_t base = in.base, index = in.index;
        if (base == 6 || base == 7) { index = base; base = INSN_REG_NONE; }
        QCHECK_EQ(base, t[i].base);
        QCHECK_EQ(index, t[i].index);
        QCHECK_EQ(in.disp, (uint64_t)t[i].disp);
        QCHECK_EQ(in.seg, t[i].seg);
        QCHECK_EQ(in.addr_size, 2);
        QCHECK_EQ(in.op_size, 2);
    }
    struct insn in = DEC(16, "\x8b\x06\x34\x12"); /* [0x1234]: no base */
    QCHECK_EQ(in.base, INSN_REG_NONE);
    QCHECK_EQ(in.index, INSN_REG_NONE);
    QCHECK_EQ(in.disp, 0x1234);
    QCHECK_EQ(in.seg, INSN_SEG_DS);
    in = DEC(16, "\x66\x8b\x07");
    QCHECK_EQ(in.op_size, 4);
    in = DEC(16, "\x67\x66\x8b\x04\x24"); /* mov eax, [esp] */
    QCHECK_EQ(in.addr_size, 4);
    QCHECK_EQ(in.base, 4);
    QCHECK_EQ(in.seg, INSN_SEG_SS);
    in = DEC(16, "\x26\xc7\x07\x34\x12"); /* mov word es:[bx], 0x1234 */
    QCHECK_EQ(in.seg, INSN_SEG_ES);
    QCHECK_EQ(in.imm & 0xffff, 0x1234);
    QCHECK_EQ(in.kind, INSN_MOV_STORE_IMM);
}

QTEST(decode_kind_names)
{
    for (unsigned k = 0; k < INSN_KIND_MAX; k++)
        QCHECK(strcmp(insn_kind_name(k), "?") != 0);
    QCHECK(strcmp(insn_kind_name(INSN_KIND_MAX), "?") == 0);
    QCHECK(strcmp(insn_kind_name(INSN_CPUID), "cpuid") == 0);
}
