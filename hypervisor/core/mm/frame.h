/* Physical frame allocator: owns every usable 4 KiB frame of RAM.
 *
 * Two bitmaps over [0, max_pa), storage provided by the caller
 * (frame_bitmap_words() words), give each frame one of four states:
 *
 *   free_map  alloc_map  state
 *      0         0       absent    not RAM (hole, MMIO, beyond the memory map)
 *      1         0       free      usable, can be handed out
 *      0         1       used      handed out by frame_alloc*()
 *      1         1       reserved  usable RAM withdrawn by frame_reserve()
 *
 * Two bits are needed because frame_free() must tell a legitimate free (used)
 * from a double free (free) and from freeing the kernel image (reserved).
 *
 * Setup order: frame_init(); frame_add_free() for every available memory-map
 * range; then frame_reserve() for what is in use (first 1 MiB, kernel image,
 * modules, MB2 info, the bitmap itself, AP trampoline). The first reservation
 * or allocation seals the memory map: a later frame_add_free() is refused
 * (QV_ERR_STATE), so a reservation can never be undone by adding RAM after it.
 * Frame 0 is never made available (0 is the failure value of frame_alloc).
 *
 * Counters (frames): total = usable RAM added, free + used + reserved == total.
 *
 * Not locked: the kernel serialises calls with its own spinlock. Misuse
 * (double free, freeing reserved or non-RAM frames, reserving used frames) is
 * detected, logged with pr_err, counted in `errors`, and changes nothing.
 */
#ifndef QV_CORE_MM_FRAME_H
#define QV_CORE_MM_FRAME_H
#include "lib/types.h"

#define FRAME_MAX_RESV 32 /* labelled reservations kept for the report */
#define FRAME_OWNER_MAX 24

struct frame_resv {
    uint64_t base, len; /* as requested (not rounded) */
    char owner[FRAME_OWNER_MAX];
};

struct frame_stats {
    uint64_t total, free, used, reserved; /* frames */
};

struct frame_alloc {
    uint64_t *free_map; /* first half of the caller's storage */
    uint64_t *alloc_map; /* second half */
    size_t map_words; /* words per map */
    uint64_t nframes; /* frames covered: max_pa / 4 KiB */
    uint64_t total, free, used, reserved;
    size_t hint; /* word where the next search starts (next fit) */
    bool sealed; /* memory map closed: no more frame_add_free */
    uint64_t errors; /* detected misuse */
    uint32_t resv_count; /* frame_reserve calls (all) */
    uint32_t resv_kept; /* entries in resv[] */
    struct frame_resv resv[FRAME_MAX_RESV];
};

/* Storage, in uint64_t words, that frame_init needs for [0, max_pa). */
size_t frame_bitmap_words(uint64_t max_pa);

/* Everything starts absent. Returns QV_ERR_NOSPC if bitmap_words is smaller
 * than frame_bitmap_words(max_pa), QV_ERR_INVAL for a NULL storage. */
int frame_init(struct frame_alloc *fa, uint64_t max_pa, uint64_t *bitmap_storage,
               size_t bitmap_words);

/* Mark usable RAM [base, base+len) free. Partial frames at both ends are
 * excluded; frames beyond max_pa are ignored; frames already known keep their
 * state. QV_ERR_STATE once sealed. */
int frame_add_free(struct frame_alloc *fa, uint64_t base, uint64_t len);

/* Withdraw [base, base+len) (rounded out to whole frames) from allocation and
 * record it under `owner` for frame_dump_reservations(). Absent frames stay
 * absent, reserved ones stay reserved. If any frame in the range is used,
 * returns QV_ERR_BUSY and changes nothing. Seals the memory map. */
int frame_reserve(struct frame_alloc *fa, uint64_t base, uint64_t len, const char *owner);

/* One frame, contents undefined / zeroed. 0 on exhaustion. */
uint64_t frame_alloc(struct frame_alloc *fa);
uint64_t frame_alloc_zeroed(struct frame_alloc *fa);

/* npages contiguous frames whose first frame number is a multiple of
 * align_pages (a power of two; 0 means 1), e.g. 512 for a 2 MiB page.
 * Not zeroed. 0 on failure. */
uint64_t frame_alloc_contig(struct frame_alloc *fa, size_t npages, size_t align_pages);

/* Return npages frames starting at page-aligned pa. Every frame must be used;
 * otherwise QV_ERR_STATE (double free), QV_ERR_PERM (reserved), QV_ERR_INVAL
 * (unaligned, not RAM, out of range) and nothing is freed. */
int frame_free(struct frame_alloc *fa, uint64_t pa, size_t npages);

void frame_stats(const struct frame_alloc *fa, struct frame_stats *out);

/* printk the labelled reservations and the counters (LOG_INFO). */
void frame_dump_reservations(const struct frame_alloc *fa);

#endif
