/* Guest page-table walk (SDM vol. 3A ch. 4, APM vol. 2 ch. 5). */
#include "core/exit/guest_walk.h"
#include "lib/errors.h"

/* Guest control-register bits that select the paging mode and its checks
 * (SDM vol. 3A §2.5, §4.1.1; APM vol. 2 §3.1). Private names: these describe
 * the guest's registers, not the host's. */
#define G_CR0_WP    BIT(16)
#define G_CR0_PG    BIT(31)
#define G_CR4_PSE   BIT(4)
#define G_CR4_PAE   BIT(5)
#define G_CR4_LA57  BIT(12)
#define G_CR4_SMEP  BIT(20)
#define G_CR4_SMAP  BIT(21)
#define G_EFER_LMA  BIT(10)
#define G_EFER_NXE  BIT(11)

/* Paging-structure entry bits common to all modes (SDM vol. 3A §4.3-4.5). */
#define PTE_P   BIT(0)
#define PTE_RW  BIT(1)
#define PTE_US  BIT(2)
#define PTE_A   BIT(5)
#define PTE_D   BIT(6)
#define PTE_PS  BIT(7)
#define PTE_XD  BIT(63)

#define MAX_LEVELS 4

/* Bits hi..lo set (hi >= lo). */
static uint64_t bits(unsigned hi, unsigned lo)
{
    return (hi >= 63 ? ~0ull : (BIT(hi + 1) - 1)) & ~(BIT(lo) - 1);
}

struct walk {
    const struct guest_mem_ops *mem;
    unsigned access;
    bool nxe, smep;
    unsigned n;                       /* entries recorded for A/D updates */
    uint64_t ent_gpa[MAX_LEVELS];
    uint64_t ent[MAX_LEVELS];
    uint32_t pfec;
};

static int read_entry(struct walk *w, uint64_t gpa, unsigned size, uint64_t *e)
{
    uint8_t b[8];
    if (w->mem->read_gpa(w->mem->ctx, gpa, b, size) != 0)
        return QV_ERR_IO;
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)b[i] << (8 * i);
    *e = v;
    return 0;
}

static void record(struct walk *w, uint64_t gpa, uint64_t e)
{
    w->ent_gpa[w->n] = gpa;
    w->ent[w->n] = e;
    w->n++;
}

/* Error code of the #PF the CPU would raise (SDM vol. 3A §4.7). I/D follows
 * APM vol. 2 §8.4.2: it is reported only when NX or SMEP is enabled. */
static int fault(struct walk *w, uint32_t kind)
{
    uint32_t e = kind;
    if (w->access & GW_WRITE)
        e |= PFEC_W;
    if (w->access & GW_USER)
        e |= PFEC_U;
    if ((w->access & GW_FETCH) && (w->nxe || w->smep))
        e |= PFEC_ID;
    w->pfec = e;
    return QV_ERR_FAULT;
}

/* Access rights of the combined translation (SDM vol. 3A §4.6.1): a page is
 * user-accessible / writable only if every level allows it, executable
 * unless any level has XD set. */
static int check_rights(struct walk *w, const struct vcpu_sregs *s, bool us, bool rw, bool xd)
{
    unsigned a = w->access;
    if (a & GW_USER) {
        if (!us || ((a & GW_WRITE) && !rw) || ((a & GW_FETCH) && xd))
            return fault(w, PFEC_P);
        return 0;
    }
    if (a & GW_FETCH) {
        if (xd || (w->smep && us))
            return fault(w, PFEC_P);
        return 0;
    }
    if ((a & GW_WRITE) && !rw && (s->cr0 & G_CR0_WP))
        return fault(w, PFEC_P);
    /* SMAP (SDM vol. 3A §4.6.1): supervisor data accesses to user pages fault
     * unless RFLAGS.AC=1 for an explicit access. */
    if ((s->cr4 & G_CR4_SMAP) && us && !(a & GW_AC))
        return fault(w, PFEC_P);
    return 0;
}

/* Set A on every entry used and D on the leaf for writes (SDM vol. 3A §4.8).
 * Both bits live in byte 0, so one byte is written per entry. */
static int set_accessed_dirty(struct walk *w)
{
    if (!w->mem->write_gpa)
        return 0;
    for (unsigned i = 0; i < w->n; i++) {
        uint64_t want = w->ent[i] | PTE_A;
        if (i == w->n - 1 && (w->access & GW_WRITE))
            want |= PTE_D;
        if (want == w->ent[i])
            continue;
        uint8_t b = (uint8_t)want;
        if (w->mem->write_gpa(w->mem->ctx, w->ent_gpa[i], &b, 1) != 0)
            return QV_ERR_IO;
    }
    return 0;
}

/* 32-bit paging (SDM vol. 3A §4.3): two levels of 4-byte entries; a PDE with
 * PS=1 maps 4 MiB when CR4.PSE=1, with PSE-36 address bits 39:32 in 20:13. */
static int walk32(struct walk *w, const struct vcpu_sregs *s, uint32_t la, unsigned m, uint64_t *gpa)
{
    uint64_t pde_gpa = (s->cr3 & 0xFFFFF000u) + ((la >> 22) & 0x3FF) * 4;
    uint64_t pde, pte;
    int rc = read_entry(w, pde_gpa, 4, &pde);
    if (rc)
        return rc;
    if (!(pde & PTE_P))
        return fault(w, 0);
    record(w, pde_gpa, pde);
    if ((pde & PTE_PS) && (s->cr4 & G_CR4_PSE)) {
        /* PSE-36 addresses at most 40 bits (SDM §4.3 Table 4-4, M = min(MAXPHYADDR, 40)). */
        unsigned mm = MIN(m, 40u);
        unsigned hi = mm > 32 ? mm - 32 : 0;
        if (pde & bits(21, 13 + hi))
            return fault(w, PFEC_P | PFEC_RSVD);
        rc = check_rights(w, s, pde & PTE_US, pde & PTE_RW, false);
        if (rc)
            return rc;
        uint64_t high = hi ? ((pde >> 13) & (BIT(hi) - 1)) << 32 : 0;
        *gpa = high | (pde & 0xFFC00000u) | (la & 0x3FFFFF);
        return 0;
    }
    uint64_t pte_gpa = (pde & 0xFFFFF000u) + ((la >> 12) & 0x3FF) * 4;
    rc = read_entry(w, pte_gpa, 4, &pte);
    if (rc)
        return rc;
    if (!(pte & PTE_P))
        return fault(w, 0);
    record(w, pte_gpa, pte);
    rc = check_rights(w, s, (pde & pte) & PTE_US, (pde & pte) & PTE_RW, false);
    if (rc)
        return rc;
    *gpa = (pte & 0xFFFFF000u) | (la & 0xFFF);
    return 0;
}

/* PAE (SDM vol. 3A §4.4) and 4-level (§4.5) paging: 8-byte entries, 9 index
 * bits per level. PAE starts from the four PDPTEs at CR3[31:5]; they carry
 * no access rights (their R/W, U/S and XD positions are reserved). The
 * PDPTEs are re-read on every walk instead of being cached at CR3 load. */
static int walk64(struct walk *w, const struct vcpu_sregs *s, uint64_t la, unsigned m, uint64_t *gpa)
{
    bool lm = s->efer & G_EFER_LMA;
    uint64_t addr_mask = bits(m - 1, 12);
    uint64_t rsvd = (m < 52 ? bits(51, m) : 0) | (w->nxe ? 0 : PTE_XD);
    bool us = true, rw = true, xd = false;
    uint64_t table;
    unsigned shift;
    int rc;

    if (lm) {
        table = s->cr3 & addr_mask;
        shift = 39;
    } else {
        la = (uint32_t)la;
        uint64_t pdpte_gpa = (s->cr3 & 0xFFFFFFE0u) + ((la >> 30) & 3) * 8;
        uint64_t pdpte;
        rc = read_entry(w, pdpte_gpa, 8, &pdpte);
        if (rc)
            return rc;
        if (!(pdpte & PTE_P))
            return fault(w, 0);
        /* PDPTE reserved bits: 2:1, 8:5, 63:M (SDM §4.4.1 Table 4-8). */
        if (pdpte & (bits(2, 1) | bits(8, 5) | bits(63, m)))
            return fault(w, PFEC_P | PFEC_RSVD);
        table = pdpte & addr_mask;
        shift = 21;
    }

    for (;; shift -= 9) {
        uint64_t egpa = table + ((la >> shift) & 0x1FF) * 8;
        uint64_t e;
        rc = read_entry(w, egpa, 8, &e);
        if (rc)
            return rc;
        if (!(e & PTE_P))
            return fault(w, 0);
        uint64_t r = rsvd;
        bool leaf = shift == 12;
        if (shift == 39) {
            r |= PTE_PS; /* PML4E.PS is reserved (SDM §4.5.4 Table 4-15) */
        } else if (shift != 12 && (e & PTE_PS)) {
            leaf = true; /* 1 GiB (PDPTE) or 2 MiB (PDE) page: bits shift-1..13 reserved */
            r |= bits(shift - 1, 13);
        }
        if (e & r)
            return fault(w, PFEC_P | PFEC_RSVD);
        record(w, egpa, e);
        us = us && (e & PTE_US);
        rw = rw && (e & PTE_RW);
        xd = xd || (w->nxe && (e & PTE_XD));
        if (leaf) {
            rc = check_rights(w, s, us, rw, xd);
            if (rc)
                return rc;
            uint64_t size_mask = BIT(shift) - 1;
            *gpa = (e & addr_mask & ~size_mask) | (la & size_mask);
            return 0;
        }
        table = e & addr_mask;
    }
}

int guest_walk(const struct guest_mem_ops *mem, const struct vcpu_sregs *s, uint64_t linear,
               unsigned access, uint64_t *gpa, uint32_t *pf_error)
{
    *pf_error = 0;
    if (!(s->cr0 & G_CR0_PG)) {
        /* No paging: linear = physical, 32 bits wide outside long mode. */
        *gpa = (s->efer & G_EFER_LMA) ? linear : (uint32_t)linear;
        return 0;
    }
    if ((s->efer & G_EFER_LMA) && (s->cr4 & G_CR4_LA57))
        return QV_ERR_UNSUPPORTED;
    if ((s->efer & G_EFER_LMA)) {
        /* Canonical: bits 63:47 all equal (SDM vol. 1 §3.3.7.1); otherwise #GP. */
        uint64_t top = linear >> 47;
        if (top != 0 && top != 0x1FFFF)
            return QV_ERR_INVAL;
    }

    unsigned m = mem->maxphyaddr ? mem->maxphyaddr : GW_DEFAULT_MAXPHYADDR;
    if (m < 32)
        m = 32;
    if (m > 52)
        m = 52;
    struct walk w = {
        .mem = mem,
        .access = access,
        .nxe = s->efer & G_EFER_NXE,
        .smep = s->cr4 & G_CR4_SMEP,
    };
    uint64_t out = 0;
    int rc;
    if ((s->cr4 & G_CR4_PAE) || (s->efer & G_EFER_LMA))
        rc = walk64(&w, s, linear, m, &out);
    else
        rc = walk32(&w, s, (uint32_t)linear, m, &out);
    if (rc == QV_ERR_FAULT) {
        *pf_error = w.pfec;
        return rc;
    }
    if (rc)
        return rc;
    rc = set_accessed_dirty(&w);
    if (rc)
        return rc;
    *gpa = out;
    return 0;
}
