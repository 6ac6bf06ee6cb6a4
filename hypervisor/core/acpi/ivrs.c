/* I/O Virtualization Reporting Structure (IVRS), AMD I/O Virtualization
 * Technology (IOMMU) Specification 48882 §5.2. */
#include "core/acpi/acpi_internal.h"
#include "lib/errors.h"
#include "lib/printk.h"

/* §5.2.1: IVinfo, 8 reserved bytes, then I/O virtualization definition blocks. */
#define IVRS_IVINFO 36
#define IVRS_BLOCKS 48

/* §5.2.2: every block starts with type, flags and a 16-bit length. */
#define IVDB_TYPE 0
#define IVDB_FLAGS 1
#define IVDB_LENGTH 2
#define IVDB_HDR_LEN 4
#define IVHD_TYPE_LEGACY 0x10 /* fixed part 24 bytes */
#define IVHD_TYPE_EFR 0x11    /* fixed part 40 bytes, EFR image */
#define IVHD_TYPE_MIXED 0x40  /* as 11h, device entries may use ACPI HIDs */
#define IVMD_TYPE_ALL 0x20    /* §5.2.3 memory definition blocks */
#define IVMD_TYPE_SELECT 0x21
#define IVMD_TYPE_RANGE 0x22

/* §5.2.2.1/5.2.2.2 IVHD fixed fields. */
#define IVHD_DEVID 4
#define IVHD_CAP_OFFSET 6
#define IVHD_BASE 8
#define IVHD_SEGMENT 16
#define IVHD_INFO 18
#define IVHD_ATTR 20
#define IVHD_EFR 24
#define IVHD10_ENTRIES 24
#define IVHD11_ENTRIES 40

/* §5.2.2.3 device entries: Type[7:6] gives the size (4, 8, 16 or 32 bytes),
 * except type F0h (ACPI HID device) whose size is 22 + its UID length. */
#define DE_ALL 0x01
#define DE_SPECIAL 0x48
#define DE_ACPI_HID 0xF0
#define DE_HID_UID_LEN 21
#define DE_HID_FIXED_LEN 22
#define DE_SPECIAL_HANDLE 4
#define DE_SPECIAL_DEVID 5
#define DE_SPECIAL_VARIETY 7

/* Size of the device entry at e (avail bytes readable), or 0 if it does not fit. */
static uint32_t entry_len(const uint8_t *e, uint32_t avail)
{
    uint32_t n;
    if (e[0] == DE_ACPI_HID) {
        if (avail < DE_HID_FIXED_LEN)
            return 0;
        n = DE_HID_FIXED_LEN + e[DE_HID_UID_LEN];
    } else {
        n = 4u << (e[0] >> 6);
    }
    return n <= avail ? n : 0;
}

static int walk_entries(const uint8_t *b, uint32_t off, uint32_t len, struct acpi_iommu *u)
{
    while (off < len) {
        const uint8_t *e = b + off;
        uint32_t n = entry_len(e, len - off);
        if (n == 0) {
            pr_warn("ACPI: IVRS: device entry type %#x at offset %u overruns its IVHD\n",
                    e[0], off);
            return QV_ERR_CORRUPT;
        }
        u->ndev_entries++;
        if (e[0] == DE_ALL)
            u->select_all = true;
        if (e[0] == DE_SPECIAL) {
            if (u->nspecial < ACPI_MAX_IVHD_SPECIAL) {
                struct acpi_ivhd_special *s = &u->special[u->nspecial];
                s->handle = e[DE_SPECIAL_HANDLE];
                s->devid = acpi_rd16(e + DE_SPECIAL_DEVID);
                s->variety = e[DE_SPECIAL_VARIETY];
            }
            u->nspecial++;
        }
        off += n;
    }
    if (u->nspecial > ACPI_MAX_IVHD_SPECIAL)
        u->nspecial = ACPI_MAX_IVHD_SPECIAL;
    return 0;
}

/* Firmware may describe one IOMMU with several IVHD types (QEMU emits 10h
 * and 11h); §5.2.2 has software use the highest type it understands. */
static void commit_iommu(struct acpi_ivrs_info *o, const struct acpi_iommu *u)
{
    for (uint32_t i = 0; i < o->niommus; i++) {
        struct acpi_iommu *x = &o->iommus[i];
        if (x->segment == u->segment && x->devid == u->devid) {
            if (u->type > x->type)
                *x = *u;
            return;
        }
    }
    if (o->niommus == ACPI_MAX_IOMMUS) {
        o->ndropped++;
        return;
    }
    o->iommus[o->niommus++] = *u;
}

static int parse_ivhd(const uint8_t *b, uint32_t len, struct acpi_ivrs_info *o)
{
    uint32_t entries = b[IVDB_TYPE] == IVHD_TYPE_LEGACY ? IVHD10_ENTRIES : IVHD11_ENTRIES;
    if (len < entries)
        return QV_ERR_CORRUPT;
    struct acpi_iommu u = {0};
    u.type = b[IVDB_TYPE];
    u.flags = b[IVDB_FLAGS];
    u.devid = acpi_rd16(b + IVHD_DEVID);
    u.cap_offset = acpi_rd16(b + IVHD_CAP_OFFSET);
    u.base = acpi_rd64(b + IVHD_BASE);
    u.segment = acpi_rd16(b + IVHD_SEGMENT);
    u.info = acpi_rd16(b + IVHD_INFO);
    u.attributes = acpi_rd32(b + IVHD_ATTR);
    if (u.type != IVHD_TYPE_LEGACY)
        u.efr = acpi_rd64(b + IVHD_EFR);
    /* The IOMMU register block is page-granular MMIO (its base register
     * keeps no address bits below 4 KiB); 0 or a misaligned base is bogus. */
    if (u.base == 0 || !IS_ALIGNED(u.base, PAGE_SIZE)) {
        pr_warn("ACPI: IVRS: IVHD base %#llx invalid\n", (unsigned long long)u.base);
        return QV_ERR_CORRUPT;
    }
    int rc = walk_entries(b, entries, len, &u);
    if (rc)
        return rc;
    commit_iommu(o, &u);
    return 0;
}

int acpi_parse_ivrs(const uint8_t *t, uint32_t len, struct acpi_ivrs_info *o)
{
    if (len < IVRS_BLOCKS) {
        pr_warn("ACPI: IVRS: length %u too short\n", len);
        return QV_ERR_TRUNCATED;
    }
    o->ivinfo = acpi_rd32(t + IVRS_IVINFO);
    for (uint32_t off = IVRS_BLOCKS; off < len;) {
        if (len - off < IVDB_HDR_LEN) {
            pr_warn("ACPI: IVRS: trailing bytes at offset %u\n", off);
            return QV_ERR_CORRUPT;
        }
        const uint8_t *b = t + off;
        uint16_t blen = acpi_rd16(b + IVDB_LENGTH);
        if (blen < IVDB_HDR_LEN || blen > len - off) {
            pr_warn("ACPI: IVRS: block type %#x at offset %u has bad length %u\n",
                    b[IVDB_TYPE], off, blen);
            return QV_ERR_CORRUPT;
        }
        int rc = 0;
        switch (b[IVDB_TYPE]) {
        case IVHD_TYPE_LEGACY:
        case IVHD_TYPE_EFR:
        case IVHD_TYPE_MIXED:
            rc = parse_ivhd(b, blen, o);
            break;
        case IVMD_TYPE_ALL:
        case IVMD_TYPE_SELECT:
        case IVMD_TYPE_RANGE:
            o->nivmd++;
            break;
        default:
            o->nother++;
            break;
        }
        if (rc) {
            pr_warn("ACPI: IVRS: block type %#x at offset %u malformed\n", b[IVDB_TYPE], off);
            return rc;
        }
        off += blen;
    }
    if (o->ndropped)
        pr_warn("ACPI: IVRS: %u IOMMUs beyond table limits ignored\n", o->ndropped);
    o->present = true;
    return 0;
}
