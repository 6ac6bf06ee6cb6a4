/* MP tables (Intel MultiProcessor Specification 1.4 §4): walked back with an
 * independent reader written here from the spec's layouts. */
#include <string.h>
#include "qtest.h"
#include "core/vm/fwtables/mptable.h"
#include "lib/errors.h"

#define GPA 0xF0000ull

static uint8_t buf[0x10000 + 64];

static unsigned rd16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--)
        s = (uint8_t)(s + *p++);
    return s;
}

static void desc_init(struct fw_vm_desc *d, unsigned ncpus)
{
    memset(d, 0, sizeof *d);
    d->ncpus = ncpus;
    for (unsigned i = 0; i < ncpus; i++)
        d->lapic_ids[i] = i;
    d->ioapic_id = (uint8_t)ncpus;
    d->nisos = 2;
    d->isos[0] = (struct fw_iso){.src_irq = 0, .gsi = 2};
    d->isos[1] = (struct fw_iso){.src_irq = 9, .gsi = 9,
                                 .flags = FW_INTI_ACTIVE_HIGH | FW_INTI_LEVEL};
}

struct mp_walk {
    unsigned ncpu, nbsp, nbus, nioapic, nioint, nlint;
    int pin_of_irq[16];       /* -1: no entry */
    uint16_t flags_of_irq[16];
    int lint_type[2];
    uint8_t cpu_ids[256];
};

/* Checks both checksums and the entry count, then collects the entries. */
static int walk(const uint8_t *b, uint64_t gpa, size_t used, struct mp_walk *w)
{
    memset(w, 0, sizeof *w);
    for (int i = 0; i < 16; i++)
        w->pin_of_irq[i] = -1;
    if (memcmp(b, "_MP_", 4) || b[8] != 1 || b[9] != 4 || sum(b, 16) != 0)
        return -1;
    if (rd32(b + 4) != gpa + 16 || b[11] != 0)
        return -2;
    const uint8_t *t = b + 16;
    unsigned len = rd16(t + 4);
    if (memcmp(t, "PCMP", 4) || t[6] != 4 || 16 + len != used || sum(t, len) != 0)
        return -3;
    if (rd32(t + 36) != 0xFEE00000 || rd16(t + 40) != 0)
        return -4;
    unsigned count = rd16(t + 34), n = 0, last_type = 0;
    for (unsigned off = 44; off < len; n++) {
        const uint8_t *e = t + off;
        if (e[0] < last_type) /* §4.3: entries sorted by type */
            return -5;
        last_type = e[0];
        switch (e[0]) {
        case 0:
            w->cpu_ids[w->ncpu++] = e[1];
            if (!(e[3] & 1))
                return -6;
            if (e[3] & 2)
                w->nbsp++;
            off += 20;
            break;
        case 1:
            if (memcmp(e + 2, "ISA   ", 6))
                return -7;
            w->nbus++;
            off += 8;
            break;
        case 2:
            if (!(e[3] & 1) || rd32(e + 4) != 0xFEC00000)
                return -8;
            w->nioapic++;
            off += 8;
            break;
        case 3:
            if (e[1] != 0 || e[4] != 0 || e[5] >= 16 || w->pin_of_irq[e[5]] != -1)
                return -9;
            w->pin_of_irq[e[5]] = e[7];
            w->flags_of_irq[e[5]] = (uint16_t)rd16(e + 2);
            w->nioint++;
            off += 8;
            break;
        case 4:
            if (e[6] != 0xFF || e[7] > 1)
                return -10;
            w->lint_type[e[7]] = e[1];
            w->nlint++;
            off += 8;
            break;
        default:
            return -11;
        }
    }
    return n == count ? 0 : -12;
}

QTEST(fwtables_mp_basic)
{
    struct fw_vm_desc d;
    desc_init(&d, 4);
    size_t used;
    memset(buf, 0xAA, sizeof buf);
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, sizeof buf, &used), 0);
    QCHECK_EQ(used, 16 + 44 + 4 * 20 + (1 + 1 + 15 + 2) * 8);
    QCHECK_EQ(buf[used], 0xAA);
    struct mp_walk w;
    QCHECK_EQ(walk(buf, GPA, used, &w), 0);
    QCHECK_EQ(w.ncpu, 4);
    QCHECK_EQ(w.nbsp, 1);
    QCHECK_EQ(buf[16 + 44 + 3], 3); /* CPU 0: EN | BP */
    for (unsigned i = 0; i < 4; i++)
        QCHECK_EQ(w.cpu_ids[i], i);
    QCHECK_EQ(w.nbus, 1);
    QCHECK_EQ(w.nioapic, 1);
    QCHECK_EQ(w.nioint, 15);
    QCHECK_EQ(w.pin_of_irq[0], 2);  /* the IRQ0 -> pin 2 override */
    QCHECK_EQ(w.pin_of_irq[2], -1); /* pin 2 taken: no IRQ2 */
    QCHECK_EQ(w.pin_of_irq[1], 1);
    QCHECK_EQ(w.pin_of_irq[15], 15);
    QCHECK_EQ(w.pin_of_irq[9], 9);
    QCHECK_EQ(w.flags_of_irq[9], 0x0D);
    QCHECK_EQ(w.flags_of_irq[4], 0);
    QCHECK_EQ(w.nlint, 2);
    QCHECK_EQ(w.lint_type[0], 3); /* ExtINT on LINT0 */
    QCHECK_EQ(w.lint_type[1], 1); /* NMI on LINT1 */
}

QTEST(fwtables_mp_windows_and_limits)
{
    struct fw_vm_desc d;
    desc_init(&d, 2);
    size_t used;
    struct mp_walk w;
    /* The last KiB of base memory works for a small table. */
    QCHECK_EQ(fw_build_mptable(&d, 0x9FC00, buf, sizeof buf, &used), 0);
    QCHECK_EQ(walk(buf, 0x9FC00, used, &w), 0);
    QCHECK_EQ(fw_build_mptable(&d, 0x80000, buf, sizeof buf, &used), QV_ERR_RANGE);
    QCHECK_EQ(fw_build_mptable(&d, 0xFFFF0, buf, sizeof buf, &used), QV_ERR_RANGE);
    QCHECK_EQ(fw_build_mptable(&d, GPA + 8, buf, sizeof buf, &used), QV_ERR_INVAL);
    QCHECK_EQ(fw_build_mptable(NULL, GPA, buf, sizeof buf, &used), QV_ERR_INVAL);

    /* 255 CPUs do not fit in 1 KiB, but do in the BIOS area. */
    desc_init(&d, 255);
    QCHECK_EQ(fw_build_mptable(&d, 0x9FC00, buf, sizeof buf, &used), QV_ERR_RANGE);
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, sizeof buf, &used), 0);
    QCHECK_EQ(walk(buf, GPA, used, &w), 0);
    QCHECK_EQ(w.ncpu, 255);
    QCHECK_EQ(w.nbsp, 1);
    /* APIC id 255 (broadcast) or x2APIC ids cannot be described. */
    desc_init(&d, 256);
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, sizeof buf, &used), QV_ERR_RANGE);
    desc_init(&d, 1);
    d.lapic_ids[0] = 300;
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, sizeof buf, &used), QV_ERR_RANGE);
    desc_init(&d, 0);
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, sizeof buf, &used), QV_ERR_RANGE);
    desc_init(&d, 2);
    d.nisos = FW_MAX_ISOS + 1;
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, sizeof buf, &used), QV_ERR_RANGE);
}

QTEST(fwtables_mp_routing_variants)
{
    /* No overrides: 16 identity entries. An IOAPIC with 8 pins starting at
     * GSI 4 only covers IRQs 4-11. */
    struct fw_vm_desc d;
    desc_init(&d, 1);
    d.nisos = 0;
    size_t used;
    struct mp_walk w;
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, sizeof buf, &used), 0);
    QCHECK_EQ(walk(buf, GPA, used, &w), 0);
    QCHECK_EQ(w.nioint, 16);
    QCHECK_EQ(w.pin_of_irq[2], 2);
    d.ioapic_gsi_base = 4;
    d.ioapic_npins = 8;
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, sizeof buf, &used), 0);
    QCHECK_EQ(walk(buf, GPA, used, &w), 0);
    QCHECK_EQ(w.nioint, 8);
    QCHECK_EQ(w.pin_of_irq[3], -1);
    QCHECK_EQ(w.pin_of_irq[4], 0);
    QCHECK_EQ(w.pin_of_irq[11], 7);
    QCHECK_EQ(w.pin_of_irq[12], -1);
}

QTEST(fwtables_mp_small_buffers)
{
    struct fw_vm_desc d;
    desc_init(&d, 8);
    size_t used, u;
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, sizeof buf, &used), 0);
    for (size_t cap = 0; cap < used; cap++) {
        memset(buf, 0xAA, used + 16);
        QCHECK_EQ(fw_build_mptable(&d, GPA, buf, cap, &u), QV_ERR_NOSPC);
        for (size_t i = 0; i < used + 16; i++)
            if (buf[i] != 0xAA) {
                QCHECK(!"buffer written on NOSPC");
                return;
            }
    }
    QCHECK_EQ(fw_build_mptable(&d, GPA, buf, used, &u), 0);
    QCHECK_EQ(u, used);
}
