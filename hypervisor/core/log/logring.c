/* Byte ring of log text; see logring.h. Pure logic (host-tested). */
#include "core/log/logring.h"

void logring_write(struct logring *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        r->buf[(r->head + i) % LOGRING_SIZE] = s[i];
    r->head += n;
}

void logring_replay(const struct logring *r, void (*out)(const char *, size_t, void *), void *ctx)
{
    uint64_t start = r->head > LOGRING_SIZE ? r->head - LOGRING_SIZE : 0;
    if (start) { /* the oldest line is cut: skip to the next whole line */
        while (start < r->head && r->buf[start % LOGRING_SIZE] != '\n')
            start++;
        start++;
    }
    while (start < r->head) {
        uint64_t off = start % LOGRING_SIZE;
        uint64_t chunk = MIN(r->head - start, LOGRING_SIZE - off);
        out(&r->buf[off], chunk, ctx);
        start += chunk;
    }
}
