/* In-memory log ring: every printk line, whatever the console level, kept in
 * RAM so that a panic (or a debugger) can show what happened before it. */
#ifndef QV_CORE_LOGRING_H
#define QV_CORE_LOGRING_H
#include "lib/types.h"

#define LOGRING_SIZE 65536

struct logring {
    char buf[LOGRING_SIZE];
    uint64_t head; /* total bytes ever written; buf[head % size] is next */
};

void logring_write(struct logring *r, const char *s, size_t n);
/* Calls out(s, n, ctx) with the retained content, oldest first, starting at a
 * line boundary when the ring has wrapped. */
void logring_replay(const struct logring *r, void (*out)(const char *, size_t, void *), void *ctx);
#endif
