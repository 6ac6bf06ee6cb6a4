/* Host-only helpers for page-table tests (libc allowed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pt_test_util.h"

static uint64_t pta_alloc(void *ctx)
{
    struct pt_test_alloc *a = ctx;
    if (a->budget == 0)
        return 0;
    void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    if (!p)
        return 0;
    memset(p, 0, PAGE_SIZE);
    if (a->budget > 0)
        a->budget--;
    a->live++;
    a->allocs++;
    return (uint64_t)(uintptr_t)p;
}

static void pta_free(void *ctx, uint64_t pa)
{
    struct pt_test_alloc *a = ctx;
    a->live--;
    free((void *)(uintptr_t)pa);
}

static void *pta_virt(void *ctx, uint64_t pa)
{
    (void)ctx;
    return (void *)(uintptr_t)pa;
}

void pta_init(struct pt_test_alloc *a, struct pt_alloc *out)
{
    *a = (struct pt_test_alloc){ .budget = -1 };
    *out = (struct pt_alloc){ pta_alloc, pta_free, pta_virt, a };
}

static int record(void *ctx, uint64_t va, uint64_t size, const struct pt_mapping *m)
{
    struct pt_snapshot *s = ctx;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->leaf = realloc(s->leaf, s->cap * sizeof *s->leaf);
        if (!s->leaf) {
            perror("realloc");
            abort();
        }
    }
    s->leaf[s->n++] = (struct pt_leaf_rec){ va, size, *m };
    return 0;
}

void pt_snapshot_take(const struct pt *pt, struct pt_snapshot *s)
{
    *s = (struct pt_snapshot){ 0 };
    pt_for_each_leaf(pt, record, s);
}

bool pt_snapshot_equal(const struct pt_snapshot *a, const struct pt_snapshot *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        const struct pt_leaf_rec *x = &a->leaf[i], *y = &b->leaf[i];
        if (x->va != y->va || x->size != y->size || x->m.pa != y->m.pa ||
            x->m.perms != y->m.perms || x->m.memtype != y->m.memtype || x->m.level != y->m.level)
            return false;
    }
    return true;
}

void pt_snapshot_free(struct pt_snapshot *s)
{
    free(s->leaf);
    *s = (struct pt_snapshot){ 0 };
}

size_t pt_snapshot_count(const struct pt_snapshot *s, unsigned level)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->leaf[i].m.level == level;
    return n;
}
