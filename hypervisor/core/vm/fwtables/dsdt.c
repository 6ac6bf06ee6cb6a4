/* Differentiated System Description Table (ACPI 6.5 §5.2.11.1): the guest's
 * namespace, written as AML (§20) with the emitter in aml.c.
 *
 *   Scope (\_SB) {
 *     Device (VRnn) { _HID "LNRO0005", _UID n, _CRS { Memory, Interrupt } }
 *     Device (PCI0) { _HID PNP0A08, _CID PNP0A03, _SEG, _BBN, _UID, _CRS, [_PRT] }
 *     Device (MRES) { _HID PNP0C02, _CRS { ECAM } }   (motherboard resources)
 *   }
 *   Name (\_S5, Package { SLP_TYPa, SLP_TYPb, 0, 0 })
 */
#include "core/vm/fwtables/aml.h"
#include "core/vm/fwtables/fw_internal.h"
#include "lib/errors.h"
#include "lib/string.h"

/* Revision 2: integers are 64 bits wide (§5.2.11.1 "Revision"). */
#define DSDT_REVISION 2
/* Linux's drivers/virtio/virtio_mmio.c matches this ACPI id. */
#define VIRTIO_MMIO_HID "LNRO0005"

static void name_int(struct aml *a, const char *name, uint64_t v)
{
    aml_name_decl(a, name);
    aml_integer(a, v);
}

static void name_eisaid(struct aml *a, const char *name, const char *id)
{
    aml_name_decl(a, name);
    aml_eisaid(a, id);
}

/* A memory range the device uses: Memory32Fixed when it lies below 4 GiB,
 * else a QWordMemory consumer (§6.4.3.4, §6.4.3.5.1). */
static void res_memory(struct aml *a, bool rw, uint64_t base, uint64_t size)
{
    if (base + size - 1 <= 0xFFFFFFFFull)
        aml_res_memory32_fixed(a, rw, (uint32_t)base, (uint32_t)size);
    else
        aml_res_qword_addr(a, AML_ADDR_MEMORY,
                           AML_ADDR_CONSUMER | AML_ADDR_MIN_FIXED | AML_ADDR_MAX_FIXED,
                           rw ? AML_MEM_RW : 0, base, base + size - 1);
}

static void virtio_device(struct aml *a, unsigned n, const struct fw_virtio_mmio *v)
{
    static const char hex[] = "0123456789ABCDEF";
    char name[5] = {'V', 'R', hex[(n >> 4) & 0xF], hex[n & 0xF], '\0'};
    aml_device_begin(a, name);
    aml_name_decl(a, "_HID");
    aml_string(a, VIRTIO_MMIO_HID);
    name_int(a, "_UID", n);
    aml_name_decl(a, "_CRS");
    aml_restemplate_begin(a);
    res_memory(a, true, v->base, v->size);
    /* Interrupt (ResourceConsumer, Level|Edge, ActiveHigh, Exclusive) {gsi}. */
    aml_res_ext_interrupt(a, AML_IRQ_CONSUMER | (v->edge ? AML_IRQ_EDGE : 0), &v->gsi, 1);
    aml_restemplate_end(a);
    aml_end(a);
}

static void pci_crs(struct aml *a, const struct fw_vm_desc *d)
{
    const uint8_t window = AML_ADDR_MIN_FIXED | AML_ADDR_MAX_FIXED; /* producer */
    aml_name_decl(a, "_CRS");
    aml_restemplate_begin(a);
    aml_res_word_addr(a, AML_ADDR_BUS, window, 0, d->bus_start, d->bus_end);
    /* The bridge itself decodes the conf1 ports 0xCF8-0xCFF. */
    aml_res_io(a, true, 0xCF8, 0xCF8, 1, 8);
    if (d->pci_io_size)
        aml_res_word_addr(a, AML_ADDR_IO, window, AML_IO_ENTIRE_RANGE, d->pci_io_base,
                          (uint16_t)(d->pci_io_base + d->pci_io_size - 1));
    if (d->pci_mem32_size)
        aml_res_dword_addr(a, AML_ADDR_MEMORY, window, AML_MEM_RW, d->pci_mem32_base,
                           (uint32_t)(d->pci_mem32_base + d->pci_mem32_size - 1));
    if (d->pci_mem64_size)
        aml_res_qword_addr(a, AML_ADDR_MEMORY, window, AML_MEM_RW | AML_MEM_PREFETCHABLE,
                           d->pci_mem64_base, d->pci_mem64_base + d->pci_mem64_size - 1);
    aml_restemplate_end(a);
}

/* _PRT (§6.2.13) in GSI form (Source = 0): Package { Address = slot << 16 |
 * 0xFFFF, Pin 0-3 (INTA-INTD), Source 0, Source Index = GSI }. Pins of
 * slot s rotate over the four lines like a PCI-to-PCI bridge swizzle. */
static void pci_prt(struct aml *a, const struct fw_vm_desc *d)
{
    aml_name_decl(a, "_PRT");
    aml_package_begin(a, 32 * 4);
    for (unsigned slot = 0; slot < 32; slot++) {
        for (unsigned pin = 0; pin < 4; pin++) {
            aml_package_begin(a, 4);
            aml_integer(a, (uint64_t)slot << 16 | 0xFFFF);
            aml_integer(a, pin);
            aml_integer(a, 0);
            aml_integer(a, d->pci_intx_gsi[(slot + pin) % 4]);
            aml_end(a);
        }
    }
    aml_end(a);
}

static void pci_host_bridge(struct aml *a, const struct fw_vm_desc *d)
{
    /* §6.1.5 _HID PNP0A08 (PCI Express root bridge) with _CID PNP0A03 (PCI
     * root bridge) for OSes that only know the latter. */
    aml_device_begin(a, "PCI0");
    name_eisaid(a, "_HID", "PNP0A08");
    name_eisaid(a, "_CID", "PNP0A03");
    name_int(a, "_SEG", 0);
    name_int(a, "_BBN", d->bus_start);
    name_int(a, "_UID", 0);
    pci_crs(a, d);
    if (d->have_pci_intx)
        pci_prt(a, d);
    aml_end(a);

    /* PCI Firmware spec 3.2 §4.1.2: the ECAM range must be reserved by a
     * motherboard resource device (PNP0C02), which Linux checks before it
     * trusts MCFG. */
    uint64_t base = d->ecam_base + (uint64_t)d->bus_start * MiB(1);
    uint64_t size = ((uint64_t)d->bus_end - d->bus_start + 1) * MiB(1);
    aml_device_begin(a, "MRES");
    name_eisaid(a, "_HID", "PNP0C02");
    name_int(a, "_UID", 0);
    aml_name_decl(a, "_CRS");
    aml_restemplate_begin(a);
    res_memory(a, false, base, size);
    aml_restemplate_end(a);
    aml_end(a);
}

static void sleep_s5(struct aml *a, const struct fw_vm_desc *d)
{
    /* §7.4.2 \_Sx: Package { SLP_TYPa, SLP_TYPb, reserved, reserved }; there
     * is no PM1b block, so both values are the PM1a one. */
    aml_name_decl(a, "\\_S5");
    aml_package_begin(a, 4);
    aml_integer(a, d->s5_slp_typ);
    aml_integer(a, d->s5_slp_typ);
    aml_integer(a, 0);
    aml_integer(a, 0);
    aml_end(a);
}

int fw_build_dsdt(const struct fw_vm_desc *d, struct fw_blob *b, uint64_t *gpa)
{
    size_t off, room;
    int rc = fw_blob_next(b, 16, &off, &room);
    if (rc)
        return rc;
    if (room < FW_SDT_HDR_LEN)
        return QV_ERR_NOSPC;

    struct aml a;
    aml_init(&a, b->buf + off + FW_SDT_HDR_LEN, room - FW_SDT_HDR_LEN);
    aml_scope_begin(&a, "\\_SB");
    for (unsigned i = 0; i < d->nvirtio; i++)
        virtio_device(&a, i, &d->virtio_mmio[i]);
    if (d->have_pci)
        pci_host_bridge(&a, d);
    aml_end(&a);
    sleep_s5(&a, d);
    if ((rc = aml_status(&a)))
        return rc;
    if (a.len > 0xFFFFFFFFull - FW_SDT_HDR_LEN)
        return QV_ERR_RANGE;

    /* Claim the bytes written in place (fw_blob_alloc would zero them):
     * zero the alignment padding before them and move the length. */
    uint32_t len = (uint32_t)(FW_SDT_HDR_LEN + a.len);
    memset(b->buf + b->len, 0, off - b->len);
    b->len = off + len;
    uint8_t *t = b->buf + off;
    fw_sdt_header(t, "DSDT", len, DSDT_REVISION);
    fw_sdt_finish(t, len);
    *gpa = b->gpa + off;
    return 0;
}
