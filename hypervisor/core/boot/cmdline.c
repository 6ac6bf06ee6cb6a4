/* Kernel command-line parser: tokenizer, per-parameter validators, and the
 * validate-then-commit driver. See cmdline.h and docs/cmdline.md. */
#include "core/boot/cmdline.h"
#include "lib/errors.h"
#include "lib/printf.h"
#include "lib/string.h"

/* One token: key and optional value, as slices of the input (not terminated). */
struct tok {
    const char *key;
    size_t klen;
    const char *val;
    size_t vlen;
    bool has_val;
};

/* Error output shared by the helpers; values are clipped so a hostile line
 * cannot flood the log. */
struct errbuf {
    char *buf;
    size_t len;
};

static int err_kv(struct errbuf *e, int code, const struct tok *t, const char *why)
{
    if (e->len) {
        if (t->has_val)
            qv_snprintf(e->buf, e->len, "%.*s=%.*s: %s", (int)MIN(t->klen, 32u), t->key,
                        (int)MIN(t->vlen, 40u), t->val, why);
        else
            qv_snprintf(e->buf, e->len, "%.*s: %s", (int)MIN(t->klen, 32u), t->key, why);
    }
    return code;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Read the token starting at *pp (non-blank). Advances *pp past it. */
static int next_token(const char **pp, struct tok *t, struct errbuf *e)
{
    const char *p = *pp;
    *t = (struct tok){ .key = p };
    while (*p && !is_blank(*p) && *p != '=') {
        if (*p == '"') {
            t->klen = (size_t)(p - t->key) + 1;
            return err_kv(e, QV_ERR_CORRUPT, t, "quote in parameter name");
        }
        p++;
    }
    t->klen = (size_t)(p - t->key);
    if (t->klen == 0) {
        if (e->len)
            qv_snprintf(e->buf, e->len, "empty parameter name before '='");
        return QV_ERR_CORRUPT;
    }
    if (*p == '=') {
        p++;
        t->has_val = true;
        if (*p == '"') {
            /* Quoted value: everything up to the closing quote, blanks included. */
            t->val = ++p;
            while (*p && *p != '"')
                p++;
            t->vlen = (size_t)(p - t->val);
            if (*p != '"')
                return err_kv(e, QV_ERR_CORRUPT, t, "missing closing quote");
            p++;
            if (*p && !is_blank(*p))
                return err_kv(e, QV_ERR_CORRUPT, t, "text after closing quote");
        } else {
            t->val = p;
            while (*p && !is_blank(*p)) {
                if (*p == '"') {
                    t->vlen = (size_t)(p - t->val) + 1;
                    return err_kv(e, QV_ERR_CORRUPT, t, "quote inside unquoted value");
                }
                p++;
            }
            t->vlen = (size_t)(p - t->val);
        }
    }
    *pp = p;
    return QV_OK;
}

static bool key_is(const struct tok *t, const char *name)
{
    size_t n = strlen(name);
    return t->klen == n && memcmp(t->key, name, n) == 0;
}

static bool val_is(const struct tok *t, const char *v)
{
    size_t n = strlen(v);
    return t->vlen == n && memcmp(t->val, v, n) == 0;
}

/* Decimal number in [lo, hi]; no sign, no base prefixes, no empty string. */
static int parse_uint(const struct tok *t, uint32_t lo, uint32_t hi, uint32_t *out,
                      struct errbuf *e)
{
    uint64_t v = 0;
    if (t->vlen == 0)
        return err_kv(e, QV_ERR_INVAL, t, "empty value, expected a number");
    for (size_t i = 0; i < t->vlen; i++) {
        char c = t->val[i];
        if (c < '0' || c > '9')
            return err_kv(e, QV_ERR_INVAL, t, "not a decimal number");
        v = v * 10 + (uint64_t)(c - '0');
        if (v > hi)
            break; /* out of range already; also stops overflow */
    }
    if (v < lo || v > hi) {
        char why[48];
        qv_snprintf(why, sizeof why, "out of range %u..%u", lo, hi);
        return err_kv(e, QV_ERR_RANGE, t, why);
    }
    *out = (uint32_t)v;
    return QV_OK;
}

/* Size with an optional K/M/G suffix (powers of 1024, product.md "Sizes"),
 * a multiple of 4 KiB in [lo, hi]. */
static int parse_size(const struct tok *t, uint64_t lo, uint64_t hi, uint64_t *out,
                      struct errbuf *e)
{
    uint64_t v = 0;
    size_t n = t->vlen, i;
    if (n == 0)
        return err_kv(e, QV_ERR_INVAL, t, "empty value, expected a size like 128M");
    unsigned shift = 0;
    char last = t->val[n - 1];
    if (last == 'K' || last == 'k') shift = 10, n--;
    else if (last == 'M' || last == 'm') shift = 20, n--;
    else if (last == 'G' || last == 'g') shift = 30, n--;
    if (n == 0)
        return err_kv(e, QV_ERR_INVAL, t, "missing number before the size suffix");
    for (i = 0; i < n; i++) {
        char c = t->val[i];
        if (c < '0' || c > '9')
            return err_kv(e, QV_ERR_INVAL, t, "not a size (digits with an optional K, M or G)");
        v = v * 10 + (uint64_t)(c - '0');
        if (v > (hi >> shift))
            return err_kv(e, QV_ERR_RANGE, t, "size too large");
    }
    v <<= shift;
    if (v < lo || v > hi)
        return err_kv(e, QV_ERR_RANGE, t, "size out of range");
    if (v & 0xfff)
        return err_kv(e, QV_ERR_INVAL, t, "size must be a multiple of 4 KiB");
    *out = v;
    return QV_OK;
}

static void note_unknown(struct qv_cmdline *c, const struct tok *t)
{
    if (c->unknown_count < CMDLINE_MAX_UNKNOWN) {
        char *dst = c->unknown[c->unknown_count];
        size_t n = MIN(t->klen, (size_t)CMDLINE_UNKNOWN_NAME_MAX - 1);
        memcpy(dst, t->key, n);
        dst[n] = '\0';
    }
    c->unknown_count++;
}

static int need_value(const struct tok *t, struct errbuf *e)
{
    return t->has_val ? QV_OK : err_kv(e, QV_ERR_INVAL, t, "needs a value");
}

/* Apply one token to the private copy `c`. */
static int apply(struct qv_cmdline *c, const struct tok *t, struct errbuf *e)
{
    uint32_t v;
    int rc;

    if (key_is(t, "loglevel")) {
        if ((rc = need_value(t, e)) || (rc = parse_uint(t, 0, 7, &v, e)))
            return rc;
        c->loglevel = (uint8_t)v;
    } else if (key_is(t, "maxcpus")) {
        if ((rc = need_value(t, e)) || (rc = parse_uint(t, 1, CMDLINE_MAX_CPUS, &v, e)))
            return rc;
        c->maxcpus = v;
    } else if (key_is(t, "nosmp")) {
        if (t->has_val)
            return err_kv(e, QV_ERR_INVAL, t, "takes no value");
        c->nosmp = true;
    } else if (key_is(t, "sched")) {
        if ((rc = need_value(t, e)))
            return rc;
        if (val_is(t, "credit"))
            c->sched = QV_SCHED_CREDIT;
        else if (val_is(t, "credit2"))
            c->sched = QV_SCHED_CREDIT2;
        else if (val_is(t, "rtds"))
            c->sched = QV_SCHED_RTDS;
        else
            return err_kv(e, QV_ERR_INVAL, t, "expected credit, credit2 or rtds");
    } else if (key_is(t, "guest_mem")) {
        uint64_t sz = 0;
        if ((rc = need_value(t, e)) || (rc = parse_size(t, CMDLINE_GUEST_MEM_MIN,
                                                       CMDLINE_GUEST_MEM_MAX, &sz, e)))
            return rc;
        c->guest_mem = sz;
    } else if (key_is(t, "linux_vms")) {
        if ((rc = need_value(t, e)) || (rc = parse_uint(t, 1, 2, &v, e)))
            return rc;
        c->linux_vms = v;
    } else if (key_is(t, "virtio_packed")) {
        if ((rc = need_value(t, e)) || (rc = parse_uint(t, 0, 1, &v, e)))
            return rc;
        c->no_packed = v == 0;
    } else if (key_is(t, "exit_on_end") || key_is(t, "vcon_echo")) {
        if (t->has_val)
            return err_kv(e, QV_ERR_INVAL, t, "takes no value");
        if (key_is(t, "vcon_echo"))
            c->vcon_echo = true;
        else
            c->exit_on_end = true;
    } else if (key_is(t, "guest_smp")) {
        if ((rc = need_value(t, e)) || (rc = parse_uint(t, 1, CMDLINE_GUEST_SMP_MAX, &v, e)))
            return rc;
        c->guest_smp = v;
    } else if (key_is(t, "test")) {
        if ((rc = need_value(t, e)))
            return rc;
        if (t->vlen >= CMDLINE_TEST_MAX)
            return err_kv(e, QV_ERR_RANGE, t, "scenario name longer than 31 characters");
        for (size_t i = 0; i < t->vlen; i++) {
            char ch = t->val[i];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
                return err_kv(e, QV_ERR_INVAL, t, "scenario name allows only [a-z0-9_-]");
        }
        memcpy(c->test, t->val, t->vlen);
        c->test[t->vlen] = '\0';
    } else {
        note_unknown(c, t);
    }
    return QV_OK;
}

void cmdline_defaults(struct qv_cmdline *out)
{
    memset(out, 0, sizeof *out);
    out->loglevel = 6; /* LOG_INFO */
    out->sched = QV_SCHED_CREDIT2;
    out->maxcpus = CMDLINE_MAX_CPUS;
    out->guest_mem = CMDLINE_GUEST_MEM_DEFAULT;
    out->guest_smp = 1;
    out->linux_vms = 1;
}

int cmdline_parse(const char *s, struct qv_cmdline *out, char *err, size_t errlen)
{
    struct errbuf e = { err, errlen };
    struct qv_cmdline c;

    if (errlen)
        err[0] = '\0';
    cmdline_defaults(&c);
    if (!s)
        s = "";
    if (strnlen(s, CMDLINE_MAX_LEN + 1) > CMDLINE_MAX_LEN) {
        if (errlen)
            qv_snprintf(err, errlen, "command line longer than %u characters",
                        (unsigned)CMDLINE_MAX_LEN);
        return QV_ERR_RANGE;
    }

    bool first = true;
    for (const char *p = s;;) {
        while (is_blank(*p))
            p++;
        if (!*p)
            break;
        if (first) {
            /* Loaders prepend the image path (platform.md: QEMU -kernel). */
            const char *q = p;
            bool slash = false, eq = false;
            for (; *q && !is_blank(*q); q++) {
                slash |= *q == '/';
                eq |= *q == '=';
            }
            first = false;
            if (slash && !eq) {
                c.image_skipped = true;
                p = q;
                continue;
            }
        }
        struct tok t;
        int rc = next_token(&p, &t, &e);
        if (!rc)
            rc = apply(&c, &t, &e);
        if (rc)
            return rc;
    }
    /* nosmp means one CPU whatever maxcpus says, in any order. */
    if (c.nosmp)
        c.maxcpus = 1;
    *out = c;
    return QV_OK;
}

const char *cmdline_sched_name(enum qv_sched_kind k)
{
    switch (k) {
    case QV_SCHED_CREDIT:
        return "credit";
    case QV_SCHED_CREDIT2:
        return "credit2";
    case QV_SCHED_RTDS:
        return "rtds";
    }
    return "?";
}
