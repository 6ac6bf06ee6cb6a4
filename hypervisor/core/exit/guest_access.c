/* Guest segmentation and linear-address memory access (SDM vol. 3A ch. 3-5). */
#include "core/exit/guest_access.h"
#include "lib/errors.h"
#include "lib/string.h"

/* vcpu_segment.attrib: descriptor bits 40-47 in 7:0, 52-55 in 11:8 (vcpu.h). */
#define SEG_TYPE_CODE  BIT(3)  /* type bit 3: code segment */
#define SEG_TYPE_EXPDN BIT(2)  /* data: expand-down */
#define SEG_TYPE_RW    BIT(1)  /* data: writable; code: readable */
#define SEG_S          BIT(4)  /* code/data (not system) descriptor */
#define SEG_P          BIT(7)
#define SEG_L          BIT(9)
#define SEG_DB         BIT(10)

#define G_CR0_PE   BIT(0)
#define G_EFER_LMA BIT(10)

enum insn_mode guest_code_mode(const struct vcpu_sregs *s)
{
    if (!(s->cr0 & G_CR0_PE))
        return INSN_MODE_16;
    if ((s->efer & G_EFER_LMA) && (s->cs.attrib & SEG_L))
        return INSN_MODE_64;
    return (s->cs.attrib & SEG_DB) ? INSN_MODE_32 : INSN_MODE_16;
}

const struct vcpu_segment *guest_segment(const struct vcpu_sregs *s, unsigned seg)
{
    switch (seg) {
    case INSN_SEG_ES: return &s->es;
    case INSN_SEG_CS: return &s->cs;
    case INSN_SEG_SS: return &s->ss;
    case INSN_SEG_DS: return &s->ds;
    case INSN_SEG_FS: return &s->fs;
    case INSN_SEG_GS: return &s->gs;
    default: return NULL;
    }
}

unsigned guest_access_user(const struct vcpu_sregs *s)
{
    return s->cpl == 3 ? GW_USER : 0;
}

static int seg_fault(unsigned seg, struct guest_exception *exc)
{
    exc->vector = seg == INSN_SEG_SS ? GX_SS : GX_GP;
    exc->has_error = true;
    exc->error = 0;
    exc->cr2 = 0;
    return QV_ERR_FAULT;
}

static bool canonical(uint64_t la)
{
    uint64_t top = la >> 47;
    return top == 0 || top == 0x1FFFF;
}

int guest_linear(const struct vcpu_sregs *s, enum insn_mode mode, unsigned seg, uint64_t ea,
                 unsigned size, bool write, uint64_t *linear, struct guest_exception *exc)
{
    const struct vcpu_segment *sg = guest_segment(s, seg);
    if (!sg || size == 0)
        return QV_ERR_INVAL;
    if (mode == INSN_MODE_64) {
        /* 64-bit mode: no limits, bases only for FS/GS (SDM vol. 3A §3.2.4). */
        uint64_t la = ea + ((seg == INSN_SEG_FS || seg == INSN_SEG_GS) ? sg->base : 0);
        if (!canonical(la) || !canonical(la + size - 1))
            return seg_fault(seg, exc);
        *linear = la;
        return 0;
    }
    uint64_t last = ea + size - 1;
    if (s->cr0 & G_CR0_PE) {
        /* Protected mode: usable data or readable code segment, and no
         * writes to code or read-only data (SDM vol. 3A §5.5-5.6). */
        uint16_t a = sg->attrib;
        if (!(a & SEG_P) || !(a & SEG_S))
            return seg_fault(seg, exc);
        if (a & SEG_TYPE_CODE) {
            if (write || !(a & SEG_TYPE_RW))
                return seg_fault(seg, exc);
        } else if (write && !(a & SEG_TYPE_RW)) {
            return seg_fault(seg, exc);
        }
        if (!(a & SEG_TYPE_CODE) && (a & SEG_TYPE_EXPDN)) {
            /* Expand-down: valid offsets are limit+1 .. 0xFFFF or 0xFFFFFFFF (§5.3). */
            uint64_t top = (a & SEG_DB) ? 0xFFFFFFFFull : 0xFFFFull;
            if (ea <= sg->limit || last > top)
                return seg_fault(seg, exc);
        } else if (last > sg->limit) {
            return seg_fault(seg, exc);
        }
    } else if (last > sg->limit) {
        /* Real mode still checks the (usually 64 KiB) limit. */
        return seg_fault(seg, exc);
    }
    *linear = (uint32_t)(sg->base + ea);
    return 0;
}

static int walk_fault(int rc, uint64_t la, uint32_t pfec, struct guest_exception *exc)
{
    if (rc == QV_ERR_FAULT) {
        exc->vector = GX_PF;
        exc->has_error = true;
        exc->error = pfec;
        exc->cr2 = la;
        return QV_ERR_FAULT;
    }
    if (rc == QV_ERR_INVAL) { /* non-canonical */
        exc->vector = GX_GP;
        exc->has_error = true;
        exc->error = 0;
        exc->cr2 = 0;
        return QV_ERR_FAULT;
    }
    return rc;
}

/* Bytes from la to the end of its 4 KiB page, at most len. */
static size_t chunk(uint64_t la, size_t len)
{
    size_t room = (size_t)(PAGE_SIZE - (la & (PAGE_SIZE - 1)));
    return len < room ? len : room;
}

static uint64_t advance(const struct vcpu_sregs *s, uint64_t la, size_t n)
{
    la += n;
    return (s->efer & G_EFER_LMA) ? la : (uint32_t)la;
}

int guest_read_linear(const struct guest_mem_ops *m, const struct vcpu_sregs *s, uint64_t linear,
                      void *buf, size_t len, unsigned access, struct guest_exception *exc)
{
    uint8_t *out = buf;
    while (len) {
        size_t n = chunk(linear, len);
        uint64_t gpa;
        uint32_t pfec;
        int rc = guest_walk(m, s, linear, access & ~GW_WRITE, &gpa, &pfec);
        if (rc)
            return walk_fault(rc, linear, pfec, exc);
        if (m->read_gpa(m->ctx, gpa, out, n) != 0)
            return QV_ERR_IO;
        out += n;
        len -= n;
        linear = advance(s, linear, n);
    }
    return 0;
}

int guest_write_linear(const struct guest_mem_ops *m, const struct vcpu_sregs *s, uint64_t linear,
                       const void *buf, size_t len, unsigned access, struct guest_exception *exc)
{
    /* An access spans at most two pages for the sizes the emulator uses;
     * longer buffers are written in two-page windows, each checked first. */
    const uint8_t *in = buf;
    if (!m->write_gpa)
        return QV_ERR_IO;
    while (len) {
        uint64_t gpa[2];
        size_t n[2] = { 0, 0 };
        uint64_t la = linear;
        size_t left = len;
        for (unsigned k = 0; k < 2 && left; k++) {
            uint32_t pfec;
            n[k] = chunk(la, left);
            int rc = guest_walk(m, s, la, access | GW_WRITE, &gpa[k], &pfec);
            if (rc)
                return walk_fault(rc, la, pfec, exc);
            left -= n[k];
            la = advance(s, la, n[k]);
        }
        for (unsigned k = 0; k < 2 && n[k]; k++) {
            if (m->write_gpa(m->ctx, gpa[k], in, n[k]) != 0)
                return QV_ERR_IO;
            in += n[k];
            len -= n[k];
            linear = advance(s, linear, n[k]);
        }
    }
    return 0;
}

int guest_fetch_code(const struct guest_mem_ops *m, const struct vcpu_sregs *s, uint64_t rip,
                     uint8_t *buf, size_t max, size_t *got, struct guest_exception *exc)
{
    enum insn_mode mode = guest_code_mode(s);
    uint64_t la = mode == INSN_MODE_64 ? rip : (uint32_t)(s->cs.base + rip);
    unsigned access = GW_FETCH | guest_access_user(s);
    *got = 0;
    exc->vector = 0;
    if (max > INSN_MAX_LEN)
        max = INSN_MAX_LEN;
    while (*got < max) {
        size_t n = chunk(la, max - *got);
        uint64_t gpa;
        uint32_t pfec;
        int rc = guest_walk(m, s, la, access, &gpa, &pfec);
        if (rc == 0 && m->read_gpa(m->ctx, gpa, buf + *got, n) != 0)
            rc = QV_ERR_IO;
        if (rc) {
            rc = walk_fault(rc, la, pfec, exc);
            /* Bytes already fetched may be a whole instruction: report the
             * fault only if nothing could be read. */
            return *got ? 0 : rc;
        }
        *got += n;
        la = advance(s, la, n);
    }
    return 0;
}
