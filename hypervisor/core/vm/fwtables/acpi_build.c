/* ACPI blob assembly: input checks, layout, RSDP and root tables
 * (ACPI 6.5 §5.2.5 RSDP, §5.2.7 RSDT, §5.2.8 XSDT). */
#include "core/vm/fwtables/fw_internal.h"
#include "lib/errors.h"
#include "lib/string.h"

#define RSDP_V2_LEN 36
#define TABLE_ALIGN 16
#define FOUR_GIB (1ull << 32)

uint8_t fw_checksum(const uint8_t *p, size_t len)
{
    uint8_t s = 0;
    for (size_t i = 0; i < len; i++)
        s = (uint8_t)(s + p[i]);
    return (uint8_t)(0 - s);
}

int fw_blob_next(const struct fw_blob *b, uint64_t align, size_t *off, size_t *room)
{
    uint64_t at = b->gpa + b->len;
    uint64_t pad = ((at + align - 1) & ~(align - 1)) - at;
    if (b->len > b->cap || pad > b->cap - b->len)
        return QV_ERR_NOSPC;
    *off = b->len + (size_t)pad;
    *room = b->cap - *off;
    return 0;
}

int fw_blob_alloc(struct fw_blob *b, size_t size, uint64_t align, size_t *off)
{
    size_t o, room;
    int rc = fw_blob_next(b, align, &o, &room);
    if (rc)
        return rc;
    if (size > room)
        return QV_ERR_NOSPC;
    memset(b->buf + b->len, 0, o + size - b->len);
    b->len = o + size;
    *off = o;
    return 0;
}

void fw_sdt_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
    /* §5.2.6: Signature, Length, Revision, Checksum, OEMID, OEM Table ID,
     * OEM Revision, Creator ID, Creator Revision. */
    memcpy(t, sig, 4);
    fw_wr32(t + 4, len);
    t[8] = rev;
    t[9] = 0;
    memcpy(t + 10, FW_OEM_ID, 6);
    memcpy(t + 16, FW_OEM_TABLE_ID, 8);
    fw_wr32(t + 24, FW_REVISION);
    memcpy(t + 28, FW_CREATOR_ID, 4);
    fw_wr32(t + 32, FW_REVISION);
}

void fw_sdt_finish(uint8_t *t, uint32_t len)
{
    t[9] = 0;
    t[9] = fw_checksum(t, len);
}

void fw_gas(uint8_t *p, uint8_t space, uint8_t bit_width, uint8_t access_size, uint64_t addr)
{
    p[0] = space;
    p[1] = bit_width;
    p[2] = 0; /* bit offset */
    p[3] = access_size;
    fw_wr64(p + 4, addr);
}

static bool fits32(uint64_t base, uint64_t size)
{
    return size != 0 && base < FOUR_GIB && size <= FOUR_GIB - base;
}

static int check_desc(const struct fw_vm_desc *d)
{
    if (d->ncpus == 0 || d->ncpus > FW_MAX_CPUS || d->nisos > FW_MAX_ISOS ||
        d->nvirtio > FW_MAX_VIRTIO)
        return QV_ERR_RANGE;
    for (unsigned i = 0; i < d->ncpus; i++) {
        /* 0xFFFFFFFF is the x2APIC broadcast id (§5.2.12.12). */
        if (d->lapic_ids[i] == 0xFFFFFFFFu)
            return QV_ERR_RANGE;
        for (unsigned j = 0; j < i; j++)
            if (d->lapic_ids[j] == d->lapic_ids[i])
                return QV_ERR_INVAL;
    }
    for (unsigned i = 0; i < d->nisos; i++)
        if (d->isos[i].src_irq >= 16)
            return QV_ERR_RANGE;
    /* §4.8.3: PM1a event and control blocks are mandatory outside HW-reduced
     * ACPI; GPE blocks are made of equal status and enable halves. */
    if (d->pm1a_evt_port == 0 || d->pm1a_cnt_port == 0)
        return QV_ERR_INVAL;
    if ((d->gpe0_port != 0) != (d->gpe0_len != 0) || (d->gpe0_len & 1))
        return QV_ERR_INVAL;
    for (unsigned i = 0; i < d->nvirtio; i++) {
        const struct fw_virtio_mmio *v = &d->virtio_mmio[i];
        if (v->size == 0 || v->base + v->size - 1 < v->base)
            return QV_ERR_RANGE;
    }
    if (d->have_pci) {
        /* PCI Firmware spec 3.2 §4.1.2: 1 MiB of ECAM per bus from bus 0. */
        if (d->bus_start > d->bus_end || (d->ecam_base & 0xFFFFF))
            return QV_ERR_INVAL;
        if (d->ecam_base + ((uint64_t)d->bus_end + 1) * MiB(1) - 1 < d->ecam_base)
            return QV_ERR_RANGE;
        if ((d->pci_io_size && (uint32_t)d->pci_io_base + d->pci_io_size > 0x10000) ||
            (d->pci_mem32_size && !fits32(d->pci_mem32_base, d->pci_mem32_size)) ||
            (d->pci_mem64_size &&
             d->pci_mem64_base + d->pci_mem64_size - 1 < d->pci_mem64_base))
            return QV_ERR_RANGE;
    }
    return 0;
}

/* RSDT (§5.2.7, 32-bit entries) or XSDT (§5.2.8, 64-bit entries). */
static int build_root(struct fw_blob *b, const char *sig, unsigned width,
                      const uint64_t *tables, unsigned n, uint64_t *gpa)
{
    size_t off;
    uint32_t len = FW_SDT_HDR_LEN + width * n;
    int rc = fw_blob_alloc(b, len, TABLE_ALIGN, &off);
    if (rc)
        return rc;
    uint8_t *t = b->buf + off;
    fw_sdt_header(t, sig, len, 1);
    for (unsigned i = 0; i < n; i++) {
        if (width == 8)
            fw_wr64(t + FW_SDT_HDR_LEN + 8 * i, tables[i]);
        else
            fw_wr32(t + FW_SDT_HDR_LEN + 4 * i, (uint32_t)tables[i]);
    }
    fw_sdt_finish(t, len);
    *gpa = b->gpa + off;
    return 0;
}

/* RSDP revision 2, §5.2.5.3: checksum over the first 20 bytes, extended
 * checksum over all 36. */
static void fill_rsdp(uint8_t *p, uint64_t rsdt, uint64_t xsdt)
{
    memcpy(p, "RSD PTR ", 8);
    memcpy(p + 9, FW_OEM_ID, 6);
    p[15] = 2;
    fw_wr32(p + 16, (uint32_t)rsdt);
    fw_wr32(p + 20, RSDP_V2_LEN);
    fw_wr64(p + 24, xsdt);
    p[8] = fw_checksum(p, 20);
    p[32] = fw_checksum(p, RSDP_V2_LEN);
}

int fw_build_acpi(const struct fw_vm_desc *d, uint64_t table_gpa, uint8_t *buf, size_t cap,
                  size_t *used, uint64_t *rsdp_gpa_out)
{
    if (!d || !buf || !used || !rsdp_gpa_out || (table_gpa & (TABLE_ALIGN - 1)))
        return QV_ERR_INVAL;
    if (table_gpa >= FOUR_GIB)
        return QV_ERR_RANGE;
    int rc = check_desc(d);
    if (rc)
        return rc;

    struct fw_blob b = {.buf = buf, .cap = cap, .len = 0, .gpa = table_gpa};
    size_t rsdp_off;
    uint64_t facs, dsdt, tables[3];
    unsigned n = 0;
    /* The RSDP first, so that table_gpa = 0xE0000 puts it in the legacy
     * search window (§5.2.5.1). */
    if ((rc = fw_blob_alloc(&b, RSDP_V2_LEN, TABLE_ALIGN, &rsdp_off)) ||
        (rc = fw_build_facs(&b, &facs)) || (rc = fw_build_dsdt(d, &b, &dsdt)) ||
        (rc = fw_build_fadt(d, &b, facs, dsdt, &tables[n++])) ||
        (rc = fw_build_madt(d, &b, &tables[n++])))
        return rc;
    if (d->have_pci && (rc = fw_build_mcfg(d, &b, &tables[n++])))
        return rc;
    uint64_t xsdt, rsdt;
    if ((rc = build_root(&b, "XSDT", 8, tables, n, &xsdt)) ||
        (rc = build_root(&b, "RSDT", 4, tables, n, &rsdt)))
        return rc;
    if (b.len > FOUR_GIB - table_gpa)
        return QV_ERR_RANGE;
    fill_rsdp(buf + rsdp_off, rsdt, xsdt);
    *used = b.len;
    *rsdp_gpa_out = table_gpa + rsdp_off;
    return 0;
}
