/* Multiboot2 boot information builder, see mb2_build.h. */
#include "boot/common/mb2_build.h"
#include "core/boot/multiboot2.h"
#include "lib/string.h"

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

/* Reserve `size` bytes for a tag (padded to 8, §3.6: tags are 8-byte aligned). */
static uint8_t *tag(struct mb2b *b, uint32_t type, size_t size)
{
    size_t padded = ALIGN_UP(size, 8);
    if (b->err || size > 0xffffffffu || padded > b->cap - b->len) {
        b->err = 1;
        return NULL;
    }
    uint8_t *t = b->buf + b->len;
    memset(t, 0, padded);
    put32(t, type);
    put32(t + 4, (uint32_t)size);
    b->len += padded;
    return t;
}

void mb2b_init(struct mb2b *b, void *buf, size_t cap)
{
    b->buf = buf;
    b->cap = cap;
    b->len = 8; /* total_size, reserved */
    b->err = cap < 16;
    b->mmap_tag = 0;
    if (!b->err)
        memset(buf, 0, 8);
}

void mb2b_string(struct mb2b *b, uint32_t type, const char *s)
{
    size_t n = strlen(s);
    uint8_t *t = tag(b, type, 8 + n + 1);
    if (t)
        memcpy(t + 8, s, n + 1);
}

void mb2b_meminfo(struct mb2b *b, uint32_t lower_kib, uint32_t upper_kib)
{
    uint8_t *t = tag(b, MB2_TAG_BASIC_MEMINFO, 16);
    if (t) {
        put32(t + 8, lower_kib);
        put32(t + 12, upper_kib);
    }
}

/* §3.6.8: u32 type, u32 size, u32 entry_size (24), u32 entry_version (0),
 * then entries {u64 base, u64 length, u32 type, u32 reserved}. */
void mb2b_mmap_begin(struct mb2b *b)
{
    size_t at = b->len;
    uint8_t *t = tag(b, MB2_TAG_MMAP, 16);
    if (t) {
        put32(t + 8, 24);
        b->mmap_tag = at;
    }
}

void mb2b_mmap_add(struct mb2b *b, uint64_t base, uint64_t len, uint32_t type)
{
    if (b->err || !b->mmap_tag || 24 > b->cap - b->len) {
        b->err = 1;
        return;
    }
    uint8_t *e = b->buf + b->len;
    memset(e, 0, 24);
    put64(e, base);
    put64(e + 8, len);
    put32(e + 16, type);
    b->len += 24;
    put32(b->buf + b->mmap_tag + 4, (uint32_t)(b->len - b->mmap_tag));
}

void mb2b_mmap_end(struct mb2b *b)
{
    if (!b->mmap_tag) {
        b->err = 1;
        return;
    }
    /* 16 + 24n is a multiple of 8: the next tag is already aligned. */
    b->mmap_tag = 0;
}

void mb2b_module(struct mb2b *b, uint32_t start, uint32_t end, const char *string)
{
    size_t n = strlen(string);
    uint8_t *t = tag(b, MB2_TAG_MODULE, 16 + n + 1);
    if (t) {
        put32(t + 8, start);
        put32(t + 12, end);
        memcpy(t + 16, string, n + 1);
    }
}

void mb2b_rsdp(struct mb2b *b, uint32_t type, const void *rsdp, size_t len)
{
    uint8_t *t = tag(b, type, 8 + len);
    if (t)
        memcpy(t + 8, rsdp, len);
}

void mb2b_measure(struct mb2b *b, uint64_t log_addr, uint64_t log_size)
{
    uint8_t *t = tag(b, MB2_TAG_QV_MEASURE, 24);
    if (t) {
        put64(t + 8, log_addr);
        put64(t + 16, log_size);
    }
}

int mb2b_finish(struct mb2b *b)
{
    if (b->mmap_tag)
        b->err = 1;
    tag(b, MB2_TAG_END, 8);
    if (b->err)
        return -1;
    put32(b->buf, (uint32_t)b->len);
    return 0;
}
