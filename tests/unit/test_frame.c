/* Frame allocator over fake "physical" memory: an anonymous mapping placed at a
 * low address so a bitmap covering [0, end of mapping) stays small (identity
 * phys_to_virt then works on the host exactly as in the kernel). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "qtest.h"
#include "core/mm/frame.h"
#include "core/mm/phys.h"
#include "lib/errors.h"

#define FAKE_SIZE MiB(64)
#define FAKE_FRAMES (FAKE_SIZE / PAGE_SIZE)

static uint8_t *fake;
static uint64_t B; /* "physical" base of the fake memory */
static uint64_t *bitmap;
static struct frame_alloc fa;

static void setup(void)
{
    if (!fake) {
        /* Low addresses keep the bitmap small; B must be 2 MiB aligned for the
         * alignment tests. Any free hint in the low 2 GiB works. */
        static const uint64_t hints[] = { 0x40000000, 0x50000000, 0x20000000, 0x60000000 };
        for (size_t i = 0; i < ARRAY_SIZE(hints) && !fake; i++) {
            void *p = mmap((void *)(uintptr_t)hints[i], FAKE_SIZE, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == (void *)(uintptr_t)hints[i])
                fake = p;
            else if (p != MAP_FAILED)
                munmap(p, FAKE_SIZE);
        }
        if (!fake) {
            fprintf(stderr, "cannot map fake physical memory at a low address\n");
            abort();
        }
        B = virt_to_phys(fake);
        bitmap = malloc(frame_bitmap_words(B + FAKE_SIZE) * sizeof(uint64_t));
    }
    QCHECK_EQ(frame_init(&fa, B + FAKE_SIZE, bitmap, frame_bitmap_words(B + FAKE_SIZE)), QV_OK);
}

static void check_counters(uint64_t total, uint64_t free, uint64_t used, uint64_t reserved)
{
    struct frame_stats s;
    frame_stats(&fa, &s);
    QCHECK_EQ(s.total, total);
    QCHECK_EQ(s.free, free);
    QCHECK_EQ(s.used, used);
    QCHECK_EQ(s.reserved, reserved);
    QCHECK_EQ(s.free + s.used + s.reserved, s.total);
}

static bool in(uint64_t pa, uint64_t base, uint64_t len)
{
    return pa >= base && pa < base + len;
}

QTEST(frame_init_checks)
{
    uint64_t small[2];
    QCHECK_EQ(frame_bitmap_words(MiB(4)), 2 * 16);
    QCHECK_EQ(frame_bitmap_words(MiB(4) + 1), 2 * 16);
    QCHECK_EQ(frame_bitmap_words(MiB(4) + PAGE_SIZE), 2 * 17);
    QCHECK_EQ(frame_init(&fa, MiB(4), small, 2), QV_ERR_NOSPC);
    QCHECK_EQ(frame_init(&fa, MiB(4), NULL, 100), QV_ERR_INVAL);
    QCHECK_EQ(frame_init(&fa, KiB(256), small, 2), QV_OK);
    check_counters(0, 0, 0, 0);
    QCHECK_EQ(frame_alloc(&fa), 0);
}

/* Frame 0 is never handed out even if the memory map says it is RAM. The
 * addresses are never dereferenced here (no zeroing). */
QTEST(frame_zero_never_allocated)
{
    uint64_t bm[2];
    QCHECK_EQ(frame_init(&fa, KiB(64), bm, 2), QV_OK);
    QCHECK_EQ(frame_add_free(&fa, 0, KiB(64)), QV_OK);
    check_counters(15, 15, 0, 0);
    int got = 0;
    for (uint64_t pa; (pa = frame_alloc(&fa)) != 0; got++)
        QCHECK(pa >= PAGE_SIZE && pa < KiB(64));
    QCHECK_EQ(got, 15);
    check_counters(15, 0, 15, 0);
}

QTEST(frame_map_with_holes_exhaustion)
{
    setup();
    /* Partial frames at the ends are not usable: [B+0x800, B+0x10800) -> 15 frames. */
    QCHECK_EQ(frame_add_free(&fa, B + 0x800, 0x10000), QV_OK);
    QCHECK_EQ(frame_add_free(&fa, B + MiB(1), MiB(1)), QV_OK);
    QCHECK_EQ(frame_add_free(&fa, B + MiB(3), MiB(2)), QV_OK);
    QCHECK_EQ(frame_add_free(&fa, B + MiB(3), MiB(1)), QV_OK); /* overlap: no double count */
    QCHECK_EQ(frame_add_free(&fa, B + MiB(63) + 1, PAGE_SIZE), QV_OK); /* no whole frame */
    QCHECK_EQ(frame_add_free(&fa, B + FAKE_SIZE - PAGE_SIZE, MiB(100)), QV_OK); /* clipped */
    uint64_t n = 15 + 256 + 512 + 1;
    check_counters(n, n, 0, 0);

    static uint8_t seen[FAKE_FRAMES];
    memset(seen, 0, sizeof seen);
    uint64_t got = 0, bad = 0, dup = 0;
    for (uint64_t pa; (pa = frame_alloc(&fa)) != 0; got++) {
        bool ok = (pa >= B + 0x1000 && pa < B + 0x10000) || in(pa, B + MiB(1), MiB(1)) ||
                  in(pa, B + MiB(3), MiB(2)) || pa == B + FAKE_SIZE - PAGE_SIZE;
        bad += !ok || !IS_ALIGNED(pa, PAGE_SIZE);
        if (ok) {
            dup += seen[(pa - B) / PAGE_SIZE];
            seen[(pa - B) / PAGE_SIZE] = 1;
        }
    }
    QCHECK_EQ(got, n);
    QCHECK_EQ(bad, 0);
    QCHECK_EQ(dup, 0);
    check_counters(n, 0, n, 0);
    QCHECK_EQ(frame_alloc_contig(&fa, 1, 1), 0);
}

QTEST(frame_reservations)
{
    setup();
    QCHECK_EQ(frame_add_free(&fa, B, MiB(4)), QV_OK);
    check_counters(1024, 1024, 0, 0);
    /* Rounded outwards: [B+0x1800, B+0x2001) covers frames 1 and 2. */
    QCHECK_EQ(frame_reserve(&fa, B + 0x1800, 0x801, "kernel"), QV_OK);
    check_counters(1024, 1022, 0, 2);
    QCHECK_EQ(frame_reserve(&fa, B + 0x1000, 0x3000, "overlap"), QV_OK); /* adds frame 3 */
    check_counters(1024, 1021, 0, 3);
    QCHECK_EQ(frame_reserve(&fa, B + MiB(4), MiB(1), "not-ram"), QV_OK); /* absent stays absent */
    check_counters(1024, 1021, 0, 3);
    QCHECK_EQ(frame_reserve(&fa, B + MiB(3), MiB(200), "clipped"), QV_OK);
    check_counters(1024, 765, 0, 259);
    QCHECK_EQ(fa.resv_kept, 4);
    QCHECK(strcmp(fa.resv[0].owner, "kernel") == 0);
    QCHECK_EQ(fa.resv[1].base, B + 0x1000);
    /* Sealed now: adding RAM later could undo reservations. */
    QCHECK_EQ(frame_add_free(&fa, B + MiB(5), MiB(1)), QV_ERR_STATE);
    check_counters(1024, 765, 0, 259);
    /* Nothing reserved is ever handed out. */
    uint64_t got = 0, bad = 0;
    for (uint64_t pa; (pa = frame_alloc(&fa)) != 0; got++)
        bad += in(pa, B + 0x1000, 0x3000) || !in(pa, B, MiB(3));
    QCHECK_EQ(got, 765);
    QCHECK_EQ(bad, 0);
    /* Reserving allocated memory is refused and changes nothing. */
    QCHECK_EQ(frame_reserve(&fa, B, MiB(1), "late"), QV_ERR_BUSY);
    check_counters(1024, 0, 765, 259);
    QCHECK_EQ(fa.resv_kept, 4);
    frame_dump_reservations(&fa);
}

QTEST(frame_reservation_list_limit)
{
    setup();
    frame_add_free(&fa, B, MiB(1));
    for (int i = 0; i < FRAME_MAX_RESV + 3; i++)
        QCHECK_EQ(frame_reserve(&fa, B + (uint64_t)i * PAGE_SIZE, PAGE_SIZE,
                                "a-very-long-owner-name-that-is-cut"), QV_OK);
    QCHECK_EQ(fa.resv_kept, FRAME_MAX_RESV);
    QCHECK_EQ(fa.resv_count, FRAME_MAX_RESV + 3);
    QCHECK_EQ(strlen(fa.resv[0].owner), FRAME_OWNER_MAX - 1);
    check_counters(256, 256 - FRAME_MAX_RESV - 3, 0, FRAME_MAX_RESV + 3);
}

QTEST(frame_contig_alignment)
{
    setup();
    /* B is 2 MiB aligned: [B+3M, B+5M) holds no aligned 2 MiB run, [B+8M, B+12M) two. */
    frame_add_free(&fa, B + MiB(3), MiB(2));
    frame_add_free(&fa, B + MiB(8), MiB(4));
    uint64_t pa = frame_alloc_contig(&fa, 512, 512);
    QCHECK(pa == B + MiB(8) || pa == B + MiB(10));
    QCHECK(IS_ALIGNED(pa, MiB(2)));
    uint64_t pb = frame_alloc_contig(&fa, 512, 512);
    QCHECK(pb != pa && (pb == B + MiB(8) || pb == B + MiB(10)));
    QCHECK_EQ(frame_alloc_contig(&fa, 512, 512), 0);
    QCHECK_EQ(frame_alloc_contig(&fa, 3, 3), 0); /* not a power of two */
    QCHECK_EQ(frame_alloc_contig(&fa, 0, 1), 0);
    check_counters(1536, 512, 1024, 0);
    /* Small aligned runs come from the remaining range. */
    uint64_t pc = frame_alloc_contig(&fa, 3, 8);
    QCHECK(in(pc, B + MiB(3), MiB(2)) && IS_ALIGNED(pc, 8 * PAGE_SIZE));
    /* A run may not cross a used frame: with everything else used, free pa's
     * 2 MiB and take one 1 MiB-aligned frame out of it. */
    while (frame_alloc(&fa))
        ;
    QCHECK_EQ(frame_free(&fa, pa, 512), QV_OK);
    check_counters(1536, 512, 1024, 0);
    uint64_t mid = frame_alloc_contig(&fa, 1, 256);
    QCHECK(mid == pa || mid == pa + MiB(1));
    QCHECK_EQ(frame_alloc_contig(&fa, 512, 512), 0);
    QCHECK(frame_alloc_contig(&fa, 256, 256) != 0);
    QCHECK_EQ(frame_alloc_contig(&fa, 256, 256), 0);
    QCHECK_EQ(frame_alloc_contig(&fa, 1000, 1), 0); /* more than free */
}

QTEST(frame_free_reuse_and_misuse)
{
    setup();
    frame_add_free(&fa, B, MiB(1));
    frame_reserve(&fa, B, PAGE_SIZE, "first");
    check_counters(256, 255, 0, 1);
    uint64_t a = frame_alloc(&fa), b = frame_alloc(&fa);
    QCHECK(a && b && a != b);
    check_counters(256, 253, 2, 1);
    QCHECK_EQ(frame_free(&fa, a, 1), QV_OK);
    check_counters(256, 254, 1, 1);
    uint64_t errs = fa.errors;
    QCHECK_EQ(frame_free(&fa, a, 1), QV_ERR_STATE); /* double free */
    QCHECK_EQ(frame_free(&fa, b, 2), QV_ERR_STATE); /* b used, b+1 free: nothing freed */
    QCHECK_EQ(frame_free(&fa, B, 1), QV_ERR_PERM); /* reserved */
    QCHECK_EQ(frame_free(&fa, B + MiB(2), 1), QV_ERR_INVAL); /* not RAM */
    QCHECK_EQ(frame_free(&fa, b + 8, 1), QV_ERR_INVAL); /* unaligned */
    QCHECK_EQ(frame_free(&fa, b, 0), QV_ERR_INVAL);
    QCHECK_EQ(frame_free(&fa, B + FAKE_SIZE, 1), QV_ERR_INVAL); /* beyond max_pa */
    QCHECK_EQ(frame_free(&fa, b, SIZE_MAX), QV_ERR_INVAL);
    QCHECK_EQ(fa.errors, errs + 8);
    check_counters(256, 254, 1, 1);
    QCHECK_EQ(frame_free(&fa, b, 1), QV_OK);
    check_counters(256, 255, 0, 1);
    /* Freed frames are handed out again once the hint wraps. */
    uint64_t n = 0;
    bool saw_a = false;
    for (uint64_t pa; (pa = frame_alloc(&fa)) != 0; n++)
        saw_a |= pa == a;
    QCHECK_EQ(n, 255);
    QCHECK(saw_a);
}

QTEST(frame_zeroed)
{
    setup();
    frame_add_free(&fa, B + MiB(1), PAGE_SIZE * 4);
    memset(fake + MiB(1), 0xcc, PAGE_SIZE * 4);
    uint64_t pa = frame_alloc_zeroed(&fa);
    QCHECK(in(pa, B + MiB(1), PAGE_SIZE * 4));
    static const uint8_t zero[PAGE_SIZE];
    QCHECK_MEM(phys_to_virt(pa), zero, PAGE_SIZE);
    /* Only the allocated frame was cleared. */
    uint64_t other = pa == B + MiB(1) ? pa + PAGE_SIZE : B + MiB(1);
    QCHECK_EQ(*(uint8_t *)phys_to_virt(other), 0xcc);
}

/* Random operations against a reference model that tracks each frame. */
enum { M_ABSENT, M_FREE, M_USED, M_RESV };

QTEST(frame_random_vs_model)
{
    enum { NF = 4096 };
    static uint8_t model[NF];
    static struct { uint64_t pa; size_t n; } live[NF];
    size_t nlive = 0;
    uint64_t bad_alloc = 0, bad_counts = 0, missed = 0;
    uint32_t seed = 12345;
#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 8))

    setup();
    memset(model, M_ABSENT, sizeof model);
    /* RAM in 7 chunks with holes; then a few reservations. */
    for (int i = 0; i < 7; i++) {
        uint64_t f0 = (uint64_t)i * 580 + 17, len = 400 + (uint64_t)i * 20;
        frame_add_free(&fa, B + f0 * PAGE_SIZE, len * PAGE_SIZE);
        for (uint64_t f = f0; f < f0 + len; f++)
            model[f] = M_FREE;
    }
    for (int i = 0; i < 5; i++) {
        uint64_t f0 = RND() % NF, len = 1 + RND() % 64;
        frame_reserve(&fa, B + f0 * PAGE_SIZE, len * PAGE_SIZE, "rnd");
        for (uint64_t f = f0; f < f0 + len && f < NF; f++)
            if (model[f] == M_FREE)
                model[f] = M_RESV;
    }
    for (int op = 0; op < 8000; op++) {
        unsigned r = RND() % 10;
        if (r < 6 && nlive < NF) {
            size_t n = r < 3 ? 1 : 1 + RND() % 16;
            size_t align = (size_t)1 << (RND() % 5);
            uint64_t pa = n == 1 && r < 3 ? frame_alloc(&fa) : frame_alloc_contig(&fa, n, align);
            if (!pa) {
                /* The model must agree nothing suitable exists (checked for n=1). */
                if (n == 1 && r < 3)
                    for (size_t f = 0; f < NF; f++)
                        missed += model[f] == M_FREE;
                continue;
            }
            uint64_t f0 = (pa - B) / PAGE_SIZE;
            if (n > 1 && (pa / PAGE_SIZE) % align)
                bad_alloc++;
            for (uint64_t f = f0; f < f0 + n; f++) {
                bad_alloc += f >= NF || model[f] != M_FREE;
                if (f < NF)
                    model[f] = M_USED;
            }
            live[nlive].pa = pa;
            live[nlive++].n = n;
        } else if (r < 9 && nlive) {
            size_t i = RND() % nlive;
            QCHECK_EQ(frame_free(&fa, live[i].pa, live[i].n), QV_OK);
            for (uint64_t f = (live[i].pa - B) / PAGE_SIZE, k = 0; k < live[i].n; k++)
                model[f + k] = M_FREE;
            live[i] = live[--nlive];
        } else {
            /* Misuse on a random frame must be refused unless it is used. */
            uint64_t f = RND() % NF;
            int rc = frame_free(&fa, B + f * PAGE_SIZE, 1);
            int want = model[f] == M_USED ? QV_OK
                     : model[f] == M_FREE ? QV_ERR_STATE
                     : model[f] == M_RESV ? QV_ERR_PERM
                                          : QV_ERR_INVAL;
            if (rc == QV_OK) {
                /* Freed one frame of a live block: split the bookkeeping. */
                model[f] = M_FREE;
                for (size_t i = 0; i < nlive; i++) {
                    uint64_t lf = (live[i].pa - B) / PAGE_SIZE;
                    if (f >= lf && f < lf + live[i].n) {
                        struct { uint64_t pa; size_t n; } a = { live[i].pa, f - lf },
                            b = { B + (f + 1) * PAGE_SIZE, lf + live[i].n - f - 1 };
                        live[i] = live[--nlive];
                        if (a.n) { live[nlive].pa = a.pa; live[nlive++].n = a.n; }
                        if (b.n) { live[nlive].pa = b.pa; live[nlive++].n = b.n; }
                        break;
                    }
                }
            }
            bad_counts += rc != want;
        }
        uint64_t cnt[4] = { 0 };
        for (size_t f = 0; f < NF; f++)
            cnt[model[f]]++;
        struct frame_stats s;
        frame_stats(&fa, &s);
        bad_counts += s.free != cnt[M_FREE] || s.used != cnt[M_USED] ||
                      s.reserved != cnt[M_RESV] ||
                      s.total != cnt[M_FREE] + cnt[M_USED] + cnt[M_RESV];
    }
    QCHECK_EQ(bad_alloc, 0);
    QCHECK_EQ(bad_counts, 0);
    QCHECK_EQ(missed, 0);
    QCHECK(nlive > 0);
#undef RND
}
