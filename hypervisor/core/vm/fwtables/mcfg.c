/* PCI Express memory-mapped configuration space table (MCFG), PCI Firmware
 * Specification 3.2 §4.1.2 (listed by ACPI 6.5 §5.2.6 Table "DESCRIPTION_HEADER
 * Signatures for tables reserved by ACPI"). */
#include "core/vm/fwtables/fw_internal.h"

#define MCFG_REVISION 1
#define MCFG_ENTRIES 44 /* header + 8 reserved bytes */
#define MCFG_ENTRY_LEN 16

int fw_build_mcfg(const struct fw_vm_desc *d, struct fw_blob *b, uint64_t *gpa)
{
    uint32_t len = MCFG_ENTRIES + MCFG_ENTRY_LEN;
    size_t off;
    int rc = fw_blob_alloc(b, len, 16, &off);
    if (rc)
        return rc;
    uint8_t *t = b->buf + off;
    fw_sdt_header(t, "MCFG", len, MCFG_REVISION);
    /* One allocation entry: base address (of bus 0), PCI segment group,
     * start and end bus numbers, 4 reserved bytes. */
    uint8_t *e = t + MCFG_ENTRIES;
    fw_wr64(e, d->ecam_base);
    fw_wr16(e + 8, 0);
    e[10] = d->bus_start;
    e[11] = d->bus_end;
    fw_sdt_finish(t, len);
    *gpa = b->gpa + off;
    return 0;
}
