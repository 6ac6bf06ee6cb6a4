/* Multiboot2 boot information parser: see multiboot2.h for the policy
 * decisions. Section numbers refer to the Multiboot2 specification 1.0. */
#include "core/boot/multiboot2.h"
#include "lib/errors.h"
#include "lib/printf.h"
#include "lib/string.h"

/* Parser state: the block, its validated length, and the output. */
struct mb2_ctx {
    const uint8_t *base;
    uint32_t total;
    struct mb2_info *out;
};

/* Unaligned little-endian loads through memcpy: the fuzzer (and a broken
 * loader) may hand us any alignment. Callers have bounds-checked `off`. */
static uint32_t rd32(const uint8_t *p, size_t off)
{
    uint32_t v;
    memcpy(&v, p + off, sizeof v);
    return v;
}

static uint64_t rd64(const uint8_t *p, size_t off)
{
    uint64_t v;
    memcpy(&v, p + off, sizeof v);
    return v;
}

static int fail(struct mb2_ctx *c, int err, uint32_t type, uint32_t off, const char *what)
{
    qv_snprintf(c->out->error, sizeof c->out->error, "tag %u at offset 0x%x: %s", type, off, what);
    return err;
}

/* A tag payload as seen by the per-type handlers. */
struct mb2_tag {
    uint32_t type;
    uint32_t off; /* offset of the tag header in the block */
    uint32_t size; /* header included, padding excluded */
    const uint8_t *p; /* tag start */
};

static uint64_t tag_addr(const struct mb2_tag *t, uint32_t rel)
{
    return (uint64_t)(uintptr_t)(t->p + rel);
}

static int need_size(struct mb2_ctx *c, const struct mb2_tag *t, uint32_t min)
{
    char msg[80];
    if (t->size >= min)
        return QV_OK;
    qv_snprintf(msg, sizeof msg, "size %u smaller than header (%u)", t->size, min);
    return fail(c, QV_ERR_CORRUPT, t->type, t->off, msg);
}

/* Tags that may appear only once are tracked in `present`. */
static int once(struct mb2_ctx *c, const struct mb2_tag *t, uint64_t bit)
{
    if (c->out->present & bit)
        return fail(c, QV_ERR_CORRUPT, t->type, t->off, "duplicate tag");
    c->out->present |= bit;
    return QV_OK;
}

/* Copy the NUL-terminated string at tag offset `rel` into dst. The NUL must lie
 * inside the tag (§3.6.3: strings are zero-terminated). If it does not fit in
 * dst: error unless `truncate_ok`. */
static int copy_string(struct mb2_ctx *c, const struct mb2_tag *t, uint32_t rel, char *dst,
                       size_t dstlen, bool truncate_ok)
{
    size_t room = t->size - rel;
    size_t n = strnlen((const char *)t->p + rel, room);
    if (n == room)
        return fail(c, QV_ERR_CORRUPT, t->type, t->off, "string not NUL-terminated inside tag");
    if (n >= dstlen) {
        if (!truncate_ok)
            return fail(c, QV_ERR_CORRUPT, t->type, t->off, "string too long");
        n = dstlen - 1;
    }
    memcpy(dst, t->p + rel, n);
    dst[n] = '\0';
    return QV_OK;
}

/* §3.6.5: u32 mod_start, u32 mod_end, string. */
static int parse_module(struct mb2_ctx *c, const struct mb2_tag *t)
{
    struct mb2_info *o = c->out;
    int rc = need_size(c, t, 17);
    if (rc)
        return rc;
    uint32_t start = rd32(t->p, 8), end = rd32(t->p, 12);
    if (start >= end)
        return fail(c, QV_ERR_CORRUPT, t->type, t->off, "module start not below end");
    if (o->module_count == MB2_MAX_MODULES) {
        /* Still validate the string so malformed input is always rejected. */
        char scratch[MB2_MODULE_STRING_MAX];
        rc = copy_string(c, t, 16, scratch, sizeof scratch, false);
        if (!rc)
            o->modules_dropped++;
        return rc;
    }
    struct mb2_module *m = &o->modules[o->module_count];
    rc = copy_string(c, t, 16, m->string, sizeof m->string, false);
    if (rc)
        return rc;
    m->start = start;
    m->end = end;
    o->module_count++;
    return QV_OK;
}

/* §3.6.8: u32 entry_size, u32 entry_version, entries of
 * { u64 base_addr, u64 length, u32 type, u32 reserved }. entry_version is 0
 * today; later versions are promised to be backward compatible (only longer
 * entries), so it is recorded but not rejected. */
static int parse_mmap(struct mb2_ctx *c, const struct mb2_tag *t)
{
    struct mb2_info *o = c->out;
    char msg[80];
    int rc = need_size(c, t, 16);
    if (!rc)
        rc = once(c, t, MB2_HAVE_MMAP);
    if (rc)
        return rc;
    uint32_t esz = rd32(t->p, 8);
    if (esz < 24 || esz % 8) {
        qv_snprintf(msg, sizeof msg, "bad entry_size %u", esz);
        return fail(c, QV_ERR_CORRUPT, t->type, t->off, msg);
    }
    if ((t->size - 16) % esz)
        return fail(c, QV_ERR_CORRUPT, t->type, t->off, "partial memory map entry");
    o->mmap_entry_version = rd32(t->p, 12);
    for (uint32_t rel = 16; rel < t->size; rel += esz) {
        uint64_t base = rd64(t->p, rel), len = rd64(t->p, rel + 8);
        if (base + len < base) {
            qv_snprintf(msg, sizeof msg, "entry at +0x%x wraps past 2^64", rel);
            return fail(c, QV_ERR_CORRUPT, t->type, t->off, msg);
        }
        if (o->mmap_count == MB2_MAX_MMAP) {
            o->mmap_dropped++;
            continue;
        }
        struct mb2_mmap_entry *e = &o->mmap[o->mmap_count++];
        e->base = base;
        e->len = len;
        e->type = rd32(t->p, rel + 16);
    }
    return QV_OK;
}

/* §3.6.13/14: the tag holds a copy of the RSDP (20 bytes for ACPI 1.0, 36 for
 * the 2.0+ extended structure). Checksums are the ACPI parser's job. */
static int parse_rsdp(struct mb2_ctx *c, const struct mb2_tag *t, uint8_t version)
{
    struct mb2_info *o = c->out;
    uint32_t want = version == 1 ? 20 : MB2_RSDP_MAX;
    int rc = need_size(c, t, 8 + want);
    if (rc)
        return rc;
    /* Both tags may be present; prefer the newer RSDP (it has the XSDT). */
    if (o->rsdp_version == version)
        return fail(c, QV_ERR_CORRUPT, t->type, t->off, "duplicate tag");
    if (o->rsdp_version > version)
        return QV_OK;
    memcpy(o->rsdp, t->p + 8, want);
    o->rsdp_len = (uint8_t)want;
    o->rsdp_version = version;
    o->present |= MB2_HAVE_RSDP;
    return QV_OK;
}

/* §3.6.17: u32 descriptor_size, u32 descriptor_version, UEFI memory map.
 * UEFI 2.9 §7.2.3 EFI_MEMORY_DESCRIPTOR is 40 bytes; firmware may use a larger
 * stride, so only a lower bound and 8-byte multiple are enforced. */
static int parse_efi_mmap(struct mb2_ctx *c, const struct mb2_tag *t)
{
    struct mb2_info *o = c->out;
    char msg[80];
    int rc = need_size(c, t, 16);
    if (!rc)
        rc = once(c, t, MB2_HAVE_EFI_MMAP);
    if (rc)
        return rc;
    uint32_t dsz = rd32(t->p, 8);
    if (dsz < 40 || dsz % 8) {
        qv_snprintf(msg, sizeof msg, "bad descriptor_size %u", dsz);
        return fail(c, QV_ERR_CORRUPT, t->type, t->off, msg);
    }
    o->efi_mmap.desc_size = dsz;
    o->efi_mmap.desc_version = rd32(t->p, 12);
    o->efi_mmap.addr = tag_addr(t, 16);
    o->efi_mmap.count = (t->size - 16) / dsz;
    return QV_OK;
}

/* ELF section headers (§3.6.7, GRUB layout: u32 num, u32 entsize, u32 shndx). */
static int parse_elf(struct mb2_ctx *c, const struct mb2_tag *t)
{
    struct mb2_info *o = c->out;
    int rc = need_size(c, t, 20);
    if (!rc)
        rc = once(c, t, MB2_HAVE_ELF_SECTIONS);
    if (rc)
        return rc;
    uint32_t num = rd32(t->p, 8), entsize = rd32(t->p, 12);
    if ((uint64_t)num * entsize > t->size - 20)
        return fail(c, QV_ERR_CORRUPT, t->type, t->off, "section headers overrun tag");
    o->elf.num = num;
    o->elf.entsize = entsize;
    o->elf.shndx = rd32(t->p, 16);
    o->elf.addr = tag_addr(t, 20);
    return QV_OK;
}

/* §3.6.12: u64 addr, u32 pitch, u32 width, u32 height, u8 bpp, u8 type, ... */
static int parse_fb(struct mb2_ctx *c, const struct mb2_tag *t)
{
    struct mb2_info *o = c->out;
    int rc = need_size(c, t, 30);
    if (!rc)
        rc = once(c, t, MB2_HAVE_FRAMEBUFFER);
    if (rc)
        return rc;
    o->fb.addr = rd64(t->p, 8);
    o->fb.pitch = rd32(t->p, 16);
    o->fb.width = rd32(t->p, 20);
    o->fb.height = rd32(t->p, 24);
    o->fb.bpp = t->p[28];
    o->fb.type = t->p[29];
    return QV_OK;
}

/* A fixed-layout tag carrying one u32 or u64 value at offset 8. */
static int parse_value(struct mb2_ctx *c, const struct mb2_tag *t, uint64_t bit, bool wide,
                       uint64_t *dst)
{
    int rc = need_size(c, t, wide ? 16 : 12);
    if (!rc)
        rc = once(c, t, bit);
    if (rc)
        return rc;
    *dst = wide ? rd64(t->p, 8) : rd32(t->p, 8);
    return QV_OK;
}

static int parse_tag(struct mb2_ctx *c, const struct mb2_tag *t)
{
    struct mb2_info *o = c->out;
    uint64_t v = 0;
    int rc;

    switch (t->type) {
    case MB2_TAG_CMDLINE: /* §3.6.3 */
        rc = once(c, t, MB2_HAVE_CMDLINE);
        return rc ? rc : copy_string(c, t, 8, o->cmdline, sizeof o->cmdline, false);
    case MB2_TAG_LOADER_NAME: /* §3.6.4 */
        rc = once(c, t, MB2_HAVE_LOADER_NAME);
        return rc ? rc : copy_string(c, t, 8, o->loader_name, sizeof o->loader_name, true);
    case MB2_TAG_MODULE:
        return parse_module(c, t);
    case MB2_TAG_BASIC_MEMINFO: /* §3.6.6: u32 mem_lower, u32 mem_upper */
        rc = need_size(c, t, 16);
        if (!rc)
            rc = once(c, t, MB2_HAVE_MEMINFO);
        if (rc)
            return rc;
        o->mem_lower = rd32(t->p, 8);
        o->mem_upper = rd32(t->p, 12);
        return QV_OK;
    case MB2_TAG_MMAP:
        return parse_mmap(c, t);
    case MB2_TAG_FRAMEBUFFER:
        return parse_fb(c, t);
    case MB2_TAG_ELF_SECTIONS:
        return parse_elf(c, t);
    case MB2_TAG_EFI32: /* §3.6.10: u32 pointer */
        return parse_value(c, t, MB2_HAVE_EFI32, false, &o->efi32_systab);
    case MB2_TAG_EFI64: /* §3.6.11: u64 pointer */
        return parse_value(c, t, MB2_HAVE_EFI64, true, &o->efi64_systab);
    case MB2_TAG_ACPI_OLD:
        return parse_rsdp(c, t, 1);
    case MB2_TAG_ACPI_NEW:
        return parse_rsdp(c, t, 2);
    case MB2_TAG_EFI_MMAP:
        return parse_efi_mmap(c, t);
    case MB2_TAG_EFI_BS: /* §3.6.18: no payload; boot services still usable */
        return once(c, t, MB2_HAVE_EFI_BS);
    case MB2_TAG_EFI32_IH: /* §3.6.19 */
        return parse_value(c, t, MB2_HAVE_EFI32_IH, false, &o->efi32_image_handle);
    case MB2_TAG_EFI64_IH: /* §3.6.20 */
        return parse_value(c, t, MB2_HAVE_EFI64_IH, true, &o->efi64_image_handle);
    case MB2_TAG_LOAD_BASE: /* §3.6.21: u32 load_base_addr */
        rc = parse_value(c, t, MB2_HAVE_LOAD_BASE, false, &v);
        o->load_base = (uint32_t)v;
        return rc;
    case MB2_TAG_QV_MEASURE: /* QuantaVirt: u64 log_addr, u64 log_size */
        rc = need_size(c, t, 24);
        if (!rc)
            rc = once(c, t, MB2_HAVE_QV_MEASURE);
        if (rc)
            return rc;
        o->qv_measure.addr = rd64(t->p, 8);
        o->qv_measure.size = rd64(t->p, 16);
        return QV_OK;
    case MB2_TAG_BOOTDEV:
    case MB2_TAG_VBE:
    case MB2_TAG_APM:
    case MB2_TAG_SMBIOS:
    case MB2_TAG_NETWORK:
        return QV_OK; /* known, not needed by the hypervisor */
    default:
        o->unknown_tags++;
        return QV_OK;
    }
}

int mb2_parse(const void *info, size_t avail, struct mb2_info *out)
{
    struct mb2_ctx c = { .base = info, .out = out };
    char msg[96];

    memset(out, 0, sizeof *out);
    if (!info || avail < 8)
        return fail(&c, QV_ERR_TRUNCATED, 0, 0, "fewer than 8 bytes available");

    /* §3.6.1 fixed part: u32 total_size, u32 reserved. */
    uint32_t total = rd32(c.base, 0);
    if (total > avail) {
        qv_snprintf(out->error, sizeof out->error,
                    "total_size %u larger than the %zu bytes available", total, avail);
        return QV_ERR_TRUNCATED;
    }
    if (total < 16 || total % 8) {
        qv_snprintf(out->error, sizeof out->error,
                    "total_size %u: must be a multiple of 8 and at least 16", total);
        return QV_ERR_CORRUPT;
    }
    if (rd32(c.base, 4) != 0) {
        qv_snprintf(out->error, sizeof out->error, "reserved field is 0x%x, not 0",
                    rd32(c.base, 4));
        return QV_ERR_CORRUPT;
    }
    c.total = total;
    out->total_size = total;

    /* Tags start at offset 8 and each is padded to 8 bytes (§3.6.2), so every
     * tag offset stays 8-aligned by construction; total is 8-aligned, hence a
     * tag header (8 bytes) always fits once off < total. */
    for (uint32_t off = 8; off < total;) {
        struct mb2_tag t = {
            .type = rd32(c.base, off),
            .size = rd32(c.base, off + 4),
            .off = off,
            .p = c.base + off,
        };
        if (t.size < 8) {
            qv_snprintf(msg, sizeof msg, "size %u smaller than header", t.size);
            return fail(&c, QV_ERR_CORRUPT, t.type, off, msg);
        }
        if (t.size > total - off) {
            qv_snprintf(msg, sizeof msg, "size %u overruns total_size %u", t.size, total);
            return fail(&c, QV_ERR_CORRUPT, t.type, off, msg);
        }
        if (t.type == MB2_TAG_END) {
            if (t.size != 8)
                return fail(&c, QV_ERR_CORRUPT, t.type, off, "end tag size is not 8");
            return QV_OK;
        }
        out->tag_count++;
        int rc = parse_tag(&c, &t);
        if (rc)
            return rc;
        /* size <= total - off and total is 8-aligned: no overflow here. */
        off += (uint32_t)ALIGN_UP(t.size, 8u);
    }
    qv_snprintf(out->error, sizeof out->error, "no end tag within total_size %u", total);
    return QV_ERR_CORRUPT;
}

const char *mb2_mmap_type_name(uint32_t type)
{
    switch (type) {
    case MB2_MMAP_AVAILABLE:
        return "available";
    case MB2_MMAP_RESERVED:
        return "reserved";
    case MB2_MMAP_ACPI_RECLAIMABLE:
        return "ACPI reclaimable";
    case MB2_MMAP_NVS:
        return "ACPI NVS";
    case MB2_MMAP_BADRAM:
        return "bad RAM";
    default:
        return "unknown";
    }
}

const struct mb2_module *mb2_find_module(const struct mb2_info *mb, const char *tag)
{
    size_t n = strlen(tag);
    for (uint32_t i = 0; i < mb->module_count; i++) {
        const char *s = mb->modules[i].string;
        if (!strncmp(s, tag, n) && (s[n] == 0 || s[n] == ' '))
            return &mb->modules[i];
    }
    return NULL;
}
