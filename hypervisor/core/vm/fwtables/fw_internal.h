/* Helpers shared by the firmware-table builders (not for consumers: use
 * acpi_build.h / mptable.h). All multi-byte fields are little-endian (ACPI 6.5
 * §5.2 and MP spec 1.4 §4) and written byte by byte: no alignment assumptions. */
#ifndef QV_CORE_VM_FWTABLES_FW_INTERNAL_H
#define QV_CORE_VM_FWTABLES_FW_INTERNAL_H
#include "core/vm/fwtables/acpi_build.h"

/* The output buffer and the guest-physical address of its first byte. */
struct fw_blob {
    uint8_t *buf;
    size_t cap;
    size_t len;
    uint64_t gpa;
};

/* System description table header, ACPI 6.5 §5.2.6. */
#define FW_SDT_HDR_LEN 36
#define FW_GAS_LEN 12
#define FW_OEM_ID "QVIRT "       /* 6 bytes */
#define FW_OEM_TABLE_ID "QVGUEST " /* 8 bytes */
#define FW_CREATOR_ID "QVRT"
#define FW_REVISION 1

static inline void fw_wr16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void fw_wr32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline void fw_wr64(uint8_t *p, uint64_t v)
{
    fw_wr32(p, (uint32_t)v);
    fw_wr32(p + 4, (uint32_t)(v >> 32));
}

/* Value that makes len bytes (with this byte counted as 0) sum to 0 mod 256. */
uint8_t fw_checksum(const uint8_t *p, size_t len);

/* Reserves size zeroed bytes whose guest-physical address is aligned to
 * align (a power of two); *off receives their offset in the blob.
 * QV_ERR_NOSPC when they do not fit. */
int fw_blob_alloc(struct fw_blob *b, size_t size, uint64_t align, size_t *off);
/* Offset of the next align-aligned guest address and the room from there;
 * QV_ERR_NOSPC when even the padding does not fit. */
int fw_blob_next(const struct fw_blob *b, uint64_t align, size_t *off, size_t *room);

/* Fills a §5.2.6 header (checksum 0) for a table of len bytes. */
void fw_sdt_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev);
/* Sets the header checksum byte (offset 9) over len bytes. */
void fw_sdt_finish(uint8_t *t, uint32_t len);
/* Generic Address Structure, ACPI 6.5 §5.2.3.2. */
void fw_gas(uint8_t *p, uint8_t space, uint8_t bit_width, uint8_t access_size, uint64_t addr);

/* Table builders: each appends its table(s) to the blob and returns the
 * guest-physical address; inputs were validated by fw_build_acpi(). */
int fw_build_facs(struct fw_blob *b, uint64_t *gpa);
int fw_build_dsdt(const struct fw_vm_desc *d, struct fw_blob *b, uint64_t *gpa);
int fw_build_fadt(const struct fw_vm_desc *d, struct fw_blob *b, uint64_t facs_gpa,
                  uint64_t dsdt_gpa, uint64_t *gpa);
int fw_build_madt(const struct fw_vm_desc *d, struct fw_blob *b, uint64_t *gpa);
int fw_build_mcfg(const struct fw_vm_desc *d, struct fw_blob *b, uint64_t *gpa);

#endif
