/* Physical frame allocator (see frame.h for the state encoding and rules).
 * Range operations work a 64-frame word at a time: each word's update is a
 * few bitwise operations, and counters move by the popcount of the bits that
 * actually changed state, so overlapping calls never double-count. */
#include "core/mm/frame.h"
#include "core/mm/phys.h"
#include "lib/errors.h"
#include "lib/printk.h"
#include "lib/string.h"

#define NO_FRAME UINT64_MAX

/* SWAR popcount: __builtin_popcountll would call libgcc's __popcountdi2 on CPUs
 * without POPCNT, and the kernel links without libgcc. */
static unsigned popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* Mask of frames [f, min(end, next word boundary)) within word f/64; returns
 * the first frame after the covered part. */
static uint64_t word_mask(uint64_t f, uint64_t end, size_t *w, uint64_t *m)
{
    unsigned b = (unsigned)(f % 64);
    uint64_t n = MIN(64u - b, end - f);
    *w = (size_t)(f / 64);
    *m = n == 64 ? ~0ull : ((1ull << n) - 1) << b;
    return f + n;
}

static uint64_t avail_bits(const struct frame_alloc *fa, size_t w)
{
    return fa->free_map[w] & ~fa->alloc_map[w];
}

size_t frame_bitmap_words(uint64_t max_pa)
{
    uint64_t nframes = max_pa >> PAGE_SHIFT;
    return (size_t)(2 * ((nframes + 63) / 64));
}

int frame_init(struct frame_alloc *fa, uint64_t max_pa, uint64_t *bitmap_storage,
               size_t bitmap_words)
{
    size_t need = frame_bitmap_words(max_pa);
    memset(fa, 0, sizeof *fa);
    if (!bitmap_storage)
        return QV_ERR_INVAL;
    if (bitmap_words < need)
        return QV_ERR_NOSPC;
    fa->nframes = max_pa >> PAGE_SHIFT;
    fa->map_words = need / 2;
    fa->free_map = bitmap_storage;
    fa->alloc_map = bitmap_storage + fa->map_words;
    memset(bitmap_storage, 0, need * sizeof(uint64_t));
    return QV_OK;
}

/* Clip [base, base+len) to frames, saturating instead of wrapping. `inner`
 * rounds inwards (usable RAM: partial frames are not usable), otherwise
 * outwards (reservations: a partial frame is still in use). */
static void to_frames(const struct frame_alloc *fa, uint64_t base, uint64_t len, bool inner,
                      uint64_t *f0, uint64_t *f1)
{
    uint64_t end = base + len < base ? UINT64_MAX : base + len;
    if (inner) {
        *f0 = base / PAGE_SIZE + (base % PAGE_SIZE != 0);
        *f1 = end / PAGE_SIZE;
    } else {
        *f0 = base / PAGE_SIZE;
        *f1 = end / PAGE_SIZE + (end % PAGE_SIZE != 0);
    }
    *f0 = MIN(*f0, fa->nframes);
    *f1 = MIN(*f1, fa->nframes);
    if (*f1 < *f0)
        *f1 = *f0;
}

int frame_add_free(struct frame_alloc *fa, uint64_t base, uint64_t len)
{
    uint64_t f0, f1;
    if (fa->sealed) {
        pr_err("frame: add_free [%#llx+%#llx) after the memory map was sealed\n",
               (unsigned long long)base, (unsigned long long)len);
        fa->errors++;
        return QV_ERR_STATE;
    }
    to_frames(fa, base, len, true, &f0, &f1);
    if (f0 == 0)
        f0 = MIN(1u, f1); /* frame 0 is never handed out */
    for (uint64_t f = f0; f < f1;) {
        size_t w;
        uint64_t m;
        f = word_mask(f, f1, &w, &m);
        uint64_t absent = m & ~fa->free_map[w] & ~fa->alloc_map[w];
        fa->free_map[w] |= absent;
        fa->total += popcount64(absent);
        fa->free += popcount64(absent);
    }
    return QV_OK;
}

static void record_resv(struct frame_alloc *fa, uint64_t base, uint64_t len, const char *owner)
{
    fa->resv_count++;
    if (fa->resv_kept == FRAME_MAX_RESV)
        return;
    struct frame_resv *r = &fa->resv[fa->resv_kept++];
    r->base = base;
    r->len = len;
    if (!owner)
        owner = "?";
    size_t n = strnlen(owner, FRAME_OWNER_MAX - 1);
    memcpy(r->owner, owner, n);
    r->owner[n] = '\0';
}

int frame_reserve(struct frame_alloc *fa, uint64_t base, uint64_t len, const char *owner)
{
    uint64_t f0, f1;
    to_frames(fa, base, len, false, &f0, &f1);
    fa->sealed = true;

    /* Validate: reserving memory already handed out is a caller bug. */
    for (uint64_t f = f0; f < f1;) {
        size_t w;
        uint64_t m;
        f = word_mask(f, f1, &w, &m);
        uint64_t used = m & ~fa->free_map[w] & fa->alloc_map[w];
        if (used) {
            pr_err("frame: reserve '%s' [%#llx+%#llx): frame %#llx is allocated\n",
                   owner ? owner : "?", (unsigned long long)base, (unsigned long long)len,
                   (unsigned long long)(w * 64 + (size_t)__builtin_ctzll(used)) << PAGE_SHIFT);
            fa->errors++;
            return QV_ERR_BUSY;
        }
    }
    /* Commit: free -> reserved (set the alloc bit next to the free bit). */
    for (uint64_t f = f0; f < f1;) {
        size_t w;
        uint64_t m;
        f = word_mask(f, f1, &w, &m);
        uint64_t freebits = m & avail_bits(fa, w);
        fa->alloc_map[w] |= freebits;
        fa->free -= popcount64(freebits);
        fa->reserved += popcount64(freebits);
    }
    if (len)
        record_resv(fa, base, len, owner);
    return QV_OK;
}

/* Take frames [f0, f0+n) which the caller checked are all free. */
static void take(struct frame_alloc *fa, uint64_t f0, uint64_t n)
{
    for (uint64_t f = f0; f < f0 + n;) {
        size_t w;
        uint64_t m;
        f = word_mask(f, f0 + n, &w, &m);
        fa->free_map[w] &= ~m;
        fa->alloc_map[w] |= m;
    }
    fa->free -= n;
    fa->used += n;
    fa->hint = (size_t)((f0 + n) / 64);
    if (fa->hint >= fa->map_words)
        fa->hint = 0;
    fa->sealed = true;
}

uint64_t frame_alloc(struct frame_alloc *fa)
{
    if (fa->free == 0)
        return 0;
    /* Next fit: scan from the hint to the end, then wrap around. */
    for (size_t i = 0; i < fa->map_words; i++) {
        size_t w = fa->hint + i;
        if (w >= fa->map_words)
            w -= fa->map_words;
        uint64_t a = avail_bits(fa, w);
        if (a) {
            uint64_t f = (uint64_t)w * 64 + (uint64_t)__builtin_ctzll(a);
            take(fa, f, 1);
            return f << PAGE_SHIFT;
        }
    }
    return 0; /* unreachable while the counters are consistent */
}

uint64_t frame_alloc_zeroed(struct frame_alloc *fa)
{
    uint64_t pa = frame_alloc(fa);
    if (pa)
        memset(phys_to_virt(pa), 0, PAGE_SIZE);
    return pa;
}

/* First frame in [f, end) whose availability equals `want`, or end. */
static uint64_t find_first(const struct frame_alloc *fa, uint64_t f, uint64_t end, bool want)
{
    while (f < end) {
        size_t w;
        uint64_t m;
        uint64_t next = word_mask(f, end, &w, &m);
        uint64_t a = avail_bits(fa, w);
        uint64_t hit = (want ? a : ~a) & m;
        if (hit)
            return (uint64_t)w * 64 + (uint64_t)__builtin_ctzll(hit);
        f = next;
    }
    return end;
}

static uint64_t search_run(const struct frame_alloc *fa, uint64_t lo, uint64_t hi, uint64_t n,
                           uint64_t align)
{
    uint64_t f = ALIGN_UP(find_first(fa, lo, hi, true), align);
    while (f < hi && n <= hi - f) {
        uint64_t bad = find_first(fa, f, f + n, false);
        if (bad == f + n)
            return f;
        f = ALIGN_UP(find_first(fa, bad, hi, true), align);
    }
    return NO_FRAME;
}

uint64_t frame_alloc_contig(struct frame_alloc *fa, size_t npages, size_t align_pages)
{
    if (align_pages == 0)
        align_pages = 1;
    if (npages == 0 || (align_pages & (align_pages - 1)) || npages > fa->free)
        return 0;
    uint64_t start = MIN((uint64_t)fa->hint * 64, fa->nframes);
    uint64_t f = search_run(fa, start, fa->nframes, npages, align_pages);
    if (f == NO_FRAME)
        f = search_run(fa, 0, fa->nframes, npages, align_pages);
    if (f == NO_FRAME)
        return 0;
    take(fa, f, npages);
    return f << PAGE_SHIFT;
}

int frame_free(struct frame_alloc *fa, uint64_t pa, size_t npages)
{
    uint64_t f0 = pa >> PAGE_SHIFT;
    if (!IS_ALIGNED(pa, PAGE_SIZE) || npages == 0 || f0 >= fa->nframes ||
        npages > fa->nframes - f0) {
        pr_err("frame: free of %#llx x%zu: unaligned or outside [0, %#llx)\n",
               (unsigned long long)pa, npages, (unsigned long long)(fa->nframes << PAGE_SHIFT));
        fa->errors++;
        return QV_ERR_INVAL;
    }
    uint64_t f1 = f0 + npages;
    /* Validate every frame first: only "used" frames may be freed. */
    for (uint64_t f = f0; f < f1;) {
        size_t w;
        uint64_t m;
        f = word_mask(f, f1, &w, &m);
        uint64_t fm = fa->free_map[w], am = fa->alloc_map[w];
        uint64_t bad = m & ~(~fm & am);
        if (!bad)
            continue;
        unsigned b = (unsigned)__builtin_ctzll(bad);
        bool isf = (fm >> b) & 1, isa = (am >> b) & 1;
        int rc = isf && !isa ? QV_ERR_STATE : isf && isa ? QV_ERR_PERM : QV_ERR_INVAL;
        const char *what = rc == QV_ERR_STATE ? "double free"
                           : rc == QV_ERR_PERM ? "reserved frame"
                                               : "not RAM";
        pr_err("frame: free of %#llx x%zu: %s at %#llx\n", (unsigned long long)pa, npages,
               what, ((unsigned long long)w * 64 + b) << PAGE_SHIFT);
        fa->errors++;
        return rc;
    }
    for (uint64_t f = f0; f < f1;) {
        size_t w;
        uint64_t m;
        f = word_mask(f, f1, &w, &m);
        fa->alloc_map[w] &= ~m;
        fa->free_map[w] |= m;
    }
    fa->used -= npages;
    fa->free += npages;
    return QV_OK;
}

void frame_stats(const struct frame_alloc *fa, struct frame_stats *out)
{
    out->total = fa->total;
    out->free = fa->free;
    out->used = fa->used;
    out->reserved = fa->reserved;
}

void frame_dump_reservations(const struct frame_alloc *fa)
{
    pr_info("frame: %u reservations%s\n", fa->resv_count,
            fa->resv_count > fa->resv_kept ? " (first ones listed)" : "");
    for (uint32_t i = 0; i < fa->resv_kept; i++) {
        const struct frame_resv *r = &fa->resv[i];
        pr_info("  [%#014llx-%#014llx) %s\n", (unsigned long long)r->base,
                (unsigned long long)(r->base + r->len), r->owner);
    }
    pr_info("frame: total %llu free %llu used %llu reserved %llu frames (4 KiB)\n",
            (unsigned long long)fa->total, (unsigned long long)fa->free,
            (unsigned long long)fa->used, (unsigned long long)fa->reserved);
}
