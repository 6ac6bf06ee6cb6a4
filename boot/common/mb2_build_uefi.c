/* Multiboot2 boot information builder (see mb2_build_uefi.h). */
#include "mb2_build_uefi.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static void copy(uint8_t *d, const void *s, size_t n)
{
    const uint8_t *src = s;
    for (size_t i = 0; i < n; i++)
        d[i] = src[i];
}

void mb2b_init(struct mb2b *b, void *buf, size_t cap)
{
    b->buf = buf;
    b->cap = cap;
    b->len = 8; /* u32 total_size, u32 reserved (§3.6.1) */
    b->err = (buf == NULL || cap < 16 || ((uintptr_t)buf & 7)) ? -1 : 0;
    if (!b->err)
        for (size_t i = 0; i < 8; i++)
            b->buf[i] = 0;
}

/* Reserve a tag of `len` payload bytes (header written, padding zeroed). */
static uint8_t *reserve(struct mb2b *b, uint32_t type, size_t len)
{
    if (b->err)
        return NULL;
    if (len > b->cap || b->cap - b->len < ALIGN8(8 + len) || 8 + len > UINT32_MAX) {
        b->err = -1;
        return NULL;
    }
    uint8_t *t = b->buf + b->len;
    put32(t, type);
    put32(t + 4, (uint32_t)(8 + len));
    for (size_t i = 8 + len; i < ALIGN8(8 + len); i++)
        t[i] = 0;
    b->len += ALIGN8(8 + len);
    return t + 8;
}

void *mb2b_tag(struct mb2b *b, uint32_t type, const void *payload, size_t len)
{
    uint8_t *p = reserve(b, type, len);
    if (p && payload)
        copy(p, payload, len);
    return p;
}

static size_t slen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void mb2b_string(struct mb2b *b, uint32_t type, const char *s)
{
    mb2b_tag(b, type, s, slen(s) + 1);
}

void mb2b_module(struct mb2b *b, uint32_t start, uint32_t end, const char *s)
{
    size_t n = slen(s) + 1;
    uint8_t *p = reserve(b, 3, 8 + n);
    if (!p)
        return;
    put32(p, start);
    put32(p + 4, end);
    copy(p + 8, s, n);
}

void mb2b_meminfo(struct mb2b *b, uint32_t lower_kib, uint32_t upper_kib)
{
    uint8_t *p = reserve(b, 4, 8);
    if (!p)
        return;
    put32(p, lower_kib);
    put32(p + 4, upper_kib);
}

void mb2b_mmap(struct mb2b *b, const struct mb2b_mmap_entry *e, size_t n)
{
    if (n > (SIZE_MAX - 8) / 24) {
        b->err = -1;
        return;
    }
    uint8_t *p = reserve(b, 6, 8 + 24 * n);
    if (!p)
        return;
    put32(p, 24); /* entry_size */
    put32(p + 4, 0); /* entry_version */
    for (size_t i = 0; i < n; i++) {
        uint8_t *q = p + 8 + 24 * i;
        put64(q, e[i].base);
        put64(q + 8, e[i].len);
        put32(q + 16, e[i].type);
        put32(q + 20, 0);
    }
}

static void tag_u64(struct mb2b *b, uint32_t type, uint64_t v)
{
    uint8_t *p = reserve(b, type, 8);
    if (p)
        put64(p, v);
}

void mb2b_efi64(struct mb2b *b, uint64_t systab) { tag_u64(b, 12, systab); }
void mb2b_efi64_ih(struct mb2b *b, uint64_t handle) { tag_u64(b, 20, handle); }

void mb2b_rsdp(struct mb2b *b, int v2, const void *rsdp, size_t len)
{
    if (!v2)
        len = 20; /* ACPI 1.0 RSDP (ACPI 6.4 §5.2.5.3) */
    mb2b_tag(b, v2 ? 15 : 14, rsdp, len);
}

void mb2b_efi_mmap(struct mb2b *b, uint32_t desc_size, uint32_t desc_version,
                   const void *map, size_t map_size)
{
    if (map_size > SIZE_MAX - 8) {
        b->err = -1;
        return;
    }
    uint8_t *p = reserve(b, 17, 8 + map_size);
    if (!p)
        return;
    put32(p, desc_size);
    put32(p + 4, desc_version);
    copy(p + 8, map, map_size);
}

void mb2b_qv_measure(struct mb2b *b, uint64_t log_addr, uint64_t log_size)
{
    uint8_t *p = reserve(b, 0x5156, 16);
    if (!p)
        return;
    put64(p, log_addr);
    put64(p + 8, log_size);
}

size_t mb2b_finish(struct mb2b *b)
{
    reserve(b, 0, 0); /* end tag: type 0, size 8 (§3.6.2) */
    if (b->err)
        return 0;
    put32(b->buf, (uint32_t)b->len);
    put32(b->buf + 4, 0);
    return b->len;
}

/* EFI_MEMORY_TYPE values, UEFI 2.10 §7.2.1 (Table 7-5). */
enum {
    EFI_RESERVED = 0, EFI_LOADER_CODE, EFI_LOADER_DATA, EFI_BS_CODE, EFI_BS_DATA,
    EFI_RT_CODE, EFI_RT_DATA, EFI_CONVENTIONAL, EFI_UNUSABLE, EFI_ACPI_RECLAIM,
    EFI_ACPI_NVS, EFI_MMIO, EFI_MMIO_PORT, EFI_PAL_CODE, EFI_PERSISTENT,
};

static uint32_t mb2_type(uint32_t efi_type)
{
    switch (efi_type) {
    case EFI_LOADER_CODE: case EFI_LOADER_DATA: case EFI_BS_CODE: case EFI_BS_DATA:
    case EFI_CONVENTIONAL:
        return 1;
    case EFI_ACPI_RECLAIM:
        return 3;
    case EFI_ACPI_NVS:
        return 4;
    case EFI_UNUSABLE:
        return 5;
    default:
        return 2;
    }
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

int mb2b_from_efi_map(const void *map, size_t map_size, size_t desc_size,
                      struct mb2b_mmap_entry *out, size_t max)
{
    /* EFI_MEMORY_DESCRIPTOR: u32 Type, (pad), u64 PhysicalStart, u64
     * VirtualStart, u64 NumberOfPages, u64 Attribute = 40 bytes minimum;
     * firmware may use a larger stride (desc_size), never a smaller one. */
    if (desc_size < 40 || (map_size % desc_size) != 0)
        return -1;
    size_t n = 0;
    for (size_t off = 0; off < map_size; off += desc_size) {
        const uint8_t *d = (const uint8_t *)map + off;
        uint32_t type = (uint32_t)get64(d) & 0xffffffffu;
        uint64_t base = get64(d + 8), pages = get64(d + 24);
        if (pages == 0)
            continue;
        if (pages > (UINT64_MAX >> 12) || base > UINT64_MAX - (pages << 12))
            return -1;
        uint64_t len = pages << 12;
        uint32_t t = mb2_type(type);
        if (n && out[n - 1].type == t && out[n - 1].base + out[n - 1].len == base) {
            out[n - 1].len += len;
            continue;
        }
        if (n == max)
            return -1;
        out[n++] = (struct mb2b_mmap_entry){ base, len, t, 0 };
    }
    return (int)n;
}

void mb2b_meminfo_from_map(const struct mb2b_mmap_entry *e, size_t n,
                           uint32_t *lower_kib, uint32_t *upper_kib)
{
    uint64_t lower = 0, upper = 0;
    for (size_t i = 0; i < n; i++)
        if (e[i].type == 1 && e[i].base == 0)
            lower = e[i].len > 0xA0000 ? 0xA0000 : e[i].len;
    /* Follow contiguous available entries from 1 MiB. */
    uint64_t at = 0x100000;
    for (int progress = 1; progress;) {
        progress = 0;
        for (size_t i = 0; i < n; i++)
            if (e[i].type == 1 && e[i].base <= at && e[i].base + e[i].len > at) {
                at = e[i].base + e[i].len;
                progress = 1;
            }
    }
    upper = at - 0x100000;
    *lower_kib = (uint32_t)(lower >> 10);
    *upper_kib = upper >> 10 > UINT32_MAX ? UINT32_MAX : (uint32_t)(upper >> 10);
}
