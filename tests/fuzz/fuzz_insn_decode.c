/* libFuzzer target for core/exit/insn_decode: random bytes in any mode.
 * Checks: never reads past avail (the input is copied to an exact-size heap
 * buffer, so ASan sees any over-read), 1 <= len <= 15 and len <= avail,
 * deterministic output, same result with exactly len bytes, TRUNCATED with
 * one byte less, and field invariants (sizes, kinds, register numbers).
 * Input: byte 0 selects the mode, the rest are the instruction bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/exit/insn_decode.h"
#include "lib/errors.h"

#define CHECK(c)                                                                      \
    do {                                                                              \
        if (!(c)) {                                                                   \
            fprintf(stderr, "fuzz_insn_decode: %s:%d: %s\n", __FILE__, __LINE__, #c); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

static const enum insn_mode modes[3] = { INSN_MODE_16, INSN_MODE_32, INSN_MODE_64 };

static bool valid_reg(uint8_t r) { return r < 16 || r == INSN_REG_NONE || r == INSN_REG_RIP; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum insn_mode mode = modes[data[0] % 3];
    size_t avail = size - 1;
    uint8_t *buf = malloc(avail ? avail : 1);
    CHECK(buf);
    memcpy(buf, data + 1, avail);

    struct insn a, b;
    int rc = insn_decode(buf, avail, mode, &a);
    int rc2 = insn_decode(buf, avail, mode, &b);
    CHECK(rc == rc2);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    CHECK(insn_length(buf, avail, mode) == (rc ? rc : a.len));
    if (rc == 0) {
        CHECK(a.len >= 1 && a.len <= INSN_MAX_LEN && a.len <= avail);
        CHECK(a.op_size == 1 || a.op_size == 2 || a.op_size == 4 || a.op_size == 8);
        CHECK(a.addr_size == 2 || a.addr_size == 4 || a.addr_size == 8);
        CHECK(a.addr_size != 8 || mode == INSN_MODE_64);
        CHECK(a.kind < INSN_KIND_MAX);
        CHECK(a.seg <= INSN_SEG_GS);
        CHECK(a.map <= 3);
        CHECK(a.reg < 16 && a.rm < 16);
        CHECK(valid_reg(a.base) && valid_reg(a.index) && a.index != INSN_REG_RIP);
        CHECK(a.scale == 1 || a.scale == 2 || a.scale == 4 || a.scale == 8);
        CHECK(a.imm_size <= 8 && a.disp_size <= 8);
        CHECK(a.rex == 0 || mode == INSN_MODE_64);
        CHECK(!a.has_mem || a.has_modrm || (a.map == 0 && a.opcode >= 0xA0 && a.opcode <= 0xA3));
        /* Exactly len bytes decode the same; one less is truncated. */
        CHECK(insn_decode(buf, a.len, mode, &b) == 0);
        CHECK(memcmp(&a, &b, sizeof a) == 0);
        CHECK(insn_length(buf, a.len - 1u, mode) == QV_ERR_TRUNCATED);
    } else {
        CHECK(rc == QV_ERR_TRUNCATED || rc == QV_ERR_RANGE || rc == QV_ERR_CORRUPT ||
              rc == QV_ERR_UNSUPPORTED);
        /* Over-long is only decided once 15 bytes were available. */
        CHECK(rc != QV_ERR_RANGE || avail >= INSN_MAX_LEN);
        CHECK(rc != QV_ERR_TRUNCATED || avail < INSN_MAX_LEN);
    }
    free(buf);
    return 0;
}
