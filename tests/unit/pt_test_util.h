/* Host helpers for page-table tests and the fuzzer: a counting page allocator
 * backed by aligned_alloc (pa == pointer value) with failure injection, and a
 * snapshot of all leaves to compare tables before and after an operation. */
#ifndef PT_TEST_UTIL_H
#define PT_TEST_UTIL_H
#include "core/mm/pgtable.h"

struct pt_test_alloc {
    size_t live;       /* pages handed out and not yet freed */
    size_t allocs;     /* successful allocations so far */
    long budget;       /* allocations still allowed; < 0 = unlimited */
};

/* Fills *out with callbacks that use *a as context. */
void pta_init(struct pt_test_alloc *a, struct pt_alloc *out);

struct pt_leaf_rec {
    uint64_t va, size;
    struct pt_mapping m;
};

struct pt_snapshot {
    size_t n, cap;
    struct pt_leaf_rec *leaf;
};

/* Records every leaf (aborts the process on malloc failure). */
void pt_snapshot_take(const struct pt *pt, struct pt_snapshot *s);
bool pt_snapshot_equal(const struct pt_snapshot *a, const struct pt_snapshot *b);
void pt_snapshot_free(struct pt_snapshot *s);
/* Number of leaves of the given level in the snapshot. */
size_t pt_snapshot_count(const struct pt_snapshot *s, unsigned level);

#endif
