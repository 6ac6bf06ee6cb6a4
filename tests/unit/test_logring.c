/* core/log/logring.c: retention, wrap-around at a line boundary. */
#include <stdlib.h>
#include <string.h>
#include "qtest.h"
#include "core/log/logring.h"

struct sink { char *buf; size_t len; };
static void out(const char *s, size_t n, void *ctx)
{
    struct sink *k = ctx;
    memcpy(k->buf + k->len, s, n);
    k->len += n;
}

QTEST(logring_keeps_everything_before_wrap)
{
    static struct logring r;
    memset(&r, 0, sizeof r);
    logring_write(&r, "one\n", 4);
    logring_write(&r, "two\n", 4);
    char buf[64];
    struct sink k = { buf, 0 };
    logring_replay(&r, out, &k);
    QCHECK_EQ(k.len, 8);
    QCHECK_MEM(buf, "one\ntwo\n", 8);
}

QTEST(logring_wraps_at_line_boundary)
{
    static struct logring r;
    memset(&r, 0, sizeof r);
    char line[100];
    /* 1000 numbered lines of 100 bytes: more than the ring holds. */
    for (int i = 0; i < 1000; i++) {
        memset(line, 'x', sizeof line);
        snprintf(line, sizeof line, "%04d", i);
        line[4] = ' ';
        line[99] = '\n';
        logring_write(&r, line, sizeof line);
    }
    char *buf = malloc(LOGRING_SIZE + 1);
    struct sink k = { buf, 0 };
    logring_replay(&r, out, &k);
    QCHECK(k.len <= LOGRING_SIZE);
    QCHECK(k.len > LOGRING_SIZE - 100);
    QCHECK_EQ(k.len % 100, 0);          /* only whole lines */
    QCHECK(memcmp(buf + k.len - 100, "0999 ", 5) == 0); /* newest last */
    int first = atoi(buf);
    QCHECK_EQ(first, 1000 - (int)(k.len / 100));
    free(buf);
}
